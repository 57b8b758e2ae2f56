#!/usr/bin/env bash
# Run the whole pytest suite under a virtual X server (after `scripts/setup.sh test`).
# Exit code is pytest's, except that "no tests collected" (5) counts as a failure.
# Extra arguments go to pytest: scripts/run-tests.sh tests/grammar -x
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
PY="$ROOT/.venv/bin/python"
[ -x "$PY" ] || { echo "error: .venv missing; run scripts/setup.sh test" >&2; exit 1; }

# A hung test must not eat CI's 90 minutes: per-test limit, and one for the run.
args=(-m pytest -p no:cacheprovider)
"$PY" -c 'import pytest_timeout' 2>/dev/null && args+=(--timeout="${TEST_TIMEOUT:-600}")
# Python 3.11.0-3.11.4 (Debian 12 ships 3.11.2) can crash pytest's own traceback
# formatting (CPython gh-106905, "AST constructor recursion depth mismatch").
"$PY" -c 'import sys; sys.exit(not (3, 11, 0) <= sys.version_info[:3] < (3, 11, 5))' && args+=(--tb=native)
run=(timeout --signal=TERM --kill-after=60 "${SUITE_TIMEOUT:-80m}" "$PY" "${args[@]}" "$@")

if command -v xvfb-run >/dev/null; then
  # -a picks a free display; the fixtures also start their own Xvfb when run bare.
  xvfb-run -a -s "-screen 0 1280x1024x24 -nolisten tcp" "${run[@]}"
else
  "${run[@]}"
fi
rc=$?
case $rc in
  5) echo "error: pytest collected no tests" >&2; exit 1 ;;
  124) echo "error: the test run exceeded ${SUITE_TIMEOUT:-80m}" >&2 ;;
esac
exit $rc
