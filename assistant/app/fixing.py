"""The fix engine: apply the fixes ``check`` asks for to a draft or a draft file.

The use cases in ``assistant.app.fix`` call it with the context's policy and
signature. Files
are rewritten so that only the fixed parts change: an HTML or text file keeps
its encoding and every byte outside the edit; an .eml keeps its headers,
attachments and MIME structure, only the body parts (and changed address
headers) are replaced.
"""

from __future__ import annotations

import email
import email.policy
import json
import os
import re
import stat
import sys
from dataclasses import dataclass, field
from email.message import EmailMessage
from pathlib import Path
from typing import Iterable

from assistant.config import FileStamp, StaleFileError, write_atomic
from assistant.core.check import check as run_check
from assistant.core.diff import unified_diff
from assistant.core.fixes import ALL_FIXES, Change, FixError, apply, parse_fix_list
from assistant.core.loaders import (
    MAX_FILE_BYTES,
    as_email_message,
    draft_from_bytes,
    draft_from_text_with_headers,
    load_path,
    looks_like_rfc822,
    split_text_headers,
)
from assistant.core.model import Draft, DraftError
from assistant.core.signature import Signature
from assistant.policy import Policy, default_policy


@dataclass
class FixResult:
    before: Draft
    after: Draft
    changes: list[Change] = field(default_factory=list)
    fixes: tuple[str, ...] = ()
    notes: list[str] = field(default_factory=list)  # e.g. "no signature configured"
    # For files: the unified diff of the bytes on disk against the bytes written
    # (or that would be written), so --dry-run shows exactly what fix does.
    file_diff: str | None = None

    @property
    def changed(self) -> bool:
        return self.before != self.after

    def diff(self, name: str = "draft") -> str:
        if self.file_diff is not None:
            return self.file_diff + ("\n" if self.file_diff else "")
        from assistant.app.diff import draft_diff

        return draft_diff(self.before, self.after).text(name)


# What ``fix`` does when no fix is named (README): the safe fixes for the signature,
# the notice and large groups. Each runs only when ``check`` reports its rule.
DEFAULT_FIXES = ("signature", "notice", "bcc")


def reported_fixes(draft: Draft, policy: Policy) -> set[str]:
    """The fixes of the hints ``check`` gives for this draft."""
    return {h.fix for h in run_check(draft, policy) if h.fix}


def fix_draft(
    draft: Draft,
    only: str | Iterable[str] | None = None,
    *,
    policy: Policy | None = None,
    signature: Signature | None = None,
) -> FixResult:
    """Apply ``only`` (fix ids or rule codes), or the default safe fixes, but
    only those whose rule ``check`` reports: a draft ``check`` calls clean is
    never changed (byte for byte), and a named fix with nothing reported is
    skipped with a note."""
    policy = policy or default_policy()
    notes: list[str] = []
    named = parse_fix_list(only) if only else ()
    wanted = named or DEFAULT_FIXES
    reported = first = reported_fixes(draft, policy)
    for f in named:
        if f not in reported:
            notes.append(f"{f}: check reports nothing for it, so it was left as it is")
    skip: set[str] = set()
    if not named and signature is None:
        skip.add("signature")  # noted below if check asks for it
    done: list[str] = []
    changes: list[Change] = []
    after = draft
    # A fix can make check report another wanted one (the notice added to an empty
    # body is text without a signature: EM701), so repeat on the result, a bounded
    # number of times, until check reports none: running fix again is then a no-op.
    for _ in range(3):
        todo = tuple(f for f in wanted if f in reported and f not in skip and f not in done)
        if not todo:
            break
        after, more = apply(after, todo, signature=signature, policy=policy)
        done += todo
        changes = _merge_changes(changes, more)
        reported = reported_fixes(after, policy)
    if "signature" in skip and "signature" in first | reported:
        notes.append("no signature is configured, so it was not added; set your signature first")
    return FixResult(draft, after, changes, tuple(f for f in ALL_FIXES if f in done), notes)


def _merge_changes(old: list[Change], new: list[Change]) -> list[Change]:
    """One entry per fix: a later round's description of the same fix wins."""
    ids = {c.fix_id for c in new}
    return [c for c in old if c.fix_id not in ids] + new


# --- files ---------------------------------------------------------------------------------


@dataclass
class LoadedFile:
    path: Path
    kind: str  # ".html", ".txt", ".eml", ".json", ".msg"
    draft: Draft
    encoding: str | None = None  # for .html/.txt: the codec that reproduces the bytes
    message: EmailMessage | None = None  # for .eml: the parsed original
    header: bytes = b""  # for .txt: header lines above the text, written back as read
    data: bytes | None = None  # the bytes read
    stamp: FileStamp | None = None  # size, mtime and hash of what was read
    suffix: str = ""  # the file's own suffix (a MIME message may be named .txt)


def _decode_exact(data: bytes) -> tuple[str, str]:
    """Decode so that re-encoding gives the same bytes (latin-1 always round-trips)."""
    for enc in ("utf-8", "cp1252"):
        try:
            return data.decode(enc), enc
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1"), "latin-1"


def load_file(path: str | Path) -> LoadedFile:
    p = Path(path)
    kind = p.suffix.lower() or ".eml"
    if kind == ".msg":
        return LoadedFile(p, kind, load_path(p), suffix=kind)
    try:
        if p.is_dir():
            raise DraftError(f"{p}: is a folder, not a draft")
        if p.stat().st_size > MAX_FILE_BYTES:
            raise DraftError(f"{p}: larger than the {MAX_FILE_BYTES // 2**20} MB limit")
        data = p.read_bytes()
        stamp = FileStamp.of(p, data)
    except FileNotFoundError:
        raise DraftError(f"{p}: no such file") from None
    except OSError as exc:
        raise DraftError(f"{p}: cannot read ({exc.strerror})") from None
    loaded = _load_bytes(p, kind, data)
    loaded.data, loaded.stamp, loaded.suffix = data, stamp, ".html" if kind == ".htm" else kind
    return loaded


def _load_bytes(p: Path, kind: str, data: bytes) -> LoadedFile:
    if kind == ".txt":
        split = split_text_headers(data)
        if split is not None:
            # Header lines, then plain text: the header bytes are kept verbatim.
            draft_from_bytes(data, ".txt")  # validates (binary data is refused)
            text, enc = _decode_with_bom(split[1])
            return LoadedFile(p, ".txt", draft_from_text_with_headers(split[0], text), encoding=enc, header=split[0])
    if kind in (".html", ".htm") or (kind == ".txt" and not looks_like_rfc822(data)):
        draft_from_bytes(data, ".html")  # validates (binary data is refused)
        text, enc = _decode_with_bom(data)
        draft = Draft(html=text) if kind in (".html", ".htm") else Draft(text=text)
        return LoadedFile(p, kind if kind != ".htm" else ".html", draft, encoding=enc)
    try:
        draft = draft_from_bytes(data, kind if kind in (".json", ".eml") else ".eml")
    except DraftError as exc:
        raise DraftError(f"{p}: {exc}") from None
    if kind == ".json":
        return LoadedFile(p, ".json", draft)
    message = email.message_from_bytes(data, policy=email.policy.default)
    return LoadedFile(p, ".eml", draft, message=message)  # type: ignore[arg-type]


def _decode_with_bom(data: bytes) -> tuple[str, str]:
    if data.startswith(b"\xef\xbb\xbf"):
        return _decode_exact(data[3:])[0], "utf-8-sig"
    return _decode_exact(data)


def render_file(loaded: LoadedFile, after: Draft, out_kind: str | None = None) -> bytes:
    """The bytes of the fixed draft in ``out_kind`` (default: the input's kind)."""
    kind = (out_kind or loaded.kind).lower()
    kind = ".html" if kind == ".htm" else kind
    if loaded.kind == ".eml" and kind == loaded.suffix:
        kind = ".eml"  # a whole message named .txt stays a whole message
    if kind == ".json":
        return (json.dumps(after.to_json(), indent=2, ensure_ascii=False) + "\n").encode("utf-8")
    if kind in (".html", ".txt") and loaded.kind == kind:
        body = after.html if kind == ".html" else after.text
        enc = loaded.encoding or "utf-8"
        # Characters the file's encoding lacks become character references (HTML)
        # rather than a crash; plain text falls back to UTF-8 for the whole file.
        header = _patched_header(loaded, after) if kind == ".txt" else b""
        try:
            return header + (body or "").encode(enc, errors="xmlcharrefreplace" if kind == ".html" else "strict")
        except UnicodeEncodeError:
            return header + (body or "").encode("utf-8")
    if kind == ".html":
        if after.html is None:
            raise DraftError("this draft has no HTML body; write it as .txt or .eml")
        return after.html.encode("utf-8")
    if kind == ".txt":
        if after.text is None:
            raise DraftError("this draft has no plain-text body; write it as .html or .eml")
        return _patched_header(loaded, after) + after.text.encode("utf-8")
    if kind != ".eml":
        raise DraftError(f"cannot write '{kind}' files (use .eml, .html, .txt or .json)")
    if loaded.message is not None:
        return _patched_message(loaded.message, loaded.draft, after).as_bytes()
    return as_email_message(after).as_bytes()


def _patched_message(msg: EmailMessage, before: Draft, after: Draft) -> EmailMessage:
    """The original message with the fixed bodies and address headers."""
    msg = email.message_from_bytes(msg.as_bytes(), policy=email.policy.default)  # a copy
    done = {"html": False, "plain": False}
    for part in msg.walk():
        if part.is_multipart():
            continue
        ctype = part.get_content_type()
        disposition = (part.get_content_disposition() or "").lower()
        if disposition == "attachment" or part.get_filename():
            continue
        sub = "html" if ctype == "text/html" else "plain" if ctype == "text/plain" else None
        if sub is None or done[sub]:
            continue
        done[sub] = True
        old, new = (before.html, after.html) if sub == "html" else (before.text, after.text)
        if new is not None and new != old:
            # 8bit keeps the body's lines as they are (a small, readable diff);
            # quoted-printable only when a line is too long for 8bit (RFC 5322: 998).
            long_line = any(len(ln.encode("utf-8")) > 998 for ln in new.splitlines())
            cte = "quoted-printable" if long_line else "8bit"
            part.set_content(new, subtype=sub, charset="utf-8", cte=cte)  # type: ignore[union-attr]
    for header, old_rs, new_rs in (
        ("To", before.to, after.to),
        ("Cc", before.cc, after.cc),
        ("Bcc", before.bcc, after.bcc),
    ):
        if old_rs != new_rs:
            del msg[header]
            if new_rs:
                msg[header] = ", ".join(r.display() for r in new_rs)
    if after.subject != before.subject:
        del msg["Subject"]
        msg["Subject"] = after.subject
    return msg  # type: ignore[return-value]


_ADDRESS_FIELDS = (("To", "to"), ("Cc", "cc"), ("Bcc", "bcc"))


def _patched_header(loaded: LoadedFile, after: Draft) -> bytes:
    """The header lines of a .txt draft as read, with only the address fields a
    fix changed (Bcc for large groups) rewritten; empty when it had none."""
    head = loaded.header
    if not head:
        return b""
    before = loaded.draft
    changed = [(name, attr) for name, attr in _ADDRESS_FIELDS if getattr(before, attr) != getattr(after, attr)]
    if not changed:
        return head
    enc = loaded.encoding if loaded.encoding and loaded.encoding != "utf-8-sig" else "utf-8"
    text = head.decode(enc, errors="surrogateescape")
    eol = "\r\n" if "\r\n" in text else "\n"
    blank = text.endswith(eol + eol) or text == eol
    fields = re.split(r"\r?\n(?![ \t])", text.rstrip("\r\n"))
    for name, attr in changed:
        value = ", ".join(r.display() for r in getattr(after, attr))
        kept = [f for f in fields if not f.lower().startswith(name.lower() + ":")]
        at = next((i for i, f in enumerate(fields) if f.lower().startswith(name.lower() + ":")), len(kept))
        fields = kept[:at] + ([f"{name}: {value}"] if value else []) + kept[at:]
    out = eol.join(fields) + eol + (eol if blank else "")
    return out.encode(enc, errors="surrogateescape")


def _as_text(data: bytes, encoding: str | None) -> list[str]:
    """Lines of a file for the diff, decoded as the file is (never failing)."""
    enc = encoding or "utf-8"
    try:
        text = data.decode(enc)
    except (UnicodeDecodeError, LookupError):
        text = data.decode("latin-1")
    return text.splitlines()


def _write_target(loaded: LoadedFile, output: str | None) -> Path:
    """Where the fixed bytes go: the file itself (through a symlink, its target,
    so the link stays a link) or ``-o``; refuses places it cannot write."""
    target = Path(output) if output else loaded.path
    if target.suffix.lower() == ".msg":
        raise DraftError("Outlook .msg files cannot be written; use -o with a .eml, .html, .txt or .json name")
    real = Path(os.path.realpath(target))
    try:
        st = os.stat(real)
    except FileNotFoundError:
        parent = real.parent
        if not parent.is_dir():
            raise DraftError(f"{target}: cannot write (no folder {parent})") from None
        if not os.access(parent, os.W_OK | os.X_OK):
            raise DraftError(f"{target}: cannot write (the folder is not writable)") from None
        return real
    except OSError as exc:
        raise DraftError(f"{target}: cannot write ({exc.strerror})") from None
    if stat.S_ISDIR(st.st_mode):
        raise DraftError(f"{target}: is a folder; give a file name")
    if not stat.S_ISREG(st.st_mode):
        raise DraftError(f"{target}: not a regular file")
    # A read-only file stays as it is, even for root (who could write it anyway).
    if not st.st_mode & 0o222 or not os.access(real, os.W_OK):
        raise DraftError(f"{target}: the file is read-only; nothing was changed")
    if not os.access(real.parent, os.W_OK | os.X_OK):
        raise DraftError(f"{target}: cannot write (its folder is not writable, so it cannot be replaced safely)")
    return real


def fix_file(
    path: str | Path,
    output: str | None = None,
    only: str | None = None,
    dry_run: bool = False,
    *,
    policy: Policy | None = None,
    signature: Signature | None = None,
) -> FixResult:
    """Fix a draft file. ``output``: a path, "-" for stdout, None to fix in place.

    In place, the file is replaced only if it still holds what was read
    (``StaleFileError`` otherwise, nothing changed); a read-only file, a
    folder or an unwritable place is a ``DraftError``. A symlink's target is
    fixed and the link kept. ``result.file_diff`` is the diff of the bytes on
    disk against the bytes written (or, with ``dry_run``, that would be).
    """
    loaded = load_file(path)
    result = fix_draft(loaded.draft, only, policy=policy, signature=signature)
    to_stdout = output == "-"
    in_place = output is None
    # Where it goes is checked before anything is shown or written (refusals are one line).
    target = None if to_stdout or (dry_run and in_place) else _write_target(loaded, output)
    same_file = target is not None and target == Path(os.path.realpath(loaded.path))
    out_kind = loaded.suffix if in_place or to_stdout else (Path(output or "").suffix.lower() or loaded.suffix)
    if out_kind == ".msg":
        out_kind = ".eml"  # read from Outlook, written (to stdout) as a message
    if in_place and not result.changed and loaded.data is not None:
        data = loaded.data  # nothing to do: leave the file (and its timestamp) alone
    else:
        data = render_file(loaded, result.after, out_kind)
    if loaded.data is not None:
        name = loaded.path.name
        to_name = name if in_place else ("(standard output)" if to_stdout else Path(output or name).name)
        result.file_diff = unified_diff(
            _as_text(loaded.data, loaded.encoding),
            _as_text(data, loaded.encoding if out_kind == loaded.suffix else "utf-8"),
            f"{name} (before)",
            f"{to_name} (after)",
        )
    if dry_run:
        return result
    if to_stdout:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return result
    assert target is not None
    if same_file and data == loaded.data:
        return result
    try:
        # Over the file that was read: only if it still holds what was read.
        write_atomic(target, data, expect=loaded.stamp if same_file else None)
    except StaleFileError:
        raise
    except OSError as exc:
        raise DraftError(f"{output or path}: cannot write ({exc.strerror or exc})") from None
    return result


__all__ = [
    "FixError",
    "FixResult",
    "LoadedFile",
    "StaleFileError",
    "fix_draft",
    "fix_file",
    "load_file",
    "render_file",
]
