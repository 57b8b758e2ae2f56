"""The Graph emulator on the wire, with a plain HTTP client: Graph's error shape and codes,
ETag headers, permissions per route, $select, $batch limits and dependsOn, the identity
metadata MSAL reads."""

from __future__ import annotations

import ssl
from typing import Iterator

import httpx
import pytest

from emulators.graph import GraphEmulatorHandle, start_graph_emulator


@pytest.fixture
def graph() -> Iterator[GraphEmulatorHandle]:
    with start_graph_emulator(seed="demo") as handle:
        yield handle


@pytest.fixture
def http(graph) -> Iterator[httpx.Client]:
    ctx = ssl.create_default_context(cafile=graph.ca_file)
    with httpx.Client(base_url=graph.url + "/", verify=ctx, headers={"Authorization": f"Bearer {graph.token}"}) as c:
        yield c


def error_of(r: httpx.Response) -> tuple[int, str]:
    body = r.json()["error"]
    assert set(body) == {"code", "message", "innerError"} and body["message"]
    assert {"date", "request-id", "client-request-id"} <= set(body["innerError"])
    return r.status_code, body["code"]


def first_draft(http: httpx.Client) -> dict:
    return http.get("me/mailFolders/drafts/messages", params={"$top": 1}).json()["value"][0]


def test_tokens_are_checked(graph, http):
    assert error_of(http.get("me", headers={"Authorization": ""})) == (401, "InvalidAuthenticationToken")
    r = http.get("me", headers={"Authorization": "Bearer made-up"})
    assert error_of(r) == (401, "InvalidAuthenticationToken") and "invalid_token" in r.headers["www-authenticate"]


def test_permissions_are_enforced_per_route(graph):
    ctx = ssl.create_default_context(cafile=graph.ca_file)
    read_only, _ = graph.identity.mint(("Mail.Read",))
    with httpx.Client(base_url=graph.url + "/", verify=ctx, headers={"Authorization": f"Bearer {read_only}"}) as c:
        assert c.get("me/mailFolders/drafts/messages").status_code == 200
        msg = c.get("me/mailFolders/drafts/messages", params={"$top": 1}).json()["value"][0]
        assert error_of(c.patch(f"me/messages/{msg['id']}", json={"subject": "x"})) == (403, "ErrorAccessDenied")
        assert error_of(c.get("me")) == (403, "Authorization_RequestDenied")
        assert error_of(c.get("me/mailboxSettings")) == (403, "ErrorAccessDenied")


def test_etags_and_if_match(graph, http):
    msg = first_draft(http)
    one = http.get(f"me/messages/{msg['id']}")
    assert one.headers["ETag"] == one.json()["@odata.etag"] == msg["@odata.etag"]
    assert one.json()["changeKey"] in msg["@odata.etag"]
    ok = http.patch(f"me/messages/{msg['id']}", json={"subject": "v2"}, headers={"If-Match": msg["@odata.etag"]})
    assert ok.status_code == 200 and ok.json()["subject"] == "v2" and ok.headers["ETag"] != msg["@odata.etag"]
    stale = http.patch(f"me/messages/{msg['id']}", json={"subject": "v3"}, headers={"If-Match": msg["@odata.etag"]})
    assert error_of(stale) == (412, "ErrorIrresolvableConflict")
    assert error_of(http.delete(f"me/messages/{msg['id']}", headers={"If-Match": msg["@odata.etag"]})) == (
        412, "ErrorIrresolvableConflict")
    assert http.get(f"me/messages/{msg['id']}").json()["subject"] == "v2"
    assert http.patch(f"me/messages/{msg['id']}", json={"subject": "v4"}).status_code == 200  # no If-Match: last wins


def test_select_top_skip_and_bad_queries(http):
    page = http.get("me/mailFolders/drafts/messages", params={"$select": "subject", "$top": 5}).json()
    assert len(page["value"]) == 5 and set(page["value"][0]) == {"@odata.etag", "id", "subject"}
    assert "%24skip=5" in page["@odata.nextLink"]
    rest = http.get(page["@odata.nextLink"]).json()
    assert len(rest["value"]) == 2 and "@odata.nextLink" not in rest
    assert error_of(http.get("me/mailFolders/drafts/messages", params={"$select": "nope"})) == (
        400, "RequestBroker--ParseUri")
    assert error_of(http.get("me/messages/AAMkAGmissing" + "A" * 30)) == (404, "ErrorItemNotFound")
    assert error_of(http.get("me/mailFolders/nosuchfolder/messages"))[0] == 404
    assert error_of(http.patch("me/messages/x", json={"changeKey": "x"}))[1] == "ErrorInvalidProperty"


def test_batch_limits_order_and_depends_on(graph, http):
    msg = first_draft(http)
    too_many = [{"id": str(n), "method": "GET", "url": "/me"} for n in range(21)]
    assert error_of(http.post("$batch", json={"requests": too_many})) == (400, "BadRequest")
    reqs = [
        {"id": "a", "method": "PATCH", "url": f"/me/messages/{msg['id']}", "headers": {"Content-Type": "application/json",
         "If-Match": 'W/"stale"'}, "body": {"subject": "no"}},
        {"id": "b", "method": "GET", "url": "/me?$select=displayName", "dependsOn": ["a"]},
        {"id": "c", "method": "GET", "url": "/me?$select=displayName"},
        {"id": "d", "method": "POST", "url": "/me/messages", "body": {"subject": "no content type"}},
    ]
    graph.reset_stats()
    answers = {r["id"]: r for r in http.post("$batch", json={"requests": reqs}).json()["responses"]}
    assert answers["a"]["status"] == 412 and answers["a"]["body"]["error"]["code"] == "ErrorIrresolvableConflict"
    assert answers["b"]["status"] == 424
    assert answers["c"]["status"] == 200 and answers["c"]["body"]["displayName"] == "Maria Delgado"
    assert answers["d"]["status"] == 400
    assert graph.stats["batch"] == 1 and graph.stats["requests"] == 1


def test_delta_tokens(http):
    first = http.get("me/mailFolders/drafts/messages/delta", headers={"Prefer": "odata.maxpagesize=4"})
    assert first.headers["Preference-Applied"] == "odata.maxpagesize=4" and len(first.json()["value"]) == 4
    last = http.get(first.json()["@odata.nextLink"]).json()
    assert len(last["value"]) == 3 and "$deltatoken" in httpx.URL(last["@odata.deltaLink"]).params
    assert http.get(last["@odata.deltaLink"]).json()["value"] == []
    gone = http.get("me/mailFolders/drafts/messages/delta", params={"$deltatoken": "garbage"})
    assert error_of(gone) == (410, "SyncStateNotFound")


def test_identity_metadata_for_msal(graph, http):
    cfg = http.get(f"{graph.authority}/v2.0/.well-known/openid-configuration").json()
    assert cfg["issuer"] == f"{graph.authority}/v2.0"
    assert cfg["token_endpoint"] == f"{graph.authority}/oauth2/v2.0/token"
    assert cfg["device_authorization_endpoint"] == f"{graph.authority}/oauth2/v2.0/devicecode"
    keys = http.get(cfg["jwks_uri"]).json()["keys"]
    assert keys[0]["kty"] == "RSA" and keys[0]["alg"] == "RS256"
    bad = http.post(cfg["token_endpoint"], data={"client_id": "someone-else", "grant_type": "refresh_token",
                                                 "refresh_token": "x"})
    assert bad.status_code == 401 and bad.json()["error"] == "unauthorized_client"
    assert "AADSTS700016" in bad.json()["error_description"]


def test_microsoft_365_domain_discovery(graph):
    from assistant.mail.graph.discovery import microsoft_365_tenant

    assert microsoft_365_tenant("jdoe@mdusd.org", login_url=graph.base_url, ca_file=graph.ca_file) == graph.tenant_id
    assert microsoft_365_tenant("example.net", login_url=graph.base_url, ca_file=graph.ca_file) is None
    assert microsoft_365_tenant("mdusd.org", login_url="https://127.0.0.1:9", timeout=1) is None  # unreachable
    assert graph.describe() == {"kind": "graph", "url": graph.url, "token": graph.token,
                                "authority": graph.authority, "client_id": graph.client_id}
