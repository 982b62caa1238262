"""Render the speaker pages (one per person) and the speaker index (A to Z, and by agency).

A person is known by the name of their speaker files: the same file name in two session folders
is the same person. Reads the ``Archive``; returns Markdown pages.
"""

from __future__ import annotations

from pathlib import PurePosixPath
from typing import Any

from sitebuild.links import (
    AGENCY_INDEX_PAGE,
    SPEAKER_INDEX_PAGE,
    absolute_address,
    anchor_for_remark,
    path_for_session_page,
    path_for_speaker_page,
    path_for_topic_page,
    relative_address,
    relative_link,
    url_for_page,
)
from sitebuild.model import Archive, Remark, family_name
from sitebuild.render.citation import role_of, speaker_tags
from sitebuild.render.crosslinks import Words
from sitebuild.render.listing import Entry, render_listing
from sitebuild.render.markdown import (
    escape_markdown,
    format_dates,
    issue_date,
    render_front_matter,
)
from sitebuild.render.structured import quotation, render_json_ld

OPENING_WORDS = 30


def opening_words(words: Words, remark: Remark, count: int = OPENING_WORDS) -> str:
    """The first ``count`` words of a remark, with an ellipsis if there are more."""
    split = words(remark).split()
    return " ".join(split[:count]) + (" …" if len(split) > count else "")


def excerpt_quotation(
    words: Words, remark: Remark, page: PurePosixPath, site_url: str | None = None
) -> dict[str, Any]:
    """The structured data of a remark as this page shows it: its opening words.

    Its ``@id`` is the remark's address on its session page, where the whole text is; so
    both pages describe the same quotation, and the whole text is not repeated here.
    """
    session = words.archive.session_of(remark)
    target = path_for_session_page(session.slug)
    anchor = anchor_for_remark(remark.slug)
    address = absolute_address(site_url, url_for_page(target, anchor))
    return {
        **quotation(remark, session, words(remark), address),
        "@id": address if site_url else relative_address(page, target, anchor),
        "text": opening_words(words, remark),
    }


def render_speaker_page(
    words: Words, slug: str, remarks: list[Remark], site_url: str | None = None
) -> str:
    """A person's page: their roles at each meeting and every remark, linked into context."""
    archive = words.archive
    page = path_for_speaker_page(slug)
    latest = remarks[-1]
    first = remarks[0]
    issues = [archive.issue_by_slug(archive.session_of(remark).issue) for remark in remarks]
    dates = [issue_date(issue) for issue in issues if issue is not None]
    newest = max(dates, default=str(archive.session_of(latest).start.year))
    lines = render_front_matter(
        {
            "title": latest.name,
            "description": f"{latest.name}: “{first.headline}” {opening_words(words, first, 20)}",
            "tags": sorted(
                {archive.topics[key].label for remark in remarks for key in remark.topics}
            ),
            "citation": speaker_tags(
                latest.name, newest, absolute_address(site_url, url_for_page(page))
            ),
        }
    )
    lines += render_json_ld(
        [excerpt_quotation(words, remark, page, site_url) for remark in remarks]
    )
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
            f"> {escape_markdown(opening_words(words, remark))}",
            "",
            f"[Read the remarks in context]({target}) · Topics: {topics}",
            "",
        ]
    return "\n".join(lines).rstrip("\n") + "\n"


def speaker_entry(slug: str, remark: Remark, group: str, role: str) -> Entry:
    """One person in a listing: their name, linked to their page, and a role."""

    def render(page: PurePosixPath) -> str:
        link = relative_link(page, path_for_speaker_page(slug))
        return f"- [{escape_markdown(remark.name)}]({link}), {escape_markdown(role)}"

    return Entry(group=group, render=render)


def render_speaker_index(archive: Archive) -> dict[PurePosixPath, str]:
    """All speakers from A to Z by family name, grouped by initial, split over pages if many."""
    people = archive.remarks_by_person()
    by_name = sorted(people.items(), key=lambda item: (family_name(item[1][-1].name), item[0]))
    entries = [
        speaker_entry(
            slug, remarks[-1], family_name(remarks[-1].name)[0].upper(), role_of(remarks[-1])
        )
        for slug, remarks in by_name
    ]

    def introduction(page: PurePosixPath) -> list[str]:
        agencies = relative_link(page, AGENCY_INDEX_PAGE)
        return [
            f"Everyone whose remarks are in the archive, by family name. See also the "
            f"[speakers grouped by agency]({agencies}).",
            "",
        ]

    front_matter: dict[str, object] = {
        "title": "Speakers",
        "description": "Every speaker in the PERF newsletter archive, A to Z.",
    }
    return render_listing(SPEAKER_INDEX_PAGE, front_matter, "Speakers", introduction, entries)


def render_agency_index(archive: Archive) -> dict[PurePosixPath, str]:
    """Speakers grouped by the agency they spoke for (a person may appear under several)."""
    listed = [
        speaker_entry(slug, remark, agency, remark.title)
        for agency, slug, remark in archive.speakers_by_agency()
    ]

    def introduction(page: PurePosixPath) -> list[str]:
        return [
            f"Speakers by the agency they spoke for, with their title at the time. See also "
            f"[all speakers A to Z]({relative_link(page, SPEAKER_INDEX_PAGE)}).",
            "",
        ]

    front_matter: dict[str, object] = {
        "title": "Speakers by agency",
        "description": "Every speaker in the PERF newsletter archive, grouped by agency.",
    }
    return render_listing(
        AGENCY_INDEX_PAGE, front_matter, "Speakers by agency", introduction, listed
    )
