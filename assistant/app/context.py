"""What every use case shares: the policy (loaded once), the mailbox, the settings.

The policy is loaded here and nowhere else: ``--policy FILE``, else
``$MAIL_ASSISTANT_POLICY``, else the shipped BP 1114 pack
(``assistant.policy.load_policy``). An adapter builds one ``AppContext`` per
process (a CLI command, the HTTP server) and passes it to every use case.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable, Mapping, TypeVar

from assistant.app.errors import AppError, Kind, mail_error
from assistant.policy import Policy, PolicyError, load_policy

if TYPE_CHECKING:  # pragma: no cover
    from assistant.grammar import GrammarChecker
    from assistant.mail.backend import MailBackend

T = TypeVar("T")


def load_app_policy(path: str | None = None) -> Policy:
    """The policy every use case gets; a bad file is a CONFIG error naming the key."""
    try:
        return load_policy(path)
    except PolicyError as exc:
        raise AppError(Kind.CONFIG, str(exc)) from None


@dataclass
class AppContext:
    """The policy, and the mailbox and grammar checker opened on first use.

    ``backend_factory`` opens the mail backend (default: the configured
    account, ``assistant.mail.open_backend``; the demo passes one bound to the
    emulator); ``account_label`` describes it for Settings.
    """

    policy: Policy = None  # type: ignore[assignment]  # loaded in __post_init__
    backend_factory: Callable[[], Any] | None = None
    account_label: str | None = None
    grammar_url: str | None = None
    _backend: Any = field(default=None, init=False, repr=False)
    _directory: dict[str, Any] | None = field(default=None, init=False, repr=False)
    _grammar_checker: Any = field(default=None, init=False, repr=False)
    # Guards creating the backend and the grammar checker, never network I/O.
    _lock: threading.RLock = field(default_factory=threading.RLock, init=False, repr=False)
    # Serialises calls into a backend that does not declare itself thread_safe.
    _mail_lock: threading.Lock = field(default_factory=threading.Lock, init=False, repr=False)

    def __post_init__(self) -> None:
        if self.policy is None:
            self.policy = load_app_policy()
        load_rule_resources()

    @classmethod
    def create(cls, policy_path: str | None = None, **options: Any) -> "AppContext":
        """A context with the policy of ``policy_path`` (or the environment, or the pack)."""
        return cls(policy=load_app_policy(policy_path), **options)

    # -- settings ---------------------------------------------------------------------
    def config(self) -> dict[str, Any]:
        """The user's settings file (a damaged one is a CONFIG error)."""
        from assistant.config import ConfigError, load_config

        try:
            return load_config()
        except ConfigError as exc:
            raise AppError(Kind.CONFIG, str(exc)) from None

    # -- the mailbox ------------------------------------------------------------------
    @property
    def has_mailbox(self) -> bool:
        """A mailbox is set up for this context (without connecting to it)."""
        return self.backend_factory is not None or self._backend is not None

    @property
    def connected(self) -> bool:
        return self._backend is not None

    def backend(self) -> "MailBackend":
        from assistant.mail.errors import MailError

        with self._lock:
            if self._backend is None:
                if self.backend_factory is None:
                    import assistant.mail as mail  # looked up at call time (tests replace it)

                    factory: Callable[[], Any] = mail.open_backend
                else:
                    factory = self.backend_factory
                try:
                    self._backend = factory()
                except MailError as exc:
                    raise mail_error(exc) from None
            return self._backend

    def mail(self, fn: Callable[["MailBackend"], T]) -> T:
        """``fn(backend)``, with a mail error turned into an AppError."""
        from assistant.mail.errors import MailError

        backend = self.backend()
        try:
            # Requests run in parallel (the EWS backend is thread-safe); a backend
            # that does not say so gets one conversation at a time.
            if getattr(backend, "thread_safe", False):
                return fn(backend)
            with self._mail_lock:
                return fn(backend)
        except MailError as exc:
            raise mail_error(exc) from None

    def directory(self) -> Mapping[str, Any]:
        """The user's directory entry (fills empty signature fields), or {} without a mailbox."""
        if self._directory is None and self.has_mailbox:
            try:
                self._directory = _as_mapping(self.mail(lambda b: b.me()))
            except AppError:
                pass  # no mailbox now: the user's own fields only (asked again next time)
        return self._directory or {}

    # -- grammar ----------------------------------------------------------------------
    def grammar_checker(self) -> "GrammarChecker":
        with self._lock:
            if self._grammar_checker is None:
                from assistant.grammar import GrammarChecker

                # One checker for the process: it caches results by paragraph,
                # so a typing pause re-sends only the paragraphs that changed.
                self._grammar_checker = GrammarChecker(self.grammar_url)
            return self._grammar_checker

    def close(self) -> None:
        with self._lock:
            if self._grammar_checker is not None:
                self._grammar_checker.close()
                self._grammar_checker = None
            if self._backend is not None and hasattr(self._backend, "close"):
                try:
                    self._backend.close()
                finally:
                    self._backend = None

    def __enter__(self) -> "AppContext":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()


def load_rule_resources() -> str:
    """Every shipped file the rules read (word lists, the EM901 model, name lists),
    loaded once at start so that a damaged install is a CONFIG error before the
    first check, not a failure inside it. Cached by the loaders themselves."""
    from assistant.core.people import NamesError
    from assistant.core.personal import ModelError
    from assistant.rules import RuleDataError, load_resources

    try:
        return load_resources()
    except (ModelError, RuleDataError, NamesError) as exc:
        raise AppError(Kind.CONFIG, str(exc)) from None


def demo_mailbox(seed: str = "demo", **options: Any) -> Callable[[], Any]:
    """A backend factory for the built-in demo mailbox (the ``--demo`` commands).

    The emulator starts on first use and stops when the backend is closed (the
    context closes it), so a ``--demo`` command leaves nothing running. This is the
    demo path: the only place besides `demo`/`serve --demo`/`emulator` that may
    import the emulators.
    """

    def open_demo() -> Any:
        from emulators.ews import start_emulator

        handle = start_emulator(seed=seed, **options)
        backend = handle.backend()
        close_backend = backend.close

        def close() -> None:
            try:
                close_backend()
            finally:
                handle.stop()

        backend.close = close
        return backend

    return open_demo


def _as_mapping(obj: Any) -> dict[str, Any]:
    if isinstance(obj, dict):
        return obj
    if hasattr(obj, "to_json"):
        return obj.to_json()
    if hasattr(obj, "__dataclass_fields__"):
        import dataclasses

        return dataclasses.asdict(obj)
    return {k: v for k, v in vars(obj).items() if isinstance(v, str)} if hasattr(obj, "__dict__") else {}


__all__ = ["AppContext", "demo_mailbox", "load_app_policy", "load_rule_resources"]
