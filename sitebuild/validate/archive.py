"""Checks that span several files: sessions exist, names and orders are unique, links resolve.

Reads the ``Archive`` built from the files that passed on their own; appends a ``SourceError``
for every problem: a speaker without a session, two speakers with one order or one name in a
meeting, a cross-link or citation that points nowhere, a footnote without its note, a photo
naming someone who is not in the archive or not in its caption.
"""

from __future__ import annotations

import calendar
import datetime as dt
import difflib
import re
import unicodedata
from collections import defaultdict
from pathlib import Path

from sitebuild.errors import SourceError
from sitebuild.links import ISSUES_FOLDER, SESSION_FILE, resolve_cross_link
from sitebuild.model import Archive, Issue, Remark, Session, find_name
from sitebuild.paragraphs import CITATION, CROSS_LINK, matches_outside_code
from sitebuild.validate.patterns import line_at

FOOTNOTE_REF = re.compile(r"\[\^([^\]\s]+)\](?!:)")
FOOTNOTE_DEF = re.compile(r"^\[\^([^\]\s]+)\]:", re.MULTILINE)


def check_archive(archive: Archive, speaker_files: set[str], errors: list[SourceError]) -> None:
    """Checks across files: sessions exist, orders and people are unique, references resolve.

    ``speaker_files`` holds the name of every speaker file, valid or not, so that one bad file
    does not make every photo that names its speaker an error too.
    """
    sessions = {session.slug for session in archive.sessions}
    orders: dict[tuple[str, int], Remark] = {}
    people: dict[tuple[str, str], Remark] = {}
    for remark in sorted(archive.remarks, key=lambda item: item.path.as_posix()):
        session_file = remark.path.parent / SESSION_FILE
        if remark.session not in sessions and not any(
            error.path == session_file for error in errors
        ):
            errors.append(
                SourceError(
                    remark.path,
                    None,
                    f"there is no session file {session_file.as_posix()} for this speaker file; "
                    "create it (see the editing guide)",
                )
            )
        first = orders.setdefault((remark.session, remark.order), remark)
        if first is not remark:
            errors.append(
                SourceError(
                    remark.path,
                    remark.order_line,
                    f"order: {remark.order} is already used by {first.path.as_posix()}; "
                    "each speaker in a session needs a different order",
                )
            )
        same = people.setdefault((remark.session, person_key(remark.name)), remark)
        if same is not remark:
            errors.append(
                SourceError(
                    remark.path,
                    remark.name_line,
                    f"{remark.name} already speaks at this meeting in {same.path.as_posix()}; "
                    "put all of one person's remarks at a meeting in one file",
                )
            )
    notes = [(item.path, item.body_line, item.body) for item in archive.sessions]
    notes += [(item.path, item.body_line, item.body) for item in archive.issues]
    for path, line, body in notes:
        check_links(archive, path, line, body, errors)
    by_person = archive.remarks_by_person()
    for remarks in by_person.values():
        first = min(remarks, key=lambda item: item.path.as_posix())
        for remark in remarks:
            if person_key(remark.name) != person_key(first.name):
                errors.append(
                    SourceError(
                        remark.path,
                        remark.name_line,
                        f"the file name '{remark.slug}' is {first.name}'s (in "
                        f"{first.path.as_posix()}), but this file's name is {remark.name}; if "
                        "it is the same person, write the name the same way in both files; if "
                        f"not, rename this file (like {remark.slug}-2.md)",
                    )
                )
    for remark in archive.remarks:
        check_links(archive, remark.path, remark.body_line, remark.body, errors)
        for photo in remark.photos:
            check_links(archive, remark.path, photo.line, photo.caption, errors)
            for person in photo.people:
                if (
                    person in by_person
                    and find_name(photo.caption, by_person[person][-1].name) is None
                ):
                    errors.append(
                        SourceError(
                            remark.path,
                            photo.line,
                            f"photos: '{person}' is listed in people but their name is not in "
                            "the caption; check the spelling or the list",
                        )
                    )
                if person not in speaker_files:
                    errors.append(
                        SourceError(
                            remark.path,
                            photo.line,
                            f"photos: unknown person '{person}'; use the file name of a speaker "
                            "file (without .md)",
                        )
                    )
    check_footnotes(archive, errors)
    check_issues(archive, errors)


def person_key(name: str) -> str:
    """A name as compared between files: accents, case and spacing do not matter."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    return " ".join(plain.casefold().replace(".", " ").split())


def check_links(
    archive: Archive, path: Path, first_line: int, text: str, errors: list[SourceError]
) -> None:
    """Report every citation or cross-link in ``text`` that points nowhere."""
    for match in matches_outside_code(text, CITATION):
        if match.group(1) not in archive.references:
            errors.append(
                SourceError(
                    path,
                    line_at(first_line, text, match.start()),
                    f"unknown source '[@{match.group(1)}]'; use a key from speakers/references.yml "
                    "or add the source there",
                )
            )
    for match in matches_outside_code(text, CROSS_LINK):
        found = resolve_cross_link(archive, match["kind"], match["target"], match["key"])
        if isinstance(found, str):
            errors.append(
                SourceError(
                    path,
                    line_at(first_line, text, match.start()),
                    f"link {match.group(0)}: {found}",
                )
            )


def check_footnotes(
    archive: Archive, errors: list[SourceError], only: set[str] | None = None
) -> None:
    """Footnotes: each marker has a note in its session, each note a marker, each label once.

    Markers count in words and in photo captions.

    With ``only``, just the sessions of those names are checked.
    """
    texts: dict[str, list[tuple[Path, int, str]]] = defaultdict(list)
    for session in archive.sessions:
        if only is None or session.slug in only:
            texts[session.slug].append((session.path, session.body_line, session.body))
    captions: dict[str, list[str]] = defaultdict(list)
    for remark in archive.remarks:
        if only is None or remark.session in only:
            texts[remark.session].append((remark.path, remark.body_line, remark.body))
            captions[remark.session] += [photo.caption for photo in remark.photos]
    for session_slug, parts in texts.items():
        defined: dict[str, Path] = {}
        for path, first_line, body in parts:
            for match in FOOTNOTE_DEF.finditer(body):
                label = match.group(1)
                line = line_at(first_line, body, match.start())
                if label in defined:
                    errors.append(
                        SourceError(
                            path,
                            line,
                            f"footnote [^{label}] is defined twice in this session (also in "
                            f"{defined[label].as_posix()}); give one of them another number",
                        )
                    )
                defined.setdefault(label, path)
        shown = [body for _, _, body in parts] + captions[session_slug]
        used = {match.group(1) for text in shown for match in FOOTNOTE_REF.finditer(text)}
        for path, first_line, body in parts:
            for match in FOOTNOTE_DEF.finditer(body):
                if match.group(1) not in used:
                    errors.append(
                        SourceError(
                            path,
                            line_at(first_line, body, match.start()),
                            f"footnote [^{match.group(1)}] has a note, but no text in this "
                            f"session refers to it; put [^{match.group(1)}] where it belongs, "
                            "or remove the note",
                        )
                    )
            for match in FOOTNOTE_REF.finditer(body):
                if match.group(1) not in defined:
                    errors.append(
                        SourceError(
                            path,
                            line_at(first_line, body, match.start()),
                            f"footnote [^{match.group(1)}] has no note; add a line "
                            f"'[^{match.group(1)}]: ...' at the end of the file",
                        )
                    )


def check_issues(archive: Archive, errors: list[SourceError]) -> None:
    """Each piece names a known issue; each issue has pieces, in print order."""
    known = {issue.slug for issue in archive.issues}
    for session in archive.sessions:
        issue_file = session.path.parent.parent / ISSUES_FOLDER / f"{session.issue}.md"
        if session.issue in known or any(
            error.path == issue_file and not error.warning for error in errors
        ):
            continue  # a broken issue file has its own messages
        close = difflib.get_close_matches(session.issue, sorted(known), n=1)
        hint = f"did you mean '{close[0]}'? " if close else ""
        errors.append(
            SourceError(
                session.path,
                session.issue_line,
                f"issue: '{session.issue}' is not an issue of the archive; {hint}write the name "
                "of a file in speakers/issues/ (without .md), or create the issue with "
                f"`.venv/bin/python build_site.py new-issue {session.issue} --newsletter "
                '"..." --date YYYY-MM`',
            )
        )
    # A meeting file with errors is not in the archive; its issue may still be named in it.
    broken = any(error.path.name == SESSION_FILE and not error.warning for error in errors)
    for issue in archive.issues:
        pieces = archive.sessions_of(issue)
        if not pieces and not broken:
            errors.append(
                SourceError(
                    issue.path,
                    issue.line,
                    "no meeting or notice is in this issue; add 'issue: "
                    f"{issue.slug}' to the _session.md of each article it printed, or remove "
                    "this file",
                )
            )
        _check_print_order(pieces, errors)
        _check_reported_before(issue, pieces, errors)
        for session in pieces:
            if issue.page_count is not None and session.pages[-1:] > (issue.page_count,):
                errors.append(
                    SourceError(
                        session.path,
                        session.pages_line,
                        f"pages: page {session.pages[-1]} is past the end of issue "
                        f"'{issue.slug}', which has {issue.page_count} ('pages:' in "
                        f"{issue.path.as_posix()}); correct one of the two",
                    )
                )


def _check_reported_before(issue: Issue, pieces: list[Session], errors: list[SourceError]) -> None:
    """A warning for each meeting that began after its issue's date (as precise as known)."""
    year, month, day = issue.date.year, issue.date.month, issue.date.day
    if issue.precision == "year":
        last = dt.date(year, 12, 31)
    elif issue.precision == "month":
        last = dt.date(year, month, calendar.monthrange(year, month)[1])
    else:
        last = dt.date(year, month, day)
    printed = issue.date.isoformat()[: {"year": 4, "month": 7, "day": 10}[issue.precision]]
    for session in pieces:
        if session.start > last:
            errors.append(
                SourceError(
                    session.path,
                    session.issue_line,
                    f"issue: this meeting began on {session.start.isoformat()}, after the date "
                    f"of issue '{issue.slug}' ({printed}), which cannot have "
                    "reported it; name the issue that printed it, or correct the date in "
                    f"{issue.path.as_posix()}",
                    warning=True,
                )
            )


def _check_print_order(pieces: list[Session], errors: list[SourceError]) -> None:
    """Within an issue, orders differ and print pages rise with the order."""
    previous: Session | None = None
    paged: Session | None = None
    for session in pieces:
        if previous is not None and previous.order == session.order:
            errors.append(
                SourceError(
                    session.path,
                    session.order_line,
                    f"order: {session.order} is already used by {previous.path.as_posix()} in "
                    f"issue '{session.issue}'; give each article of an issue its own position",
                )
            )
        elif paged is not None and session.pages and session.pages[0] < paged.pages[0]:
            errors.append(
                SourceError(
                    session.path,
                    session.pages_line,
                    f"pages: this article starts on page {session.pages[0]}, before "
                    f"{paged.path.as_posix()} (page {paged.pages[0]}), yet its order "
                    f"{session.order} comes after {paged.order}; correct 'order:' or 'pages:'",
                )
            )
        previous = session
        if session.pages:
            paged = session
