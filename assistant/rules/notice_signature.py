"""BP 1114, Email Protocol E and H (the confidentiality notice and the signature) as rules: EM501, EM502, EM701."""

from __future__ import annotations

from typing import Iterable

from assistant.core.content import EMAIL_RE, ORG_RE, PHONE_RE, TITLE_RE, find_notice_fragments
from assistant.core.model import Applicability, Hint, Severity
from assistant.rules.base import Context, Rule


class _NoticeRule(Rule):
    """What the two notice rules share: the policy passage and the one-click fix."""

    citation = "BP 1114, Email Protocol E"
    fix = "notice"
    applicability = Applicability.SAFE


class NoticeMissing(_NoticeRule):
    """The District confidentiality notice is missing from the message.

    What it does:
        Flags new text that does not contain the confidentiality notice of BP 1114 E
        (compared word by word, ignoring case, spacing, line wrapping and HTML). An
        altered or partial copy does not count. A notice only in the quoted history is
        reported by EM502 instead.

    Why:
        The notice is mandatory on all District e-mail; it protects privileged and
        confidential information sent by mistake to the wrong person.

    Example:
        A reply to a parent that ends with the signature and no notice.

    Policy:
        BP 1114, Email Protocol E: "All District Email shall contain the following
        confidentiality notice which shall appear beneath the employee's signature and
        contact information."

    Fix:
        Safe: insert the verbatim notice directly beneath the signature.
    """

    code = "EM501"
    name = "confidentiality-notice-missing"
    title = "Confidentiality notice missing"
    severity = Severity.ERROR

    def check(self, ctx: Context) -> Iterable[Hint]:
        c = ctx.content
        if c.notices or c.notice_in_quote:
            return
        partial = find_notice_fragments(c.new_text, ctx.policy.notice_words)
        if partial:
            yield self.hint(ctx, "The confidentiality notice has been altered or cut short: use the District's exact text.", spans=partial[:1])
        else:
            yield self.hint(ctx, "Add the District confidentiality notice beneath your signature.")


class NoticeMisplaced(_NoticeRule):
    """The confidentiality notice is above the signature, repeated, or only in the quote.

    What it does:
        Flags a notice that stands above the signature instead of beneath it, appears
        more than once in the new text, or appears only inside the quoted history (so
        it is not part of what you are writing).

    Why:
        The policy places the notice beneath the signature and contact information; a
        notice only in the quoted history belongs to someone else's message.

    Example:
        A notice pasted at the top of a message, or a reply whose only notice is the one
        in the original message below.

    Policy:
        BP 1114, Email Protocol E: "… confidentiality notice which shall appear beneath
        the employee's signature and contact information."

    Fix:
        Safe: place one notice directly beneath the signature (the quoted history is
        never changed).
    """

    code = "EM502"
    name = "confidentiality-notice-misplaced"
    title = "Confidentiality notice in the wrong place"
    severity = Severity.WARNING

    def check(self, ctx: Context) -> Iterable[Hint]:
        c = ctx.content
        if not c.notices:
            if c.notice_in_quote:
                yield self.hint(ctx, "The notice is only in the quoted message: add it beneath your own signature.")
            return
        if len(c.notices) > 1:
            yield self.hint(ctx, f"The confidentiality notice appears {len(c.notices)} times: keep one, beneath your signature.", spans=c.notices)
            return
        sig = c.signature
        if sig is not None and c.notices[0].end <= sig.start:
            yield self.hint(ctx, "Move the confidentiality notice beneath your signature.", spans=c.notices)


class SignatureMissing(Rule):
    """No signature with your name and contact information.

    What it does:
        Flags new text without a signature block that has the sender's name and at
        least one contact line: a phone number, an e-mail address, or a title with a
        school or department.

    Why:
        Parents and colleagues need to know who wrote and how to reach them.

    Example:
        A message that ends with just "- J".

    Policy:
        BP 1114, Email Protocol H: "Use a signature that includes contact information to
        ensure that people know who you are."

    Fix:
        Safe: insert your configured signature at the end of your text (above any quoted
        history), once.
    """

    code = "EM701"
    name = "signature-missing"
    title = "No signature with contact details"
    severity = Severity.WARNING
    citation = "BP 1114, Email Protocol H"
    fix = "signature"
    applicability = Applicability.SAFE

    def check(self, ctx: Context) -> Iterable[Hint]:
        c = ctx.content
        if not c.new_text.strip():
            return
        sig = c.signature_text
        if not sig:
            yield self.hint(ctx, "Add a signature with your name and contact information.")
            return
        has_contact = bool(PHONE_RE.search(sig) or EMAIL_RE.search(sig) or (TITLE_RE.search(sig) and ORG_RE.search(sig)))
        if not has_contact:
            yield self.hint(ctx, "Your signature has no contact line: add your phone, e-mail, or title and school.", spans=[c.signature] if c.signature else ())
