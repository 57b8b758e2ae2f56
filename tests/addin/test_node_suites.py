"""Runs the add-in's node:test suites (tests/addin/js/*.test.mjs) so `make test`
covers them: the event handler in a bare JavaScript context with office-addin-mock,
and the shared case table against the on-device checks."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

JS = Path(__file__).with_name("js")


@pytest.fixture(scope="module")
def node() -> str:
    exe = shutil.which("node")
    if exe is None:
        pytest.fail("node is not installed (Debian: apt-get install nodejs npm)")
    if not (JS / "node_modules" / "office-addin-mock").is_dir():
        # The locked dev dependencies (office-addin-mock), as scripts/setup.sh would install them.
        npm = shutil.which("npm")
        if npm is None:
            pytest.fail("npm is not installed (Debian: apt-get install npm)")
        done = subprocess.run([npm, "ci", "--no-audit", "--no-fund"], cwd=JS, capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stderr[-2000:]
    return exe


@pytest.mark.parametrize("suite", sorted(p.name for p in JS.glob("*.test.mjs")))
def test_node_suite_passes(node, suite):
    done = subprocess.run([node, "--test", "--test-reporter=tap", suite], cwd=JS, capture_output=True, text=True, timeout=300)
    summary = [ln for ln in done.stdout.splitlines() if ln.startswith(("# tests", "# pass", "# fail"))]
    failed = [ln for ln in done.stdout.splitlines() if ln.lstrip().startswith("not ok")]
    assert done.returncode == 0 and not failed, "\n".join(summary + failed) + "\n" + done.stdout[-3000:] + done.stderr[-2000:]
    assert any(ln.startswith("# pass") and int(ln.split()[-1]) > 0 for ln in summary), done.stdout[-500:]
