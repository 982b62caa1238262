"""One list of pages: everything built is registered, listed in urls.txt and guarded.

The registry is the only list of generated pages; these tests make sure rendering, the address
list, the published-address guard and the preview cannot drift apart from it again.
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath

from conftest import SESSION, SPEAKER, TOPICS, WriteFiles

from sitebuild.config import SiteLayout
from sitebuild.pages import PageKind
from sitebuild.pipeline import check, generate


def built_addresses(site: Path) -> set[str]:
    """The address of every page of a built site (its ``index.html`` files)."""
    return {
        "/" + path.parent.relative_to(site).as_posix().removeprefix(".") + "/"
        if path.parent != site
        else "/"
        for path in site.rglob("index.html")
    }


def test_every_built_page_is_registered_listed_and_guarded(real_archive: Path) -> None:
    result = check(SiteLayout(root=real_archive))
    assert result.ok and result.registry is not None
    registry = result.registry
    listed = set((real_archive / "site/data/urls.txt").read_text(encoding="utf-8").split())
    built = {address.replace("//", "/") for address in built_addresses(real_archive / "site")}
    redirects = {page.url for page in registry.pages if page.kind is PageKind.REDIRECT}
    assert built - redirects <= listed
    assert built <= registry.reachable()
    assert {"/agencies/", "/references/", "/meetings/", "/speakers/", "/topics/"} <= listed
    pages = {address for address in listed if "#" not in address and address.endswith("/")}
    assert pages <= built


def test_listings_split_over_pages_are_registered_and_rendered(project: WriteFiles) -> None:
    files = {"speakers/topics.yml": TOPICS, "speakers/big-2014/_session.md": SESSION}
    for number in range(1, 103):
        files[f"speakers/big-2014/person-{number}.md"] = (
            SPEAKER.replace("Jane Doe", f"Person Number{number}")
            .replace("order: 1", f"order: {number}")
            .replace("Testville Police Department", f"Agency {number}")
        )
    root = project(files)
    result = generate(SiteLayout(root=root))
    assert result.ok and result.registry is not None
    listed = set(result.registry.addresses())
    assert {"/speakers/page-2/", "/agencies/page-2/", "/topics/community-trust/2/"} <= listed
    written = {
        PurePosixPath(path.relative_to(root / "build/docs").as_posix())
        for path in (root / "build/docs").rglob("*.md")
    }
    generated = {page.path for page in result.registry.generated() if page.path.suffix == ".md"}
    assert generated <= written
    urls = (root / "build/docs/data/urls.txt").read_text(encoding="utf-8").split()
    assert sorted(urls) == sorted(listed)


def test_the_preview_renders_the_pages_the_registry_says_show_a_file(small_site: Path) -> None:
    result = check(SiteLayout(root=small_site))
    assert result.registry is not None
    showing = result.registry.pages_showing({Path("speakers/test-2014/jane-doe.md")})
    assert sorted(page.path.as_posix() for page in showing) == [
        "data/cite/test-2014.json",
        "references.md",
        "speakers/jane-doe.md",
        "test-2014.md",
    ]
