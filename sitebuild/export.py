"""Open data: every remark as JSON and CSV, and every public address of the site.

Reads the ``Archive``; returns the bytes of ``data/remarks.json``, ``data/remarks.csv`` and
``data/urls.txt``, which the build writes next to the generated pages so MkDocs publishes them.
The fields are documented on the hand-written page ``docs/data.md``.
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from sitebuild.links import (
    MEETINGS_PAGE,
    SPEAKER_INDEX_PAGE,
    TOPIC_INDEX_PAGE,
    anchor_for_paragraph,
    anchor_for_remark,
    path_for_session_page,
    path_for_speaker_page,
    path_for_topic_page,
    url_for_page,
)
from sitebuild.model import Archive, Remark
from sitebuild.render.structured import remark_text

CSV_FIELDS = (
    "id",
    "session",
    "session_title",
    "date",
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
)


def remark_record(archive: Archive, remark: Remark) -> dict[str, Any]:
    """One remark as a flat record (the fields of ``remarks.json``)."""
    session = archive.session_of(remark)
    return {
        "id": f"{session.slug}/{remark.slug}",
        "session": session.slug,
        "session_title": session.title,
        "date": session.start.isoformat(),
        "order": remark.order,
        "speaker": remark.name,
        "title": remark.title,
        "agency": remark.agency or "",
        "headline": remark.headline,
        "topics": list(remark.topics),
        "print_pages": list(remark.pages),
        "url": url_for_page(path_for_session_page(session.slug), anchor_for_remark(remark.slug)),
        "speaker_url": url_for_page(path_for_speaker_page(remark.slug)),
        "text": remark_text(archive, remark),
    }


def ordered_remarks(archive: Archive) -> list[Remark]:
    """Remarks in session order, then print order."""
    return [
        remark for session in archive.sessions_in_order() for remark in archive.remarks_of(session)
    ]


def render_remarks_json(archive: Archive) -> str:
    """``remarks.json``: a list of remark records, pretty-printed, UTF-8."""
    records = [remark_record(archive, remark) for remark in ordered_remarks(archive)]
    return json.dumps(records, ensure_ascii=False, indent=2) + "\n"


def render_remarks_csv(archive: Archive) -> str:
    """``remarks.csv``: the same records; lists are joined with ``;``."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_FIELDS, lineterminator="\n")
    writer.writeheader()
    for remark in ordered_remarks(archive):
        record = remark_record(archive, remark)
        record["topics"] = ";".join(record["topics"])
        record["print_pages"] = ";".join(str(page) for page in record["print_pages"])
        writer.writerow(record)
    return buffer.getvalue()


def public_addresses(archive: Archive, hand_written: list[str]) -> list[str]:
    """Every public address: pages, remark anchors and paragraph anchors (site-relative)."""
    addresses = set(hand_written)
    addresses |= {
        url_for_page(page) for page in (MEETINGS_PAGE, SPEAKER_INDEX_PAGE, TOPIC_INDEX_PAGE)
    }
    for session in archive.sessions:
        addresses.add(url_for_page(path_for_session_page(session.slug)))
    for remark in archive.remarks:
        page = path_for_session_page(remark.session)
        addresses.add(url_for_page(page, anchor_for_remark(remark.slug)))
        addresses.add(url_for_page(path_for_speaker_page(remark.slug)))
        for block in remark.blocks:
            if block.key is not None:
                addresses.add(url_for_page(page, anchor_for_paragraph(remark.slug, block.key)))
    addresses |= {url_for_page(path_for_topic_page(key)) for key in archive.topics}
    return sorted(addresses)


def render_urls(addresses: list[str]) -> str:
    """``urls.txt``: one address a line."""
    return "".join(f"{address}\n" for address in addresses)
