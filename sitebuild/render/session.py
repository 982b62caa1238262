"""Render a session page: the meeting's header, its introduction, and every remark in order.

Reads the ``Archive`` and one ``Session``; returns the Markdown of ``<session>.md``. The page
uses only standard extensions (attr_list, footnotes, admonition/details, md_in_html for the
banner and each remark's ``<article markdown>``, pymdownx.blocks for captions), so MkDocs and
its successors build it without any plugin of ours. Inside each remark only the heading, and
blocks with footnotes or photos, are Markdown; the rest is finished HTML the engine copies
(``render.html``), which gives the same pages at about two thirds of the engine's work.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import PurePosixPath

from sitebuild.links import (
    absolute_address,
    anchor_for_paragraph,
    anchor_for_remark,
    path_for_cite_data,
    path_for_edition,
    path_for_issue_page,
    path_for_session_page,
    path_for_speaker_page,
    path_for_topic_page,
    relative_address,
    relative_link,
    url_for_page,
)
from sitebuild.model import Archive, Block, Issue, Remark, Session
from sitebuild.paragraphs import attribute_line, cited_keys, text_only
from sitebuild.render.citation import (
    ACCESSED,
    Cited,
    apa,
    chicago,
    cited,
    meeting_tags,
    role_of,
)
from sitebuild.render.crosslinks import Linker, Words, footnote_definitions, replace_links
from sitebuild.render.html import (
    acts_beyond_its_block,
    is_plain,
    link_html,
    markdown_html,
    paragraph_html,
    passes_through,
)
from sitebuild.render.markdown import (
    escape_html,
    escape_markdown,
    format_dates,
    format_pages,
    issue_title,
    render_front_matter,
)
from sitebuild.render.photo import render_figure
from sitebuild.render.structured import quotation, render_json_ld

MORE_ON_TOPIC = 3
"""How many other remarks "More on this topic" suggests (kept small: pages must not grow)."""


def render_session_page(words: Words, session: Session, site_url: str | None = None) -> str:
    """Return the whole Markdown page for ``session``, footnotes at the end.

    With the site's published address (``site_url``), citations and structured data give
    full addresses; without it, addresses below the site's root.
    """
    archive = words.archive
    page = path_for_session_page(session.slug)
    remarks = archive.remarks_of(session)
    issue = archive.issue_by_slug(session.issue)
    address = absolute_address(site_url, url_for_page(page))
    edition = None
    if issue is not None and issue.edition is not None:
        edition = absolute_address(site_url, "/" + path_for_edition(issue.edition).as_posix())
    lines = render_front_matter(
        {
            "title": session.title,
            "description": session.summary,
            "citation": meeting_tags(session, remarks, issue, address, edition),
            "cite_data": path_for_cite_data(session.slug).as_posix(),
        }
    )
    lines += render_session_header(session, issue)
    if session.body:
        lines += [replace_links(archive, text_only(session.body), page), ""]
    texts = [session.body] + [
        text for remark in remarks for text in (remark.body, *(p.caption for p in remark.photos))
    ]
    markdown = any(acts_beyond_its_block(text) for text in texts)
    for remark in remarks:
        lines += render_remark(words, remark, session, site_url, markdown)
    body = "\n".join(lines)
    # Each text on its own: code in one must not run into the next.
    keys = list(dict.fromkeys(key for text in texts for key in cited_keys(text)))
    notes = footnote_definitions(archive, keys)
    return body.rstrip("\n") + "\n" + ("\n" + "\n\n".join(notes) + "\n" if notes else "")


def render_session_header(session: Session, issue: Issue | None) -> list[str]:
    """The themed banner: kind, title, place and dates, and the printed headline."""
    meta = f"{escape_markdown(session.kind)} · {escape_markdown(session.place)} · " + format_dates(
        session.start, session.end
    )
    lines = [
        f'<header class="session-banner session-banner--{session.theme}" markdown>',
        "",
        meta,
        "{ .session-banner__meta }",
        "",
        f"# {escape_markdown(session.title)}",
        "",
    ]
    if session.headline != session.title:
        lines += [escape_markdown(session.headline), "{ .session-banner__headline }", ""]
    if issue is not None:
        link = relative_link(path_for_session_page(session.slug), path_for_issue_page(issue.slug))
        printed = f", {format_pages(session.pages)}" if session.pages else ""
        lines += [
            f"Printed in [{escape_markdown(issue_title(issue))}]({link}){printed}.",
            "{ .session-banner__source }",
            "",
        ]
    return [*lines, "</header>", ""]


def render_remark(
    words: Words,
    remark: Remark,
    session: Session,
    site_url: str | None = None,
    markdown: bool = False,
) -> list[str]:
    """One remark: speaker, role, headline, the words (with photos where printed), provenance.

    With ``markdown``, the words are all Markdown for the engine (see ``render_words``).
    """
    archive = words.archive
    anchor = anchor_for_remark(remark.slug)
    address = absolute_address(site_url, url_for_page(path_for_session_page(session.slug), anchor))
    item = cited(remark, session, archive.issue_by_slug(session.issue), address)
    page = path_for_session_page(session.slug)
    speaker_link = relative_link(page, path_for_speaker_page(remark.slug))
    aliases = "".join(
        f'<span id="{escape_html(anchor_for_remark(alias))}"></span>' for alias in remark.aliases
    )
    lines = [
        f'<article class="remark remark--{session.theme}" markdown>',
        "",
        f"## [{escape_markdown(remark.name)}]({speaker_link})"
        f" {{ #{anchor_for_remark(remark.slug)} }}",
        "",
        paragraph_html(aliases + escape_html(role_of(remark)), ("remark__role",)),
        paragraph_html(escape_html(remark.headline), ("remark__headline",)),
        "",
        *render_words(archive, remark, page, markdown=markdown),
        render_provenance(archive, remark),
        *render_remark_links(archive, remark, session),
        "",
        *render_citations(item, anchor),
    ]
    # The structured data follows its remark, so gzip finds the repeated words nearby and the
    # page weighs little more than without it.
    return [
        *lines,
        "</article>",
        "",
        *render_json_ld([quotation(remark, session, words(remark), address)]),
    ]


def render_words(
    archive: Archive, remark: Remark, page: PurePosixPath, markdown: bool = False
) -> list[str]:
    """The remark's blocks: finished HTML, or Markdown where the engine is needed.

    The engine numbers footnotes across the page and builds captioned photos. Plain paragraphs
    (most of them) need no converter at all; other words are converted here, all blocks
    together, as the engine would have converted them. In a remark with footnotes or photos,
    only the plain paragraphs are HTML; a plain paragraph is a block of its own either way.
    With ``markdown`` (words on the page act beyond their block: ``acts_beyond_its_block``),
    every block is Markdown, as the engine always read it.
    """
    if markdown:
        return list(render_blocks_with_photos(archive, remark, page))
    if not remark.photos:
        plain = [plain_block(archive, remark, block) for block in remark.blocks]
        if all(html is not None for html in plain):
            return [*(html for html in plain if html), ""]
        # Note: the words are given to the converter as the engine read them on the page: links
        # to the Markdown pages (the literal text where no link is made, a tab's stop after a
        # link) and after a line break (a first line of spaces is blank there).
        addresses: dict[str, str] = {}

        def target(from_page: PurePosixPath, to_page: PurePosixPath, anchor: str | None) -> str:
            link = relative_link(from_page, to_page, anchor)
            addresses[link] = relative_address(from_page, to_page, anchor)
            return link

        blocks = (render_block(archive, remark, block, page, target) for block in remark.blocks)
        text = "\n\n".join("\n".join(block) for block in blocks if block)
        if "[^" not in text:
            html = markdown_html("\n" + text)
            for link, address in addresses.items():
                # As the engine rewrites a link to a Markdown page (the link comes first).
                html = html.replace(
                    f'<a href="{escape_html(link)}"', f'<a href="{escape_html(address)}"'
                )
            if passes_through(html):
                return [html, ""]
            return list(render_blocks_with_photos(archive, remark, page))
    return list(render_blocks_with_photos(archive, remark, page, plain=True))


def plain_block(archive: Archive, remark: Remark, block: Block) -> str | None:
    """A block of plain words as its finished paragraph, or None if Markdown would read it.

    A note to editors alone gives "" (it is never published).
    """
    text = text_only(link_dialogue_speaker(archive, remark, block, relative_address)).rstrip()
    if not text:
        return ""
    if not is_plain(text):
        return None
    if block.key is None:
        return paragraph_html(text, block.classes)
    aliases = "".join(
        f'<span id="{escape_html(anchor_for_paragraph(alias, block.key))}"></span>'
        for alias in remark.aliases
    )
    anchor = anchor_for_paragraph(remark.slug, block.key)
    return paragraph_html(aliases + text, ("quote-paragraph", *block.classes), anchor)


def render_blocks_with_photos(
    archive: Archive, remark: Remark, page: PurePosixPath, plain: bool = False
) -> Iterator[str]:
    """Yield the remark's blocks, each paragraph with its anchor, photos after their paragraph.

    With ``plain``, a block of plain words is yielded as its finished paragraph.
    """
    blocks = remark.blocks
    for position in range(len(blocks) + 1):
        for number, photo in enumerate(remark.photos, start=1):
            placed_at = len(blocks) if photo.after_paragraph is None else photo.after_paragraph
            if min(placed_at, len(blocks)) == position:
                yield from render_figure(archive, remark, photo, number, page)
        if position < len(blocks):
            html = plain_block(archive, remark, blocks[position]) if plain else None
            rendered = [html] if html else render_block(archive, remark, blocks[position], page)
            if rendered:
                yield from rendered
                yield ""


def render_block(
    archive: Archive,
    remark: Remark,
    block: Block,
    page: PurePosixPath,
    target: Linker = relative_link,
) -> list[str]:
    """A block as written, links resolved; a paragraph gets its anchor and its aliases' anchors.

    Links are made with ``target``: Markdown links for the engine, or built pages' addresses.
    """
    # Note: a note to editors on the paragraph's last line leaves a line break, which would
    # part the paragraph from its attribute line (and lose its address) if it stayed.
    text = text_only(link_dialogue_speaker(archive, remark, block, target)).rstrip()
    if not text:
        return []  # a note to editors, never published
    text = replace_links(archive, text, page, target)
    if block.key is None:
        attributes = attribute_line(None, block.classes)
        return [text, attributes] if attributes else [text]
    aliases = "".join(
        f'<span id="{escape_html(anchor_for_paragraph(alias, block.key))}"></span>'
        for alias in remark.aliases
    )
    anchor = anchor_for_paragraph(remark.slug, block.key)
    attributes = attribute_line(anchor, ("quote-paragraph", *block.classes))
    return [aliases + text, attributes or ""]


def link_dialogue_speaker(
    archive: Archive, remark: Remark, block: Block, target: Linker = relative_link
) -> str:
    """In a dialogue turn (``**Ramsey:** ...``), link the speaker's name if they have a page."""
    if "dialogue-turn" not in block.classes or not block.text.startswith("**"):
        return block.text
    label, separator, rest = block.text[2:].partition(":**")
    if not separator:
        return block.text
    people = archive.remarks_by_person()
    in_session = [item.slug for item in archive.remarks if item.session == remark.session]
    page = path_for_session_page(remark.session)
    for slug in sorted(people, key=lambda item: item not in in_session):
        name = people[slug][-1].name
        if label in (name, name.split()[-1]):
            return f"**[{label}]({target(page, path_for_speaker_page(slug), None)}):**{rest}"
    return block.text


def render_provenance(archive: Archive, remark: Remark) -> str:
    """Where the words were printed, the printed byline, and links to the remark's topics."""
    printed = f"Printed as “{escape_html(remark.byline)}”"
    printed += (
        f" on {format_pages(remark.pages)}." if remark.pages else "; print page not recorded."
    )
    page = path_for_session_page(remark.session)
    labels = ", ".join(
        link_html(relative_address(page, path_for_topic_page(key)), archive.topics[key].label)
        for key in remark.topics
    )
    return paragraph_html(f"{printed} Topics: {labels}.", ("remark__provenance",))


def render_remark_links(archive: Archive, remark: Remark, session: Session) -> list[str]:
    """Previous and next remark in print order, and a few more remarks on the same topics."""
    page = path_for_session_page(session.slug)
    remarks = archive.remarks_of(session)
    index = remarks.index(remark)
    steps = []
    if index > 0:
        before = remarks[index - 1]
        steps.append(f"← Previous: {link_html(f'#{anchor_for_remark(before.slug)}', before.name)}")
    if index + 1 < len(remarks):
        after = remarks[index + 1]
        steps.append(f"Next: {link_html(f'#{anchor_for_remark(after.slug)}', after.name)} →")
    lines = [paragraph_html(" · ".join(steps), ("remark__steps",))] if steps else []
    related = archive.related_remarks(remark, MORE_ON_TOPIC)
    if related:
        links = "; ".join(
            link_html(
                relative_address(
                    page, path_for_session_page(other.session), anchor_for_remark(other.slug)
                ),
                f"{other.name}: {other.headline}",
            )
            for other in related
        )
        lines.append(paragraph_html(f"More on this topic: {links}", ("remark__related",)))
    return lines


def render_citations(item: Cited, anchor: str) -> list[str]:
    """A collapsed "Cite this quote" box: Chicago and APA, each copyable.

    Written as finished HTML (every value escaped), which Markdown passes through untouched:
    the citations need no Markdown, and were a quarter of a meeting page's conversion time.
    The page's script adds the access date on copy, and RIS, BibTeX and CSL-JSON downloads
    (from the meeting's ``data/cite/`` file, which the page's head names).
    """
    placeholder = "CITATION-URL"
    link = f'<a class="cite-url" href="#{escape_html(anchor)}">{escape_html(item.url)}</a>'
    accessed = '<span class="cite-accessed"></span>'
    lines = ['<details class="quote">', "<summary>Cite this quote</summary>"]
    for style, text in (
        ("Chicago", chicago(replace(item, url=placeholder))),
        ("APA", apa(replace(item, url=placeholder))),
    ):
        cited_text = escape_html(text).replace(placeholder, link).replace(ACCESSED, accessed)
        lines.append(f'<p class="citation" data-style="{style}">{cited_text}</p>')
    return [*lines, "</details>", ""]
