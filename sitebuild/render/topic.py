"""Render the topic pages (one per entry of ``speakers/topics.yml``) and the topic index."""

from __future__ import annotations

from sitebuild.links import (
    TOPIC_INDEX_PAGE,
    anchor_for_remark,
    path_for_session_page,
    path_for_speaker_page,
    path_for_topic_page,
    relative_link,
)
from sitebuild.model import Archive, Remark, Topic
from sitebuild.render.markdown import escape_markdown, render_front_matter


def render_topic_page(archive: Archive, topic: Topic, remarks: list[Remark]) -> str:
    """Every remark on one topic, with its speaker, headline and a link into context."""
    page = path_for_topic_page(topic.key)
    lines = render_front_matter(
        {
            "title": topic.label,
            "description": f"What police leaders said about {topic.label.lower()} "
            "in the PERF newsletter archive.",
            "tags": [topic.label],
        }
    )
    lines += [f"# {escape_markdown(topic.label)}", ""]
    if not remarks:
        lines += ["No remarks on this topic yet.", ""]
    for remark in remarks:
        session = archive.session_of(remark)
        target = relative_link(
            page, path_for_session_page(session.slug), anchor_for_remark(remark.slug)
        )
        speaker = relative_link(page, path_for_speaker_page(remark.slug))
        lines.append(
            f"- [{escape_markdown(remark.headline)}]({target}): "
            f"[{escape_markdown(remark.name)}]({speaker}), {escape_markdown(session.title)}, "
            f"{session.start.year}"
        )
    return "\n".join(lines).rstrip("\n") + "\n"


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
