"""The preview's fast check of an edit to words reports exactly what the full check reports.

Each case edits the words (never the front matter) of source files of a copy of the real
archive after a good update, then compares the preview's problems with those of ``check`` run
on the same files from scratch. Cases that pass must take the fast path (``words_only``), or
the comparison would prove nothing.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from sitebuild.config import SiteLayout
from sitebuild.load.documents import DocumentCache
from sitebuild.pipeline import check
from sitebuild.preview import Preview

DYER = Path("speakers/town-hall-2014/jerry-dyer.md")
JACOBS = Path("speakers/town-hall-2014/kim-jacobs.md")
HARTEAU = Path("speakers/defining-moments-2014/janee-harteau.md")
SESSION = Path("speakers/defining-moments-2014/_session.md")
ISSUE = Path("speakers/issues/late-2014.md")
LUNNEY = Path("speakers/town-hall-2014/bob-lunney.md")

Edit = tuple[Path, str, str]
"""A file, text in it, and what that text becomes."""


def add(path: Path, words: str) -> Edit:
    """An edit that adds a paragraph at the end of a file's words."""
    return (path, "", f"\n\n{words}\n")


CASES: dict[str, tuple[list[list[Edit]], bool]] = {
    # name: (saves, each a list of edits made together; True if the last save is good)
    "a word changed": ([[(DYER, "a good thing", "a fine thing")]], True),
    "a paragraph added": ([[add(JACOBS, "We added a paragraph here.")]], True),
    "an OCR slip": ([[add(DYER, "There is litde doubt about it.")]], True),
    "a slip kept as printed": (
        [[add(DYER, "There is litde <!-- as printed: litde --> doubt.")]],
        True,
    ),
    "a footnote without its note": ([[add(DYER, "As the study says.[^nowhere]")]], False),
    "a footnote and its note": (
        [[add(DYER, "As the study says.[^dyer-note]\n\n[^dyer-note]: The study, 2014.")]],
        True,
    ),
    "one note defined in two files of a session": (
        [[add(DYER, "[^twice]: One.\n\nSee.[^twice]"), add(JACOBS, "[^twice]: Two.")]],
        False,
    ),
    "an unknown speaker linked": ([[add(DYER, "As [[speaker:nobody-here]] said.")]], False),
    "a known paragraph linked": (
        [[add(DYER, "As [[remark:town-hall-2014/kim-jacobs#p2]] said.")]],
        True,
    ),
    "a linked paragraph renamed in another file": (
        [
            [
                add(JACOBS, "New words.\n{: #p40 }"),
                add(DYER, "As [[remark:town-hall-2014/kim-jacobs#p40]] said."),
            ],
            [(JACOBS, "{: #p40 }", "{: #p41 }")],  # not published: only the link breaks
        ],
        False,
    ),
    "an unknown source cited": ([[add(DYER, "As shown [@no-such-source].")]], False),
    "raw HTML": ([[add(DYER, "Some <b>bold</b> words.")]], False),
    "a published paragraph removed": ([[(HARTEAU, "{: #p1 }", "{: #p100 }")]], False),
    "the meeting's introduction edited": ([[add(SESSION, "A sentence more.")]], True),
    "the issue's note edited": ([[add(ISSUE, "A note more.")]], True),
    "a slip in the issue's note": ([[add(ISSUE, "A PEREF note.")]], True),
    "an unknown meeting linked from the issue's note": (
        [[add(ISSUE, "See [[session:no-such-meeting]].")]],
        False,
    ),
    "a photo caption's link to a paragraph renamed in another file": (
        [
            [
                (LUNNEY, 'caption: "', 'caption: "See [[remark:town-hall-2014/kim-jacobs#p40]]. '),
                add(JACOBS, "New words.\n{: #p40 }"),
            ],
            [(JACOBS, "{: #p40 }", "{: #p41 }")],  # Lunney's caption is unchanged, its link broken
        ],
        False,
    ),
    "a fix after a broken save": (
        [[add(DYER, "Some <b>bold</b> words.")], [(DYER, "<b>bold</b>", "bold")]],
        True,
    ),
}


def apply(root: Path, edits: list[Edit]) -> None:
    for path, old, new in edits:
        text = (root / path).read_text(encoding="utf-8")
        if old:
            assert old in text, (path, old)
            text = text.replace(old, new, 1)
        else:
            text = text.rstrip("\n") + new
        (root / path).write_text(text, encoding="utf-8")


@pytest.mark.parametrize("name", CASES)
def test_the_fast_check_reports_what_the_full_check_reports(name: str, archive_copy: Path) -> None:
    saves, good = CASES[name]
    layout = SiteLayout(root=archive_copy)
    preview = Preview(layout)
    assert preview.update().result.ok
    for edits in saves:
        apply(archive_copy, edits)
        update = preview.update()
    assert not update.full  # only words changed
    full = check(layout, DocumentCache(), preview=True)
    assert [str(error) for error in update.result.errors] == [str(e) for e in full.errors]
    assert [str(error) for error in update.result.warnings] == [str(w) for w in full.warnings]
    assert update.result.ok is good, update.result.errors
    # A good edit takes the fast path; a broken one is reported by the full check.
    assert update.result.words_only is good
    if name == "an OCR slip":
        assert any("litde" in str(warning) for warning in full.warnings)


def test_the_fast_check_rebuilds_the_registry_of_the_full_check(archive_copy: Path) -> None:
    """After an edit to words the registry (addresses and anchors) is the full check's."""
    layout = SiteLayout(root=archive_copy)
    preview = Preview(layout)
    preview.update()
    apply(archive_copy, [(JACOBS, "{: #p2 }", "{: #p2 }\n\nMore words.\n{: #p40 }")])
    update = preview.update()
    assert update.result.words_only and update.result.registry is not None
    full = check(layout, DocumentCache(), preview=True)
    assert full.registry is not None
    assert update.result.registry.pages == full.registry.pages
    assert update.result.registry.reachable() == full.registry.reachable()
    assert "/town-hall-2014/#kim-jacobs--p40" in update.result.registry.reachable()


def test_a_front_matter_written_differently_with_the_same_values_is_not_words_only(
    archive_copy: Path,
) -> None:
    """A comment among the fields moves their lines: the registry's origins must follow."""
    layout = SiteLayout(root=archive_copy)
    preview = Preview(layout)
    preview.update()
    apply(archive_copy, [(LUNNEY, "photos:", "# A comment among the fields.\nphotos:")])
    update = preview.update()
    assert update.result.ok and update.result.registry is not None
    full = check(layout, DocumentCache(), preview=True)
    assert full.registry is not None
    assert update.result.registry.pages == full.registry.pages
