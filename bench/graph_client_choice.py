"""Which HTTP client for Microsoft Graph: Microsoft's msgraph-sdk or plain httpx?

The same job for both: list 1,000 drafts with the fields the checker needs (subject, body,
sender, recipients, dates, attachments) from the Graph emulator over HTTPS. Each client runs
in a fresh process (three runs, the median printed) so import time and memory are its own:

- import: seconds to import the client stack and build a client (msgraph-sdk: msgraph,
  azure-core credential, kiota adapter; httpx: the project's Graph backend, which is httpx)
- job: seconds to list the 1,000 drafts (after a first request that warms the connection)
- peak RSS: the process's high-water mark (VmHWM), imports included
- requests: HTTP requests the emulator served for the job

    .venv/bin/python bench/graph_client_choice.py
    .venv/bin/python bench/graph_client_choice.py --drafts 2000 --runs 5
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

SELECT = ["subject", "body", "from", "sender", "toRecipients", "ccRecipients", "bccRecipients", "createdDateTime",
          "lastModifiedDateTime", "hasAttachments"]


def draft_rows(n: int):
    start = datetime(2026, 11, 2, 7, 0, tzinfo=timezone.utc)
    for i in range(n):
        yield {"subject": f"Field trip note {i}", "is_draft": True, "is_read": True, "body_type": "HTML",
               "body": "<p>Dear families,</p>" + f"<p>Paragraph {i}: please return the permission slip.</p>" * 20,
               "from_json": ["Maria Delgado", "delgadom@mdusd.org", "Mailbox"],
               "to_json": [[f"Parent {k}", f"parent{k}@example.net", "Mailbox"] for k in range(1 + i % 12)],
               "created": start + timedelta(minutes=i), "modified": start + timedelta(minutes=i),
               "attachments_json": [{"name": "slip.pdf", "content_type": "application/pdf", "size": 40000}]
               if i % 9 == 0 else []}


def _hwm_kb() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return 0


def run_httpx(env: dict[str, str]) -> tuple[float, float, int]:
    t0 = time.perf_counter()
    from assistant.mail.graph import GraphBackend, GraphSettings

    backend = GraphBackend(GraphSettings(email=env["B_EMAIL"], client_id=env["B_CLIENT"], tenant=env["B_TENANT"],
                                         graph_url=env["B_URL"], login_url=env["B_LOGIN"], ca_file=env["B_CA"]),
                           token=env["B_TOKEN"])
    imported = time.perf_counter() - t0
    backend.me()
    t1 = time.perf_counter()
    n = len(backend.list_drafts())
    job = time.perf_counter() - t1
    backend.close()
    return imported, job, n


def run_sdk(env: dict[str, str]) -> tuple[float, float, int]:
    t0 = time.perf_counter()
    import asyncio
    import ssl

    import httpx
    from azure.core.credentials import AccessToken
    from kiota_abstractions.base_request_configuration import RequestConfiguration
    from kiota_authentication_azure.azure_identity_authentication_provider import AzureIdentityAuthenticationProvider
    from msgraph import GraphRequestAdapter, GraphServiceClient
    from msgraph.generated.users.item.mail_folders.item.messages.messages_request_builder import (
        MessagesRequestBuilder,
    )
    from msgraph.graph_request_adapter import options
    from msgraph_core import GraphClientFactory

    class Credential:
        def get_token(self, *scopes: str, **kwargs: object) -> AccessToken:
            return AccessToken(env["B_TOKEN"], int(time.time()) + 3600)

    async def job() -> tuple[float, float, int]:
        auth = AzureIdentityAuthenticationProvider(Credential(), allowed_hosts=["127.0.0.1"],
                                                   scopes=["https://graph.microsoft.com/.default"])
        http = GraphClientFactory.create_with_default_middleware(
            client=httpx.AsyncClient(verify=ssl.create_default_context(cafile=env["B_CA"])), options=options)
        adapter = GraphRequestAdapter(auth, client=http)
        adapter.base_url = env["B_URL"]
        client = GraphServiceClient(request_adapter=adapter)
        imported = time.perf_counter() - t0
        await client.me.get()
        t1 = time.perf_counter()
        q = MessagesRequestBuilder.MessagesRequestBuilderGetQueryParameters(
            select=SELECT, top=1000, orderby=["lastModifiedDateTime desc"],
            expand=["attachments($select=name,contentType,size,isInline)"])
        messages = client.me.mail_folders.by_mail_folder_id("drafts").messages
        page = await messages.get(RequestConfiguration(query_parameters=q))
        n = len(page.value)
        while page.odata_next_link:
            page = await messages.with_url(page.odata_next_link).get()
            n += len(page.value)
        return imported, time.perf_counter() - t1, n

    return asyncio.run(job())


def child(kind: str) -> None:
    imported, job, n = (run_httpx if kind == "httpx" else run_sdk)(dict(os.environ))
    print(json.dumps({"import_s": imported, "job_s": job, "drafts": n, "peak_rss_mb": _hwm_kb() / 1024}))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--drafts", type=int, default=1000)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--child", choices=("httpx", "sdk"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        return child(args.child)
    from emulators.graph import start_graph_emulator

    with start_graph_emulator(seed="empty", email="delgadom@mdusd.org") as h:
        h.store.bulk_add(h.store.folder_id("drafts"), draft_rows(args.drafts))
        env = dict(os.environ, B_EMAIL=h.email, B_CLIENT=h.client_id, B_TENANT=h.tenant_id, B_URL=h.url,
                   B_LOGIN=h.base_url, B_CA=h.ca_file, B_TOKEN=h.token)
        results: dict[str, dict[str, float]] = {}
        print(f"list {args.drafts} drafts from the Graph emulator over HTTPS; median of {args.runs} fresh processes")
        print(f"{'client':<12} {'import s':>9} {'job s':>7} {'peak RSS MB':>12} {'requests':>9}")
        for kind in ("httpx", "sdk"):
            runs = []
            for _ in range(args.runs):
                h.reset_stats()
                out = subprocess.run([sys.executable, __file__, "--child", kind], env=env, capture_output=True,
                                     text=True, timeout=600)
                if out.returncode != 0:
                    raise SystemExit(f"{kind} failed:\n{out.stderr[-3000:]}")
                r = json.loads(out.stdout.strip().splitlines()[-1])
                if r["drafts"] != args.drafts:
                    raise SystemExit(f"{kind} listed {r['drafts']} drafts, expected {args.drafts}")
                r["requests"] = h.stats.get("requests", 0) - 1  # minus the warm-up /me
                runs.append(r)
            med = {k: statistics.median(r[k] for r in runs) for k in ("import_s", "job_s", "peak_rss_mb", "requests")}
            results[kind] = med
            name = "httpx" if kind == "httpx" else "msgraph-sdk"
            print(f"{name:<12} {med['import_s']:>9.3f} {med['job_s']:>7.3f} {med['peak_rss_mb']:>12.1f} "
                  f"{med['requests']:>9.0f}")
        a, b = results["httpx"], results["sdk"]
        print(f"msgraph-sdk / httpx: import {b['import_s'] / a['import_s']:.1f}x, job {b['job_s'] / a['job_s']:.1f}x, "
              f"peak RSS {b['peak_rss_mb'] / a['peak_rss_mb']:.1f}x, requests {b['requests'] / a['requests']:.1f}x")


if __name__ == "__main__":
    main()
