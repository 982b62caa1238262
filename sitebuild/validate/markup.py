"""The safety net: staff's words turned into HTML by Python-Markdown, checked element by element.

``validate.text`` gives clear messages for the markup staff are likely to write. This module
catches whatever else Markdown would make of the words (a link definition inside a quote, an
attribute list after any element, a block inside a list): it converts the words with the same
extensions MkDocs uses, in the shape the renderer gives them (cross-links become links, notes
to editors are dropped, ``<`` is shown as written), and reports every element or attribute the
archive does not publish.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable
from functools import lru_cache
from html.parser import HTMLParser
from pathlib import Path

from pygments.token import STANDARD_TYPES  # type: ignore[import-untyped]

from sitebuild.errors import SourceError
from sitebuild.paragraphs import (
    CROSS_LINK,
    markdown_converter,
    substitute_outside_code,
    text_only,
)

ELEMENTS: dict[str, frozenset[str]] = {
    **{tag: frozenset() for tag in ("p", "em", "strong", "br", "blockquote", "ul", "hr", "pre")},
    **{tag: frozenset() for tag in ("table", "thead", "tbody", "tr")},
    **{tag: frozenset({"style"}) for tag in ("th", "td")},
    "a": frozenset({"href", "title", "class"}),
    "code": frozenset({"class"}),
    "ol": frozenset({"start"}),
    "li": frozenset({"id"}),
    "sup": frozenset({"id"}),
    "div": frozenset({"class"}),
}
"""The elements Markdown may make of staff's words, and the attributes each may carry."""
VALUES = {
    "class": re.compile(r"footnote|footnote-ref|footnote-backref|language-[A-Za-z0-9_+#.-]+"),
    "id": re.compile(r"fn:[^\s\"'<>]+|fnref\d*:[^\s\"'<>]+|[a-z0-9_-]+"),
    "href": re.compile(r"(?:https?://|mailto:)[^\s\"'<>`]+|#fn:[^\s\"'<>]+|#fnref\d*:[^\s]+|#x"),
    "style": re.compile(r"text-align: (?:left|right|center);"),
    "start": re.compile(r"[0-9]{1,9}"),
    "title": re.compile(r".*", re.DOTALL),
}


class _Elements(HTMLParser):
    """Collects what is not allowed: (what, a word to find it by in the source)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.refused: list[tuple[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        allowed = ELEMENTS.get(tag)
        if allowed is None:
            self.refused.append((f"a <{tag}> element", tag))
            return
        for name, value in attrs:
            if name not in allowed:
                self.refused.append((f"the attribute '{name}' on <{tag}>", name))
            elif not VALUES[name].fullmatch(value or ""):
                shown = (value or "")[:60]
                what = "a link to" if name == "href" else f"the {name}"
                self.refused.append((f"{what} '{shown}' on <{tag}>", shown or name))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)


def as_rendered(words: str) -> str:
    """The words in the shape the renderer gives them, before Markdown sees them."""
    return substitute_outside_code(
        text_only(words), CROSS_LINK, lambda match: f"[{match['text'] or 'x'}](#x)"
    )


MARKUP_CHARACTERS = frozenset("[{<!/?`~#=\\")
UNDERLINE_START = re.compile(r"^[ \t>]*[-=]", re.MULTILINE)
"""A line that could underline the one above it into a heading (also inside a quote)."""
"""Every construct that can make an element outside ``ELEMENTS``, or an attribute, needs one of
these: links and images ``[``, attributes ``{``, HTML ``<``, boxes ``!``/``?``, blocks ``/``,
code fences, headings ``#``/``=``, and a line starting with ``-`` or ``=`` (a heading's
underline). Plain prose without them is not converted again."""


def check_markup(path: Path, first_line: int, words: str, errors: list[SourceError]) -> None:
    """Report each element or attribute Markdown would make of ``words`` that is not allowed."""
    if MARKUP_CHARACTERS.isdisjoint(words) and not UNDERLINE_START.search(words):
        return
    converter = markdown_converter()
    converter.reset()
    reader = _Elements()
    reader.feed(converter.convert(as_rendered(words)))
    reader.close()
    lowered = words.lower()
    for what, clue in dict.fromkeys(reader.refused):
        position = lowered.find(clue.lower())
        line = first_line + (words.count("\n", 0, position) if position >= 0 else 0)
        errors.append(
            SourceError(
                path,
                line,
                f"this text would put {what} on the web page, which the archive does not "
                "publish; write plain words, *emphasis*, **bold**, links to https:// addresses "
                "or cross-links",
            )
        )


CONTENT_START = '<article class="md-content__inner'
"""Where the theme puts a page's content (Material for MkDocs)."""
PAGE_ELEMENTS = frozenset(
    {
        *ELEMENTS,
        "nav",
        *(f"h{level}" for level in range(1, 7)),
        "article",
        "details",
        "figcaption",
        "figure",
        "header",
        "img",
        "script",
        "span",
        "summary",
    }
)
"""What a whole generated page may contain: staff's words and the renderer's own structure."""
PAGE_ATTRIBUTES = frozenset(
    {"alt", "class", "data-style", "height", "href", "id", "loading", "open", "src"}
    | {"start", "style", "tabindex", "title", "type", "width"}
)
PAGE_CLASSES = frozenset(
    {
        "admonition",
        "citation",
        "cite-accessed",
        "cite-url",
        "dialogue-turn",
        "footnote",
        "footnote-backref",
        "footnote-ref",
        "headerlink",
        "listing-pager",
        "md-content__inner",
        "md-tag",
        "md-tags",
        "md-typeset",
        "photo",
        "photo-placeholder",
        "quote",
        "quote-paragraph",
        "remark",
        "remark__headline",
        "remark__provenance",
        "remark__related",
        "remark__role",
        "remark__steps",
        "session-banner",
        "session-banner__headline",
        "session-banner__meta",
        "session-banner__source",
        "issue__note",
        *(f"{block}--{theme}" for block in ("remark", "session-banner")
          for theme in ("conference", "town-hall", "ceremony")),
    }
)  # fmt: skip
HIGHLIGHT_CLASS = re.compile(
    "highlight|(?:"
    + "|".join(sorted((name for name in STANDARD_TYPES.values() if name), key=len, reverse=True))
    + ")(?:-[A-Z][A-Za-z]*)*"
)
"""Zensical always highlights code blocks (Pygments): a ``highlight`` box, coloured words
(a token's class, like ``s2``, maybe with its kind, like ``l-Scalar``).

Note: ``pymdownx.superfences`` comes with Zensical whatever ``mkdocs.yml`` says; these classes
only colour text, and the elements they are on are checked like all others.
"""
_HERE = r"(?![a-zA-Z][\w+.-]*:|//)[^\s\"'<>\\\x00-\x1f\x7f]+"
"""An address on this site: no scheme or "//", nor what a browser drops or reads as "/"."""
PAGE_VALUES = {
    "tabindex": re.compile(r"-1"),  # Zensical's skip-link target, <a id="__skip" tabindex="-1">
    "href": re.compile(r"(?:https?://|mailto:)[^\s\"'<>`]+|#[^\s\"'<>]*|" + _HERE),
    "src": re.compile(_HERE),
    "style": VALUES["style"],
    "type": re.compile(r"application/ld\+json"),
    "loading": re.compile(r"lazy"),
    "width": re.compile(r"[0-9]{1,5}"),
    "height": re.compile(r"[0-9]{1,5}"),
    "start": VALUES["start"],
    "data-style": re.compile(r"Chicago|APA"),
}  # fmt: skip


SCRIPT_DATA_TYPES = ("application/ld+json",)
"""The only scripts a generated page holds: structured data, which browsers never run."""


def _page_refusals(tag: str, attrs: list[tuple[str, str | None]]) -> list[tuple[str, str]]:
    """What no generated page may contain, in one start tag: (what, a word to find it by)."""
    refused = []
    if tag not in PAGE_ELEMENTS:
        refused.append((f"a <{tag}> element", tag))
    if tag == "script" and dict(attrs).get("type") not in SCRIPT_DATA_TYPES:
        refused.append(("a <script> element that is not structured data", "script"))
    for name, value in attrs:
        text = value or ""
        pattern = PAGE_VALUES.get(name)
        if name not in PAGE_ATTRIBUTES:
            refused.append((f"the attribute '{name}' on <{tag}>", name))
        elif name == "class":
            unknown = [
                token
                for token in text.split()
                if token not in PAGE_CLASSES
                and not HIGHLIGHT_CLASS.fullmatch(token)
                and not token.startswith("language-")
            ]
            if unknown:
                refused.append((f"the class '{unknown[0]}' on <{tag}>", unknown[0]))
        elif pattern is not None and not pattern.fullmatch(text):
            what = "a link to" if name in ("href", "src") else f"the {name}"
            refused.append((f"{what} '{text[:60]}' on <{tag}>", text[:60] or name))
    return refused


_SPACE = "[ \t\n\r\f]"
"""HTML's whitespace: HTMLParser's tag name runs up to one of these (or ``/``, ``>``) only."""
_ATTRIBUTES = rf'((?:{_SPACE}+[a-zA-Z][-a-zA-Z0-9_:.]*(?:="[^"<]*")?)*){_SPACE}*'
_TOKEN = re.compile(
    r"<(?:(?i:!doctype)[^<>]*>"
    rf"|((?i:script|style)){_ATTRIBUTES}>[^<]*(?:<(?!/)[^<]*)*</(?i:\1)>"
    rf"|(/?)([a-zA-Z][a-zA-Z0-9]*){_ATTRIBUTES}(/?)>"
    r"|([\s\S]|\Z))",
    re.ASCII,
)
"""What a ``<`` starts, as HTMLParser reads it: a doctype (which ends at its first ``>``); a
whole script or style whose text holds no ``</`` before its end tag (any other is left to
HTMLParser); a plain tag (a script closed with ``/>`` is one: HTMLParser reads what follows as
markup); or anything else (the last group), which the quick reading does not read."""
_PLAIN_ATTRIBUTE = re.compile(rf'{_SPACE}+([a-zA-Z][-a-zA-Z0-9_:.]*)(?:="([^"]*)")?')


def _plainly_allowed(text: str, refusals: Refusals) -> bool:
    """True when every ``<`` of ``text`` starts a plain tag and ``refusals`` refuses none.

    A quick reading for pages as the engines build them (plain tags, attribute values in double
    quotes). Read from each ``<`` in turn, like HTMLParser, it sees every start tag HTMLParser
    sees, with the same attributes. Anything else (a comment, an unquoted value, a ``<`` in
    text, a space other than HTML's after a tag's name) gives False: HTMLParser reads the text.
    """
    # Note: findall tries the alternatives at every "<" in turn, so none is skipped.
    tokens = set(_TOKEN.findall(text))
    tags = set()
    for script, script_attributes, slash, name, attributes, closed, other in tokens:
        if other or (not closed and not slash and name.lower() in ("script", "style")):
            return False
        if script or (name and not slash):
            tags.add((script or name, attributes or script_attributes))
    return not text.endswith("<") and not any(
        _refuses(refusals, name, attributes) for name, attributes in tags
    )


@lru_cache(maxsize=65536)
def _refuses(refusals: Refusals, name: str, attributes: str) -> bool:
    """True when ``refusals`` refuses the tag ``name`` with ``attributes`` (kept: tags recur)."""
    attrs = [
        (found[1].lower(), html.unescape(found[2]) if found[2] else found[2])
        for found in _PLAIN_ATTRIBUTE.finditer(attributes)
    ]
    return bool(refusals(name.lower(), attrs))


_ELSEWHERE = re.compile(r"[a-zA-Z][\w+.-]*:|[/\\]{2}")
_DROPPED = re.compile(r"^[\x00-\x20]+|[\t\n\r]|[\x00-\x20]+$")
"""What a browser drops from an address: C0 controls and spaces around it, tabs and newlines."""
_REFRESH = re.compile(r"\s*[0-9.]*\s*[;,]?\s*(?:url\s*=\s*)?[\"']?(.*)", re.IGNORECASE | re.DOTALL)
"""A refresh's address, wherever a browser finds it (``URL=`` in any case, or none)."""


def _elsewhere(address: str) -> bool:
    """True when a browser reads ``address`` as having a scheme or naming another host."""
    return bool(_ELSEWHERE.match(_DROPPED.sub("", address)))


def _head_refusals(tag: str, attrs: list[tuple[str, str | None]]) -> list[tuple[str, str]]:
    """What a page's ``<head>`` must never hold, in one start tag: (what, a word to find it by).

    No event handlers, base address, frames or forms, scripts from other hosts, or redirects
    to other hosts (the head carries the page's title and description).
    """
    refused = []
    if tag in ("base", "iframe", "object", "embed", "form"):
        refused.append((f"a <{tag}> element in its head", tag))
    for name, value in attrs:
        if name.startswith("on"):
            refused.append((f"the attribute '{name}' on <{tag}> in its head", name))
        if name in ("href", "src") and _elsewhere(value or ""):
            scheme = _DROPPED.sub("", value or "").lower()
            if not scheme.startswith(("https://", "http://")) or tag == "script":
                refused.append((f"a link to '{(value or '')[:60]}' in its head", value or ""))
    # Note: a browser reads an attribute's first value; HTMLParser gives every one.
    if tag == "meta" and any(
        name == "http-equiv" and (value or "").strip().lower() == "refresh" for name, value in attrs
    ):
        for name, value in attrs:
            target = _REFRESH.match(value or "")[1] if name == "content" else ""  # type: ignore[index]
            if _elsewhere(target):
                refused.append((f"a redirect to '{target[:60]}'", target or "redirect"))
    return refused


Refusals = Callable[[str, list[tuple[str, str | None]]], list[tuple[str, str]]]


class _Refused(HTMLParser):
    """Reads HTML and collects what ``refusals`` refuses in its start tags."""

    def __init__(self, refusals: Refusals) -> None:
        super().__init__(convert_charrefs=True)
        self.refusals = refusals
        self.refused: list[tuple[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.refused += self.refusals(tag, attrs)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_data(self, data: str) -> None:
        # Note: a browser ends a script at "</script" and a space, "/" or ">"; Python 3.11's
        # HTMLParser only at "</script>", and gives what lies between as the script's text.
        element = self.cdata_elem
        if element and f"</{element}" in data.lower():
            self.refused.append((f"a <{element}> element a browser would end early", element))

    def close(self) -> None:
        super().close()
        element = self.cdata_elem
        if element:  # HTMLParser reads nothing after it
            self.refused.append((f"a <{element}> element without its end", element))


def refused_in(text: str, refusals: Refusals) -> list[tuple[str, str]]:
    """What ``refusals`` refuses in the start tags of ``text``, as ``HTMLParser`` reads them.

    Pages as the engines build them are read quickly first (``_plainly_allowed``); a page
    that reading cannot clear is read by ``HTMLParser``, which gives the findings.
    """
    if _plainly_allowed(text, refusals):
        return []
    reader = _Refused(refusals)
    reader.feed(text)
    reader.close()
    return reader.refused


def check_page(
    url: str, html: str, sources: Iterable[tuple[Path, str]], origin: Path
) -> list[SourceError]:
    """Every element or attribute a built page has that the archive never makes.

    The last line of defence: the page's content as the generator built it (``html``), so
    words of one file that act on another part of the page are found too. Each finding is
    reported at the first line of ``sources`` (path, text) that contains what caused it, else
    at ``origin``.
    """
    start = html.find(CONTENT_START)
    end = html.rfind("</article>")
    content = html[start:end] if 0 <= start < end else html
    found = refused_in(content, _page_refusals)
    found += refused_in(html[: max(html.find("</head>"), 0)], _head_refusals)
    errors = []
    refused = dict.fromkeys(found)
    # Note: the sources are read only when something is refused (most pages refuse nothing).
    candidates = list(sources) if refused else []
    for what, clue in refused:
        path, line = origin, None
        for source, text in candidates:
            position = text.lower().find(clue.lower())
            if position >= 0:
                path, line = source, text.count("\n", 0, position) + 1
                break
        errors.append(
            SourceError(
                path,
                line,
                f"the page {url} would contain {what}, which the archive does not publish; "
                "write plain words, *emphasis*, **bold**, links to https:// addresses or "
                "cross-links",
            )
        )
    return errors
