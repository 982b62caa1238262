"""Content is text: markup in words and fields is refused, plain Markdown is accepted.

Each hostile or careless input gets its exact message with file and line; the safety net and
the check of built pages catch what the clear checks do not. See test_durability.py for kills.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from boundary import (
    BLOCK,
    BRACES,
    FIX_HTML,
    FIX_LINK,
    NO_ID,
    NOT_PUBLISHED,
    SESSION_PATH,
    SPEAKER_PATH,
    problems,
    with_files,
    with_words,
)
from conftest import REPO, SESSION, SPEAKER, TOPICS, WriteFiles, run_cli

from sitebuild.errors import SourceError

RAW_HTML_IN_WORDS = {
    "script": (
        "<script>alert(1)</script>",
        [
            (16, f"raw HTML '</script' is not allowed; {FIX_HTML}"),
            (16, f"raw HTML '<script' is not allowed; {FIX_HTML}"),
        ],
    ),
    "image with handler": (
        '<img src="x" onerror="alert(1)">',
        [(16, f"raw HTML '<img' is not allowed; {FIX_HTML}")],
    ),
    "div with handler": (
        '<div onmouseover="alert(1)">hi</div>',
        [
            (16, f"raw HTML '</div' is not allowed; {FIX_HTML}"),
            (16, f"raw HTML '<div' is not allowed; {FIX_HTML}"),
        ],
    ),
    "iframe": (
        '<iframe src="https://evil.example/"></iframe>',
        [
            (16, f"raw HTML '</iframe' is not allowed; {FIX_HTML}"),
            (16, f"raw HTML '<iframe' is not allowed; {FIX_HTML}"),
        ],
    ),
    "uppercase tag": (
        "<SCRIPT>alert(1)",
        [(16, f"raw HTML '<SCRIPT' is not allowed; {FIX_HTML}")],
    ),
    "broken comment": (
        "<!--><script>alert(1)</script>-->",
        [
            (16, f"raw HTML '<!--' is not allowed; {FIX_HTML}"),
            (16, f"raw HTML '</script' is not allowed; {FIX_HTML}"),
            (16, f"raw HTML '<script' is not allowed; {FIX_HTML}"),
            (17, BRACES),
            (17, NO_ID),
        ],
    ),
    "javascript link": (
        "[click](javascript:alert(1))",
        [(16, f"the link 'javascript:alert(1' is not allowed; {FIX_LINK}")],
    ),
    "entity-encoded javascript link": (
        "[click](jav&#x61;script:alert(1))",
        [(16, f"the link 'jav&#x61;script:alert(1' is not allowed; {FIX_LINK}")],
    ),
    "javascript link in angle brackets": (
        "[click](<javascript:alert(1)>)",
        [
            (16, f"raw HTML '<javascript:alert(1)' is not allowed; {FIX_HTML}"),
            (16, f"the link 'javascript:alert(1)' is not allowed; {FIX_LINK}"),
        ],
    ),
    "reference-style javascript link": (
        "[click][x]\n\n[x]: javascript:alert(1)",
        [(16, NO_ID), (18, f"the link 'javascript:alert(1)' is not allowed; {FIX_LINK}")],
    ),
    "relative link": (
        "[file](../../etc/passwd)",
        [(16, f"the link '../../etc/passwd' is not allowed; {FIX_LINK}")],
    ),
    "remote image": (
        "![x](https://evil.example/x.png)",
        [
            (
                16,
                "'![' would make an image, which is not allowed in the text: add a photo under "
                "'photos:' in the front matter (see the editing guide), or put a space after "
                "the '!'",
            )
        ],
    ),
    "attribute list in the words": ('Some *words*{: onclick="alert(1)" } here.', [(16, BRACES)]),
    "html block syntax": (
        "/// html | div[onclick='alert(1)']\nhi\n///",
        [(16, BLOCK), (18, BLOCK)],
    ),
    "include of another file": (
        '--8<-- "/etc/passwd"',
        [(16, "'--8<--' would include another file here; write the words themselves")],
    ),
    "unfinished cross-link": (
        "As [[speaker:janee-harteau said.",
        [
            (
                16,
                "unfinished cross-link '[[speaker:janee-harteau said.'; write it as "
                "[[speaker:janee-harteau]] or [[speaker:janee-harteau|link text]]",
            )
        ],
    ),
    "cross-link with an ellipsis": (
        "See [[remark:…|…]].",
        [
            (
                16,
                "link [[remark:…|…]]: unknown remark '…'; write it as "
                "<session-folder>/<speaker-file>",
            )
        ],
    ),
    "NUL byte": (
        "It has\x00 to happen.",
        [
            (
                16,
                "this line contains an invisible character (#x0000) that is not allowed; "
                "retype the line (it often comes with text pasted from Word or the web)",
            )
        ],
    ),
}


ALLOWED_WORDS = {
    "less-than and ampersand": "When 5 < 10 & 3 > 2, Q&A follows.",
    "web link": "See [the study](https://example.org/study?a=1&b=2).",
    "e-mail link": "Write to [PERF](mailto:info@example.org).",
    "autolink": "See <https://example.org/>.",
    "cross-link": "As [[speaker:jane-doe|Chief Doe]] said.",
    "cross-link with an escaped bar, as in a table": "As [[speaker:jane-doe\\|Chief Doe]] said.",
    "html in code": "Type `<script>` and `[[not a link` literally.",
    "note to editors": "<!-- checked against the print edition -->\nThe words.",
    "emphasis": "This is *important* and **bold**.",
}


@pytest.mark.parametrize("words", ALLOWED_WORDS.values(), ids=list(ALLOWED_WORDS))
def test_text_with_plain_markdown_is_accepted(project: WriteFiles, words: str) -> None:
    assert problems(with_words(project, words)) == []


def test_markup_in_a_session_introduction_and_a_caption_is_refused(project: WriteFiles) -> None:
    session = SESSION.replace("An introduction", '<img src=x onerror="alert(1)"> An introduction')
    speaker = SPEAKER.replace(
        "topics: [community-trust]",
        'topics: [community-trust]\nphotos:\n  - caption: "Jane Doe <b onclick=x>speaks</b>"',
    )
    found = problems(with_files(project, {SESSION_PATH: session, SPEAKER_PATH: speaker}))
    assert found == [
        f"{SESSION_PATH}:14: raw HTML '<img' is not allowed; {FIX_HTML}",
        f"{SPEAKER_PATH}:11: photos.0.caption: raw HTML '<b' is not allowed; write plain text",
    ]


FIELDS = {
    "headline": ('headline: "Trust <script>x</script>"', 6, "headline: raw HTML '<script'"),
    "name": ('name: "<img src=x onerror=alert(1)>"', 2, "name: raw HTML '<img'"),
    "byline": ('byline: "<iframe src=https://evil.example>"', 5, "byline: raw HTML '<iframe'"),
}


@pytest.mark.parametrize("line, number, message", FIELDS.values(), ids=list(FIELDS))
def test_markup_in_a_field_is_refused(
    project: WriteFiles, line: str, number: int, message: str
) -> None:
    field = line.split(":")[0]
    original = next(text for text in SPEAKER.splitlines() if text.startswith(f"{field}:"))
    root = with_files(project, {SPEAKER_PATH: SPEAKER.replace(original, line)})
    assert f"{SPEAKER_PATH}:{number}: {message} is not allowed; write plain text" in problems(root)


def test_markup_in_a_topic_label_and_a_source_is_refused(project: WriteFiles) -> None:
    root = with_files(
        project,
        {
            "speakers/topics.yml": TOPICS + "bad: <img src=x onerror=alert(1)>\n",
            "speakers/references.yml": (
                "doe-2014:\n"
                "  title: A study\n"
                "  publication: A journal\n"
                "  url: javascript:alert(1)\n"
                "  doi: 10.1000/x)<script>\n"
            ),
        },
    )
    assert problems(root) == [
        "speakers/references.yml:4: doe-2014.url: must be a web address starting with "
        "https:// or http://, without spaces",
        "speakers/references.yml:5: doe-2014.doi: must be a DOI like 10.1007/s11292-014-9203-x "
        "(without https://doi.org/)",
        "speakers/topics.yml:3: topic 'bad': raw HTML '<img' is not allowed; write plain text",
    ]


def test_a_paragraph_line_may_only_give_an_identifier_and_a_style(project: WriteFiles) -> None:
    speaker = SPEAKER.replace("{: #p1 }", '{: #p1 onclick="alert(1)" }').replace(
        "{: #p2 }", '{: #p2" }'
    )
    assert problems(with_files(project, {SPEAKER_PATH: speaker})) == [
        f"{SPEAKER_PATH}:12: 'onclick=\"alert(1)\"' is not allowed in the line under a paragraph "
        "(allowed: #p3 and .dialogue-turn); remove it",
        f"{SPEAKER_PATH}:14: paragraph identifier '#p2\"' must be 'p' and a number, like #p4",
    ]


NESTED_TRICKS = {
    "link definition in a quote": (
        "Click [here][evil].\n\n> [evil]: javascript:alert(1)",
        [(16, NO_ID), (18, f"the link 'javascript:alert(1)' is not allowed; {FIX_LINK}")],
    ),
    "link definition in a list": (
        "- item\n\n    [ev]: javascript:alert(2)",
        [(18, f"the link 'javascript:alert(2)' is not allowed; {FIX_LINK}")],
    ),
    "html block in a quote": (
        "> /// html | script\n> alert('x')\n> ///",
        [(16, BLOCK), (18, BLOCK)],
    ),
    "attribute list starting with a quote": ('*em*{"x" onmouseover=alert(1)}', [(16, BRACES)]),
    "attribute list after a cross-link": (
        "[[speaker:jane-doe|Kim]]{@ onclick=\"alert('x')\"}",
        [(16, BRACES)],
    ),
    "heading": (
        "## Heading",
        [
            (
                16,
                "this line would become a heading (a line starting with '#', or text underlined "
                "with === or ---); the page makes its own headings: write '\\#' to show a '#', "
                "or leave a blank line before a --- line",
            )
        ],
    ),
    "admonition box": (
        '!!! danger "x"\n    Boo',
        [
            (
                16,
                "a '!!!' or '???' box is not allowed in the text; write the words as paragraphs",
            )
        ],
    ),
    "backticks in two paragraphs around a link": (
        "A ` tick.\n\n[x](javascript:alert(1))\n\nend ` x",
        [
            (16, NO_ID),
            (18, f"the link 'javascript:alert(1' is not allowed; {FIX_LINK}"),
            (18, NO_ID),
        ],
    ),
    "code block left open": (
        "```\n[x](<javascript:a>)\n```<",
        [
            (
                16,
                "this '```' opens or closes a code block, but the block has no other end; add "
                "a line '```' where the code ends, or remove it",
            ),
            (
                18,
                "this '```' opens or closes a code block, but the block has no other end; add "
                "a line '```' where the code ends, or remove it",
            ),
        ],
    ),
    "attributes on a code fence": (
        '```{ onclick="alert(1)" }\ncode\n```',
        [
            (
                16,
                "only a language name may follow the ``` that opens a code block (like "
                "```yaml); remove the rest of the line",
            )
        ],
    ),
    "text-direction override": (
        "Admin\u202etxt.exe",
        [
            (
                16,
                "this line contains an invisible character (#x202e) that is not allowed; "
                "retype the line (it often comes with text pasted from Word or the web)",
            )
        ],
    ),
}


def test_the_safety_net_finds_what_markdown_would_make() -> None:
    from sitebuild.validate.markup import check_markup

    errors: list[SourceError] = []
    words = 'Fine words.\n\nA [link](https://example.org/){ onclick="x" } here.'
    check_markup(Path("x.md"), 10, words, errors)
    assert [str(error) for error in errors] == [
        f"x.md:12: this text would put the attribute 'onclick' on <a> on the web page, "
        f"{NOT_PUBLISHED}"
    ]
    errors = []
    check_markup(Path("x.md"), 1, "> [e]: javascript:x\n\n[a][e]", errors)
    assert [str(error) for error in errors] == [
        f"x.md:1: this text would put a link to 'javascript:x' on <a> on the web page, "
        f"{NOT_PUBLISHED}"
    ]
    errors = []
    check_markup(Path("x.md"), 1, "Plain *words*, **bold**, [a](https://x.org) and `code`.", errors)
    assert errors == []


def test_the_safety_net_uses_the_extensions_of_mkdocs_yml() -> None:
    import yaml

    from sitebuild.paragraphs import MARKDOWN_EXTENSIONS

    config = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    names = [
        next(iter(entry)) if isinstance(entry, dict) else entry
        for entry in config["markdown_extensions"]
    ]
    # MkDocs itself always adds toc, tables and fenced_code; snippets is never for staff's words.
    expected = {*names, "toc", "tables", "fenced_code"} - {"pymdownx.snippets"}
    assert sorted(MARKDOWN_EXTENSIONS) == sorted(expected)


def test_a_spreadsheet_never_runs_a_cell_as_a_formula(project: WriteFiles) -> None:
    from sitebuild.render.crosslinks import Words
    from sitebuild.render.data import render_remarks_csv, render_remarks_json
    from sitebuild.validate import load_archive

    formula = '=HYPERLINK("http://evil.example/","Chief")'
    speaker = SPEAKER.replace("title: Chief", f"title: '{formula}'")
    archive, errors = load_archive(with_files(project, {SPEAKER_PATH: speaker}))
    assert errors == []
    [row] = list(csv.DictReader(io.StringIO(render_remarks_csv(Words(archive)))))
    assert row["title"] == "'" + formula
    assert json.loads(render_remarks_json(Words(archive)))[0]["title"] == formula


def test_numbering_paragraphs_leaves_code_blocks_whole(project: WriteFiles) -> None:
    speaker = SPEAKER + "\n```\ncode\n\nmore code\n```\n\nNew words.\n"
    root = with_files(project, {SPEAKER_PATH: speaker})
    assert run_cli(root, "number-paragraphs").returncode == 0
    text = (root / SPEAKER_PATH).read_text(encoding="utf-8")
    assert text.endswith("```\ncode\n\nmore code\n```\n\nNew words.\n{: #p3 }\n")
    assert problems(root) == []


MARKDOWN_THAT_HIDES_MARKUP = {
    "a note to editors over two paragraphs": (
        "<!-- note\n\n[x](javascript:alert(1))\n\n-->",
        [
            (
                16,
                "this note to editors ('<!--') runs over a blank line; end it with '-->' in the "
                "same paragraph, or notes and words after it would be mixed up",
            ),
        ],
    ),
    "a link address hidden in a code span": (
        "We said `quote\n[k]: javascript:alert(1)\nand` more.",
        [(17, f"the link 'javascript:alert(1)' is not allowed; {FIX_LINK}")],
    ),
    "a link address in a numbered quote": (
        "1. > [k]: javascript:alert(1)",
        [(16, f"the link 'javascript:alert(1)' is not allowed; {FIX_LINK}")],
    ),
    "a link address with an empty name": (
        "[]: javascript:alert(1)",
        [(16, f"the link 'javascript:alert(1)' is not allowed; {FIX_LINK}")],
    ),
    "words read as a link address": (
        "[Applause]: the audience stood.",
        [
            (
                16,
                "a line that starts with '[...]:' is read as a link address, so its words would "
                "not show; write it another way, like '(Applause)' or 'Applause:'",
            )
        ],
    ),
    "braces without a value in a cross-link's text": (
        "As [[speaker:jane-doe|*Kim*{ hidden contenteditable }]] said.",
        [(16, BRACES)],
    ),
    "a number sign at the start of a line": (
        "#1 priority for us is safety.",
        [
            (
                16,
                "this line would become a heading (a line starting with '#', or text underlined "
                "with === or ---); the page makes its own headings: write '\\#' to show a '#', "
                "or leave a blank line before a --- line",
            )
        ],
    ),
}


def test_an_e_mail_address_in_angle_brackets_is_text(project: WriteFiles) -> None:
    root = with_words(project, "Write to <chief@fresno.gov> or <https://fresno.gov/>.")
    assert problems(root) == []


def test_a_line_break_in_a_field_is_refused(project: WriteFiles) -> None:
    speaker = SPEAKER.replace(
        '"Trust Comes First"',
        '"X\\n\\n/// caption\\n    attrs:\\n      onclick: alert(1)\\n\\nPWN\\n///"',
    )
    assert problems(with_files(project, {SPEAKER_PATH: speaker})) == [
        f"{SPEAKER_PATH}:6: headline: must be on one line; join the lines (a value is plain "
        "text, not Markdown)"
    ]


def test_a_quoted_underline_does_not_make_a_heading(project: WriteFiles) -> None:
    root = with_words(project, "> Dear Chief, thanks\n> ---")
    assert [line for line in problems(root) if "heading" in line] == [
        f"{SPEAKER_PATH}:16: this line would become a heading (a line starting with '#', or "
        "text underlined with === or ---); the page makes its own headings: write '\\#' to "
        "show a '#', or leave a blank line before a --- line"
    ]


@pytest.mark.parametrize(
    "words",
    [
        "``` not a fence\n\n<script>alert(1)</script>\n\n```",
        "See `x\n# <script>alert(1)</script>\ny` here.",
        "See `x\n> <script>alert(1)</script>\ny` here.",
    ],
    ids=["fence with words after it", "code span over a heading", "code span over a quote"],
)
def test_what_markdown_does_not_treat_as_code_is_checked(project: WriteFiles, words: str) -> None:
    found = problems(with_words(project, words))
    assert any("raw HTML '<script' is not allowed" in line for line in found), found


def test_structured_data_stays_valid_json_whatever_the_words(project: WriteFiles) -> None:
    from sitebuild.render.structured import render_json_ld

    [block, _] = render_json_ld([{"text": "A `<!-- x -->` and </script> & more"}])
    payload = block.removeprefix('<script type="application/ld+json">').removesuffix("</script>")
    assert "<" not in payload
    assert json.loads(payload) == [{"text": "A `<!-- x -->` and </script> & more"}]


@pytest.mark.parametrize(
    "value",
    ["</title <><script <>alert(1)</script <>", "<img <>src=x onerror=alert(1)"],
    ids=["closing title without '>'", "image without '>'"],
)
def test_a_tag_start_without_its_end_is_refused_in_a_field(project: WriteFiles, value: str) -> None:
    speaker = SPEAKER.replace("name: Jane Doe", f'name: "{value}"')
    found = problems(with_files(project, {SPEAKER_PATH: speaker}))
    assert found[0].startswith(f"{SPEAKER_PATH}:2: name: raw HTML '<")


def test_a_hand_written_page_needs_its_own_title(project: WriteFiles) -> None:
    root = with_files(
        project, {"docs/extra.md": "# X &lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;\n"}
    )
    assert problems(root) == [
        "docs/extra.md:1: the page needs front matter with its title: a line '---', "
        "'title: ...', and another line '---'"
    ]


REFUSED_WORDS = {**RAW_HTML_IN_WORDS, **NESTED_TRICKS, **MARKDOWN_THAT_HIDES_MARKUP}


@pytest.mark.parametrize("words, expected", REFUSED_WORDS.values(), ids=list(REFUSED_WORDS))
def test_markup_in_the_words_is_refused(
    project: WriteFiles, words: str, expected: list[tuple[int, str]]
) -> None:
    found = [line for line in problems(with_words(project, words)) if NO_ID not in line]
    assert found == [
        f"{SPEAKER_PATH}:{line}: {message}" for line, message in expected if message != NO_ID
    ]


@pytest.mark.parametrize("words", ["Word &#> here.", "Code `&#x` too.", "A &#; b."])
def test_a_character_code_without_its_number_is_refused(project: WriteFiles, words: str) -> None:
    assert problems(with_words(project, words)) == [
        f"{SPEAKER_PATH}:16: '&#' starts a character's number (like &#8212;) but no number "
        "follows; write the character itself, or put a space after the '&'"
    ]


def test_a_character_code_with_its_number_is_accepted(project: WriteFiles) -> None:
    assert problems(with_words(project, "An em dash &#8212; and &#x2014; here.")) == []
