"""Up to five concrete suggestions, ordered by how many messages each would clear."""

from __future__ import annotations

from typing import Any

MAX_ACTIONS = 5


def _plural(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else (many or one + 's')}"


def suggest(summary: dict[str, Any]) -> list[dict[str, Any]]:
    """``[{"kind", "text", "clears"}]`` from a summary's figures, largest ``clears`` first."""
    inbox, sent, box = summary["inbox"], summary["sent"], summary["mailbox"]
    out: list[dict[str, Any]] = []

    def add(kind: str, clears: int, text: str) -> None:
        if clears > 0:
            out.append({"kind": kind, "clears": clears, "text": text})

    senders = [s for s in inbox["bulk_senders"] if s["count"]]
    total = sum(s["count"] for s in senders)
    add("unsubscribe", total,
        f"Unsubscribe from {_plural(len(senders), 'newsletter')}: {_plural(total, 'message')} this week")
    add("cc_rule", inbox["cc_only"],
        f"File mail where you are only on Cc with a rule: {_plural(inbox['cc_only'], 'message')} this week")
    unread = inbox["unread"]["count"]
    old_unread = unread - inbox["unread"]["by_age"]["this_week"]
    add("unread", old_unread, f"Read, file or delete {_plural(old_unread, 'unread message')} older than a week")
    waiting = inbox["awaiting_reply"]["count"]
    add("reply", waiting, f"Answer {_plural(waiting, 'message')} waiting more than two working days for your reply")
    drafts = box["old_drafts"]["count"]
    add("drafts", drafts, f"Send or delete {_plural(drafts, 'draft')} older than 14 days")
    chain = inbox["received_chain"]
    add("chain", chain, f"Delete {_plural(chain, 'chain letter')}, hoaxes or jokes received; do not forward them")
    if sent["by_rule"]:
        code, n = next(iter(sent["by_rule"].items()))
        add("sent_rule", n, f"Check {code} before sending: it was raised on {_plural(n, 'sent message')} this week")
    if box["retention_days"] is not None:
        old = box["older_than_retention"] or 0
        add("retention", old, f"Delete or archive {_plural(old, 'item')} older than {box['retention_days']} days")
    out.sort(key=lambda a: -a["clears"])  # stable: ties keep the order above
    return out[:MAX_ACTIONS]
