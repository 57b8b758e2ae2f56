"""Drafts from files and bytes: .eml, .msg, .html, .txt, .json.

Loaders never crash on bad input: they either build a best-effort ``Draft``
or raise ``DraftError`` saying what is wrong. (Reading the file is the only
I/O here; ``draft_from_bytes`` is pure.)
"""

from __future__ import annotations

import email
import email.policy
import email.utils
import json
import re
from datetime import datetime
from email.message import EmailMessage, Message
from pathlib import Path

from assistant.core.lazy_re import lazy
from assistant.core.model import Attachment, ComposeType, Draft, DraftError, Recipient
from assistant.core.text.subject import is_forward, is_reply

MAX_FILE_BYTES = 50 * 1024 * 1024  # larger files are refused, not read
MAX_PART_DEPTH = 40  # deeper MIME nesting is refused (no real client nests this deep)
MAX_PARTS = 2000
SUFFIXES = (".eml", ".msg", ".html", ".htm", ".txt", ".json")

_HEADERISH = lazy(rb"^[A-Za-z][A-Za-z0-9-]{0,60}:[ \t]")


def load_path(path: str | Path) -> Draft:
    p = Path(path)
    try:
        size = p.stat().st_size
    except FileNotFoundError:
        raise DraftError(f"{p}: no such file") from None
    except OSError as exc:
        raise DraftError(f"{p}: cannot read ({exc.strerror})") from None
    if p.is_dir():
        raise DraftError(f"{p}: is a folder, not a draft")
    if not p.is_file():
        raise DraftError(f"{p}: not a regular file")
    if size > MAX_FILE_BYTES:
        raise DraftError(f"{p}: {size / 1e6:.0f} MB is larger than the {MAX_FILE_BYTES // 2**20} MB limit")
    suffix = p.suffix.lower()
    if suffix == ".msg":
        return _load_msg(p)
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise DraftError(f"{p}: cannot read ({exc.strerror})") from None
    try:
        return draft_from_bytes(data, suffix or ".eml")
    except DraftError as exc:
        raise DraftError(f"{p}: {exc}") from None


def draft_from_bytes(data: bytes, kind: str) -> Draft:
    """Build a draft from a file's bytes; ``kind`` is its suffix (".eml"...)."""
    kind = kind.lower()
    if kind not in SUFFIXES:
        raise DraftError(f"unsupported file type '{kind}' (use one of {', '.join(SUFFIXES)})")
    if kind == ".json":
        try:
            obj = json.loads(data.decode("utf-8-sig"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise DraftError(f"not valid JSON ({exc})") from None
        return Draft.from_json(obj)
    if kind == ".msg":
        raise DraftError("Outlook .msg files must be loaded from a path")
    if _looks_binary(data):
        raise DraftError("this is binary data, not an e-mail message or text")
    if kind in (".html", ".htm"):
        return Draft(html=_decode_text(data))
    if kind == ".txt":
        split = split_text_headers(data)
        if split is not None:
            return draft_from_text_with_headers(split[0], _decode_text(split[1]))
        if not looks_like_rfc822(data):
            return Draft(text=_decode_text(data))
    try:
        msg = email.message_from_bytes(data, policy=email.policy.default)
    except RecursionError:
        raise DraftError(f"MIME parts are nested more than {MAX_PART_DEPTH} levels deep") from None
    return draft_from_message(msg)


def _looks_binary(data: bytes) -> bool:
    sample = data[:8192]
    if not sample:
        return False
    if b"\x00" in sample:
        return True
    controls = sum(1 for b in sample if b < 9 or 13 < b < 32)
    return controls / len(sample) > 0.10


def looks_like_rfc822(data: bytes) -> bool:
    """Whether a .txt file is a whole message (headers first), not just a body.

    The first line must be a header: a reply whose quoted "From:/Sent:" block
    sits a few lines down is still plain text.
    """
    head = data[:4096].lstrip()
    lines = head.splitlines()[:12]
    if not lines or not _HEADERISH.match(lines[0]):
        return False
    headerish = sum(1 for ln in lines if _HEADERISH.match(ln))
    return headerish >= 2 and bool(re.search(rb"(?im)^(subject|from|message-id|date):", head))


_CONTINUATION = lazy(rb"^[ \t]+\S")
_PLAIN_ENCODINGS = (b"", b"7bit", b"8bit", b"binary")


def split_text_headers(data: bytes) -> tuple[bytes, bytes] | None:
    """(header lines with the blank line after them, body) of a .txt draft
    written as a few header lines and then plain text, or None.

    Only a plain header block counts: it starts on the first line, and it
    declares no MIME structure or transfer encoding (a whole MIME message
    that happens to be named .txt is read as a message instead). The two
    byte strings joined are the file, so ``fix`` can write the header lines
    back exactly as they were read.
    """
    if not looks_like_rfc822(data) or not _HEADERISH.match(data):
        return None
    pos = 0
    n = len(data)
    while pos < n:
        end = data.find(b"\n", pos)
        end = n if end == -1 else end + 1
        line = data[pos:end]
        if line.strip(b"\r\n") == b"":
            pos = end  # the blank line belongs to the header block
            break
        if not (_HEADERISH.match(line) or (pos and _CONTINUATION.match(line))):
            break  # a body that starts without a blank line
        pos = end
    head, body = data[:pos], data[pos:]
    fields = email.message_from_bytes(head, policy=email.policy.compat32)
    ctype = (fields.get("Content-Type") or "text/plain").split(";")[0].strip().lower()
    cte = (fields.get("Content-Transfer-Encoding") or "").strip().lower().encode()
    if ctype != "text/plain" or cte not in _PLAIN_ENCODINGS:
        return None
    return head, body


def draft_from_text_with_headers(head: bytes, text: str) -> Draft:
    """A draft from a plain header block (subject, recipients) and its body text."""
    meta = draft_from_message(email.message_from_bytes(head, policy=email.policy.default))
    return meta.replace(html=None, text=text, attachments=())


def _decode_text(data: bytes, charset: str | None = None) -> str:
    for enc in filter(None, (charset, "utf-8")):
        try:
            return data.decode(enc)
        except (LookupError, UnicodeDecodeError):
            continue
    return data.decode("cp1252", errors="replace")


def _addresses(msg: Message, name: str) -> tuple[Recipient, ...]:
    values = []
    for raw in msg.get_all(name, []) or []:
        try:
            values.append(str(raw))
        except Exception:  # a header the modern policy cannot render
            values.append(raw.encode("utf-8", "replace").decode() if isinstance(raw, str) else "")
    out = []
    for display, addr in email.utils.getaddresses(values):
        if addr or display:
            out.append(Recipient(address=addr.strip(), name=display.strip()))
    return tuple(out)


def _header(msg: Message, name: str) -> str:
    try:
        value = msg.get(name)
    except Exception:
        return ""
    return str(value).strip() if value is not None else ""


def _walk(msg: Message):
    """Leaf parts, depth-first, without recursion and with limits."""
    stack = [(msg, 0)]
    seen = 0
    while stack:
        part, depth = stack.pop()
        seen += 1
        if depth > MAX_PART_DEPTH:
            raise DraftError(f"MIME parts are nested more than {MAX_PART_DEPTH} levels deep")
        if seen > MAX_PARTS:
            raise DraftError(f"more than {MAX_PARTS} MIME parts")
        payload = part.get_payload()
        if part.is_multipart() and isinstance(payload, list) and payload:
            stack.extend((p, depth + 1) for p in reversed(payload))
            continue
        if part.get_content_maintype() == "multipart":
            # The declared boundary never appears (or is missing): the whole
            # body sits in the preamble or the payload. Keep it as text.
            text = (part.preamble or "") if isinstance(payload, list) else str(payload or "")
            if text.strip():
                yield _text_part(text)
            continue
        yield part


def _text_part(text: str) -> EmailMessage:
    part = EmailMessage(policy=email.policy.default)
    part.set_content(text)
    return part


def _part_text(part: Message) -> str:
    try:
        content = part.get_content()  # type: ignore[attr-defined]
        if isinstance(content, str):
            return content
        if isinstance(content, bytes):
            return _decode_text(content)
    except (LookupError, UnicodeError, AttributeError, ValueError, AssertionError):
        pass
    # Unknown charset or broken transfer encoding: decode best-effort.
    try:
        payload = part.get_payload(decode=True)
    except Exception:
        payload = None
    if isinstance(payload, bytes):
        return _decode_text(payload, part.get_content_charset())
    raw = part.get_payload()
    return raw if isinstance(raw, str) else ""


def draft_from_message(msg: Message) -> Draft:
    html = text = None
    attachments = []
    for part in _walk(msg):
        ctype = part.get_content_type()
        disposition = (part.get_content_disposition() or "").lower()
        filename = part.get_filename() or ""
        if disposition == "attachment" or (filename and ctype not in ("text/plain", "text/html")):
            try:
                payload = part.get_payload(decode=True) or b""
            except Exception:
                payload = b""
            attachments.append(
                Attachment(
                    filename=filename,
                    content_type=ctype,
                    size=len(payload),
                    inline=disposition == "inline",
                    content_id=(_header(part, "Content-ID")).strip("<>"),
                )
            )
            continue
        if ctype == "text/html" and html is None:
            html = _part_text(part)
        elif ctype == "text/plain" and text is None:
            text = _part_text(part)
    subject = _header(msg, "Subject")
    senders = _addresses(msg, "From")
    compose = ComposeType.NEW
    if is_forward(subject):
        compose = ComposeType.FORWARD
    elif is_reply(subject) or _header(msg, "In-Reply-To"):
        compose = ComposeType.REPLY
    date = None
    raw_date = _header(msg, "Date")
    if raw_date:
        try:
            date = email.utils.parsedate_to_datetime(raw_date)
        except (TypeError, ValueError, IndexError):
            date = None
    return Draft(
        subject=subject,
        sender=senders[0] if senders else None,
        to=_addresses(msg, "To"),
        cc=_addresses(msg, "Cc"),
        bcc=_addresses(msg, "Bcc"),
        html=html,
        text=text if text is not None else ("" if html is None else None),
        compose_type=compose,
        attachments=tuple(attachments),
        date=date,
    )


def _load_msg(path: Path) -> Draft:
    try:
        import extract_msg
    except ImportError:  # pragma: no cover - a declared dependency
        raise DraftError("reading .msg files needs the 'extract-msg' package") from None
    try:
        m = extract_msg.openMsg(str(path))
    except Exception as exc:  # extract-msg raises many types for bad files
        raise DraftError(f"{path}: not a readable Outlook .msg file ({exc.__class__.__name__}: {exc})") from None
    try:
        html_body = m.htmlBody
        html = _decode_text(html_body) if isinstance(html_body, bytes) else html_body
        sender = email.utils.getaddresses([m.sender or ""])
        attachments = []
        for a in m.attachments:
            data = getattr(a, "data", b"") or b""
            attachments.append(
                Attachment(
                    filename=getattr(a, "longFilename", None) or getattr(a, "shortFilename", None) or "",
                    content_type=getattr(a, "mimetype", None) or "application/octet-stream",
                    size=len(data) if isinstance(data, (bytes, bytearray)) else 0,
                    content_id=getattr(a, "cid", None) or "",
                )
            )
        subject = m.subject or ""
        draft = Draft(
            subject=subject,
            sender=Recipient(sender[0][1], sender[0][0]) if sender and sender[0][1] else None,
            to=_split_msg_recipients(m.to),
            cc=_split_msg_recipients(m.cc),
            bcc=_split_msg_recipients(getattr(m, "bcc", None)),
            html=html or None,
            text=m.body or ("" if not html else None),
            compose_type=ComposeType.FORWARD
            if is_forward(subject)
            else ComposeType.REPLY
            if is_reply(subject)
            else ComposeType.NEW,
            attachments=tuple(attachments),
            date=m.date if isinstance(m.date, datetime) else None,
        )
    except DraftError:
        raise
    except Exception as exc:
        raise DraftError(f"{path}: damaged Outlook .msg file ({exc.__class__.__name__}: {exc})") from None
    finally:
        try:
            m.close()
        except Exception:
            pass
    return draft


def _split_msg_recipients(value: str | None) -> tuple[Recipient, ...]:
    if not value:
        return ()
    # .msg recipient strings separate entries with ";".
    pairs = email.utils.getaddresses([value.replace(";", ",")])
    return tuple(Recipient(address=a, name=n) for n, a in pairs if a or n)


def as_email_message(draft: Draft) -> EmailMessage:
    """An RFC 822 message for a draft (used by `fix -o out.eml`)."""
    msg = EmailMessage(policy=email.policy.default)
    if draft.subject:
        msg["Subject"] = draft.subject
    if draft.sender:
        msg["From"] = draft.sender.display()
    for name, rs in (("To", draft.to), ("Cc", draft.cc), ("Bcc", draft.bcc)):
        if rs:
            msg[name] = ", ".join(r.display() for r in rs)
    if draft.date:
        msg["Date"] = email.utils.format_datetime(draft.date)
    if draft.text is not None or draft.html is None:
        msg.set_content(draft.text or "")
        if draft.html is not None:
            msg.add_alternative(draft.html, subtype="html")
    else:
        msg.set_content(draft.html, subtype="html")
    return msg
