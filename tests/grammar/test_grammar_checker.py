"""GrammarChecker against the real LanguageTool server.

Requests are counted on the wire: the checker talks to a small forwarding
proxy on 127.0.0.1 that records every request before passing it to
LanguageTool, so "no request" means no bytes reached the server.
"""

from __future__ import annotations

import socket
import threading
import time
import urllib.parse
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from assistant.core.model import Applicability, Severity
from assistant.grammar import CITATION, GrammarChecker, GrammarUnavailable, split_paragraphs
from assistant.grammar.checker import utf16_to_index

pytestmark = pytest.mark.languagetool


class CountingProxy:
    """Forwards to LanguageTool and keeps (path, form fields) of each request."""

    def __init__(self, upstream: str):
        self.requests: list[tuple[str, dict[str, str]]] = []
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            def _forward(self, body: bytes | None) -> None:
                fields = dict(urllib.parse.parse_qsl(body.decode() if body else urllib.parse.urlsplit(self.path).query))
                proxy.requests.append((urllib.parse.urlsplit(self.path).path, fields))
                req = urllib.request.Request(upstream + self.path, data=body, method=self.command)
                if body is not None:
                    req.add_header("Content-Type", self.headers.get("Content-Type", ""))
                with urllib.request.urlopen(req, timeout=60) as r:
                    payload, status = r.read(), r.status
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def do_GET(self) -> None:
                self._forward(None)

            def do_POST(self) -> None:
                self._forward(self.rfile.read(int(self.headers.get("Content-Length", 0))))

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def checks(self) -> list[str]:
        return [fields["text"] for path, fields in self.requests if path.endswith("/check")]

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def proxy(languagetool_url):
    p = CountingProxy(languagetool_url)
    yield p
    p.stop()


@pytest.fixture
def checker(proxy):
    with GrammarChecker(proxy.url, timeout=30) as c:
        yield c


def only(hints, code):
    found = [h for h in hints if h.code == code]
    assert found, f"no {code} in {[h.code for h in hints]}"
    return found


# -- pure helpers -------------------------------------------------------------


def test_split_paragraphs_keeps_offsets():
    text = "  First line\nwrapped.\n\n \nSecond.\r\n\r\nThird\n"
    paras = split_paragraphs(text)
    assert [p for _, p in paras] == ["  First line\nwrapped.", "Second.", "Third\n"]
    for start, para in paras:
        assert text[start : start + len(para)] == para
    assert split_paragraphs("") == [] and split_paragraphs("\n \n\n") == []


def test_utf16_units_to_python_index():
    text = "a😀b"  # the emoji is two UTF-16 units
    assert utf16_to_index(text, 1) == 1
    assert utf16_to_index(text, 3) == 2
    assert utf16_to_index(text, 4) == 3


# -- against the server ---------------------------------------------------------


def test_misspelling_is_flagged_with_its_span(checker):
    text = "Hello team,\n\nPlease review the atached agenda before Monday."
    [hint] = only(checker.check(text), "GR:MORFOLOGIK_RULE_EN_US")
    start = text.index("atached")
    assert (hint.spans[0].start, hint.spans[0].end) == (start, start + len("atached"))
    assert hint.excerpts == ("atached",)
    assert hint.name == "morfologik_rule_en_us"
    assert hint.severity is Severity.WARNING
    assert hint.citation == CITATION
    assert hint.fix == "grammar" and hint.suggestion == "attached"
    # Several candidate words: the author must choose, so not a safe fix.
    assert hint.applicability is Applicability.UNSAFE


def test_offsets_survive_emoji_and_later_paragraphs(checker):
    text = "Hi 😀 all 🎉,\n\nThe meeting is tommorow 👍 in room 5.\n\nSee yuo there."
    hints = checker.check(text)
    excerpts = {h.excerpts[0] for h in hints}
    assert {"tommorow", "yuo"} <= excerpts
    for h in hints:
        assert text[h.spans[0].start : h.spans[0].end] == h.excerpts[0]


def test_single_replacement_is_a_safe_fix_and_grammar_is_info(checker):
    text = "We need an other room. This are the notes."
    hints = checker.check(text)
    [compound] = only(hints, "GR:EN_COMPOUNDS_AN_OTHER")
    assert compound.applicability is Applicability.SAFE and compound.suggestion == "another"
    grammar = [h for h in hints if h.excerpts[0].startswith("This are") or h.excerpts[0] in ("This", "are")]
    assert grammar and all(h.severity is Severity.INFO for h in grammar)


def test_second_check_of_same_text_sends_nothing(checker, proxy):
    text = "First paragraph with a mistaek.\n\nSecond paragraph is fine."
    first = checker.check(text)
    assert len(proxy.checks()) == 1
    before = len(proxy.requests)
    second = checker.check(text)
    assert len(proxy.requests) == before  # not one byte to the server
    assert second == first and first


def test_editing_one_paragraph_resends_only_that_paragraph(checker, proxy):
    paras = ["Dear parents,", "The field trip is on Friday.", "Please sign the form and retrun it.", "Thank you."]
    checker.check("\n\n".join(paras))
    assert proxy.checks() == ["\n\n".join(paras)]  # all new: one request with every paragraph
    paras[1] = "The field trip is on Fridya."
    edited = "\n\n".join(paras)
    hints = checker.check(edited)
    assert proxy.checks()[1:] == ["The field trip is on Fridya."]
    # Results for unchanged paragraphs still land at the right offsets.
    assert {"Fridya", "retrun"} <= {h.excerpts[0] for h in hints}
    for h in hints:
        assert edited[h.spans[0].start : h.spans[0].end] == h.excerpts[0]


def test_moved_paragraphs_come_from_cache_at_new_offsets(checker, proxy):
    a, b = "Alpha paragraph has a speling error.", "Beta paragraph is fine."
    checker.check(f"{a}\n\n{b}")
    swapped = f"{b}\n\n\n{a}"
    hints = checker.check(swapped)
    assert len(proxy.checks()) == 1
    [h] = only(hints, "GR:MORFOLOGIK_RULE_EN_US")
    assert swapped[h.spans[0].start : h.spans[0].end] == "speling"


def test_empty_text_needs_no_server():
    # Nothing listens on this URL: an empty draft must not even try.
    assert GrammarChecker("http://127.0.0.1:9").check("") == []
    assert GrammarChecker("http://127.0.0.1:9").check("\n \n") == []


def test_server_stopped_gives_grammar_unavailable(proxy):
    checker = GrammarChecker(proxy.url, timeout=5)
    cached_text = "A sentence with a tipo."
    hints = checker.check(cached_text)
    proxy.stop()  # the server is gone: its port refuses connections
    t0 = time.monotonic()
    with pytest.raises(GrammarUnavailable, match="not answering"):
        checker.check("A brand new paragraph.")
    assert time.monotonic() - t0 < 10  # refused, not hung
    # What is cached still works without the server.
    assert checker.check(cached_text) == hints


def test_unreachable_server_on_first_use():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # closed again below: nothing listens
    with pytest.raises(GrammarUnavailable, match=f"127.0.0.1:{port}"):
        GrammarChecker(f"http://127.0.0.1:{port}", timeout=2).check("Some text.")


def test_hung_server_times_out():
    # Accepts connections but never answers: the checker must give up, not hang.
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    try:
        url = f"http://127.0.0.1:{listener.getsockname()[1]}"
        t0 = time.monotonic()
        with pytest.raises(GrammarUnavailable):
            GrammarChecker(url, timeout=1).check("Some text.")
        assert time.monotonic() - t0 < 15
    finally:
        listener.close()


def test_bad_url_is_a_clear_error():
    with pytest.raises(ValueError, match="http"):
        GrammarChecker("localhost:8081")


# -- the plain HTTP client's contract with the server ----------------------------


def test_language_is_resolved_against_the_servers_list(proxy):
    with GrammarChecker(proxy.url, language="en_us", timeout=30) as c:
        assert only(c.check("Please review the atached agenda."), "GR:MORFOLOGIK_RULE_EN_US")
    [(_, form)] = [r for r in proxy.requests if r[0].endswith("/check")]
    assert form["language"] == "en-US"


def test_unsupported_language_is_a_clear_error(languagetool_url):
    with pytest.raises(ValueError, match="does not support 'xx-YY'"):
        GrammarChecker(languagetool_url, language="xx-YY").check("Some text.")


def test_disabled_rules_are_not_reported(proxy):
    text = "Please review the atached agenda. This are the notes."
    with GrammarChecker(proxy.url, timeout=30, disabled_rules={"MORFOLOGIK_RULE_EN_US"}) as c:
        codes = {h.code for h in c.check(text)}
    assert "GR:MORFOLOGIK_RULE_EN_US" not in codes and codes  # the grammar rule still fires
    [(_, form)] = [r for r in proxy.requests if r[0].endswith("/check")]
    assert form["disabledRules"] == "MORFOLOGIK_RULE_EN_US"


def test_a_refused_request_says_why():
    """A server that lists English but refuses the check (as LanguageTool does past its
    text limit, with HTTP 413 and a plain-text reason)."""

    class Refusing(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self._answer(200, b'[{"name": "English (US)", "code": "en", "longCode": "en-US"}]')

        def do_POST(self) -> None:
            self.rfile.read(int(self.headers.get("Content-Length", 0)))
            self._answer(413, b"Error: Your text exceeds the limit of 10000 characters\n")

        def _answer(self, status: int, body: bytes) -> None:
            self.send_response(status)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Refusing)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        with pytest.raises(GrammarUnavailable, match=r"refused the request \(HTTP 413: Error: Your text exceeds"):
            GrammarChecker(f"http://127.0.0.1:{server.server_address[1]}", timeout=5).check("Some text.")
    finally:
        server.shutdown()
        server.server_close()
