"""Where the new text ends: the product's splitter, the quote detector alone, a learned baseline.

    python bench/eval_quotes.py [--corpora DIR] [--show-errors N] [--no-learned] [--learner logreg|gbt]
                                [--no-placement]

Zones, per non-blank line: ``N`` new text, ``S`` signature of the new text,
``H`` quoted header (separators, attributions, header blocks of every older
message), ``Q`` quoted body. Blank lines are not scored (the annotations leave
them in whichever zone their neighbours are).

Data (outside the repo, never copied into it; the bench skips when absent):

1. Quagga zone annotations (Repke & Krestel, ECIR 2018) in
   ``quagga-zones``: ``annotated_all/{train,test}/*.txt.ann`` (JSON: ``text`` is
   the body, ``denotations`` are character spans typed ``Body``, ``Header``,
   ``Body/Signature``, ``Body/Intro``, ``Body/Outro`` …; the ``.txt`` next to
   it is the raw message) and ``annotated_lines/*`` (raw RFC 822 message whose
   body lines are prefixed ``B>`` body, ``H>`` header, ``S>`` signature).
   Quagga's own train/test split is ignored: both halves are our *dev* data.
   Mapping: ``Header`` -> H; everything from the first ``Header`` on that is not
   a header -> Q; before it, ``Body/Signature`` -> S, everything else (Body,
   Intro, Outro, PS, attachments) -> N.

   SPLIT RULE (also in tests/data/quotes/SPLIT.md): a message is in the
   *dev-tune* part when ``int(sha256(basename).hexdigest(), 16) % 2 == 0``
   (basename of the annotated text file, e.g. ``arora-h_sent_items_57.txt`` or
   ``maildir_allen-p_all_documents_196.``), otherwise in the *dev-holdout*
   part. The detector and the learned classifier were only ever tuned or
   trained on dev-tune; dev-holdout is reported, never looked into.

2. Reply fixtures: ``reply-fixtures`` (open-source mail libraries' tests, see
   SOURCE.txt there) and the project's own ``tests/fixtures/replies``. Their
   first quoted line was labelled by hand in
   ``tests/data/quotes/reply_fixture_labels.tsv`` (file, style, line).

Figures: line accuracy over the 4 zones, split accuracy (new-or-signature vs
quoted), and the main figure, *new-text boundary accuracy*: the fraction of
messages where the first quoted line is found exactly (no quote found when
there is none). "fix placement" runs ``assistant.core.fixes.apply(draft, ["signature"])`` (what
``fix --only signature`` applies) with a test signature and counts replies whose signature lands directly between the new
text and the first quoted line.

Columns: "splitter" is the product's own path (``assistant.core.content.explain``:
the same split ``parse`` makes, HTML fixtures through their markup, signature by
the product's signature finder); "detector" is ``assistant.core.quotes`` alone on
the lines; "learned" is the scikit-learn line classifier. Speed: the splitter's
plain-text split (``content.split_text``) per message, line caches cleared.
"""

from __future__ import annotations

import argparse
import collections
import hashlib
import json
import re
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import assistant.core.content as content  # noqa: E402
from assistant.core import quotes  # noqa: E402
from assistant.core.fixes import FixError  # noqa: E402
from assistant.core.fixes import apply as apply_fixes  # noqa: E402
from assistant.core.model import Draft  # noqa: E402
from assistant.core.quotes import patterns as qp  # noqa: E402
from assistant.core.quotes.attribution import attribution_at, separator_at  # noqa: E402
from assistant.core.signature import Signature  # noqa: E402

LABELS = ROOT / "tests" / "data" / "quotes" / "reply_fixture_labels.tsv"
ZONES = "NSHQ"
SIG = Signature.from_config({"name": "Quentin Testwell", "title": "Bench Signature", "phone": "(925) 555-0199"})


# --- data ------------------------------------------------------------------------


@dataclass
class Message:
    name: str
    part: str  # "tune" | "holdout" | "fixture"
    style: str
    lines: list[str]
    gold: list[str | None]  # zone per line, None for blank lines
    html: str | None = None  # HTML fixtures: split by the markup too, as the product does

    def __post_init__(self) -> None:
        self.gold = [None if not ln.strip() else z for ln, z in zip(self.lines, self.gold)]

    @property
    def text(self) -> str:
        return "\n".join(self.lines)

    @property
    def boundary(self) -> int | None:
        return next((i for i, z in enumerate(self.gold) if z in ("H", "Q")), None)


_QP_SOFT_BREAK = re.compile(r"=$")


def unqp(line: str) -> str:
    """Undo quoted-printable leftovers the archive kept (``=09`` tab, ``=20`` space,
    a soft line break ``=`` at the end), line by line so the annotation stays aligned.
    A real draft reaches the splitter decoded."""
    if "=" not in line:
        return line
    return _QP_SOFT_BREAK.sub("", line.replace("=09", "\t").replace("=20", " ").replace("=3D", "="))


def part_of(basename: str) -> str:
    return "tune" if int(hashlib.sha256(basename.encode()).hexdigest(), 16) % 2 == 0 else "holdout"


def _style(lines: list[str], gold: list[str | None]) -> str:
    """Client style of the first quoted header, read from the gold annotation."""
    first = next((i for i, z in enumerate(gold) if z in ("H", "Q")), None)
    if first is None:
        return "no quote"
    head = [ln for ln, z in zip(lines[first : first + 12], gold[first : first + 12]) if z == "H"]
    top = head[0].lower() if head else lines[first].lower()
    block = "\n".join(head).lower()
    if "forwarded by" in top:
        return "lotus forward"
    if "original message" in top or re.match(r"\s*(from|de)\s*:", top) and re.search(r"^\s*(sent|enviado)\s*:", block, re.M):
        return "outlook"
    if "wrote" in block or "escribi" in block:
        return "attribution"
    if re.search(r"\bon \d{1,2}/\d{1,2}/\d{2,4}", block) or qp.is_datetime_line(head[1] if len(head) > 1 else ""):
        return "lotus notes"
    if gold[first] == "Q" and qp.quote_depth(lines[first]):
        return "> quoting"
    return "other"


def _zone_of_spans(text: str, denotations: list[dict]) -> tuple[list[str], list[str | None]]:
    headers = [(d["start"], d["end"]) for d in denotations if d["type"] == "Header"]
    sigs = [(d["start"], d["end"]) for d in denotations if d["type"] == "Body/Signature"]
    first = min((a for a, _ in headers), default=None)
    lines = text.split("\n")
    gold: list[str | None] = []
    pos = 0
    for line in lines:
        a = pos + len(line) - len(line.lstrip())
        b = pos + len(line.rstrip())
        pos += len(line) + 1
        if not line.strip():
            gold.append(None)
        elif any(s < b and a < e for s, e in headers):
            gold.append("H")
        elif first is not None and a >= first:
            gold.append("Q")
        elif any(s < b and a < e for s, e in sigs):
            gold.append("S")
        else:
            gold.append("N")
    return [unqp(ln) for ln in lines], gold


def quagga(folder: Path) -> Iterator[Message]:
    for ann in sorted(folder.glob("annotated_all/*/*.txt.ann")):
        data = json.loads(ann.read_text("utf-8"))
        lines, gold = _zone_of_spans(data["text"], data["denotations"])
        name = ann.name[: -len(".ann")]
        yield Message(name, part_of(name), _style(lines, gold), lines, gold)
    for path in sorted((folder / "annotated_lines").glob("*")):
        raw = path.read_text("utf-8", "replace")
        _, _, body = raw.partition("\n\n")
        lines, gold, seen = [], [], False
        for row in body.split("\n"):
            tag, line = (row[0], row[2:]) if row[1:2] == ">" else ("", row)
            line = unqp(line)
            lines.append(line)
            if not line.strip():
                gold.append(None)
            elif tag == "H":
                seen = True
                gold.append("H")
            else:
                gold.append("Q" if seen else ("S" if tag == "S" else "N"))
        yield Message(path.name, part_of(path.name), _style(lines, gold), lines, gold)


def _fixture_html(path: Path) -> str | None:
    if path.suffix not in (".html", ".htm"):
        return None
    raw = path.read_bytes()
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("cp1251", "replace")


def _fixture_text(path: Path) -> str:
    raw = path.read_bytes()
    if path.suffix == ".eml":
        import email
        import email.policy

        msg = email.message_from_bytes(raw, policy=email.policy.default)
        part = next((p for p in msg.walk() if p.get_content_type() == "text/plain"), None)
        return part.get_content() if part is not None else ""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        text = raw.decode("cp1251", "replace")
    if path.suffix in (".html", ".htm"):
        from assistant.core.htmltext import parse_html, render

        text = render(parse_html(text)).text
    return text.replace("\r\n", "\n").replace("\r", "\n")


def fixtures(corpora: Path) -> Iterator[Message]:
    """Reply fixtures with a hand-labelled first quoted line (1-based; 0 = no quote)."""
    if not LABELS.exists():
        return
    for row in LABELS.read_text("utf-8").splitlines():
        if not row.strip() or row.startswith("#"):
            continue
        rel, style, first, *rest = row.split("\t")
        path = ROOT / rel if rel.startswith("tests/") else corpora / "reply-fixtures" / rel
        if not path.exists():
            continue
        lines = _fixture_text(path).split("\n")
        cut = int(first) - 1 if int(first) > 0 else len(lines)
        resume = int(rest[0]) - 1 if rest and rest[0].strip() else len(lines)
        gold = [
            None if not ln.strip() else ("Q" if cut <= i < resume else "N") for i, ln in enumerate(lines)
        ]
        yield Message(rel, "fixture", style, lines, gold, _fixture_html(path))


# --- predictors ------------------------------------------------------------------------


def _line_of(text: str, offset: int) -> int:
    return text.count("\n", 0, offset)


def _signature_lines(new_lines: list[str], offset: int, out: list[str | None]) -> None:
    text = "\n".join(new_lines).rstrip()
    sig = content.find_text_signature(text)
    if sig is None:
        return
    first, last = _line_of(text, sig.start), _line_of(text, max(sig.start, sig.end - 1))
    for k in range(first, last + 1):
        if out[offset + k] is not None:
            out[offset + k] = "S"


_ZONE = {"new": "N", "signature": "S", "notice": "N", "quote-header": "H", "quote": "Q"}


def predict_splitter(m: Message) -> tuple[list[str | None], int | None]:
    """The product's split (``content.explain``), HTML through its markup."""
    draft = Draft(html=m.html) if m.html is not None else Draft(text=m.text)
    e = content.explain(draft)
    if len(e.lines) != len(m.lines):  # a rendering that does not line up: fall back to the text
        e = content.explain(Draft(text=m.text))
    out: list[str | None] = [None if not ln.strip() else _ZONE[z] for ln, z in zip(m.lines, e.zones)]
    return out, e.quote_start


def predict_detector(m: Message) -> tuple[list[str | None], int | None]:
    """``assistant.core.quotes`` alone on the lines (HTML fixtures as rendered text)."""
    found = quotes.find_quote_start(m.lines)
    z = quotes.zones(m.lines, found)
    tag = {quotes.NEW: "N", quotes.QUOTE_HEADER: "H", quotes.QUOTE_BODY: "Q"}
    out: list[str | None] = [None if not ln.strip() else tag[zz] for ln, zz in zip(m.lines, z)]
    cut = found.line if found else len(m.lines)
    _signature_lines(m.lines[:cut], 0, out)
    if found is not None and found.new_start is not None:
        _signature_lines(m.lines[found.new_start :], found.new_start, out)
    return out, (found.line if found else None)


# --- a learned line classifier (bench only: the product never trains or downloads) ---


def _line_features(lines: list[str], i: int) -> list[float]:
    if i < 0 or i >= len(lines):
        return [0.0] * 17 + [1.0]
    line = lines[i]
    s = line.strip()
    lab = qp.label(line)
    kinds = [float(lab is not None and lab[0] == k) for k in (qp.FROM, qp.DATE, qp.TO, qp.CC, qp.SUBJECT)]
    return kinds + [
        float(qp.is_blank(line)),
        min(len(s), 200) / 200,
        float(line[:1] in " \t"),
        float(qp.has_date(s)),
        float(qp.has_address(s)),
        float(qp.is_datetime_line(line)),
        float(qp.is_name_line(line)),
        float(qp.is_sender_date_line(line)),
        float(bool(separator_at(lines, i))),
        float(bool(attribution_at(lines, i))),
        float(qp.quote_depth(line) > 0),
        float(bool(qp.RULE_LINE.match(line))),
        0.0,
    ]


def _features(lines: list[str]) -> list[list[float]]:
    per = [_line_features(lines, i) for i in range(len(lines))]
    pad = _line_features(lines, -1)
    rows = []
    seen_label = 0.0
    n = max(1, len(lines))
    for i in range(len(lines)):
        row = [i / n, min(i, 50) / 50, seen_label]
        for d in (-3, -2, -1, 0, 1, 2, 3):
            row += per[i + d] if 0 <= i + d < len(lines) else pad
        rows.append(row)
        if per[i][0] or per[i][1] or per[i][8] or per[i][9]:
            seen_label = 1.0
    return rows


class Learned:
    """Logistic regression over line features, trained on dev-tune annotations."""

    def __init__(self, train: list[Message], model: object | None = None) -> None:
        from sklearn.linear_model import LogisticRegression

        xs, ys = [], []
        for m in train:
            for row, z in zip(_features(m.lines), m.gold):
                if z is not None:
                    xs.append(row)
                    ys.append(z)
        self.model = (model or LogisticRegression(max_iter=3000, C=1.0)).fit(xs, ys)

    def predict(self, m: Message) -> tuple[list[str | None], int | None]:
        rows = _features(m.lines)
        pred = list(self.model.predict(rows)) if rows else []
        out: list[str | None] = [None if not ln.strip() else z for ln, z in zip(m.lines, pred)]
        # One boundary: the first line predicted a quoted header, else the first of three
        # non-blank lines in a row predicted quoted body; everything after it is quoted.
        cut = next((i for i, z in enumerate(out) if z == "H"), None)
        if cut is None:
            body = [i for i, z in enumerate(out) if z is not None]
            cut = next(
                (body[k] for k in range(len(body) - 2) if all(out[body[k + d]] == "Q" for d in range(3))), None
            )
        if cut is not None:
            for i in range(cut, len(out)):
                if out[i] in ("N", "S"):
                    out[i] = "Q"
        return out, cut


# --- fix placement --------------------------------------------------------------------------


def placement_ok(m: Message) -> bool:
    """The inserted signature sits right after the new text and before the first quoted line."""
    try:
        draft = Draft(html=m.html) if m.html is not None else Draft(text=m.text)
        # fixes.apply, not fix_draft: fix_draft skips drafts that already have a signature.
        after, _ = apply_fixes(draft, ["signature"], signature=SIG)
    except FixError:
        return False
    if m.html is not None:
        from assistant.core.htmltext import parse_html, render

        result = render(parse_html(after.html or "")).text
    else:
        result = (after.text or "").replace("\r\n", "\n")
    at = result.find(SIG.name)
    if at == -1:
        return False
    before = [ln.strip() for ln in result[:at].split("\n") if ln.strip()]
    if before and before[-1] == "--":
        before.pop()
    wanted = [ln.strip() for ln, z in zip(m.lines, m.gold) if z is not None][: sum(1 for z in m.gold[: m.boundary] if z)]
    return before == wanted


# --- scoring -----------------------------------------------------------------------------------


@dataclass
class Score:
    lines: int = 0
    zone_ok: int = 0
    split_ok: int = 0
    messages: int = 0
    boundary_ok: int = 0

    def add(self, m: Message, pred: list[str | None], cut: int | None) -> bool:
        for g, p in zip(m.gold, pred):
            if g is None:
                continue
            if m.part == "fixture":  # labelled new vs quoted only
                p = "Q" if p in ("H", "Q") else "N"
            self.lines += 1
            self.zone_ok += g == p
            self.split_ok += (g in "NS") == ((p or "N") in "NS")
        self.messages += 1
        ok = _first_nonblank(m.lines, cut) == m.boundary
        self.boundary_ok += ok
        return ok

    def row(self) -> str:
        return (
            f"{self.zone_ok / max(1, self.lines):.3f}  {self.split_ok / max(1, self.lines):.3f}  "
            f"{self.boundary_ok / max(1, self.messages):.3f} ({self.boundary_ok}/{self.messages})"
        )


def _first_nonblank(lines: list[str], cut: int | None) -> int | None:
    if cut is None:
        return None
    return next((i for i in range(cut, len(lines)) if lines[i].strip()), None)


def evaluate(
    msgs: list[Message], predictors: dict[str, Callable[[Message], tuple[list[str | None], int | None]]], show: int
) -> dict[str, dict[str, Score]]:
    table: dict[str, dict[str, Score]] = {k: collections.defaultdict(Score) for k in predictors}
    shown = 0
    for m in msgs:
        for key, fn in predictors.items():
            pred, cut = fn(m)
            ok = table[key]["all"].add(m, pred, cut)
            table[key][m.style].add(m, pred, cut)
            if not ok and key == "splitter" and shown < show:
                shown += 1
                got = _first_nonblank(m.lines, cut)
                print(f"  miss {m.name} [{m.style}] gold={m.boundary} got={got}")
                for i in sorted({x for x in (m.boundary, got) if x is not None}):
                    for k in range(max(0, i - 2), min(len(m.lines), i + 3)):
                        print(f"     {k:4d} {m.gold[k] or '.'} {m.lines[k][:100]!r}")
    return table


def report(title: str, table: dict[str, dict[str, Score]]) -> None:
    print(f"\n{title}")
    print(f"  {'style':<16} {'n':>4}  " + "  ".join(f"{k + ': zone  split  boundary':<36}" for k in table))
    first = next(iter(table.values()))
    styles = ["all"] + sorted(s for s in first if s != "all")
    for s in styles:
        cells = "  ".join(f"{table[k][s].row():<36}" for k in table)
        print(f"  {s:<16} {first[s].messages:>4}  {cells}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--corpora", type=Path, default=ROOT.parent / "shared" / "corpora")
    ap.add_argument("--show-errors", type=int, default=0, metavar="N", help="print N misses of the splitter (dev-tune only)")
    ap.add_argument("--no-learned", action="store_true", help="skip the scikit-learn comparison")
    ap.add_argument("--learner", choices=("logreg", "gbt"), default="logreg", help="the learned model (default logreg)")
    ap.add_argument("--no-placement", action="store_true", help="skip the fix placement runs")
    args = ap.parse_args(argv)
    folder = args.corpora / "quagga-zones"
    if not folder.is_dir():
        print(f"skipped: no corpora at {args.corpora}")
        return 0
    msgs = list(quagga(folder))
    tune = [m for m in msgs if m.part == "tune"]
    hold = [m for m in msgs if m.part == "holdout"]
    fx = list(fixtures(args.corpora))
    predictors: dict[str, Callable] = {"splitter": predict_splitter, "detector": predict_detector}
    if not args.no_learned:
        try:
            t0 = time.perf_counter()
            model = None
            if args.learner == "gbt":
                from sklearn.ensemble import HistGradientBoostingClassifier

                model = HistGradientBoostingClassifier(max_iter=300)
            learned = Learned(tune, model)
            predictors["learned"] = learned.predict
            print(f"learned classifier trained on {len(tune)} dev-tune messages in {time.perf_counter() - t0:.1f}s")
        except ImportError:
            print("learned classifier skipped: scikit-learn is not installed")
    print("columns: line zone accuracy (N/S/H/Q), split accuracy (new+signature vs quoted), new-text boundary accuracy")
    report(f"Quagga dev-tune ({len(tune)} messages)", evaluate(tune, predictors, args.show_errors))
    report(f"Quagga dev-holdout ({len(hold)} messages, never tuned on)", evaluate(hold, predictors, 0))
    if fx:
        fx_pred = {k: v for k, v in predictors.items() if k != "learned"}
        report(f"reply fixtures ({len(fx)} files, hand-labelled boundary; zones are N vs Q only)", evaluate(fx, fx_pred, 0))
    texts = [m.text for m in msgs]
    cached = (qp.label, qp.is_datetime_line, qp.is_name_line, qp.is_sender_date_line)
    t0 = time.perf_counter()
    for _ in range(3):
        for t in texts:
            for fn in cached:  # cold: every message is new to the line caches
                fn.cache_clear()
            content.split_text(t)
    n = 3 * len(texts)
    print(f"\nspeed over {len(texts)} dev messages x3: splitter {1e6 * (time.perf_counter() - t0) / n:.0f} us/message")
    if not args.no_placement:
        print("\nfix placement (signature directly between the new text and the first quoted line), replies only")
        for title, group in (("dev-tune", tune), ("dev-holdout", hold), ("fixtures", fx)):
            replies = [m for m in group if m.boundary is not None and any(z in "NS" for z in m.gold[: m.boundary] if z)]
            if not replies:
                continue
            ok = sum(placement_ok(m) for m in replies)
            print(f"  {title:<12} {ok / len(replies):.2f} ({ok}/{len(replies)})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
