"""The staff signature: one template, rendered as HTML and as plain text.

BP 1114 H asks for "a signature that includes contact information". The fields
live in the user's config (section ``signature``); defaults can come from the
mail server's directory entry (``signature_from_directory``). Pure: no I/O.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field, replace
from typing import Any, Mapping

FIELDS = ("name", "title", "school", "phone", "email", "pronouns", "website")
# The plain-text delimiter (RFC 3676 "sig dash"): readers and other clients
# recognise it, and it makes our own block unambiguous when a draft is re-fixed.
TEXT_DELIMITER = "-- "

_EMAIL = re.compile(r"^[\w.+'-]+@[\w-]+(?:\.[\w-]+)+$")
_PHONE_CHARS = re.compile(r"^[0-9()+.\-\s/]+(?:\s*(?:x|ext\.?)\s*\d{1,6})?$", re.I)
_WEBSITE = re.compile(r"^(?:https?://)?[\w-]+(?:\.[\w-]+)+(?:[/?#]\S*)?$", re.I)
_MAX_FIELD = 200


class SignatureError(ValueError):
    """A signature setting that cannot be used; the message names the field."""


@dataclass(frozen=True)
class Signature:
    name: str
    title: str = ""
    school: str = ""
    phone: str = ""
    email: str = ""
    pronouns: str = ""
    website: str = ""
    # Signatures this user had configured before (newest first). ``fix`` replaces a
    # block only when it is an exact rendering of this one or one of these.
    previous: tuple["Signature", ...] = field(default=(), compare=False, repr=False)

    # -- construction -------------------------------------------------------
    @classmethod
    def from_config(cls, data: Mapping[str, Any] | None) -> "Signature":
        """Validate the ``signature`` config section (a clear error, never a crash)."""
        if not data:
            raise SignatureError("no signature is configured: set at least your name (signature.name)")
        if not isinstance(data, Mapping):
            raise SignatureError("the signature settings must be an object")
        unknown = set(data) - set(FIELDS)
        if unknown:
            raise SignatureError(f"unknown signature field(s): {', '.join(sorted(unknown))}")
        values: dict[str, str] = {}
        for key in FIELDS:
            value = data.get(key) or ""
            if not isinstance(value, str):
                raise SignatureError(f"signature.{key} must be text")
            # One line per field: a newline would break detection on re-fix.
            value = " ".join(value.split())
            if len(value) > _MAX_FIELD:
                raise SignatureError(f"signature.{key} is longer than {_MAX_FIELD} characters")
            values[key] = value
        if not values["name"]:
            raise SignatureError("signature.name is required")
        if values["email"] and not _EMAIL.match(values["email"]):
            raise SignatureError(f"signature.email is not an e-mail address: {values['email']!r}")
        if values["phone"] and (
            not _PHONE_CHARS.match(values["phone"]) or sum(c.isdigit() for c in values["phone"]) < 7
        ):
            raise SignatureError(f"signature.phone is not a phone number: {values['phone']!r}")
        if values["website"] and not _WEBSITE.match(values["website"]):
            raise SignatureError(f"signature.website is not a web address: {values['website']!r}")
        return cls(**values)

    def to_config(self) -> dict[str, str]:
        return {k: getattr(self, k) for k in FIELDS if getattr(self, k)}

    def with_previous(self, older: "tuple[Signature, ...] | list[Signature]") -> "Signature":
        """This signature, knowing the ones configured before it (duplicates dropped)."""
        seen = {self}
        keep = []
        for sig in older:
            if sig not in seen:
                seen.add(sig)
                keep.append(replace(sig, previous=()))
        return replace(self, previous=tuple(keep))

    def known(self) -> "tuple[Signature, ...]":
        """This signature and the older ones: every block ``fix`` may have inserted."""
        return (self, *self.previous)

    # -- what it says ---------------------------------------------------------
    @property
    def name_line(self) -> str:
        return f"{self.name} ({self.pronouns})" if self.pronouns else self.name

    @property
    def has_contact(self) -> bool:
        """BP 1114 H / EM701: a phone, an e-mail, or title + school."""
        return bool(self.phone or self.email or (self.title and self.school))

    def lines(self) -> list[str]:
        out = [self.name_line]
        for value in (self.title, self.school):
            if value:
                out.append(value)
        if self.phone:
            out.append(f"Phone: {self.phone}")
        if self.email:
            out.append(f"Email: {self.email}")
        if self.website:
            out.append(self.website)
        return out

    def text(self) -> str:
        """Plain-text form, with the standard delimiter line first."""
        return "\n".join([TEXT_DELIMITER, *self.lines()])

    def html(self, outlook: bool = False, font: str | None = None, inline: bool = False) -> str:
        """HTML form: a marked block so a later fix finds and replaces it.

        ``outlook``: use ``<p class="MsoNormal">`` paragraphs like the rest of
        an Outlook (Word engine) body, so Outlook keeps its own spacing.
        """
        style = f' style="font-family:{html.escape(font, quote=True)}"' if font else ""
        rows = [html.escape(self.name_line, quote=False)]
        rows += [html.escape(v, quote=False) for v in (self.title, self.school) if v]
        if self.phone:
            digits = re.sub(r"[^\d+]", "", self.phone.split("x")[0].split("ext")[0])
            rows.append(f'Phone: <a href="tel:{html.escape(digits)}">{html.escape(self.phone, quote=False)}</a>')
        if self.email:
            e = html.escape(self.email)
            rows.append(f'Email: <a href="mailto:{e}">{e}</a>')
        if self.website:
            url = self.website if re.match(r"https?://", self.website, re.I) else "https://" + self.website
            rows.append(f'<a href="{html.escape(url)}">{html.escape(self.website, quote=False)}</a>')
        if inline:
            return (
                f'<span class="mdusd-signature" data-mail-assistant="signature"{style}>'
                + "<br>".join(rows)
                + "<br><br></span>"
            )
        tag = '<p class="MsoNormal">' if outlook else "<div>"
        close = "</p>" if outlook else "</div>"
        spacer = f"{tag}&nbsp;{close}"
        body = "".join(f"{tag}{r}{close}" for r in rows)
        return (
            f'<div class="mdusd-signature" data-mail-assistant="signature"{style}>'
            f"{spacer}{body}</div>"
        )


def notice_html(text: str, outlook: bool = False, font: str | None = None, inline: bool = False) -> str:
    """The BP 1114 E notice as a marked block (small grey print, verbatim words)."""
    family = f"font-family:{html.escape(font, quote=True)};" if font else ""
    style = f"{family}font-size:9pt;color:#595959"
    inner = html.escape(" ".join(text.split()), quote=False)
    if inline:
        return f'<span class="mdusd-notice" data-mail-assistant="notice" style="{style}">{inner}<br><br></span>'
    tag, close = ('<p class="MsoNormal">', "</p>") if outlook else ("<div>", "</div>")
    return (
        f'<div class="mdusd-notice" data-mail-assistant="notice" style="{style}">'
        f"{tag}&nbsp;{close}{tag}{inner}{close}</div>"
    )


def signature_from_directory(entry: Mapping[str, Any] | None) -> dict[str, str]:
    """Signature defaults from a directory entry (EWS ResolveNames contact).

    Keys understood: display_name/name, job_title/title, department,
    office/company/school, phone/business_phone, email/email_address. Only
    fields with a value are returned, so callers can merge them under what
    the user already set.
    """
    if not entry:
        return {}

    def pick(*keys: str) -> str:
        for k in keys:
            v = entry.get(k)
            if isinstance(v, str) and v.strip():
                return " ".join(v.split())
        return ""

    school = pick("office", "company", "school", "company_name")
    department = pick("department")
    if department and school and department.lower() not in school.lower():
        place = f"{department}, {school}"
    else:
        place = school or department
    out = {
        "name": pick("display_name", "name"),
        "title": pick("job_title", "title"),
        "school": place,
        "phone": pick("phone", "business_phone", "phone_number"),
        "email": pick("email", "email_address", "primary_smtp_address"),
    }
    return {k: v for k, v in out.items() if v}


def merged_defaults(user: Mapping[str, Any] | None, directory: Mapping[str, Any] | None) -> dict[str, str]:
    """The user's own fields win; the directory fills only what is empty."""
    out = dict(signature_from_directory(directory))
    for key, value in (user or {}).items():
        if isinstance(value, str) and value.strip():
            out[key] = value
    return out


__all__ = [
    "FIELDS",
    "Signature",
    "SignatureError",
    "TEXT_DELIMITER",
    "merged_defaults",
    "notice_html",
    "signature_from_directory",
]
