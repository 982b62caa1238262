"""Render a session page: the meeting's header, its introduction, and every remark in order.

Reads a ``Session`` and its ``Remark`` list; returns the Markdown of ``<session>.md``. The page
uses only standard extensions (attr_list, footnotes, admonition/details, pymdownx.blocks), so
MkDocs and its successors build it without any plugin of ours.
"""

from __future__ import annotations

from collections.abc import Iterator

from sitebuild.links import (
    anchor_for_paragraph,
    anchor_for_remark,
    path_for_session_page,
    path_for_speaker_page,
    path_for_topic_page,
    relative_link,
    url_for_page,
)
from sitebuild.model import Photo, Remark, Session, Topic
from sitebuild.paragraphs import Block, attribute_line
from sitebuild.render.citation import cite_apa, cite_chicago, role_of
from sitebuild.render.markdown import (
    escape_markdown,
    format_dates,
    format_pages,
    render_front_matter,
)
from sitebuild.render.structured import quotation

PHOTO_PLACEHOLDER = "Photo from the print edition (not yet in the archive)"


def render_session_page(session: Session, remarks: list[Remark], topics: dict[str, Topic]) -> str:
    """Return the whole Markdown page for ``session``."""
    lines = render_front_matter(
        {
            "title": session.title,
            "description": session.summary,
            "structured_data": [quotation(remark, session) for remark in remarks],
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
    page = path_for_session_page(session.slug)
    speaker_link = relative_link(page, path_for_speaker_page(remark.slug))
    aliases = "".join(f'<span id="{anchor_for_remark(alias)}"></span>' for alias in remark.aliases)
    lines = [
        f"/// html | article.remark.remark--{session.theme}",
        "",
        f"## [{escape_markdown(remark.name)}]({speaker_link})"
        f" {{ #{anchor_for_remark(remark.slug)} }}",
        "",
        aliases + escape_markdown(role_of(remark)),
        "{ .remark__role }",
        "",
        escape_markdown(remark.headline),
        "{ .remark__headline }",
        "",
    ]
    lines += list(render_blocks_with_photos(remark))
    lines += [render_provenance(remark, topics), "{ .remark__provenance }", ""]
    lines += render_citations(remark, session)
    return [*lines, "///", ""]


def render_blocks_with_photos(remark: Remark) -> Iterator[str]:
    """Yield the remark's blocks, each paragraph with its anchor, photos after their paragraph."""
    blocks = remark.blocks
    for position in range(len(blocks) + 1):
        for photo in remark.photos:
            placed_at = len(blocks) if photo.after_paragraph is None else photo.after_paragraph
            if min(placed_at, len(blocks)) == position:
                yield from render_photo(photo)
        if position < len(blocks):
            yield from render_block(remark, blocks[position])
            yield ""


def render_block(remark: Remark, block: Block) -> list[str]:
    """A block as written; a paragraph gets its full anchor and the old anchors of aliases."""
    if block.key is None:
        attributes = attribute_line(None, block.classes)
        return [block.text, attributes] if attributes else [block.text]
    aliases = "".join(
        f'<span id="{anchor_for_paragraph(alias, block.key)}"></span>' for alias in remark.aliases
    )
    anchor = anchor_for_paragraph(remark.slug, block.key)
    attributes = attribute_line(anchor, ("quote-paragraph", *block.classes))
    return [aliases + block.text, attributes or ""]


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
    """Where the words were printed, the printed byline, and links to the remark's topics."""
    printed = f"Printed as “{escape_markdown(remark.byline)}”"
    printed += (
        f" on {format_pages(remark.pages)}." if remark.pages else "; print page not recorded."
    )
    session_page = path_for_session_page(remark.session)
    labels = ", ".join(
        f"[{escape_markdown(topics[key].label)}]"
        f"({relative_link(session_page, path_for_topic_page(key))})"
        for key in remark.topics
        if key in topics
    )
    return f"{printed} Topics: {labels}."


def render_citations(remark: Remark, session: Session) -> list[str]:
    """A collapsed "Cite this quote" box with Chicago and APA citations, each copyable."""
    anchor = anchor_for_remark(remark.slug)
    url = url_for_page(path_for_session_page(session.slug), anchor)
    placeholder = "CITATION-URL"
    link = f"[{url}](#{anchor}){{ .cite-url }}"
    lines = ['??? quote "Cite this quote"', ""]
    for style, text in (
        ("Chicago", cite_chicago(remark, session, placeholder)),
        ("APA", cite_apa(remark, session, placeholder)),
    ):
        cited = escape_markdown(text).replace(placeholder, link)
        lines += [f"    {cited}", f'    {{ .citation data-style="{style}" }}', ""]
    return lines
