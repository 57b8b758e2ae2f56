"""The layering DESIGN.md draws, enforced with import-linter (contracts in .importlinter).

Adapters (CLI, HTTP, desktop window, add-in tools) sit over the one use-case layer
(assistant.app), which sits over the mail and grammar backends, over the rules and
the pure core, over policy and config. Nothing imports upward, and production code
reaches the emulators only on the demo path.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _lint(config: Path) -> subprocess.CompletedProcess[str]:
    exe = shutil.which("lint-imports", path=str(Path(sys.executable).parent)) or "lint-imports"
    return subprocess.run([exe, "--config", str(config), "--no-cache"], cwd=ROOT, capture_output=True,
                          text=True, timeout=300)


def test_the_layer_contracts_are_kept() -> None:
    done = _lint(ROOT / ".importlinter")
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]
    assert "Contracts: 2 kept, 0 broken." in done.stdout


def test_an_upward_import_breaks_the_contract(tmp_path: Path) -> None:
    # The same contracts with the core placed above the app layer: the real imports
    # of the app into the core then break it (the check can fail).
    text = (ROOT / ".importlinter").read_text()
    upside_down = text.replace("    assistant.app\n", "", 1).replace(
        "    assistant.rules : assistant.core\n", "    assistant.rules : assistant.core\n    assistant.app\n")
    assert upside_down != text
    config = tmp_path / "upside-down.ini"
    config.write_text(upside_down)
    done = _lint(config)
    assert done.returncode != 0
    assert "BROKEN" in done.stdout
