"""The records model: CF101's second reader, for record wordings no phrase lists.

``scripts/train_records.py`` trains it on the labelled District tuning drafts (their
CF101 labels) and real mail, in the personal-mail model's file format; this module
loads it with that model's pure-Python scorer (``assistant.core.personal``). The rule
asks it only when no record phrase tied to a person was found, and a person is named
(``confidentiality.StudentOrPersonnelRecords``).

Pure except ``load_model``, which reads the shipped file once (lazily, cached), and
``check_file``, the start-up check. A missing or damaged file raises ``ModelError``.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from assistant.core.personal import FORMAT, ModelError, PersonalModel, check_model_file, parse_model, read_model_file

MODEL_PATH = Path(__file__).resolve().parents[1] / "rules" / "models" / "records.json"

__all__ = ["MODEL_PATH", "ModelError", "check_file", "load_model"]


def check_file(path: str | Path | None = None) -> int:
    """The shipped file is there, readable and of the model format (its first bytes):
    the start-up check; a check parses it only when it needs it. Returns its size."""
    p = Path(path) if path is not None else MODEL_PATH
    return check_model_file(p, f"the records model file {p}", FORMAT)


def load_model(path: str | Path | None = None) -> PersonalModel:
    """The model in ``path`` (default: the shipped file, read once and cached)."""
    return _load(str(Path(path) if path is not None else MODEL_PATH))


@lru_cache(maxsize=4)
def _load(path: str) -> PersonalModel:
    source = f"the records model file {path}"
    return parse_model(read_model_file(path, source), source)
