"""Render the References page: every cited source, with links back to each place citing it."""

from __future__ import annotations

from sitebuild.links import (
    REFERENCES_PAGE,
    anchor_for_remark,
    path_for_session_page,
    relative_link,
)
from sitebuild.model import Archive
from sitebuild.paragraphs import cited_keys
from sitebuild.render.crosslinks import format_reference
from sitebuild.render.markdown import escape_markdown, render_front_matter


def citing_places(archive: Archive) -> dict[str, list[str]]:
    """For each source key, Markdown links to the places that cite it, in archive order."""
    page = REFERENCES_PAGE
    places: dict[str, list[str]] = {key: [] for key in archive.references}
    for session in archive.sessions_in_order():
        session_page = path_for_session_page(session.slug)
        for key in cited_keys(session.body):
            link = relative_link(page, session_page)
            places[key].append(f"[{escape_markdown(session.title)}, introduction]({link})")
        for remark in archive.remarks_of(session):
            texts = (remark.body, *(photo.caption for photo in remark.photos))
            for key in dict.fromkeys(key for text in texts for key in cited_keys(text)):
                link = relative_link(page, session_page, anchor_for_remark(remark.slug))
                places[key].append(
                    f"[{escape_markdown(remark.name)}, {escape_markdown(session.title)}]({link})"
                )
    return places


def render_references_page(archive: Archive) -> str:
    """Every source in ``speakers/references.yml``, in key order, with where it is cited."""
    lines = render_front_matter(
        {
            "title": "References",
            "description": "Sources cited in the PERF newsletter archive.",
        }
    )
    lines += ["# References", ""]
    places = citing_places(archive)
    for key in sorted(archive.references):
        cited_in = "; ".join(places[key]) or "not cited yet"
        lines += [
            f"- {format_reference(archive.references[key])}",
            f"  {{: #{key} }}",
            "",
            f"    Cited in: {cited_in}",
            "",
        ]
    return "\n".join(lines).rstrip("\n") + "\n"
