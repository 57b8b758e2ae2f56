"""BP 1114, Email Protocol B to D (who receives the message) as rules: EM201, EM301, EM401."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Iterable

from assistant.core.content import WORD_RE
from assistant.core.text.signature import is_device_line
from assistant.core.model import Applicability, ComposeType, Draft, Hint, Severity
from assistant.rules.base import Context, Phrases, Rule, has_reply_prefix, terms, terms_regex


class CcOveruse(Rule):
    """Too many people on Cc.

    What it does:
        Flags more Cc recipients than the threshold (5), or a Cc list more than twice
        as long as the To list when it has at least 4 people. Distribution lists count
        by their expanded size when the mail server could expand them.

    Why:
        Every Cc is a message someone has to open and file; copying people who are not
        directly involved clutters inboxes.

    Example:
        A note to one parent with the whole grade-level team and the office on Cc.

    Policy:
        BP 1114, Email Protocol B: "Be cautious with the 'CC (Carbon Copy)' function.
        Overuse simply clutters inboxes. Copy only people who are directly involved."

    Fix:
        None: remove the people who are not directly involved.
    """

    code = "EM201"
    name = "cc-overuse"
    title = "Too many people on Cc"
    severity = Severity.INFO
    citation = "BP 1114, Email Protocol B"

    def check(self, ctx: Context) -> Iterable[Hint]:
        cc = sum(r.count for r in ctx.draft.cc)
        to = sum(r.count for r in ctx.draft.to)
        p = ctx.policy
        if cc > p.threshold("cc_max") or (cc >= p.threshold("cc_ratio_min") and cc > p.threshold("cc_to_ratio") * to):
            yield self.hint(ctx, f"{cc} people are on Cc: copy only those directly involved.", field="cc")


_ACKS = "email_protocol.toml"


def is_reply(draft: Draft) -> bool:
    """A reply by compose type, or a new message that answers one.

    Mail read from a file or a server may say "new" for a reply: its subject's
    RE:/AW:/SV: prefix or the replied-to subject it carries says otherwise. A
    forward is never a reply.
    """
    if draft.compose_type in (ComposeType.REPLY, ComposeType.REPLY_ALL):
        return True
    if draft.compose_type is not ComposeType.NEW:
        return False
    return has_reply_prefix(draft.subject or "") or bool(draft.in_reply_to_subject)


def reply_words(ctx: Context) -> str:
    """What the reply says, at ``new_text``'s offsets (other characters blanked).

    Usually the authored text. When that is empty, the signature finder has taken
    a closing line for a sign-off ("Thanks!\\n\\nLinda"): then the signature's first
    line is what the reply says.
    """
    text = ctx.text
    sig = ctx.content.signature
    if sig is None or WORD_RE.search(text):
        return text
    new = ctx.content.new_text
    block = new[sig.start : sig.end]
    a = sig.start + len(block) - len(block.lstrip())
    b = new.find("\n", a, sig.end)
    b = sig.end if b < 0 else b
    if is_device_line(new[a:b]):
        return text  # "👍" then "Sent from my iPhone": the phone's line says nothing
    return " " * a + new[a:b] + " " * (len(new) - b)


def _before_sender_name(text: str, sender: str) -> str:
    """``text`` up to a line that is the sender's name, or opens with it before a separator
    ("Sheila Monroe | Registrar"): an unmarked signature ("Will do!" then "Rosa Villanueva"
    and her title) is not what the reply says (same offsets)."""
    names = {w.lower() for w in WORD_RE.findall(sender or "")}
    if len(names) < 2:
        return text
    pos = 0
    for line in text.split("\n"):
        # The name alone, or first before a separator ("Sheila Monroe | Registrar | x3112").
        first = _SIGNATURE_PART.match(line)
        words = [w.lower() for w in WORD_RE.findall(first.group(1) if first else line)]
        if pos and len(words) >= 2 and set(words) <= names:
            return text[:pos] + " " * (len(text) - pos)
        pos += len(line) + 1
    return text


_SIGNATURE_PART = re.compile(r"\s*([^|,–—\n]+?)\s*(?:[|,–—]|\s-\s)")


class ReplyAllCaution(Rule):
    """A short acknowledgement sent with Reply All.

    What it does:
        Flags a reply to three or more people whose new text is only an
        acknowledgement ("Thanks!", "Got it", "+1", "See you there", "¡Gracias!") in
        under 25 words. A message is a reply by its compose type, or by its subject's
        RE: prefix or the replied-to message it carries (In-Reply-To), so a "Thanks!"
        with no quoted history counts too. A closing line on its own ("Thanks!" above
        your name) is what such a reply says. Greetings, "everyone", the recipients'
        names, weekdays, times and a phone's "Sent from my iPhone" (a signature) do not
        make it content, nor does the short form of a name ("Tere" signing for
        Teresa); accents typed or left out ("ahi estaré") and a doubled emoji ("😂😂")
        read the same. An address that names a group the draft cannot expand
        ("staff-ygnacio@") counts as three or more.

    Why:
        A "thanks" to everyone creates work for all the people who did not need it.

    Example:
        Replying "Thank you!" to the principal's staff-wide announcement.

    Policy:
        BP 1114, Email Protocol C: "Use the 'Reply All' button carefully. You may end up
        broadcasting your response to many more people than intended and create work for
        those who do not need to see your response."

    Fix:
        Safe: reply to the sender only (the other recipients are removed; your words stay).
    """

    code = "EM301"
    name = "reply-all-caution"
    title = "Thanks sent with Reply All"
    severity = Severity.WARNING
    citation = "BP 1114, Email Protocol C"
    fix = "reply-sender-only"
    applicability = Applicability.SAFE

    def check(self, ctx: Context) -> Iterable[Hint]:
        d = ctx.draft
        if not is_reply(d):
            return
        n = sum(r.count for r in d.visible_recipients)
        least = ctx.policy.threshold("reply_all_min_recipients")
        # A group's address the draft could not expand ("staff-ygnacio@") reaches many.
        lists = terms_regex(_ACKS, "acknowledgements", "list_address_regex")
        group = n < least and any(lists.search(r.address.lower()) for r in d.visible_recipients)
        if n < least and not group:
            return
        text = _before_sender_name(reply_words(ctx), d.sender.name if d.sender else "")
        words = WORD_RE.findall(text)
        # No words at all is fine: a lone "👍" is an acknowledgement too.
        if len(words) >= ctx.policy.threshold("reply_all_max_words"):
            return
        plain = _plain(text)
        found = _ack_phrases().spans(plain)
        if not found:
            return
        acks_removed = plain
        for m in reversed(found):
            acks_removed = acks_removed[: m.start] + " " + acks_removed[m.end :]
        courtesy = _courtesy()
        people = [r.name for r in d.all_recipients] + ([d.sender.name] if d.sender else [])
        names = {w.lower() for name in people for w in WORD_RE.findall(_plain(name))}
        # Times and dates ("see you all at 7:15", "confirmed for 12/4") are not content either.
        leftover = [w for w in WORD_RE.findall(acks_removed)
                    if w.lower() not in courtesy and not _is_name(w.lower(), names) and not w.isdigit()]
        # A first name or initials may remain; anything more is real content.
        if len(leftover) > 2:
            return
        whom = "a group list" if group else f"{n} people"
        yield self.hint(ctx, f"This short acknowledgement goes to {whom}: reply to the sender only.", spans=found, field="to")


def _unaccented(ch: str) -> str:
    """A letter without its accent ("í" -> "i"), or the character itself."""
    base = unicodedata.normalize("NFD", ch)
    return base[0] if len(base) > 1 and all(unicodedata.combining(c) for c in base[1:]) else ch


def _plain(text: str) -> str:
    """``text`` with accents dropped and a repeated symbol kept once ("ahi estaré",
    "😂😂"), at the same offsets: people write quick replies without accents and with
    their emoji doubled, and neither changes what the reply says."""
    if not text.isascii():
        text = text.translate({ord(c): _unaccented(c) for c in set(text) if not c.isascii()})
    return _REPEATED_SYMBOL.sub(lambda m: m.group(1) + " " * (len(m.group()) - 1), text)


_REPEATED_SYMBOL = re.compile(r"([^\w\s])\1+")


@lru_cache(maxsize=1)
def _ack_phrases() -> Phrases:
    return Phrases(_plain(p) for p in terms(_ACKS)["acknowledgements"]["phrases"])


@lru_cache(maxsize=1)
def _courtesy() -> frozenset[str]:
    return frozenset(_plain(w) for w in terms(_ACKS)["acknowledgements"]["courtesy"])


def _is_name(word: str, names: set[str]) -> bool:
    """One of the recipients' or the sender's names, or its short form of three letters
    or more ("Tere" signing for Teresa, "thanks Kath" to Katherine)."""
    return word in names or (len(word) >= 3 and any(n.startswith(word) for n in names))


class BccForLargeGroup(Rule):
    """A large group addressed in To/Cc instead of Bcc.

    What it does:
        Flags a message whose visible recipients (To + Cc, distribution lists counted
        by their expanded size when the server could expand them) reach the threshold
        (10 by default).

    Why:
        With Bcc every recipient sees only their own address and yours, addresses are
        not exposed, and an accidental Reply All reaches only you.

    Example:
        A teacher e-mailing 28 parents with all addresses in To.

    Policy:
        BP 1114, Email Protocol D: "Use the 'BCC (Blind Carbon copy)' when addressing a
        message that will go to a large group of people, so recipients won't have to see
        a huge list of names."

    Fix:
        Safe: move To and Cc to Bcc and put the sender in To.
    """

    code = "EM401"
    name = "bcc-for-large-group"
    title = "Large group not in Bcc"
    severity = Severity.WARNING
    citation = "BP 1114, Email Protocol D"
    fix = "bcc"
    applicability = Applicability.SAFE

    def check(self, ctx: Context) -> Iterable[Hint]:
        n = sum(r.count for r in ctx.draft.visible_recipients)
        if n >= ctx.policy.threshold("bcc_min_recipients"):
            yield self.hint(ctx, f"{n} recipients can see each other's addresses: put them in Bcc.", field="to")
