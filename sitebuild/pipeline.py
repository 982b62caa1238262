"""The build as a whole: load and validate, register the pages, render, then the site.

``check``, ``generate`` and ``build`` are what ``build_site.py`` and the preview call. Each
returns every problem found; a ``BuildResult`` also carries the archive, the page registry and
how long each stage took, for the benchmark.
"""

from __future__ import annotations

import gzip
import time
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from sitebuild.config import SiteLayout
from sitebuild.engine import EngineProblem, choose_engine
from sitebuild.errors import SourceError, describe_os_error, sorted_errors
from sitebuild.links import ISSUES_FOLDER, SEARCH_BUNDLE_DIR
from sitebuild.load.documents import DocumentCache
from sitebuild.load.files import read_text
from sitebuild.load.settings import EXAMPLE, SiteSettings, read_settings
from sitebuild.model import Archive
from sitebuild.pages import PageKind, Registry, build_registry
from sitebuild.render import Renderer
from sitebuild.render.data import render_sitemap
from sitebuild.render.guide import render_field_snippets
from sitebuild.render.home import SESSION_LIST_SNIPPET, render_session_list
from sitebuild.render.issue import LATEST_ISSUE_SNIPPET, render_latest_issue
from sitebuild.render.search import SearchRecord, search_records
from sitebuild.search_index import SearchIndexError, write_search_index
from sitebuild.site import BuildLocked, build_lock, recover_site, run_mkdocs, write_generated
from sitebuild.validate import load_archive
from sitebuild.validate.built_links import BuiltLinks
from sitebuild.validate.hand_written import check_hand_written, check_relative_links
from sitebuild.validate.markup import check_page
from sitebuild.validate.ocr import OCR_FILE
from sitebuild.validate.published import PUBLISHED_FILE, check_published, read_published
from sitebuild.validate.words import recheck_words


@dataclass
class BuildResult:
    """What a run found and how long its stages took (seconds, by stage name)."""

    errors: list[SourceError] = field(default_factory=list)
    warnings: list[SourceError] = field(default_factory=list)
    mkdocs_failed: bool = False
    """The engine (MkDocs, ProperDocs or Zensical) could not build the site."""
    engine: str = "MkDocs"
    """The engine that built (or would build) the site, by its name in messages."""
    timings: dict[str, float] = field(default_factory=dict)
    archive: Archive | None = None
    registry: Registry | None = None
    hand_written: list[PurePosixPath] = field(default_factory=list)
    """Every file under ``docs/``, relative to it."""
    search_records: list[SearchRecord] = field(default_factory=list)
    """What the search index is made of (once the pages are rendered)."""
    settings: SiteSettings = field(default_factory=SiteSettings)
    words_only: bool = False
    """Only the words of edited files were checked again (``recheck``), not every source."""

    @property
    def ok(self) -> bool:
        """True when the sources were valid and every stage succeeded."""
        return not self.errors and not self.mkdocs_failed


def snippet_names() -> set[str]:
    """The generated files hand-written pages may include (``--8<-- "name"``)."""
    return {SESSION_LIST_SNIPPET, LATEST_ISSUE_SNIPPET, *render_field_snippets()}


def check(
    layout: SiteLayout, cache: DocumentCache | None = None, preview: bool = False
) -> BuildResult:
    """Load and check every source, and register every page; write nothing.

    Every check runs whatever the others found. Warnings count as errors when
    ``layout.strict`` is set. With a ``cache``, files unchanged since it last loaded them are
    not read again. The ``preview`` does not warn that the published address is unset.
    """
    result = BuildResult()
    archive, problems = load_archive(layout.root, layout.speakers_dir, result.timings, cache)
    return _check_pages(layout, result, archive, problems, preview)


def recheck(
    layout: SiteLayout, cache: DocumentCache, previous: BuildResult, changed: set[Path]
) -> BuildResult:
    """Like ``check``, after an edit to the words only of the ``changed`` source files.

    ``previous`` is the result of the last check that found no error. Only what those words
    can change is checked again (``validate.words``); if that finds an error, or cannot tell,
    every source is checked, so the problems are always those ``check`` reports.
    """
    if previous.archive is None or previous.errors:
        return check(layout, cache, preview=True)
    started = time.perf_counter()
    found = recheck_words(layout.root, layout.speakers_dir, previous.archive, changed, cache)
    if found is None:
        return check(layout, cache, preview=True)
    archive, problems = found
    regenerated = {layout.config_file, layout.speakers_dir / OCR_FILE, PUBLISHED_FILE}
    problems += [
        warning
        for warning in previous.warnings
        if warning.path not in changed
        and warning.path not in regenerated
        and warning.path.is_relative_to(layout.speakers_dir)
    ]
    result = BuildResult(words_only=True)
    result.timings.update(load=0.0, validate=time.perf_counter() - started)
    issues = layout.speakers_dir / ISSUES_FOLDER
    touched = {path.parent.name for path in changed if path.parent != issues}
    words = (previous.registry, touched) if previous.registry is not None else None
    result = _check_pages(layout, result, archive, problems, preview=True, words=words)
    return check(layout, cache, preview=True) if result.errors else result


def _check_pages(
    layout: SiteLayout,
    result: BuildResult,
    archive: Archive,
    problems: list[SourceError],
    preview: bool,
    words: tuple[Registry, set[str]] | None = None,
) -> BuildResult:
    """Check the settings, hand-written pages, the page registry and the published addresses.

    ``words`` is the registry of the last good check and the sessions whose words alone were
    edited since: their pages are registered again and the addresses on them checked.
    """
    result.settings = read_settings(layout.root, layout.config_file, problems)
    if result.settings.site_url is None and not result.settings.invalid and not preview:
        problems.append(unset_address(layout, result.settings))
    started = time.perf_counter()
    docs = check_hand_written(layout.root, layout.docs_dir, archive, snippet_names(), problems)
    hand_written = [PurePosixPath(path.as_posix()) for path in docs]
    pages = [path for path in hand_written if path.parts[0] != "overrides"]
    only = None
    if words is None:
        registry, collisions = build_registry(archive, pages, layout.docs_dir)
        problems += collisions
    else:
        registry = words[0].with_words_of(archive, words[1])
        only = {page.path for page in registry.pages if page.kind is PageKind.SESSION}
        only = {path for path in only if registry.by_path[path].subject in words[1]}
    known = {page.path.as_posix() for page in registry.pages} | {
        path.as_posix() for path in hand_written
    }
    written = [layout.docs_dir / Path(page) for page in pages if page.suffix == ".md"]
    check_relative_links(layout.root, layout.docs_dir, written, known, problems)
    published = read_published(layout.root, problems)
    failed = {problem.path for problem in problems if not problem.warning}
    reachable = registry.reachable(only)
    if only is not None:
        landing = {address.partition("#")[0] for address in reachable}
        published = [entry for entry in published if entry[1].partition("#")[0] in landing]
    problems += check_published(published, reachable, failed)
    result.timings["validate"] += time.perf_counter() - started
    fatal = [problem for problem in problems if layout.strict or not problem.warning]
    result.errors = sorted_errors(fatal)
    result.warnings = sorted_errors([problem for problem in problems if problem not in fatal])
    result.archive = archive
    result.registry = registry
    result.hand_written = hand_written
    return result


def unset_address(layout: SiteLayout, settings: SiteSettings) -> SourceError:
    """The warning for a site whose published address is not set (fatal with ``--strict``)."""
    return SourceError(
        layout.config_file,
        settings.site_url_line,
        "site_url is not set, so citations, the sitemap, canonical links and sharing tags "
        "cannot give the site's full address; before publishing, set it to the address readers "
        f"will use (like `site_url: {EXAMPLE}`). `--strict build` refuses to publish without it",
        warning=True,
    )


def inspect_site(
    layout: SiteLayout, registry: Registry, site: Path, only: set[PurePosixPath] | None = None
) -> list[SourceError]:
    """The last line of defence: no built page holds markup the archive never makes.

    Reads each page (or each of ``only``) as the generator built it into ``site``; a finding is
    blamed on the source line that holds its cause (see ``validate.markup.check_page``).
    """
    texts: dict[Path, str] = {}

    def text_of(path: Path) -> str:
        if path not in texts:
            texts[path] = read_text(path, layout.root, []) or ""
        return texts[path]

    every_source = sorted({source for page in registry.pages for source in page.sources})
    every_source += [layout.speakers_dir / "topics.yml", layout.speakers_dir / "references.yml"]
    errors: list[SourceError] = []
    links = BuiltLinks(site)
    config = (layout.config_file, text_of(layout.root / layout.config_file))
    for page in registry.pages:
        if page.path.suffix != ".md" or (only is not None and page.path not in only):
            continue
        if page.kind is PageKind.SEARCH:
            continue  # its form is the theme's template (docs/overrides/search.html), no words
        built = site / page.url.strip("/") / "index.html"
        if not built.is_file():
            continue
        origin = page.origin[0]
        sources = sorted(page.sources) if page.sources else every_source
        if page.kind is PageKind.HAND_WRITTEN:
            sources = [origin]
            errors += broken_links(links, page.url, origin, text_of(origin), config)
        errors += check_page(
            page.url,
            built.read_text(encoding="utf-8", errors="replace"),
            ((source, text_of(source)) for source in sources),
            origin,
        )
    return sorted_errors(errors)


def broken_links(
    links: BuiltLinks, url: str, origin: Path, text: str, config: tuple[Path, str]
) -> list[SourceError]:
    """Each link of a hand-written page's built page (with its navigation) that leads nowhere.

    Note: MkDocs refuses these itself under ``--strict``; Zensical does not check the
    navigation, so this does, for every engine. A link the page's text does not hold is the
    navigation's, blamed on its line in ``config`` (the path and text of ``mkdocs.yml``).
    """
    errors = []
    for link, what in links.broken(url):
        clue = link.rsplit("#", 1)[-1] if "#" in link else link.rstrip("/").rsplit("/", 1)[-1]
        position = text.find(clue) if clue else -1
        if position >= 0:
            line = text.count("\n", 0, position) + 1
            errors.append(
                SourceError(
                    origin,
                    line,
                    f"the link '{link}' on the page {url} {what}; correct it (a link to another "
                    "page names its file, like [About](about.md), or a place on it, "
                    "about.md#data)",
                )
            )
            continue
        path, settings = config
        position = settings.find(clue) if clue else -1
        errors.append(
            SourceError(
                path,
                settings.count("\n", 0, position) + 1 if position >= 0 else None,
                f"the navigation's link to '{clue}' {what}; correct or remove it under nav:",
            )
        )
    return errors


def finish_site(layout: SiteLayout, result: BuildResult, site: Path) -> list[SourceError]:
    """Write the sitemap and search index into the built ``site``; inspect it (lock held)."""
    assert result.registry is not None
    problem = write_sitemap(layout, result, site)
    if problem is not None:
        return [problem]
    started = time.perf_counter()
    problem = index_for_search(layout, result.search_records, site)
    result.timings["search"] = time.perf_counter() - started
    if problem is not None:
        return [problem]
    return inspect_site(layout, result.registry, site)


def write_sitemap(layout: SiteLayout, result: BuildResult, site: Path) -> SourceError | None:
    """Replace the engine's ``sitemap.xml`` (and its gzipped copy) with the registry's own."""
    assert result.registry is not None
    addresses = [
        page.url for page in result.registry.pages if page.is_public and page.path.suffix == ".md"
    ]
    data = render_sitemap(addresses, result.settings.site_url).encode("utf-8")
    try:
        (site / "sitemap.xml").write_bytes(data)
        packed = site / "sitemap.xml.gz"
        if packed.exists():
            packed.write_bytes(gzip.compress(data, mtime=0))
    except OSError as error:
        return SourceError(
            layout.site_dir / "sitemap.xml",
            None,
            f"the sitemap was not written: {describe_os_error(error, layout.root)}",
        )
    return None


def index_for_search(
    layout: SiteLayout, records: list[SearchRecord], site: Path
) -> SourceError | None:
    """Write the search index into ``site``; the problem, if Pagefind could not."""
    try:
        write_search_index(records, site)
    except SearchIndexError as error:
        return SourceError(
            layout.site_dir / SEARCH_BUNDLE_DIR,
            None,
            f"the search index was not written: {error}. Nothing was published (a site without "
            "its index would offer a search that finds nothing). Reinstall the tools with "
            "`.venv/bin/pip install -e .`, then build again",
        )
    except OSError as error:
        return SourceError(
            layout.site_dir / SEARCH_BUNDLE_DIR,
            None,
            f"the search index was not written: {describe_os_error(error, layout.root)}",
        )
    return None


def renderer_for(layout: SiteLayout, result: BuildResult) -> Renderer:
    """A renderer of the checked ``result``'s pages, with the site's settings."""
    assert result.archive is not None and result.registry is not None
    return Renderer(result.archive, result.registry, layout.root, result.settings.site_url)


def _write(layout: SiteLayout, result: BuildResult) -> None:
    """Render every registered page and write the generated tree (build lock held)."""
    assert result.archive is not None and result.registry is not None
    started = time.perf_counter()
    renderer = renderer_for(layout, result)
    pages = renderer.render_all()
    snippets = {
        PurePosixPath(SESSION_LIST_SNIPPET): render_session_list(
            result.archive.sessions_in_order()
        ).encode("utf-8"),
        PurePosixPath(LATEST_ISSUE_SNIPPET): render_latest_issue(result.archive).encode("utf-8"),
        **{
            PurePosixPath(name): table.encode("utf-8")
            for name, table in render_field_snippets().items()
        },
    }
    write_generated(layout, pages, snippets, result.hand_written)
    result.search_records = search_records(result.archive)
    result.timings["render"] = time.perf_counter() - started


def generate(
    layout: SiteLayout,
    cache: DocumentCache | None = None,
    wait: bool = False,
    preview: bool = False,
) -> BuildResult:
    """Validate, then write the generated Markdown into ``build/``; no MkDocs."""
    result = check(layout, cache, preview)
    if result.errors:
        return result
    try:
        with build_lock(layout, wait=wait):
            _write(layout, result)
    except BuildLocked as refusal:
        result.errors = [SourceError(layout.lock_file, None, str(refusal))]
    return result


def build(layout: SiteLayout) -> BuildResult:
    """The full build: validate, render, then the engine in strict mode into ``site/``.

    The build lock is held throughout, so a second build at the same time is refused. The
    engine is ``layout.engine`` or the one ``mkdocs.yml`` names (see ``engine.choose_engine``).
    """
    try:
        engine = choose_engine(layout)
    except EngineProblem as refusal:
        return BuildResult(errors=[refusal.problem])
    try:
        with build_lock(layout):
            # A site a killed build left aside is put back first, whatever happens next.
            recover_site(layout)
            result = check(layout)
            if not result.ok:
                return result
            _write(layout, result)
            started = time.perf_counter()
            result.engine = engine.label
            built, problems = run_mkdocs(
                layout, lambda site: finish_site(layout, result, site), engine
            )
            result.mkdocs_failed = not built
            result.errors = problems
            result.timings["mkdocs"] = (
                time.perf_counter() - started - result.timings.get("search", 0)
            )
            return result
    except BuildLocked as refusal:
        return BuildResult(errors=[SourceError(layout.lock_file, None, str(refusal))])
