"""Manifests for a host (assistant.addin.manifest and `addin manifest`): valid
against Microsoft's schemas (xmllint for the XML manifest, the published JSON
schema for the unified one), every URL on the given host, bad input refused
with one line and exit 3."""

from __future__ import annotations

import json
import shutil
import struct
import subprocess
import zipfile
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from click.testing import CliRunner
from lxml import etree

from assistant.addin import manifest as m
from assistant.addin.commands import addin

REPO = Path(__file__).resolve().parents[2]
SCHEMA = REPO.parent / "shared" / "schemas" / "office-addin" / "OfficeAppManifestV1_1.xsd"
JS = Path(__file__).with_name("js")
HOSTS = ["https://mail-assistant.mdusd.org", "https://addins.mdusd.org:8443", "https://localhost:8431", "https://10.20.0.5"]


@pytest.fixture(scope="module")
def xmllint() -> str:
    if not SCHEMA.is_file():
        pytest.skip("../shared/schemas/office-addin is not next to the repository")
    exe = shutil.which("xmllint")
    if exe is None:
        pytest.fail("xmllint is missing: apt-get install libxml2-utils")
    return exe


def lint(xmllint: str, path: Path) -> subprocess.CompletedProcess:
    return subprocess.run([xmllint, "--noout", "--schema", str(SCHEMA), str(path)], capture_output=True, text=True, timeout=60)


@pytest.mark.parametrize("url", HOSTS)
def test_generated_manifest_is_valid_and_every_url_is_on_the_host(xmllint, tmp_path, url):
    path = tmp_path / "manifest.xml"
    path.write_text(m.xml_manifest(url), "utf-8")
    done = lint(xmllint, path)
    assert done.returncode == 0 and "validates" in done.stderr, done.stderr
    root = etree.parse(str(path)).getroot()
    urls = [e.get("DefaultValue") for e in root.iter() if isinstance(e.tag, str) and (e.get("DefaultValue") or "").startswith("http")]
    assert len(urls) == 11  # 5 icons, support, task pane, 4 resource URLs
    base = m.origin(url)
    for u in urls:
        assert u.startswith(base + "/"), u
        if "/addin/" in u:
            assert (REPO / "ui" / urlsplit(u).path.lstrip("/")).is_file(), u
    assert [e.text for e in root.iter("{*}AppDomain")] == [base]
    hosted = not m.is_local(base)
    assert ("Served by the District" in root.find("{*}Description").get("DefaultValue")) == hosted


@pytest.mark.parametrize(
    "breakage, element",
    [
        (lambda x: x.replace("<Id>", "<Ident>").replace("</Id>", "</Ident>"), "Ident"),
        (lambda x: x.replace('SendMode="SoftBlock"', 'SendMode="Maybe"'), "SendMode"),
        # SupportsPinning must follow SourceLocation.
        (lambda x: x.replace('<SourceLocation resid="Taskpane.Url"/>\n                      <SupportsPinning>true</SupportsPinning>',
                             '<SupportsPinning>true</SupportsPinning>\n                      <SourceLocation resid="Taskpane.Url"/>'), "SupportsPinning"),
    ],
)
def test_a_broken_manifest_is_refused(xmllint, tmp_path, breakage, element):
    good = m.xml_manifest("https://mail-assistant.mdusd.org")
    bad = breakage(good)
    assert bad != good
    path = tmp_path / "broken.xml"
    path.write_text(bad, "utf-8")
    done = lint(xmllint, path)
    assert done.returncode != 0 and "fails to validate" in done.stderr and element in done.stderr, done.stderr


def test_the_checked_in_manifest_is_the_generated_local_one():
    assert (REPO / "addin_manifest" / "manifest.xml").read_text("utf-8") == m.xml_manifest(m.LOCAL_URL)


@pytest.mark.parametrize(
    "url, said",
    [
        ("http://mail-assistant.mdusd.org", "only over HTTPS"),
        ("https://mail-assistant.mdusd.org/addin", "no path"),
        ("https://user:pw@mdusd.org", "no path, query or credentials"),
        ("https://bad_host.mdusd.org", "not a valid host name"),
        ("https://mdusd.org:99999", "not a URL"),
        ("mail-assistant.mdusd.org", "only over HTTPS"),
    ],
)
def test_bad_urls_are_refused_with_one_line_and_exit_3(tmp_path, url, said):
    out = tmp_path / "m.xml"
    result = CliRunner().invoke(addin, ["manifest", "--url", url, "-o", str(out)])
    assert result.exit_code == 3
    lines = result.stderr.strip().splitlines() if hasattr(result, "stderr") else result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and said in lines[0], result.output
    assert not out.exists()


def test_cli_writes_xml_to_a_file_or_stdout(tmp_path):
    out = tmp_path / "manifest.xml"
    r = CliRunner().invoke(addin, ["manifest", "--url", "https://Mail-Assistant.mdusd.org:443/", "-o", str(out)])
    assert r.exit_code == 0, r.output
    text = out.read_text("utf-8")
    assert 'DefaultValue="https://mail-assistant.mdusd.org/addin/taskpane.html"' in text
    r = CliRunner().invoke(addin, ["manifest", "--url", "https://addins.mdusd.org:8443"])
    assert r.exit_code == 0 and r.stdout.startswith("<?xml") and "https://addins.mdusd.org:8443/addin/launchevent.bundle.js" in r.stdout


def test_cli_refuses_a_zip_on_stdout_and_a_folder(tmp_path):
    r = CliRunner().invoke(addin, ["manifest", "--url", "https://mdusd.org", "--unified"])
    assert r.exit_code == 3 and "give -o FILE.zip" in r.output
    r = CliRunner().invoke(addin, ["manifest", "--url", "https://mdusd.org", "-o", str(tmp_path)])
    assert r.exit_code == 3 and "is a folder" in r.output
    r = CliRunner().invoke(addin, ["manifest", "--url", "https://mdusd.org", "-o", str(tmp_path / "no" / "such" / "m.xml")])
    assert r.exit_code == 3 and "cannot write" in r.output


def _png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


@pytest.fixture(scope="module")
def node_validator():
    node = shutil.which("node")
    if node is None:
        pytest.fail("node is not installed (Debian: apt-get install nodejs npm)")
    if not (JS / "node_modules" / "@microsoft" / "app-manifest").is_dir():
        done = subprocess.run([shutil.which("npm") or "npm", "ci", "--no-audit", "--no-fund"], cwd=JS, capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stderr[-2000:]
    return lambda path: subprocess.run([node, "validate-unified.mjs", str(path)], cwd=JS, capture_output=True, text=True, timeout=60)


def test_unified_package_is_valid_for_the_admin_center(tmp_path, node_validator):
    out = tmp_path / "mail-assistant.zip"
    r = CliRunner().invoke(addin, ["manifest", "--url", "https://mail-assistant.mdusd.org", "--unified", "-o", str(out)])
    assert r.exit_code == 0, r.output
    with zipfile.ZipFile(out) as z:
        assert sorted(z.namelist()) == ["color.png", "manifest.json", "outline.png"]
        data = json.loads(z.read("manifest.json"))
        assert _png_size(z.read("color.png")) == (192, 192) and _png_size(z.read("outline.png")) == (32, 32)
    (tmp_path / "manifest.json").write_text(json.dumps(data), "utf-8")
    done = node_validator(tmp_path / "manifest.json")
    assert done.returncode == 0, done.stderr
    # Same add-in as the XML one: id, events, handlers, pinnable pane, every URL on the host.
    assert data["id"] == m.ADDIN_ID and data["validDomains"] == ["mail-assistant.mdusd.org"]
    ext = data["extensions"][0]
    events = {e["type"]: e for e in ext["autoRunEvents"][0]["events"]}
    assert set(events) == {"newMessageComposeCreated", "messageRecipientsChanged", "messageSending"}
    assert events["messageSending"]["options"] == {"sendMode": "softBlock"}
    actions = {a["id"]: a for rt in ext["runtimes"] for a in rt["actions"]}
    assert all(e["actionId"] in actions for e in events.values())
    assert actions["openTaskPane"]["pinnable"] is True
    urls = [v for v in json.dumps(data).split('"') if v.startswith("https://") and "json-schemas" not in v]
    assert urls and all(u.startswith("https://mail-assistant.mdusd.org/") or u == "https://mail-assistant.mdusd.org" for u in urls)


def test_a_broken_unified_manifest_is_refused(tmp_path, node_validator):
    data = m.unified_manifest("https://mail-assistant.mdusd.org")
    del data["developer"]
    data["extensions"][0]["autoRunEvents"][0]["events"][2]["options"]["sendMode"] = "maybe"
    (tmp_path / "manifest.json").write_text(json.dumps(data), "utf-8")
    done = node_validator(tmp_path / "manifest.json")
    assert done.returncode == 1 and "developer" in done.stderr and "sendMode" in done.stderr, done.stderr


def test_icons_are_derived_from_the_assets():
    from assistant.addin import icons

    w, h, rows = icons.read_rgba(icons.scaled((m.ASSETS / "icon-128.png").read_bytes(), 192))
    assert (w, h) == (192, 192)
    src = icons.read_rgba((m.ASSETS / "icon-128.png").read_bytes())[2]
    # The same picture: corresponding pixels (scaled 1.5x) stay within a small colour distance.
    for y, x in ((40, 40), (60, 60), (96, 96), (150, 130)):
        a = rows[y][x * 4 : x * 4 + 4]
        b = src[int(y / 1.5)][int(x / 1.5) * 4 : int(x / 1.5) * 4 + 4]
        assert max(abs(p - q) for p, q in zip(a, b)) < 60, (y, x, bytes(a), bytes(b))
    w, h, rows = icons.read_rgba(icons.outline((m.ASSETS / "icon-32.png").read_bytes()))
    pixels = [bytes(r[i : i + 4]) for r in rows for i in range(0, len(r), 4)]
    assert all(p[:3] == b"\xff\xff\xff" for p in pixels)  # white ink only
    assert 0.1 < sum(p[3] > 128 for p in pixels) / len(pixels) < 0.6  # the envelope and check, not a full square
    with pytest.raises(icons.IconError):
        icons.read_rgba(b"GIF89a")


def test_missing_icons_are_one_line_not_a_traceback(tmp_path, monkeypatch):
    monkeypatch.setattr(m, "ASSETS", tmp_path / "nowhere")
    r = CliRunner().invoke(addin, ["manifest", "--url", "https://mdusd.org", "--unified", "-o", str(tmp_path / "a.zip")])
    assert r.exit_code == 3
    assert "cannot read the add-in icons" in r.output and "Traceback" not in r.output
    assert not (tmp_path / "a.zip").exists()
