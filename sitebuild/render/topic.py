"""Render the topic pages (one listing per entry of ``speakers/topics.yml``) and the index."""

from __future__ import annotations

from pathlib import PurePosixPath

from sitebuild.links import (
    TOPIC_INDEX_PAGE,
    anchor_for_remark,
    path_for_session_page,
    path_for_speaker_page,
    path_for_topic_page,
    relative_link,
)
from sitebuild.model import Archive, Remark, Topic
from sitebuild.render.listing import Entry, render_listing
from sitebuild.render.markdown import escape_markdown, render_front_matter


def topic_entry(archive: Archive, remark: Remark) -> Entry:
    """One remark in a topic listing: its headline (linked in context), speaker and meeting."""
    session = archive.session_of(remark)

    def render(page: PurePosixPath) -> str:
        target = relative_link(
            page, path_for_session_page(session.slug), anchor_for_remark(remark.slug)
        )
        speaker = relative_link(page, path_for_speaker_page(remark.slug))
        return (
            f"- [{escape_markdown(remark.headline)}]({target}): "
            f"[{escape_markdown(remark.name)}]({speaker}), {escape_markdown(session.title)}, "
            f"{session.start.year}"
        )

    return Entry(group="", render=render)


def render_topic_pages(
    archive: Archive, topic: Topic, remarks: list[Remark]
) -> dict[PurePosixPath, str]:
    """Every remark on one topic, newest meetings last, split over pages if many."""
    front_matter: dict[str, object] = {
        "title": topic.label,
        "description": f"What police leaders said about {topic.label.lower()} "
        "in the PERF newsletter archive.",
        "tags": [topic.label],
    }

    def introduction(page: PurePosixPath) -> list[str]:
        count = f"{len(remarks)} remark{'s' if len(remarks) != 1 else ''}"
        return [f"{count} on this topic." if remarks else "No remarks on this topic yet.", ""]

    entries = [topic_entry(archive, remark) for remark in remarks]
    return render_listing(
        path_for_topic_page(topic.key), front_matter, topic.label, introduction, entries
    )


def render_topic_index(archive: Archive) -> str:
    """The controlled list of topics, each with the number of remarks on it."""
    page = TOPIC_INDEX_PAGE
    lines = render_front_matter(
        {
            "title": "Topics",
            "description": "The topics of the remarks in the PERF newsletter archive.",
        }
    )
    lines += ["# Topics", ""]
    for key, remarks in archive.remarks_by_topic().items():
        topic = archive.topics[key]
        count = f"{len(remarks)} remark{'s' if len(remarks) != 1 else ''}"
        link = relative_link(page, path_for_topic_page(key))
        lines.append(f"- [{escape_markdown(topic.label)}]({link}) ({count})")
    lines += ["", "## Pages by topic", "", "<!-- material/tags -->"]
    return "\n".join(lines).rstrip("\n") + "\n"
