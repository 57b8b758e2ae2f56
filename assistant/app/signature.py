"""Use cases: the user's signature (the one loader), its form, preview and save.

``configured_signature`` is the only place a signature is read from the
settings: the user's fields, empty ones filled from the directory entry, and
the signatures configured before (so a block ``fix`` inserted with an older
one is recognised and replaced). A signature that is set but invalid is an
error that names the field.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping

from assistant.app.context import AppContext
from assistant.app.errors import AppError, Kind
from assistant.core.signature import FIELDS, Signature, SignatureError, merged_defaults


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
    fields = _fields(config, directory)
    if not fields:
        return None
    return Signature.from_config(fields).with_previous(_older_signatures(config, directory))


def _fields(config: Mapping[str, Any], directory: Mapping[str, Any] | None) -> dict[str, str]:
    user = config.get("signature") if isinstance(config, Mapping) else None
    return merged_defaults(user if isinstance(user, Mapping) else {}, directory)


def _older_signatures(config: Mapping[str, Any], directory: Mapping[str, Any] | None) -> list[Signature]:
    """The signatures configured before this one (settings keep them), so a block
    fix inserted with one of them can be recognised; unusable entries are skipped."""
    from assistant.config import SIGNATURE_HISTORY

    out = []
    for entry in config.get(SIGNATURE_HISTORY) or []:
        if not isinstance(entry, Mapping):
            continue
        try:
            out.append(Signature.from_config(merged_defaults(entry, directory)))
        except SignatureError:
            continue
    return out


def load_signature(ctx: AppContext) -> Signature | None:
    """The signature fixes insert (None when none is set); an invalid one is a
    CONFIG error naming the field."""
    try:
        return configured_signature(ctx.config(), ctx.directory())
    except SignatureError as exc:
        raise AppError(Kind.CONFIG, f"{exc} (correct it in Settings or the settings file)") from None


@dataclass(frozen=True)
class SignatureForm:
    """What the Settings page shows: the fields, and the signature or why there is none.

    ``version`` is the settings file's version these fields were read from (or that a
    save just wrote); a save must send it back (``save_signature``). None for a preview.
    """

    fields: dict[str, str]
    signature: Signature | None
    error: str | None = None
    version: str | None = None


def signature_form(ctx: AppContext) -> SignatureForm:
    """The configured signature for editing, with the settings version it was read
    from. Unlike ``load_signature`` an unusable one is not an error here: the form
    shows the fields as they are, and why."""
    from assistant.app.settings_file import read_settings

    snap = read_settings()  # one read: the fields shown and their version agree
    fields = _fields(snap.data, ctx.directory())
    try:
        sig = Signature.from_config(fields)
    except SignatureError as exc:
        shown = {k: "" for k in FIELDS}
        shown.update({k: v for k, v in fields.items() if k in FIELDS and isinstance(v, str)})
        return SignatureForm(shown, None, str(exc), snap.version)
    return SignatureForm({k: getattr(sig, k) for k in FIELDS}, sig, version=snap.version)


def preview_signature(fields: Any) -> SignatureForm:
    """The signature these fields make (BAD_INPUT naming the field when they cannot)."""
    if not isinstance(fields, Mapping):
        raise AppError(Kind.BAD_INPUT, "the signature fields must be an object")
    try:
        sig = Signature.from_config(fields)
    except SignatureError as exc:
        raise AppError(Kind.BAD_INPUT, str(exc)) from None
    return SignatureForm({k: getattr(sig, k) for k in FIELDS}, sig)


def save_signature(ctx: AppContext, fields: Any, version: Any) -> SignatureForm:
    """Validate and save, if the settings file is still the ``version`` the user loaded
    (``SignatureForm.version``): a stale one is a CONFLICT and nothing is saved. The
    signature replaced is kept in the history ``fix`` recognises. The form returned
    carries the new version, for the next save."""
    from assistant.app.settings_file import check_version, save_section

    check_version(version)
    form = preview_signature(fields)
    assert form.signature is not None
    new_version = save_section("signature", form.signature.to_config(), version)
    return SignatureForm(form.fields, form.signature, version=new_version)


def _saved_fields(data: Mapping[str, Any]) -> dict[str, str]:
    section = data.get("signature")
    if not isinstance(section, Mapping):
        return {}
    return {k: v for k, v in section.items() if isinstance(v, str)}


def saved_fields(ctx: AppContext) -> dict[str, str]:
    """The signature fields as saved in the settings (no directory entry mixed in)."""
    return _saved_fields(ctx.config())


def update_signature(ctx: AppContext, changes: Mapping[str, str | None]) -> SignatureForm:
    """Change some fields of the saved signature and save it (validated as a whole).

    ``changes`` maps a field to its new text; None keeps the saved value and ""
    clears it, so setting one field never loses the others. The settings are read
    once and written with the version read: if anything else saved them in between
    (the window, another command), this is a CONFLICT and nothing is saved.
    """
    from assistant.app.settings_file import read_settings

    unknown = set(changes) - set(FIELDS)
    if unknown:
        raise AppError(Kind.BAD_INPUT, f"unknown signature field(s): {', '.join(sorted(unknown))}")
    snap = read_settings()
    fields = _saved_fields(snap.data)
    fields.update({k: v for k, v in changes.items() if v is not None})
    return save_signature(ctx, {k: v for k, v in fields.items() if k in FIELDS and v.strip()}, snap.version)


def current_signature(ctx: AppContext) -> Signature:
    """The signature ``fix`` would insert now; CONFIG when none is set or it is
    invalid (the message names the field)."""
    form = signature_form(ctx)
    if form.signature is None:
        raise AppError(Kind.CONFIG, form.error or "no signature is configured")
    return form.signature


@dataclass(frozen=True)
class SignatureWarning:
    """One accessibility problem of a signature: the AX rule it comes from and what to do."""

    code: str
    message: str

    def to_json(self) -> dict[str, str]:
        return {"code": self.code, "message": self.message}


def signature_warnings(html: str | None) -> list[SignatureWarning]:
    """What would make ``html`` (a signature, e.g. one pasted from Outlook with its logo)
    unreadable to some readers: pictures without real alt text (AX101's test) and text
    below WCAG contrast on its own background (AX102's). The whole HTML is the signature
    here, so its logo is judged too (the AX101 rule itself spares signature logos)."""
    if not html or not html.strip():
        return []
    from assistant.core.accessibility import Page, describe
    from assistant.core.content import MAX_CHECK_CHARS, split_html
    from assistant.rules.accessibility import alt_problem

    page = Page(split_html(html[:MAX_CHECK_CHARS]))
    out = []
    for pic in page.pictures:
        why = None if pic.decorative else alt_problem(pic.alt)
        if why:
            name = pic.src.rsplit("/", 1)[-1][:40] or "a picture"
            out.append(SignatureWarning("AX101", f"The picture {name} {why}: describe it (e.g. the school's name "
                                                 "for a logo) so screen-reader users hear it (WCAG 2.1 SC 1.1.1)."))
    for low in page.low_contrast:
        words = " ".join("".join(low.element.itertext()).split())[:40] or "Some text"
        out.append(SignatureWarning("AX102", f'"{words}" is {describe(low.fg)} on {describe(low.bg)}, contrast '
                                             f"{low.ratio:.1f}:1, below the {page.needed_ratio(low):g}:1 that "
                                             "WCAG 2.1 SC 1.4.3 asks for: use a darker colour."))
    return out


def contact_warning(sig: Signature) -> str | None:
    """Why EM701 would still flag drafts signed with ``sig`` (None when it would not)."""
    if sig.has_contact:
        return None
    return "this signature has no phone, no e-mail and not both title and school: EM701 asks for contact details"


__all__ = ["SignatureForm", "SignatureWarning", "configured_signature", "contact_warning", "current_signature", "load_signature",
           "preview_signature", "save_signature", "saved_fields", "signature_form", "signature_warnings",
           "update_signature"]
