"""Citation exports for reference managers: RIS and BibTeX, written from a CSL-JSON item.

``csl_json`` in ``render.citation`` is the one description of a cited remark; these turn it
into the two plain-text formats Zotero, Mendeley, EndNote and LaTeX read. Text stays Unicode
(UTF-8 files): names with accents and curly quotes are written as they are.
"""

from __future__ import annotations

import re
from typing import Any

RIS_TYPE = "MGZN"
"""RIS's type for a piece in a magazine or newsletter (Zotero reads it as a magazine article)."""
BIBTEX_TYPE = "article"
"""BibTeX has no newsletter type; an article in a periodical is the usual choice."""

_BIBTEX_SPECIAL = re.compile(r"([\\{}%&$#_^~])")
_BIBTEX_REPLACEMENTS = {
    "\\": r"\textbackslash{}",
    "^": r"\textasciicircum{}",
    "~": r"\textasciitilde{}",
}
_KEY_CHARACTERS = re.compile(r"[^A-Za-z0-9:_-]+")


def _one_line(text: str) -> str:
    """Formats here are line-based: a value never breaks a line."""
    return " ".join(str(text).split())


def _date(parts: list[int], separator: str) -> str:
    return separator.join(f"{part:02d}" if index else str(part) for index, part in enumerate(parts))


def _name(author: dict[str, str], *keys: str) -> list[str]:
    """The parts of a CSL-JSON name, in the order ``keys`` gives, the empty ones left out."""
    return [author[key] for key in keys if author.get(key)]


def ris(item: dict[str, Any]) -> str:
    """One RIS record (``TY`` to ``ER``), lines ending in CRLF as the format asks."""
    issued = item["issued"]["date-parts"][0]
    lines = [("TY", RIS_TYPE)]
    lines += [
        ("AU", ", ".join(_name(author, "family", "given", "suffix"))) for author in item["author"]
    ]
    lines += [
        ("TI", item["title"]),
        ("T2", item["container-title"]),
        ("PY", str(issued[0])),
    ]
    if len(issued) > 1:
        lines.append(("DA", _date(issued, "/")))
    if "volume" in item:
        lines.append(("VL", item["volume"]))
    if "issue" in item:
        lines.append(("IS", item["issue"]))
    if "page" in item:
        # A run of pages is a start and an end; pages apart ("1, 4") are given as printed.
        pages = [int(page) for page in item["page"].split(", ")]
        if pages == list(range(pages[0], pages[-1] + 1)):
            lines.append(("SP", str(pages[0])))
            if len(pages) > 1:
                lines.append(("EP", str(pages[-1])))
        else:
            lines.append(("SP", item["page"]))
    lines += [
        ("PB", item["publisher"]),
        ("UR", item["URL"]),
        ("N1", item["note"]),
        ("ID", item["id"]),
        ("ER", ""),
    ]
    return "".join(f"{tag}  - {_one_line(value)}".rstrip() + "\r\n" for tag, value in lines)


def bibtex_key(item: dict[str, Any]) -> str:
    """A citation key from the item's id: ``defining-moments-2014:charles-ramsey``."""
    return _KEY_CHARACTERS.sub("-", str(item["id"]).replace("/", ":"))


def bibtex_value(text: str) -> str:
    """A value inside BibTeX braces: TeX's special characters escaped, Unicode kept."""
    return _BIBTEX_SPECIAL.sub(
        lambda match: _BIBTEX_REPLACEMENTS.get(match[1], "\\" + match[1]), _one_line(text)
    )


def bibtex(item: dict[str, Any]) -> str:
    """One BibTeX entry; field values in braces, the title's capitals kept as written."""
    issued = item["issued"]["date-parts"][0]
    # BibTeX writes a name as "Last, Jr, First".
    authors = " and ".join(
        ", ".join(bibtex_value(part) for part in _name(author, "family", "suffix", "given"))
        for author in item["author"]
    )
    fields = [
        ("author", authors),
        ("title", "{" + bibtex_value(item["title"]) + "}"),
        ("journal", bibtex_value(item["container-title"])),
        ("year", str(issued[0])),
    ]
    if len(issued) > 1:
        fields.append(("month", str(issued[1])))
    if "volume" in item:
        fields.append(("volume", bibtex_value(item["volume"])))
    if "issue" in item:
        fields.append(("number", bibtex_value(item["issue"])))
    if "page" in item:
        fields.append(("pages", bibtex_value(item["page"].replace(", ", ","))))
    fields += [
        ("publisher", bibtex_value(item["publisher"])),
        ("note", bibtex_value(item["note"])),
        ("url", _one_line(item["URL"])),
    ]
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    return f"@{BIBTEX_TYPE}{{{bibtex_key(item)},\n{body}\n}}\n"
