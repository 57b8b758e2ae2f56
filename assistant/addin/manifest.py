"""Outlook add-in manifests for the host that serves the add-in.

``xml_manifest(url)`` is the add-in-only (XML) manifest with every URL on
``url`` (``https://HOST[:PORT]``): the District host of ``serve --public`` or the
local companion. ``unified_package(url)`` is the unified (JSON) manifest app
package, a zip of ``manifest.json`` and its two icons, for the Microsoft 365
admin center (Integrated apps → Upload custom apps). Both declare the same
add-in: a pinnable task pane in compose, OnNewMessageCompose (signature),
OnMessageRecipientsChanged (live hints) and OnMessageSend (Smart Alerts,
SoftBlock; the handler asks "Send anyway" only where Mailbox 1.14 allows it).

``addin_manifest/manifest.xml`` is this module's output for the local companion;
a test keeps it so.
"""

from __future__ import annotations

import io
import ipaddress
import json
import re
import zipfile
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from xml.sax.saxutils import escape, quoteattr

from assistant.addin import icons

def _ui_dir() -> Path:
    """ui/ of a checkout, else the copy a wheel installs as ``assistant/ui``."""
    here = Path(__file__).resolve()
    for candidate in (here.parents[2] / "ui", here.parents[1] / "ui"):
        if (candidate / "addin" / "assets").is_dir():
            return candidate
    return here.parents[2] / "ui"


ASSETS = _ui_dir() / "addin" / "assets"
LOCAL_URL = "https://localhost:8431"
ADDIN_ID = "6f1d5c1e-2b7a-4c0e-9a51-3f8e7d2b9c41"
VERSION = "0.2.0"  # XML wants four parts: VERSION + ".0"
UNIFIED_SCHEMA_VERSION = "1.24"
MIN_MAILBOX = "1.12"  # OnMessageSend; 1.14 features are detected at run time
PROVIDER = "Mt. Diablo Unified School District"
NAME = "Mail Assistant (BP 1114)"
SHORT_NAME = "Mail Assistant"
ACCENT = "#12325E"
DESCRIPTION = {
    "local": "Checks your draft against the District's email policy BP 1114 and adds your signature and the "
    "confidentiality notice in one click. Runs on your computer.",
    "hosted": "Checks your draft against the District's email policy BP 1114 and adds your signature and the "
    "confidentiality notice in one click. Served by the District; drafts are checked, never stored.",
}
SHORT_DESCRIPTION = "Checks your email against BP 1114 and fixes signature and notice in one click."
BUTTON = "Check BP 1114"
TOOLTIP = "Show hints for this message and fix the signature and confidentiality notice in one click."
# Launch events: (XML manifest name, unified manifest name, handler, send mode).
EVENTS = (
    ("OnNewMessageCompose", "newMessageComposeCreated", "onNewMessageComposeHandler", None),
    ("OnMessageRecipientsChanged", "messageRecipientsChanged", "onMessageRecipientsChangedHandler", None),
    ("OnMessageSend", "messageSending", "onMessageSendHandler", "SoftBlock"),
)
_HOST = re.compile(r"^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$")


class ManifestError(ValueError):
    """A URL or option that cannot make a manifest (one line for the user)."""


def origin(url: str) -> str:
    """``url`` as ``https://host[:port]``, or ManifestError saying what is wrong."""
    raw = (url or "").strip()
    try:
        parts = urlsplit(raw)
        port = parts.port
    except ValueError as exc:
        raise ManifestError(f"{raw!r} is not a URL ({exc})") from None
    if parts.scheme.lower() != "https":
        raise ManifestError(f"{raw!r}: Outlook loads add-ins only over HTTPS (https://HOST[:PORT])")
    if parts.username or parts.password or parts.query or parts.fragment or parts.path not in ("", "/"):
        raise ManifestError(f"{raw!r}: give only https://HOST[:PORT], no path, query or credentials")
    host = (parts.hostname or "").lower()
    if not host:
        raise ManifestError(f"{raw!r}: no host name")
    try:
        ip = ipaddress.ip_address(host)
    except ValueError:
        ip = None
        if not _HOST.match(host):
            raise ManifestError(f"{raw!r}: {host!r} is not a valid host name") from None
    shown = f"[{host}]" if ip is not None and ip.version == 6 else host
    return f"https://{shown}" + (f":{port}" if port not in (None, 443) else "")


def is_local(base: str) -> bool:
    """Whether ``base`` is the companion on this computer (loopback)."""
    host = urlsplit(base).hostname or ""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _urls(base: str) -> dict[str, str]:
    a = f"{base}/addin"
    return {
        "taskpane": f"{a}/taskpane.html",
        "commands": f"{a}/commands.html",
        "script": f"{a}/launchevent.bundle.js",
        "support": f"{a}/help.html",  # served in both modes (the companion's #/rules is not public)
        **{f"icon{n}": f"{a}/assets/icon-{n}.png" for n in (16, 32, 64, 80, 128)},
    }


_XML = """<?xml version="1.0" encoding="UTF-8"?>
<!--
  Outlook add-in for the Mail Assistant (BP 1114), served from {base_comment}.
  Generated by `mail-assistant addin manifest`: edit assistant/addin/manifest.py, not this file.

  - Task pane in compose (pinnable): live hints and one-click fixes.
  - OnNewMessageCompose: the signature from the user's roaming settings (not when
    Outlook adds its own signature; the task pane asks before turning that off).
  - OnMessageRecipientsChanged: a notification bar hint for large groups and records
    going outside the District.
  - OnMessageSend (Smart Alerts, SoftBlock): errors block; warnings prompt ("Send
    anyway" on Mailbox 1.14, "Send again" before). When the service cannot be reached
    the handler checks on the device and says the full check could not run.
  Event-based activation needs an administrator deployment (docs/deploy-addin.md).
-->
<OfficeApp xmlns="http://schemas.microsoft.com/office/appforoffice/1.1"
           xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
           xmlns:bt="http://schemas.microsoft.com/office/officeappbasictypes/1.0"
           xmlns:mailappor="http://schemas.microsoft.com/office/mailappversionoverrides/1.0"
           xsi:type="MailApp">
  <Id>{id}</Id>
  <Version>{version}</Version>
  <ProviderName>{provider}</ProviderName>
  <DefaultLocale>en-US</DefaultLocale>
  <DisplayName DefaultValue={name}/>
  <Description DefaultValue={description}/>
  <IconUrl DefaultValue={icon64}/>
  <HighResolutionIconUrl DefaultValue={icon128}/>
  <SupportUrl DefaultValue={support}/>
  <AppDomains>
    <AppDomain>{base}</AppDomain>
  </AppDomains>
  <Hosts>
    <Host Name="Mailbox"/>
  </Hosts>
  <Requirements>
    <Sets>
      <Set Name="Mailbox" MinVersion="1.1"/>
    </Sets>
  </Requirements>
  <FormSettings>
    <Form xsi:type="ItemEdit">
      <DesktopSettings>
        <SourceLocation DefaultValue={taskpane}/>
      </DesktopSettings>
    </Form>
  </FormSettings>
  <Permissions>ReadWriteItem</Permissions>
  <Rule xsi:type="RuleCollection" Mode="Or">
    <Rule xsi:type="ItemIs" ItemType="Message" FormType="Edit"/>
  </Rule>
  <DisableEntityHighlighting>false</DisableEntityHighlighting>
  <VersionOverrides xmlns="http://schemas.microsoft.com/office/mailappversionoverrides" xsi:type="VersionOverridesV1_0">
    <VersionOverrides xmlns="http://schemas.microsoft.com/office/mailappversionoverrides/1.1" xsi:type="VersionOverridesV1_1">
      <Requirements>
        <bt:Sets DefaultMinVersion="{min_mailbox}">
          <bt:Set Name="Mailbox"/>
        </bt:Sets>
      </Requirements>
      <Hosts>
        <Host xsi:type="MailHost">
          <Runtimes>
            <!-- HTML page for Outlook on the web, new Outlook and Mac; classic Outlook on Windows runs the JS file. -->
            <Runtime resid="WebViewRuntime.Url">
              <Override type="javascript" resid="JSRuntime.Url"/>
            </Runtime>
          </Runtimes>
          <DesktopFormFactor>
            <FunctionFile resid="Commands.Url"/>
            <ExtensionPoint xsi:type="MessageComposeCommandSurface">
              <OfficeTab id="TabDefault">
                <Group id="msgComposeGroup">
                  <Label resid="GroupLabel"/>
                  <Control xsi:type="Button" id="msgComposeOpenPaneButton">
                    <Label resid="TaskpaneButton.Label"/>
                    <Supertip>
                      <Title resid="TaskpaneButton.Label"/>
                      <Description resid="TaskpaneButton.Tooltip"/>
                    </Supertip>
                    <Icon>
                      <bt:Image size="16" resid="Icon.16x16"/>
                      <bt:Image size="32" resid="Icon.32x32"/>
                      <bt:Image size="80" resid="Icon.80x80"/>
                    </Icon>
                    <Action xsi:type="ShowTaskpane">
                      <SourceLocation resid="Taskpane.Url"/>
                      <SupportsPinning>true</SupportsPinning>
                    </Action>
                  </Control>
                </Group>
              </OfficeTab>
            </ExtensionPoint>
            <ExtensionPoint xsi:type="LaunchEvent">
              <LaunchEvents>
{launch_events}
              </LaunchEvents>
              <SourceLocation resid="WebViewRuntime.Url"/>
            </ExtensionPoint>
          </DesktopFormFactor>
        </Host>
      </Hosts>
      <Resources>
        <bt:Images>
          <bt:Image id="Icon.16x16" DefaultValue={icon16}/>
          <bt:Image id="Icon.32x32" DefaultValue={icon32}/>
          <bt:Image id="Icon.80x80" DefaultValue={icon80}/>
        </bt:Images>
        <bt:Urls>
          <bt:Url id="Commands.Url" DefaultValue={commands}/>
          <bt:Url id="Taskpane.Url" DefaultValue={taskpane}/>
          <bt:Url id="WebViewRuntime.Url" DefaultValue={commands}/>
          <bt:Url id="JSRuntime.Url" DefaultValue={script}/>
        </bt:Urls>
        <bt:ShortStrings>
          <bt:String id="GroupLabel" DefaultValue={short_name}/>
          <bt:String id="TaskpaneButton.Label" DefaultValue={button}/>
        </bt:ShortStrings>
        <bt:LongStrings>
          <bt:String id="TaskpaneButton.Tooltip" DefaultValue={tooltip}/>
        </bt:LongStrings>
      </Resources>
    </VersionOverrides>
  </VersionOverrides>
</OfficeApp>
"""


def xml_manifest(url: str) -> str:
    """The add-in-only (XML) manifest with every URL on ``url``."""
    base = origin(url)
    urls = _urls(base)
    events = "\n".join(
        f'                <LaunchEvent Type="{xml_name}" FunctionName="{handler}"'
        + (f' SendMode="{mode}"' if mode else "")
        + "/>"
        for xml_name, _, handler, mode in EVENTS
    )
    mode = "local" if is_local(base) else "hosted"
    return _XML.format(
        base=escape(base),
        base_comment=("the Mail Assistant on this computer" if mode == "local" else base).replace("--", "- -"),
        id=ADDIN_ID,
        version=VERSION + ".0",
        provider=escape(PROVIDER),
        name=quoteattr(NAME),
        short_name=quoteattr(SHORT_NAME),
        description=quoteattr(DESCRIPTION[mode]),
        button=quoteattr(BUTTON),
        tooltip=quoteattr(TOOLTIP),
        min_mailbox=MIN_MAILBOX,
        launch_events=events,
        **{k: quoteattr(v) for k, v in urls.items()},
    )


def unified_manifest(url: str) -> dict[str, Any]:
    """The unified manifest for Microsoft 365 (manifest.json of the app package)."""
    base = origin(url)
    urls = _urls(base)
    mode = "local" if is_local(base) else "hosted"
    mail = {"scopes": ["mail"], "capabilities": [{"name": "Mailbox", "minVersion": MIN_MAILBOX}]}
    icons_ = [{"size": n, "url": urls[f"icon{n}"]} for n in (16, 32, 80)]
    return {
        "$schema": f"https://developer.microsoft.com/json-schemas/teams/v{UNIFIED_SCHEMA_VERSION}/MicrosoftTeams.schema.json",
        "manifestVersion": UNIFIED_SCHEMA_VERSION,
        "id": ADDIN_ID,
        "version": VERSION,
        "name": {"short": SHORT_NAME, "full": NAME},
        "description": {"short": SHORT_DESCRIPTION, "full": DESCRIPTION[mode]},
        "developer": {"name": "Mt. Diablo USD",  # the schema allows 32 characters
                       "websiteUrl": base, "privacyUrl": urls["support"], "termsOfUseUrl": urls["support"]},
        "icons": {"color": "color.png", "outline": "outline.png"},
        "accentColor": ACCENT,
        "localizationInfo": {"defaultLanguageTag": "en-us"},
        "validDomains": [urlsplit(base).netloc],
        "authorization": {"permissions": {"resourceSpecific": [{"name": "MailboxItem.ReadWrite.User", "type": "Delegated"}]}},
        "extensions": [
            {
                "requirements": mail,
                "runtimes": [
                    {
                        "requirements": mail,
                        "id": "TaskPaneRuntime",
                        "type": "general",
                        "code": {"page": urls["taskpane"]},
                        "lifetime": "short",
                        "actions": [{"id": "openTaskPane", "type": "openPage", "pinnable": True}],
                    },
                    {
                        "requirements": mail,
                        "id": "EventRuntime",
                        "type": "general",
                        "code": {"page": urls["commands"], "script": urls["script"]},
                        "lifetime": "short",
                        "actions": [{"id": handler, "type": "executeFunction"} for _, _, handler, _ in EVENTS],
                    },
                ],
                "ribbons": [
                    {
                        "contexts": ["mailCompose"],
                        "tabs": [
                            {
                                "builtInTabId": "TabDefault",
                                "groups": [
                                    {
                                        "id": "msgComposeGroup",
                                        "label": SHORT_NAME,
                                        "icons": icons_,
                                        "controls": [
                                            {
                                                "id": "msgComposeOpenPaneButton",
                                                "type": "button",
                                                "label": BUTTON,
                                                "icons": icons_,
                                                "supertip": {"title": BUTTON, "description": TOOLTIP},
                                                "actionId": "openTaskPane",
                                            }
                                        ],
                                    }
                                ],
                            }
                        ],
                    }
                ],
                "autoRunEvents": [
                    {
                        "requirements": mail,
                        "events": [
                            {"type": unified, "actionId": handler, **({"options": {"sendMode": mode_[0].lower() + mode_[1:]}} if mode_ else {})}
                            for _, unified, handler, mode_ in EVENTS
                        ],
                    }
                ],
            }
        ],
    }


def unified_package(url: str) -> bytes:
    """The app package (zip): manifest.json, color.png (192 px), outline.png (32 px)."""
    manifest = unified_manifest(url)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("manifest.json", json.dumps(manifest, indent=2) + "\n")
        z.writestr("color.png", icons.scaled((ASSETS / "icon-128.png").read_bytes(), 192))
        z.writestr("outline.png", icons.outline((ASSETS / "icon-32.png").read_bytes()))
    return buf.getvalue()


def build(url: str, unified: bool = False) -> bytes:
    """The manifest file's bytes: XML, or the unified app package (zip)."""
    return unified_package(url) if unified else xml_manifest(url).encode("utf-8")
