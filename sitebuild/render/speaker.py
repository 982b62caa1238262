"""Render the speaker pages (one per person) and the speaker index (A to Z, and by agency).

A person is known by the name of their speaker files: the same file name in two session folders
is the same person. Reads the ``Archive``; returns Markdown pages.
"""

from __future__ import annotations

from sitebuild.links import (
    SPEAKER_INDEX_PAGE,
    anchor_for_remark,
    path_for_session_page,
    path_for_speaker_page,
    path_for_topic_page,
    relative_link,
)
from sitebuild.model import Archive, Remark, family_name
from sitebuild.paragraphs import plain_text
from sitebuild.render.citation import role_of
from sitebuild.render.markdown import escape_markdown, format_dates, render_front_matter
from sitebuild.render.structured import quotation, render_json_ld

OPENING_WORDS = 30


def opening_words(remark: Remark, count: int = OPENING_WORDS) -> str:
    """The first ``count`` words of a remark, with an ellipsis if there are more."""
    words = " ".join(
        plain_text(block.text) for block in remark.blocks if block.is_paragraph
    ).split()
    return " ".join(words[:count]) + (" …" if len(words) > count else "")


def render_speaker_page(archive: Archive, slug: str, remarks: list[Remark]) -> str:
    """A person's page: their roles at each meeting and every remark, linked into context."""
    page = path_for_speaker_page(slug)
    latest = remarks[-1]
    first = remarks[0]
    lines = render_front_matter(
        {
            "title": latest.name,
            "description": f"{latest.name}: “{first.headline}” {opening_words(first, 20)}",
            "tags": sorted(
                {archive.topics[key].label for remark in remarks for key in remark.topics}
            ),
        }
    )
    lines += render_json_ld([quotation(remark, archive.session_of(remark)) for remark in remarks])
    lines += [f"# {escape_markdown(latest.name)}", ""]
    lines += ["| Meeting | Title and agency at the time |", "| --- | --- |"]
    for remark in remarks:
        session = archive.session_of(remark)
        link = relative_link(page, path_for_session_page(session.slug))
        when = format_dates(session.start, session.end)
        lines.append(
            f"| [{escape_markdown(session.title)}]({link}), {escape_markdown(session.place)}, "
            f"{when} | {escape_markdown(role_of(remark))} |"
        )
    lines += ["", "## Remarks", ""]
    for remark in remarks:
        session = archive.session_of(remark)
        target = relative_link(
            page, path_for_session_page(session.slug), anchor_for_remark(remark.slug)
        )
        topics = ", ".join(
            f"[{escape_markdown(archive.topics[key].label)}]"
            f"({relative_link(page, path_for_topic_page(key))})"
            for key in remark.topics
        )
        lines += [
            f"### {escape_markdown(remark.headline)}",
            "",
            f"At {escape_markdown(session.title)}, {escape_markdown(session.place)}, "
            f"{format_dates(session.start, session.end)}, as {escape_markdown(role_of(remark))}.",
            "{ .remark__role }",
            "",
            f"> {escape_markdown(opening_words(remark))}",
            "",
            f"[Read the remarks in context]({target}) · Topics: {topics}",
            "",
        ]
    return "\n".join(lines).rstrip("\n") + "\n"


def render_speaker_index(archive: Archive) -> str:
    """All speakers from A to Z by family name, then the same people grouped by agency."""
    page = SPEAKER_INDEX_PAGE
    people = archive.remarks_by_person()
    lines = render_front_matter(
        {
            "title": "Speakers",
            "description": "Every speaker in the PERF newsletter archive, A to Z and by agency.",
        }
    )
    lines += ["# Speakers", "", "## A to Z", ""]
    by_name = sorted(people.items(), key=lambda item: (family_name(item[1][-1].name), item[0]))
    letter = ""
    for slug, remarks in by_name:
        initial = family_name(remarks[-1].name)[0].upper()
        if initial != letter:
            letter = initial
            lines += [f"### {letter}", ""]
        link = relative_link(page, path_for_speaker_page(slug))
        lines.append(
            f"- [{escape_markdown(remarks[-1].name)}]({link}), "
            f"{escape_markdown(role_of(remarks[-1]))}"
        )
    lines += ["", "## By agency", ""]
    agencies: dict[str, list[tuple[str, Remark]]] = {}
    for slug, remarks in people.items():
        for remark in remarks:
            agency = remark.agency or "No agency given"
            if all(existing != slug for existing, _ in agencies.get(agency, [])):
                agencies.setdefault(agency, []).append((slug, remark))
    for agency in sorted(agencies, key=str.casefold):
        lines += [f"### {escape_markdown(agency)}", ""]
        for slug, remark in sorted(agencies[agency], key=lambda item: family_name(item[1].name)):
            link = relative_link(page, path_for_speaker_page(slug))
            lines.append(
                f"- [{escape_markdown(remark.name)}]({link}), {escape_markdown(remark.title)}"
            )
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"
