"""The safety net's quick reading of built pages never clears what HTMLParser would refuse.

``check_page`` reads each built page for elements and attributes the archive never makes. Most
pages are cleared by a quick reading (``_plainly_allowed``); only pages it cannot clear are
read by ``HTMLParser``. These tests hold the quick reading to HTMLParser's.
"""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sitebuild.validate.markup import (
    _head_refusals,
    _page_refusals,
    _plainly_allowed,
    _Refused,
    check_page,
    refused_in,
)

PIECES = [
    # What the archive's pages hold.
    '<p class="quote-paragraph" id="a--p1">',
    "</p>",
    '<a href="../speakers/a/">',
    '<a href="https://example.org/?a=1&amp;b=2">',
    "</a>",
    '<script type="application/ld+json">',
    "</script>",
    '<details class="quote">',
    "<summary>",
    "<br />",
    "<!doctype html>",
    "words ",
    "&amp; ",
    # What it never makes, written every way a browser would still read it.
    "<iframe>",
    '<a onclick="x">',
    "<a href=javascript:alert(1)>",
    '<a href="java&#x73;cript:x">',
    '<a href="javascript:x">',
    "<script>",
    "<SCRIPT>",
    "</SCRIPT>",
    "<style>",
    "</style>",
    "<!-- ",
    " -->",
    "--!>",
    '<img src="x" onerror="y">',
    "<img/src=x/onerror=y>",
    '<p class="unknown">',
    '<p class="x" CLASS="y">',
    '<a href="x"title="y">',
    "<",
    ">",
    '"',
    "'",
    "=",
    "<!DOCTYPE x>",
    '<meta http-equiv="refresh" content="0; url=https://elsewhere.example">',
    '<base href="https://elsewhere.example/">',
    # Where a quick reading and HTMLParser could part ways.
    "<p\xa0>",
    '<p\x0bclass="remark">',
    "</ script>",
    "</script >",
    "<!doctype ",
    '<script type="application/ld+json"/>',
    "<style/>",
    "<p/>",
]


class _Everything(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))


def parser_refuses(text: str, refusals) -> bool:  # type: ignore[no-untyped-def]
    reader = _Everything()
    reader.feed(text)
    reader.close()
    return any(refusals(tag, attrs) for tag, attrs in reader.tags)


@settings(max_examples=4000, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=12).map("".join))
def test_the_quick_reading_clears_nothing_htmlparser_refuses(text: str) -> None:
    for refusals in (_page_refusals, _head_refusals):
        if _plainly_allowed(text, refusals):
            assert not parser_refuses(text, refusals), text


UNSOUND_BEFORE = [
    # A tag name ends only at ASCII whitespace for HTMLParser (and browsers): "p\xa0" is a name.
    "<p\xa0>",
    '<p\x0bclass="remark">',
    '<script\xa0type="application/ld+json"><iframe></script>',
    # HTMLParser ends a script at "</ script>" too.
    '<script type="application/ld+json"></ script><iframe></script>',
    '<style></\tstyle><base href="https://evil.example/"></style>',
    # A "<!doctype" inside a script is text for HTMLParser; it must not swallow the end tag.
    '<script type="application/ld+json"><!doctype </script><iframe></script>',
    '<style><!doctype </style><base href="https://evil.example/"></style>',
    # A "<script" inside a doctype is not a script.
    "<!doctype <script><iframe></script>",
    # HTMLParser reads what follows a self-closed script as markup.
    '<script type="application/ld+json"/><iframe></script>',
    '<style/><base href="https://evil.example/"></style>',
]


@pytest.mark.parametrize("text", UNSOUND_BEFORE)
def test_the_quick_reading_clears_nothing_htmlparser_refuses_in_these(text: str) -> None:
    for refusals in (_page_refusals, _head_refusals):
        if parser_refuses(text, refusals):
            assert not _plainly_allowed(text, refusals), (text, refusals.__name__)


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=12).map("".join))
def test_findings_are_htmlparsers_whichever_reading_runs(text: str) -> None:
    for refusals in (_page_refusals, _head_refusals):
        reader = _Refused(refusals)
        reader.feed(text)
        reader.close()
        assert refused_in(text, refusals) == reader.refused


def test_the_archives_generated_pages_are_read_quickly(real_archive) -> None:  # type: ignore[no-untyped-def]
    # Hand-written pages may fall back to HTMLParser (code examples); generated ones do not.
    site = real_archive / "site"
    pages = [
        *(site / name / "index.html" for name in ("defining-moments-2014", "town-hall-2014")),
        *sorted(site.glob("speakers/*/index.html")),
        *sorted(site.glob("topics/*/index.html")),
    ]
    assert len(pages) > 20
    for page in pages:
        text = page.read_text(encoding="utf-8")
        content = text[text.find('<article class="md-content__inner') : text.rfind("</article>")]
        assert _plainly_allowed(content, _page_refusals), page
        assert _plainly_allowed(text[: text.find("</head>")], _head_refusals), page


def test_a_refused_element_is_still_reported_at_its_line(tmp_path) -> None:  # type: ignore[no-untyped-def]
    source = tmp_path / "speakers/x/a.md"
    html = (
        '<html><head><title>x</title></head><body><article class="md-content__inner md-typeset">'
        '<p class="quote-paragraph" id="a--p1">Hi <iframe src="https://evil.example"></iframe>'
        "</p></article></body></html>"
    )
    errors = check_page("/x/", html, [(source, "---\n---\nHi <iframe>\n")], source)
    iframe = [error for error in errors if "a <iframe> element" in error.message]
    assert [(error.path, error.line) for error in iframe] == [(source, 3)]


@pytest.mark.parametrize(
    ("text", "refusals"),
    [
        # A browser drops C0 controls and spaces around an address, and tabs and newlines in it,
        # and reads a backslash as a slash.
        ('<a href="\x01javascript:alert(1)">x</a>', _page_refusals),
        ('<img src="/\\elsewhere.example/p.png">', _page_refusals),
        ('<script src="/\\elsewhere.example/x.js"></script>', _head_refusals),
        ('<script src="/&#9;/elsewhere.example/x.js"></script>', _head_refusals),
        ('<script src="\x01https://elsewhere.example/x.js"></script>', _head_refusals),
        ('<link href="java&#9;script:alert(1)">', _head_refusals),
        # A refresh's address may follow "URL=" in any case, or no "url=" at all.
        ('<meta http-equiv="refresh" content="0; URL=https://elsewhere.example">', _head_refusals),
        ('<meta http-equiv="refresh" content="0; https://elsewhere.example">', _head_refusals),
        ('<meta http-equiv="refresh" content="0;url=\'//elsewhere.example\'">', _head_refusals),
        ('<meta http-equiv="refresh" content="0; url=/\\elsewhere.example">', _head_refusals),
        # A browser reads an attribute's first value; HTMLParser gives each.
        (
            '<meta http-equiv="refresh" content="0; url=https://elsewhere.example" content="5">',
            _head_refusals,
        ),
        (
            '<meta http-equiv="refresh" http-equiv="x" content="0; url=//elsewhere.example">',
            _head_refusals,
        ),
    ],
)
def test_addresses_a_browser_reads_as_elsewhere_are_refused(text: str, refusals) -> None:  # type: ignore[no-untyped-def]
    assert refused_in(text, refusals)


@pytest.mark.parametrize(
    "text",
    [
        '<meta http-equiv="refresh" content="0; url=../new-place/#a">',
        '<link href="https://fonts.example/x.css"><script src="../assets/x.js"></script>',
    ],
)
def test_the_heads_own_addresses_are_allowed(text: str) -> None:
    assert not refused_in(text, _head_refusals)


@pytest.mark.parametrize(
    "text",
    [
        # A browser ends a script at "</script" and a space, "/" or ">"; Python 3.11's HTMLParser
        # only at "</script>" (spaces allowed), and reads what it skipped as the script's text.
        '<script type="application/ld+json">{}</script x><img src=x onerror=alert(1)></script>',
        '<script type="application/ld+json">{}</script/><img src=x onerror=alert(1)>',
        '<style></style x><base href="https://elsewhere.example/"></style>',
        # A script without its end: HTMLParser reads nothing after it.
        '<script type="application/ld+json">{}<iframe>',
    ],
)
def test_a_script_a_browser_ends_elsewhere_is_refused(text: str) -> None:
    assert refused_in(text, _page_refusals)
    assert refused_in(text, _head_refusals)
