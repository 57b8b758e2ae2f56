"""Draft HTML made safe to display, from the allow-list the page uses too.

``ui/sanitize-allowlist.json`` is the one list of what draft HTML may keep:
tags, attributes per tag, URL schemes and the CSS properties allowed in
``style``. The page's DOMPurify (ui/js/sanitize.js) reads the same file, so
the server's and the page's sanitiser cannot drift apart.

nh3 (ammonia) handles the HTML; ``style`` values are filtered declaration
by declaration with tinycss2, a real CSS tokenizer, so comments, escapes and
strings cannot smuggle a ``position: fixed`` overlay past the filter.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import nh3
import tinycss2

ALLOWLIST_FILE = "sanitize-allowlist.json"


@dataclass(frozen=True)
class AllowList:
    tags: frozenset[str]
    drop_with_content: frozenset[str]
    attributes: dict[str, frozenset[str]]
    url_attributes: frozenset[str]
    url_schemes: frozenset[str]
    url_pattern: re.Pattern[str]
    link_rel: str
    css_functions: frozenset[str]
    css_properties: frozenset[str]

    @classmethod
    def from_json(cls, data: dict) -> AllowList:
        return cls(
            tags=frozenset(data["tags"]),
            drop_with_content=frozenset(data["drop_with_content"]),
            attributes={tag: frozenset(names) for tag, names in data["attributes"].items()},
            url_attributes=frozenset(data["url_attributes"]),
            url_schemes=frozenset(data["url_schemes"]),
            # The same pattern is DOMPurify's ALLOWED_URI_REGEXP (flag "i").
            url_pattern=re.compile(data["url_pattern"], re.IGNORECASE),
            link_rel=data["link_rel"],
            css_functions=frozenset(f.lower() for f in data["css_functions"]),
            css_properties=frozenset(p.lower() for p in data["css_properties"]),
        )


def allowlist_path() -> Path:
    """The file beside the UI pages (found the way the server finds ``ui/``)."""
    from assistant.server.app import ui_dir  # late: app imports the service, which imports this

    return ui_dir() / ALLOWLIST_FILE


@cache
def allowlist() -> AllowList:
    return AllowList.from_json(json.loads(allowlist_path().read_text("utf-8")))


# --- style attributes ------------------------------------------------------------


def _value_is_safe(tokens: list, allow: AllowList) -> bool:
    """No url(), no function outside the list (var(), expression(), calc()...), no parse error."""
    for tok in tokens:
        if tok.type in ("url", "error"):
            return False
        if tok.type == "function":
            if tok.lower_name not in allow.css_functions or not _value_is_safe(tok.arguments, allow):
                return False
        elif tok.type in ("() block", "[] block", "{} block"):
            if not _value_is_safe(tok.content, allow):
                return False
    return True


def filter_style(style: str, allow: AllowList | None = None) -> str:
    """Only the allowed declarations of a ``style`` attribute, re-serialised.

    A declaration whose property is not listed, or whose value holds a url()
    or an unlisted function, is dropped whole; the rest keep their value and
    ``!important``.
    """
    allow = allow or allowlist()
    kept = []
    for decl in tinycss2.parse_blocks_contents(style, skip_comments=True, skip_whitespace=True):
        if decl.type != "declaration" or decl.lower_name not in allow.css_properties:
            continue
        if not _value_is_safe(decl.value, allow):
            continue
        value = tinycss2.serialize(decl.value).strip()
        if value:
            kept.append(f"{decl.lower_name}: {value}{' !important' if decl.important else ''}")
    return "; ".join(kept)


# --- HTML --------------------------------------------------------------------------


def _attribute_filter(allow: AllowList):
    # Mail repeats the same few style strings thousands of times (one per
    # paragraph or span): parse each distinct one once per call.
    styles: dict[str, str | None] = {}

    def keep(tag: str, attr: str, value: str) -> str | None:
        if attr == "style":
            if value not in styles:
                styles[value] = filter_style(value, allow) or None
            return styles[value]
        if attr in allow.url_attributes and not allow.url_pattern.match(re.sub(r"\s+", "", value)):
            return None
        return value

    return keep


def sanitize_html(html: str) -> str:
    """Draft HTML with everything that could run, load or cover the window removed.

    Text and look (colours, fonts, sizes, borders) are kept.
    """
    allow = allowlist()
    return nh3.clean(
        html,
        tags=set(allow.tags),
        clean_content_tags=set(allow.drop_with_content),
        attributes={tag: set(names) for tag, names in allow.attributes.items()},
        attribute_filter=_attribute_filter(allow),
        url_schemes=set(allow.url_schemes),
        link_rel=allow.link_rel,
        strip_comments=True,
    )
