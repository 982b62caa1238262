"""Shared by the trust-boundary tests: a tiny project, its problems, and common messages."""

from __future__ import annotations

from pathlib import Path

from conftest import SESSION, SPEAKER, TOPICS, WriteFiles

from sitebuild.config import SiteLayout
from sitebuild.errors import sorted_errors
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
    "'.venv/bin/python build_site.py number-paragraphs' to add one"
)


BRACES = (
    "attributes in braces are not allowed here; only the line '{: #p3 }' under a paragraph "
    "gives it its link address"
)


BLOCK = "a '///' block is not allowed in the text; write the words as paragraphs"


NOT_PUBLISHED = (
    "which the archive does not publish; write plain words, *emphasis*, **bold**, links to "
    "https:// addresses or cross-links"
)
