"""Write the generated pages and run MkDocs: the last stage of the build.

Reads the validated ``Archive`` and the hand-written ``docs/``; writes ``build/docs`` (a copy of
``docs/`` plus the generated pages), ``build/snippets`` and, through MkDocs, ``site/``.
Nothing under ``docs/`` or ``speakers/`` is ever written. A file whose bytes would not change is
left alone, so its timestamp stays and MkDocs can skip it when serving.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from sitebuild.crossref import check_text, replace_links
from sitebuild.errors import SourceError
from sitebuild.export import (
    public_addresses,
    render_remarks_csv,
    render_remarks_json,
    render_urls,
)
from sitebuild.links import (
    DATA_DIR,
    REFERENCES_PAGE,
    TOPIC_INDEX_PAGE,
    path_for_session_page,
    path_for_speaker_page,
    url_for_page,
)
from sitebuild.model import Archive
from sitebuild.published import redirects
from sitebuild.render.guide import render_field_snippets
from sitebuild.render.home import render_meetings_pages, render_session_list
from sitebuild.render.photo import names_shown, path_for_photo, render_placeholder_svg
from sitebuild.render.redirect import render_redirect_page
from sitebuild.render.references import render_references_page
from sitebuild.render.session import render_session_page
from sitebuild.render.speaker import (
    render_agency_index,
    render_speaker_index,
    render_speaker_page,
)
from sitebuild.render.topic import render_topic_index, render_topic_pages

SESSION_LIST_SNIPPET = "session-list.md"


@dataclass(frozen=True)
class SiteLayout:
    """Where the build reads and writes, relative to the project root."""

    root: Path
    docs_dir: Path = Path("docs")
    speakers_dir: Path = Path("speakers")
    generated_docs_dir: Path = Path("build/docs")
    snippets_dir: Path = Path("build/snippets")
    site_dir: Path = Path("site")
    config_file: Path = Path("mkdocs.yml")
    strict: bool = False
    """Treat warnings (optional things missing) as errors."""


def render_pages(archive: Archive) -> dict[PurePosixPath, str]:
    """Every generated page, keyed by its path inside the generated docs folder."""
    pages: dict[PurePosixPath, str] = {}
    sessions = archive.sessions_in_order()
    for session in sessions:
        pages[path_for_session_page(session.slug)] = render_session_page(archive, session)
    pages.update(render_meetings_pages(sessions))
    for slug, remarks in archive.remarks_by_person().items():
        pages[path_for_speaker_page(slug)] = render_speaker_page(archive, slug, remarks)
    pages.update(render_speaker_index(archive))
    pages.update(render_agency_index(archive))
    for key, remarks in archive.remarks_by_topic().items():
        pages.update(render_topic_pages(archive, archive.topics[key], remarks))
    pages[TOPIC_INDEX_PAGE] = render_topic_index(archive)
    pages[REFERENCES_PAGE] = render_references_page(archive)
    for old, new in redirects(archive).items():
        pages.setdefault(old, render_redirect_page(old, new))
    return pages


def hand_written_addresses(layout: SiteLayout) -> list[str]:
    """The address of every hand-written Markdown page under ``docs/``."""
    folder = layout.root / layout.docs_dir
    return sorted(
        url_for_page(PurePosixPath(path.relative_to(folder).as_posix()))
        for path in folder.rglob("*.md")
        if "overrides" not in path.relative_to(folder).parts
    )


def render_photo_files(layout: SiteLayout, archive: Archive) -> dict[PurePosixPath, bytes]:
    """Each figure's image: the real photo, copied from the session folder, or a placeholder."""
    files: dict[PurePosixPath, bytes] = {}
    for remark in archive.remarks:
        for number, photo in enumerate(remark.photos, start=1):
            target = path_for_photo(remark, photo, number)
            if photo.image:
                files[target] = (layout.root / remark.path.parent / photo.image).read_bytes()
            else:
                names = names_shown(archive, photo)
                files[target] = render_placeholder_svg(names).encode("utf-8")
    return files


def render_data_files(archive: Archive, hand_written: list[str]) -> dict[PurePosixPath, str]:
    """The open-data files published under ``data/``."""
    return {
        DATA_DIR / "remarks.json": render_remarks_json(archive),
        DATA_DIR / "remarks.csv": render_remarks_csv(archive),
        DATA_DIR / "urls.txt": render_urls(public_addresses(archive, hand_written)),
    }


def write_generated(layout: SiteLayout, archive: Archive) -> list[SourceError]:
    """Assemble ``build/docs`` from ``docs/`` and the generated pages; remove stale files.

    Returns an error for each generated page that would take the place of a hand-written one;
    then nothing is written.
    """
    root = layout.root
    wanted: dict[PurePosixPath, bytes] = {}
    hand_written = root / layout.docs_dir
    for path in sorted(hand_written.rglob("*")):
        if path.is_file():
            relative = PurePosixPath(path.relative_to(hand_written).as_posix())
            content = path.read_bytes()
            if path.suffix == ".md" and "overrides" not in relative.parts:
                # Cross-links in hand-written pages become relative links in the copy.
                text = replace_links(archive, content.decode("utf-8"), relative)
                content = text.encode("utf-8")
            elif path.suffix == ".css":
                content = without_css_comments(content.decode("utf-8")).encode("utf-8")
            wanted[relative] = content
    addresses = hand_written_addresses(layout)
    generated: dict[PurePosixPath, str | bytes] = {
        **render_pages(archive),
        **render_data_files(archive, addresses),
        **render_photo_files(layout, archive),
    }
    errors = [
        SourceError(
            layout.docs_dir / Path(page),
            None,
            "this hand-written page has the same address as a generated page; rename it",
        )
        for page in generated
        if page in wanted
    ]
    if errors:
        return errors
    for page, made in generated.items():
        wanted[page] = made.encode("utf-8") if isinstance(made, str) else made
    sync_folder(root / layout.generated_docs_dir, wanted)
    sessions = archive.sessions_in_order()
    snippets = {PurePosixPath(SESSION_LIST_SNIPPET): render_session_list(sessions).encode("utf-8")}
    for name, table in render_field_snippets().items():
        snippets[PurePosixPath(name)] = table.encode("utf-8")
    sync_folder(root / layout.snippets_dir, snippets)
    return []


_CSS_COMMENT = re.compile(r"/\*.*?\*/\n?", re.DOTALL)


def without_css_comments(css: str) -> str:
    """The stylesheet without its comments, which readers' browsers need not download.

    Note: this saves about 650 bytes (gzipped) on every page. A comment-like text inside a CSS
    string would be cut too; the stylesheet has none (tested).
    """
    return _CSS_COMMENT.sub("", css)


def check_hand_written(layout: SiteLayout, archive: Archive) -> list[SourceError]:
    """Cross-links and citations in ``docs/`` pages must point somewhere."""
    errors: list[SourceError] = []
    folder = layout.root / layout.docs_dir
    for path in sorted(folder.rglob("*.md")):
        relative = path.relative_to(layout.root)
        check_text(archive, relative, 1, path.read_text(encoding="utf-8"), errors)
    return errors


def write_changed(folder: Path, files: dict[PurePosixPath, bytes]) -> None:
    """Write ``files`` into ``folder``, leaving alone each file whose bytes are the same."""
    for relative, content in files.items():
        target = folder / Path(relative)
        if target.is_file() and target.read_bytes() == content:
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)


def sync_folder(folder: Path, files: dict[PurePosixPath, bytes]) -> None:
    """Make ``folder`` hold exactly ``files``, rewriting only files whose bytes differ."""
    folder.mkdir(parents=True, exist_ok=True)
    write_changed(folder, files)
    keep = {folder / Path(relative) for relative in files}
    for path in sorted(folder.rglob("*"), reverse=True):
        if path.is_file() and path not in keep:
            path.unlink()
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()


def source_date_epoch(layout: SiteLayout) -> int:
    """The newest modification time of any source file, in seconds since 1970.

    Dates in the site come from it, so two builds of the same sources give the same bytes,
    whatever day they run.
    """
    times = [
        path.stat().st_mtime
        for folder in (layout.speakers_dir, layout.docs_dir)
        for path in (layout.root / folder).rglob("*")
        if path.is_file()
    ]
    return int(max(times, default=0))


def mkdocs_environment(layout: SiteLayout) -> dict[str, str]:
    """The environment for MkDocs: build dates from the sources, and no end-of-life banner.

    Note: the project already plans its move to Zensical (no plugins or hooks of our own), so
    Material's banner would only hide the messages that matter in every build's output.
    """
    epoch = str(source_date_epoch(layout))
    return {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": epoch}


def run_mkdocs(layout: SiteLayout) -> bool:
    """Build with MkDocs in strict mode into a temporary folder, then swap it into ``site/``.

    A failed build leaves the previous ``site/`` exactly as it was. MkDocs prints its own
    messages to the terminal. Returns True on success.
    """
    root = layout.root
    site = root / layout.site_dir
    for leftover in root.glob(".site-*"):
        # Note: an interrupted build leaves its staging folder behind; it is never served.
        shutil.rmtree(leftover, ignore_errors=True)
    staging = Path(tempfile.mkdtemp(prefix=".site-", dir=root))
    command = [
        sys.executable,
        "-m",
        "mkdocs",
        "build",
        "--strict",
        "--config-file",
        str(root / layout.config_file),
        "--site-dir",
        str(staging),
    ]
    result = subprocess.run(command, cwd=root, check=False, env=mkdocs_environment(layout))
    if result.returncode != 0:
        shutil.rmtree(staging, ignore_errors=True)
        return False
    previous = root / f".site-previous-{staging.name}"
    if site.exists():
        site.rename(previous)
    staging.chmod(0o755)
    staging.rename(site)
    shutil.rmtree(previous, ignore_errors=True)
    return True
