"""BP 1114, Email Protocol J and K (personal mail, chain letters and jokes) as rules: EM901, EM902."""

from __future__ import annotations

from typing import Iterable

from assistant.core.model import ComposeType, Hint, Severity
from assistant.rules.base import Context, Rule, phrases, strip_prefixes, terms


class PersonalContent(Rule):
    """Personal mail sent from the District account.

    What it does:
        Scores signs of personal life in the new text and subject (endearments and
        family talk count double; holidays, shopping and personal sales, sports pools,
        dating, social plans count once), subtracts signs of work, and flags the
        message as personal when the balance reaches 2.

    Why:
        District e-mail is for District business, and District mail is not private.

    Example:
        "Are you and your husband still coming to the BBQ this weekend? I'm selling my
        old couch too if you want it."

    Policy:
        BP 1114, Email Protocol J: "Direct personal email to your home email account.
        District email resources are intended solely for District-related business."

    Fix:
        None: send it from your home account.
    """

    code = "EM901"
    name = "personal-content"
    severity = Severity.INFO
    citation = "BP 1114, Email Protocol J"

    def check(self, ctx: Context) -> Iterable[Hint]:
        text = ctx.text + "\n" + strip_prefixes(ctx.draft.subject or "")
        strong = phrases("personal", "strong").found(text)
        weak = phrases("personal", "phrases").found(text) - strong
        score = 2 * len(strong) + len(weak)
        need = terms()["personal"]["min_score"]
        if score < need:
            return
        business = phrases("personal", "business").found(text)
        if score - len(business) >= need:
            spans = (phrases("personal", "strong").spans(ctx.text) + phrases("personal", "phrases").spans(ctx.text))[:5]
            yield self.hint(ctx, "This reads as personal mail: send it from your home account.", spans=sorted(set(spans)))


class ChainLetterHoaxOrJoke(Rule):
    """Chain letters, virus hoaxes, junk and jokes.

    What it does:
        Flags chain-letter and hoax phrasing ("forward this to 10 people", "do not open
        any email titled…", "this is not a hoax", "everyone in your address book") and
        jokes (a phrase that announces one, such as "thought you might enjoy this", or
        two joke markers in your own text and subject, three with the forwarded text). For a forward, the forwarded message is what
        you are sending, so it is checked too: the one exception to "quoted history is
        never linted".

    Why:
        Chain mail and jokes waste everyone's time and clog District mail; virus alarms
        are almost always hoaxes and cause panic.

    Example:
        "FW: FW: Warning!! Do not open any email titled 'Happy Holidays' — forward this
        to everyone you know."

    Policy:
        BP 1114, Email Protocol K: "Don't send chain letters, virus warnings, junk mail,
        or jokes. Always check a reputable antivirus web site or the Technology and
        Information Services Department before sending out an alarm."

    Fix:
        None: don't send it; ask the Technology and Information Services Department
        about any virus alarm.
    """

    code = "EM902"
    name = "chain-letter-hoax-or-joke"
    severity = Severity.WARNING
    citation = "BP 1114, Email Protocol K"

    def check(self, ctx: Context) -> Iterable[Hint]:
        text = ctx.text
        # A forward (by compose type, or a "Forwarded by"/"Original Message" block under
        # a new message) sends the forwarded text on: it is part of what is checked.
        is_forward = ctx.draft.compose_type is ComposeType.FORWARD or (
            ctx.draft.compose_type is ComposeType.NEW and ctx.content.quote_marker == "separator"
        )
        forwarded = ctx.content.quoted_text[:50000] if is_forward else ""
        chain = phrases("chain", "phrases")
        if len(chain.found(text) | chain.found(forwarded)) >= 2:
            spans = chain.spans(text)[:5]
            yield self.hint(ctx, f"This looks like a chain letter or hoax: don't forward it; ask the {ctx.policy.help_desk} about any virus alarm.", spans=spans)
            return
        subject = ctx.draft.subject or ""
        jokes, strong = phrases("chain", "jokes"), phrases("chain", "jokes_strong")
        own = jokes.found(text) | jokes.found(subject)
        # A long forwarded text says "joke" or "haha" in passing: it needs a third marker.
        weak = len(own) >= 2 or len(own | jokes.found(forwarded)) >= 3
        if weak or strong.search(text) or strong.search(subject) or strong.search(forwarded):
            spans = sorted(set(jokes.spans(text) + strong.spans(text)))[:5]
            yield self.hint(ctx, "Jokes are not District business: don't send them from District mail.", spans=spans)
