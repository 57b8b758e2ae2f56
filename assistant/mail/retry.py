"""A bounded retry policy for exchangelib.

exchangelib's FaultTolerance waits out throttling (good) but also treats HTTP
401 as "server busy" and keeps retrying for up to an hour, so a wrong password
looks like a hang. Here a 401 fails at once, each back-off is capped, and the
total time spent backing off in a row is bounded too.
"""

from __future__ import annotations

import threading

from exchangelib.errors import RateLimitError, UnauthorizedError
from exchangelib.protocol import FaultTolerance


class BoundedRetry(FaultTolerance):
    def __init__(self, max_wait: float = 120.0, max_total: float = 300.0) -> None:
        super().__init__(max_wait=max_wait)
        self.max_total = max_total
        self._spent = 0.0
        self._spent_lock = threading.Lock()

    def back_off(self, seconds: float | None) -> None:
        seconds = self.DEFAULT_BACKOFF if seconds is None else seconds
        with self._spent_lock:
            if self._spent + seconds > self.max_total:
                self._spent = 0.0
                raise RateLimitError("Gave up waiting for the server", wait=seconds)
            self._spent += seconds
        super().back_off(seconds)

    def raise_response_errors(self, response):  # type: ignore[no-untyped-def]
        if response.status_code == 401:
            raise UnauthorizedError(f"Invalid credentials for {response.url}")
        if response.status_code == 200:
            with self._spent_lock:
                self._spent = 0.0  # a healthy answer ends the run of back-offs
        return super().raise_response_errors(response)
