"""`mail-assistant fix` on files: in place, -o, stdout, --dry-run, exit codes."""

import email
import email.policy
import json

import pytest
from click.testing import CliRunner

from assistant.core.diff import unified_diff
from assistant.cli import cli
from assistant.commands.fix import fix

SIGNATURE = {"name": "Jane Doe", "title": "Teacher", "school": "Valle Verde Elementary", "phone": "925-555-0100"}
REPLY = (
    "Yes, Friday works.\r\n\r\n-----Original Message-----\r\nFrom: Maria <m@example.com>\r\n"
    "Sent: Monday\r\nTo: Jane\r\nSubject: Trip\r\n\r\nDoes Friday work? caf\xe9\r\n"
)


@pytest.fixture
def home(tmp_path, monkeypatch):
    h = tmp_path / "home"
    h.mkdir()
    (h / "config.json").write_text(json.dumps({"signature": SIGNATURE}))
    monkeypatch.setenv("MAIL_ASSISTANT_HOME", str(h))
    monkeypatch.delenv("MAIL_ASSISTANT_POLICY", raising=False)
    return h


def run(*args: str):
    return CliRunner().invoke(fix, list(args), catch_exceptions=False)


def test_commands_list():
    assert cli.get_command(None, "fix") is fix


def test_fixes_a_text_file_in_place_keeping_encoding_and_quote_bytes(home, tmp_path):
    f = tmp_path / "reply.txt"
    f.write_bytes(REPLY.encode("cp1252"))
    r = run(str(f))
    assert r.exit_code == 0, r.output
    data = f.read_bytes()
    quote = REPLY[REPLY.index("-----Original"):].encode("cp1252")
    assert data.endswith(quote)
    assert data.startswith(b"Yes, Friday works.\r\n\r\n-- \r\nJane Doe\r\nTeacher")
    assert b"CONFIDENTIALITY NOTICE" in data
    # Second run: nothing to fix, file untouched.
    mtime = f.stat().st_mtime_ns
    r = run(str(f))
    assert r.exit_code == 0 and "nothing to fix" in r.output
    assert f.read_bytes() == data and f.stat().st_mtime_ns == mtime


def test_dry_run_prints_a_diff_and_changes_nothing(home, tmp_path):
    f = tmp_path / "reply.html"
    html = "<html><body><div>Hi all</div><div>See you</div></body></html>"
    f.write_text(html)
    r = CliRunner().invoke(fix, [str(f), "--dry-run"])
    assert r.exit_code == 0
    assert r.stdout.startswith("--- reply.html (before)\n+++ reply.html (after)\n")
    assert "-" + html in r.stdout.splitlines() and "Jane Doe" in r.stdout and "CONFIDENTIALITY NOTICE" in r.stdout
    assert "would apply signature" in r.output
    assert f.read_text() == html
    # The diff is exactly the change of the bytes that are then written.
    assert run(str(f)).exit_code == 0
    written = f.read_text()
    assert r.stdout == unified_diff(html.splitlines(), written.splitlines(), "reply.html (before)", "reply.html (after)") + "\n"


def test_output_to_another_file_and_to_stdout(home, tmp_path):
    f = tmp_path / "a.html"
    f.write_text("<div>Hi</div>")
    out = tmp_path / "b.html"
    assert run(str(f), "-o", str(out)).exit_code == 0
    assert f.read_text() == "<div>Hi</div>" and 'data-mail-assistant="notice"' in out.read_text()
    r = CliRunner().invoke(fix, [str(f), "-o", "-", "--only", "notice"])
    assert r.exit_code == 0 and r.stdout.startswith("<div>Hi</div><div class=\"mdusd-notice\"")
    assert "signature" not in r.stdout.split("mdusd-notice")[0]


def test_eml_keeps_headers_and_attachments(home, tmp_path):
    msg = email.message.EmailMessage()
    msg["Subject"] = "Re: Trip"
    msg["From"] = "Jane Doe <jdoe@mdusd.org>"
    msg["To"] = "m@example.com"
    msg["Message-ID"] = "<abc@mdusd.org>"
    msg.set_content(REPLY.replace("\r\n", "\n"))
    msg.add_alternative("<div>Yes, Friday works.</div><div class=\"gmail_quote\">On Mon wrote:<blockquote>x</blockquote></div>", subtype="html")
    msg.add_attachment(b"%PDF-1.4 fake", maintype="application", subtype="pdf", filename="form.pdf")
    f = tmp_path / "d.eml"
    f.write_bytes(msg.as_bytes())
    assert run(str(f)).exit_code == 0
    out = email.message_from_bytes(f.read_bytes(), policy=email.policy.default)
    assert out["Message-ID"] == "<abc@mdusd.org>" and out["Subject"] == "Re: Trip"
    plain = out.get_body(("plain",)).get_content()
    html = out.get_body(("html",)).get_content()
    assert "-- \nJane Doe" in plain and plain.endswith(REPLY.replace("\r\n", "\n")[REPLY.replace("\r\n", "\n").index("-----Original"):])
    assert 'data-mail-assistant="signature"' in html and html.rstrip().endswith('<div class="gmail_quote">On Mon wrote:<blockquote>x</blockquote></div>')
    atts = list(out.iter_attachments())
    assert [a.get_filename() for a in atts] == ["form.pdf"] and atts[0].get_content() == b"%PDF-1.4 fake"


def test_bad_input_and_unknown_fix_get_clear_errors(home, tmp_path):
    r = run(str(tmp_path / "missing.eml"))
    assert r.exit_code == 3 and "no such file" in r.output
    f = tmp_path / "a.txt"
    f.write_text("hi")
    r = run(str(f), "--only", "sparkles")
    assert r.exit_code == 3 and "unknown fix" in r.output
    r = run()
    assert r.exit_code == 3 and "FILE or --draft" in r.output
    b = tmp_path / "bin.txt"
    b.write_bytes(b"\x00\x01\x02" * 100)
    assert run(str(b)).exit_code == 3


def test_unsafe_fix_refused_safely_exits_2(home, tmp_path):
    f = tmp_path / "n.html"
    notice = json.loads(json.dumps(None)) or ""
    from assistant.policy import default_policy

    notice = default_policy().notice_text
    f.write_text(f"<div>My note. {notice} More text.</div>")
    before = f.read_text()
    r = run(str(f))
    assert r.exit_code == 2 and "by hand" in r.output
    assert f.read_text() == before


def test_without_a_configured_signature_only_the_notice_is_added(tmp_path, monkeypatch):
    h = tmp_path / "h"
    h.mkdir()
    monkeypatch.setenv("MAIL_ASSISTANT_HOME", str(h))
    f = tmp_path / "a.txt"
    f.write_text("Hello\n")
    r = run(str(f))
    assert r.exit_code == 0 and "no signature is configured" in r.output
    assert f.read_text().startswith("Hello\n\nCONFIDENTIALITY NOTICE")
    r = run(str(f), "--only", "signature")
    assert r.exit_code == 2 and "no signature is configured" in r.output


def test_fix_a_server_draft_through_the_emulator(home, monkeypatch):
    """--draft: real exchangelib against the EWS emulator on 127.0.0.1, fixed once."""
    import assistant.mail as mail
    from emulators.ews import start_emulator

    handle = start_emulator(seed="demo")
    backends = []
    try:

        def open_backend(*a, **k):  # noqa: ANN002, ANN003, ANN202
            b = handle.backend()
            backends.append(b)
            return b

        monkeypatch.setattr(mail, "open_backend", open_backend)
        probe = open_backend()
        draft = next(d for d in probe.list_drafts() if d.html)
        r = run("--draft", draft.id, "--dry-run")
        assert r.exit_code == 0, r.output
        assert "+Jane Doe" in r.output and handle.store.get_item(draft.id)["body"] == draft.html
        r = run("--draft", draft.id)
        assert r.exit_code == 0, r.output
        body = handle.store.get_item(draft.id)["body"]
        assert body.count('data-mail-assistant="signature"') == 1 and body.count('data-mail-assistant="notice"') == 1
        r = run("--draft", draft.id)
        assert r.exit_code == 0 and "nothing to fix" in r.output
        assert handle.store.get_item(draft.id)["body"] == body
    finally:
        for b in backends:
            b.close()
        handle.stop()
