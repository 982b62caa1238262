"""Open data: every remark as JSON and CSV, and every public address of the site.

Reads the ``Archive`` and the page registry's addresses; returns the text of
``data/remarks.json``, ``data/remarks.csv``, ``data/urls.txt`` and the citations of every
remark (``data/citations.json``, ``.ris`` and ``.bib``), which the build writes next
to the generated pages so MkDocs publishes them. The fields are documented on the hand-written
page ``docs/data.md``.
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from sitebuild.links import (
    absolute_address,
    anchor_for_remark,
    path_for_session_page,
    path_for_speaker_page,
    url_for_page,
)
from sitebuild.model import Remark
from sitebuild.render.citation import cited, csl_json
from sitebuild.render.crosslinks import Words
from sitebuild.render.export import bibtex, ris
from sitebuild.render.markdown import escape_html, issue_date, issue_title

CSV_FIELDS = (
    "id",
    "session",
    "session_title",
    "date",
    "issue",
    "issue_title",
    "issue_date",
    "order",
    "speaker",
    "title",
    "agency",
    "headline",
    "topics",
    "print_pages",
    "url",
    "speaker_url",
    "text",
    # Note: added after the first release; new columns go last, so columns keep their places.
    "issue_date_approximate",
    "issue_volume",
    "issue_number",
)


def remark_record(words: Words, remark: Remark) -> dict[str, Any]:
    """One remark as a flat record (the fields of ``remarks.json``)."""
    session = words.archive.session_of(remark)
    issue = words.archive.issue_by_slug(session.issue)
    return {
        "id": f"{session.slug}/{remark.slug}",
        "session": session.slug,
        "session_title": session.title,
        "date": session.start.isoformat(),
        "issue": session.issue,
        "issue_title": issue_title(issue) if issue is not None else "",
        "issue_date": issue_date(issue) if issue is not None else "",
        "issue_date_approximate": issue.approximate if issue is not None else False,
        "issue_volume": issue.volume if issue is not None else None,
        "issue_number": issue.number if issue is not None else None,
        "order": remark.order,
        "speaker": remark.name,
        "title": remark.title,
        "agency": remark.agency or "",
        "headline": remark.headline,
        "topics": list(remark.topics),
        "print_pages": list(remark.pages),
        "url": url_for_page(path_for_session_page(session.slug), anchor_for_remark(remark.slug)),
        "speaker_url": url_for_page(path_for_speaker_page(remark.slug)),
        "text": words(remark),
    }


def ordered_remarks(words: Words) -> list[Remark]:
    """Remarks in session order, then print order."""
    archive = words.archive
    return [
        remark for session in archive.sessions_in_order() for remark in archive.remarks_of(session)
    ]


def render_remarks_json(words: Words) -> str:
    """``remarks.json``: a list of remark records, pretty-printed, UTF-8."""
    records = [remark_record(words, remark) for remark in ordered_remarks(words)]
    return json.dumps(records, ensure_ascii=False, indent=2) + "\n"


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def not_a_formula(cell: str) -> str:
    """A cell that a spreadsheet would run as a formula, kept as text with a leading ``'``.

    Note: ``remarks.json`` keeps the exact words; the data page says so.
    """
    return f"'{cell}" if cell.startswith(FORMULA_START) else cell


def render_remarks_csv(words: Words) -> str:
    """``remarks.csv``: the same records; lists are joined with ``;``."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_FIELDS, lineterminator="\n")
    writer.writeheader()
    for remark in ordered_remarks(words):
        record = remark_record(words, remark)
        record["topics"] = ";".join(record["topics"])
        record["print_pages"] = ";".join(str(page) for page in record["print_pages"])
        record["issue_date_approximate"] = str(record["issue_date_approximate"]).lower()
        writer.writerow(
            {
                key: not_a_formula(value) if isinstance(value, str) else value
                for key, value in record.items()
            }
        )
    return buffer.getvalue()


def citation_items(words: Words, site_url: str | None) -> list[dict[str, Any]]:
    """Every remark as a CSL-JSON item, in the order of ``remarks.json``."""
    archive = words.archive
    items = []
    for remark in ordered_remarks(words):
        session = archive.session_of(remark)
        url = url_for_page(path_for_session_page(session.slug), anchor_for_remark(remark.slug))
        issue = archive.issue_by_slug(session.issue)
        items.append(csl_json(cited(remark, session, issue, absolute_address(site_url, url))))
    return items


def render_cite_data(words: Words, session_slug: str, site_url: str | None) -> str:
    """``data/cite/<session>.json``: each remark's citation as CSL-JSON, RIS and BibTeX.

    Keyed by the remark's anchor; the meeting page's script offers them as downloads.
    """
    archive = words.archive
    session = archive.session_by_slug(session_slug)
    assert session is not None
    issue = archive.issue_by_slug(session.issue)
    exports = {}
    for remark in archive.remarks_of(session):
        anchor = anchor_for_remark(remark.slug)
        url = absolute_address(site_url, url_for_page(path_for_session_page(session.slug), anchor))
        item = csl_json(cited(remark, session, issue, url))
        exports[anchor] = {"csl": item, "ris": ris(item), "bibtex": bibtex(item)}
    return json.dumps(exports, ensure_ascii=False, separators=(",", ":")) + "\n"


def render_citations(words: Words, site_url: str | None, name: str) -> str:
    """``citations.json`` (CSL-JSON), ``citations.ris`` or ``citations.bib``: every remark."""
    items = citation_items(words, site_url)
    if name.endswith(".json"):
        return json.dumps(items, ensure_ascii=False, indent=2) + "\n"
    if name.endswith(".ris"):
        return "".join(ris(item) + "\r\n" for item in items)
    return "\n".join(bibtex(item) for item in items)


SITEMAP_HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
)


def render_sitemap(addresses: list[str], site_url: str | None) -> str:
    """``sitemap.xml``: the full address of every public page, for search engines.

    Written by the build whatever the engine, from the page registry (so a page that only
    forwards a former address is never listed); empty until the site's address is set.
    """
    entries = [
        f"  <url><loc>{escape_html(absolute_address(site_url, address))}</loc></url>\n"
        for address in addresses
        if site_url
    ]
    return SITEMAP_HEAD + "".join(entries) + "</urlset>\n"


def render_urls(addresses: list[str]) -> str:
    """``urls.txt``: one address a line."""
    return "".join(f"{address}\n" for address in addresses)
