"""Checks on the hand-written pages under ``docs/``: their links, and no raw HTML.

Reads every Markdown file under ``docs/`` (links are refused, as under ``speakers/``); appends a
``SourceError`` for a cross-link or citation that points nowhere, an unfinished cross-link, an
include of a file the build does not make, raw HTML, and a ``javascript:``-like link.
"""

from __future__ import annotations

import re
from pathlib import Path

from sitebuild.errors import SourceError
from sitebuild.load.files import read_text, scan_tree
from sitebuild.model import Archive
from sitebuild.paragraphs import code_regions
from sitebuild.validate.archive import check_links
from sitebuild.validate.patterns import AUTOLINK, COMMENT, HTML_TAG, LINK_DESTINATION, line_at
from sitebuild.validate.text import blank_out, check_cross_link_syntax

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
        for match in LINK_DESTINATION.finditer(prose):
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
