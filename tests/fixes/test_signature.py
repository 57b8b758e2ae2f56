import pytest

from assistant.core.content import find_text_signature, looks_like_contact
from assistant.core.signature import (
    Signature,
    SignatureError,
    merged_defaults,
    notice_html,
    signature_from_directory,
)


def test_text_and_html_come_from_one_template():
    sig = Signature.from_config(
        {
            "name": "María López",
            "title": "Counselor",
            "school": "Ygnacio Valley High School",
            "phone": "(925) 555-0142",
            "email": "mlopez@mdusd.org",
            "pronouns": "she/her",
            "website": "yvhs.mdusd.org",
        }
    )
    text = sig.text()
    assert text.splitlines() == [
        "-- ",
        "María López (she/her)",
        "Counselor",
        "Ygnacio Valley High School",
        "Phone: (925) 555-0142",
        "Email: mlopez@mdusd.org",
        "yvhs.mdusd.org",
    ]
    html = sig.html()
    for line in text.splitlines()[1:]:
        assert line.split(": ")[-1] in html
    assert 'data-mail-assistant="signature"' in html
    assert 'href="mailto:mlopez@mdusd.org"' in html
    assert 'href="https://yvhs.mdusd.org"' in html
    assert 'href="tel:9255550142"' in html
    # Outlook bodies get Word's paragraphs; inline form has no block elements.
    assert '<p class="MsoNormal">' in sig.html(outlook=True)
    inline = sig.html(inline=True)
    assert inline.startswith("<span") and "<div" not in inline and "<p" not in inline


def test_the_rendered_text_signature_is_detected_as_one():
    text = "Hello team,\n\nSee you Monday.\n\n" + Signature.from_config({"name": "Al Ng", "phone": "925 555 0100"}).text()
    span = find_text_signature(text)
    assert span is not None and text[span.start :].startswith("-- \nAl Ng")
    assert looks_like_contact(text[span.start :])


def test_fields_are_escaped_in_html():
    sig = Signature.from_config({"name": "A <b>&</b> B", "title": "x\"y"})
    html = sig.html()
    assert "<b>" not in html and "A &lt;b&gt;&amp;&lt;/b&gt; B" in html


@pytest.mark.parametrize(
    "data, message",
    [
        (None, "no signature is configured"),
        ({}, "no signature is configured"),
        ({"title": "Teacher"}, "signature.name is required"),
        ({"name": "A", "email": "not-an-address"}, "signature.email"),
        ({"name": "A", "phone": "call me"}, "signature.phone"),
        ({"name": "A", "phone": "123"}, "signature.phone"),
        ({"name": "A", "website": "not a site"}, "signature.website"),
        ({"name": "A", "fax": "1"}, "unknown signature field"),
        ({"name": 5}, "signature.name must be text"),
        ({"name": "x" * 500}, "longer than"),
        ("Jane", "must be an object"),
    ],
)
def test_bad_settings_get_a_clear_error(data, message):
    with pytest.raises(SignatureError, match=message):
        Signature.from_config(data)


def test_fields_are_single_lines():
    sig = Signature.from_config({"name": "  Jane\n  Doe ", "title": "Teacher\r\nGrade 3"})
    assert sig.name == "Jane Doe" and sig.title == "Teacher Grade 3"


def test_contact_rule_matches_bp1114_h():
    assert not Signature(name="A").has_contact
    assert not Signature(name="A", title="Teacher").has_contact
    assert Signature(name="A", title="Teacher", school="X School").has_contact
    assert Signature(name="A", phone="925 555 0100").has_contact


def test_directory_entry_fills_defaults_and_the_user_wins():
    entry = {
        "display_name": "Pat Kim",
        "job_title": "Principal",
        "department": "Administration",
        "office": "Mt. Diablo High School",
        "business_phone": "925-555-0111",
        "email_address": "pkim@mdusd.org",
        "unrelated": 3,
    }
    d = signature_from_directory(entry)
    assert d == {
        "name": "Pat Kim",
        "title": "Principal",
        "school": "Administration, Mt. Diablo High School",
        "phone": "925-555-0111",
        "email": "pkim@mdusd.org",
    }
    merged = merged_defaults({"title": "Interim Principal", "phone": ""}, entry)
    assert merged["title"] == "Interim Principal" and merged["phone"] == "925-555-0111"
    assert Signature.from_config(merged).name == "Pat Kim"
    assert signature_from_directory(None) == {} and signature_from_directory({"name": "  "}) == {}


def test_notice_block_keeps_the_words():
    text = "CONFIDENTIALITY NOTICE: a & b <c>"
    html = notice_html(text)
    assert 'data-mail-assistant="notice"' in html and "a &amp; b &lt;c&gt;" in html
