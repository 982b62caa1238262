"""Typed content model: what the validated speaker and session files mean.

``RawDocument`` is a source file as ``load`` reads it: front-matter data with the file line of
every key, and the body. The other models are frozen dataclasses built by ``validate``; nothing
after it reads raw YAML.
Sessions and remarks compare by their key (the folder name; the folder and file name), as
Material's tags compare by name. Relationships between objects live in ``Archive``, not on the
objects themselves; caches of rendered text live with the renderers.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any, Literal


@dataclass(frozen=True)
class Block:
    """One block of a remark: a paragraph, list, footnote or other Markdown block."""

    text: str
    """The block's Markdown, without its attribute line."""
    line: int
    """File line where the block starts."""
    key: str | None
    """The stable identifier of a paragraph (``p3``), if it has one."""
    classes: tuple[str, ...]
    """Classes from the attribute line (``dialogue-turn``)."""
    is_paragraph: bool
    """True for a plain paragraph of the speaker's words (which can carry an identifier)."""
    attributes: tuple[str, ...] = ()
    """Every token of the attribute line under the block, as written (``#p3``, ``.x``)."""
    attributes_at: int | None = None
    """File line of the attribute line under the block, if it has one."""


KeyPath = tuple[str | int, ...]
"""Where a value is in the front matter: ``("photos", 0, "caption")``."""


@dataclass
class RawDocument:
    """A source file split into front-matter data and Markdown body."""

    path: Path
    data: dict[str, Any]
    lines: dict[KeyPath, int] = field(default_factory=dict)
    body: str = ""
    body_line: int = 1

    def line_of(self, *key: str | int) -> int:
        """Return the file line of ``key`` (or of its nearest known parent)."""
        path: KeyPath = tuple(key)
        while path and path not in self.lines:
            path = path[:-1]
        return self.lines.get(path, 1)


SessionTheme = Literal["conference", "town-hall", "ceremony"]
SESSION_THEMES: tuple[SessionTheme, ...] = ("conference", "town-hall", "ceremony")


@dataclass(frozen=True)
class Topic:
    """One entry of the controlled topic list (``speakers/topics.yml``)."""

    key: str
    label: str
    line: int = 1
    """The line of ``speakers/topics.yml`` that defines it."""


@dataclass(frozen=True)
class Reference:
    """A cited source, kept once in ``speakers/references.yml`` and cited by its key."""

    key: str
    title: str
    publication: str
    url: str
    authors: tuple[str, ...] = ()
    year: int | None = None
    doi: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class Photo:
    """A printed photo, known by its caption; placed after ``after_paragraph`` paragraphs."""

    caption: str
    people: tuple[str, ...]
    after_paragraph: int | None
    line: int
    image: str | None = None
    """The photo file, relative to the session folder; None while only the caption is known."""
    size: tuple[int, int] | None = None
    """The photo file's (width, height) in pixels."""


DatePrecision = Literal["year", "month", "day"]
"""How precisely an issue's date is known: as the print edition states it."""


@dataclass(frozen=True)
class Issue:
    """One printed issue of the newsletter: a ``speakers/issues/<slug>.md`` file."""

    slug: str
    path: Path
    newsletter: str
    """The newsletter's name as printed on the issue."""
    date: dt.date
    """The issue's date; only the parts ``precision`` names are known."""
    precision: DatePrecision
    approximate: bool
    """True when the date is inferred (from what the issue reports), not printed."""
    date_note: str | None
    volume: int | None
    number: int | None
    page_count: int | None
    edition: str | None
    """The print edition (a PDF beside the issue file), if the archive holds it."""
    body: str
    body_line: int
    line: int = 1
    edition_line: int = 1

    @property
    def key(self) -> str:
        """What identifies the issue: its file name."""
        return self.slug


@dataclass(frozen=True, eq=False)
class Session:
    """One meeting or notice: a ``_session.md`` file and the remarks in its folder."""

    slug: str
    path: Path
    title: str
    headline: str
    kind: str
    theme: SessionTheme
    place: str
    start: dt.date
    end: dt.date | None
    order: int
    summary: str
    pages: tuple[int, ...]
    aliases: tuple[str, ...]
    """Former slugs of this session; their addresses redirect to this page."""
    body: str
    body_line: int
    aliases_line: int = 1
    issue: str = ""
    """The newsletter issue that printed it (an issue file's name under ``speakers/issues/``)."""
    issue_line: int = 1
    order_line: int = 1
    pages_line: int = 1

    @property
    def key(self) -> str:
        """What identifies the session: its folder name."""
        return self.slug

    def __eq__(self, other: object) -> bool:
        """Sessions are equal when their keys are."""
        return isinstance(other, Session) and other.slug == self.slug

    def __hash__(self) -> int:
        """Hash of the key."""
        return hash(("session", self.slug))


@dataclass(frozen=True, eq=False)
class Remark:
    """One speaker's remarks at one session: a ``speakers/<session>/<speaker>.md`` file."""

    slug: str
    session: str
    path: Path
    name: str
    title: str
    agency: str | None
    byline: str
    headline: str
    order: int
    order_line: int
    pages: tuple[int, ...]
    topics: tuple[str, ...]
    photos: tuple[Photo, ...]
    aliases: tuple[str, ...]
    """Former identifiers of this remark; old links to them still land here."""
    blocks: tuple[Block, ...]
    body: str
    body_line: int
    name_line: int = 2
    aliases_line: int = 1

    @property
    def key(self) -> tuple[str, str]:
        """What identifies the remark: its session folder and file name."""
        return (self.session, self.slug)

    def __eq__(self, other: object) -> bool:
        """Remarks are equal when their keys are."""
        return isinstance(other, Remark) and other.key == self.key

    def __hash__(self) -> int:
        """Hash of the key."""
        return hash(("remark", self.session, self.slug))


@dataclass
class Archive:
    """Everything loaded from ``speakers/``, with the relationships between objects."""

    sessions: list[Session] = field(default_factory=list)
    remarks: list[Remark] = field(default_factory=list)
    topics: dict[str, Topic] = field(default_factory=dict)
    references: dict[str, Reference] = field(default_factory=dict)
    issues: list[Issue] = field(default_factory=list)

    def issues_newest_first(self) -> list[Issue]:
        """Every issue, the newest first (by date, then volume and number, then name)."""
        return sorted(
            self.issues,
            key=lambda issue: (issue.date, issue.volume or 0, issue.number or 0, issue.slug),
            reverse=True,
        )

    def issue_by_slug(self, slug: str) -> Issue | None:
        """The issue whose file is ``slug``.md, if there is one."""
        return next((issue for issue in self.issues if issue.slug == slug), None)

    def sessions_of(self, issue: Issue) -> list[Session]:
        """The meetings and notices an issue printed, in print order."""
        return sorted(
            (session for session in self.sessions if session.issue == issue.slug),
            key=lambda session: (session.order, session.slug),
        )

    def sessions_in_order(self) -> list[Session]:
        """Sessions by date, then newsletter order, then slug (stable for equal keys)."""
        return list(self._index.sessions)

    def remarks_of(self, session: Session) -> list[Remark]:
        """The remarks given at ``session``, in print order."""
        return list(self._index.by_session.get(session.slug, ()))

    def session_of(self, remark: Remark) -> Session:
        """The session at which ``remark`` was given."""
        return self._index.session_by_slug[remark.session]

    def session_by_slug(self, slug: str) -> Session | None:
        """The session whose folder is ``slug``, if there is one."""
        return self._index.session_by_slug.get(slug)

    def remark_by_key(self, session: str, slug: str) -> Remark | None:
        """The remark in folder ``session`` whose file is ``slug``.md, if there is one."""
        return self._index.remark_by_key.get((session, slug))

    def remarks_by_person(self) -> dict[str, list[Remark]]:
        """Each person (a speaker file's name) with their remarks, oldest first."""
        return self._index.by_person

    def speakers_by_agency(self) -> list[tuple[str, str, Remark]]:
        """(agency, person, their latest remark for it) for each agency a person spoke for.

        Sorted by agency, then family name, then person; "No agency given" stands for none.
        """
        seen: dict[tuple[str, str], tuple[str, str, str, Remark]] = {}
        for slug, remarks in self.remarks_by_person().items():
            for remark in remarks:
                agency = remark.agency or "No agency given"
                seen.setdefault(
                    (agency, slug), (agency.casefold(), family_name(remark.name), slug, remark)
                )
        ordered = sorted(seen.items(), key=lambda item: item[1][:3])
        return [(agency, slug, entry[3]) for (agency, slug), entry in ordered]

    def remarks_by_topic(self) -> dict[str, list[Remark]]:
        """Each topic key with the remarks that carry it, in session then print order."""
        return self._index.by_topic

    def related_remarks(self, remark: Remark, limit: int) -> list[Remark]:
        """Up to ``limit`` other remarks sharing a topic: the nearest ones in archive order."""
        related: list[Remark] = []
        for key in remark.topics:
            same = self._index.by_topic[key]
            here = self._index.topic_position[(key, remark.key)]
            for distance in range(1, len(same)):
                for position in (here + distance, here - distance):
                    if 0 <= position < len(same) and len(related) < limit:
                        other = same[position]
                        if other != remark and other not in related:
                            related.append(other)
                if len(related) >= limit:
                    return related
        return related

    @cached_property
    def _index(self) -> ArchiveIndex:
        """Lookups computed once, after loading (the archive does not change afterwards).

        Note: computing these per call made rendering grow with the square of the archive.
        """
        sessions = tuple(
            sorted(self.sessions, key=lambda item: (item.start, item.order, item.slug))
        )
        order = {session.slug: index for index, session in enumerate(sessions)}
        in_order = tuple(
            sorted(
                self.remarks,
                key=lambda item: (order.get(item.session, len(order)), item.order, item.slug),
            )
        )
        index = ArchiveIndex(
            sessions=sessions,
            session_by_slug={session.slug: session for session in sessions},
            remark_by_key={remark.key: remark for remark in in_order},
            in_order=in_order,
            by_session={},
            by_person={},
            by_topic={key: [] for key in sorted(self.topics)},
            topic_position={},
        )
        for remark in in_order:
            index.by_session.setdefault(remark.session, []).append(remark)
            index.by_person.setdefault(remark.slug, []).append(remark)
            for key in remark.topics:
                topic_list = index.by_topic.setdefault(key, [])
                index.topic_position[(key, remark.key)] = len(topic_list)
                topic_list.append(remark)
        index.by_person = dict(sorted(index.by_person.items()))
        return index


@dataclass
class ArchiveIndex:
    """The archive's relationships, computed once: see ``Archive._index``."""

    sessions: tuple[Session, ...]
    session_by_slug: dict[str, Session]
    remark_by_key: dict[tuple[str, str], Remark]
    in_order: tuple[Remark, ...]
    by_session: dict[str, list[Remark]]
    by_person: dict[str, list[Remark]]
    by_topic: dict[str, list[Remark]]
    topic_position: dict[tuple[str, tuple[str, str]], int]
    """Where each remark stands in each of its topics' lists (by topic key and remark key)."""


NAME_SUFFIXES = frozenset({"Jr.", "Jr", "Sr.", "Sr", "II", "III", "IV", "V"})
"""Words after a family name that are not it (``Jon M. Belmar Jr.``)."""


def _name_parts(name: str) -> tuple[list[str], str, str]:
    """(given names, family name, suffix) of a name.

    The family name is its last word before any suffix such as ``Jr.``.
    """
    words = name.split()
    suffix: list[str] = []
    while len(words) > 1 and words[-1].rstrip(",") in NAME_SUFFIXES:
        suffix.insert(0, words.pop().rstrip(","))
    return words[:-1], words[-1].rstrip(","), " ".join(suffix)


def family_name(name: str) -> str:
    """The family name used to sort and cite a person: the last word before any suffix."""
    return _name_parts(name)[1]


def given_names(name: str) -> str:
    """Everything before the family name."""
    return " ".join(_name_parts(name)[0])


def name_suffix(name: str) -> str:
    """``Jr.``, ``III`` and the like after the family name, or ``''``."""
    return _name_parts(name)[2]


def find_name(text: str, name: str) -> tuple[int, int] | None:
    """Where a person's name stands in a caption, as (start, end), or None.

    The full name, or else the family name with the given name as printed ("Ed Flynn" for
    Edward A. Flynn).
    """
    start = text.find(name)
    if start >= 0:
        return start, start + len(name)
    match = re.search(rf"(?:\b[A-Z][\w.]*\s)?\b{re.escape(family_name(name))}\b", text)
    return (match.start(), match.end()) if match else None
