"""LanguageTool client choice: plain HTTP (assistant.grammar.GrammarChecker) vs language_tool_python.

Starts a LanguageTool server on 127.0.0.1 (scripts/languagetool.sh fetch first), then
prints, for each client, the import time (fresh interpreter, median) and the round
trip of one uncached check of a short paragraph (median), and the ratios.

    .venv/bin/python bench/grammar_client.py [--runs 40]

The check round trip is LanguageTool's time either way (ratio ~1.0, within the noise
of a shared machine); the import differs by tens of milliseconds. The choice rests on
the rest: real timeouts, no private attributes, no class-level offset state and no
lock around every check.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

TEXT = "This are a sentense with two mistake. Their is more to say about it, said the teacher."


def import_ms(module: str, runs: int) -> float:
    code = f"import time; t = time.perf_counter(); import {module}; print(time.perf_counter() - t)"
    times = [float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout)
             for _ in range(runs)]
    return statistics.median(times) * 1000


def round_trips_ms(clients: dict, runs: int) -> dict[str, tuple[float, int]]:
    """Median round trip per client, runs interleaved so load on the machine hits both alike."""
    found = {name: len(check()) for name, check in clients.items()}  # warm: connection, server caches
    times: dict[str, list[float]] = {name: [] for name in clients}
    for _ in range(runs):
        for name, check in clients.items():
            t = time.perf_counter()
            check()
            times[name].append(time.perf_counter() - t)
    return {name: (statistics.median(ts) * 1000, found[name]) for name, ts in times.items()}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=40)
    args = ap.parse_args()

    import language_tool_python

    from assistant.grammar import GrammarChecker
    from assistant.grammar.server import LanguageToolServer

    # Ours imports requests; language_tool_python only when it first connects (LanguageTag).
    ours_import, theirs_import = import_ms("assistant.grammar.checker", 15), import_ms("language_tool_python", 15)
    with LanguageToolServer() as server:
        checker = GrammarChecker(server.url)

        def ours():
            checker.clear_cache()  # every run goes over the wire
            return checker.check(TEXT)

        tool = language_tool_python.LanguageTool("en-US", remote_server=server.url + "/", host="127.0.0.1")
        result = round_trips_ms({"ours": ours, "theirs": lambda: tool.check(TEXT)}, args.runs)
        (ours_ms, ours_n), (theirs_ms, theirs_n) = result["ours"], result["theirs"]
        tool.close()
        checker.close()
    print(f"{'client':<22} {'import ms':>10} {'check ms':>9} {'matches':>8}")
    print(f"{'plain HTTP (ours)':<22} {ours_import:>10.0f} {ours_ms:>9.1f} {ours_n:>8}")
    print(f"{'language_tool_python':<22} {theirs_import:>10.0f} {theirs_ms:>9.1f} {theirs_n:>8}")
    print(f"ratio (language_tool_python / ours): import {theirs_import / ours_import:.2f}x, "
          f"check {theirs_ms / ours_ms:.2f}x")


if __name__ == "__main__":
    main()
