"""The name lists load as sorted lists answered by bisection: same answers as sets."""

from __future__ import annotations

import gzip
from importlib import resources

from assistant.core import people


def _rows(name: str) -> list[str]:
    raw = resources.files("assistant.core").joinpath("data", name).read_bytes()
    return [ln for ln in gzip.decompress(raw).decode("utf-8").splitlines() if ln and not ln.startswith("#")]


def test_sorted_lists_answer_as_the_sets_of_the_files_do():
    lists = people.name_lists()
    rows = [r.partition("\t") for r in _rows("given_names.txt.gz")]
    given = {n for n, _, _ in rows}
    wordlike = {n for n, _, f in rows if "w" in f}
    surnames = set(_rows("surnames.txt.gz"))
    assert set(lists.given) == given and len(lists.given) == len(given)
    assert lists.wordlike == wordlike and set(lists.surnames) == surnames
    probes = ["jaylen", "gomez", "amber", "", "#", "zzzz", "aaron ", "Jaylen", "a", "z" * 40]
    for word in probes + [w + "x" for w in list(given)[:200]] + [w[:-1] for w in list(surnames)[:200]]:
        assert (word in lists.given) == (word in given), word
        assert (word in lists.surnames) == (word in surnames), word


def test_a_long_run_promotes_to_a_set_with_the_same_answers(monkeypatch):
    monkeypatch.setattr(people.SortedNames, "PROMOTE_AFTER", 3)
    names = people.SortedNames(["mateo", "ana", "", "luis"])
    answers = [(w, w in names) for w in ("ana", "bob", "luis", "mateo", "", "zoe", "ana")]
    assert names._set is not None
    assert answers == [("ana", True), ("bob", False), ("luis", True), ("mateo", True), ("", False), ("zoe", False), ("ana", True)]


def test_an_unusual_file_shape_is_read_line_by_line_to_the_same_sets():
    given = "# header\nana\t\nbo\tw\ncy\txw\n"
    surnames = "# header\ndiaz\nruiz\n"
    lists = people._parse_lists(given, surnames)
    assert set(lists.given) == {"ana", "bo", "cy"} and lists.wordlike == {"bo", "cy"}
    assert set(lists.surnames) == {"diaz", "ruiz"} and lists.headers == ("# header", "# header")
    crlf = people._parse_lists(given.replace("cy\txw\n", "").replace("\n", "\r\n"), surnames)
    assert set(crlf.given) == {"ana", "bo"} and crlf.wordlike == {"bo"}
