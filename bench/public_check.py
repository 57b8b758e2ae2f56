"""The District-hosted service: how fast `serve --public` answers a check.

Starts the real command (a new process, uvicorn, TLS with a certificate made for
the run, on 127.0.0.1) and times ``POST /api/check`` over HTTPS from one
keep-alive client, no token, with an Outlook Origin header (CORS on), for
typical drafts. Peer: the same check called in-process on the same drafts; the
ratio is what the hosted service adds (HTTP, TLS, JSON, CORS, rate limit, body
cap). With node and tests/addin/js/node_modules present it then runs
``bench/onsend.js --service`` against the same service: the on-send decision
with the service up (goal p99 <= 300 ms), each decision on a new TLS connection
(classic Outlook's event runtime may not keep one between sends).

    .venv/bin/python bench/public_check.py
    .venv/bin/python bench/public_check.py --rounds 500 --workers 2
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import socket
import ssl
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from live_hints import composed, percentile  # noqa: E402  (same drafts and statistics as the companion's bench)

OUTLOOK = "https://outlook.office.com"


def start_service(home: Path, workers: int) -> tuple[subprocess.Popen, int, Path]:
    from assistant.server.tls import ensure_certificate

    tls = ensure_certificate(home / "tls")  # a local CA and a certificate for localhost
    env = {**os.environ, "MAIL_ASSISTANT_HOME": str(home), "PYTHONPATH": str(ROOT)}
    out = (home / "out.log").open("wb")
    proc = subprocess.Popen([sys.executable, "-m", "assistant", "serve", "--public", "--port", "0", "--workers",
                             str(workers), "--cert", str(tls.cert), "--key", str(tls.key),
                             "--rate-limit", "100000/second"], env=env, stdout=out, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        m = re.search(r"https://127\.0\.0\.1:(\d+)/", (home / "out.log").read_text())
        if m:
            port = int(m.group(1))
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    time.sleep(0.5 if workers > 1 else 0)  # every worker up
                    return proc, port, tls.ca
            except OSError:
                pass
        if proc.poll() is not None:
            raise SystemExit(f"serve --public exited {proc.returncode}")
        time.sleep(0.1)
    proc.kill()
    raise SystemExit("serve --public did not start")


def drafts() -> list[tuple[str, dict]]:
    out = [(f"composed {w} words", composed(w)) for w in (50, 100, 400, 2000)]
    caps = composed(100)
    out.append(("ALL CAPS subject, 100 words", {**caps, "subject": "FIELD TRIP ON FRIDAY FOR ROOM 14"}))
    return out


def bench_http(port: int, ca: Path, rounds: int) -> None:
    import httpx

    from assistant.core.check import check
    from assistant.core.model import Draft
    from assistant.policy import default_policy

    policy = default_policy()
    url = f"https://localhost:{port}/api/check"
    # Browsers set TCP_NODELAY; without it every request waits out a delayed ACK.
    transport = httpx.HTTPTransport(verify=ssl.create_default_context(cafile=str(ca)),
                                    socket_options=[(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)])
    print(f"POST /api/check on `serve --public` over HTTPS (loopback, Origin {OUTLOOK}), {rounds} rounds per draft")
    print(f"{'draft':32} {'p50 ms':>8} {'p99 ms':>8} {'in-proc p50':>12} {'in-proc p99':>12} {'ratio p50':>10}")
    all_http, all_direct = [], []
    with httpx.Client(transport=transport, timeout=30, headers={"Origin": OUTLOOK}) as client:
        for name, payload in drafts():
            body = {"draft": payload}
            for _ in range(10):  # warm the connection and the workers' caches
                client.post(url, json=body).raise_for_status()
            http = []
            for _ in range(rounds):
                t0 = time.perf_counter()
                r = client.post(url, json=body)
                r.json()
                http.append((time.perf_counter() - t0) * 1000)
                assert r.status_code == 200 and r.headers["access-control-allow-origin"] == OUTLOOK
            direct = []
            for _ in range(rounds):
                d = Draft.from_json(payload)  # a fresh object each time, like a new request body
                t0 = time.perf_counter()
                check(d, policy)
                direct.append((time.perf_counter() - t0) * 1000)
            all_http += http
            all_direct += direct
            row(name, http, direct)
    row("all drafts", all_http, all_direct)


def row(name: str, http: list[float], direct: list[float]) -> None:
    p50, p99 = percentile(http, .5), percentile(http, .99)
    d50, d99 = percentile(direct, .5), percentile(direct, .99)
    print(f"{name:32} {p50:8.2f} {p99:8.2f} {d50:12.3f} {d99:12.3f} {p50 / d50:9.1f}x")


def bench_onsend(port: int, ca: Path, rounds: int) -> None:
    node = shutil.which("node")
    if not node or not (ROOT / "tests" / "addin" / "js" / "node_modules").is_dir():
        print("\n(on-send with the service up: skipped; needs node and `npm ci` in tests/addin/js)")
        return
    print()
    sys.stdout.flush()
    env = {**os.environ, "NODE_EXTRA_CA_CERTS": str(ca)}  # node's fetch trusts the run's certificate
    subprocess.run([node, str(ROOT / "bench" / "onsend.js"), "--service", f"https://localhost:{port}",
                    "--rounds", str(rounds)], env=env, check=False)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=200)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--onsend-rounds", type=int, default=500)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        proc, port, ca = start_service(Path(tmp), args.workers)
        try:
            bench_http(port, ca, args.rounds)
            bench_onsend(port, ca, args.onsend_rounds)
        finally:
            proc.terminate()
            proc.wait(30)


if __name__ == "__main__":
    main()
