# make demo  - set up (venv + packages) and try the app on a demo mailbox
# make test  - set up everything the tests need, then run the whole suite
.PHONY: demo test setup setup-test languagetool doctor clean fresh-check

demo: setup
	bash scripts/demo.sh $(DEMO_ARGS)

test: setup-test
	bash scripts/run-tests.sh $(PYTEST_ARGS)

setup:
	bash scripts/setup.sh runtime

setup-test:
	bash scripts/setup.sh test

# Start a local LanguageTool for grammar hints (stop: scripts/languagetool.sh stop).
languagetool:
	bash scripts/languagetool.sh start

# The two commands in a minimal Debian 12 root built with debootstrap (root; takes minutes).
fresh-check:
	bash scripts/fresh-check.sh

doctor: setup
	.venv/bin/mail-assistant doctor

clean:
	rm -rf .venv .cache .pytest_cache build dist *.egg-info
