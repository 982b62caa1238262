"""schema.org structured data (JSON-LD) for remarks, so search engines know who said what.

``render_json_ld`` returns a ``<script type="application/ld+json">`` block for the page body.
Note: it is not put in the page's front matter, because writing and reading that much YAML
made the build several times slower at archive scale.
"""

from __future__ import annotations

import json
from typing import Any

from sitebuild.links import anchor_for_remark
from sitebuild.model import Remark, Session


def quotation(remark: Remark, session: Session, text: str, address: str) -> dict[str, Any]:
    """A schema.org ``Quotation``: the words, the speaker and role, the event and its date.

    ``address`` is the remark's own (full when the site's address is set).
    """
    person: dict[str, Any] = {"@type": "Person", "name": remark.name, "jobTitle": remark.title}
    if remark.agency:
        person["worksFor"] = {"@type": "Organization", "name": remark.agency}
    event: dict[str, Any] = {
        "@type": "Event",
        "name": session.title,
        "startDate": session.start.isoformat(),
        "location": {"@type": "Place", "name": session.place},
    }
    if session.end:
        event["endDate"] = session.end.isoformat()
    return {
        "@context": "https://schema.org",
        "@type": "Quotation",
        "@id": address if "://" in address else f"#{anchor_for_remark(remark.slug)}",
        "url": address,
        "name": remark.headline,
        "text": text,
        "creator": person,
        "spokenByCharacter": person,
        "dateCreated": session.start.isoformat(),
        "recordedAt": event,
    }


def script_json(data: object) -> str:
    """JSON safe inside a ``<script>`` element in Markdown: no ``<``, ``>`` or ``&`` in it."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    # Note: JSON's own escapes keep the text valid JSON and make "</script>" impossible.
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def render_json_ld(items: list[dict[str, Any]]) -> list[str]:
    """The structured data as a script block, safe to place in Markdown (no ``<`` inside)."""
    if not items:
        return []
    return [f'<script type="application/ld+json">{script_json(items)}</script>', ""]
