"""`fix` on real files (issue 8, items 2-4): header lines kept, check-clean drafts
untouched, and in-place writes that never lose another program's edit.

The unprivileged tests run the installed `mail-assistant` as user nobody (via
setpriv) in a private folder under the system temp dir that nobody can reach
(pytest's own tmp folders are root-only, so a file there is unreadable for a
reason that has nothing to do with the test).
"""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from assistant import config
from assistant.core.diff import unified_diff
from assistant.core.signature import Signature
from assistant.policy import default_policy
from assistant.commands.fix import fix

NOTICE = " ".join(default_policy().notice_text.split())
OAK = {"name": "Jane Doe", "title": "Teacher", "school": "Oak Hollow Elementary", "phone": "925-555-0100"}
HEADERS = b"To: parents@example.com\nSubject: Field trip on Friday\n\n"
BODY = b"Hello families,\n\nThe field trip is on Friday. Please send the signed form.\n"
EXE = Path(sys.executable).with_name("mail-assistant")
NOBODY = 65534


@pytest.fixture
def home(tmp_path, monkeypatch):
    h = tmp_path / "home"
    h.mkdir()
    (h / "config.json").write_text(json.dumps({"signature": OAK}))
    monkeypatch.setenv("MAIL_ASSISTANT_HOME", str(h))
    monkeypatch.delenv("MAIL_ASSISTANT_POLICY", raising=False)
    return h


def run(*args: str):
    return CliRunner().invoke(fix, list(args))


# --- item 2: a .txt draft's header lines -----------------------------------------------------


def test_txt_header_lines_are_kept_in_place_with_o_and_shown_by_dry_run(home, tmp_path):
    f = tmp_path / "draft.txt"
    f.write_bytes(HEADERS + BODY)
    dry = run(str(f), "--dry-run")
    assert dry.exit_code == 0, dry.output
    assert f.read_bytes() == HEADERS + BODY
    out = tmp_path / "out.txt"
    assert run(str(f), "-o", str(out)).exit_code == 0
    assert run(str(f)).exit_code == 0
    fixed = f.read_bytes()
    assert out.read_bytes() == fixed
    assert fixed.startswith(HEADERS + BODY.rstrip(b"\n") + b"\n\n-- \nJane Doe\nTeacher\nOak Hollow Elementary\n")
    assert fixed.rstrip(b"\n").endswith(NOTICE.encode())
    # The dry run printed exactly the change that was then written: no line removed.
    before, after = (HEADERS + BODY).decode().splitlines(), fixed.decode().splitlines()
    assert dry.stdout == unified_diff(before, after, "draft.txt (before)", "draft.txt (after)") + "\n"
    assert not [ln for ln in dry.stdout.splitlines()[2:] if ln.startswith("-")]
    assert run(str(f)).exit_code == 0 and f.read_bytes() == fixed  # idempotent


def test_crlf_cp1252_header_lines_and_folded_fields_are_kept_byte_for_byte(home, tmp_path):
    head = "From: Jane Doe <jdoe@mdusd.org>\r\nTo: Mar\xeda D\xedaz <m@example.com>,\r\n  Ana <a@example.com>\r\nSubject: Caf\xe9 on Friday\r\n\r\n"
    data = (head + "Hello, the caf\xe9 opens at 8.\r\n").encode("cp1252")
    f = tmp_path / "d.txt"
    f.write_bytes(data)
    assert run(str(f)).exit_code == 0
    fixed = f.read_bytes()
    assert fixed.startswith(head.encode("cp1252") + "Hello, the caf\xe9 opens at 8.\r\n\r\n-- \r\nJane Doe".encode("cp1252"))
    assert b"\n" not in fixed.replace(b"\r\n", b"")


def test_bcc_fix_rewrites_only_the_address_lines_of_a_txt_header(home, tmp_path):
    to = ", ".join(f"parent{i}@example.com" for i in range(12))
    head = f"From: Jane Doe <jdoe@mdusd.org>\nSubject: Field trip on Friday\nTo: {to}\nX-Keep: yes\n\n".encode()
    f = tmp_path / "d.txt"
    f.write_bytes(head + BODY)
    r = run(str(f), "--only", "bcc")
    assert r.exit_code == 0, r.output
    lines = f.read_bytes().split(b"\n")
    assert lines[:2] == [b"From: Jane Doe <jdoe@mdusd.org>", b"Subject: Field trip on Friday"]
    assert lines[2] == b"To: Jane Doe <jdoe@mdusd.org>" and lines[3] == b"X-Keep: yes"
    assert lines[4].startswith(b"Bcc: parent0@example.com") and b"parent11@example.com" in lines[4]
    assert lines[5] == b""
    assert f.read_bytes().endswith(BODY)  # nothing else was asked, nothing else changed


def test_a_mime_message_named_txt_keeps_its_headers(home, tmp_path):
    msg = (
        b"Subject: Field trip on Friday\nTo: parents@example.com\nMIME-Version: 1.0\n"
        b"Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: base64\n\n"
        + __import__("base64").encodebytes(BODY)
    )
    f = tmp_path / "m.txt"
    f.write_bytes(msg)
    assert run(str(f)).exit_code == 0
    import email
    import email.policy

    out = email.message_from_bytes(f.read_bytes(), policy=email.policy.default)
    assert out["Subject"] == "Field trip on Friday" and out["To"] == "parents@example.com"
    assert out.get_content().startswith(BODY.decode().rstrip("\n") + "\n\n-- \nJane Doe")


# --- item 3: check clean => fix changes nothing; hand-written signatures stay ---------------


def _hand_signed(room: str = ", Room 14") -> bytes:
    return HEADERS + BODY + f"\n-- \nJane Doe\nTeacher\nOak Hollow Elementary{room}\nPhone: 925-555-0100\n\n{NOTICE}\n".encode()


def test_a_draft_check_calls_clean_is_not_touched_by_fix(home, tmp_path):
    from assistant.cli import cli

    f = tmp_path / "clean.txt"
    f.write_bytes(_hand_signed())
    r = CliRunner().invoke(cli, ["check", str(f)])
    assert r.exit_code == 0 and "no problems found" in r.output, r.output
    mtime = f.stat().st_mtime_ns
    r = run(str(f))
    assert r.exit_code == 0 and "nothing to fix" in r.output and "replaced" not in r.output
    assert f.read_bytes() == _hand_signed() and f.stat().st_mtime_ns == mtime
    # Naming the fix does not change that: check reports nothing for it.
    r = run(str(f), "--only", "signature,notice")
    assert r.exit_code == 0 and "check reports nothing" in r.output
    assert f.read_bytes() == _hand_signed()
    r = run(str(f), "--dry-run")
    assert r.stdout == ""


def test_fix_adds_only_what_check_reports_and_keeps_the_hand_written_signature(home, tmp_path):
    f = tmp_path / "no-notice.txt"
    data = _hand_signed().split(b"\n\nCONFIDENTIALITY")[0] + b"\n"
    f.write_bytes(data)
    r = run(str(f))
    assert r.exit_code == 0, r.output
    assert "notice" in r.output and "signature" not in r.output.replace("beneath the signature", "")
    fixed = f.read_bytes()
    assert fixed.startswith(data.rstrip(b"\n")) and b"Room 14" in fixed and fixed.count(b"Jane Doe") == 1


def test_html_hand_edited_signature_is_kept(home, tmp_path):
    sig = Signature.from_config(OAK).html().replace("Oak Hollow Elementary", "Oak Hollow Elementary, Room 14")
    html = f"<html><body><div>Hello families,</div>{sig}</body></html>"
    f = tmp_path / "d.html"
    f.write_text(html)
    assert run(str(f)).exit_code == 0
    out = f.read_text()
    assert "Room 14" in out and out.startswith(f"<html><body><div>Hello families,</div>{sig}")
    assert "CONFIDENTIALITY NOTICE" in out


def test_a_block_of_a_previously_configured_signature_is_replaced(home, tmp_path):
    """The settings remember the signature they replace; fix proves a block is ours by
    an exact match with one of them (here the old one had no contact line: EM701)."""
    old = {"name": "Jane Doe", "title": "Teacher"}
    (home / "config.json").write_text(json.dumps({"signature": old}))
    config.update_section("signature", OAK)
    assert json.loads((home / "config.json").read_text())["signature_history"] == [old]
    f = tmp_path / "d.txt"
    f.write_bytes(HEADERS + b"Hello,\n\n" + Signature.from_config(old).text().encode() + b"\n")
    r = run(str(f))
    assert r.exit_code == 0 and "replaced an older version of your signature" in r.output, r.output
    out = f.read_bytes()
    assert out.startswith(HEADERS + b"Hello,\n\n-- \nJane Doe\nTeacher\nOak Hollow Elementary\nPhone: 925-555-0100\n")
    assert out.count(b"Jane Doe") == 1


# --- item 4: the file system ------------------------------------------------------------------


def _other_program_writes(path: Path, data: bytes, keep_time: bool = False) -> None:
    """A real second process rewrites the file (optionally restoring its mtime)."""
    code = (
        "import os, sys; p = sys.argv[1]; st = os.stat(p)\n"
        "open(p, 'wb').write(bytes.fromhex(sys.argv[2]))\n"
        "if sys.argv[3] == '1': os.utime(p, ns=(st.st_atime_ns, st.st_mtime_ns))\n"
    )
    subprocess.run([sys.executable, "-c", code, str(path), data.hex(), "1" if keep_time else "0"], check=True, timeout=60)


@pytest.mark.parametrize("keep_time", [False, True], ids=["new-mtime", "same-size-and-mtime"])
def test_an_edit_made_while_fix_runs_is_never_lost(home, tmp_path, monkeypatch, keep_time):
    f = tmp_path / "d.txt"
    f.write_bytes(HEADERS + BODY)
    # Same length as the original, so only the hash can tell in the second case.
    theirs = (HEADERS + BODY).replace(b"Friday", b"Monday")
    assert len(theirs) == len(HEADERS + BODY)
    # Test seam: runs after fix has read the file and written its temporary copy,
    # right before the change check and the rename.
    monkeypatch.setattr(config, "BEFORE_REPLACE_HOOKS", [lambda p: _other_program_writes(p, theirs, keep_time)])
    r = run(str(f))
    assert r.exit_code == 2, r.output
    assert "changed on disk" in r.output and "Traceback" not in r.output
    assert f.read_bytes() == theirs
    assert sorted(p.name for p in tmp_path.iterdir()) == ["d.txt", "home"]  # no temporary file left
    monkeypatch.setattr(config, "BEFORE_REPLACE_HOOKS", [])
    assert run(str(f)).exit_code == 0 and f.read_bytes().startswith(theirs.rstrip(b"\n"))


def test_a_symlink_keeps_being_a_link_and_its_target_is_fixed(home, tmp_path):
    target = tmp_path / "real.txt"
    target.write_bytes(HEADERS + BODY)
    target.chmod(0o640)
    link = tmp_path / "link.txt"
    link.symlink_to(target.name)
    assert run(str(link)).exit_code == 0
    assert link.is_symlink() and os.readlink(link) == "real.txt"
    assert b"-- \nJane Doe" in target.read_bytes() and target.read_bytes().startswith(HEADERS)
    assert stat.S_IMODE(target.stat().st_mode) == 0o640


def test_a_read_only_file_is_refused_even_for_root(home, tmp_path):
    f = tmp_path / "ro.txt"
    f.write_bytes(HEADERS + BODY)
    f.chmod(0o444)
    r = run(str(f))
    assert r.exit_code == 3 and "read-only" in r.output and "Traceback" not in r.output
    assert len(r.output.strip().splitlines()) == 1
    assert f.read_bytes() == HEADERS + BODY and stat.S_IMODE(f.stat().st_mode) == 0o444


@pytest.mark.parametrize("where", ["folder", "missing-folder"])
def test_o_to_a_folder_or_a_missing_folder_is_a_one_line_error(home, tmp_path, where):
    f = tmp_path / "d.txt"
    f.write_bytes(HEADERS + BODY)
    out = tmp_path if where == "folder" else tmp_path / "nope" / "out.txt"
    r = run(str(f), "-o", str(out))
    assert r.exit_code == 3, r.output
    assert r.exception is None or isinstance(r.exception, SystemExit)
    assert len(r.output.strip().splitlines()) == 1 and ("folder" in r.output)
    assert f.read_bytes() == HEADERS + BODY


@pytest.mark.parametrize("umask, mode", [(0o022, 0o644), (0o077, 0o600), (0o002, 0o664)])
def test_new_files_honour_the_umask_and_existing_ones_keep_their_mode(home, tmp_path, umask, mode):
    f = tmp_path / "d.txt"
    f.write_bytes(HEADERS + BODY)
    f.chmod(0o640)
    old = os.umask(umask)
    try:
        assert run(str(f), "-o", str(tmp_path / "new.txt")).exit_code == 0
        assert run(str(f)).exit_code == 0
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "new.txt").stat().st_mode) == mode
    assert stat.S_IMODE(f.stat().st_mode) == 0o640


def test_config_file_stays_owner_only(home):
    old = os.umask(0o022)
    try:
        config.update_section("account", {"email": "a@mdusd.org"})
    finally:
        os.umask(old)
    assert stat.S_IMODE(config.config_path().stat().st_mode) == 0o600


# --- as an unprivileged user -----------------------------------------------------------------

needs_nobody = pytest.mark.skipif(
    os.geteuid() != 0 or not shutil.which("setpriv") or not EXE.exists(),
    reason="needs root, setpriv and the installed entry point to run as nobody",
)


@pytest.fixture
def nobody_dir():
    """A folder under the system temp dir owned by nobody (reachable by nobody)."""
    d = Path(tempfile.mkdtemp(prefix="fix-nobody-"))
    d.chmod(0o755)
    home = d / "home"
    home.mkdir()
    (home / "config.json").write_text(json.dumps({"signature": OAK}))
    for p in (d, home, home / "config.json"):
        os.chown(p, NOBODY, NOBODY)
    try:
        yield d
    finally:
        shutil.rmtree(d, ignore_errors=True)


def _as_nobody(d: Path, *args: str) -> subprocess.CompletedProcess:
    env = {"PATH": "/usr/bin:/bin", "HOME": str(d), "MAIL_ASSISTANT_HOME": str(d / "home")}
    proc = subprocess.run(
        ["setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups", str(EXE), "fix", *args],
        capture_output=True, text=True, timeout=120, env=env,
    )
    if "Permission denied" in proc.stderr and str(EXE) in proc.stderr:
        pytest.skip("the virtualenv is not readable by an unprivileged user here")
    return proc


@needs_nobody
def test_nobody_cannot_have_a_read_only_file_rewritten(nobody_dir):
    f = nobody_dir / "ro.txt"
    f.write_bytes(HEADERS + BODY)
    os.chown(f, NOBODY, NOBODY)
    f.chmod(0o444)
    proc = _as_nobody(nobody_dir, str(f))
    assert proc.returncode == 3, proc.stderr
    assert "read-only" in proc.stderr and "Traceback" not in proc.stderr and len(proc.stderr.strip().splitlines()) == 1
    assert f.read_bytes() == HEADERS + BODY and stat.S_IMODE(f.stat().st_mode) == 0o444
    # The same file, writable, is fixed by the same user: the refusal was the read-only bit.
    f.chmod(0o644)
    proc = _as_nobody(nobody_dir, str(f))
    assert proc.returncode == 0, proc.stderr
    assert f.read_bytes().startswith(HEADERS) and b"-- \nJane Doe" in f.read_bytes()
    assert f.stat().st_uid == NOBODY and stat.S_IMODE(f.stat().st_mode) == 0o644


@needs_nobody
def test_nobody_gets_a_one_line_error_for_o_in_an_unwritable_folder(nobody_dir):
    f = nobody_dir / "d.txt"
    f.write_bytes(HEADERS + BODY)
    os.chown(f, NOBODY, NOBODY)
    locked = nobody_dir / "locked"
    locked.mkdir(mode=0o755)  # owned by root: nobody may not create files in it
    proc = _as_nobody(nobody_dir, str(f), "-o", str(locked / "out.txt"))
    assert proc.returncode == 3, proc.stderr
    assert "cannot write" in proc.stderr and "Traceback" not in proc.stderr and len(proc.stderr.strip().splitlines()) == 1
    assert list(locked.iterdir()) == []


def test_eml_body_lines_are_written_as_they_were(home, tmp_path):
    """A rewritten body part is not re-encoded (8bit), so every original line is still
    in the file as typed and the dry-run diff holds only the edit."""
    example = Path(__file__).resolve().parents[2] / "examples" / "teacher-to-parents.eml"
    data = example.read_bytes()
    f = tmp_path / "t.eml"
    f.write_bytes(data)
    dry = run(str(f), "--dry-run")
    assert run(str(f), "--only", "signature,notice").exit_code == 0
    out = f.read_bytes()
    body = data.split(b"\n\n", 1)[1]
    assert all(line in out.split(b"\n") for line in body.split(b"\n"))
    assert b"Content-Transfer-Encoding: 8bit" in out
    deleted = {ln[1:] for ln in dry.stdout.splitlines()[2:] if ln.startswith("-")}
    assert deleted and not deleted & {ln for ln in body.decode().split("\n") if ln.strip()}
