"""Finished HTML for the parts of a page that need no Markdown, so the engine passes them through.

Most of a meeting page is the renderer's own text (roles, headlines, provenance, links between
remarks) and staff's words, which are mostly plain prose. Converting them here, once, and
giving the engine HTML it only has to copy, keeps the engine's Markdown work to headings and
the few blocks that need it (footnotes, captions). The HTML is what the engine would have made
of the same Markdown: the same extensions (``MARKDOWN_EXTENSIONS``, a test keeps it equal to
``mkdocs.yml``'s), with links already written as the built page's addresses.
"""

from __future__ import annotations

import re
from functools import cache

from sitebuild.paragraphs import markdown_converter, text_only
from sitebuild.render.markdown import escape_html

PLAIN_LINE = re.compile(r"(?:[^\W\d_]|[\"'“‘(])(?:[^\W_]|[ ,.;:!?'\"“”‘’()%$/…–—-])*(?<! )")
"""A line Markdown leaves as it is: it starts with a letter, quote or bracket (never a list,
quote, heading or indented code), holds nothing Markdown or HTML would read (no ``* _ ` [ < &
\\ { # |``) and does not end in a space (two make a line break)."""


def is_plain(text: str) -> bool:
    """True when Markdown would give ``text`` back unchanged as a paragraph's content."""
    return all(PLAIN_LINE.fullmatch(line) for line in text.split("\n"))


def acts_beyond_its_block(text: str) -> bool:
    """True when Markdown words in ``text`` may change how the engine reads the rest of the page.

    A link definition (``[r]: ...``) serves the whole page, and HTML Markdown reads before it
    knows of code (a ``<`` left in code or an autolink, like ``<?php`` or ``</article>``) may
    run on to the next ``>`` on the page. A page with either is given to the engine as Markdown,
    as it always was.
    """
    return "]:" in text or "<" in text_only(text)


def paragraph_html(content: str, classes: tuple[str, ...] = (), anchor: str | None = None) -> str:
    """A paragraph of finished HTML ``content``, with the classes and identifier given.

    The attributes come in the order Markdown's attribute lists give them (class, then id).
    """
    attributes = f' class="{escape_html(" ".join(classes))}"' if classes else ""
    attributes += f' id="{escape_html(anchor)}"' if anchor else ""
    return f"<p{attributes}>{content}</p>"


def markdown_html(text: str) -> str:
    """The HTML Markdown makes of ``text`` (a remark's blocks, links already resolved)."""
    converter = markdown_converter()
    converter.reset()
    return str(converter.convert(text))


@cache
def _block_start_within_line() -> re.Pattern[str]:
    """A block-level element's start tag (as ``md_in_html`` knows them) within a line."""
    names = "|".join(sorted(markdown_converter().block_level_elements, key=len, reverse=True))
    return re.compile(rf"(?<=[^\n])<(?:{names})[\s/>]")


def passes_through(html: str) -> bool:
    """True when the engine copies ``html`` as it is inside a remark's ``<article markdown>``.

    ``md_in_html`` rebuilds HTML it finds inside such an element: a block element's start tag
    within a line (``<li>a<ul>``, a list in a list item) is read as text while its end tag
    closes the enclosing element, and a rule (``<hr />``) within another element gains blank
    lines. Such words go to the engine as Markdown.
    """
    return "<hr" not in html and not _block_start_within_line().search(html)


def link_html(address: str, label: str) -> str:
    """A link to ``address`` (a built page's relative address) showing the text ``label``."""
    return f'<a href="{escape_html(address)}">{escape_html(label)}</a>'
