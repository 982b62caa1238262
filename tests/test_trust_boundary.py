"""Content is text: every hostile or careless input is refused with its exact message.

Each kind of input the trust-boundary issue lists (and more) gets the file, the line and the
fix; none of them reaches the built site. See ``test_durability.py`` for kills and locks.
"""

from __future__ import annotations

import csv
import io
import json
import os
from pathlib import Path

import pytest
from conftest import REPO, SESSION, SPEAKER, TOPICS, WriteFiles, run_cli

from sitebuild.config import SiteLayout
from sitebuild.errors import SourceError, sorted_errors
from sitebuild.pipeline import check

SPEAKER_PATH = "speakers/test-2014/jane-doe.md"
SESSION_PATH = "speakers/test-2014/_session.md"
FIX_HTML = (
    "write plain text, *emphasis* or **bold** in Markdown, or a cross-link like "
    "[[speaker:janee-harteau]] (a '<' followed by a space is fine)"
)
FIX_LINK = (
    "link to a web page (https://...), an e-mail address (mailto:...), or a page of the "
    "archive with a cross-link like [[session:town-hall-2014]]"
)


def problems(root: Path, strict: bool = False) -> list[str]:
    """Every error and warning ``check`` finds, as the command line prints them."""
    result = check(SiteLayout(root=root, strict=strict))
    return [str(problem) for problem in sorted_errors(result.warnings + result.errors)]


def with_files(project: WriteFiles, files: dict[str, str]) -> Path:
    return project(
        {
            "speakers/topics.yml": TOPICS,
            SESSION_PATH: SESSION,
            SPEAKER_PATH: SPEAKER,
            **files,
        }
    )


def with_words(project: WriteFiles, words: str) -> Path:
    """The test speaker with ``words`` as its second paragraph (file line 16)."""
    return with_files(
        project, {SPEAKER_PATH: SPEAKER.replace("It has to happen first.", "\n\n" + words)}
    )


NO_ID = (
    "warning: this paragraph has no identifier, so it cannot be linked to; run "
    "'python build_site.py number-paragraphs' to add one"
)
BRACES = (
    "attributes in braces are not allowed here; only the line '{: #p3 }' under a paragraph "
    "gives it its link address"
)
BLOCK = "a '///' block is not allowed in the text; write the words as paragraphs"
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


@pytest.mark.parametrize("words, expected", RAW_HTML_IN_WORDS.values(), ids=list(RAW_HTML_IN_WORDS))
def test_markup_in_the_words_is_refused(
    project: WriteFiles, words: str, expected: list[tuple[int, str]]
) -> None:
    found = problems(with_words(project, words))
    assert found == [f"{SPEAKER_PATH}:{line}: {message}" for line, message in expected]


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
        f"{SESSION_PATH}:13: raw HTML '<img' is not allowed; {FIX_HTML}",
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


BAD_ALIASES = {
    "quote breaking out of the id": (
        '"x\\" onmouseover=\\"alert(1)"',
        "aliases: 'x\" onmouseover=\"alert(1)' must use only lowercase letters, digits and "
        "single hyphens (like 'janee-harteau'); an alias is a former file or folder name",
    ),
    "parent folder": (
        "../../outside",
        "aliases: '../../outside' must use only lowercase letters, digits and single hyphens "
        "(like 'janee-harteau'); an alias is a former file or folder name",
    ),
    "absolute path": (
        "/tmp/outside",
        "aliases: '/tmp/outside' must use only lowercase letters, digits and single hyphens "
        "(like 'janee-harteau'); an alias is a former file or folder name",
    ),
    "trailing newline": (
        '"old-name\\n"',
        "aliases: 'old-name\n' must use only lowercase letters, digits and single hyphens "
        "(like 'janee-harteau'); an alias is a former file or folder name",
    ),
    "reserved name": (
        "index",
        "aliases: 'index' is a name the site uses for its own pages; an alias is a former file "
        "or folder name",
    ),
}


@pytest.mark.parametrize("alias, message", BAD_ALIASES.values(), ids=list(BAD_ALIASES))
def test_bad_aliases_are_refused(project: WriteFiles, alias: str, message: str) -> None:
    speaker = SPEAKER.replace(
        "topics: [community-trust]", f"topics: [community-trust]\naliases: [{alias}]"
    )
    assert problems(with_files(project, {SPEAKER_PATH: speaker})) == [
        f"{SPEAKER_PATH}:10: {message}"
    ]


def test_an_alias_writes_nothing_outside_the_project(project: WriteFiles, tmp_path: Path) -> None:
    speaker = SPEAKER.replace(
        "topics: [community-trust]", "topics: [community-trust]\naliases: [../../../escaped]"
    )
    root = with_files(project, {SPEAKER_PATH: speaker})
    result = run_cli(root, "build")
    assert result.returncode == 1
    assert not (tmp_path.parent / "escaped.md").exists()
    assert not list(tmp_path.parent.parent.glob("escaped*"))


PHOTO_PATHS = {
    "parent folder": "../../../etc/hostname",
    "absolute path": "/etc/hostname",
    "sub-folder": "photos/x.jpg",
}


@pytest.mark.parametrize("image", PHOTO_PATHS.values(), ids=list(PHOTO_PATHS))
def test_photo_paths_outside_the_meeting_folder_are_refused(
    project: WriteFiles, image: str
) -> None:
    speaker = SPEAKER.replace(
        "topics: [community-trust]",
        f"topics: [community-trust]\nphotos:\n  - caption: Jane Doe\n    image: {image}",
    )
    assert problems(with_files(project, {SPEAKER_PATH: speaker})) == [
        f"{SPEAKER_PATH}:12: photos.0.image: '{image}' must be the name of a file in the "
        "meeting's folder (speakers/test-2014/), without folders; put the photo there"
    ]


def test_symbolic_links_are_refused_not_followed(project: WriteFiles, tmp_path: Path) -> None:
    outside = tmp_path.parent / f"{tmp_path.name}-outside"
    outside.mkdir()
    (outside / "secret.md").write_text(SPEAKER.replace("Jane Doe", "Ann Secret"), encoding="utf-8")
    (outside / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 16)
    root = with_files(
        project,
        {
            SPEAKER_PATH: SPEAKER.replace(
                "topics: [community-trust]",
                "topics: [community-trust]\nphotos:\n  - caption: Jane Doe\n    image: photo.png",
            )
        },
    )
    folder = root / "speakers/test-2014"
    (folder / "ann-secret.md").symlink_to(outside / "secret.md")
    (folder / "photo.png").symlink_to(outside / "photo.png")
    (folder / "gone.md").symlink_to(outside / "missing.md")
    (root / "speakers/linked-2014").symlink_to(outside)
    link = "this is a symbolic link, and the build does not follow links; replace it with the "
    assert problems(root) == [
        f"speakers/linked-2014: {link}file or folder itself",
        f"speakers/test-2014/ann-secret.md: {link}file or folder itself",
        "speakers/test-2014/gone.md: this is a link to a file or folder that does not exist; "
        "remove it, or put the real file here",
        f"{SPEAKER_PATH}:12: photos.0.image: speakers/test-2014/photo.png is a symbolic link, "
        "and the build does not follow links; put the photo file itself there",
        f"speakers/test-2014/photo.png: {link}file or folder itself",
    ]


RESERVED_FOLDERS = ["speakers", "topics", "meetings", "references", "index", "agencies", "data"]


@pytest.mark.parametrize("folder", RESERVED_FOLDERS)
def test_a_meeting_folder_may_not_take_a_name_of_the_site(project: WriteFiles, folder: str) -> None:
    root = with_files(
        project, {f"speakers/{folder}/_session.md": SESSION.replace("order: 1", "order: 2")}
    )
    assert problems(root) == [
        f"speakers/{folder}: the session folder name '{folder}' is a name the site uses for its "
        "own pages; rename it"
    ]


def test_a_speaker_file_may_not_take_a_name_of_the_site(project: WriteFiles) -> None:
    other = SPEAKER.replace("Jane Doe", "Ann Other").replace("order: 1", "order: 2")
    root = with_files(
        project, {"speakers/test-2014/index.md": other, "speakers/test-2014/page-2.md": other}
    )
    assert problems(root) == [
        "speakers/test-2014/index.md: the file name 'index' is a name the site uses for its own "
        "pages; rename it",
        "speakers/test-2014/page-2.md: the file name 'page-2' is a name the site uses for its "
        "own pages; rename it",
    ]


def test_addresses_two_things_would_share_are_refused_naming_the_cause(
    project: WriteFiles,
) -> None:
    other_session = SESSION.replace("order: 1", "order: 2").replace(
        "pages: [1, 4]", "pages: [1, 4]\naliases: [test-2014]"
    )
    roe = (
        SPEAKER.replace("Jane Doe", "John Roe")
        .replace("order: 1", "order: 2")
        .replace("topics: [community-trust]", "topics: [community-trust]\naliases: [jane-doe]")
    )
    root = with_files(
        project,
        {
            "speakers/other-2014/_session.md": other_session,
            "speakers/test-2014/john-roe.md": roe,
            "docs/about.md": "# About\n",
            "speakers/about/_session.md": SESSION.replace("order: 1", "order: 3"),
        },
    )
    assert problems(root) == [
        "speakers/about/_session.md: the folder name 'about' would give this meeting's page the "
        "address /about/, but that is already the hand-written page docs/about.md; rename the "
        "folder",
        "speakers/other-2014/_session.md:12: the former name 'test-2014' in 'aliases:' would send "
        "/test-2014/ to this page, but that is already the meeting page of "
        "speakers/test-2014/_session.md; remove it from 'aliases:'",
        "speakers/test-2014/john-roe.md:10: the former name 'jane-doe' in 'aliases:' is the "
        "file name of another speaker of this meeting, so links to it would land on two "
        "remarks; remove it from 'aliases:'",
        "speakers/test-2014/john-roe.md:10: the former name 'jane-doe' in 'aliases:' would send "
        "/speakers/jane-doe/ to this page, but that is already the speaker page of "
        f"{SPEAKER_PATH}; remove it from 'aliases:'",
    ]


YAML_PROBLEMS = {
    "alias bomb": (
        'a: &a ["x", "x", "x", "x", "x", "x", "x", "x", "x"]\n'
        "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
        "c: [*b, *b, *b, *b, *b, *b, *b, *b, *b]",
        "2: '&a' names a value for repeating (a YAML anchor), which is not allowed here; remove it",
    ),
    "alias": (
        "agency: *x",
        "2: '*x' repeats another value (a YAML alias), which is not allowed here; write the "
        "value out in full",
    ),
    "tag": (
        "agency: !!str Police",
        "2: the tag 'tag:yaml.org,2002:str' is not allowed; tags like !!python/... or !!str are "
        "not allowed, write plain values",
    ),
    "deep nesting": (
        "agency: " + "[" * 20000 + "]" * 20000,
        "2: the value on this line is nested more than 4 levels deep; the fields need no more "
        "(see the editing guide for each field's form)",
    ),
    "key written twice": (
        "name: Janet Doe",
        "3: the field 'name' is written twice (first on line 2); keep one of them",
    ),
    "number of 5,000 digits": (
        "order: " + "9" * 5000,
        "2: this number has 5000 characters, too many to be a page, order or year; write a "
        "smaller number",
    ),
}


@pytest.mark.parametrize("line, message", YAML_PROBLEMS.values(), ids=list(YAML_PROBLEMS))
def test_unsafe_yaml_is_refused_before_anything_is_built(
    project: WriteFiles, line: str, message: str
) -> None:
    speaker = SPEAKER.replace("---\n", f"---\n{line}\n", 1)
    if line.startswith("order:"):
        speaker = speaker.replace("order: 1\n", "")
    assert problems(with_files(project, {SPEAKER_PATH: speaker})) == [f"{SPEAKER_PATH}:{message}"]


def test_an_unclosed_quote_is_reported_on_its_own_line(project: WriteFiles) -> None:
    speaker = SPEAKER.replace('headline: "Trust Comes First"', 'headline: "Trust Comes First')
    speaker = speaker.replace("topics: [community-trust]", 'topics: [community-trust]\nagency: "x"')
    assert problems(with_files(project, {SPEAKER_PATH: speaker})) == [
        f"{SPEAKER_PATH}:6: YAML syntax error: the quote opened on this line is not closed on "
        "it; close it (use “ ” for quotation marks inside a value)"
    ]


def test_file_system_problems_are_messages(project: WriteFiles) -> None:
    long_name = "a" * 249
    root = with_files(
        project,
        {
            f"speakers/test-2014/{long_name}.md": SPEAKER.replace("Jane Doe", "Ann Long"),
        },
    )
    (root / "speakers/published-urls.txt").write_bytes(b"/\n/caf\xe9/\n")
    (root / "speakers/test-2014/huge.md").write_bytes(b"---\n" + b"x" * 300_000)
    assert problems(root) == [
        "speakers/published-urls.txt:2: the file is not UTF-8 text (byte 0xe9); save it again as "
        "UTF-8 in your editor",
        f"speakers/test-2014/{long_name}.md: the file name '{'a' * 20}...' is 249 characters "
        "long; use at most 80; rename it",
        "speakers/test-2014/huge.md: the file is 300,004 bytes; files here may have at most "
        "262,144. Split it, or check that it is the right file",
    ]


def test_the_same_person_twice_in_one_meeting_is_refused(project: WriteFiles) -> None:
    twice = SPEAKER.replace("Jane Doe", "jane  doe").replace("order: 1", "order: 2")
    root = with_files(project, {"speakers/test-2014/jane-doe-2.md": twice})
    assert problems(root) == [
        "speakers/test-2014/jane-doe.md:2: Jane Doe already speaks at this meeting in "
        "speakers/test-2014/jane-doe-2.md; put all of one person's remarks at a meeting in one "
        "file"
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


def test_placeholders_are_warnings_and_strict_refuses_them(project: WriteFiles) -> None:
    speaker = SPEAKER.replace('"Trust Comes First"', '"TODO: the headline as printed"')
    root = with_files(project, {SPEAKER_PATH: speaker})
    message = (
        f"{SPEAKER_PATH}:6: warning: headline: 'TODO: the headline as printed' is a "
        "placeholder; write the headline as printed"
    )
    result = check(SiteLayout(root=root))
    assert result.errors == [] and [str(problem) for problem in result.warnings] == [message]
    strict = check(SiteLayout(root=root, strict=True))
    assert [str(problem) for problem in strict.errors] == [message]


def test_what_old_scaffolding_wrote_is_a_placeholder_too(project: WriteFiles) -> None:
    speaker = SPEAKER.replace('"Trust Comes First"', '"Remarks of Jane Doe"')
    session = SESSION.replace(
        "summary: A meeting made up for the tests.", "summary: Test Meeting, Chicago."
    )
    root = with_files(project, {SPEAKER_PATH: speaker, SESSION_PATH: session})
    assert problems(root, strict=True) == [
        f"{SESSION_PATH}:10: warning: summary: 'Test Meeting, Chicago.' is a placeholder; "
        "write the summary as printed",
        f"{SPEAKER_PATH}:6: warning: headline: 'Remarks of Jane Doe' is a placeholder; write "
        "the headline as printed",
    ]


def test_check_build_and_strict_build_agree(project: WriteFiles) -> None:
    root = with_words(project, "<b>bold</b>")
    messages = problems(root)
    for command in (["check"], ["build"], ["--strict", "build"]):
        result = run_cli(root, *command)
        assert result.returncode == 1
        assert [line for line in result.stderr.splitlines() if line.startswith("speakers/")] == [
            message for message in messages if "warning" not in message or "--strict" in command
        ]
        assert "Traceback" not in result.stderr
    assert not (root / "site").exists()


def test_a_published_address_is_checked_even_when_other_files_have_errors(
    project: WriteFiles,
) -> None:
    root = with_files(
        project,
        {
            "speakers/published-urls.txt": "/test-2014/\n/gone-2013/\nnot an address\n",
            "speakers/test-2014/broken.md": "no front matter\n",
        },
    )
    assert problems(root) == [
        "speakers/published-urls.txt:2: the published address '/gone-2013/' would no longer "
        "exist; if you renamed a speaker or session file, add its old name to 'aliases:' in the "
        "renamed file",
        "speakers/published-urls.txt:3: 'not an address' is not an address of this site; each "
        "line must be one address starting with '/', like /town-hall-2014/",
        "speakers/test-2014/broken.md:1: the file has no front matter; it must start with a "
        "line '---', then the fields (name: ..., title: ...), then another line '---'",
    ]


def test_a_hand_written_page_is_checked_too(project: WriteFiles) -> None:
    root = with_files(
        project,
        {
            "docs/about.md": (
                "# About\n\n<script>alert(1)</script>\n\n[x](javascript:alert(1))\n\n"
                '--8<-- "/etc/passwd"\n\nSee [[speaker:nobody]] and [[speaker:jane-doe.\n'
            )
        },
    )
    assert problems(root) == [
        "docs/about.md:3: raw HTML '</script' is not allowed; write Markdown instead",
        "docs/about.md:3: raw HTML '<script' is not allowed; write Markdown instead",
        "docs/about.md:5: the link 'javascript:alert(1' is not allowed; link to a page of the "
        "site, a web page (https://...) or an e-mail address (mailto:...)",
        'docs/about.md:7: an include must be a line of its own, --8<-- "name", naming a file '
        "the build makes: fields-photo.md, fields-reference.md, fields-session.md, "
        "fields-speaker.md, session-list.md",
        "docs/about.md:9: link [[speaker:nobody]]: unknown speaker 'nobody'; use the file name of "
        "a speaker file (without .md)",
        "docs/about.md:9: unfinished cross-link '[[speaker:jane-doe.'; write it as "
        "[[speaker:janee-harteau]] or [[speaker:janee-harteau|link text]]",
    ]


def test_unreadable_folder_is_a_message(project: WriteFiles) -> None:
    if os.geteuid() == 0:
        pytest.skip("root reads every folder")
    root = with_files(project, {"speakers/locked-2014/_session.md": SESSION})
    (root / "speakers/locked-2014").chmod(0)
    try:
        assert "speakers/locked-2014: cannot read this folder" in "\n".join(problems(root))
    finally:
        (root / "speakers/locked-2014").chmod(0o755)


NOT_PUBLISHED = (
    "which the archive does not publish; write plain words, *emphasis*, **bold**, links to "
    "https:// addresses or cross-links"
)
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


@pytest.mark.parametrize("words, expected", NESTED_TRICKS.values(), ids=list(NESTED_TRICKS))
def test_markup_hidden_in_nested_markdown_is_refused(
    project: WriteFiles, words: str, expected: list[tuple[int, str]]
) -> None:
    found = problems(with_words(project, words))
    assert found == [f"{SPEAKER_PATH}:{line}: {message}" for line, message in expected]


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

    from sitebuild.validate.markup import MARKDOWN_EXTENSIONS

    config = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    names = [
        next(iter(entry)) if isinstance(entry, dict) else entry
        for entry in config["markdown_extensions"]
    ]
    # MkDocs itself always adds toc, tables and fenced_code; snippets is never for staff's words.
    expected = {*names, "toc", "tables", "fenced_code"} - {"pymdownx.snippets"}
    assert sorted(MARKDOWN_EXTENSIONS) == sorted(expected)


YAML_TRICKS = {
    "escaped surrogate": (
        'nickname: "\\ud800"',
        "2: this line contains an invisible character (#xd800) that is not allowed; retype the "
        "line (it often comes with text pasted from Word or the web)",
    ),
    "merge key": (
        "<<: {title: Evil}",
        "2: a field name must be a plain word ('<<' merges and lists are not allowed); write "
        "each field once",
    ),
    "empty field name": (
        "~: x",
        "2: the field name '~' must be a word; write a name before the colon",
    ),
    "list left open": (
        "agency: [Police",
        "2: YAML syntax error: the list opened with '[' on this line is not closed; end it with "
        "']' on the same line",
    ),
}


@pytest.mark.parametrize("line, message", YAML_TRICKS.values(), ids=list(YAML_TRICKS))
def test_yaml_tricks_are_refused(project: WriteFiles, line: str, message: str) -> None:
    speaker = SPEAKER.replace("---\n", f"---\n{line}\n", 1)
    assert problems(with_files(project, {SPEAKER_PATH: speaker})) == [f"{SPEAKER_PATH}:{message}"]


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


def test_a_symlinked_output_folder_is_refused(project: WriteFiles, tmp_path: Path) -> None:
    root = with_files(project, {})
    outside = tmp_path.parent / f"{tmp_path.name}-build"
    outside.mkdir()
    (root / "build").symlink_to(outside)
    result = run_cli(root, "build")
    assert result.returncode == 1
    assert result.stderr == (
        "build: is a symbolic link, and the build writes only inside the project; remove the "
        "link and run the command again\n"
    )
    assert list(outside.iterdir()) == []


def test_one_file_name_is_one_person(project: WriteFiles) -> None:
    other = SESSION.replace("order: 1", "order: 2")
    stranger = SPEAKER.replace("name: Jane Doe", "name: Totally Different Person")
    root = with_files(
        project,
        {"speakers/other-2015/_session.md": other, "speakers/other-2015/jane-doe.md": stranger},
    )
    assert problems(root) == [
        "speakers/test-2014/jane-doe.md:2: the file name 'jane-doe' is Totally Different "
        "Person's (in speakers/other-2015/jane-doe.md), but this file's name is Jane Doe; if it "
        "is the same person, write the name the same way in both files; if not, rename this "
        "file (like jane-doe-2.md)"
    ]


def test_hidden_and_special_files_are_reported_not_skipped(project: WriteFiles) -> None:
    root = with_files(
        project,
        {
            "speakers/.draft-2015/_session.md": SESSION,
            "speakers/test-2014/.jane-roe.md": SPEAKER,
            "speakers/test-2014/.DS_Store": "",
            "speakers/test-2014/jane-doe.md~": SPEAKER,
        },
    )
    os.mkfifo(root / "speakers/test-2014/pipe.md")
    hidden = (
        "warning: the build does not read hidden files and folders (names starting with '.'); "
        "remove the dot if this should be published, or remove it"
    )
    assert problems(root) == [
        f"speakers/.draft-2015: {hidden}",
        f"speakers/test-2014/.jane-roe.md: {hidden}",
        "speakers/test-2014/pipe.md: this is not a regular file (a pipe or a device); remove it",
    ]


def test_a_topic_named_twice_is_refused(project: WriteFiles) -> None:
    speaker = SPEAKER.replace(
        "topics: [community-trust]", "topics: [community-trust, community-trust]"
    )
    assert problems(with_files(project, {SPEAKER_PATH: speaker})) == [
        f"{SPEAKER_PATH}:9: topics: names 'community-trust' twice; keep one"
    ]


def test_scaffolding_refuses_line_breaks(small_site: Path) -> None:
    result = run_cli(
        small_site,
        "new-session",
        "x-2015",
        "--title",
        "A\nB",
        "--date",
        "2015-01-01",
        "--place",
        "X",
    )
    assert (result.returncode, result.stderr) == (
        1,
        "build_site.py new-session: 'A\\nB' contains a line break or an invisible character; "
        "type it on one line\n",
    )
    assert not (small_site / "speakers/x-2015").exists()


def test_numbering_paragraphs_leaves_code_blocks_whole(project: WriteFiles) -> None:
    speaker = SPEAKER + "\n```\ncode\n\nmore code\n```\n\nNew words.\n"
    root = with_files(project, {SPEAKER_PATH: speaker})
    assert run_cli(root, "number-paragraphs").returncode == 0
    text = (root / SPEAKER_PATH).read_text(encoding="utf-8")
    assert text.endswith("```\ncode\n\nmore code\n```\n\nNew words.\n{: #p3 }\n")
    assert problems(root) == []


def test_a_comment_a_browser_would_end_early_is_refused_in_a_hand_written_page(
    project: WriteFiles,
) -> None:
    root = with_files(
        project, {"docs/about.md": "# About\n\n<!-- a --!><script>alert(1)</script> -->\n"}
    )
    assert problems(root) == [
        "docs/about.md:3: raw HTML '<!--' is not allowed; write Markdown instead",
        "docs/about.md:3: raw HTML '</script' is not allowed; write Markdown instead",
        "docs/about.md:3: raw HTML '<script' is not allowed; write Markdown instead",
    ]


@pytest.mark.parametrize("link", ["build", "build/docs", "build/snippets", "site"])
def test_an_output_folder_linked_elsewhere_loses_nothing_there(
    project: WriteFiles, tmp_path: Path, link: str
) -> None:
    root = with_files(project, {})
    outside = tmp_path.parent / f"{tmp_path.name}-outside"
    outside.mkdir()
    (outside / "precious.txt").write_text("keep me", encoding="utf-8")
    (root / link).parent.mkdir(parents=True, exist_ok=True)
    (root / link).symlink_to(outside)
    result = run_cli(root, "build")
    assert result.returncode == 1
    assert result.stderr.startswith(f"{link}: is a symbolic link")
    assert sorted(path.name for path in outside.iterdir()) == ["precious.txt"]


def test_the_folder_a_build_cleans_is_checked_where_it_deletes(tmp_path: Path) -> None:
    from sitebuild.site import sync_folder

    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "precious.txt").write_text("keep me", encoding="utf-8")
    (tmp_path / "linked").symlink_to(outside)
    with pytest.raises(OSError, match="symbolic link"):
        sync_folder(tmp_path / "linked" / ".", {})
    with pytest.raises(OSError, match="symbolic link"):
        sync_folder(tmp_path / "linked", {})
    assert (outside / "precious.txt").read_text(encoding="utf-8") == "keep me"


SECOND_ROUND = {
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


@pytest.mark.parametrize("words, expected", SECOND_ROUND.values(), ids=list(SECOND_ROUND))
def test_second_review_findings_are_refused(
    project: WriteFiles, words: str, expected: list[tuple[int, str]]
) -> None:
    found = [line for line in problems(with_words(project, words)) if NO_ID not in line]
    assert found == [f"{SPEAKER_PATH}:{line}: {message}" for line, message in expected]


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


def test_the_built_page_check_finds_what_parts_of_a_page_make_together() -> None:
    from sitebuild.validate.markup import CONTENT_START, check_page

    # A link in one remark and its address in another make a link only on the whole page.
    page = (
        f'<nav class="md-nav"><script>theme();</script></nav>{CONTENT_START} md-typeset">'
        '<article class="remark"><p>See <a href="javascript:alert(1)">it</a>.</p></article>'
        "</article>"
    )
    sources = [
        (Path("speakers/a.md"), "---\nname: A\n---\nSee [it][k].\n"),
        (Path("speakers/b.md"), "---\nname: B\n---\nFine.\n[k]: javascript:alert(1)\n"),
    ]
    assert [str(error) for error in check_page("/x/", page, sources, Path("x"))] == [
        "speakers/b.md:5: the page /x/ would contain a link to 'javascript:alert(1)' on <a>, "
        f"{NOT_PUBLISHED}"
    ]
    fine = page.replace("javascript:alert(1)", "https://example.org/")
    assert check_page("/x/", fine, sources, Path("x")) == []


def test_a_build_whose_pages_hold_foreign_markup_is_not_published(small_site: Path) -> None:
    from sitebuild.config import SiteLayout as Layout
    from sitebuild.pipeline import inspect_site

    assert run_cli(small_site, "build").returncode == 0
    result = check(Layout(root=small_site))
    assert result.registry is not None
    assert inspect_site(Layout(root=small_site), result.registry, small_site / "site") == []
    page = small_site / "site/test-2014/index.html"
    head, content = page.read_text(encoding="utf-8").split('<article class="md-content', 1)
    changed = content.replace("<p>", '<p onclick="alert(1)">', 1)
    page.write_text(f'{head}<article class="md-content{changed}', encoding="utf-8")
    found = inspect_site(Layout(root=small_site), result.registry, small_site / "site")
    assert [error.message for error in found] == [
        "the page /test-2014/ would contain the attribute 'onclick' on <p>, which the archive "
        "does not publish; write plain words, *emphasis*, **bold**, links to https:// addresses "
        "or cross-links"
    ]


def test_hand_written_pages_get_the_page_check_and_may_hold_only_safe_files(
    project: WriteFiles,
) -> None:
    root = with_files(
        project,
        {
            "docs/about.md": (
                '# About\n\nSome text.\n{ onclick="alert(1)" }\n\n[x][k]\n\n'
                "[k]: javascript:alert(1)\n\n[Missing](missing.md)\n"
            ),
            "docs/evil.html": "<script>alert(1)</script>",
            "docs/x.svg": "<svg onload='alert(1)'/>",
        },
    )
    only_safe_files = (
        "files are not published from docs/ (they could run in a reader's browser); use one "
        "of: .css, .gif, .jpeg, .jpg, .js, .md, .png, .webp"
    )
    assert problems(root) == [
        "docs/about.md:4: attributes in braces are not allowed in a page; write Markdown instead",
        "docs/about.md:8: the link 'javascript:alert(1)' is not allowed; link to a page of the "
        "site, a web page (https://...) or an e-mail address (mailto:...)",
        "docs/about.md:10: the link 'missing.md' leads to no page of the site; correct it, or "
        "use a cross-link like [[session:town-hall-2014]]",
        f"docs/evil.html: '.html' {only_safe_files}",
        f"docs/x.svg: '.svg' {only_safe_files}",
    ]
    result = run_cli(root, "build")
    assert result.returncode == 1 and not (root / "site").exists()


def test_a_hand_written_page_sets_only_a_plain_title_and_description(
    project: WriteFiles,
) -> None:
    root = with_files(
        project,
        {
            "docs/about.md": (
                "---\n"
                'title: "About \\x3cimg src=x onerror=alert(1)\\x3e"\n'
                "description: 'x\" onmouseover=\"alert(1)'\n"
                'redirect_to: "javascript:alert(1)"\n'
                "template: 404.html\n"
                "---\n# About\n"
            ),
            "docs/stylesheets/extra.css": "@import url('https://evil.example/x.css');\n",
        },
    )
    assert problems(root) == [
        "docs/about.md:2: title: raw HTML '<img' is not allowed; write plain text",
        "docs/about.md:4: the field 'redirect_to' is not allowed in a page's front matter; use "
        "only: title, description",
        "docs/about.md:5: the field 'template' is not allowed in a page's front matter; use "
        "only: title, description",
        "docs/stylesheets/extra.css:1: a stylesheet may not load anything (@import or a url() "
        "with an address); put the file in docs/ and use a relative url()",
    ]


def test_a_description_is_escaped_where_the_theme_prints_it(small_site: Path) -> None:
    about = small_site / "docs/about.md"
    about.write_text(
        "---\ntitle: About\ndescription: 'Q&A \"quoted\" here'\n---\n# About\n", encoding="utf-8"
    )
    assert run_cli(small_site, "build").returncode == 0
    html = (small_site / "site/about/index.html").read_text(encoding="utf-8")
    assert 'content="Q&amp;A &quot;quoted&quot; here"' in html


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
    "page",
    [
        '---\ntitle: About\n  ---\nredirect_to: "javascript:alert(1)"\n--- \n# About\n',
        "\ufeff---\ntitle: 'About\" onclick=\"alert(1)'\n--- \n# About\n\nThanks\n\n---\n\nBye\n",
    ],
    ids=["closing line the theme reads differently", "byte-order mark and quotes"],
)
def test_a_page_front_matter_reaches_the_theme_only_as_checked(small_site: Path, page: str) -> None:
    (small_site / "docs/about.md").write_text(page, encoding="utf-8")
    result = run_cli(small_site, "build")
    assert "Traceback" not in result.stderr
    if result.returncode == 0:
        html = (small_site / "site/about/index.html").read_text(encoding="utf-8")
        assert 'http-equiv="refresh"' not in html and "location.replace" not in html
        assert 'onclick="alert' not in html


def test_the_head_of_a_built_page_is_checked_too() -> None:
    from sitebuild.validate.markup import CONTENT_START, check_page

    head = (
        '<html><head><meta name="description" content="d" onmouseover="alert(2)">'
        '<meta http-equiv="refresh" content="0; url=https://evil.example/">'
        f'</head><body>{CONTENT_START}"><p>Fine.</p></article></body></html>'
    )
    assert [error.message for error in check_page("/x/", head, [], Path("docs/x.md"))] == [
        f"the page /x/ would contain the attribute 'onmouseover' on <meta> in its head, "
        f"{NOT_PUBLISHED}",
        f"the page /x/ would contain a redirect to 'https://evil.example/', {NOT_PUBLISHED}",
    ]
