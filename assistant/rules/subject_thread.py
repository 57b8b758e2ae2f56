"""BP 1114, Email Protocol A (the subject line and the thread) as rules: EM101, EM102."""

from __future__ import annotations

import re
from typing import Iterable

from assistant.core.content import WORD_RE
from assistant.core.model import ComposeType, Hint, Severity
from assistant.rules.base import Context, Rule, phrases, sentences, strip_prefixes, terms


_GREETING_LINE = re.compile(r"^\s*(?:hi|hello|hey|dear|good (?:morning|afternoon|evening)|greetings|hola|buenos días)\b[^\n]{0,60}$", re.I)
_STOP = frozenset(
    "a an the and or but if of to in on at for from by with about into over after before as is are was were "
    "be been being it its this that these those i you he she we they me him her us them my your his our their "
    "will would can could should may might must do does did have has had not no yes so than then there here "
    "what which who whom when where why how all any each some more most other such only own same just also "
    "very too please thanks thank hi hello dear re fw fwd let know get got one two new see".split()
)


def content_words(text: str) -> set[str]:
    out = set()
    for w in WORD_RE.findall(text.lower()):
        if len(w) >= 4 and w not in _STOP and not w.isdigit():
            out.add(w[:-1] if w.endswith("s") and len(w) > 4 else w)
    return out


class GenericSubject(Rule):
    """Subject line is missing, a bare prefix, or too generic to summarise the message.

    What it does:
        Flags a subject that is empty, only "RE:"/"FW:", a generic phrase such as
        "Question", "FYI", "Update", "Urgent" or "Hola", or shorter than three words
        none of which says what the message is about. Replies and forwards keep the
        thread's subject, so for them only an empty or bare-prefix subject is flagged.

    Why:
        People sort and prioritise mail by its subject; a generic one hides what the
        message is about and gets it lost or ignored.

    Example:
        Subject: "Question" (to a parent) — better: "Field trip permission slip due Friday".

    Policy:
        BP 1114, Email Protocol A: "Use the 'Subject Line' to clearly summarize your
        message. Properly titled messages help people organize and prioritize their
        email. Avoid generic subject lines."

    Fix:
        None (the author decides); a subject drawn from the body's first sentence is
        suggested for display only.
    """

    code = "EM101"
    name = "generic-subject"
    title = "Generic or empty subject"
    severity = Severity.WARNING
    citation = "BP 1114, Email Protocol A"

    def check(self, ctx: Context) -> Iterable[Hint]:
        raw = ctx.draft.subject or ""
        subject = strip_prefixes(raw)
        if not subject:
            what = "is empty" if not raw.strip() else f'is only "{raw.strip()}"'
            yield self.hint(ctx, f"The subject {what}: summarise the message in a few words.", field="subject", suggestion=self.suggest(ctx), fix=False)
            return
        if ctx.draft.compose_type.is_response:
            return
        norm = re.sub(r"[^\w\s'+-]", "", subject.lower()).strip()
        norm = re.sub(r"\s+", " ", norm)
        if norm in phrases("generic_subject", "phrases").phrases or subject.lower() in phrases("generic_subject", "phrases").phrases:
            yield self.hint(ctx, f'"{subject}" is a generic subject: say what the message is about.', field="subject", suggestion=self.suggest(ctx), fix=False)
            return
        ws = WORD_RE.findall(subject)
        vague = set(terms()["generic_subject"]["vague_words"])
        threshold = ctx.policy.threshold("subject_min_words")
        if len(ws) < threshold and all(w.lower() in vague for w in ws):
            yield self.hint(ctx, f'"{subject}" does not say what the message is about: use a specific subject.', field="subject", suggestion=self.suggest(ctx), fix=False)

    @staticmethod
    def suggest(ctx: Context) -> str | None:
        for a, b in sentences(ctx.text):
            s = ctx.text[a:b].strip()
            if not s or _GREETING_LINE.match(s) or len(WORD_RE.findall(s)) < 3:
                continue
            ws = s.rstrip(".!?").split()
            return sentence_case(" ".join(ws[:9]), ctx.policy.acronyms) + ("…" if len(ws) > 9 else "")
        return None


# Names that keep their capital when a shouted sentence is lowered ("May" is left out:
# it is more often the verb).
_PROPER = frozenset(
    "Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April June July "
    "August September October November December".split()
)
_CAPS_WORD = re.compile(r"(?<![\w'’])[^\W\d_]{2,}(?:['’][^\W\d_]+)*(?![\w'’])")


def sentence_case(text: str, acronyms: frozenset[str]) -> str:
    """Shouted words lowered (acronyms, "I" and day and month names kept), first letter capital.

    Only words written wholly in capitals change, so "Please RETURN the IEP forms by
    FRIDAY" becomes "Please return the IEP forms by Friday"; mixed-case words stay.
    """

    def lower(m: re.Match[str]) -> str:
        w = m.group()
        if not w.isupper() or w in acronyms or w.rstrip("S").rstrip("'’") in acronyms:
            return w
        low = w.lower()
        return low.capitalize() if low.capitalize() in _PROPER else low

    out = _CAPS_WORD.sub(lower, text)
    first = re.search(r"[^\W\d_]+", text)  # lowering keeps lengths, so offsets hold in ``out``
    if first and first.group() != out[first.start() : first.end()]:
        # The first word was lowered: it starts the sentence again ("iPad" stays as written).
        i = first.start()
        out = out[:i] + out[i].upper() + out[i + 1 :]
    return out


class NewTopicInOldThread(Rule):
    """A new conversation started by replying to an old or unrelated message.

    What it does:
        For a reply, flags new text written into a thread whose last message is older
        than the threshold (30 days by default), or new text that shares no content
        words at all with the thread's subject and quoted history.

    Why:
        Replying to an old message to raise a new subject buries the new subject under
        an unrelated title and history, and recipients file it in the wrong place.

    Example:
        Replying to September's "Back to school night" thread in November to ask about
        report card comments.

    Policy:
        BP 1114, Email Protocol A: "If you are starting a new conversation, don't reply
        to an old email that has a different subject."

    Fix:
        None: start a new message with its own subject.
    """

    code = "EM102"
    name = "new-topic-in-old-thread"
    title = "New topic in an old thread"
    severity = Severity.INFO
    citation = "BP 1114, Email Protocol A"

    def check(self, ctx: Context) -> Iterable[Hint]:
        if ctx.draft.compose_type not in (ComposeType.REPLY, ComposeType.REPLY_ALL):
            return
        days = ctx.policy.threshold("old_thread_days")
        replied, now = ctx.replied_date, ctx.draft.date
        if replied and now:
            if (replied.tzinfo is None) != (now.tzinfo is None):
                replied, now = replied.replace(tzinfo=None), now.replace(tzinfo=None)
            age = (now - replied).days
            if age > days:
                yield self.hint(ctx, f"You are replying to a message from {age} days ago: if this is a new subject, start a new message.", field="subject")
                return
        new = content_words(ctx.text)
        old = content_words(strip_prefixes(ctx.draft.subject or "") + " " + ctx.content.quoted_text[:20000])
        if len(new) >= 12 and len(old) >= 12 and not (new & old):
            yield self.hint(ctx, "Your text shares nothing with the thread it replies to: start a new message with its own subject.", field="subject")
