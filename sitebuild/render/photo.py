"""Render a printed photo as a figure: the image (or a placeholder) and its caption.

Until the real photo is added, the figure shows a generated SVG placeholder that names the
people shown and says it is a placeholder. The caption links each person to their page.
"""

from __future__ import annotations

import re
from pathlib import PurePosixPath

from sitebuild.links import path_for_photo, path_for_speaker_page, relative_link
from sitebuild.model import Archive, Photo, Remark, find_name
from sitebuild.render.markdown import escape_html, escape_markdown

PLACEHOLDER_SIZE = (640, 200)


def names_shown(archive: Archive, photo: Photo) -> list[str]:
    """The names of the people in the photo, in caption order."""
    people = archive.remarks_by_person()
    return [people[slug][-1].name for slug in photo.people if slug in people]


def render_placeholder_svg(names: list[str]) -> str:
    """An accessible SVG placeholder naming the people shown."""
    width, height = PLACEHOLDER_SIZE
    shown = escape_html(", ".join(names) if names else "the people in the caption")
    label = f"Placeholder: the print edition's photo of {shown} is not yet in the archive"
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="{label}">\n'
        f"<title>{label}</title>\n"
        f'<rect width="{width}" height="{height}" fill="#eceff1" stroke="#90a4ae" '
        'stroke-width="2" stroke-dasharray="8 6"/>\n'
        f'<text x="50%" y="42%" text-anchor="middle" font-family="sans-serif" font-size="20" '
        f'fill="#37474f">{shown}</text>\n'
        f'<text x="50%" y="62%" text-anchor="middle" font-family="sans-serif" font-size="15" '
        'fill="#546e7a">Photo from the print edition — placeholder, not yet in the archive</text>\n'
        "</svg>\n"
    )


def alt_text(archive: Archive, photo: Photo) -> str:
    """Alt text: who is shown, and whether this is a placeholder."""
    names = ", ".join(names_shown(archive, photo)) or "the people in the caption"
    if photo.image:
        return f"Photo from the print edition: {names}"
    return f"Placeholder for the print edition's photo of {names}"


def linked_caption(archive: Archive, photo: Photo, page: PurePosixPath) -> str:
    """The caption as printed, each person's name linked to their page."""
    people = archive.remarks_by_person()
    spans: list[tuple[int, int, str]] = []
    for slug in photo.people:
        if slug not in people:
            continue
        found = find_name(photo.caption, people[slug][-1].name)
        if found and all(found[1] <= start or found[0] >= end for start, end, _ in spans):
            spans.append((*found, slug))
    parts, position = [], 0
    for start, end, slug in sorted(spans):
        parts.append(escape_markdown(photo.caption[position:start]))
        name = escape_markdown(photo.caption[start:end])
        parts.append(f"[{name}]({relative_link(page, path_for_speaker_page(slug))})")
        position = end
    parts.append(escape_markdown(photo.caption[position:]))
    # A citation in a caption stays a footnote marker (the escaping above would hide it).
    return re.sub(
        r"\\\[@([a-z0-9-]+)\\\]",
        lambda match: f"[^{match[1]}]" if match[1] in archive.references else match[0],
        "".join(parts),
    )


def render_figure(
    archive: Archive, remark: Remark, photo: Photo, number: int, page: PurePosixPath
) -> list[str]:
    """The figure's Markdown: a lazily loaded image with its size, then the caption block."""
    width, height = photo.size or PLACEHOLDER_SIZE
    source = relative_link(page, path_for_photo(remark, photo, number))
    alt = escape_markdown(alt_text(archive, photo))
    placeholder = "" if photo.image else " .photo-placeholder"
    return [
        f'![{alt}]({source}){{ width="{width}" height="{height}" loading="lazy" '
        f".photo{placeholder} }}",
        "",
        "/// caption",
        linked_caption(archive, photo, page),
        "///",
        "",
    ]
