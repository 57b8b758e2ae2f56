"""The Graph backend under the faults Exchange Online shows: 429 with Retry-After, 503,
dropped connections, a throttled request inside $batch, a revoked token. Waits are
measured with the emulator's own request timestamps, never with wall-clock asserts."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Iterator

import pytest

from assistant.core.model import Draft
from assistant.mail.errors import AuthError, ServerError
from assistant.mail.graph import GraphBackend
from emulators.graph import GraphEmulatorHandle, start_graph_emulator


@pytest.fixture
def graph() -> Iterator[GraphEmulatorHandle]:
    with start_graph_emulator(seed="demo") as handle:
        yield handle


@pytest.fixture
def backend(graph: GraphEmulatorHandle) -> Iterator[GraphBackend]:
    with graph.backend(retry_wait=0.2, max_wait=5, max_total_wait=10) as b:
        yield b


def statuses(graph: GraphEmulatorHandle, op: str) -> list[int]:
    return [r[4] for r in graph.requests(op)]


def gaps(graph: GraphEmulatorHandle, op: str) -> list[float]:
    times = [r[0] for r in graph.requests(op)]
    return [b - a for a, b in zip(times, times[1:])]


def test_429_is_waited_out_for_its_retry_after(graph, backend):
    graph.faults.throttle(count=2, retry_after=1, operation="messages.list")
    assert len(backend.list_drafts()) == 7
    assert statuses(graph, "messages.list") == [429, 429, 200]
    assert all(g >= 1.0 for g in gaps(graph, "messages.list"))  # the server saw each wait
    assert graph.faults.fired["429"] == 2


def test_too_many_requests_code_and_503_are_retried(graph, backend):
    graph.faults.throttle(count=1, retry_after=1, code="TooManyRequests", operation="me")
    graph.faults.http_503(count=2, operation="me")  # no Retry-After: the client's own back-off
    assert backend.me().name == "Maria Delgado"
    assert statuses(graph, "me") == [429, 503, 503, 200]
    g = gaps(graph, "me")
    assert g[0] >= 1.0 and g[2] > g[1] >= 0.2  # Retry-After, then a doubling back-off


def test_a_retry_after_beyond_the_cap_fails_at_once(graph, backend):
    graph.faults.throttle(count=1, retry_after=30, operation="messages.list")
    with pytest.raises(ServerError, match="too busy"):
        backend.list_drafts()
    assert statuses(graph, "messages.list") == [429]


def test_the_total_wait_is_bounded(graph):
    with graph.backend(max_wait=5, max_total_wait=1.5) as b:
        graph.faults.throttle(count=5, retry_after=1, operation="me")
        with pytest.raises(ServerError, match="too busy"):
            b.me()
    assert statuses(graph, "me") == [429, 429]


def _rows(n: int):
    start = datetime(2027, 1, 4, 8, 0, tzinfo=timezone.utc)
    for i in range(n):
        yield {"subject": f"m{i}", "body": "x", "body_type": "Text", "received": start + timedelta(minutes=i),
               "from_json": ["S", "s@example.net", "Mailbox"]}


def test_a_dropped_connection_resumes_paging_at_its_page(graph, backend):
    graph.store.bulk_add(graph.store.folder_id("inbox"), _rows(2500))
    graph.faults.drop_connection(count=1, operation="messages.list", after=1)
    items = list(backend.iter_items("inbox", ("subject",)))
    assert len(items) == 2507 and len({i.id for i in items}) == 2507
    # first page, the dropped second page, its retry, the third page: no restart from the top
    assert statuses(graph, "messages.list") == [200, 0, 200, 200]
    assert graph.faults.fired["drop"] == 1


def test_a_dropped_create_is_not_repeated(graph, backend):
    graph.faults.drop_after_commit(count=1, operation="messages.create")
    with pytest.raises(ServerError, match="may or may not have been applied"):
        backend.create_draft(Draft(subject="once only", text="x"))
    rows, _ = graph.store.find_items(graph.store.folder_id("drafts"), "subject = ?", ("once only",))
    assert len(rows) == 1 and statuses(graph, "messages.create") == [201]


def test_throttled_requests_inside_a_batch_are_sent_again(graph, backend):
    ids = [d.id for d in backend.list_drafts()]
    graph.reset_stats()
    graph.faults.throttle(count=2, retry_after=1, operation="messages.get")
    got = backend.get_drafts(ids)
    assert sorted(got) == sorted(ids)
    assert statuses(graph, "batch") == [200, 200]  # the batch succeeds; two answers inside were 429
    assert graph.stats["batch:429"] == 2 and graph.stats["messages.get"] == 7
    assert gaps(graph, "batch")[0] >= 1.0


def test_a_revoked_token_without_sign_in_is_an_auth_error(graph, backend):
    graph.revoke_tokens()
    with pytest.raises(AuthError, match="refused the sign-in"):
        backend.list_drafts()
    assert statuses(graph, "auth") == [401, 401]  # one refresh attempt, then the error
