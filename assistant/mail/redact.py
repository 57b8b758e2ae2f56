"""Keep credentials out of logs: exchangelib's debug logging prints request
headers (Basic auth = base64 of user:password, OAuth bearer tokens)."""

from __future__ import annotations

import base64
import logging
import threading

_LOGGERS = ("exchangelib.util", "exchangelib.util.xml", "exchangelib.transport", "exchangelib.protocol",
            "exchangelib.services.common", "requests_ntlm", "urllib3.connectionpool")


class RedactSecrets(logging.Filter):
    def __init__(self) -> None:
        super().__init__()
        self._secrets: set[str] = set()
        self._lock = threading.Lock()

    def add(self, secret: str, login: str | None = None) -> None:
        with self._lock:
            if secret:
                self._secrets.add(secret)
            if secret and login:
                self._secrets.add(base64.b64encode(f"{login}:{secret}".encode()).decode())

    def filter(self, record: logging.LogRecord) -> bool:
        if not self._secrets:
            return True
        try:
            message = record.getMessage()
        except Exception:  # a broken record is the logger's problem, not a leak
            return True
        with self._lock:
            secrets = list(self._secrets)
        if any(s in message for s in secrets):
            for s in secrets:
                message = message.replace(s, "[redacted]")
            record.msg, record.args = message, None
        return True


REDACTOR = RedactSecrets()
for _name in _LOGGERS:
    logging.getLogger(_name).addFilter(REDACTOR)
