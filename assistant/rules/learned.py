"""The learned second signal of the conduct rules: one small model per code.

``scripts/train_cf.py`` trains a TF-IDF + logistic-regression model per code on
the District tuning sets and exports them to ``models/cf.json``; each model has
the EM901 model's format and is scored by the same pure-Python scorer
(``assistant.core.personal``). A rule asks ``flag`` only when its patterns found
nothing: the model adds a hint when its score is over the code's threshold (set
by leave-one-writer-out cross-validation so that it added no false hint on the
tuning sets) and the code's gate passes. Codes without a model in the file are
never flagged by it. A missing or damaged file raises ``ModelError`` at start
(``load_resources``, hence ``doctor``).
"""

from __future__ import annotations

import contextlib
import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterator

from assistant.core.model import Span
from assistant.core.personal import ModelError, PersonalModel, PersonalScore, document

FORMAT = "mail-assistant/cf-models"
FORMAT_VERSION = 1
MODEL_PATH = Path(__file__).resolve().parent / "models" / "cf.json"
GATES = (None, "person")
MAX_CHARS = 20_000

_enabled = True


@dataclass(frozen=True)
class CodeModel:
    model: PersonalModel
    gate: str | None  # None, or "person": the person detector must find someone
    min_terms: int  # distinct terms pushing towards the code that a hint needs


def parse_models(raw: bytes | str, source: str = "the conduct-rule model") -> dict[str, CodeModel]:
    """code -> model, from the file's bytes; ``ModelError`` when anything is off."""
    try:
        data = json.loads(raw)
    except (ValueError, UnicodeDecodeError) as exc:
        raise ModelError(f"{source} is damaged (not JSON: {exc}); reinstall the application") from exc
    if not isinstance(data, dict) or data.get("format") != FORMAT or data.get("format_version") != FORMAT_VERSION:
        raise ModelError(f"{source} is damaged (not a {FORMAT} {FORMAT_VERSION} file); reinstall the application")
    models = data.get("models")
    if not isinstance(models, dict):
        raise ModelError(f"{source} is damaged (no models); reinstall the application")
    out = {}
    for code, entry in models.items():
        if not isinstance(entry, dict) or entry.get("gate") not in GATES:
            raise ModelError(f"{source} is damaged (model {code!r} is not an object with a known gate); reinstall the application")
        min_terms = entry.get("min_terms")
        if not isinstance(min_terms, int) or not 1 <= min_terms <= 5:
            raise ModelError(f"{source} is damaged (model {code!r} has no min_terms from 1 to 5); reinstall the application")
        out[str(code)] = CodeModel(PersonalModel(entry, f"{source} ({code})"), entry["gate"], min_terms)
    return out


@lru_cache(maxsize=4)
def _load(path: str) -> dict[str, CodeModel]:
    source = f"the conduct-rule model file {path}"
    try:
        raw = Path(path).read_bytes()
    except FileNotFoundError:
        raise ModelError(f"{source} is missing; reinstall the application") from None
    except OSError as exc:
        raise ModelError(f"{source} cannot be read ({exc.strerror}); reinstall the application") from None
    return parse_models(raw, source)


def load_models(path: str | Path | None = None) -> dict[str, CodeModel]:
    """The models in ``path`` (default: the shipped file, read once and cached)."""
    return _load(str(Path(path) if path is not None else MODEL_PATH))


@contextlib.contextmanager
def disabled() -> Iterator[None]:
    """The rules with their patterns alone (for measuring what the model adds)."""
    global _enabled
    was, _enabled = _enabled, False
    try:
        yield
    finally:
        _enabled = was


def flag(ctx, code: str) -> PersonalScore | None:
    """The model's verdict when it flags ``ctx``'s new text for ``code`` and the gate passes, else None."""
    if not _enabled:
        return None
    entry = load_models().get(code)
    if entry is None:
        return None
    from assistant.rules.email_protocol import strip_prefixes

    # The text and subject as the model was trained on them (scripts/train_cf.py); a
    # huge text is read up to MAX_CHARS (1 MB took 180 ms; the District drafts are far shorter).
    doc = document(ctx.text[:MAX_CHARS], strip_prefixes(ctx.draft.subject or ""))
    # The decision alone first: it is cheap, and almost every draft is below it.
    if entry.model.decision(doc) < entry.model.threshold:
        return None
    if entry.gate == "person" and not _has_person(ctx):
        return None
    r = entry.model.score(doc)
    return r if r.is_personal and len(r.top_terms) >= entry.min_terms else None


def hints(rule, ctx, what: str, advice: str) -> Iterator:
    """The rule's hint when its model flags the draft (call it when the patterns found
    nothing): "This reads as <what> (most telling: “…”, “…”): <advice>", with the rule's
    severity and the words marked."""
    r = flag(ctx, rule.code)
    if r is not None:
        yield rule.hint(ctx, f"This reads as {what} (most telling: {words(r)}): {advice}",
                        spans=[Span(a, b) for a, b in spans(r, len(ctx.text))][:10])


def _has_person(ctx) -> bool:
    from assistant.core.people import find_people

    recipients = [f"{r.name} <{r.address}>" if r.name else r.address for r in ctx.draft.all_recipients]
    return bool(find_people(ctx.text, recipients=recipients))


def words(r: PersonalScore) -> str:
    """The n-grams that weighed most, for the hint ("“kill”, “hurt you”")."""
    return ", ".join(f"\u201c{w}\u201d" for w in r.words)


def spans(r: PersonalScore, text_length: int) -> list[tuple[int, int]]:
    """Where those words are in the new text (the subject, scored after it, is left out)."""
    return sorted({s for t in r.top_terms for s in t.spans if s[1] <= min(text_length, MAX_CHARS)})
