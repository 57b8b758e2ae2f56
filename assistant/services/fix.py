"""Fix use case: load the signature, apply fixes, show the diff, write files.

Used by the ``fix`` command (and by anything else that fixes a file). Files
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
import sys
import tempfile
from dataclasses import dataclass, field
from email.message import EmailMessage
from pathlib import Path
from typing import Any, Iterable, Mapping

from assistant.core.fixes import Change, FixError, apply, default_fixes, parse_fix_list, visible_diff
from assistant.core.loaders import MAX_FILE_BYTES, as_email_message, draft_from_bytes, load_path, looks_like_rfc822
from assistant.core.model import Draft, DraftError
from assistant.core.signature import Signature, SignatureError, merged_defaults
from assistant.policy import Policy, default_policy

TEXT_KINDS = (".html", ".htm", ".txt")


@dataclass
class FixResult:
    before: Draft
    after: Draft
    changes: list[Change] = field(default_factory=list)
    fixes: tuple[str, ...] = ()
    notes: list[str] = field(default_factory=list)  # e.g. "no signature configured"

    @property
    def changed(self) -> bool:
        return self.before != self.after

    def diff(self, name: str = "draft") -> str:
        return visible_diff(self.before, self.after, name)


def configured_signature(
    config: Mapping[str, Any] | None = None, directory: Mapping[str, Any] | None = None
) -> Signature | None:
    """The user's signature (directory entry filling empty fields), or None if unset.

    A signature that is set but invalid raises ``SignatureError`` so the user
    learns which field to correct.
    """
    if config is None:
        from assistant.config import load_config

        config = load_config()
    user = config.get("signature") if isinstance(config, Mapping) else None
    fields = merged_defaults(user if isinstance(user, Mapping) else {}, directory)
    if not fields:
        return None
    return Signature.from_config(fields)


def fix_draft(
    draft: Draft,
    only: str | Iterable[str] | None = None,
    *,
    policy: Policy | None = None,
    signature: Signature | None = None,
) -> FixResult:
    """Apply ``only`` (fix ids or rule codes), or the default safe fixes."""
    policy = policy or default_policy()
    notes: list[str] = []
    fixes = parse_fix_list(only) if only else ()
    if not fixes:
        fixes = default_fixes(draft, policy, have_signature=signature is not None)
        if signature is None:
            notes.append("no signature is configured, so only the notice was added; set your signature first")
    after, changes = apply(draft, fixes, signature=signature, policy=policy)
    return FixResult(draft, after, changes, fixes, notes)


# --- files ---------------------------------------------------------------------------------


@dataclass
class LoadedFile:
    path: Path
    kind: str  # ".html", ".txt", ".eml", ".json", ".msg"
    draft: Draft
    encoding: str | None = None  # for .html/.txt: the codec that reproduces the bytes
    message: EmailMessage | None = None  # for .eml: the parsed original


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
        return LoadedFile(p, kind, load_path(p))
    try:
        if p.is_dir():
            raise DraftError(f"{p}: is a folder, not a draft")
        if p.stat().st_size > MAX_FILE_BYTES:
            raise DraftError(f"{p}: larger than the {MAX_FILE_BYTES // 2**20} MB limit")
        data = p.read_bytes()
    except FileNotFoundError:
        raise DraftError(f"{p}: no such file") from None
    except OSError as exc:
        raise DraftError(f"{p}: cannot read ({exc.strerror})") from None
    if kind in (".html", ".htm") or (kind == ".txt" and not looks_like_rfc822(data)):
        draft_from_bytes(data, ".html")  # validates (binary data is refused)
        text, enc = _decode_exact(data.removeprefix(b"\xef\xbb\xbf") if data.startswith(b"\xef\xbb\xbf") else data)
        if data.startswith(b"\xef\xbb\xbf"):
            enc = "utf-8-sig"
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


def render_file(loaded: LoadedFile, after: Draft, out_kind: str | None = None) -> bytes:
    """The bytes of the fixed draft in ``out_kind`` (default: the input's kind)."""
    kind = (out_kind or loaded.kind).lower()
    kind = ".html" if kind == ".htm" else kind
    if kind == ".json":
        return (json.dumps(after.to_json(), indent=2, ensure_ascii=False) + "\n").encode("utf-8")
    if kind in (".html", ".txt") and loaded.kind == kind:
        body = after.html if kind == ".html" else after.text
        enc = loaded.encoding or "utf-8"
        # Characters the file's encoding lacks become character references (HTML)
        # rather than a crash; plain text falls back to UTF-8 for the whole file.
        try:
            return (body or "").encode(enc, errors="xmlcharrefreplace" if kind == ".html" else "strict")
        except UnicodeEncodeError:
            return (body or "").encode("utf-8")
    if kind == ".html":
        if after.html is None:
            raise DraftError("this draft has no HTML body; write it as .txt or .eml")
        return after.html.encode("utf-8")
    if kind == ".txt":
        if after.text is None:
            raise DraftError("this draft has no plain-text body; write it as .html or .eml")
        return after.text.encode("utf-8")
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
            part.set_content(new, subtype=sub, charset="utf-8")  # type: ignore[union-attr]
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


def write_atomic(path: Path, data: bytes) -> None:
    """Write via a temporary file and rename, so a crash never leaves half a draft."""
    path = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent if str(path.parent) else ".")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        if path.exists():
            os.chmod(tmp, path.stat().st_mode & 0o777)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def fix_file(
    path: str | Path,
    output: str | None = None,
    only: str | None = None,
    dry_run: bool = False,
    *,
    policy: Policy | None = None,
    signature: Signature | None = None,
) -> FixResult:
    """Fix a draft file. ``output``: a path, "-" for stdout, None to fix in place."""
    loaded = load_file(path)
    result = fix_draft(loaded.draft, only, policy=policy, signature=signature)
    if dry_run:
        return result
    if output == "-":
        data = render_file(loaded, result.after, loaded.kind if loaded.kind != ".msg" else ".eml")
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return result
    target = Path(output) if output else loaded.path
    if target.suffix.lower() == ".msg":
        raise DraftError("Outlook .msg files cannot be written; use -o with a .eml, .html, .txt or .json name")
    if not result.changed and target == loaded.path:
        return result  # nothing to do: leave the file (and its timestamp) alone
    write_atomic(target, render_file(loaded, result.after, target.suffix.lower() or loaded.kind))
    return result


__all__ = [
    "FixError",
    "FixResult",
    "LoadedFile",
    "SignatureError",
    "configured_signature",
    "fix_draft",
    "fix_file",
    "load_file",
    "render_file",
    "write_atomic",
]
