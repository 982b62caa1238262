"""Remarks given to the engine as finished HTML build the same pages as Markdown would.

The renderer converts staff's words itself (``sitebuild/render/html.py``) so the engine only
copies them: plain paragraphs without any converter, other words with Python-Markdown and the
site's extensions. These tests hold that to what the engine makes of the same words.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from conftest import checksums, copy_real_archive
from hypothesis import given, settings
from hypothesis import strategies as st

import sitebuild.render.session as session_render
from sitebuild.config import SiteLayout
from sitebuild.pipeline import build
from sitebuild.render.html import is_plain, markdown_html, paragraph_html

ATTRIBUTES = "{: #someone--p1 .quote-paragraph .dialogue-turn }"
CLASSES = ("quote-paragraph", "dialogue-turn")

# Letters and the punctuation of prose, and everything Markdown or HTML reads.
PROSE = list("aZé9 ,.;:!?'\"“”‘’()%$/…–—-\n")
MARKUP_PIECES = list("*_`[]<>&\\{}#|=+~^@\t") + ["  \n", "\n1. ", "\n- ", "\n    "]
# Mostly prose, so that many texts are plain; now and then a piece Markdown reads.
TEXT = st.lists(
    st.one_of(st.sampled_from(PROSE), st.sampled_from(PROSE), st.sampled_from(MARKUP_PIECES)),
    min_size=1,
    max_size=40,
).map("".join)


@settings(max_examples=3000, deadline=None)
@given(TEXT)
def test_plain_words_are_given_back_as_markdown_would(text: str) -> None:
    if not is_plain(text):
        return
    expected = markdown_html(f"{text}\n{ATTRIBUTES}")
    assert paragraph_html(text, CLASSES, "someone--p1") == expected


@pytest.mark.parametrize(
    "text",
    [
        "It is about how all this *looks*.",
        "snake_case_words here",
        "Tom & Jerry",
        "a <b>bold</b> claim",
        "see [the report](https://example.org)",
        "`code`",
        "# Heading",
        "- a list",
        "1990. A year",
        "a line break  \nhere",
        "underlined\n---",
        "underlined\n===",
        "a | b",
        "    indented code",
        "> a quote",
        "ends with a space ",
        "a\\b",
        "{: #p2 }",
        "!!! note",
        "/// html | div",
    ],
)
def test_words_markdown_reads_are_not_plain(text: str) -> None:
    assert not is_plain(text)


@pytest.mark.parametrize(
    "text", ["Plain words.", "“Quoted,” she said — 5% of $10 (or so)…", "Two\nlines", "Élan."]
)
def test_prose_is_plain(text: str) -> None:
    assert is_plain(text)


MARKUP = """\
    ---
    name: Pat Markup
    title: Chief
    agency: Test Police Department
    byline: "Chief Pat Markup"
    headline: "Every Kind of Markup"
    order: 99
    topics: [militarization]
    ---
    Plain words, with “quotes,” dashes — and 5% of them.
    {: #p1 }

    Words with *emphasis*, **bold** and a [link](https://example.org/a?b=1&c=2) & more.
    {: #p2 }

    A cross-link to [[speaker:robert-lehner]], to [[topic:militarization]] and
    to [[remark:defining-moments-2014/robert-lehner#p2|his words]].
    {: #p3 }

    A line broken here  
    and a note to editors <!-- not published --> in the middle.
    {: #p4 }

    - a list item
    - another, with *emphasis*

    > A quotation inside the remarks.

    **Lehner:** A dialogue turn that names a speaker.
    {: #p5 .dialogue-turn }
"""  # noqa: W291
MARKUP = textwrap.dedent(MARKUP)


def build_both_ways(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, speakers: dict[str, str]
) -> dict[str, dict[str, str]]:
    """The HTML pages of the real archive with ``speakers`` added (by their path under
    ``speakers/``), built with finished HTML
    and with every remark's words as Markdown for the engine (as before): {way: {page: hash}}.
    """
    sites = {}
    for name in ("html", "markdown"):
        root = copy_real_archive(tmp_path / name)
        for file, text in speakers.items():
            (root / "speakers" / file).write_text(text, encoding="utf-8")
        if name == "markdown":
            # The words as Markdown for the engine, as every remark was rendered before.
            monkeypatch.setattr(
                session_render,
                "render_words",
                lambda archive, remark, page, **_: list(
                    session_render.render_blocks_with_photos(archive, remark, page)
                ),
            )
        result = build(SiteLayout(root=root))
        assert result.ok, [str(error) for error in result.errors]
        sites[name] = {
            path: digest
            for path, digest in checksums(root / "site").items()
            if path.endswith(".html")
        }
    return sites


def test_finished_html_builds_the_same_site_as_markdown(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sites = build_both_ways(tmp_path, monkeypatch, {"defining-moments-2014/pat-markup.md": MARKUP})
    assert sites["html"] and sites["html"] == sites["markdown"]
    page = (tmp_path / "html/site/defining-moments-2014/index.html").read_text(encoding="utf-8")
    assert '<p class="quote-paragraph" id="pat-markup--p2">Words with <em>emphasis</em>' in page
    markdown_page = (tmp_path / "html/build/docs/defining-moments-2014.md").read_text()
    assert '<p class="quote-paragraph" id="pat-markup--p1">Plain words,' in markdown_page
    assert "{: #pat-markup--p2 .quote-paragraph }" not in markdown_page


def speaker_file(name: str, order: int, words: str) -> str:
    """A speaker file of the test meeting with ``words``."""
    return (
        f'---\nname: {name}\ntitle: Chief\nagency: Test Police Department\nbyline: "Chief {name}"'
        f'\nheadline: "Words That Reach Further"\norder: {order}\ntopics: [militarization]\n---\n'
        + words
    )


ACROSS_REMARKS = {
    # A link by reference, defined in another remark: the engine reads the whole page.
    "defining-moments-2014/ann-refers.md": speaker_file(
        "Ann Refers", 97, "See [the report][r] and [the study].\n{: #p1 }\n"
    ),
    "defining-moments-2014/bob-defines.md": speaker_file(
        "Bob Defines",
        98,
        "[r]: https://example.org/report\n\n[the study]: https://example.org/study\n\n"
        "Words.\n{: #p1 }\n",
    ),
    # Code with "<?" or "</article>": Python-Markdown reads HTML there before it knows of code,
    # up to the next ">" on the page.
    "defining-moments-2014/cy-codes.md": speaker_file(
        "Cy Codes", 99, "Type `<?php` first.\n{: #p1 }\n"
    ),
    "defining-moments-2014/di-closes.md": speaker_file(
        "Di Closes", 100, "Type `</article>` last.\n{: #p1 }\n"
    ),
    "defining-moments-2014/ed-notes.md": speaker_file(
        "Ed Notes",
        101,
        "A note.[^ed]\n{: #p1 }\n\n[^ed]: The note.\n\nType `<?php` here.\n{: #p2 }\n\n"
        "Plain words after it.\n{: #p3 }\n",
    ),
}


AS_ON_THE_PAGE = {
    # A first line of spaces is blank on the page (after the headline), not at a text's start.
    "town-hall-2014/fay-spaces.md": speaker_file(
        "Fay Spaces", 97, "  \n1. A list after a line of spaces.\n"
    ),
    "town-hall-2014/hal-spaces.md": speaker_file(
        "Hal Spaces", 99, "  \n\tCode after a line of spaces.\n"
    ),
    # A cross-link Markdown does not make a link shows its address as the engine was given it,
    # and a tab after a cross-link stops where it did in that text.
    "town-hall-2014/gil-links.md": speaker_file(
        "Gil Links",
        98,
        "An escaped \\[[speaker:robert-lehner]] link.\n{: #p1 }\n\n"
        "A link [[speaker:robert-lehner]]\tthen a tab.\n{: #p2 }\n",
    ),
    # Finished HTML the engine does not copy as it is inside a remark (md_in_html): a list
    # starting in a list item's line, a rule inside a quotation.
    "town-hall-2014/ida-nests.md": speaker_file("Ida Nests", 100, "- a\n    - b\n        - c\n"),
    "town-hall-2014/jo-rules.md": speaker_file("Jo Rules", 101, "> words\n>\n> ***\n"),
}


def test_words_read_as_on_the_page_build_the_same_site(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sites = build_both_ways(tmp_path, monkeypatch, {**ACROSS_REMARKS, **AS_ON_THE_PAGE})
    assert sites["html"] and sites["html"] == sites["markdown"]
