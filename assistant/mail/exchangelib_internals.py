"""The only code that relies on exchangelib internals (tested with exchangelib >=5.4,<6).

Everything else in ``assistant.mail.ews`` uses exchangelib's documented extension
points: ``Configuration(retry_policy=...)`` with a ``FaultTolerance`` subclass
(``retry``), ``BaseProtocol.HTTP_ADAPTER_CLS`` for per-server CA files (the
"Proxies and custom TLS validation" section of its docs), ``QuerySet.only()`` and
``page_size``, ``sync_items``. Two needs have no public seam:

- **List views with Sender and DisplayTo/DisplayCc in one FindItem per page.**
  exchangelib's query layer marks those fields "complex" and adds a GetItem per
  100 items, and parses each row into a full Message; the weekly summary scans
  whole folders (10,000-50,000 items), where that is ~20x slower and ~10x the
  requests (``bench/ews_paging.py --modes paged,only``). ``ListViewFindItem``
  sends the same FindItem request through exchangelib's own service (its paging,
  retries, error handling) and only overrides two hooks of the response side:
  ``_get_soap_parts`` (parse the page in one pass instead of a byte-fed parser)
  and ``_elem_to_obj`` (a plain dict per row).
- **Forgetting a closed connection.** exchangelib caches one Protocol (session
  pool + the Configuration it was built with) per endpoint and credentials, for
  the life of the process. A backend that closes must drop its entry, or the next
  backend for the same account reuses the old retry policy and timeouts.
  ``forget_protocol`` uses the cache's mapping interface (``del Protocol[config]``);
  the public ``exchangelib.close_connections()`` would drop every account's.

``assistant.mail.ews_sync`` (the weekly summary's scan) overrides the same two
response hooks of FindFolder and SyncFolderItems, for the same reason.
``tests/mail/test_exchangelib_internals.py`` fails loudly (``hooks_present``) when
the installed exchangelib is outside ``SUPPORTED`` or any of these hooks change shape.
"""

from __future__ import annotations

import inspect
from datetime import datetime
from typing import Any

import exchangelib
from exchangelib import errors as ex
from exchangelib.protocol import Protocol
from exchangelib.services import FindFolder, FindItem, SyncFolderItems
from exchangelib.util import SOAPNS, TNS, ParseError, to_xml

from assistant.core.model import Recipient

SUPPORTED = ((5, 4), (6, 0))  # [lower, upper) of exchangelib versions these hooks were checked against


def exchangelib_version() -> tuple[int, int]:
    major, minor = (int(p) for p in exchangelib.__version__.split(".")[:2])
    return major, minor


def hooks_present() -> list[str]:
    """What is missing or changed in exchangelib's internals that this module uses (empty: all fine)."""
    problems = []
    low, high = SUPPORTED
    if not low <= exchangelib_version() < high:
        problems.append(f"exchangelib {exchangelib.__version__} is outside the checked range {low}..{high}")
    # FindItem: ListViewFindItem below; FindFolder and SyncFolderItems: assistant.mail.ews_sync.
    for service in (FindItem, FindFolder, SyncFolderItems):
        name = service.__name__
        parts = inspect.getattr_static(service, "_get_soap_parts", None)
        if not isinstance(parts, classmethod) or list(inspect.signature(service._get_soap_parts).parameters) != [
            "response"
        ]:
            problems.append(f"{name}._get_soap_parts(cls, response) changed")
        elem = getattr(service, "_elem_to_obj", None)
        if elem is None or list(inspect.signature(elem).parameters) != ["self", "elem"]:
            problems.append(f"{name}._elem_to_obj(self, elem) changed")
    for attr in ("change_types_map", "READ_FLAG_CHANGE", "DELETE"):  # what ews_sync reads of a sync page
        if not hasattr(SyncFolderItems, attr):
            problems.append(f"SyncFolderItems.{attr} is gone")
    if not hasattr(type(Protocol), "__delitem__"):
        problems.append("Protocol's cache no longer supports `del Protocol[config]`")
    return problems


class ListViewFindItem(FindItem):
    """FindItem for list views: exchangelib's request, paging and retries; each page
    parsed in one pass into plain dicts (see the module doc)."""

    @classmethod
    def _get_soap_parts(cls, response):  # type: ignore[no-untyped-def]
        try:
            root = to_xml(response.content)
        except ParseError as e:  # same contract as the base class
            raise ex.SOAPError(f"Bad SOAP response: {e}") from None
        header = root.find(f"{{{SOAPNS}}}Header")
        body = root.find(f"{{{SOAPNS}}}Body")
        if body is None:
            raise ex.MalformedResponseError("No Body element in SOAP response")
        return header, body

    def _elem_to_obj(self, elem):  # type: ignore[no-untyped-def]
        return row_from_element(elem)


def forget_protocol(config: Any) -> None:
    """Drop the cached Protocol built for ``config`` (no error if there is none)."""
    try:
        del Protocol[config]
    except KeyError:
        pass


_BOOL_TAGS = {"IsRead": "is_read", "HasAttachments": "has_attachments", "IsDraft": "is_draft"}
_TEXT_TAGS = {"Subject": "subject", "DisplayTo": "display_to", "DisplayCc": "display_cc", "Importance": "importance"}
_DATE_TAGS = {"DateTimeReceived": "datetime_received", "DateTimeSent": "datetime_sent"}


def row_from_element(elem: Any) -> dict[str, Any]:
    """One ``t:Message`` of a FindItem page as a dict of the summary fields it carries."""
    row: dict[str, Any] = {}
    for child in elem:
        tag = child.tag.rpartition("}")[2]
        if tag == "ItemId":
            row["id"] = child.get("Id")
        elif tag in _TEXT_TAGS:
            row[_TEXT_TAGS[tag]] = child.text or ""
        elif tag in _BOOL_TAGS:
            row[_BOOL_TAGS[tag]] = (child.text or "").strip().lower() == "true"
        elif tag in _DATE_TAGS and child.text:
            row[_DATE_TAGS[tag]] = datetime.fromisoformat(child.text.strip().replace("Z", "+00:00"))
        elif tag == "Size" and child.text:
            row["size"] = int(child.text)
        elif tag in ("Sender", "From"):
            mb = child.find(f"{{{TNS}}}Mailbox")
            address = mb.findtext(f"{{{TNS}}}EmailAddress") if mb is not None else None
            if address and (tag == "Sender" or "sender" not in row):
                row["sender"] = Recipient(address=address, name=mb.findtext(f"{{{TNS}}}Name") or "")
    return row
