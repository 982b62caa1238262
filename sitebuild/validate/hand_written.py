"""Checks on the hand-written pages under ``docs/``: their links, and no raw HTML.

Reads every Markdown file under ``docs/`` (links are refused, as under ``speakers/``); appends a
``SourceError`` for a cross-link or citation that points nowhere, an unfinished cross-link, an
include of a file the build does not make, raw HTML, and a ``javascript:``-like link.
"""

from __future__ import annotations

import posixpath
import re
from pathlib import Path

from sitebuild.errors import SourceError
from sitebuild.load.files import read_text, scan_tree
from sitebuild.model import Archive
from sitebuild.paragraphs import code_regions
from sitebuild.validate.archive import check_links
from sitebuild.validate.patterns import AUTOLINK, COMMENT, HTML_TAG, LINK_DESTINATION, line_at
from sitebuild.validate.text import (
    ATTRIBUTES,
    REFERENCE_DEFINITION,
    blank_out,
    check_cross_link_syntax,
)

PUBLISHED_AS_IS = frozenset({".md", ".css", ".js", ".png", ".jpg", ".jpeg", ".gif", ".webp"})
"""What docs/ may hold besides the theme templates in docs/overrides/."""
INCLUDE_LINE = re.compile(r'^-{2}8<-{2}[ \t]+"(?P<name>[^"]*)"[ \t]*$', re.MULTILINE)
UNSAFE_SCHEME = re.compile(r"(?:[a-z][a-z0-9+.-]*):", re.IGNORECASE)


def check_hand_written(
    root: Path, docs_dir: Path, archive: Archive, snippets: set[str], errors: list[SourceError]
) -> list[Path]:
    """Check every Markdown page under ``docs_dir``; return every file there (relative to it).

    ``snippets`` names the generated files a page may include with ``--8<-- "name"``. Files of
    the theme override (``overrides/``) are returned too, but are not pages.
    """
    tree = scan_tree(root, docs_dir)
    errors += tree.problems
    files = [path.relative_to(docs_dir) for path in tree.files]
    for path in files:
        if path.parts[0] != "overrides" and path.suffix.lower() not in PUBLISHED_AS_IS:
            errors.append(
                SourceError(
                    docs_dir / path,
                    None,
                    f"'{path.suffix}' files are not published from docs/ (they could run in a "
                    f"reader's browser); use one of: {', '.join(sorted(PUBLISHED_AS_IS))}",
                )
            )
    pages = [
        docs_dir / path for path in files if path.suffix == ".md" and path.parts[0] != "overrides"
    ]
    for path in pages:
        text = read_text(path, root, errors)
        if text is None:
            continue
        check_links(archive, path, 1, text, errors)
        prose = blank_out(text, code_regions(text) + [m.span() for m in COMMENT.finditer(text)])
        check_cross_link_syntax(path, 1, prose, errors)
        for match in INCLUDE_LINE.finditer(prose):
            if match["name"] not in snippets:
                errors.append(
                    SourceError(
                        path,
                        line_at(1, text, match.start()),
                        f"'{match['name']}' is not a file the build makes; use one of: "
                        f"{', '.join(sorted(snippets))}",
                    )
                )
        for match in HTML_TAG.finditer(prose):
            if not AUTOLINK.match(prose, match.start()):
                errors.append(
                    SourceError(
                        path,
                        line_at(1, text, match.start()),
                        f"raw HTML '<{match['name']}' is not allowed; write Markdown instead",
                    )
                )
        for match in ATTRIBUTES.finditer(prose):
            errors.append(
                SourceError(
                    path,
                    line_at(1, text, match.start()),
                    "attributes in braces are not allowed in a page; write Markdown instead",
                )
            )
        for match in [*LINK_DESTINATION.finditer(prose), *REFERENCE_DEFINITION.finditer(prose)]:
            target = match["target"].strip("<>")
            scheme = UNSAFE_SCHEME.match(target)
            if scheme and scheme[0].lower() not in ("http:", "https:", "mailto:"):
                errors.append(
                    SourceError(
                        path,
                        line_at(1, text, match.start("target")),
                        f"the link '{target[:60]}' is not allowed; link to a page of the site, "
                        "a web page (https://...) or an e-mail address (mailto:...)",
                    )
                )
    return files


RELATIVE_LINK = re.compile(r"\]\(\s*<?(?P<target>(?![a-zA-Z][\w+.-]*:|#|/)[^\s)>#]+)")


def check_relative_links(
    root: Path, docs_dir: Path, pages: list[Path], known: set[str], errors: list[SourceError]
) -> None:
    """A link from a hand-written page to another page of the site must find that page.

    ``known`` holds every page and file of the site (paths inside the generated docs folder),
    so the preview refuses what ``--strict build`` would.
    """
    for path in pages:
        text = read_text(path, root, [])
        if text is None:
            continue
        prose = blank_out(text, code_regions(text))
        folder = path.relative_to(docs_dir).parent
        for match in RELATIVE_LINK.finditer(prose):
            target = posixpath.normpath((folder / match["target"]).as_posix())
            if target not in known and f"{target}/index.md" not in known:
                errors.append(
                    SourceError(
                        path,
                        line_at(1, text, match.start("target")),
                        f"the link '{match['target']}' leads to no page of the site; correct "
                        "it, or use a cross-link like [[session:town-hall-2014]]",
                    )
                )
