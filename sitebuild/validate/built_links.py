"""Links in a built page that lead nowhere: no such page or file, or no such place on the page.

MkDocs checks links and the navigation itself (``validation:`` in ``mkdocs.yml``, fatal under
``--strict``); Zensical ignores those settings. So that a broken link fails the build whatever
the engine, the built pages are read after the engine has run: every link to the site itself
(``<a href>``, ``<link href>``) must lead to a file of the built site, and a ``#place`` to an
element with that id on the page it leads to.
"""

from __future__ import annotations

import posixpath
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit


class _Page(HTMLParser):
    """A page's ids and the addresses it links to."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.ids.add(values["id"] or "")
        if values.get("name") and tag == "a":
            self.ids.add(values["name"] or "")
        if tag in ("a", "link") and values.get("href") is not None:
            self.links.append(values["href"] or "")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)


def _read(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8", errors="replace"))
    page.close()
    return page


class BuiltLinks:
    """Checks the links of built pages in ``site``, reading each linked page at most once."""

    def __init__(self, site: Path) -> None:
        self.site = site
        self.pages: dict[Path, _Page] = {}

    def _page(self, path: Path) -> _Page:
        if path not in self.pages:
            self.pages[path] = _read(path)
        return self.pages[path]

    def broken(self, url: str) -> list[tuple[str, str]]:
        """Each link of the page at ``url`` that leads nowhere: (the link, what is wrong)."""
        here = self._file(url)
        if here is None:
            return []
        found = []
        for link in dict.fromkeys(self._page(here).links):
            parts = urlsplit(link)
            if parts.scheme or parts.netloc or link.startswith("//") or link in ("", "#"):
                continue  # another site, an e-mail address, or the page itself
            address = urljoin(url, link)
            target = self._file(urlsplit(address).path)
            if target is None:
                found.append((link, "leads to no page or file of the site"))
                continue
            fragment = unquote(parts.fragment)
            if fragment and target.suffix == ".html" and fragment not in self._page(target).ids:
                found.append((link, f"leads to no place '#{fragment}' on its page"))
        return found

    def _file(self, address: str) -> Path | None:
        """The built file an address of the site leads to, if there is one."""
        relative = posixpath.normpath(unquote(address).lstrip("/") or ".")
        if relative.startswith(".."):
            return None
        path = self.site / relative
        if path.is_dir():
            path = path / "index.html"
        return path if path.is_file() else None
