"""OCR slips: words the newsletters' text recognition probably misread, reported as warnings.

Reads every speaker, session and issue file that was built, and ``speakers/ocr-corrections.yml``
(``suspect: correction`` lines that staff extend); returns a warning, at the file line of the
suspect, naming it and its likely correction. It finds:

- the known slips of ``ocr-corrections.yml``: whole words, as written (capitals count); a
  suspect in small letters is found with a capital first letter too (``Dont`` for ``Don’t``);
- a word split by a line-end hyphen (``man- age`` for ``manage``), but not ``first- and
  second-line``, ``short- or long-term``, ``two- to three-year``;
- a lone ``|`` used as the word I (``| think``, ``|’m``), except in tables;
- ``T0`` or ``70`` between words in capitals (``LEFT T0 RIGHT``);
- a digit inside a word of small letters (``l1ke``), or one digit before three letters.

The words and the front-matter text (name, title, agency, byline, headline, kind, place,
summary, photo captions; an issue's newsletter and date_note) are checked; code, link
addresses, cross-links, citations, footnote labels and notes to editors are not.

A word the printed newsletter really has is marked with a note to editors, never published:
``<!-- as printed: litde -->`` inside a paragraph, or standing alone just before it, silences
the words it names (comma separated) in that paragraph; ``<!-- as printed throughout: litde
-->`` anywhere in the words silences them in the whole file, front matter included.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterable
from functools import partial
from pathlib import Path

from sitebuild.errors import SourceError
from sitebuild.load.documents import load_yaml_file
from sitebuild.model import Archive, KeyPath, RawDocument
from sitebuild.paragraphs import CITATION, CROSS_LINK, code_regions, split_blocks
from sitebuild.validate.patterns import AUTOLINK, COMMENT, LINK_DESTINATION, line_at
from sitebuild.validate.text import REFERENCE_DEFINITION

OCR_FILE = "ocr-corrections.yml"
"""The known slips, in ``speakers/``."""

AS_PRINTED = re.compile(
    r"<!--[ \t]*as printed(?P<throughout>[ \t]+throughout)?[ \t]*:(?P<words>(?:(?!--).)*?)-->",
    re.DOTALL | re.IGNORECASE,
)
HYPHEN_SPLIT = re.compile(
    r"(?<![\w-])(?P<first>[a-z]+)-(?:[ \t]+|[ \t]*\n[ \t>]*)(?P<second>[a-z]{2,})(?![\w-])"
)
NOT_SPLIT = {"and", "or", "nor", "to", "through", "versus", "vs", "but", "than", "then", "not"}
"""Words after ``first- `` that make a real compound: ``first- and second-line``."""
PIPE_AS_I = re.compile(r"(?:^|(?<=[\s“\"‘(*_]))\|(?=[ \t]+[a-z]|[’'](?:m|ve|ll|d)\b)", re.M)
TABLE_RULE = re.compile(r"^[ \t>]*\|?[ \t]*:?-{3,}:?[ \t]*\|", re.M)
"""The line under a Markdown table's header; its bars are not the word I."""
CAPITAL_TO = re.compile(r"(?<=[A-Z]{2}[ \t])(?:T0|70)(?=[ \t][A-Z]{2})")
DIGIT_WORD = re.compile(r"[a-z]+[0-9]+[a-z]+|[0-9][a-z]{3,}")
"""A digit inside a word of small letters, or one digit before three letters."""
DIGITS = re.compile(r"[0-9]+")
WORD_BEFORE = set("_@#/.:’'-\\")
WORD_AFTER = set("_@/-")
"""Characters next to a word that make it part of an address, a name or a number."""
UNITS = {"mph", "kph", "lbs", "ish", "hrs", "yrs", "min", "mins", "sec", "secs", "ths"}
"""Letters that may follow a number: ``5mph`` is no slip."""
DIGIT_LETTERS = dict(
    zip("0123456789", ("o", "il", "z", "e", "a", "s", "b", "t", "b", "g"), strict=True)
)
"""The letters OCR most often reads as each digit."""
NOT_WORDS = re.compile(r"\[\^[^\]\s]+\]|(?:https?://|www\.)\S+|[^\s@]+@[^\s@]+\.\w+")
"""Footnote labels, bare web addresses and e-mail addresses."""
TEXT_FIELDS = (
    *("name", "title", "agency", "byline", "headline", "kind", "place", "summary"),
    *("newsletter", "date_note"),
)
"""Front-matter fields of prose, checked like the words."""

Slip = tuple[int, str, str]
"""(position in the text, the suspect as written, its likely correction, already quoted)."""


def load_corrections(
    path: Path, root: Path, present: set[Path], errors: list[SourceError]
) -> dict[str, str]:
    """The known slips of ``path`` (``speakers/ocr-corrections.yml``): suspect to correction.

    A missing file means no known slips; the other checks still run. Each line that is not a
    usable ``suspect: correction`` is an error at its line and is left out.
    """
    doc = load_yaml_file(path, root, errors) if path in present else None
    corrections: dict[str, str] = {}
    if doc is None:
        return corrections
    for suspect, correction in doc.data.items():
        line = doc.line_of(suspect)
        problem = None
        if not suspect.strip() or suspect != suspect.strip() or re.search(r",|--|\n", suspect):
            problem = (
                f"'{suspect}' must be a word or words without commas, as the OCR gave them, "
                "so that a note <!-- as printed: ... --> can name it"
            )
        elif not isinstance(correction, str) or not correction.strip():
            problem = (
                f"'{suspect}' needs its correction as text after the colon, in double quotes "
                f'if it is a number or yes/no: {suspect}: "..."'
            )
        elif correction.strip() == suspect:
            problem = (
                f"'{suspect}' is corrected to itself; write the right word after the colon, "
                "or remove the line"
            )
        if problem is not None:
            errors.append(SourceError(path, line, problem))
        else:
            corrections[suspect] = correction.strip()
    return corrections


_MEMO: dict[int, tuple[RawDocument, dict[str, str], list[SourceError]]] = {}
"""The last run's warnings by document, for the live preview (whose unchanged files keep
their ``RawDocument``): only edited files are checked again."""


def ocr_warnings(
    documents: Iterable[RawDocument], archive: Archive, corrections: dict[str, str]
) -> list[SourceError]:
    """A warning for each likely OCR slip in the speaker and session files that were built."""
    built = {session.path for session in archive.sessions}
    built |= {remark.path for remark in archive.remarks} | {issue.path for issue in archive.issues}
    known = dict(corrections)
    for suspect, correction in corrections.items():
        if suspect.islower() and suspect.capitalize() != suspect:
            known.setdefault(suspect.capitalize(), correction[:1].upper() + correction[1:])
    alternatives = "|".join(re.escape(word) for word in sorted(known, key=len, reverse=True))
    pattern = re.compile(rf"(?<![A-Za-z0-9])(?:{alternatives})(?![A-Za-z0-9])") if known else None
    memo = {}
    for doc in documents:
        if doc.path not in built:
            continue
        entry = _MEMO.get(id(doc))
        if entry is None or entry[0] is not doc or entry[1] != known:
            find = partial(find_slips, known=known, pattern=pattern, words=doc.body)
            entry = (doc, known, _document_warnings(doc, find))
        memo[id(doc)] = entry
    _MEMO.clear()
    _MEMO.update(memo)
    return [warning for _, _, warnings in memo.values() for warning in warnings]


def _letters_for(word: str, index: int) -> tuple[str, ...]:
    """The letters the digit at ``index`` may stand for, the likelier first.

    Note: a 1 next to a vowel or another 1 is most often an l (1ike, a1so, fu11y), else an i
    (c1ty, l1ke).
    """
    letters = tuple(DIGIT_LETTERS[word[index]])
    beside = word[index - 1 : index] + word[index + 1 : index + 2] if index else word[1:2]
    if word[index] == "1" and any(letter in "aeiouy1" for letter in beside):
        return tuple(reversed(letters))
    return letters


def _likely_word(word: str, words: str) -> str:
    """The word a digit in ``word`` most likely stands for, preferring one found in ``words``."""
    digits = [index for index, letter in enumerate(word) if letter.isdigit()][:4]
    options = []
    for letters in itertools.product(*(_letters_for(word, index) for index in digits)):
        chars = list(word)
        for index, letter in zip(digits, letters, strict=True):
            chars[index] = letter
        options.append("".join(DIGIT_LETTERS.get(char, char)[0] for char in chars))
    vocabulary = set(re.findall(r"[a-z]+", words.lower()))
    return f"'{next((option for option in options if option in vocabulary), options[0])}'"


def find_slips(
    text: str,
    known: dict[str, str],
    pattern: re.Pattern[str] | None,
    words: str = "",
) -> list[Slip]:
    """Every likely slip in ``text`` (Markdown or a front-matter value), in order.

    ``pattern`` finds the ``known`` slips; a digit in a word is read as the letter that makes
    a word found in ``words`` (the file's words), if one does.
    """
    found: list[tuple[int, int, str, str | None]] = []
    if pattern is not None:
        found += [(m.start(), m.end(), m[0], f"'{known[m[0]]}'") for m in pattern.finditer(text)]
    if "- " in text or "-\n" in text or "-\t" in text:
        for match in HYPHEN_SPLIT.finditer(text):
            first, second = match["first"], match["second"]
            if second not in NOT_SPLIT:
                joined = (
                    f"'{first}{second}' (or '{first}-{second}' if the hyphen is part of the word)"
                )
                found.append((match.start(), match.end(), f"{first}- {second}", joined))
    if "|" in text and not TABLE_RULE.search(text):
        found += [(m.start(), m.end(), "|", "'I'") for m in PIPE_AS_I.finditer(text)]
    if "T0" in text or "70" in text:
        found += [(m.start(), m.end(), m[0], "'TO'") for m in CAPITAL_TO.finditer(text)]
    for start, end in _digit_words(text):
        if text[start:end] not in known:
            found.append((start, end, text[start:end], None))
    if not found:
        return []
    skipped = _not_words(text)
    return sorted(
        {
            (start, suspect, _likely_word(suspect, words) if correction is None else correction)
            for start, end, suspect, correction in found
            if not any(start < stop and begin < end for begin, stop in skipped)
        }
    )


def _digit_words(text: str) -> set[tuple[int, int]]:
    """Where ``text`` has a word of small letters with a digit inside (``l1ke``, ``0nly``).

    Note: it looks around each run of digits; a pattern tried at every letter was slow.
    """
    found = set()
    for run in DIGITS.finditer(text):
        start, end = run.span()
        while start and text[start - 1].isascii() and text[start - 1].isalnum():
            start -= 1
        while end < len(text) and text[end].isascii() and text[end].isalnum():
            end += 1
        before, after = text[start - 1 : start], text[end : end + 1]
        word = text[start:end]
        if before.isalnum() or before in WORD_BEFORE or after.isalnum() or after in WORD_AFTER:
            continue
        if DIGIT_WORD.fullmatch(word) and word[1:] not in UNITS:
            found.add((start, end))
    return found


def _not_words(text: str) -> list[tuple[int, int]]:
    """Where ``text`` has no words to check: code, notes, addresses, link targets, labels."""
    skipped = code_regions(text) + [match.span() for match in COMMENT.finditer(text)]
    for pattern in (AUTOLINK, NOT_WORDS, CITATION):
        skipped += [match.span() for match in pattern.finditer(text)]
    for pattern in (LINK_DESTINATION, REFERENCE_DEFINITION):
        skipped += [match.span("target") for match in pattern.finditer(text)]
    skipped += [
        (match.start(), match.start("text") if match["text"] else match.end())
        for match in CROSS_LINK.finditer(text)
    ]
    return skipped


def _silenced(text: str) -> tuple[set[str], set[str]]:
    """The words ``text``'s notes mark as printed: (in this paragraph, in the whole file)."""
    here: set[str] = set()
    everywhere: set[str] = set()
    code = code_regions(text)
    for match in AS_PRINTED.finditer(text):
        if any(start <= match.start() < end for start, end in code):
            continue
        words = {" ".join(word.split()) for word in match["words"].split(",")} - {""}
        (everywhere if match["throughout"] else here).update(words)
    return here, everywhere


def _document_warnings(doc: RawDocument, find: Callable[[str], list[Slip]]) -> list[SourceError]:
    """The warnings of one speaker or session file: its words, then its front matter."""
    _, throughout = _silenced(doc.body)
    warnings: list[SourceError] = []
    # Note: most files have no slip; only those that may have one are split into paragraphs.
    maybe = "|" in doc.body or find(doc.body)
    blocks = split_blocks(doc.body, doc.body_line) if maybe else []
    before: set[str] = set()
    for block in blocks:
        here = _silenced(block.text)[0] | before
        # Note: a note standing alone applies to the next paragraph, as number-paragraphs puts
        # a blank line between a note and the paragraph under it.
        before = here if not COMMENT.sub("", block.text).strip() else set()
        for position, suspect, correction in find(block.text):
            if suspect not in here | throughout:
                warnings.append(
                    SourceError(
                        doc.path,
                        line_at(block.line, block.text, position),
                        _message(suspect, correction, f"<!-- as printed: {suspect} -->", ""),
                        warning=True,
                    )
                )
    values: list[tuple[str, KeyPath, object]] = [
        (name, (name,), doc.data.get(name)) for name in TEXT_FIELDS
    ]
    photos = doc.data.get("photos")
    for number, photo in enumerate(photos if isinstance(photos, list) else []):
        caption = photo.get("caption") if isinstance(photo, dict) else None
        values.append((f"photos.{number}.caption", ("photos", number, "caption"), caption))
    for label, key, value in values:
        if not isinstance(value, str):
            continue
        for _, suspect, correction in find(value):
            if suspect not in throughout:
                note = f"<!-- as printed throughout: {suspect} -->"
                warnings.append(
                    SourceError(
                        doc.path,
                        doc.line_of(*key),
                        _message(suspect, correction, note, f"{label}: "),
                        warning=True,
                    )
                )
    return warnings


def _message(suspect: str, correction: str, note: str, label: str) -> str:
    """The warning's words: what looks wrong, the likely correction, how to keep it."""
    where = "that paragraph" if label == "" else "the file's words"
    return (
        f"{label}'{suspect}' looks like an OCR slip for {correction}; correct it, or if the "
        f"printed newsletter really says '{suspect}', add the note {note} to {where}"
    )
