"""Each kind of bad input gives its exact message, with file and line, and nothing is skipped."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import SESSION, SPEAKER, TOPICS, WriteFiles

from sitebuild.validate import load_archive

SPEAKER_PATH = "speakers/test-2014/jane-doe.md"


def messages(root: Path) -> list[str]:
    """Every error for the project at ``root``, formatted and sorted as the CLI prints them."""
    _, errors = load_archive(root)
    return [str(error) for error in sorted(errors)]


def with_speaker(project: WriteFiles, speaker: str) -> Path:
    return project(
        {
            "speakers/topics.yml": TOPICS,
            "speakers/test-2014/_session.md": SESSION,
            SPEAKER_PATH: speaker,
        }
    )


def test_valid_project_has_no_errors(small_site: Path) -> None:
    archive, errors = load_archive(small_site)
    assert errors == []
    assert [remark.name for remark in archive.remarks] == ["Jane Doe"]
    remark = archive.remarks[0]
    assert (remark.session, remark.order, remark.pages, remark.topics) == (
        "test-2014",
        1,
        (1,),
        ("community-trust",),
    )


BAD_SPEAKERS = {
    "no front matter": (
        "We build trust.\n",
        [
            f"{SPEAKER_PATH}:1: the file has no front matter; it must start with a line '---', "
            "then the fields (name: ..., title: ...), then another line '---'"
        ],
    ),
    "front matter not closed": (
        SPEAKER.replace("---\nWe build", "We build"),
        [
            f"{SPEAKER_PATH}:1: the front matter is not closed; add a line '---' after the "
            "last field"
        ],
    ),
    "yaml syntax": (
        SPEAKER.replace('headline: "Trust Comes First"', 'headline: "Trust Comes First'),
        [
            f"{SPEAKER_PATH}:6: YAML syntax error, column 11: while scanning a quoted scalar, "
            "found unexpected end of stream; close the quote on this line",
        ],
    ),
    "tab indent": (
        SPEAKER.replace("topics: [community-trust]", "topics:\n\t- community-trust"),
        [
            f"{SPEAKER_PATH}:10: a tab is used to indent; YAML needs spaces, so replace the tab "
            "with spaces"
        ],
    ),
    "python object tag": (
        SPEAKER.replace("order: 1", "order: !!python/object/apply:os.system ['echo hi']"),
        [
            f"{SPEAKER_PATH}:7: the tag 'tag:yaml.org,2002:python/object/apply:os.system' is "
            "not allowed; tags like !!python/... or !!str are not allowed, write plain values"
        ],
    ),
    "unknown field with suggestion": (
        SPEAKER.replace("name: Jane Doe", "nme: Jane Doe"),
        [f"{SPEAKER_PATH}:2: unknown field 'nme'; did you mean 'name'?"],
    ),
    "unknown field without suggestion": (
        SPEAKER.replace("order: 1", "order: 1\nfavourite_colour: blue"),
        [
            f"{SPEAKER_PATH}:8: unknown field 'favourite_colour'; the fields allowed are: name, "
            "title, agency, byline, headline, order, pages, topics, photos, aliases"
        ],
    ),
    "missing required field": (
        SPEAKER.replace('headline: "Trust Comes First"\n', ""),
        [
            f"{SPEAKER_PATH}:2: missing required field 'headline'; add a line like: "
            'headline: "We Need to Show Officers that ..."'
        ],
    ),
    "wrong type: text for a number": (
        SPEAKER.replace("order: 1", "order: first"),
        [
            f"{SPEAKER_PATH}:7: order: must be a whole number of at least 1, but it is "
            "text ('first')"
        ],
    ),
    "wrong type: number for text": (
        SPEAKER.replace("title: Chief", "title: 42"),
        [
            f"{SPEAKER_PATH}:3: title: must be text, but it is a number (42); put the value in "
            "double quotes"
        ],
    ),
    "empty value": (
        SPEAKER.replace("title: Chief", "title:"),
        [f"{SPEAKER_PATH}:3: title: is empty; write the value after the colon"],
    ),
    "pages not a list": (
        SPEAKER.replace("pages: [1]", "pages: one"),
        [
            f"{SPEAKER_PATH}:8: pages: must be a list of page numbers like [1, 4], but it is "
            "text ('one')"
        ],
    ),
    "empty remark": (
        SPEAKER.split("---\nWe build")[0] + "---\n\n",
        [
            f"{SPEAKER_PATH}:10: the remarks are empty; write the speaker's words below the "
            "closing '---'"
        ],
    ),
    "unknown topic": (
        SPEAKER.replace("topics: [community-trust]", "topics:\n  - leadership\n  - comunity-trust"),
        [
            f"{SPEAKER_PATH}:11: topics: unknown topic 'comunity-trust'; did you mean "
            "'community-trust'? use one listed in speakers/topics.yml or add it there"
        ],
    ),
    "photo of unknown person": (
        SPEAKER.replace(
            "topics: [community-trust]",
            'topics: [community-trust]\nphotos:\n  - caption: "Chief Jane Doe."\n'
            "    people: [jane-doe, john-roe]",
        ),
        [
            f"{SPEAKER_PATH}:11: photos: unknown person 'john-roe'; use the file name of a "
            "speaker file (without .md)"
        ],
    ),
    "unquoted colon in a value": (
        SPEAKER.replace('headline: "Trust Comes First"', "headline: Trust: It Comes First"),
        [
            f"{SPEAKER_PATH}:6: YAML syntax error, column 16: mapping values are not allowed "
            "here; a value contains ': ', or the line is indented; put the whole value in double "
            "quotes and start the field at the beginning of the line"
        ],
    ),
    "text after a closing quote": (
        SPEAKER.replace('byline: "Testville Chief Jane Doe"', 'byline: "Testville" Chief Jane Doe'),
        [
            f"{SPEAKER_PATH}:5: YAML syntax error, column 21: expected <block end>, but found "
            "'<scalar>'; there is text after a closing quote, or a quote is not closed; check "
            "the quotes on this line and the line above (use “ ” inside a quoted value)"
        ],
    ),
    "misspelled paragraph style": (
        SPEAKER.replace("{: #p2 }", "{: #p2 .dialog-turn }"),
        [
            f"{SPEAKER_PATH}:14: unknown paragraph style '.dialog-turn'; "
            "did you mean '.dialogue-turn'?"
        ],
    ),
    "duplicate paragraph identifier": (
        SPEAKER.replace("{: #p2 }", "{: #p1 }"),
        [
            f"{SPEAKER_PATH}:14: paragraph identifier '#p1' is already used on line 11; run "
            "'.venv/bin/python build_site.py number-paragraphs' after removing one of them"
        ],
    ),
    "photo placed after a paragraph that does not exist": (
        SPEAKER.replace(
            "topics: [community-trust]",
            'topics: [community-trust]\nphotos:\n  - caption: "Chief Jane Doe."\n'
            "    after_paragraph: 5",
        ),
        [
            f"{SPEAKER_PATH}:12: photos.0.after_paragraph: 5 is more than the 2 paragraphs of "
            "the remarks; leave it out to place the photo at the end"
        ],
    ),
    "photo file that is missing": (
        SPEAKER.replace(
            "topics: [community-trust]",
            'topics: [community-trust]\nphotos:\n  - caption: "Chief Jane Doe."\n'
            "    image: jane.jpg",
        ),
        [
            f"{SPEAKER_PATH}:12: photos.0.image: there is no file speakers/test-2014/jane.jpg; "
            "put the photo there or correct the name"
        ],
    ),
    "person in photo not named in caption": (
        SPEAKER.replace(
            "topics: [community-trust]",
            'topics: [community-trust]\nphotos:\n  - caption: "Chief Janet Dole."\n'
            "    people: [jane-doe]",
        ),
        [
            f"{SPEAKER_PATH}:11: photos: 'jane-doe' is listed in people but their name is not "
            "in the caption; check the spelling or the list"
        ],
    ),
    "unknown source cited": (
        SPEAKER.replace("before the crisis.", "before the crisis[@nobody-2020]."),
        [
            f"{SPEAKER_PATH}:11: unknown source '[@nobody-2020]'; use a key from "
            "speakers/references.yml or add the source there"
        ],
    ),
    "cross-link to an unknown speaker": (
        SPEAKER.replace("It has to happen first.", "As [[speaker:john-roe]] said."),
        [
            f"{SPEAKER_PATH}:14: link [[speaker:john-roe]]: unknown speaker 'john-roe'; use the "
            "file name of a speaker file (without .md)"
        ],
    ),
    "cross-link to a missing paragraph": (
        SPEAKER.replace("It has to happen first.", "See [[remark:test-2014/jane-doe#p9]]."),
        [
            f"{SPEAKER_PATH}:14: link [[remark:test-2014/jane-doe#p9]]: remark "
            "'test-2014/jane-doe' has no paragraph '#p9'"
        ],
    ),
    "invisible control character": (
        SPEAKER.replace("title: Chief", "title: Chi\x08ef"),
        [
            f"{SPEAKER_PATH}:3: this line contains an invisible character (#x0008) that is not "
            "allowed; retype the line (it often comes with text pasted from Word or the web)"
        ],
    ),
    "photo with unknown field": (
        SPEAKER.replace(
            "topics: [community-trust]",
            'topics: [community-trust]\nphotos:\n  - caption: "Chief Jane Doe."\n'
            "    after_paragrap: 1",
        ),
        [
            f"{SPEAKER_PATH}:12: unknown field 'after_paragrap' in photos.0; did you mean "
            "'after_paragraph'?"
        ],
    ),
    "footnote without note": (
        SPEAKER + "\nAs the study[^7] found.\n{: #p3 }\n",
        [
            f"{SPEAKER_PATH}:17: footnote [^7] has no note; add a line '[^7]: ...' at the end "
            "of the file"
        ],
    ),
    "note without footnote": (
        SPEAKER + "\nAs the study found.\n{: #p3 }\n\n[^7]: A study.\n",
        [
            f"{SPEAKER_PATH}:20: footnote [^7] has a note, but no text in this session refers "
            "to it; put [^7] where it belongs, or remove the note"
        ],
    ),
}


@pytest.mark.parametrize("speaker, expected", BAD_SPEAKERS.values(), ids=BAD_SPEAKERS.keys())
def test_bad_speaker_file(project: WriteFiles, speaker: str, expected: list[str]) -> None:
    assert messages(with_speaker(project, speaker)) == expected


def test_file_that_is_not_utf8(project: WriteFiles) -> None:
    root = with_speaker(project, SPEAKER)
    path = root / SPEAKER_PATH
    path.write_bytes(SPEAKER.replace("Jane Doe", "Jan\xe9 Doe").encode("latin-1"))
    assert messages(root) == [
        f"{SPEAKER_PATH}:2: the file is not UTF-8 text (byte 0xe9); save it again as UTF-8 in "
        "your editor"
    ]


def test_byte_order_mark_and_windows_line_endings_are_accepted(project: WriteFiles) -> None:
    root = with_speaker(project, SPEAKER)
    (root / SPEAKER_PATH).write_bytes(b"\xef\xbb\xbf" + SPEAKER.replace("\n", "\r\n").encode())
    archive, errors = load_archive(root)
    assert errors == []
    assert archive.remarks[0].body == (
        "We build trust before the crisis.\n{: #p1 }\n\nIt has to happen first.\n{: #p2 }"
    )


def test_duplicate_order_in_a_session(project: WriteFiles) -> None:
    root = project(
        {
            "speakers/topics.yml": TOPICS,
            "speakers/test-2014/_session.md": SESSION,
            "speakers/test-2014/jane-doe.md": SPEAKER,
            "speakers/test-2014/john-roe.md": SPEAKER.replace("Jane Doe", "John Roe"),
        }
    )
    assert messages(root) == [
        "speakers/test-2014/john-roe.md:7: order: 1 is already used by "
        "speakers/test-2014/jane-doe.md; each speaker in a session needs a different order"
    ]


def test_speaker_without_session_file(project: WriteFiles) -> None:
    root = project({"speakers/topics.yml": TOPICS, "speakers/lost-2015/jane-doe.md": SPEAKER})
    assert messages(root) == [
        "speakers/lost-2015/jane-doe.md: there is no session file "
        "speakers/lost-2015/_session.md for this speaker file; create it (see the editing guide)"
    ]


def test_file_outside_a_session_folder(project: WriteFiles) -> None:
    root = project({"speakers/topics.yml": TOPICS, "speakers/jane-doe.md": SPEAKER})
    assert messages(root) == [
        "speakers/jane-doe.md: files belong in a session folder: speakers/<session-slug>/<file>.md"
    ]


def test_file_name_that_is_not_a_slug(project: WriteFiles) -> None:
    root = project(
        {
            "speakers/topics.yml": TOPICS,
            "speakers/test-2014/_session.md": SESSION,
            "speakers/test-2014/Jane Doe.md": SPEAKER,
        }
    )
    assert messages(root) == [
        "speakers/test-2014/Jane Doe.md: the file name 'Jane Doe' must use only lowercase "
        "letters, digits and single hyphens (like 'janee-harteau'); rename it"
    ]


@pytest.mark.parametrize(
    "change, expected",
    [
        (
            ("start: 2014-09-16", "start: September 16"),
            "speakers/test-2014/_session.md:7: start: must be a date written YYYY-MM-DD "
            "(like 2014-09-16), but it is text ('September 16')",
        ),
        (
            ("end: 2014-09-17", "end: 2014-09-15"),
            "speakers/test-2014/_session.md:8: end: 2014-09-15 is before start 2014-09-16",
        ),
        (
            ("theme: conference", "theme: party"),
            "speakers/test-2014/_session.md:5: theme: must be one of conference, town-hall, "
            "ceremony, but it is text ('party')",
        ),
        (
            ("An introduction with a note[^1].", "A note[^1] and another[^2]."),
            "speakers/test-2014/_session.md:14: footnote [^2] has no note; add a line "
            "'[^2]: ...' at the end of the file",
        ),
        (
            ("start: 2014-09-16", "start: 2014-09-31"),
            "speakers/test-2014/_session.md:7: this date does not exist (day is out of range for "
            "month); write YYYY-MM-DD",
        ),
    ],
    ids=["date", "end before start", "theme", "footnote", "impossible date"],
)
def test_bad_session_file(project: WriteFiles, change: tuple[str, str], expected: str) -> None:
    root = project(
        {
            "speakers/topics.yml": TOPICS,
            "speakers/test-2014/_session.md": SESSION.replace(*change),
        }
    )
    assert messages(root) == [expected]


def test_every_problem_in_every_file_is_reported_in_one_run(project: WriteFiles) -> None:
    root = project(
        {
            "speakers/topics.yml": TOPICS,
            "speakers/test-2014/_session.md": SESSION.replace("place: Chicago\n", ""),
            "speakers/test-2014/jane-doe.md": SPEAKER.replace("order: 1", "order: 0"),
            "speakers/test-2014/john-roe.md": SPEAKER.replace(
                "topics: [community-trust]", "topics: [x]"
            ),
        }
    )
    assert messages(root) == [
        "speakers/test-2014/_session.md:2: missing required field 'place'; add a line like: "
        "place: Chicago",
        "speakers/test-2014/jane-doe.md:7: order: must be a whole number of at least 1, but it "
        "is a number (0)",
        "speakers/test-2014/john-roe.md:9: topics: unknown topic 'x'; use one listed in "
        "speakers/topics.yml or add it there",
    ]


def test_missing_topic_list(project: WriteFiles) -> None:
    root = project({"speakers/test-2014/_session.md": SESSION})
    assert messages(root) == [
        "speakers/topics.yml: the topic list is missing; create it with lines 'key: Label'"
    ]


def test_one_bad_file_does_not_cause_errors_in_others(project: WriteFiles) -> None:
    photo = 'photos:\n  - caption: "Jane Doe and John Roe."\n    people: [jane-doe, john-roe]\n'
    root = project(
        {
            "speakers/topics.yml": TOPICS,
            "speakers/test-2014/_session.md": SESSION,
            "speakers/test-2014/jane-doe.md": SPEAKER.replace("order: 1\n", "order: 1\n" + photo),
            "speakers/test-2014/john-roe.md": SPEAKER.replace("order: 1", "order: two"),
        }
    )
    assert messages(root) == [
        "speakers/test-2014/john-roe.md:7: order: must be a whole number of at least 1, but it "
        "is text ('two')"
    ]


def test_file_the_build_would_not_read(project: WriteFiles) -> None:
    root = with_speaker(project, SPEAKER)
    (root / "speakers/test-2014/john-roe.md.txt").write_text(SPEAKER, encoding="utf-8")
    assert messages(root) == [
        "speakers/test-2014/john-roe.md.txt: the build does not read this file: speaker and "
        "session files must end in '.md' (rename it to john-roe.md if it is one)"
    ]


def test_unused_photo_is_a_warning(project: WriteFiles) -> None:
    root = with_speaker(project, SPEAKER)
    (root / "speakers/test-2014/unused.png").write_bytes(b"\x89PNG")
    assert messages(root) == [
        "speakers/test-2014/unused.png: warning: this photo is not used by any speaker file; "
        "name it in a photo's 'image:' field, or remove it"
    ]


def test_bad_entries_in_the_topic_and_reference_lists(project: WriteFiles) -> None:
    root = project(
        {
            "speakers/topics.yml": TOPICS + "Use Of Force: Use of force\nempty:\n",
            "speakers/references.yml": (
                'doe-2014:\n  authors: ["Doe, J."]\n  year: 2014\n  publication: Journal\n'
                "  url: http://example.org\nsmith:\n  title: A study\n  publication: J\n"
                "  url: http://example.org\n  pages: 3\n"
            ),
            "speakers/test-2014/_session.md": SESSION,
        }
    )
    assert messages(root) == [
        "speakers/references.yml:1: missing required field 'title' in doe-2014; add a line "
        'like: title: "Increased death rates of ..."',
        "speakers/references.yml:10: unknown field 'pages' in smith; the fields allowed are: "
        "authors, year, title, publication, url, doi, note",
        "speakers/topics.yml:3: topic key 'Use Of Force' must use only lowercase letters, "
        "digits and single hyphens (like 'janee-harteau')",
        "speakers/topics.yml:4: topic 'empty' needs a label: empty: Some Label",
    ]
