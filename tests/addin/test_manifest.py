"""The Outlook add-in manifest, checked structurally (Microsoft's element order
for the elements used, requirement sets, resource ids, and that every page and
icon it names is served from ui/)."""

from __future__ import annotations

import re
import struct
import uuid
from pathlib import Path
from urllib.parse import urlparse

import pytest
from lxml import etree

REPO = Path(__file__).resolve().parents[2]
MANIFEST = REPO / "addin_manifest" / "manifest.xml"
UI = REPO / "ui"
NS = {
    "o": "http://schemas.microsoft.com/office/appforoffice/1.1",
    "bt": "http://schemas.microsoft.com/office/officeappbasictypes/1.0",
    "v1": "http://schemas.microsoft.com/office/mailappversionoverrides",
    "v11": "http://schemas.microsoft.com/office/mailappversionoverrides/1.1",
    "xsi": "http://www.w3.org/2001/XMLSchema-instance",
}
XSI_TYPE = f"{{{NS['xsi']}}}type"

# OfficeApp (MailApp) child sequence, from the Office add-in manifest schema (offappmanifest 1.1).
OFFICEAPP_ORDER = [
    "Id", "AlternateId", "Version", "ProviderName", "DefaultLocale", "DisplayName", "Description", "IconUrl",
    "HighResolutionIconUrl", "SupportUrl", "AppDomains", "Hosts", "Requirements", "FormSettings", "Permissions",
    "Rule", "DisableEntityHighlighting", "VersionOverrides",
]
VO11_ORDER = ["Description", "Requirements", "Hosts", "Resources", "VersionOverrides"]
HOST_ORDER = ["Runtimes", "DesktopFormFactor", "MobileFormFactor"]
DFF_ORDER = ["SupportsSharedFolders", "FunctionFile", "ExtensionPoint"]
RESOURCES_ORDER = ["Images", "Urls", "ShortStrings", "LongStrings"]
# Mailbox requirement set each feature needs (Microsoft's docs).
NEEDS = {"OnNewMessageCompose": 1.10, "OnMessageRecipientsChanged": 1.11, "OnMessageSend": 1.12, "Runtimes": 1.10,
         "setSignatureAsync": 1.10, "sendModeOverride": 1.14}


@pytest.fixture(scope="module")
def root():
    return etree.parse(str(MANIFEST)).getroot()


def local(el) -> str:
    return etree.QName(el).localname


def in_order(children, order) -> bool:
    idx = [order.index(local(c)) for c in children if isinstance(c.tag, str)]
    return idx == sorted(idx) and all(local(c) in order for c in children if isinstance(c.tag, str))


def test_element_order_follows_the_schema(root):
    assert root.get(XSI_TYPE) == "MailApp"
    assert in_order(root, OFFICEAPP_ORDER), [local(c) for c in root if isinstance(c.tag, str)]
    vo = root.find("v1:VersionOverrides/v11:VersionOverrides", NS)
    assert vo is not None and vo.get(XSI_TYPE) == "VersionOverridesV1_1"
    assert in_order(vo, VO11_ORDER)
    host = vo.find("v11:Hosts/v11:Host", NS)
    assert host.get(XSI_TYPE) == "MailHost" and in_order(host, HOST_ORDER)
    dff = host.find("v11:DesktopFormFactor", NS)
    assert in_order(dff, DFF_ORDER)
    assert in_order(vo.find("v11:Resources", NS), RESOURCES_ORDER)
    # Required basics.
    uuid.UUID(root.findtext("o:Id", namespaces=NS))
    assert re.fullmatch(r"\d+\.\d+\.\d+\.\d+", root.findtext("o:Version", namespaces=NS))
    assert root.findtext("o:Permissions", namespaces=NS) == "ReadWriteItem"  # body.setAsync needs it


def test_requirement_sets_cover_the_features_used(root):
    vo = root.find("v1:VersionOverrides/v11:VersionOverrides", NS)
    sets = vo.find("v11:Requirements/bt:Sets", NS)
    default = float(sets.get("DefaultMinVersion"))
    assert [s.get("Name") for s in sets.findall("bt:Set", NS)] == ["Mailbox"]
    events = {e.get("Type"): e for e in vo.iter(f"{{{NS['v11']}}}LaunchEvent")}
    assert set(events) == {"OnNewMessageCompose", "OnMessageRecipientsChanged", "OnMessageSend"}
    for name in events:
        assert default >= NEEDS[name], name
    assert events["OnMessageSend"].get("SendMode") == "SoftBlock"  # errors block; the JS prompts on warnings
    # 1.14's sendModeOverride and custom button are gated with isSetSupported, so 1.12 stays the minimum.
    js = (UI / "addin" / "launchevent.js").read_text()
    assert 'isSetSupported("Mailbox", version)' in js and 'supports("1.14")' in js
    assert "Office.MailboxEnums && Office.MailboxEnums.SendModeOverride" not in js  # no guessing from the enum
    # Every event function is registered with Office.actions.associate, in the bundle classic Outlook loads.
    bundle = (UI / "addin" / "launchevent.bundle.js").read_text()
    for e in events.values():
        assert f'Office.actions.associate("{e.get("FunctionName")}"' in bundle
    # The task pane can be pinned (live hints while drafting).
    pin = vo.find(".//v11:Action[@xsi:type='ShowTaskpane']/v11:SupportsPinning", NS)
    assert pin is not None and pin.text == "true"


def test_resource_ids_resolve_to_the_right_kind(root):
    vo = root.find("v1:VersionOverrides/v11:VersionOverrides", NS)
    res = vo.find("v11:Resources", NS)
    kinds = {
        "Images": {e.get("id") for e in res.find("bt:Images", NS)},
        "Urls": {e.get("id") for e in res.find("bt:Urls", NS)},
        "ShortStrings": {e.get("id") for e in res.find("bt:ShortStrings", NS)},
        "LongStrings": {e.get("id") for e in res.find("bt:LongStrings", NS)},
    }
    all_ids = [e.get("id") for group in res for e in group]
    assert len(all_ids) == len(set(all_ids))
    want = {"Image": "Images", "SourceLocation": "Urls", "FunctionFile": "Urls", "Runtime": "Urls", "Override": "Urls",
            "Label": "ShortStrings", "Title": "ShortStrings", "Description": "LongStrings"}
    used = set()
    for el in vo.iter():
        if not isinstance(el.tag, str) or el.get("resid") is None or res in el.iterancestors():
            continue
        kind = want[local(el)]
        assert el.get("resid") in kinds[kind], (local(el), el.get("resid"))
        used.add(el.get("resid"))
    assert used == set(all_ids)  # nothing unused either
    for s in res.find("bt:ShortStrings", NS):
        assert len(s.get("DefaultValue")) <= 125
    for s in res.find("bt:LongStrings", NS):
        assert len(s.get("DefaultValue")) <= 250


def _png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


def test_every_url_is_served_by_the_companion(root):
    urls = [e.get("DefaultValue") for e in root.iter() if isinstance(e.tag, str) and (e.get("DefaultValue") or "").startswith("http")]
    urls += [e.text for e in root.iter(f"{{{NS['o']}}}AppDomain")]
    assert urls
    for url in urls:
        u = urlparse(url)
        assert (u.scheme, u.hostname, u.port) == ("https", "localhost", 8431), url
        if u.path.startswith("/addin/"):
            assert (UI / u.path.lstrip("/")).is_file(), url
    for img in root.iter(f"{{{NS['bt']}}}Image"):
        if img.get("DefaultValue"):
            size = int(img.get("id").split(".")[1].split("x")[0])
            path = UI / urlparse(img.get("DefaultValue")).path.lstrip("/")
            assert _png_size(path) == (size, size)
    from assistant.server.run import DEFAULT_PORT

    assert DEFAULT_PORT == 8431  # `serve` listens where the manifest points


def test_every_page_the_manifest_names_is_served_by_serve_public_too(root):
    # The District-hosted mode serves only the add-in's files: the support page must be one of them.
    from assistant.server.public import addin_files

    support = root.find("o:SupportUrl", NS).get("DefaultValue")
    assert urlparse(support).path == "/addin/help.html"
    served = addin_files(UI)
    for e in root.iter():
        url = e.get("DefaultValue") if isinstance(e.tag, str) else None
        if url and url.startswith("https://"):
            assert urlparse(url).path.lstrip("/") in served, url
    # ... and what the help page loads with it.
    assert {"addin/help.js", "css/app.css", "addin/taskpane.css"} <= served
