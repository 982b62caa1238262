"""Turn one session or speaker file into its typed model, or report why it cannot be.

Reads a ``RawDocument``; returns a ``Session`` or ``Remark`` (``None`` if the file has errors)
and appends every problem found in the file on its own: fields, names, words, paragraph
identifiers, photos. Checks that need other files are in ``validate.archive``.
"""

from __future__ import annotations

import difflib
import re
from functools import partial
from pathlib import Path
from typing import cast

from sitebuild.config import SlugKind
from sitebuild.errors import SourceError
from sitebuild.links import slug_problem
from sitebuild.load.documents import DocumentCache
from sitebuild.model import (
    Block,
    DatePrecision,
    Issue,
    Photo,
    RawDocument,
    Remark,
    Session,
    SessionTheme,
    Topic,
)
from sitebuild.paragraphs import PARAGRAPH_KEY, split_blocks
from sitebuild.validate.fields import FieldValues, read_fields
from sitebuild.validate.files import check_image, image_stamps
from sitebuild.validate.markup import check_markup
from sitebuild.validate.patterns import is_placeholder
from sitebuild.validate.schema import ISSUE_FIELDS, REMARK_FIELDS, SESSION_FIELDS
from sitebuild.validate.text import check_markdown, without_lines

KNOWN_CLASSES = ("dialogue-turn",)
"""Classes a speaker file may give a paragraph (``{: #p3 .dialogue-turn }``)."""


def check_name(path: Path, slug: str, kind: SlugKind, what: str, errors: list[SourceError]) -> bool:
    """A file or folder name must be a slug the site can use as an address; report it if not."""
    problem = slug_problem(slug, kind)
    if problem is None:
        return True
    errors.append(SourceError(path, None, f"the {what} name {problem}; rename it"))
    return False


def check_placeholders(
    doc: RawDocument,
    values: FieldValues,
    names: tuple[str, ...],
    errors: list[SourceError],
    legacy: dict[str, str] | None = None,
) -> None:
    """A value the scaffolding wrote for staff to replace is a warning (an error with --strict).

    ``legacy`` holds, by field, what older scaffolding wrote without the ``TODO`` mark.
    """
    for name in names:
        value = values.optional_text(name)
        if value is not None and (is_placeholder(value) or (legacy or {}).get(name) == value):
            errors.append(
                SourceError(
                    doc.path,
                    doc.line_of(name),
                    f"{name}: '{value}' is a placeholder; write the {name} as printed",
                    warning=True,
                )
            )


def build_session(doc: RawDocument, errors: list[SourceError]) -> Session | None:
    """Check a ``_session.md`` file and build its ``Session``; ``None`` if it has errors."""
    before = len(errors)
    slug = doc.path.parent.name
    check_name(doc.path.parent, slug, "session", "session folder", errors)
    values = read_fields(doc, doc.data, SESSION_FIELDS, (), errors)
    start, end = values.optional_date("start"), values.optional_date("end")
    if start is not None and end is not None and end < start:
        errors.append(
            SourceError(doc.path, doc.line_of("end"), f"end: {end} is before start {start}")
        )
    place = values.optional_text("place")
    legacy = {"summary": f"{values.optional_text('title')}, {place}."}
    check_placeholders(doc, values, ("headline", "summary", "kind"), errors, legacy)
    blocks = split_blocks(doc.body, doc.body_line)
    check_words(doc.path, doc.body_line, doc.body, errors, _attribute_lines(blocks))
    _check_attribute_tokens(doc.path, tuple(blocks), errors, allow_keys=False)
    if any(not error.warning for error in errors[before:]):
        return None
    return Session(
        slug=slug,
        path=doc.path,
        title=values.text("title"),
        headline=values.text("headline"),
        kind=values.text("kind"),
        theme=cast(SessionTheme, values.text("theme")),
        place=values.text("place"),
        start=values.date("start"),
        end=end,
        order=values.number("order"),
        summary=values.text("summary"),
        pages=values.items("pages"),
        aliases=values.items("aliases"),
        body=doc.body.strip("\n"),
        body_line=doc.body_line,
        aliases_line=doc.line_of("aliases"),
        issue=values.text("issue"),
        issue_line=doc.line_of("issue"),
        order_line=doc.line_of("order"),
        pages_line=doc.line_of("pages"),
    )


def build_issue(doc: RawDocument, errors: list[SourceError]) -> Issue | None:
    """Check an issue file (``speakers/issues/<slug>.md``); ``None`` if it has errors."""
    before = len(errors)
    slug = doc.path.stem
    check_name(doc.path, slug, "session", "issue file", errors)
    values = read_fields(doc, doc.data, ISSUE_FIELDS, (), errors)
    check_placeholders(doc, values, ("newsletter", "date_note"), errors, {})
    check_words(doc.path, doc.body_line, doc.body, errors, frozenset())
    if any(not error.warning for error in errors[before:]):
        return None
    date, precision = values.issue_date("date")
    return Issue(
        slug=slug,
        path=doc.path,
        newsletter=values.text("newsletter"),
        date=date,
        precision=cast(DatePrecision, precision),
        approximate=values.flag("approximate"),
        date_note=values.optional_text("date_note"),
        volume=values.optional_number("volume"),
        number=values.optional_number("number"),
        page_count=values.optional_number("pages"),
        edition=values.optional_text("edition"),
        body=doc.body.strip("\n"),
        body_line=doc.body_line,
        edition_line=doc.line_of("edition"),
    )


def build_remark(
    root: Path, doc: RawDocument, topics: dict[str, Topic] | None, errors: list[SourceError]
) -> Remark | None:
    """Check a speaker file and build its ``Remark``; ``None`` if it has errors.

    ``topics`` is None when ``topics.yml`` itself has errors: its messages say what to fix,
    and the topics of each file are not reported as unknown as well.
    """
    before = len(errors)
    slug = doc.path.stem
    check_name(doc.path, slug, "speaker", "file", errors)
    values = read_fields(doc, doc.data, REMARK_FIELDS, (), errors)
    for index, key in enumerate(values.items("topics")):
        if topics is not None and key not in topics:
            close = difflib.get_close_matches(key, list(topics), n=1, cutoff=0.6)
            hint = f"did you mean '{close[0]}'? " if close else ""
            errors.append(
                SourceError(
                    doc.path,
                    doc.line_of("topics", index),
                    f"topics: unknown topic '{key}'; {hint}use one listed in speakers/topics.yml "
                    "or add it there",
                )
            )
    # Note: what new-speaker wrote before its placeholders started with TODO.
    legacy = {"headline": f"Remarks of {values.optional_text('name')}"}
    check_placeholders(doc, values, ("headline", "byline"), errors, legacy)
    if not re.sub(r"<!--.*?-->", "", doc.body, flags=re.DOTALL).strip():
        errors.append(
            SourceError(
                doc.path,
                doc.body_line - 1,
                "the remarks are empty; write the speaker's words below the closing '---'",
            )
        )
    blocks = tuple(split_blocks(doc.body, doc.body_line))
    check_words(doc.path, doc.body_line, doc.body, errors, _attribute_lines(blocks))
    check_paragraph_keys(doc.path, blocks, errors)
    photos = values.photos()
    for index, fields in photos:
        after = fields.optional_number("after_paragraph")
        if after is not None and after > len(blocks):
            errors.append(
                SourceError(
                    doc.path,
                    doc.line_of("photos", index, "after_paragraph"),
                    f"photos.{index}.after_paragraph: {after} is more than the {len(blocks)} "
                    "paragraphs of the remarks; leave it out to place the photo at the end",
                )
            )
    sizes = {
        index: check_image(root, doc, index, fields.text("image"), errors)
        for index, fields in photos
        if "image" in fields
    }
    if any(not error.warning for error in errors[before:]):
        return None
    return Remark(
        slug=slug,
        session=doc.path.parent.name,
        path=doc.path,
        name=values.text("name"),
        title=values.text("title"),
        agency=values.optional_text("agency"),
        byline=values.text("byline"),
        headline=values.text("headline"),
        order=values.number("order"),
        order_line=doc.line_of("order"),
        pages=values.items("pages"),
        topics=values.items("topics"),
        photos=tuple(
            Photo(
                caption=fields.text("caption"),
                people=fields.items("people"),
                after_paragraph=fields.optional_number("after_paragraph"),
                line=doc.line_of("photos", index),
                image=fields.optional_text("image"),
                size=sizes.get(index),
            )
            for index, fields in photos
        ),
        aliases=values.items("aliases"),
        blocks=blocks,
        body=doc.body.strip("\n"),
        body_line=doc.body_line,
        name_line=doc.line_of("name"),
        aliases_line=doc.line_of("aliases"),
    )


def check_words(
    path: Path, first_line: int, body: str, errors: list[SourceError], lines: frozenset[int]
) -> None:
    """The words are text: clear messages first, then the Markdown engine's safety net."""
    before = len(errors)
    check_markdown(path, first_line, body, errors, lines)
    if len(errors) == before:
        # Note: the messages above cover what staff write; this finds anything else.
        check_markup(path, first_line, without_lines(body, lines, first_line), errors)


def _attribute_lines(blocks: list[Block] | tuple[Block, ...]) -> frozenset[int]:
    return frozenset(block.attributes_at for block in blocks if block.attributes_at is not None)


def _check_attribute_tokens(
    path: Path, blocks: tuple[Block, ...], errors: list[SourceError], allow_keys: bool
) -> None:
    """An attribute line may give only an identifier (``#p3``) and known classes."""
    for block in blocks:
        if block.attributes_at is None:
            continue
        for token in block.attributes:
            if (token.startswith("#") and allow_keys) or (
                token.startswith(".") and token[1:] in KNOWN_CLASSES
            ):
                continue
            if token.startswith(".") and allow_keys:
                continue  # reported with a suggestion by check_paragraph_keys
            allowed = "#p3 and .dialogue-turn" if allow_keys else "nothing"
            errors.append(
                SourceError(
                    path,
                    block.attributes_at,
                    f"'{token}' is not allowed in the line under a paragraph (allowed: "
                    f"{allowed}); remove it",
                )
            )


def check_paragraph_keys(path: Path, blocks: tuple[Block, ...], errors: list[SourceError]) -> None:
    """Paragraph identifiers are well formed and unique; a paragraph without one is a warning."""
    _check_attribute_tokens(path, blocks, errors, allow_keys=True)
    seen: dict[str, int] = {}
    for block in blocks:
        for name in block.classes:
            if name not in KNOWN_CLASSES:
                close = difflib.get_close_matches(name, KNOWN_CLASSES, n=1, cutoff=0.6)
                hint = f"did you mean '.{close[0]}'?" if close else "remove it"
                errors.append(
                    SourceError(path, block.line, f"unknown paragraph style '.{name}'; {hint}")
                )
        if block.key is None:
            if block.is_paragraph:
                errors.append(
                    SourceError(
                        path,
                        block.line,
                        "this paragraph has no identifier, so it cannot be linked to; run "
                        "'.venv/bin/python build_site.py number-paragraphs' to add one",
                        warning=True,
                    )
                )
        elif not PARAGRAPH_KEY.fullmatch(block.key):
            errors.append(
                SourceError(
                    path,
                    block.line,
                    f"paragraph identifier '#{block.key}' must be 'p' and a number, like #p4",
                )
            )
        elif block.key in seen:
            errors.append(
                SourceError(
                    path,
                    block.line,
                    f"paragraph identifier '#{block.key}' is already used on line "
                    f"{seen[block.key]}; run '.venv/bin/python build_site.py number-paragraphs' "
                    "after removing one of them",
                )
            )
        if block.key is not None:
            seen.setdefault(block.key, block.line)


def remark_from(
    cache: DocumentCache,
    root: Path,
    doc: RawDocument,
    topics: dict[str, Topic],
    topics_broken: bool,
    errors: list[SourceError],
) -> Remark | None:
    """The remark of a speaker file, kept from last time while nothing it depends on changed."""
    return cache.derive(
        doc.path,
        (tuple(topics), topics_broken, image_stamps(root, doc)),
        partial(build_remark, root, doc, None if topics_broken else topics),
        errors,
    )
