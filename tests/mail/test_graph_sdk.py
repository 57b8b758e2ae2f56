"""Microsoft's msgraph-sdk as an independent client of the Graph emulator (with an
azure-core TokenCredential returning the emulator's token), and the two clients side by
side: what one writes, the other reads; an SDK edit between the backend's read and write
is kept by the draft fix."""

from __future__ import annotations

import asyncio
import ssl
import time
from typing import Any, Iterator

import httpx
import pytest

try:
    import msgraph  # noqa: F401
except ImportError:  # a dev dependency: skip locally, fail under CI
    if __import__("os").environ.get("CI"):
        raise
    pytest.skip("msgraph-sdk is a test dependency: pip install msgraph-sdk", allow_module_level=True)

from azure.core.credentials import AccessToken  # noqa: E402
from kiota_abstractions.base_request_configuration import RequestConfiguration  # noqa: E402
from kiota_authentication_azure.azure_identity_authentication_provider import (  # noqa: E402
    AzureIdentityAuthenticationProvider,
)
from msgraph import GraphRequestAdapter, GraphServiceClient  # noqa: E402
from msgraph.generated.models.body_type import BodyType  # noqa: E402
from msgraph.generated.models.email_address import EmailAddress  # noqa: E402
from msgraph.generated.models.item_body import ItemBody  # noqa: E402
from msgraph.generated.models.message import Message  # noqa: E402
from msgraph.generated.models.o_data_errors.o_data_error import ODataError  # noqa: E402
from msgraph.generated.models.recipient import Recipient as SdkRecipient  # noqa: E402
from msgraph.generated.users.item.mail_folders.item.messages.messages_request_builder import (  # noqa: E402
    MessagesRequestBuilder,
)
from msgraph.graph_request_adapter import options as SDK_OPTIONS  # noqa: E402
from msgraph_core import GraphClientFactory  # noqa: E402

from assistant.core.model import Draft  # noqa: E402
from assistant.mail.errors import ConflictError  # noqa: E402
from assistant.app.server_drafts import fix_server_draft  # noqa: E402
from emulators.graph import GraphEmulatorHandle, start_graph_emulator  # noqa: E402

MARK = "<p>[checked by the assistant]</p>"


class EmulatorCredential:
    """An azure-core TokenCredential handing out the emulator's bearer token."""

    def __init__(self, token: str) -> None:
        self.token = token
        self.calls = 0

    def get_token(self, *scopes: str, **kwargs: Any) -> AccessToken:
        self.calls += 1
        return AccessToken(self.token, int(time.time()) + 3600)


def sdk_client(graph: GraphEmulatorHandle) -> GraphServiceClient:
    """Built inside the running event loop (httpx's async pool belongs to one loop)."""
    auth = AzureIdentityAuthenticationProvider(EmulatorCredential(graph.token), allowed_hosts=["127.0.0.1"],
                                               scopes=["https://graph.microsoft.com/.default"])
    http = GraphClientFactory.create_with_default_middleware(
        client=httpx.AsyncClient(verify=ssl.create_default_context(cafile=graph.ca_file)), options=SDK_OPTIONS)
    adapter = GraphRequestAdapter(auth, client=http)
    adapter.base_url = graph.url
    return GraphServiceClient(request_adapter=adapter)


def etag_of(msg: Message) -> str:
    return msg.additional_data["@odata.etag"]


@pytest.fixture
def graph() -> Iterator[GraphEmulatorHandle]:
    with start_graph_emulator(seed="demo") as handle:
        yield handle


@pytest.fixture
def backend(graph):
    with graph.backend(retry_wait=0.05) as b:
        yield b


def test_sdk_lists_the_same_drafts_page_by_page(graph, backend):
    async def scenario() -> tuple[str, list[str], int]:
        client = sdk_client(graph)
        me = await client.me.get()
        q = MessagesRequestBuilder.MessagesRequestBuilderGetQueryParameters(select=["subject"], top=3)
        drafts = client.me.mail_folders.by_mail_folder_id("drafts").messages
        page = await drafts.get(RequestConfiguration(query_parameters=q))
        subjects, pages = [m.subject for m in page.value], 1
        while page.odata_next_link:
            page = await drafts.with_url(page.odata_next_link).get()
            subjects += [m.subject for m in page.value]
            pages += 1
        return me.display_name, subjects, pages

    name, subjects, pages = asyncio.run(scenario())
    assert name == "Maria Delgado" and pages == 3  # 3 + 3 + 1
    assert subjects == [d.subject for d in sorted(backend.list_drafts(), key=lambda d: d.date, reverse=True)]


def test_sdk_patch_with_a_stale_etag_is_412(graph, backend):
    trip = next(d for d in backend.list_drafts() if d.subject.startswith("Field trip"))
    backend.update_draft(trip, trip.replace(subject="Field trip (moved)"))

    async def scenario() -> tuple[ODataError, str]:
        client = sdk_client(graph)
        item = client.me.messages.by_message_id(trip.id)
        stale = RequestConfiguration()
        stale.headers.add("If-Match", trip.change_key)
        try:
            await item.patch(Message(subject="lost update"), stale)
        except ODataError as exc:
            refused = exc
        else:
            raise AssertionError("a stale If-Match was accepted")
        fresh = RequestConfiguration()
        fresh.headers.add("If-Match", etag_of(await item.get()))
        saved = await item.patch(Message(subject="Field trip (SDK)"), fresh)
        return refused, saved.subject

    refused, subject = asyncio.run(scenario())
    assert refused.response_status_code == 412 and refused.error.code == "ErrorIrresolvableConflict"
    assert subject == "Field trip (SDK)" and backend.get_draft(trip.id).subject == "Field trip (SDK)"


def test_draft_fix_keeps_an_edit_the_sdk_made_in_between(graph, backend):
    trip = next(d for d in backend.list_drafts() if d.subject.startswith("Field trip"))
    read = backend.get_draft(trip.id)
    ps = "<p>PS: bring a water bottle.</p>"

    async def other_client_edits() -> None:
        client = sdk_client(graph)
        await client.me.messages.by_message_id(trip.id).patch(
            Message(body=ItemBody(content_type=BodyType.Html, content=read.html + ps)))

    asyncio.run(other_client_edits())
    with pytest.raises(ConflictError):
        backend.update_draft(read, read.replace(html=read.html + MARK))
    result = fix_server_draft(backend, trip.id, lambda d: d if MARK in d.html else d.replace(html=d.html + MARK))
    body = graph.store.get_item(graph.store_id(trip.id))["body"]
    assert result.changed and body.count(ps) == 1 and body.count(MARK) == 1 and body.index(ps) < body.index(MARK)


def test_sdk_creates_and_sends_what_the_backend_reads(graph, backend):
    async def scenario() -> str:
        client = sdk_client(graph)
        msg = Message(subject="Bus schedule", body=ItemBody(content_type=BodyType.Text, content="Bus 4 is late."),
                      to_recipients=[SdkRecipient(email_address=EmailAddress(address="whitakerj@mdusd.org"))])
        created = await client.me.messages.post(msg)
        return created.id

    new_id = asyncio.run(scenario())
    draft = backend.get_draft(new_id)
    assert (draft.subject, draft.text, [r.address for r in draft.to]) == (
        "Bus schedule", "Bus 4 is late.", ["whitakerj@mdusd.org"])

    async def send() -> None:
        await sdk_client(graph).me.messages.by_message_id(new_id).send.post()

    asyncio.run(send())
    assert new_id not in {d.id for d in backend.list_drafts()}
    assert graph.store.get_item(graph.store_id(new_id))["folder"] == graph.store.folder_id("sentitems")


def test_sdk_delta_sees_the_backends_changes(graph, backend):
    async def full_round(client: GraphServiceClient, url: str | None = None) -> tuple[list[Any], str]:
        delta = client.me.mail_folders.by_mail_folder_id("drafts").messages.delta
        page = await (delta.with_url(url).get() if url else delta.get())
        items = list(page.value)
        while page.odata_next_link:
            page = await delta.with_url(page.odata_next_link).get()
            items += page.value
        return items, page.odata_delta_link

    async def scenario() -> tuple[int, list[Any]]:
        client = sdk_client(graph)
        first, link = await full_round(client)
        doomed = next(m for m in first if m.subject.startswith("FW:"))
        await asyncio.to_thread(backend.create_draft, Draft(subject="From the backend", text="x"))
        await asyncio.to_thread(backend.delete_draft, doomed.id)
        second, _ = await full_round(client, link)
        return len(first), [(m.id == doomed.id, m.subject, m.additional_data.get("@removed")) for m in second]

    count, changes = asyncio.run(scenario())
    assert count == 7
    assert sorted(changes, key=str) == sorted([(False, "From the backend", None),
                                               (True, None, {"reason": "deleted"})], key=str)


def test_sdk_retry_handler_honours_retry_after(graph):
    graph.faults.throttle(count=1, retry_after=1, operation="me")

    async def scenario() -> str:
        return (await sdk_client(graph).me.get()).display_name

    assert asyncio.run(scenario()) == "Maria Delgado"
    hits = graph.requests("me")
    assert [h[4] for h in hits] == [429, 200] and hits[1][0] - hits[0][0] >= 1.0
