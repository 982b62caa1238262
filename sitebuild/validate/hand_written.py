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
from sitebuild.links import SEARCH_BUNDLE_DIR
from sitebuild.load.documents import split_front_matter
from sitebuild.load.files import read_text, scan_tree
from sitebuild.load.yaml_text import parse_yaml
from sitebuild.model import Archive
from sitebuild.paragraphs import code_regions
from sitebuild.validate.archive import check_links
from sitebuild.validate.patterns import (
    AUTOLINK,
    COMMENT,
    HTML_TAG,
    LINK_DESTINATION,
    check_field_text,
    line_at,
)
from sitebuild.validate.text import (
    ATTRIBUTES,
    REFERENCE_DEFINITION,
    blank_out,
    check_cross_link_syntax,
)

PUBLISHED_AS_IS = frozenset({".md", ".css", ".js", ".png", ".jpg", ".jpeg", ".gif", ".webp"})
"""What docs/ may hold besides the theme templates in docs/overrides/."""
INCLUDE_START = re.compile(r"^[ \t]*;?-{1,3}8<-{1,3}", re.MULTILINE)
"""Where pymdownx.snippets reads an include: a line that starts with its marker."""
INCLUDE_LINE = re.compile(r'-{2}8<-{2}[ \t]+"(?P<name>[\w.-]+)"[ \t]*')
FRONT_MATTER_FIELDS = ("title", "description")
"""What a hand-written page's front matter may set (the theme reads more, unescaped)."""
REMOTE_IN_CSS = re.compile(r"@import|url\(\s*['\"]?\s*(?:[a-zA-Z][\w+.-]*:|//)", re.IGNORECASE)
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
        if path.suffix == ".css":
            _check_stylesheet(root, docs_dir / path, errors)
        if path.parts[0] != "overrides" and path.suffix.lower() not in PUBLISHED_AS_IS:
            errors.append(
                SourceError(
                    docs_dir / path,
                    None,
                    f"'{path.suffix}' files are not published from docs/ (they could run in a "
                    f"reader's browser); use one of: {', '.join(sorted(PUBLISHED_AS_IS))}",
                )
            )
        if path.parts[0].lower() in (SEARCH_BUNDLE_DIR.name, f"{SEARCH_BUNDLE_DIR.name}.md"):
            errors.append(
                SourceError(
                    docs_dir / path,
                    None,
                    f"docs/{SEARCH_BUNDLE_DIR}/ is where the build writes the search index, which "
                    "would replace this file; move it to another folder",
                )
            )
    pages = [
        docs_dir / path for path in files if path.suffix == ".md" and path.parts[0] != "overrides"
    ]
    for path in pages:
        text = read_text(path, root, errors)
        if text is None:
            continue
        check_front_matter(path, text, errors)
        check_links(archive, path, 1, text, errors)
        prose = blank_out(text, code_regions(text) + [m.span() for m in COMMENT.finditer(text)])
        check_cross_link_syntax(path, 1, prose, errors)
        # Note: includes are read before anything else, even inside code: check the raw text.
        for match in INCLUDE_START.finditer(text):
            line_start = text.rfind("\n", 0, match.start()) + 1
            line_end = text.find("\n", match.start())
            whole = INCLUDE_LINE.fullmatch(
                text[line_start : None if line_end < 0 else line_end].strip()
            )
            if whole is None or whole["name"] not in snippets:
                errors.append(
                    SourceError(
                        path,
                        line_at(1, text, match.start()),
                        'an include must be a line of its own, --8<-- "name", naming a file '
                        f"the build makes: {', '.join(sorted(snippets))}",
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


ABSOLUTE_LINK = re.compile(r"\]\(\s*<?(?P<target>/(?!/)[^\s)>]*)")
"""A link to an address from the site's top (``/about/``): it breaks when the site is served
from a sub-path. MkDocs warns of it; Zensical does not, so the build refuses it itself."""
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
        for match in ABSOLUTE_LINK.finditer(prose):
            errors.append(
                SourceError(
                    path,
                    line_at(1, text, match.start("target")),
                    f"the link '{match['target']}' starts with '/', so it breaks when the site "
                    "is served from a sub-path; link to the page's file instead, like "
                    "[About](about.md)",
                )
            )
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


def check_front_matter(path: Path, text: str, errors: list[SourceError]) -> None:
    """A hand-written page's front matter holds a plain one-line title, and maybe a description.

    Note: without a title the theme takes one from the first heading and un-escapes it into
    the page's ``<title>``; so every page says its own.
    """
    if not text.startswith("---"):
        errors.append(
            SourceError(
                path,
                1,
                "the page needs front matter with its title: a line '---', 'title: ...', "
                "and another line '---'",
            )
        )
        return
    parts = split_front_matter(path, text, errors)
    if parts is None:
        return
    parsed = parse_yaml(path, parts[0], 2, errors)
    if parsed is None:
        return
    data, lines = parsed
    if not isinstance(data, dict):
        errors.append(SourceError(path, 2, "the front matter must be 'field: value' lines"))
        return
    if "title" not in data:
        errors.append(SourceError(path, 2, "the page needs a 'title: ...' line"))
    for key, value in data.items():
        line = lines.get((str(key),), 2)
        if key not in FRONT_MATTER_FIELDS:
            errors.append(
                SourceError(
                    path,
                    line,
                    f"the field '{key}' is not allowed in a page's front matter; use only: "
                    f"{', '.join(FRONT_MATTER_FIELDS)}",
                )
            )
        elif not isinstance(value, str) or "\n" in value.strip():
            errors.append(SourceError(path, line, f"{key}: must be text on one line"))
        else:
            errors += check_field_text(path, line, str(key), value)


def _check_stylesheet(root: Path, path: Path, errors: list[SourceError]) -> None:
    """A stylesheet loads nothing from another host (the site makes no outside request)."""
    text = read_text(path, root, errors)
    for match in REMOTE_IN_CSS.finditer(text or ""):
        errors.append(
            SourceError(
                path,
                line_at(1, text or "", match.start()),
                "a stylesheet may not load anything (@import or a url() with an address); "
                "put the file in docs/ and use a relative url()",
            )
        )
