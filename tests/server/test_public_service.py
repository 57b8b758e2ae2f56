"""Helpers (no tests): `mail-assistant serve --public` as an administrator runs it: a new process on
loopback, its output in files, and a self-signed certificate made for the test."""

from __future__ import annotations

import datetime as dt
import ipaddress
import os
import re
import signal
import ssl
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parents[2]
STARTED = re.compile(r"at (https?)://127\.0\.0\.1:(\d+)/addin/taskpane\.html")


def self_signed(directory: Path, names: tuple[str, ...] = ()) -> tuple[Path, Path]:
    """A certificate for localhost, 127.0.0.1 and ``names`` that is its own authority (cert.pem, key.pem)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "mail-assistant test host")])
    now = dt.datetime.now(dt.timezone.utc)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name).issuer_name(name).public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5)).not_valid_after(now + dt.timedelta(days=1))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(x509.SubjectAlternativeName([*(x509.DNSName(n) for n in ("localhost", *names)),
                                                    x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), critical=False)
        .sign(key, hashes.SHA256())
    )
    directory.mkdir(parents=True, exist_ok=True)
    cert_file, key_file = directory / "cert.pem", directory / "key.pem"
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return cert_file, key_file


@dataclass
class PublicService:
    proc: subprocess.Popen
    scheme: str
    port: int
    out: Path
    err: Path
    ca: Path | None

    @property
    def url(self) -> str:
        host = "localhost" if self.scheme == "https" else "127.0.0.1"
        return f"{self.scheme}://{host}:{self.port}"

    def client(self, **kw) -> httpx.Client:
        verify = ssl.create_default_context(cafile=str(self.ca)) if self.ca else False
        return httpx.Client(base_url=self.url, verify=verify, timeout=30, **kw)

    def logs(self) -> str:
        return self.out.read_text(errors="replace") + self.err.read_text(errors="replace")

    def stop(self) -> int:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(10)
        return self.proc.returncode


def run_command(args: list[str], home: Path, **kw) -> subprocess.Popen:
    env = {**os.environ, "MAIL_ASSISTANT_HOME": str(home), "PYTHONPATH": str(REPO)}
    return subprocess.Popen([sys.executable, "-m", "assistant", "serve", "--public", *args], env=env, **kw)


def start_public(tmp: Path, *args: str, tls: bool = True) -> PublicService:
    """The service on 127.0.0.1 with a free port (TLS with a fresh self-signed certificate)."""
    tmp.mkdir(parents=True, exist_ok=True)
    ca = None
    extra = ["--port", "0", *args]
    if tls:
        ca, key = self_signed(tmp / "tls")
        extra += ["--cert", str(ca), "--key", str(key)]
    out, err = tmp / "stdout.log", tmp / "stderr.log"
    with out.open("wb") as o, err.open("wb") as e:
        proc = run_command(extra, tmp / "home", stdout=o, stderr=e)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        m = STARTED.search(out.read_text(errors="replace"))
        if m:
            service = PublicService(proc, m.group(1), int(m.group(2)), out, err, ca)
            if _answers(service):
                return service
        if proc.poll() is not None:
            raise AssertionError(f"serve --public exited {proc.returncode}: {err.read_text()[-3000:]}")
        time.sleep(0.1)
    proc.kill()
    raise AssertionError(f"serve --public did not start: {err.read_text()[-3000:]}")


def _answers(service: PublicService) -> bool:
    try:
        with service.client() as c:
            return c.get("/api/info").status_code == 200
    except httpx.TransportError:
        return False
