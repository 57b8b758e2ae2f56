"""SOAP envelope handling for the EWS emulator: parsing requests, writing
responses and faults in the shapes Exchange uses (namespaces, ResponseClass,
ResponseCode, ServerVersionInfo header)."""

from __future__ import annotations

from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

from lxml import etree

SOAP_NS = "http://schemas.xmlsoap.org/soap/envelope/"
M_NS = "http://schemas.microsoft.com/exchange/services/2006/messages"
T_NS = "http://schemas.microsoft.com/exchange/services/2006/types"
E_NS = "http://schemas.microsoft.com/exchange/services/2006/errors"

M = "{%s}" % M_NS
T = "{%s}" % T_NS

# The API versions an Exchange 2016 CU server accepts in RequestServerVersion.
KNOWN_VERSIONS = frozenset(
    {
        "Exchange2007",
        "Exchange2007_SP1",
        "Exchange2009",
        "Exchange2010",
        "Exchange2010_SP1",
        "Exchange2010_SP2",
        "Exchange2013",
        "Exchange2013_SP1",
        "Exchange2015",
        "Exchange2016",
    }
)

# Exchange 2016 CU reports this build; "V2017_07_11" is what such servers
# really send as the Version attribute (clients fall back to what they asked).
SERVER_VERSION_HEADER = (
    '<h:ServerVersionInfo MajorVersion="15" MinorVersion="1" MajorBuildNumber="2507" '
    'MinorBuildNumber="6" Version="V2017_07_11" '
    'xmlns:h="http://schemas.microsoft.com/exchange/services/2006/types" '
    'xmlns="http://schemas.microsoft.com/exchange/services/2006/types" '
    'xmlns:xsd="http://www.w3.org/2001/XMLSchema" '
    'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"/>'
)

_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True, remove_blank_text=False)


class SoapFault(Exception):
    """A request-level failure answered with a SOAP Fault (HTTP 500)."""

    def __init__(self, code: str, message: str, message_xml: str = "", faultcode: str | None = None):
        super().__init__(message)
        self.code = code
        self.message = message
        self.message_xml = message_xml
        self.faultcode = faultcode or f"a:{code}"


class ResponseError(Exception):
    """An error for one item of a request, reported in its ResponseMessage."""

    def __init__(self, code: str, message: str, message_xml: str = ""):
        super().__init__(message)
        self.code = code
        self.message = message
        self.message_xml = message_xml


@dataclass
class Request:
    operation: str
    body: etree._Element  # the m:<Operation> element
    api_version: str


def parse_request(data: bytes) -> Request:
    """Parse a SOAP request; malformed input raises a SoapFault like Exchange's."""
    try:
        root = etree.fromstring(data, _PARSER)
    except etree.XMLSyntaxError as exc:
        line, col = (exc.position or (0, 0))
        raise SoapFault(
            "ErrorSchemaValidation",
            "The request failed schema validation.",
            message_xml=(
                f"<t:LineNumber>{line}</t:LineNumber><t:LinePosition>{col}</t:LinePosition>"
                f"<t:Violation>{escape(str(exc.msg))}</t:Violation>"
            ),
            faultcode="a:ErrorSchemaValidation",
        ) from None
    if root.tag != f"{{{SOAP_NS}}}Envelope":
        raise SoapFault("ErrorInvalidRequest", "The request is invalid.", faultcode="a:ErrorInvalidRequest")
    header = root.find(f"{{{SOAP_NS}}}Header")
    body = root.find(f"{{{SOAP_NS}}}Body")
    if body is None or len(body) != 1:
        raise SoapFault("ErrorInvalidRequest", "The request is invalid.")
    op = body[0]
    if not isinstance(op.tag, str) or not op.tag.startswith(M):
        raise SoapFault(
            "ErrorSchemaValidation",
            "The request failed schema validation.",
            message_xml="<t:Violation>The body must hold one element in the messages namespace.</t:Violation>",
        )
    version = "Exchange2013"  # what Exchange assumes when the header is absent
    if header is not None:
        rsv = header.find(f"{T}RequestServerVersion")
        if rsv is not None:
            version = rsv.get("Version", "")
            if version not in KNOWN_VERSIONS:
                raise SoapFault("ErrorInvalidServerVersion", "The specified server version is invalid.")
    return Request(operation=op.tag[len(M):], body=op, api_version=version)


def envelope(body: str) -> bytes:
    return (
        '<?xml version="1.0" encoding="utf-8"?>'
        f'<s:Envelope xmlns:s="{SOAP_NS}"><s:Header>{SERVER_VERSION_HEADER}</s:Header>'
        f'<s:Body xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
        f'xmlns:xsd="http://www.w3.org/2001/XMLSchema">{body}</s:Body></s:Envelope>'
    ).encode("utf-8")


def fault_envelope(fault: SoapFault) -> bytes:
    msg = escape(fault.message)
    detail_xml = f'<t:MessageXml xmlns:t="{T_NS}">{fault.message_xml}</t:MessageXml>' if fault.message_xml else ""
    return (
        '<?xml version="1.0" encoding="utf-8"?>'
        f'<s:Envelope xmlns:s="{SOAP_NS}"><s:Body><s:Fault>'
        f'<faultcode xmlns:a="{T_NS}">{escape(fault.faultcode)}</faultcode>'
        f'<faultstring xml:lang="en-US">{msg}</faultstring>'
        f'<detail><e:ResponseCode xmlns:e="{E_NS}">{escape(fault.code)}</e:ResponseCode>'
        f'<e:Message xmlns:e="{E_NS}">{msg}</e:Message>{detail_xml}</detail>'
        "</s:Fault></s:Body></s:Envelope>"
    ).encode("utf-8")


def response(operation: str, messages: list[str]) -> str:
    """The <m:OpResponse> wrapper around per-item response messages."""
    return (
        f'<m:{operation}Response xmlns:m="{M_NS}" xmlns:t="{T_NS}">'
        f"<m:ResponseMessages>{''.join(messages)}</m:ResponseMessages></m:{operation}Response>"
    )


def success(operation: str, inner: str = "", attrs: str = "") -> str:
    return (
        f'<m:{operation}ResponseMessage ResponseClass="Success"{attrs}>'
        f"<m:ResponseCode>NoError</m:ResponseCode>{inner}</m:{operation}ResponseMessage>"
    )


def error(operation: str, err: ResponseError, inner: str = "", response_class: str = "Error") -> str:
    xml = f"<m:MessageXml>{err.message_xml}</m:MessageXml>" if err.message_xml else ""
    return (
        f'<m:{operation}ResponseMessage ResponseClass="{response_class}">'
        f"<m:MessageText>{escape(err.message)}</m:MessageText>"
        f"<m:ResponseCode>{escape(err.code)}</m:ResponseCode>"
        f"<m:DescriptiveLinkKey>0</m:DescriptiveLinkKey>{xml}{inner}</m:{operation}ResponseMessage>"
    )


def text(value: object) -> str:
    return escape(str(value))


def attr(value: object) -> str:
    return quoteattr(str(value))


def to_bool(value: str | None) -> bool:
    return (value or "").strip().lower() in ("true", "1")
