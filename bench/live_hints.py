"""Live hints: how fast the companion answers.

1. Round trip of ``POST /api/check`` over HTTPS (real uvicorn + TLS on
   127.0.0.1, keep-alive client, token checked) for typical drafts, etiquette
   only (no LanguageTool). Peer: the same ``check()`` called in-process on the
   same drafts; the ratio is what HTTP + TLS + JSON add per keystroke pause.
2. Time from starting ``mail-assistant demo`` (new process, no window) to the
   API answering ``/api/info`` and to ``/api/drafts`` (demo mailbox over EWS).
   Peer: starting the interpreter and importing the CLI, which any command pays.

    .venv/bin/python bench/live_hints.py
    .venv/bin/python bench/live_hints.py --rounds 500 --starts 5
"""

from __future__ import annotations

import argparse
import os
import re
import socket
import ssl
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

SIGNATURE = "<p>Maria Delgado<br>5th Grade Teacher, Oak Hollow Elementary<br>Phone: (925) 555-0114</p>"
SENTENCES = [
    "The science museum field trip is on Friday, and the bus leaves at 8:15 from the front office.",
    "Please return the signed permission slip by Wednesday so we can confirm the chaperone list.",
    "Students should bring a packed lunch, a water bottle and a jacket because the exhibits are cold.",
    "If your child needs medication during the day, let the nurse know before Thursday afternoon.",
    "We will be back on campus by 2:30, in time for regular dismissal and the after-school program.",
]


def composed(words: int) -> dict:
    paras, n, i = [], 0, 0
    while n < words:
        para = " ".join(SENTENCES[(i + k) % len(SENTENCES)] for k in range(3))
        paras.append(f"<p>{para}</p>")
        n += len(para.split())
        i += 1
    return {
        "subject": "Science museum field trip on Friday",
        "to": [{"address": "families-room14@mdusd.org", "name": "Room 14 families"}],
        "cc": [{"address": "office@mdusd.org"}],
        "html": "<html><body><p>Hello families,</p>" + "".join(paras) + SIGNATURE + "</body></html>",
    }


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    k = (len(ordered) - 1) * p
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def typical_drafts(emulator) -> list[tuple[str, dict]]:
    backend = emulator.backend()
    try:
        demo = [(f"demo: {d.subject[:32]}", d.to_json()) for d in backend.list_drafts()]
    finally:
        backend.close()
    return demo + [(f"composed {w} words", composed(w)) for w in (100, 400, 2000)]


def bench_check(rounds: int) -> None:
    import httpx

    from assistant.core.check import check
    from assistant.core.model import Draft
    from emulators.ews import start_emulator
    from assistant.policy import default_policy
    from assistant.server.run import start_server
    from assistant.server.service import Companion

    policy = default_policy()
    with tempfile.TemporaryDirectory() as home, start_emulator(seed="demo") as emulator:
        os.environ["MAIL_ASSISTANT_HOME"] = home
        drafts = typical_drafts(emulator)
        handle = start_server(Companion(policy=policy, backend_factory=emulator.backend), 0, home=Path(home))
        try:
            ctx = ssl.create_default_context(cafile=str(handle.tls.ca))
            headers = {"Authorization": f"Bearer {handle.token}"}
            url = handle.url + "api/check"
            print(f"1. POST /api/check over HTTPS, {rounds} rounds per draft (etiquette only)")
            print(f"{'draft':42} {'p50 ms':>8} {'p95 ms':>8} {'in-proc p50':>12} {'ratio':>7}")
            all_http, all_direct = [], []
            # Browsers and WebViews set TCP_NODELAY; without it the client's
            # second write waits out a delayed ACK (~40 ms) on every request.
            transport = httpx.HTTPTransport(verify=ctx, socket_options=[(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)])
            with httpx.Client(transport=transport, timeout=30) as client:
                for name, payload in drafts:
                    body = {"draft": payload}
                    for _ in range(10):  # warm caches and the connection
                        client.post(url, json=body, headers=headers).raise_for_status()
                    http = []
                    for _ in range(rounds):
                        t0 = time.perf_counter()
                        r = client.post(url, json=body, headers=headers)
                        r.json()
                        http.append((time.perf_counter() - t0) * 1000)
                        assert r.status_code == 200
                    draft = Draft.from_json(payload)
                    direct = []
                    for _ in range(rounds):
                        # Same input, fresh object each time, like a new request body.
                        d = Draft.from_json(payload)
                        t0 = time.perf_counter()
                        check(d, policy)
                        direct.append((time.perf_counter() - t0) * 1000)
                    del draft
                    p50, p95, d50 = percentile(http, .5), percentile(http, .95), percentile(direct, .5)
                    all_http += http
                    all_direct += direct
                    print(f"{name:42} {p50:8.2f} {p95:8.2f} {d50:12.3f} {p50 / d50:6.1f}x")
            p50, p95, d50 = percentile(all_http, .5), percentile(all_http, .95), percentile(all_direct, .5)
            print(f"{'all drafts':42} {p50:8.2f} {p95:8.2f} {d50:12.3f} {p50 / d50:6.1f}x")
        finally:
            handle.stop()


def bench_start(starts: int) -> None:
    import httpx

    print(f"\n2. `mail-assistant demo --no-window --no-browser`: start to answering ({starts} starts)")
    to_info, to_drafts, imports = [], [], []
    for _ in range(starts):
        with tempfile.TemporaryDirectory() as home:
            env = {**os.environ, "MAIL_ASSISTANT_HOME": home}
            t0 = time.perf_counter()
            proc = subprocess.Popen(
                [sys.executable, "-m", "assistant", "demo", "--no-window", "--no-browser", "--exit-after", "120"],
                env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
            )
            try:
                url = token = None
                for line in proc.stdout:  # the "Open:" line carries the port and the token
                    m = re.match(r"Open: (https://127\.0\.0\.1:\d+/)#token=(\S+)", line)
                    if m:
                        url, token = m.groups()
                        break
                if not url:
                    raise SystemExit(f"demo did not start: {proc.stderr.read()[-2000:]}")
                ctx = ssl.create_default_context(cafile=str(Path(home) / "tls" / "ca.pem"))
                headers = {"Authorization": f"Bearer {token}"}
                with httpx.Client(verify=ctx, timeout=30) as client:
                    while True:
                        try:
                            if client.get(url + "api/info", headers=headers).status_code == 200:
                                break
                        except httpx.HTTPError:
                            time.sleep(0.005)
                    to_info.append(time.perf_counter() - t0)
                    r = client.get(url + "api/drafts", headers=headers)
                    r.raise_for_status()
                    to_drafts.append(time.perf_counter() - t0)
            finally:
                proc.terminate()
                proc.wait(30)
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-c", "import assistant.cli"], check=True)
        imports.append(time.perf_counter() - t0)
    mi, md, mp = statistics.median(to_info), statistics.median(to_drafts), statistics.median(imports)
    print(f"{'to /api/info (API answering)':42} median {mi:6.2f} s   (min {min(to_info):.2f}, max {max(to_info):.2f})")
    print(f"{'to /api/drafts (demo mailbox over EWS)':42} median {md:6.2f} s   (min {min(to_drafts):.2f}, max {max(to_drafts):.2f})")
    peer = 'peer: python -c "import assistant.cli"'
    print(f"{peer:42} median {mp:6.2f} s   ratio {mi / mp:.1f}x")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--rounds", type=int, default=200, help="requests per draft")
    ap.add_argument("--starts", type=int, default=3, help="demo starts to time")
    args = ap.parse_args()
    bench_check(args.rounds)
    bench_start(args.starts)


if __name__ == "__main__":
    main()
