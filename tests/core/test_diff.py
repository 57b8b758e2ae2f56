"""assistant.core.diff: a correct edit script always, difflib's text where the match is clear,
and a work count that grows with the input, not its square."""

from __future__ import annotations

import difflib
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.core.diff import Matcher, line_ops, opcodes, preview_lines, unified_diff

HUNK = re.compile(r"^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@$")


def apply_patch(a: list[str], patch: str) -> list[str]:
    """Apply a unified diff to ``a``, checking every context and removed line and each hunk's counts."""
    if not patch:
        return list(a)
    rows = patch.split("\n")
    assert rows[0].startswith("--- ") and rows[1].startswith("+++ ")
    out: list[str] = []
    pos = 0
    k = 2
    while k < len(rows):
        m = HUNK.match(rows[k])
        assert m, rows[k]
        a_start, a_len = int(m[1]), int(m[2] or 1)
        b_len = int(m[4] or 1)
        start = a_start - 1 if a_len else a_start
        assert start >= pos
        out += a[pos:start]
        pos = start
        k += 1
        seen_a = seen_b = 0
        while k < len(rows) and not rows[k].startswith("@@ "):
            sign, text = rows[k][0], rows[k][1:]
            if sign in " -":
                assert a[pos] == text
                pos += 1
                seen_a += 1
            if sign in " +":
                out.append(text)
                seen_b += 1
            k += 1
        assert (seen_a, seen_b) == (a_len, b_len)
    return out + a[pos:]


lines = st.lists(st.sampled_from(["", "a", "b", "c", "<p>", "Thanks,", "-- ", "@@ x"]), max_size=40)


@settings(max_examples=300, deadline=None)
@given(lines, lines)
def test_ops_rebuild_both_sides(a, b):
    ops = line_ops(a, b)
    assert [t for op, t in ops if op != "insert"] == a
    assert [t for op, t in ops if op != "delete"] == b
    assert {op for op, _ in ops} <= {"equal", "delete", "insert"}


@settings(max_examples=300, deadline=None)
@given(lines, lines, st.integers(0, 4))
def test_unified_is_a_valid_patch(a, b, n):
    patch = unified_diff(a, b, n=n)
    assert apply_patch(a, patch) == b
    # Empty exactly when difflib finds no change.
    assert (patch == "") == (a == b)


@settings(max_examples=200, deadline=None)
@given(st.integers(0, 60), st.integers(0, 60), st.integers(0, 10), st.integers(0, 10))
def test_same_text_as_difflib_when_the_match_is_unambiguous(size, at, cut, added):
    # Distinct lines, one region replaced: there is one best match, and both must find it.
    a = [f"line {i}" for i in range(size)]
    at = min(at, size)
    b = a[:at] + [f"new {i}" for i in range(added)] + a[at + cut :]
    want = "\n".join(difflib.unified_diff(a, b, "x (before)", "x (after)", lineterm=""))
    assert unified_diff(a, b, "x (before)", "x (after)") == want


def test_large_input_with_few_changes_does_linear_work():
    a = [f"<tr><td>row {i}</td></tr>" for i in range(200_000)]
    b = list(a)
    b[10] = "<tr><td>changed</td></tr>"
    del b[50_000:50_003]
    b.insert(120_000, "<p>inserted</p>")
    b += ["-- ", "Jane Doe", "CONFIDENTIALITY NOTICE"]
    m = Matcher(a, b)
    codes = m.get_opcodes()
    # A quadratic matcher would make ~4e10 comparisons; this one touches each line a few times.
    assert m.work <= 4 * (len(a) + len(b))
    assert sum(i2 - i1 for tag, i1, i2, _, _ in codes if tag != "equal") == 1 + 3
    assert sum(j2 - j1 for tag, _, _, j1, j2 in codes if tag != "equal") == 1 + 1 + 3
    assert apply_patch(a, unified_diff(a, b)) == b


def test_many_changes_stay_within_the_budget_and_still_rebuild_b():
    # Repeated lines only (no anchors) and changes everywhere: the worst case for a line diff.
    a = ["<br>" if i % 3 else "" for i in range(60_000)]
    b = ["" if i % 5 else "<br>" for i in range(60_000)]
    m = Matcher(a, b)
    m.get_opcodes()
    assert m.work <= m.budget
    assert m.budget <= 40 * (len(a) + len(b))
    assert apply_patch(a, unified_diff(a, b)) == b


def test_exhausted_budget_falls_back_to_one_replace_block():
    a = [f"a{i}" for i in range(1000)]
    b = [f"b{i}" for i in range(1000)] + ["a5"]
    m = Matcher(a, b, budget=10)
    assert m.get_opcodes() == [("replace", 0, 1000, 0, 1001)]
    assert apply_patch(a, unified_diff(a, b)) == b


def test_preview_is_bounded_and_marks_what_it_leaves_out():
    a = [f"line {i}" for i in range(10_000)]
    b = a[:5000] + ["new"] + a[5000:]
    lines = preview_lines(opcodes(a, b), a, b)
    assert lines == [
        {"op": "gap", "text": "", "count": 4998},
        {"op": "equal", "text": "line 4998"},
        {"op": "equal", "text": "line 4999"},
        {"op": "insert", "text": "new"},
        {"op": "equal", "text": "line 5000"},
        {"op": "equal", "text": "line 5001"},
        {"op": "gap", "text": "", "count": 4998},
    ]
    assert preview_lines(opcodes(a, a), a, a) == []
    many = [f"other {i}" for i in range(10_000)]
    capped = preview_lines(opcodes(a, many), a, many, max_lines=100)
    assert len(capped) == 101
    assert capped[-1] == {"op": "gap", "text": "", "count": 20_000 - 100}


def test_fix_preview_shows_an_edit_past_the_checked_part():
    # check() reads the first MAX_CHECK_CHARS; the preview of a fix must show all of it.
    from assistant.core import fixes
    from assistant.core.content import MAX_CHECK_CHARS
    from assistant.core.model import Draft
    from assistant.policy import default_policy
    try:
        from assistant.app.diff import diff_drafts
    except ImportError:  # before the application layer left the server package
        from assistant.server.service import diff_drafts

    para = "<p>Families, the field trip leaves at 8:45 on Tuesday; pack a lunch.</p>\n"
    html = "<html><body>" + para * (MAX_CHECK_CHARS // len(para) + 10) + "<p>Thanks,<br>Dana</p></body></html>"
    before = Draft(subject="Field trip on Tuesday", html=html)
    after, _ = fixes.apply(before, ["notice"], policy=default_policy())
    diff = diff_drafts(before, after)
    inserted = " ".join(line["text"] for line in diff["lines"] if line["op"] == "insert")
    assert "CONFIDENTIALITY NOTICE" in inserted.upper()
    assert not [line for line in diff["lines"] if line["op"] == "delete"]
    # Long unchanged runs are gaps, not 14,000 lines of JSON.
    assert len(diff["lines"]) < 100
    assert diff["lines"][0]["op"] == "gap" and diff["lines"][0]["count"] > 10_000


@settings(max_examples=300, deadline=None)
@given(lines, lines, st.integers(0, 400), st.sampled_from([0, 4, 40_000]))
def test_every_path_gives_a_correct_script(a, b, budget, small):
    # Forcing the anchor walk (no difflib for small gaps) and tight budgets (coarse
    # blocks) on small inputs: every path must still turn a into b.
    from unittest.mock import patch

    import assistant.core.diff as diff_mod

    with patch.object(diff_mod, "SMALL_PRODUCT", small):
        m = Matcher(a, b, budget=budget)
        codes = m.get_opcodes()
    i = j = 0
    for tag, i1, i2, j1, j2 in codes:
        assert (i1, j1) == (i, j)  # contiguous, in order, covering both sides
        if tag == "equal":
            assert a[i1:i2] == b[j1:j2]
        i, j = i2, j2
    assert (i, j) == (len(a), len(b))
    assert apply_patch(a, diff_mod.format_unified(codes, a, b)) == b
