"""The summary on Microsoft Graph (the Graph emulator, delta per folder): the same figures
as on EWS for the same mailbox, also when Graph throttles (429) mid-scan."""

from __future__ import annotations

from datetime import datetime

import pytest

from assistant.app.context import AppContext
from assistant.app.summary import run_summary


def figures(s: dict) -> dict:
    """Everything but ids, links and byte sizes (Graph's delta carries no item size)."""
    sent, inbox, box = s["sent"], s["inbox"], s["mailbox"]
    return {
        "week": s["week"], "sent": {k: sent[k] for k in ("messages", "with_hints", "hints", "by_rule")},
        "examples": [(e["subject"], e["codes"]) for e in sent["examples"]],
        "inbox": {k: inbox[k] for k in ("received", "unread", "cc_only", "bulk_senders", "bulk_messages",
                                         "received_chain", "received_personal")},
        "waiting": [(i["subject"], i["date"]) for i in inbox["awaiting_reply"]["items"]],
        "items": sorted((f["name"], f["items"]) for f in box["folders"] if f["items"]),
        "old_drafts": box["old_drafts"]["count"],
        "trend": {k: v for k, v in s["trend"].items()},
        "actions": s["actions"],
    }


@pytest.fixture
def graph():
    from emulators.ews import DEMO_OWNER
    from emulators.ews.demo_week import seed
    from emulators.graph import start_graph_emulator

    with start_graph_emulator(seed=seed, email=DEMO_OWNER[0], name=DEMO_OWNER[1]) as handle:
        yield handle


def test_graph_gives_the_ews_figures_for_the_same_mailbox(graph, ctx, tmp_path):
    now = datetime.now().astimezone()
    ews = run_summary(ctx, now=now, store_file=str(tmp_path / "ews.sqlite")).summary
    with AppContext(backend_factory=graph.backend) as gctx:
        first = run_summary(gctx, now=now, store_file=str(tmp_path / "graph.sqlite")).summary
        # Nested folders are below the top level on the EWS side; the Graph emulator lists only the top.
        expected = figures(ews)
        expected["items"] = [x for x in expected["items"] if x[0] != "Proyectos de Ciencias"]
        assert figures(first) == expected
        graph.reset_stats()
        again = run_summary(gctx, now=now, store_file=str(tmp_path / "graph.sqlite")).summary
        assert figures(again) == expected
        assert graph.stats.get("delta", 0) == 4  # one deltaLink round per non-empty folder, no rescan


def test_graph_throttling_mid_scan_gives_the_same_result(graph, tmp_path):
    now = datetime.now().astimezone()
    with AppContext(backend_factory=lambda: graph.backend(retry_wait=0.05)) as gctx:
        clean = run_summary(gctx, now=now, store_file=str(tmp_path / "clean.sqlite")).summary
        graph.faults.throttle(count=2, retry_after=0, operation="delta")
        graph.faults.drop_connection(count=1, operation="delta", after=1)
        faulty = run_summary(gctx, now=now, store_file=str(tmp_path / "faulty.sqlite")).summary
    assert graph.faults.fired["429"] == 2 and graph.faults.fired["drop"] == 1
    assert figures(faulty) == figures(clean)
