"""OCR slips: each kind warns at its file line with its correction; notes keep what print says."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import REPO, SESSION, SPEAKER, TOPICS, WriteFiles, copy_real_archive, run_cli

from sitebuild.config import SiteLayout
from sitebuild.load.documents import DocumentCache
from sitebuild.pipeline import check
from sitebuild.validate import load_archive

SPEAKER_PATH = "speakers/test-2014/jane-doe.md"
CORRECTIONS = "speakers/ocr-corrections.yml"
FRONT = SPEAKER.split("---\n", 2)[1]
FIRST_LINE = FRONT.count("\n") + 3
"""The file line of the first line of the words."""


def write(project: WriteFiles, words: str, front: str = FRONT, **files: str) -> Path:
    """A project whose speaker says ``words``, with the archive's own corrections file."""
    root = project(
        {
            "speakers/topics.yml": TOPICS,
            "speakers/test-2014/_session.md": SESSION,
            SPEAKER_PATH: f"---\n{front}---\n{words}",
            **{name.replace("__", "/"): text for name, text in files.items()},
        }
    )
    if CORRECTIONS not in {name.replace("__", "/") for name in files}:
        shutil.copy(REPO / CORRECTIONS, root / CORRECTIONS)
    return root


def problems(root: Path) -> list[str]:
    """Every problem of the project, as the command prints it (paragraphs need no identifier)."""
    _, errors = load_archive(root)
    return [str(error) for error in sorted(errors) if "has no identifier" not in error.message]


def slip(line: int, suspect: str, correction: str, path: str = SPEAKER_PATH) -> str:
    """The warning for ``suspect`` in the words at file line ``line``."""
    return (
        f"{path}:{line}: warning: '{suspect}' looks like an OCR slip for {correction}; correct "
        f"it, or if the printed newsletter really says '{suspect}', add the note "
        f"<!-- as printed: {suspect} --> to that paragraph"
    )


def field_slip(line: int, label: str, suspect: str, correction: str) -> str:
    """The warning for ``suspect`` in a front-matter field."""
    return (
        f"{SPEAKER_PATH}:{line}: warning: {label}: '{suspect}' looks like an OCR slip for "
        f"{correction}; correct it, or if the printed newsletter really says '{suspect}', add "
        f"the note <!-- as printed throughout: {suspect} --> to the file's words"
    )


@pytest.mark.parametrize(
    "suspect, correction",
    [
        ("7oz", "not"),
        ("litde", "little"),
        ("fime", "time"),
        ("PEREF", "PERF"),
        ("dont", "don’t"),
        ("Dont", "Don’t"),
        ("youd", "you’d"),
        ("doesnt", "doesn’t"),
    ],
)
def test_each_known_slip_warns_at_its_line(
    project: WriteFiles, suspect: str, correction: str
) -> None:
    words = f"We build trust.\n{{: #p1 }}\n\nIt is {suspect} so,\nreally.\n{{: #p2 }}\n"
    root = write(project, words)
    assert problems(root) == [slip(FIRST_LINE + 3, suspect, f"'{correction}'")]


def test_a_word_split_by_a_line_end_hyphen(project: WriteFiles) -> None:
    words = (
        "We had to man- age the crowd.\n\n"
        "They were well-\nknown to us.\n\n"
        "First- and second-line supervisors made short- or long-term plans for two- to "
        "three-year terms; the African-American community, self-defense.\n"
    )
    root = write(project, words)
    assert problems(root) == [
        slip(FIRST_LINE, "man- age", "'manage' (or 'man-age' if the hyphen is part of the word)"),
        slip(
            FIRST_LINE + 2,
            "well- known",
            "'wellknown' (or 'well-known' if the hyphen is part of the word)",
        ),
    ]


def test_a_bar_for_the_word_i(project: WriteFiles) -> None:
    words = (
        "| think that is right.\nAnd the way |’m raised, too.\n\n"
        "| Year | What we did |\n| --- | --- |\n| 2014 | think again |\n"
    )
    root = write(project, words)
    assert problems(root) == [
        slip(FIRST_LINE, "|", "'I'"),
        slip(FIRST_LINE + 1, "|", "'I'"),
    ]


def test_t0_and_70_among_capitals(project: WriteFiles) -> None:
    front = FRONT.replace('headline: "Trust Comes First"', 'headline: "BACK T0 BASICS"')
    words = "LEFT 70 RIGHT: the chiefs.\n\nIn 1970 we had 70 officers, and T0 is a name.\n"
    root = write(project, words, front)
    assert problems(root) == [
        field_slip(6, "headline", "T0", "'TO'"),
        slip(FIRST_LINE, "70", "'TO'"),
    ]


def test_a_caption_is_checked_at_its_line(project: WriteFiles) -> None:
    front = FRONT + 'photos:\n  - caption: "LEFT T0 RIGHT: Jane Doe"\n    people: [jane-doe]\n'
    root = write(project, "We build trust.\n", front)
    assert problems(root) == [field_slip(11, "photos.0.caption", "T0", "'TO'")]


def test_an_issue_file_is_checked_too(project: WriteFiles) -> None:
    issue = "speakers/issues/test-issue.md"
    text = "---\nnewsletter: PEREF Newsletter\ndate: 2014-10\n---\nA litde note.\n"
    root = write(project, "We build trust.\n")
    (root / issue).write_text(text, encoding="utf-8")
    assert problems(root) == [
        f"{issue}:2: warning: newsletter: 'PEREF' looks like an OCR slip for 'PERF'; correct it, "
        "or if the printed newsletter really says 'PEREF', add the note <!-- as printed "
        "throughout: PEREF --> to the file's words",
        slip(5, "litde", "'little'", issue),
    ]


def test_a_digit_inside_a_word(project: WriteFiles) -> None:
    words = (
        "I l1ke it. We need help, and he1p is near. 0nly then.\n\n"
        "In the 1990s the 3rd shift worked 24/7 at 5mph with COVID-19, H1N1 and 9mm rounds.\n"
    )
    root = write(project, words)
    assert problems(root) == [
        slip(FIRST_LINE, "0nly", "'only'"),
        slip(FIRST_LINE, "he1p", "'help'"),
        slip(FIRST_LINE, "l1ke", "'like'"),
    ]


def test_a_digit_one_is_read_as_the_likelier_letter(project: WriteFiles) -> None:
    """Without the word elsewhere in the file, a 1 beside a vowel or a 1 is an l, else an i."""
    root = write(project, "We 1ike it, a1so the c1ty and the po1ice, fu11y.\n")
    assert problems(root) == [
        slip(FIRST_LINE, word, f"'{likely}'")
        for word, likely in sorted(
            [("1ike", "like"), ("a1so", "also"), ("c1ty", "city"), ("po1ice", "police"),
             ("fu11y", "fully")]
        )
    ]  # fmt: skip


def test_code_addresses_and_notes_are_not_words(project: WriteFiles) -> None:
    words = (
        "Type `litde 7oz` as shown.\n\n"
        "```\nlitde man- age | think\n```\n\n"
        "Read [a litde report](https://example.org/litde-7oz/l1ke) or <https://example.org/fime>, "
        "or write to <chief@l1ke.example.org>.\n\n"
        "A note <!-- litde, dont, man- age --> is for editors.\n"
    )
    root = write(project, words)
    assert problems(root) == [slip(FIRST_LINE + 6, "litde", "'little'")]


def test_a_note_keeps_a_word_as_printed_in_its_paragraph_only(project: WriteFiles) -> None:
    words = (
        "It was a litde late and we dont know. <!-- as printed: litde -->\n\n"
        "<!-- as printed: 7oz, man- age -->\n"
        "Not 7oz, but we man- age a litde.\n\n"
        "And a litde more.\n\n"
        "<!-- as printed: dont -->\n\n"
        "We dont say.\n\n"
        "We dont stop.\n"
    )
    root = write(project, words)
    assert problems(root) == [
        slip(FIRST_LINE, "dont", "'don’t'"),
        slip(FIRST_LINE + 3, "litde", "'little'"),
        slip(FIRST_LINE + 5, "litde", "'little'"),
        slip(FIRST_LINE + 11, "dont", "'don’t'"),
    ]


def test_a_note_above_a_paragraph_still_counts_after_numbering(project: WriteFiles) -> None:
    root = write(project, "<!-- as printed: litde -->\nA litde help.\n\nA litde more.\n")
    assert run_cli(root, "number-paragraphs").returncode == 0
    assert "-->\n\nA litde help.\n{: #p1 }" in (root / SPEAKER_PATH).read_text(encoding="utf-8")
    assert problems(root) == [slip(FIRST_LINE + 5, "litde", "'little'")]


def test_a_note_throughout_keeps_a_word_in_the_whole_file(project: WriteFiles) -> None:
    front = FRONT.replace('headline: "Trust Comes First"', 'headline: "A Litde Trust"')
    words = "A litde trust.\n\nA litde more. <!-- as printed throughout: litde, Litde -->\n"
    root = write(project, words, front)
    assert problems(root) == []
    root = write(project, words.replace(", Litde", ""), front)
    assert problems(root) == [field_slip(6, "headline", "Litde", "'Little'")]


def test_staff_add_their_own_slips(project: WriteFiles) -> None:
    corrections = "# Our slips.\nteh: the\n“Chiefs: Chiefs\nI dont: I don’t\n"
    root = write(
        project, "We met teh chiefs. I dont know, a litde.\n", **{CORRECTIONS: corrections}
    )
    assert problems(root) == [
        slip(FIRST_LINE, "I dont", "'I don’t'"),
        slip(FIRST_LINE, "teh", "'the'"),
    ]


def test_without_a_corrections_file_the_patterns_still_run(project: WriteFiles) -> None:
    root = write(project, "A litde help to man- age.\n")
    (root / CORRECTIONS).unlink()
    assert problems(root) == [
        slip(FIRST_LINE, "man- age", "'manage' (or 'man-age' if the hyphen is part of the word)")
    ]


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "litde: little\nfime: [time]\n",
            f"{CORRECTIONS}:2: 'fime' needs its correction as text after the colon, in double "
            'quotes if it is a number or yes/no: fime: "..."',
        ),
        (
            "litde: little\nfime:\n",
            f"{CORRECTIONS}:2: 'fime' needs its correction as text after the colon, in double "
            'quotes if it is a number or yes/no: fime: "..."',
        ),
        (
            "litde: little\ndont: dont\n",
            f"{CORRECTIONS}:2: 'dont' is corrected to itself; write the right word after the "
            "colon, or remove the line",
        ),
        (
            'litde: little\n"dont, youd": do not\n',
            f"{CORRECTIONS}:2: 'dont, youd' must be a word or words without commas, as the OCR "
            "gave them, so that a note <!-- as printed: ... --> can name it",
        ),
    ],
    ids=["not text", "empty", "corrected to itself", "comma"],
)
def test_a_bad_line_of_the_corrections_is_an_error_and_the_rest_still_work(
    project: WriteFiles, text: str, expected: str
) -> None:
    root = write(project, "A litde help.\n", **{CORRECTIONS: text})
    assert problems(root) == [expected, slip(FIRST_LINE, "litde", "'little'")]


@pytest.mark.parametrize(
    "text, line",
    [('litde: little\nfime: "time\n', 2), ("litde: little\n70: TO\n", 2), ("- litde\n", 1)],
    ids=["yaml syntax", "number", "a list"],
)
def test_a_broken_corrections_file_is_an_error_at_its_line(
    project: WriteFiles, text: str, line: int
) -> None:
    root = write(project, "We build trust.\n", **{CORRECTIONS: text})
    found = problems(root)
    assert len(found) == 1 and found[0].startswith(f"{CORRECTIONS}:{line}: ")
    assert "warning" not in found[0]


def test_a_slip_is_a_warning_that_only_strict_makes_fatal(project: WriteFiles) -> None:
    root = write(project, "A litde help.\n{: #p1 }\n")
    result = check(SiteLayout(root=root))
    assert result.errors == [] and [str(item) for item in result.warnings] == [
        slip(FIRST_LINE, "litde", "'little'")
    ]
    strict = check(SiteLayout(root=root, strict=True))
    assert [str(item) for item in strict.errors] == [slip(FIRST_LINE, "litde", "'little'")]


def test_the_preview_checks_an_edited_file_again(project: WriteFiles) -> None:
    root = write(project, "A litde help.\n{: #p1 }\n")
    cache = DocumentCache()
    first = [str(error) for error in load_archive(root, cache=cache)[1]]
    assert first == [slip(FIRST_LINE, "litde", "'little'")]
    assert [str(error) for error in load_archive(root, cache=cache)[1]] == first
    (root / SPEAKER_PATH).write_text(
        f"---\n{FRONT}---\nA little help, not 7oz of it.\n{{: #p1 }}\n", encoding="utf-8"
    )
    assert [str(error) for error in load_archive(root, cache=cache)[1]] == [
        slip(FIRST_LINE, "7oz", "'not'")
    ]


def test_the_real_archive_has_no_slips_left(tmp_path: Path) -> None:
    root = copy_real_archive(tmp_path)
    result = check(SiteLayout(root=root))
    assert result.errors == [] and result.warnings == []
    path = root / "speakers/town-hall-2014/jerry-dyer.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("a period of time", "a period of fime"), encoding="utf-8")
    line = text[: text.index("a period of time")].count("\n") + 1
    assert [str(item) for item in check(SiteLayout(root=root)).warnings] == [
        slip(line, "fime", "'time'", "speakers/town-hall-2014/jerry-dyer.md")
    ]
