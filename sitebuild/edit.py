"""Commands that change source files, run by staff on purpose (never by a build).

``number-paragraphs`` gives every remark paragraph a stable identifier, so it can be linked to;
``new-session`` and ``new-speaker`` create a filled-in, commented file and never overwrite one
(values staff must replace start with ``TODO``, which ``--strict`` refuses); ``publish`` adds
the current addresses to the list of published ones.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import yaml

from sitebuild.config import INVISIBLE, ISSUE_DATE, SiteLayout
from sitebuild.errors import SourceError
from sitebuild.links import ISSUES_FOLDER, SESSION_FILE, slug_problem
from sitebuild.load.files import read_text, scan_tree
from sitebuild.paragraphs import number_paragraphs
from sitebuild.validate.published import PUBLISHED_FILE, read_published

COMMAND = ".venv/bin/python build_site.py"
"""How staff run the tool, in every message (as the README and the Editing guide do)."""

PUBLISHED_HEADER = (
    "# Every address of the site that has been published. Do not remove lines: the build fails\n"
    "# if one of these would stop working, unless an alias keeps it alive (see the editing\n"
    "# guide).\n"
    "# Add the current addresses with: .venv/bin/python build_site.py publish\n"
)


def number_paragraph_files(layout: SiteLayout) -> list[tuple[Path, int]]:
    """Add identifiers to unnumbered paragraphs in every speaker file.

    Files are rewritten only where something was added; front matter is kept byte for byte.

    Returns:
        Each changed file with the number of identifiers added to it.

    """
    changed: list[tuple[Path, int]] = []
    for path in scan_tree(layout.root, layout.speakers_dir).files:
        if path.name == SESSION_FILE or path.suffix != ".md":
            continue
        full_path = layout.root / path
        problems: list[SourceError] = []
        text = read_text(path, layout.root, problems)
        if text is None:
            continue  # `check` reports why the file cannot be read
        head, separator, body = _split_after_front_matter(text)
        if not separator:
            continue
        new_body, added = number_paragraphs(body)
        if added:
            write_atomically(full_path, head + separator + new_body)
            changed.append((path, added))
    return changed


def _split_after_front_matter(text: str) -> tuple[str, str, str]:
    """Split at the line that closes the front matter: (front matter, closing line, body)."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        return text, "", ""
    for index in range(1, len(lines)):
        if lines[index].strip() == "---":
            return (
                "\n".join(lines[:index]) + "\n",
                lines[index] + "\n",
                "\n".join(lines[index + 1 :]),
            )
    return text, "", ""


@dataclass(frozen=True)
class NewSession:
    """What ``new-session`` was asked to create."""

    slug: str
    title: str
    start: dt.date
    end: dt.date | None
    place: str
    issue: str | None = None
    """The issue that printed it; None means the only issue there is."""


@dataclass(frozen=True)
class NewIssue:
    """What ``new-issue`` was asked to create."""

    slug: str
    newsletter: str
    date: str
    """As precisely as printed: ``2015``, ``2015-03`` or ``2015-03-16``."""
    approximate: bool = False
    volume: int | None = None
    number: int | None = None


@dataclass(frozen=True)
class NewSpeaker:
    """What ``new-speaker`` was asked to create."""

    session: str
    name: str
    title: str
    agency: str | None


class EditRefused(Exception):
    """A scaffolding command cannot do what was asked; the message says why and what to do."""


def parse_dates(text: str) -> tuple[dt.date, dt.date | None]:
    """``2015-05-01`` or ``2015-05-01..2015-05-02`` → (start, end)."""
    first, _, last = text.partition("..")
    try:
        start = dt.date.fromisoformat(first)
        end = dt.date.fromisoformat(last) if last else None
    except ValueError:
        raise EditRefused(
            f"--date {text!r} is not a date; write YYYY-MM-DD, or YYYY-MM-DD..YYYY-MM-DD "
            "for a meeting of several days"
        ) from None
    if end is not None and end < start:
        raise EditRefused(f"--date {text!r}: the end is before the start")
    return start, end


def slug_for_name(name: str) -> str:
    """A file name for a person: ``Janeé Harteau`` → ``janee-harteau``."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")


def _quoted(text: str) -> str:
    """A YAML double-quoted string."""
    return json.dumps(text, ensure_ascii=False)


def _refuse_invisible(*values: str | None) -> None:
    """Refuse a value with a line break or another invisible character."""
    for value in values:
        if value is not None and INVISIBLE.search(value.replace("\n", "\x00")):
            raise EditRefused(
                f"{value!r} contains a line break or an invisible character; type it on one line"
            )


def create_session(layout: SiteLayout, request: NewSession) -> Path:
    """Write ``speakers/<slug>/_session.md``, filled in and commented; never overwrite."""
    _refuse_invisible(request.title, request.place)
    problem = slug_problem(request.slug, "session")
    if problem is not None:
        raise EditRefused(f"{problem}; a session name is like town-hall-2015")
    path = layout.speakers_dir / request.slug / SESSION_FILE
    _refuse_links(layout, path)
    if (layout.root / path).exists():
        raise EditRefused(f"{path.as_posix()} already exists; nothing was changed")
    issue = _issue_for(layout, request.issue, request.start)
    in_issue = [
        other
        for other in (layout.root / layout.speakers_dir).glob(f"*/{SESSION_FILE}")
        if re.search(
            rf"^issue:\s*([\"']?){re.escape(issue)}\1\s*$",
            _text_of(layout, other.relative_to(layout.root)),
            re.M,
        )
    ]
    end = f"end: {request.end.isoformat()}\n" if request.end else ""
    text = (
        "---\n"
        "# The meeting. Every field is explained in the editing guide on the site.\n"
        f"title: {_quoted(request.title)}\n"
        "# The headline the newsletter printed over the article (as printed).\n"
        'headline: "TODO: the headline as printed"\n'
        "# What kind of meeting: PERF national meeting, PERF Town Hall Meeting, ...\n"
        "kind: PERF meeting\n"
        "# The page design: conference, town-hall or ceremony.\n"
        "theme: conference\n"
        f"place: {_quoted(request.place)}\n"
        f"start: {request.start.isoformat()}\n"
        f"{end}"
        "# The newsletter issue that printed the article (a file in speakers/issues/).\n"
        f"issue: {issue if yaml.safe_load(issue) == issue else _quoted(issue)}\n"
        "# Position in the newsletter issue (1 for the first article).\n"
        f"order: {len(in_issue) + 1}\n"
        "# One sentence for the home page and for search engines.\n"
        'summary: "TODO: one sentence about the meeting"\n'
        "# The print pages the article appeared on, for example [1, 4]. Remove if unknown.\n"
        "# pages: [1]\n"
        "---\n"
        "<!-- Write the article's introduction below this line, one paragraph per line. -->\n\n"
    )
    (layout.root / path).parent.mkdir(parents=True, exist_ok=True)
    (layout.root / path).write_text(text, encoding="utf-8")
    return path


def _issue_for(layout: SiteLayout, wanted: str | None, start: dt.date) -> str:
    """The issue a new session goes in: the one asked for, or the only one there is.

    The only one is not taken if it is dated before the meeting began: it cannot have printed it.
    """
    folder = layout.root / layout.speakers_dir / ISSUES_FOLDER
    known = sorted(path.stem for path in folder.glob("*.md")) if folder.is_dir() else []
    if wanted is not None:
        if slug_problem(wanted, "session") is not None:
            raise EditRefused(
                f"--issue {wanted!r}: give an issue's file name, one of: {', '.join(known)}"
            )
        if wanted not in known:
            raise EditRefused(
                f"there is no issue '{wanted}' (speakers/{ISSUES_FOLDER}/{wanted}.md); create it "
                f'first with: {COMMAND} new-issue {wanted} --newsletter "..." --date YYYY-MM'
            )
        return wanted
    if len(known) == 1:
        text = _text_of(layout, layout.speakers_dir / ISSUES_FOLDER / f"{known[0]}.md")
        dated = re.search(r"^date:\s*[\"']?([0-9-]+)[\"']?\s*$", text, re.M)
        printed = dated.group(1) if dated else ""  # as precise as the issue states it
        if start.isoformat()[: len(printed)] <= printed:
            return known[0]
        raise EditRefused(
            f"the archive's only issue, {known[0]}, is dated before the meeting began, so it "
            f"cannot have printed it; create the issue that did with: {COMMAND} new-issue "
            f'<name> --newsletter "..." --date {start.isoformat()[:7]}, then add --issue <name>'
        )
    if not known:
        raise EditRefused(
            f"the archive has no newsletter issue yet; create one first with: {COMMAND} "
            'new-issue late-2015 --newsletter "..." --date YYYY-MM'
        )
    raise EditRefused(
        f"say which issue printed the meeting: add --issue with one of {', '.join(known)}"
    )


def create_issue(layout: SiteLayout, request: NewIssue) -> Path:
    """Write ``speakers/issues/<slug>.md``, filled in and commented; never overwrite."""
    _refuse_invisible(request.newsletter)
    if not request.newsletter.strip():
        raise EditRefused("--newsletter is empty; give the newsletter's name as printed")
    for label, value in (("--volume", request.volume), ("--number", request.number)):
        if value is not None and value < 1:
            raise EditRefused(f"{label} {value}: give the number printed on the issue (1 or more)")
    problem = slug_problem(request.slug, "session")
    if problem is not None:
        raise EditRefused(f"{problem}; an issue name is like 2015-03 or spring-2015")
    if not ISSUE_DATE.fullmatch(request.date) and not _is_day(request.date):
        raise EditRefused(
            f"--date {request.date!r}: write the issue's date as precisely as it is printed: "
            "a year (2015), a month (2015-03) or a day (2015-03-16)"
        )
    if request.date > dt.date.today().isoformat()[: len(request.date)]:
        raise EditRefused(f"--date {request.date!r} is after today; give the date it was printed")
    path = layout.speakers_dir / ISSUES_FOLDER / f"{request.slug}.md"
    _refuse_links(layout, path)
    if (layout.root / path).exists() or (layout.root / path).is_symlink():
        raise EditRefused(f"{path.as_posix()} already exists; nothing was changed")
    volume = f"volume: {request.volume}\n" if request.volume else "# volume: 29\n"
    number = f"number: {request.number}\n" if request.number else "# number: 3\n"
    approximate = (
        "approximate: true\n"
        'date_note: "TODO: how the date is known, for example: the issue prints no date; it '
        'reports meetings of March 2015"\n'
        if request.approximate
        else ""
    )
    text = (
        "---\n"
        "# One newsletter issue. Every field is explained in the editing guide on the site.\n"
        f"newsletter: {_quoted(request.newsletter)}\n"
        "# The date as precisely as the issue prints it: 2015, 2015-03 or 2015-03-16.\n"
        f"date: {_quoted(request.date)}\n"
        f"{approximate}"
        "# Volume and number, only if the issue prints them.\n"
        f"{volume}{number}"
        "# How many pages the issue has, and its print edition (a PDF beside this file).\n"
        "# pages: 12\n"
        f"# edition: {request.slug}.pdf\n"
        "---\n"
    )
    (layout.root / path).parent.mkdir(parents=True, exist_ok=True)
    (layout.root / path).write_text(text, encoding="utf-8")
    return path


def _is_day(text: str) -> bool:
    """True for a day of the calendar written YYYY-MM-DD (not 2015-02-30)."""
    try:
        return bool(re.fullmatch(r"[12][0-9]{3}-[0-9]{2}-[0-9]{2}", text)) and bool(
            dt.date.fromisoformat(text)
        )
    except ValueError:
        return False


def create_speaker(layout: SiteLayout, request: NewSpeaker, topic: str) -> Path:
    """Write ``speakers/<session>/<name>.md`` with the next print order; never overwrite."""
    _refuse_invisible(request.name, request.title, request.agency)
    problem = slug_problem(request.session, "session")
    if problem is not None:
        raise EditRefused(f"the session {problem}; give the name of a folder under speakers/")
    folder = layout.speakers_dir / request.session
    if not (layout.root / folder / SESSION_FILE).is_file():
        raise EditRefused(
            f"there is no session '{request.session}' ({(folder / SESSION_FILE).as_posix()}); "
            f"create it first with: {COMMAND} new-session"
        )
    slug = slug_for_name(request.name)
    if not slug:
        raise EditRefused(f"{request.name!r} is not a name")
    problem = slug_problem(slug, "speaker")
    if problem is not None:
        raise EditRefused(f"the file name {problem}")
    path = folder / f"{slug}.md"
    _refuse_links(layout, path)
    if (layout.root / path).exists() or (layout.root / path).is_symlink():
        raise EditRefused(f"{path.as_posix()} already exists; nothing was changed")
    orders = [
        int(match.group(1))
        for other in scan_tree(layout.root, folder).files
        if other.suffix == ".md" and other.name != SESSION_FILE
        for match in [re.search(r"^order:\s*(\d{1,6})\s*$", _text_of(layout, other), re.M)]
        if match
    ]
    agency = f"agency: {_quoted(request.agency)}\n" if request.agency else ""
    byline = " ".join(part for part in (request.agency, request.title, request.name) if part)
    text = (
        "---\n"
        f"name: {_quoted(request.name)}\n"
        "# Title and agency as of this meeting.\n"
        f"title: {_quoted(request.title)}\n"
        f"{agency}"
        "# The byline as printed above the headline (without the final colon).\n"
        f"byline: {_quoted(byline)}\n"
        "# The headline the newsletter gave these remarks (as printed).\n"
        'headline: "TODO: the headline as printed"\n'
        "# Position in print order within the meeting.\n"
        f"order: {max(orders, default=0) + 1}\n"
        "# Print pages, for example [4]. Remove the line if unknown.\n"
        "# pages: [1]\n"
        "# One or more topics from speakers/topics.yml.\n"
        f"topics: [{topic}]\n"
        "---\n"
        "<!-- Type the remarks below, one paragraph per line, a blank line between paragraphs. "
        "Then run: .venv/bin/python build_site.py number-paragraphs -->\n\n"
    )
    (layout.root / path).write_text(text, encoding="utf-8")
    return path


def _text_of(layout: SiteLayout, path: Path) -> str:
    """A source file's text, or "" if it cannot be read (``check`` reports why)."""
    return read_text(path, layout.root, []) or ""


def publish(root: Path, addresses: list[str]) -> int:
    """Add every current address to the published list; returns how many were new."""
    problems: list[SourceError] = []
    known = {address for _, address in read_published(root, problems)}
    if problems:
        raise EditRefused(str(problems[0]))
    new = set(addresses) - known
    body = "".join(f"{address}\n" for address in sorted(known | set(addresses)))
    write_atomically(root / PUBLISHED_FILE, PUBLISHED_HEADER + body)
    return len(new)


def _refuse_links(layout: SiteLayout, path: Path) -> None:
    """Refuse to write through a symbolic link (to a folder or file outside the project)."""
    for part in (path.parent.parent, path.parent, path):
        if (layout.root / part).is_symlink():
            raise EditRefused(
                f"{part.as_posix()} is a symbolic link; the archive does not follow links, so "
                "replace it with a real folder or file first"
            )


def write_atomically(path: Path, text: str) -> None:
    """Replace ``path`` with ``text`` by writing a new file and renaming it over the old one.

    Note: the new file takes the old one's place, so a file that also has another name (a hard
    link, perhaps outside the project) is never written through.
    """
    staging = path.with_name(f".{path.name}.new")
    staging.write_text(text, encoding="utf-8")
    staging.replace(path)
