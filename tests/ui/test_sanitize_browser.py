"""Draft HTML cannot cover the window (issue 8.6), and the page's DOMPurify and
the server's nh3 keep the same things because they read the same allow-list."""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import expect

from assistant.core.model import Draft
from assistant.server.sanitize import allowlist_path, sanitize_html

pytestmark = pytest.mark.browser

DOMPURIFY_VERSION = "3.5.0"  # ui/vendor/dompurify/README.md

OVERLAY_TEXT = "SESSION EXPIRED: paste your token below to continue"
OVERLAY = (
    "<p>Hi team, the field trip forms are due Friday.</p>"
    '<div id="overlay" style="position:fixed;top:0;left:0;right:0;bottom:0;inset:0;z-index:99999;'
    "transform:translate(0,0);background-color:#c00000;color:#ffffff;font-family:Arial;font-size:28px;"
    f'font-weight:bold;padding:40px">{OVERLAY_TEXT}</div>'
    "<p>Thanks, Pat</p>"
)


def open_app(page, server):
    page.goto(server.app_url)
    expect(page.locator("#view-drafts")).to_be_visible()


def covering(page) -> dict:
    """What the user sees at the centre of the window, and where the overlay is."""
    return page.evaluate(
        """() => {
          const x = innerWidth / 2, y = innerHeight / 2;
          const top = document.elementFromPoint(x, y);
          const ov = [...document.querySelectorAll('.editor div, .sig-preview div, body > div')]
            .find((el) => el.textContent.includes('SESSION EXPIRED'));
          const r = ov ? ov.getBoundingClientRect() : null;
          return {
            centreIsOverlay: !!(ov && top && (top === ov || ov.contains(top))),
            position: ov ? getComputedStyle(ov).position : null,
            zIndex: ov ? getComputedStyle(ov).zIndex : null,
            color: ov ? getComputedStyle(ov).color : null,
            fontFamily: ov ? getComputedStyle(ov).fontFamily : null,
            coversWidth: r ? r.width >= innerWidth * 0.9 && r.height >= innerHeight * 0.9 : false,
          };
        }"""
    )


def test_overlay_draft_stays_in_its_box_in_drafts_and_compose(page, server, emulator, shot):
    backend = emulator.backend()
    try:
        created = backend.create_draft(Draft(subject="Field trip forms", html=OVERLAY))
    finally:
        backend.close()
    open_app(page, server)
    shot(page, "sanitize-clean-state")
    page.locator(f'#drafts-table tr[data-id="{created.id}"]').get_by_role(
        "button", name="Field trip forms", exact=True
    ).click()
    # Drafts preview: the overlay's text is there, without its position.
    frame = page.frame_locator("#detail-body")
    expect(frame.locator("body")).to_contain_text(OVERLAY_TEXT)
    expect(frame.locator("body")).to_contain_text("Thanks, Pat")
    in_frame = frame.locator("div", has_text="SESSION EXPIRED")
    assert in_frame.evaluate("el => getComputedStyle(el).position") == "static"
    assert in_frame.evaluate("el => getComputedStyle(el).color") == "rgb(255, 255, 255)"
    shot(page, "sanitize-overlay-draft-in-drafts-preview")

    page.get_by_role("button", name="Edit in Compose").click()
    editor = page.locator("#c-body")
    expect(editor).to_contain_text(OVERLAY_TEXT)
    expect(editor).to_contain_text("Hi team, the field trip forms are due Friday.")
    seen = covering(page)
    assert seen == {
        "centreIsOverlay": False,
        "position": "static",
        "zIndex": "auto",
        "color": "rgb(255, 255, 255)",  # the colour and font the hints are about stay
        "fontFamily": "Arial",
        "coversWidth": False,
    }
    # The app is usable: the Send button is what is under its own centre.
    send = page.locator("#compose-send")
    assert send.evaluate(
        "b => { const r = b.getBoundingClientRect(); return document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2) === b; }"
    )
    shot(page, "sanitize-overlay-draft-in-compose")


def test_page_sanitiser_alone_removes_the_overlay_position(page, server, shot):
    # The server's copy is already clean; load the raw draft HTML straight
    # through the page's own sanitiser (DOMPurify) into the editor.
    open_app(page, server)
    page.get_by_role("link", name="Compose").click()
    page.evaluate(
        """async (html) => {
          const c = await import('/js/compose.js');
          c.loadDraft({ subject: 'raw', html, to: [], cc: [], bcc: [] });
        }""",
        OVERLAY,
    )
    expect(page.locator("#c-body")).to_contain_text(OVERLAY_TEXT)
    seen = covering(page)
    assert (seen["centreIsOverlay"], seen["position"], seen["coversWidth"]) == (False, "static", False)
    assert (seen["color"], seen["fontFamily"]) == ("rgb(255, 255, 255)", "Arial")


def test_containers_clip_even_unsanitised_overlays(page, server, shot):
    # Defence in depth: HTML that somehow skipped both sanitisers still cannot
    # leave the editor, because the editor contains and clips its content.
    open_app(page, server)
    page.get_by_role("link", name="Compose").click()
    # The old behaviour, simulated: the same overlay outside any container.
    page.evaluate("html => document.body.insertAdjacentHTML('beforeend', html)", OVERLAY.replace('id="overlay" ', ""))
    before = covering(page)
    assert (before["centreIsOverlay"], before["position"], before["coversWidth"]) == (True, "fixed", True)
    shot(page, "sanitize-overlay-before-simulated-old-behaviour")
    page.evaluate("() => [...document.querySelectorAll('body > div')].forEach((d) => d.remove())")
    page.evaluate("html => { document.getElementById('c-body').innerHTML = html; }", OVERLAY)
    after = page.evaluate(
        """() => {
          const ov = document.getElementById('overlay'), ed = document.getElementById('c-body');
          const o = ov.getBoundingClientRect(), e = ed.getBoundingClientRect();
          // The rest of the app is still what is under the pointer.
          const reachable = ['compose-send', 'c-subject', 'hints-title'].every((id) => {
            const el = document.getElementById(id), r = el.getBoundingClientRect();
            return document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2) === el;
          });
          return {
            insideEditor: o.left >= e.left && o.top >= e.top && o.right <= e.right && o.bottom <= e.bottom,
            reachable,
            position: getComputedStyle(ov).position,
          };
        }"""
    )
    # Still position: fixed (nothing sanitised it), yet its box is the editor's.
    assert after == {"insideEditor": True, "reachable": True, "position": "fixed"}
    shot(page, "sanitize-overlay-unsanitised-contained-by-editor")


def test_page_and_server_read_the_same_allowlist(page, server):
    open_app(page, server)
    got = page.evaluate(
        """async () => {
          const s = await import('/js/sanitize.js');
          return { allow: s.ALLOWLIST, version: s.DOMPURIFY_VERSION, tags: s.CONFIG.ALLOWED_TAGS,
                   uri: s.CONFIG.ALLOWED_URI_REGEXP.source, forbid: s.CONFIG.FORBID_CONTENTS };
        }"""
    )
    on_disk = json.loads(allowlist_path().read_text("utf-8"))
    assert got["allow"] == on_disk
    assert got["version"] == DOMPURIFY_VERSION
    assert got["tags"] == on_disk["tags"] and got["forbid"] == on_disk["drop_with_content"]
    assert got["uri"].replace("\\/", "/") == on_disk["url_pattern"]  # .source escapes "/"


def test_every_allowed_shorthand_expands_to_allowed_longhands(page, server):
    # The page filters the longhands Chromium parses; the server filters the
    # declarations as written. They agree only if no allowed shorthand sets a
    # longhand that is not allowed.
    open_app(page, server)
    props = json.loads(allowlist_path().read_text("utf-8"))["css_properties"]
    missing = page.evaluate(
        """(props) => {
          const allowed = new Set(props), out = {};
          for (const p of props) {
            const s = document.createElement('div').style;
            s.setProperty(p, 'initial');
            const extra = Array.from(s).filter((l) => !allowed.has(l));
            if (extra.length) out[p] = extra;
          }
          return out;
        }""",
        props,
    )
    assert missing == {}


# Inputs for the agreement test: each exercises tags, attributes, URLs or styles.
AGREEMENT = [
    OVERLAY,
    '<p style="color:red; /* ; */ position:fixed">comment</p>',
    '<font color="#1f4e79" face="Comic Sans MS" size="4" onmouseover="x()">font</font>',
    '<table border="1" cellpadding="2" background="javascript:x"><tbody><tr>'
    '<td colspan="2" style="background-color:#ff0;border:1px solid #000">cell</td></tr></tbody></table>',
    '<a href="javascript:alert(1)" onclick="x()">a</a> <a href="https://mdusd.org/x">b</a> '
    '<a href="mailto:x@mdusd.org" target="_top">c</a> <a href="data:text/html,x">d</a>',
    '<img src="data:image/png;base64,iVBO" alt="p" onerror="x()"><img src="cid:logo@mdusd" width="10">',
    "<script>alert(1)</script><style>p{display:none}</style><p>kept</p>"
    '<iframe src="https://x.example">inner</iframe><svg><text>t</text></svg><noscript>n</noscript>',
    '<div data-mail-assistant="signature" data-x="1" id="appendonsend" class="sig">Pat</div>',
    "<span style=\"font: bold 12pt 'Times New Roman', serif; margin: 0 4px; text-decoration: underline\">t</span>",
    '<div style="transform:scale(9); top:0; z-index:9; opacity:0; color: rgb(1,2,3) !important; '
    'background-image:url(x.png); pointer-events:none; clip-path:none; filter:blur(2px)">t</div>',
    '<p style="color: var(--x); width: calc(100vw); float: left; content: \'x\'">f</p>',
    '<ol start="3" type="a"><li>x</li></ol><p align="center" bgcolor="red" start="5">p</p>',
    "<!-- c --><b>b</b><custom-el>custom</custom-el><blockquote type=\"cite\">q</blockquote>",
    '<div style="background:#fff;border-top:2px dotted red;list-style:none;white-space:pre-wrap">w</div>',
]

NORMALISE = """
(html) => {
  const t = document.createElement('template');
  t.innerHTML = html;
  const out = [];
  const walk = (node) => {
    for (const n of node.childNodes) {
      if (n.nodeType === Node.TEXT_NODE) { if (n.data.trim()) out.push(['#text', n.data.trim()]); continue; }
      if (n.nodeType !== Node.ELEMENT_NODE) { out.push(['#other', n.nodeName]); continue; }
      const attrs = [...n.attributes].filter((a) => a.name !== 'style').map((a) => `${a.name}=${a.value}`).sort();
      const s = n.style, style = [];
      for (const p of Array.from(s)) style.push(`${p}:${s.getPropertyValue(p)}${s.getPropertyPriority(p) ? '!' : ''}`);
      out.push([n.localName, attrs.join(' '), style.sort().join('; ')]);
      walk(n);
      out.push(['/' + n.localName]);
    }
  };
  walk(t.content);
  return out;
}
"""


def test_dompurify_and_nh3_keep_the_same_tags_attributes_and_styles(page, server):
    open_app(page, server)
    page_out = page.evaluate(
        "async (inputs) => { const s = await import('/js/sanitize.js'); return inputs.map(s.sanitizeHtml); }",
        AGREEMENT,
    )
    for raw, js in zip(AGREEMENT, page_out):
        py = sanitize_html(raw)
        # Both outputs read back by the same browser: same elements, attributes,
        # effective style longhands and text.
        assert page.evaluate(NORMALISE, js) == page.evaluate(NORMALISE, py), raw
    # And the table does exercise removal: position, scripts and javascript: are gone.
    joined = "".join(page_out)
    for gone in ("position", "z-index", "<script", "javascript:", "onerror", "url(", "opacity"):
        assert gone not in joined
