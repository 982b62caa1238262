"""Render a session page: the meeting's header, its introduction, and every remark in order.

Reads a ``Session`` and its ``Remark`` list; returns the Markdown of ``<session>/index.md``.
The page uses only standard extensions (attr_list, footnotes, pymdownx.blocks), so MkDocs and
its successors build it without any plugin of ours.
"""

from __future__ import annotations

from collections.abc import Iterator

from sitebuild.links import anchor_for_remark
from sitebuild.model import Photo, Remark, Session, Topic
from sitebuild.render.markdown import (
    escape_markdown,
    format_dates,
    format_pages,
    render_front_matter,
    split_paragraphs,
)

PHOTO_PLACEHOLDER = "Photo from the print edition (not yet in the archive)"


def render_session_page(session: Session, remarks: list[Remark], topics: dict[str, Topic]) -> str:
    """Return the whole Markdown page for ``session``."""
    lines = render_front_matter(
        {
            "title": session.title,
            "description": session.summary,
        }
    )
    lines += render_session_header(session)
    if session.body:
        lines += [session.body, ""]
    for remark in remarks:
        lines += render_remark(remark, session, topics)
    return "\n".join(lines).rstrip("\n") + "\n"


def render_session_header(session: Session) -> list[str]:
    """The themed banner: kind, title, place and dates, and the printed headline."""
    meta = f"{escape_markdown(session.kind)} · {escape_markdown(session.place)} · " + format_dates(
        session.start, session.end
    )
    lines = [
        f"/// html | header.session-banner.session-banner--{session.theme}",
        "",
        meta,
        "{ .session-banner__meta }",
        "",
        f"# {escape_markdown(session.title)}",
        "",
        escape_markdown(session.headline),
        "{ .session-banner__headline }",
        "",
    ]
    if session.pages:
        lines += [
            f"From the PERF newsletter, printed on {format_pages(session.pages)}.",
            "{ .session-banner__source }",
            "",
        ]
    return [*lines, "///", ""]


def render_remark(remark: Remark, session: Session, topics: dict[str, Topic]) -> list[str]:
    """One remark: speaker, role, headline, the words (with photos where printed), provenance."""
    role = escape_markdown(remark.title)
    if remark.agency:
        role += f", {escape_markdown(remark.agency)}"
    lines = [
        f"/// html | article.remark.remark--{session.theme}",
        "",
        f"## {escape_markdown(remark.name)} {{ #{anchor_for_remark(remark.slug)} }}",
        "",
        role,
        "{ .remark__role }",
        "",
        escape_markdown(remark.headline),
        "{ .remark__headline }",
        "",
    ]
    lines += list(render_body_with_photos(remark.body, remark.photos))
    lines += [render_provenance(remark, topics), "{ .remark__provenance }", "", "///", ""]
    return lines


def render_body_with_photos(body: str, photos: tuple[Photo, ...]) -> Iterator[str]:
    """Yield the remark's blocks, with each photo inserted after its paragraph."""
    blocks = split_paragraphs(body)
    for position in range(len(blocks) + 1):
        for photo in photos:
            placed_at = len(blocks) if photo.after_paragraph is None else photo.after_paragraph
            if min(placed_at, len(blocks)) == position:
                yield from render_photo(photo)
        if position < len(blocks):
            yield blocks[position]
            yield ""


def render_photo(photo: Photo) -> list[str]:
    """A figure: a placeholder for the missing photo, and the printed caption."""
    return [
        PHOTO_PLACEHOLDER,
        "{ .photo-placeholder }",
        "",
        "/// caption",
        escape_markdown(photo.caption),
        "///",
        "",
    ]


def render_provenance(remark: Remark, topics: dict[str, Topic]) -> str:
    """Where the words were printed, the printed byline, and the remark's topics."""
    printed = f"Printed as “{escape_markdown(remark.byline)}”"
    printed += (
        f" on {format_pages(remark.pages)}." if remark.pages else "; print page not recorded."
    )
    labels = ", ".join(escape_markdown(topics[key].label) for key in remark.topics if key in topics)
    return f"{printed} Topics: {labels}."
