"""The companion's local TLS certificate, made on first run.

A tiny local CA signs one server certificate for ``localhost`` / ``127.0.0.1``
/ ``::1``. The CA carries name constraints that only permit those names, and
its private key is thrown away right after signing: trusting the CA (which the
Outlook add-in needs) therefore can never let anyone mint a certificate for
another site. When the server certificate nears expiry both are made again
and the user trusts the new CA once more (README: "Trusting the local certificate").
"""

from __future__ import annotations

import datetime as dt
import hashlib
import ipaddress
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from assistant.config import write_atomic

from assistant.config import CA_FILE  # noqa: E402  (named with the other config files)
CERT_FILE = "server.pem"
KEY_FILE = "server-key.pem"
VALID_DAYS = 825
RENEW_BEFORE_DAYS = 30
LOOPBACK_NAMES = ("localhost",)
LOOPBACK_IPS = ("127.0.0.1", "::1")


@dataclass(frozen=True)
class TlsFiles:
    ca: Path  # what the user trusts (public only)
    cert: Path  # server certificate + CA chain
    key: Path  # server private key (0600)

    @property
    def fingerprint(self) -> str:
        """SHA-256 of the server certificate (DER), hex; the desktop window pins it."""
        return hashlib.sha256(leaf_der(self.cert)).hexdigest()

    @property
    def ca_fingerprint(self) -> str:
        cert = x509.load_pem_x509_certificate(self.ca.read_bytes())
        return cert.fingerprint(hashes.SHA256()).hex(":").upper()


def leaf_der(cert_path: Path) -> bytes:
    certs = x509.load_pem_x509_certificates(cert_path.read_bytes())
    return certs[0].public_bytes(serialization.Encoding.DER)


def ensure_certificate(directory: Path) -> TlsFiles:
    """The TLS files in ``directory``, made (or renewed) when missing or expiring."""
    directory.mkdir(parents=True, exist_ok=True)
    files = TlsFiles(directory / CA_FILE, directory / CERT_FILE, directory / KEY_FILE)
    if not _usable(files):
        _generate(files)
    return files


def _usable(files: TlsFiles) -> bool:
    try:
        certs = x509.load_pem_x509_certificates(files.cert.read_bytes())
        serialization.load_pem_private_key(files.key.read_bytes(), password=None)
        files.ca.read_bytes()
    except (OSError, ValueError):
        return False
    remaining = certs[0].not_valid_after_utc - dt.datetime.now(dt.timezone.utc)
    return remaining > dt.timedelta(days=RENEW_BEFORE_DAYS)


def _name(common_name: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Mail Assistant (this computer only)"),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )


def _generate(files: TlsFiles) -> None:
    now = dt.datetime.now(dt.timezone.utc) - dt.timedelta(minutes=5)
    until = now + dt.timedelta(days=VALID_DAYS)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = _name(f"Mail Assistant local CA {now:%Y-%m-%d %H:%M}")
    permitted: list[x509.GeneralName] = [x509.DNSName(n) for n in LOOPBACK_NAMES]
    permitted += [x509.IPAddress(ipaddress.ip_network(ip)) for ip in LOOPBACK_IPS]
    ca = (
        x509.CertificateBuilder()
        .subject_name(ca_name)
        .issuer_name(ca_name)
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now)
        .not_valid_after(until)
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=False, content_commitment=False, key_encipherment=False,
                data_encipherment=False, key_agreement=False, key_cert_sign=True,
                crl_sign=True, encipher_only=False, decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.NameConstraints(permitted_subtrees=permitted, excluded_subtrees=None), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    key = ec.generate_private_key(ec.SECP256R1())
    sans: list[x509.GeneralName] = [x509.DNSName(n) for n in LOOPBACK_NAMES]
    sans += [x509.IPAddress(ipaddress.ip_address(ip)) for ip in LOOPBACK_IPS]
    leaf = (
        x509.CertificateBuilder()
        .subject_name(_name("localhost"))
        .issuer_name(ca_name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now)
        .not_valid_after(until)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True, content_commitment=False, key_encipherment=False,
                data_encipherment=False, key_agreement=False, key_cert_sign=False,
                crl_sign=False, encipher_only=False, decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .add_extension(x509.SubjectAlternativeName(sans), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    del ca_key  # never stored: the CA can sign nothing else, ever
    pem = serialization.Encoding.PEM
    key_pem = key.private_bytes(pem, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    # Key first, so a crash between writes leaves a pair that _usable() rejects.
    write_private(files.key, key_pem)
    write_atomic(files.cert, leaf.public_bytes(pem) + ca.public_bytes(pem), 0o644)
    write_atomic(files.ca, ca.public_bytes(pem), 0o644)


def write_private(path: Path, data: bytes) -> None:
    write_atomic(path, data, 0o600)


