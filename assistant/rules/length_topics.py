"""BP 1114, Email Protocol G (brief, one subject per message) as rules: EM601, EM602."""

from __future__ import annotations

from typing import Iterable

from assistant.core.model import Hint, Severity
from assistant.rules.base import Context, Rule, phrases


class MessageTooLong(Rule):
    """The message is long.

    What it does:
        Flags new text longer than the threshold (250 words by default), not counting
        the signature, the notice or the quoted history.

    Why:
        Long messages are skimmed; the request or decision gets lost.

    Example:
        A 600-word update to staff that could be three bullet points and a link.

    Policy:
        BP 1114, Email Protocol G: "Keep messages brief and to the point."

    Fix:
        None: shorten, or move details to an attachment or link.
    """

    code = "EM601"
    name = "message-too-long"
    title = "Message too long"
    severity = Severity.INFO
    citation = "BP 1114, Email Protocol G"

    def check(self, ctx: Context) -> Iterable[Hint]:
        limit = ctx.policy.threshold("max_words")
        if ctx.word_count > limit:
            yield self.hint(ctx, f"Your text is {ctx.word_count} words: keep it under {limit}, brief and to the point.")


class SeveralSubjects(Rule):
    """One message covers several unrelated subjects.

    What it does:
        Counts phrases that open an unrelated subject ("On another note", "Separately,",
        "Also, unrelated:", "By the way") and flags two or more.

    Why:
        A second subject inside a message is easy to miss and hard to find later.

    Example:
        A note about the field trip that also asks about parking permits and the
        holiday potluck.

    Policy:
        BP 1114, Email Protocol G: "Concentrate on one subject per message whenever
        possible."

    Fix:
        None: send one message per subject.
    """

    code = "EM602"
    name = "several-subjects"
    title = "Several unrelated subjects"
    severity = Severity.INFO
    citation = "BP 1114, Email Protocol G"

    def check(self, ctx: Context) -> Iterable[Hint]:
        found = phrases("topic_shifts", "phrases").spans(ctx.text)
        if len(found) >= ctx.policy.threshold("topic_shifts"):
            yield self.hint(
                ctx,
                f"This message changes subject {len(found)} times: send one message per subject.",
                spans=found,
            )
