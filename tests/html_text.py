"""Read the text a person sees on a built page, with HTMLParser (never regex over HTML)."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser

SKIPPED_CLASSES = {"headerlink", "footnote-backref"}
SKIPPED_TAGS = {"sup", "script", "style"}


@dataclass
class PageText:
    """The main content's text, and the text of each remark keyed by its heading id."""

    main: str = ""
    remarks: dict[str, str] = field(default_factory=dict)
    remark_order: list[str] = field(default_factory=list)
    captions: list[str] = field(default_factory=list)


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = PageText()
        self.stack: list[str] = []
        self.main_depth: int | None = None
        self.remark_depth: int | None = None
        self.remark_id: str | None = None
        self.skip_depth: int | None = None
        self.caption_depth: int | None = None
        self.caption = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in {"br", "img", "hr", "meta", "link", "input"}:
            self.handle_data(" ")
            return
        self.stack.append(tag)
        depth = len(self.stack)
        classes = set((dict(attrs).get("class") or "").split())
        if tag == "article" and "md-content__inner" in classes:
            self.main_depth = depth
        elif tag == "article" and "remark" in classes:
            self.remark_depth = depth
        elif tag == "h2" and self.remark_depth is not None and self.remark_id is None:
            self.remark_id = dict(attrs).get("id") or ""
            self.page.remark_order.append(self.remark_id)
            self.page.remarks[self.remark_id] = ""
        if self.skip_depth is None and (tag in SKIPPED_TAGS or classes & SKIPPED_CLASSES):
            self.skip_depth = depth
        if tag == "figcaption":
            self.caption_depth = depth
            self.caption = ""
        self.handle_data(" ")

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or tag in {"br", "img", "hr", "meta", "link", "input"}:
            return
        depth = len(self.stack)
        self.handle_data(" ")
        if self.skip_depth == depth:
            self.skip_depth = None
        if self.caption_depth == depth:
            self.page.captions.append(" ".join(self.caption.split()))
            self.caption_depth = None
        if self.remark_depth == depth:
            self.remark_depth = None
            self.remark_id = None
        if self.main_depth == depth:
            self.main_depth = None
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        if self.main_depth is None or self.skip_depth is not None:
            return
        self.page.main += data
        if self.remark_id is not None:
            self.page.remarks[self.remark_id] += data
        if self.caption_depth is not None:
            self.caption += data


def read_page_text(html: str) -> PageText:
    """The visible text of a Material page's main content, split by remark."""
    reader = _Reader()
    reader.feed(html)
    reader.close()
    return reader.page
