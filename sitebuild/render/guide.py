"""Render the field tables of the editing guide from the schemas the build checks against.

The tables are written to ``build/snippets/fields-*.md`` and pulled into the hand-written
``docs/editing-guide.md``, so the guide can never disagree with the checker.
"""

from __future__ import annotations

from sitebuild.render.markdown import escape_markdown
from sitebuild.validate.schema import (
    ISSUE_FIELDS,
    PHOTO_FIELDS,
    REFERENCE_FIELDS,
    REMARK_FIELDS,
    SESSION_FIELDS,
    FieldKind,
    FieldSpec,
)

KIND_NAMES: dict[FieldKind, str] = {
    "text": "text",
    "number": "whole number",
    "date": "date (YYYY-MM-DD)",
    "pages": "list of page numbers",
    "keys": "list of names",
    "photos": "list of photos",
    "theme": "one of: conference, town-hall, ceremony",
    "names": "list of text",
    "aliases": "list of former names",
    "url": "web address (https://...)",
    "doi": "DOI (10.xxxx/...)",
    "issue-date": "year, month or day (2015, 2015-03, 2015-03-16)",
    "flag": "true or false",
    "slug": "a file name without .md",
    "file": "a PDF file name",
}


def render_field_table(specs: tuple[FieldSpec, ...]) -> str:
    """A Markdown table: field, type, required, meaning, example."""
    lines = [
        "| Field | Type | Required | What it is | Example |",
        "| --- | --- | --- | --- | --- |",
    ]
    for spec in specs:
        example = spec.example.splitlines()[0].replace("|", "\\|")
        lines.append(
            f"| `{spec.name}` | {KIND_NAMES[spec.kind]} | {'yes' if spec.required else 'no'} "
            f"| {escape_markdown(spec.meaning)} | `{example}` |"
        )
    return "\n".join(lines) + "\n"


def render_field_snippets() -> dict[str, str]:
    """Every field table, by snippet file name."""
    return {
        "fields-session.md": render_field_table(SESSION_FIELDS),
        "fields-speaker.md": render_field_table(REMARK_FIELDS),
        "fields-photo.md": render_field_table(PHOTO_FIELDS),
        "fields-reference.md": render_field_table(REFERENCE_FIELDS),
        "fields-issue.md": render_field_table(ISSUE_FIELDS),
    }
