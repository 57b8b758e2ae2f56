"""Build the compact name lists that ``assistant.core.people`` ships.

Development-time only: the product never imports the packages used here.

Source: the ``names-dataset`` package (MIT licence), which ships per-country
popularity ranks for given names and surnames. We keep single-word names in the
Latin script that rank within a threshold in the United States or in the
countries most District families come from (Mexico and Central America, the
Spanish-speaking Caribbean and South America, Spain, the Philippines), so
Spanish and Latino names are well covered while the file stays small.

A second development-time package, ``english-words`` (MIT; its ``web2`` list is
Webster's Second International, public domain), marks given names whose
lower-case form is an ordinary English word (``amber``, ``rose``): the detector
wants a person cue before taking such a word as a name at the start of a
sentence.

Output (gzip, UTF-8, deterministic: sorted lines, fixed gzip mtime):

- ``assistant/core/data/given_names.txt.gz``: ``key<TAB>flags``, flag ``w`` =
  also an English word;
- ``assistant/core/data/surnames.txt.gz``: ``key``.

Keys are casefolded with accents removed (``gómez`` -> ``gomez``), the form the
detector looks up. Header lines start with ``#`` and record the source package,
its version and licence, and the thresholds.

Usage: ``python scripts/build_names.py`` (needs ``names-dataset==3.3.1`` and
``english-words==2.0.2`` installed in the environment that runs it).
"""

from __future__ import annotations

import gzip
import io
import pickle
import re
import sys
import unicodedata
from importlib import metadata, resources
from pathlib import Path

OUT_DIR = Path(__file__).resolve().parents[1] / "assistant" / "core" / "data"

# Countries and the rank each name must reach there (1 = most common).
GIVEN_RANKS = {
    "US": 12000,
    "MX": 2500, "GT": 1500, "SV": 1500, "HN": 1500, "CR": 1000, "PA": 1000,
    "PR": 1500, "CO": 1000, "PE": 1000, "EC": 1000, "BO": 800, "CL": 800, "AR": 800, "UY": 500,
    "ES": 1000, "PH": 1000,
}
SURNAME_RANKS = {
    "US": 15000,
    "MX": 5000, "GT": 3000, "SV": 3000, "HN": 3000, "CR": 2000, "PA": 2000,
    "PR": 3000, "CO": 2000, "PE": 2000, "EC": 2000, "BO": 1000, "CL": 1000, "AR": 1000, "UY": 800,
    "ES": 3000, "PH": 3000,
}

# One word in the Latin script (letters, inner apostrophe or hyphen), at least 2 letters.
NAME_RE = re.compile(r"^[^\W\d_]{2,}(?:[-'][^\W\d_]{2,})?$")


def key(name: str) -> str:
    """The lookup form: accents removed, casefolded (must match people._key)."""
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def latin(name: str) -> bool:
    return all(c.isascii() or "LATIN" in unicodedata.name(c, "") for c in name if c.isalpha())


def select(table: dict, ranks: dict[str, int]) -> set[str]:
    keep = set()
    for name, info in table.items():
        if not NAME_RE.match(name) or not latin(name):
            continue
        if len(name) == 2 and not any(c in "aeiouyAEIOUY" for c in name):
            continue  # initials such as "Jh", "Lc"
        rank = info.get("rank") or {}
        if any(rank.get(country, 10**9) <= limit for country, limit in ranks.items()):
            keep.add(key(name))
    return keep


def load_pickle(package: str, path: str) -> dict:
    with resources.files(package).joinpath(path).open("rb") as raw, gzip.open(raw) as fh:
        return pickle.load(fh)


def header(lines: list[str], what: str, ranks: dict[str, int]) -> list[str]:
    nd = metadata.metadata("names-dataset")
    ew = metadata.metadata("english-words")
    thresholds = " ".join(f"{c}<={r}" for c, r in ranks.items())
    return [
        f"# {what} for assistant.core.people, built by scripts/build_names.py",
        f"# source: names-dataset {nd['Version']} (licence: {nd['License']})",
        f"# word flags: english-words {ew['Version']} web2 list (package licence: {ew['License']}; web2 public domain)",
        f"# kept: single Latin-script words ranked {thresholds}",
        f"# entries: {len(lines)}",
    ]


def write(path: Path, head: list[str], lines: list[str]) -> None:
    buf = io.BytesIO()
    # mtime=0 and no file name: the same input gives the same bytes.
    with gzip.GzipFile(filename="", mode="wb", fileobj=buf, mtime=0, compresslevel=9) as gz:
        gz.write(("\n".join(head + lines) + "\n").encode("utf-8"))
    path.write_bytes(buf.getvalue())


def main() -> int:
    try:
        given_table = load_pickle("names_dataset", "v3/first_names.pkl.gz")
        surname_table = load_pickle("names_dataset", "v3/last_names.pkl.gz")
        web2 = load_pickle_plain("english_words", "data/web2.pickle")
    except (ModuleNotFoundError, FileNotFoundError) as exc:
        print(f"build_names: needs names-dataset and english-words installed ({exc})", file=sys.stderr)
        return 3
    words = {key(w) for w in web2 if w.islower()}
    given = select(given_table, GIVEN_RANKS)
    surnames = select(surname_table, SURNAME_RANKS)
    given_lines = [f"{k}\t{'w' if k in words else ''}" for k in sorted(given)]
    surname_lines = sorted(surnames)
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    write(OUT_DIR / "given_names.txt.gz", header(given_lines, "given names", GIVEN_RANKS), given_lines)
    write(OUT_DIR / "surnames.txt.gz", header(surname_lines, "surnames", SURNAME_RANKS), surname_lines)
    print(f"given names: {len(given_lines)}, surnames: {len(surname_lines)} -> {OUT_DIR}")
    return 0


def load_pickle_plain(package: str, path: str) -> set[str]:
    with resources.files(package).joinpath(path).open("rb") as fh:
        return pickle.load(fh)


if __name__ == "__main__":
    sys.exit(main())
