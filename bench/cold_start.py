"""How long the first command takes: a whole `mail-assistant check ONE.eml`
process against a whole `proselint check` process on the same text.

    python bench/cold_start.py [EML] [--runs N]

1. Writes the new text of EML (default: examples/teacher-to-parents.eml) to a
   .txt file for proselint, the peer: the same words, its own input format.
2. Runs the two commands alternately (one warm-up each, not counted), N times
   each (default 11, at least 9), and prints the median wall time of each and
   the ratio ours / proselint's (goal: <= 1.0).
3. `python -X importtime -c "import assistant.cli"`, N times: the median of the
   summed self times (goal: <= 60 ms), and the slowest modules of the median run.
4. What `check` imports at start that it should not need: the server, the mail
   backend, LanguageTool, the email header registry (listed if present).

Runs in a throw-away settings folder ($MAIL_ASSISTANT_HOME) so a user's
settings never change what is measured. Wall times are noisy on a shared
machine: alternating runs and medians keep the two sides comparable.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

# Modules `check` has no use for (reported when they are imported anyway).
HEAVY = ("uvicorn", "starlette", "exchangelib", "language_tool_python", "assistant.server", "assistant.mail",
         "email.headerregistry", "httpx", "requests", "msal", "webview", "cryptography")


def _tool(name: str) -> str:
    """The command beside this interpreter (the venv's), else on PATH."""
    here = Path(sys.executable).with_name(name)
    found = str(here) if here.exists() else shutil.which(name)
    if not found:
        raise SystemExit(f"cold_start: `{name}` not found (install the dev extra)")
    return found


def _wall(cmd: list[str], env: dict[str, str]) -> float:
    t0 = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, check=False)
    return time.perf_counter() - t0


def _importtime(code: list[str], env: dict[str, str]) -> list[tuple[int, str]]:
    """(self µs, module) for each module the command imports."""
    out = subprocess.run([sys.executable, "-X", "importtime", *code], capture_output=True, text=True, env=env)
    rows = []
    for line in out.stderr.splitlines():
        if not line.startswith("import time:") or "self [us]" in line:
            continue
        self_us, _cumulative, name = line[len("import time:"):].split("|", 2)
        rows.append((int(self_us), name.strip()))
    return rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("eml", nargs="?", type=Path, default=ROOT / "examples" / "teacher-to-parents.eml")
    ap.add_argument("--runs", type=int, default=11)
    args = ap.parse_args()
    runs = max(9, args.runs)

    tmp = Path(tempfile.mkdtemp(prefix="cold-start-"))
    env = {**os.environ, "MAIL_ASSISTANT_HOME": str(tmp / "home")}
    text_file = tmp / (args.eml.stem + ".txt")
    text_file.write_text(_new_text(args.eml), "utf-8")
    ours = [_tool("mail-assistant"), "check", str(args.eml)]
    peer = [_tool("proselint"), "check", str(text_file)]

    _wall(ours, env), _wall(peer, env)  # warm-up: file cache, .pyc
    a, b = [], []
    for _ in range(runs):
        a.append(_wall(ours, env))
        b.append(_wall(peer, env))
    ma, mb = statistics.median(a), statistics.median(b)
    print(f"file: {args.eml.name} ({len(text_file.read_text('utf-8').split())} words); {runs} alternating runs each")
    print(f"  mail-assistant check   median {ma * 1000:7.1f} ms   (min {min(a) * 1000:.1f}, max {max(a) * 1000:.1f})")
    print(f"  proselint check        median {mb * 1000:7.1f} ms   (min {min(b) * 1000:.1f}, max {max(b) * 1000:.1f})")
    print(f"  ratio ours / proselint {ma / mb:7.2f}   (goal <= 1.0)")

    sums = []
    for _ in range(runs):
        rows = _importtime(["-c", "import assistant.cli"], env)
        sums.append((sum(us for us, _ in rows), rows))
    sums.sort(key=lambda s: s[0])
    total, rows = sums[len(sums) // 2]
    print(f'python -X importtime -c "import assistant.cli": median of summed self times {total / 1000:.1f} ms '
          f"over {len(rows)} modules (goal <= 60 ms); slowest in that run:")
    for us, name in sorted(rows, reverse=True)[:8]:
        print(f"  {us / 1000:6.1f} ms  {name}")

    check_rows = _importtime(["-m", "assistant", "check", str(args.eml)], env)
    names = {name for _, name in check_rows}
    heavy = sorted(n for n in names if any(n == h or n.startswith(h + ".") for h in HEAVY))
    print(f"`check` imports {len(names)} modules; of the ones it should not need: {', '.join(heavy) or 'none'}")
    shutil.rmtree(tmp, ignore_errors=True)


def _new_text(eml: Path) -> str:
    """What `check` lints: the subject and the new text (quoted history left out)."""
    from assistant.core.content import parse
    from assistant.core.loaders import draft_from_bytes

    draft = draft_from_bytes(eml.read_bytes(), eml.suffix)
    return f"{draft.subject}\n\n{parse(draft).new_text}\n"


if __name__ == "__main__":
    main()
