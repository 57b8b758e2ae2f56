"""The command line loads only what the chosen command needs (lazy subcommands)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = REPO / "examples" / "teacher-to-parents.eml"
HEAVY = ("uvicorn", "starlette", "exchangelib", "language_tool_python", "assistant.server", "assistant.grammar",
         "assistant.mail.ews", "emulators", "webview")

PROBE = """
import json, sys
from click.testing import CliRunner
from assistant.cli import cli
result = CliRunner().invoke(cli, sys.argv[1:])
print(json.dumps({"exit": result.exit_code, "modules": sorted(sys.modules)}))
"""


def loaded_by(*args: str) -> tuple[int, set[str]]:
    out = subprocess.run([sys.executable, "-c", PROBE, *args], capture_output=True, text=True, timeout=120,
                         cwd=REPO, check=True).stdout
    data = json.loads(out.strip().splitlines()[-1])
    return data["exit"], set(data["modules"])


def heavy(modules: set[str]) -> list[str]:
    return sorted(m for m in modules if any(m == h or m.startswith(h + ".") for h in HEAVY))


def test_check_loads_no_server_mail_backend_or_grammar():
    code, modules = loaded_by("check", str(EXAMPLE))
    assert code == 2  # the example has errors: the check really ran
    assert heavy(modules) == []


def test_importing_the_cli_loads_no_command():
    code = "import json, sys, assistant.cli; print(json.dumps(sorted(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, cwd=REPO,
                         check=True).stdout
    modules = set(json.loads(out))
    assert heavy(modules) == [] and "assistant.core.check" not in modules and "assistant.commands.check" not in modules


def test_serve_is_loaded_when_asked_for():
    code, modules = loaded_by("serve", "--help")
    assert code == 0 and "uvicorn" in modules
