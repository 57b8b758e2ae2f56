"""How long the first command takes: a whole `mail-assistant check ONE.eml`
process against a whole `proselint check` process on the same text.

    python bench/cold_start.py [EML] [--runs N] [--dev-only]

What is measured is what a user gets from `pipx install` or `pip install`:

* The package as a real (non-editable) install: a wheel built from a copy of
  this checkout's files, installed with `pip --no-deps` into a throw-away venv
  whose dependencies are the dev venv's (a .pth file points at its
  site-packages). pip compiles the .pyc files at install, as for a user. The
  dev venv's editable install is not used for this figure: its import-hook
  finder (`__editable___..._finder`, loaded by a .pth at every start) costs a
  real install nothing.
* proselint runs under the same interpreter and site-packages (its script from
  the dev venv run by the throw-away venv's python), so both sides pay the same
  interpreter start.
* Both commands write to /dev/null, as from a script or a pre-send hook: `check`
  then takes its quick path (no click; assistant.commands.check_report), the
  same text click prints to a non-terminal.
* Parsed TOML comes from the user cache folder after the warm-up run (in the
  throw-away $MAIL_ASSISTANT_HOME; assistant.policy.datafile), as for a user
  from the second run on.
* The child processes run without PYTHONDONTWRITEBYTECODE, and a warm-up run of
  each command (not counted) writes any missing .pyc, so no run recompiles
  sources (a shell with that variable set would otherwise recompile ~40 modules
  per run in the dev tree).

Then, for comparison, the same pair in the dev venv itself (`.venv/bin/...`,
the editable install with its finder; skip with --no-dev). With --dev-only (no
wheel is built, e.g. offline: building needs setuptools from the package index)
only that pair is measured.

Steps:
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
import sysconfig
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

# Modules `check` has no use for (reported when they are imported anyway).
HEAVY = ("uvicorn", "starlette", "exchangelib", "language_tool_python", "assistant.server", "assistant.mail",
         "email.headerregistry", "httpx", "requests", "msal", "webview", "cryptography", "rich")


def _tool(name: str) -> str:
    """The command beside this interpreter (the venv's), else on PATH."""
    here = Path(sys.executable).with_name(name)
    found = str(here) if here.exists() else shutil.which(name)
    if not found:
        raise SystemExit(f"cold_start: `{name}` not found (install the dev extra)")
    return found


# Children run in the throw-away folder: `python -m`/`-c` put the working folder first on
# sys.path, and from the checkout that would import its sources instead of the install.
CWD = tempfile.gettempdir()


def _wall(cmd: list[str], env: dict[str, str]) -> float:
    t0 = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, check=False, cwd=CWD)
    return time.perf_counter() - t0


def _importtime(python: str, code: list[str], env: dict[str, str]) -> list[tuple[int, str]]:
    """(self µs, module) for each module the command imports."""
    out = subprocess.run([python, "-X", "importtime", *code], capture_output=True, text=True, env=env, cwd=CWD)
    rows = []
    for line in out.stderr.splitlines():
        if not line.startswith("import time:") or "self [us]" in line:
            continue
        self_us, _cumulative, name = line[len("import time:"):].split("|", 2)
        rows.append((int(self_us), name.strip()))
    return rows


def _run(cmd: list[str], **kw) -> None:
    r = subprocess.run(cmd, capture_output=True, text=True, **kw)
    if r.returncode:
        raise RuntimeError(f"{' '.join(cmd[:4])} ...: {(r.stderr or r.stdout).strip()[-500:]}")


def install_wheel(tmp: Path, env: dict[str, str]) -> Path:
    """A throw-away venv holding a wheel of this checkout (the python of it).

    The wheel is built from a copy of the checkout's files (tracked and new, not
    ignored ones), so building writes nothing into the checkout."""
    src, dist, venv = tmp / "src", tmp / "dist", tmp / "venv"
    files = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=ROOT,
                           capture_output=True, check=True).stdout.decode().split("\0")
    for name in filter(None, files):
        if (ROOT / name).is_file():
            (src / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, src / name)
    _run([sys.executable, "-m", "pip", "wheel", str(src), "--no-deps", "-q", "--disable-pip-version-check",
          "-w", str(dist)], env=env)
    wheel = next(dist.glob("*.whl"))
    _run([sys.executable, "-m", "venv", "--without-pip", str(venv)], env=env)
    python = venv / "bin" / "python"
    site = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                          capture_output=True, text=True, check=True, cwd=tmp).stdout.strip()
    # The dev venv's packages as the dependencies: a plain path line (its own .pth files,
    # such as the editable finder, are not read from a directory added this way).
    Path(site, "dev-venv-dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", "utf-8")
    _run([sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "-q",
          "--disable-pip-version-check", str(wheel)], env=env)
    return python


def compare(label: str, ours: list[str], peer: list[str], env: dict[str, str], runs: int) -> None:
    _wall(ours, env), _wall(peer, env)  # warm-up: file cache, and any .pyc not yet written
    a, b = [], []
    for _ in range(runs):
        a.append(_wall(ours, env))
        b.append(_wall(peer, env))
    ma, mb = statistics.median(a), statistics.median(b)
    print(label)
    print(f"  mail-assistant check   median {ma * 1000:7.1f} ms   (min {min(a) * 1000:.1f}, max {max(a) * 1000:.1f})")
    print(f"  proselint check        median {mb * 1000:7.1f} ms   (min {min(b) * 1000:.1f}, max {max(b) * 1000:.1f})")
    print(f"  ratio ours / proselint {ma / mb:7.2f}   (goal <= 1.0)")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("eml", nargs="?", type=Path, default=ROOT / "examples" / "teacher-to-parents.eml")
    ap.add_argument("--runs", type=int, default=11)
    ap.add_argument("--dev-only", action="store_true", help="measure only the dev venv (no wheel is built)")
    ap.add_argument("--no-dev", action="store_true", help="measure only the installed wheel")
    args = ap.parse_args()
    runs = max(9, args.runs)
    eml = args.eml.resolve()

    global CWD
    tmp = Path(tempfile.mkdtemp(prefix="cold-start-"))
    CWD = str(tmp)
    # What a user's shell has: .pyc files are read and written (a user's install has them).
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["MAIL_ASSISTANT_HOME"] = str(tmp / "home")
    text_file = tmp / (eml.stem + ".txt")
    text_file.write_text(_new_text(eml), "utf-8")
    dev_ours = [_tool("mail-assistant"), "check", str(eml)]
    dev_peer = [_tool("proselint"), "check", str(text_file)]
    try:
        print(f"file: {eml.name} ({len(text_file.read_text('utf-8').split())} words); {runs} alternating runs each; "
              "output to /dev/null; children without PYTHONDONTWRITEBYTECODE; .pyc and the TOML cache written "
              "by a warm-up run")
        python = sys.executable
        if not args.dev_only:
            t0 = time.perf_counter()
            python = str(install_wheel(tmp, env))
            print(f"(wheel built and installed in a throw-away venv in {time.perf_counter() - t0:.1f} s)")
            compare("installed wheel (non-editable, as pip/pipx install it; proselint under the same python):",
                    [str(Path(python).with_name("mail-assistant")), "check", str(eml)],
                    [python, dev_peer[0], "check", str(text_file)], env, runs)
        if args.dev_only or not args.no_dev:
            compare("dev venv (.venv: editable install, its import-hook finder loaded at every start):",
                    dev_ours, dev_peer, env, runs)

        where = "the installed wheel" if python != sys.executable else "the dev venv"
        sums = []
        for _ in range(runs):
            rows = _importtime(python, ["-c", "import assistant.cli"], env)
            sums.append((sum(us for us, _ in rows), rows))
        sums.sort(key=lambda s: s[0])
        total, rows = sums[len(sums) // 2]
        print(f'python -X importtime -c "import assistant.cli" ({where}): median of summed self times '
              f"{total / 1000:.1f} ms over {len(rows)} modules (goal <= 60 ms); slowest in that run:")
        for us, name in sorted(rows, reverse=True)[:8]:
            print(f"  {us / 1000:6.1f} ms  {name}")

        check_rows = _importtime(python, ["-m", "assistant", "check", str(eml)], env)
        names = {name for _, name in check_rows}
        heavy = sorted(n for n in names if any(n == h or n.startswith(h + ".") for h in HEAVY))
        print(f"`check` imports {len(names)} modules; of the ones it should not need: {', '.join(heavy) or 'none'}")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _new_text(eml: Path) -> str:
    """What `check` lints: the subject and the new text (quoted history left out)."""
    from assistant.core.content import parse
    from assistant.core.loaders import draft_from_bytes

    draft = draft_from_bytes(eml.read_bytes(), eml.suffix)
    return f"{draft.subject}\n\n{parse(draft).new_text}\n"


if __name__ == "__main__":
    main()
