"""Failed-login lockout for the EWS emulator, modelled on Active Directory's account lockout.

Exchange on premises checks Basic credentials against Active Directory (through IIS),
so password guessing is limited by the domain's account lockout policy:

- every failed logon adds one to the account's bad-password count; when the previous
  failure is older than the *observation window* ("Reset account lockout counter
  after", ``lockoutObservationWindow``) the count starts again from one;
- when the count reaches the *threshold* (``lockoutThreshold``) the account is locked
  for the *duration* (``lockoutDuration``);
- while it is locked every logon fails, the right password included: the password is
  not checked and the attempt is not counted;
- the refusal looks exactly like a wrong password (IIS answers 401 with
  ``WWW-Authenticate: Basic realm=...``), so a guesser learns nothing;
- when the duration has passed the lock lifts and the count starts over; a successful
  logon resets the count to zero.

AD counts per account only, and cannot lock a name that is not an account. A password
spray over many names is stopped in front of Exchange by per-address limits (AD FS
extranet lockout, IIS Dynamic IP Restrictions), so the emulator keeps the same counter
per client address too, over every user name tried (unknown ones included), with its
own threshold. A success does not reset the address count (else an attacker holding
one good account could clear it between guesses).

Refusals are answered at once, not delayed: neither AD nor IIS slows a failed Basic
logon down; the lockout is what bounds guessing (``threshold`` checked passwords per
window, however fast they come), and an immediate 401 keeps the real client's
wrong-password error quick.

Defaults follow Microsoft's security baseline for Windows: threshold 10, window and
duration 15 minutes; the address threshold (the emulator's choice) is 30. Configure
per emulator::

    start_emulator(lockout=LockoutPolicy(threshold=3, window=60, duration=60))
    start_emulator(lockout=LockoutPolicy(threshold=0, address_threshold=0))  # none
    handle.lockout.reset()                               # unlock everything now

A test can pass ``clock=`` (any callable returning seconds) to move time without
waiting. The server counts ``auth_checked`` (passwords compared) and ``auth_locked``
(refused unchecked) in ``handle.stats``.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from typing import Callable


@dataclass(frozen=True)
class LockoutPolicy:
    threshold: int = 10  # failures per account before it locks; 0 turns lockout off
    window: float = 15 * 60.0  # seconds after a failure before the count starts over
    duration: float = 15 * 60.0  # seconds an account (or address) stays locked
    address_threshold: int = 30  # failures per client address, over all names; 0: no limit
    clock: Callable[[], float] = field(default=time.monotonic, compare=False)

    def __post_init__(self) -> None:
        if self.threshold < 0 or self.address_threshold < 0:
            raise ValueError("lockout thresholds cannot be negative")
        if self.window <= 0 or self.duration <= 0:
            raise ValueError("lockout window and duration must be positive")


@dataclass
class _Counter:
    failures: int = 0
    last_failure: float = 0.0
    locked_until: float | None = None


class Lockout:
    """Bad-password counts per account and per client address; thread-safe."""

    _MAX_ADDRESSES = 4096  # forget stale address records beyond this many

    def __init__(self, policy: LockoutPolicy | None = None) -> None:
        self.policy = policy or LockoutPolicy()
        self._lock = threading.Lock()
        self._accounts: dict[str, _Counter] = {}
        self._addresses: dict[str, _Counter] = {}

    def attempt(self, account: str | None, address: str, verify: Callable[[], bool]) -> bool | None:
        """One logon: None when ``account`` or ``address`` is locked out (``verify`` is not
        called), else ``verify()``'s verdict, counted. ``account`` is None for a name that
        is not an account. Atomic, so parallel guesses cannot slip past the threshold."""
        now = self.policy.clock()
        with self._lock:
            if any(self._is_locked(c, now) for c in self._records(account, address, create=False)):
                return None
            ok = verify()
            if ok and account is not None:
                self._accounts.pop(account, None)  # not the address's count: see the module doc
            elif not ok:
                self._failed(account, address, now)
            return ok

    def _failed(self, account: str | None, address: str, now: float) -> None:
        if len(self._addresses) >= self._MAX_ADDRESSES:
            self._prune(now)
        thresholds = ([self.policy.threshold] if account is not None else []) + [self.policy.address_threshold]
        for counter, threshold in zip(self._records(account, address, create=True), thresholds):
            if now - counter.last_failure > self.policy.window or counter.locked_until is not None:
                counter.failures = 0  # the window (or an expired lock) has passed: start over
                counter.locked_until = None
            counter.failures += 1
            counter.last_failure = now
            if threshold and counter.failures >= threshold:
                counter.locked_until = now + self.policy.duration

    def reset(self) -> None:
        with self._lock:
            self._accounts.clear()
            self._addresses.clear()

    def _records(self, account: str | None, address: str, *, create: bool) -> list[_Counter]:
        pairs = ([(self._accounts, account)] if account is not None else []) + [(self._addresses, address)]
        if create:
            return [table.setdefault(key, _Counter()) for table, key in pairs]
        return [table[key] for table, key in pairs if key in table]

    def _is_locked(self, counter: _Counter, now: float) -> bool:
        return counter.locked_until is not None and now < counter.locked_until

    def _prune(self, now: float) -> None:
        for key, c in list(self._addresses.items()):
            if not self._is_locked(c, now) and now - c.last_failure > self.policy.window:
                del self._addresses[key]
