"""Every engine builds the same archive: MkDocs, ProperDocs and Zensical, compared page by page.

The real archive is built once with each engine; each site is compared with MkDocs' (the
default): the same files and page addresses, the same element ids in every page's content (every
paragraph and remark anchor), the same visible words in the same order, the same data files and
the same search index. What may differ is listed in ``ALLOWED`` below, each with its reason,
and nothing else: a difference outside the list fails with the page and what differs.
"""

from __future__ import annotations

import functools
import html
import importlib.util
import os
import re
import threading
from collections.abc import Iterator
from html.parser import HTMLParser
from http.server import ThreadingHTTPServer
from pathlib import Path

import pytest
from conftest import (
    CHROMIUM,
    CHROMIUM_ARGS,
    QuietHandler,
    checksums,
    copy_real_archive,
    pages_and_records,
    run_cli,
)
from test_editing_guide import guide_commands

OTHER_ENGINES = ("properdocs", "zensical")

ALLOWED = {
    "files only MkDocs and ProperDocs write": {"tags.json", "sitemap.xml.gz"},
    "files only Zensical writes": {"search.json"},
    "ids only Zensical writes": {"__skip"},
}
"""The differences an engine's site may have from MkDocs', and why:

- ``tags.json``, ``sitemap.xml.gz``: Zensical's tags plugin writes no tag list, and it writes no
  compressed sitemap (``sitemap.xml`` is the same); nothing of ours reads either.
- ``search.json``: Zensical always writes its own search data, in its own format; the archive's
  search is Pagefind's and never reads it.
- ``__skip``: Zensical's theme puts the skip link's target, ``<a id="__skip">``, inside the page
  content (Material puts it before).
- The theme's own files under ``assets/`` (each theme's scripts and stylesheets) and the
  ``generator`` tag in each page's head are not compared: they are outside the page content.
- Tag chips come after the page text under Zensical, before the title under Material: the chips
  are compared on their own (the same topics, in the same order), the rest of the text in order.
- Code blocks are coloured under Zensical (it always enables Pygments highlighting): the words
  are read as text, so the colours' markup does not count.
"""

BLOCKS = frozenset(
    {"p", "li", "ul", "ol", "div", "pre", "br", "hr", "td", "th", "tr", "table", "nav"}
    | {"article", "header", "footer", "figure", "figcaption", "blockquote", "details"}
    | {"summary", "dd", "dt", "dl", "section", "img", "h1", "h2", "h3", "h4", "h5", "h6"}
)
"""Elements that separate words; inside any other (``span``, ``a``, ``em``), words run on."""


class Content(HTMLParser):
    """A page's content (Material's ``md-content__inner`` article): ids, words and tag chips."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: list[str] = []
        self.text: list[str] = []
        self.chips: list[str] = []
        self.stack: list[tuple[str, set[str]]] = []
        self.inside: int | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        classes = set((values.get("class") or "").split())
        if tag in ("br", "img", "hr", "input", "meta", "link"):
            self._space(tag)
            return
        self.stack.append((tag, classes))
        if tag == "article" and "md-content__inner" in classes:
            self.inside = len(self.stack)
        if self.inside is not None and values.get("id"):
            self.ids.append(values["id"] or "")
        self._space(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or tag in ("br", "img", "hr", "input", "meta", "link"):
            return
        self._space(tag)
        if self.inside == len(self.stack):
            self.inside = None
        self.stack.pop()

    def _space(self, tag: str) -> None:
        if self.inside is not None and tag in BLOCKS:
            self._add(" ")

    def handle_data(self, data: str) -> None:
        if self.inside is not None:
            self._add(data)

    def _add(self, data: str) -> None:
        if any(tag in ("script", "style") or "headerlink" in c for tag, c in self.stack):
            return  # a heading's ¶ link, structured data
        if any("md-tags" in classes for _, classes in self.stack):
            if data.strip():
                self.chips.append(data.strip())
            return
        self.text.append(data)

    @property
    def words(self) -> list[str]:
        return "".join(self.text).split()


def read_content(path: Path) -> Content:
    content = Content()
    content.feed(path.read_text(encoding="utf-8"))
    content.close()
    return content


def require_engine(name: str) -> None:
    """Skip without the engine's package; in CI (which installs it), a missing one is an error."""
    if importlib.util.find_spec(name) is not None:
        return
    if os.environ.get("CI"):
        raise RuntimeError(f"{name} is missing; CI installs it with pip install -e '.[test]'")
    pytest.skip(f"{name} is not installed: pip install -e '.[{name}]' to compare it")


@pytest.fixture(scope="module")
def sites(real_archive: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The real archive's site as each installed engine built it (MkDocs' is the session's)."""
    built = {"mkdocs": real_archive / "site"}
    for engine in OTHER_ENGINES:
        if importlib.util.find_spec(engine) is None:
            continue
        root = copy_real_archive(tmp_path_factory.mktemp(f"archive-{engine}"))
        result = run_cli(root, "--engine", engine, "build")
        assert result.returncode == 0, result.stderr
        assert "Traceback" not in result.stderr
        built[engine] = root / "site"
    return built


def compared_files(site: Path) -> set[str]:
    return {
        path
        for path in checksums(site)
        if not path.startswith(("assets/", "pagefind/"))
        and not path.startswith(".")  # nothing hidden is published (checked below)
    }


@pytest.mark.parametrize("engine", OTHER_ENGINES)
def test_the_same_files_and_page_addresses(engine: str, sites: dict[str, Path]) -> None:
    require_engine(engine)
    reference, site = compared_files(sites["mkdocs"]), compared_files(sites[engine])
    missing = reference - site
    extra = site - reference
    if engine == "zensical":
        missing -= ALLOWED["files only MkDocs and ProperDocs write"]
        extra -= ALLOWED["files only Zensical writes"]
    assert missing == set(), f"{engine} did not write: {sorted(missing)}"
    assert extra == set(), f"{engine} wrote files MkDocs does not: {sorted(extra)}"
    assert not list(sites[engine].glob(".*")), "a hidden file (a staging folder?) was published"


@pytest.mark.parametrize("engine", OTHER_ENGINES)
def test_every_page_has_the_same_ids_words_and_chips(engine: str, sites: dict[str, Path]) -> None:
    require_engine(engine)
    pages = sorted(path for path in compared_files(sites["mkdocs"]) if path.endswith(".html"))
    assert len(pages) > 40
    differences = []
    for page in pages:
        expected, built = read_content(sites["mkdocs"] / page), read_content(sites[engine] / page)
        ids = [name for name in built.ids if name not in ALLOWED["ids only Zensical writes"]]
        if ids != expected.ids:
            gone, new = set(expected.ids) - set(ids), set(ids) - set(expected.ids)
            differences.append(f"{page}: ids differ: missing {sorted(gone)}, new {sorted(new)}")
        if built.words != expected.words:
            at = next(
                (
                    n
                    for n, pair in enumerate(zip(expected.words, built.words, strict=False))
                    if len(set(pair)) > 1
                ),
                min(len(expected.words), len(built.words)),
            )
            differences.append(
                f"{page}: the words differ at word {at}: MkDocs has "
                f"{' '.join(expected.words[at : at + 8])!r}, {engine} has "
                f"{' '.join(built.words[at : at + 8])!r}"
            )
        if built.chips != expected.chips:
            differences.append(f"{page}: tag chips {expected.chips} became {built.chips}")
    assert differences == []


@pytest.mark.parametrize("engine", OTHER_ENGINES)
def test_the_same_data_files_sitemap_and_search_index(engine: str, sites: dict[str, Path]) -> None:
    require_engine(engine)
    expected, built = checksums(sites["mkdocs"]), checksums(sites[engine])
    same_bytes = [
        path
        for path in expected
        if path.startswith(("data/", "photos/", "issues/")) and not path.endswith(".html")
    ]
    same_bytes += ["sitemap.xml", "stylesheets/archive.css", "javascripts/search.js"]
    assert "data/remarks.json" in same_bytes and "data/remarks.csv" in same_bytes
    differing = [path for path in same_bytes if expected.get(path) != built.get(path)]
    assert differing == [], f"{engine} wrote these differently: {differing}"
    # The search index is made from the archive, not the HTML: the same words and records.
    index = {path: digest for path, digest in expected.items() if path.startswith("pagefind/")}
    built_index = {path: digest for path, digest in built.items() if path.startswith("pagefind/")}
    assert "pagefind/pagefind.js" in built_index
    assert pages_and_records(built_index) == pages_and_records(index)


class CitationTags(HTMLParser):
    """The page head's citation meta tags and its canonical address, in order."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {key: value or "" for key, value in attrs}
        name = found.get("name", "")
        if tag == "meta" and name.startswith(("citation_", "archive-cite-data")):
            self.found.append((name, found.get("content", "")))
        if tag == "link" and found.get("rel") == "canonical":
            self.found.append(("canonical", found.get("href", "")))


def citation_tags(page: Path) -> list[tuple[str, str]]:
    reader = CitationTags()
    reader.feed(page.read_text(encoding="utf-8"))
    return reader.found


@pytest.mark.parametrize("engine", OTHER_ENGINES)
def test_reference_managers_read_the_same_citation_tags(
    engine: str, sites: dict[str, Path]
) -> None:
    require_engine(engine)
    pages = ["defining-moments-2014/index.html", "speakers/charles-ramsey/index.html"]
    expected = {page: citation_tags(sites["mkdocs"] / page) for page in pages}
    assert ("citation_author", "Ramsey, Charles") in expected[pages[0]]
    assert ("archive-cite-data", "../data/cite/defining-moments-2014.json") in expected[pages[0]]
    assert {page: citation_tags(sites[engine] / page) for page in pages} == expected


@pytest.mark.parametrize("engine", ["mkdocs", *OTHER_ENGINES])
def test_the_editing_guide_shows_its_commands_as_code_blocks(
    engine: str, sites: dict[str, Path]
) -> None:
    require_engine(engine)
    page = (sites[engine] / "editing-guide/index.html").read_text(encoding="utf-8")
    blocks = [
        html.unescape(re.sub(r"<[^>]*>", "", block)).strip()  # Zensical colours the words
        for block in re.findall(r"<pre>(.*?)</pre>", page, re.S)
    ]
    assert guide_commands()
    assert [command for command in guide_commands() if command not in blocks] == []


@pytest.fixture(scope="module")
def served(sites: dict[str, Path]) -> Iterator[dict[str, str]]:
    """Each engine's site at a local address."""
    servers, addresses = [], {}
    for engine, site in sites.items():
        handler = functools.partial(QuietHandler, directory=str(site))
        server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        addresses[engine] = f"http://127.0.0.1:{server.server_address[1]}"
    yield addresses
    for server in servers:
        server.shutdown()
        server.server_close()


@pytest.mark.parametrize("engine", ["mkdocs", *OTHER_ENGINES])
def test_search_finds_a_phrase_on_every_engine(engine: str, served: dict[str, str]) -> None:
    require_engine(engine)
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            raise RuntimeError(f"{CHROMIUM} is missing; .ci/run must install Debian's chromium")
        pytest.skip("Chromium is not installed: run `sudo apt-get install chromium`")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        try:
            page = browser.new_page()
            page.goto(f"{served[engine]}/search/?q=mandatory+arrest")
            page.wait_for_function(
                "() => /^[0-9,]+ results? /.test("
                "document.querySelector('[data-archive-status]').textContent.trim())"
            )
            links = page.locator("[data-archive-results] .archive-result__link").all()
            targets = [link.get_attribute("href") or "" for link in links]
        finally:
            browser.close()
    assert any("jerry-dyer" in target for target in targets), targets


BROKEN_LINKS = {
    "anchor": ("docs/about.md", "\nSee [the data](data.md#nowhere).\n", "nowhere"),
    "navigation": ("mkdocs.yml", None, "gone.md"),
    "from the top": ("docs/about.md", "\nSee [the top](/about/).\n", "/about/"),
}


@pytest.mark.parametrize("case", BROKEN_LINKS)
@pytest.mark.parametrize("engine", ["mkdocs", *OTHER_ENGINES])
def test_a_broken_link_fails_the_build_under_every_engine(
    engine: str, case: str, small_site: Path
) -> None:
    require_engine(engine)
    name, added, clue = BROKEN_LINKS[case]
    path = small_site / name
    if added is None:  # a navigation entry to a page that does not exist
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("\nnav:\n", "\nnav:\n  - Gone: gone.md\n"), encoding="utf-8")
    else:
        path.write_text(path.read_text(encoding="utf-8") + added, encoding="utf-8")
    result = run_cli(small_site, "--engine", engine, "build")
    assert result.returncode == 1
    assert clue in result.stderr
    assert "Traceback" not in result.stderr and "\x1b[" not in result.stderr
    assert not (small_site / "site").exists()
    assert not list(small_site.glob(".site-*"))  # no staging folder or configuration left


def test_the_build_checks_the_links_zensical_does_not(small_site: Path) -> None:
    require_engine("zensical")
    config = small_site / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("\nnav:\n", "\nnav:\n  - Gone: gone.md\n"), encoding="utf-8")
    result = run_cli(small_site, "--engine", "zensical", "build")
    line = text.splitlines().index("nav:") + 2
    assert (
        f"mkdocs.yml:{line}: the navigation's link to 'gone.md' leads to no page or file of "
        "the site; correct or remove it under nav:"
    ) in result.stderr.splitlines()


def test_a_link_to_no_place_on_a_built_page_is_found(tmp_path: Path) -> None:
    from sitebuild.validate.built_links import BuiltLinks

    (tmp_path / "about").mkdir()
    (tmp_path / "about/index.html").write_text(
        '<h2 id="data">Data</h2><a href="../about/#data">ok</a><a href="#gone">x</a>'
        '<a href="../nothing/">y</a><a href="https://example.org/#z">z</a><a href="#">top</a>',
        encoding="utf-8",
    )
    assert BuiltLinks(tmp_path).broken("/about/") == [
        ("#gone", "leads to no place '#gone' on its page"),
        ("../nothing/", "leads to no page or file of the site"),
    ]


def generator_of(root: Path) -> str:
    page = (root / "site/index.html").read_text(encoding="utf-8")
    found = re.search(r'<meta name="generator" content="([^"]*)"', page)
    return found[1] if found else "zensical" if "zensical" in page.lower() else ""


def test_mkdocs_yml_chooses_the_engine_and_the_option_overrides_it(small_site: Path) -> None:
    require_engine("properdocs")
    config = small_site / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "\nextra:\n" in text
    config.write_text(text.replace("\nextra:\n", "\nextra:\n  engine: properdocs\n"), "utf-8")
    assert run_cli(small_site, "build").returncode == 0
    assert "ProperDocs" in generator_of(small_site)
    assert run_cli(small_site, "--engine", "mkdocs", "build").returncode == 0
    assert generator_of(small_site).startswith("mkdocs-1.")


@pytest.mark.parametrize(
    "args, setting, expected",
    [
        (
            ["--engine", "hugo"],
            None,
            "build_site.py: --engine hugo: unknown engine; choose one of mkdocs, properdocs, "
            "zensical",
        ),
        (
            [],
            "hugo",
            "mkdocs.yml:{line}: extra: engine: 'hugo' is not an engine; write one of mkdocs, "
            "properdocs, zensical",
        ),
        (
            [],
            "[zensical]",
            "mkdocs.yml:{line}: extra: engine: ['zensical'] is not an engine; write one of "
            "mkdocs, properdocs, zensical",
        ),
        (
            [],
            "{a: 1}",
            "mkdocs.yml:{line}: extra: engine: {{'a': 1}} is not an engine; write one of "
            "mkdocs, properdocs, zensical",
        ),
    ],
    ids=["option", "setting", "a list", "a mapping"],
)
def test_an_unknown_engine_is_one_line(
    args: list[str], setting: str | None, expected: str, small_site: Path
) -> None:
    config = small_site / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    if setting:
        config.write_text(text.replace("\nextra:\n", f"\nextra:\n  engine: {setting}\n"), "utf-8")
    line = text.splitlines().index("extra:") + 2
    result = run_cli(small_site, *args, "build")
    assert result.returncode == 1
    assert result.stderr.splitlines()[0] == expected.format(line=line)
    assert "Traceback" not in result.stderr


def test_a_missing_engine_names_the_install_command(
    small_site: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import build_site
    from sitebuild.engine import Engine

    monkeypatch.setattr(Engine, "is_installed", lambda self: False)
    assert build_site.main(["--root", str(small_site), "--engine", "zensical", "build"]) == 1
    assert capsys.readouterr().err.splitlines()[0] == (
        "build_site.py: the engine Zensical is chosen but not installed; install it with "
        "`.venv/bin/pip install -e '.[zensical]'`, or choose another with --engine"
    )


def test_zensical_reads_mkdocs_yml_tags_as_mkdocs_does(small_site: Path) -> None:
    """The build's configuration for Zensical inherits mkdocs.yml: its !ENV tags still work."""
    require_engine("zensical")
    config = small_site / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(
        text + "copyright: !ENV [ARCHIVE_NO_SUCH_VARIABLE, 'Copyright PERF, from the fallback']\n",
        encoding="utf-8",
    )
    result = run_cli(small_site, "--engine", "zensical", "build")
    assert result.returncode == 0, result.stderr
    home = (small_site / "site/index.html").read_text(encoding="utf-8")
    assert "Copyright PERF, from the fallback" in home
    assert "ARCHIVE_NO_SUCH_VARIABLE" not in home
    assert not list(small_site.glob(".site-config-*"))
