"""A synthetic archive for benchmarks only (never part of the real site).

Writes N remarks into a folder: sessions of about 20 speakers, people who speak at several
sessions, topics, citations and captioned photos, remarks as long as the real archive's (mostly
100 to 250 words, about 210 on average, none over 650). The same N and seed always give the
same files.
"""

from __future__ import annotations

import math
import random
import shutil
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SPEAKERS_PER_SESSION = 20
REMARK_WORDS_MAX = 650
"""The longest real remark is about 650 words."""
WORDS = (
    "police community trust officers training crisis leadership department chief public "
    "safety people meeting information media force response arrest victims violence program "
    "time support agency city residents reform policy research officer program calls help "
    "local national standard practice review de-escalation protest equipment budget staff "
    "evidence neighborhood families youth partners justice court data report"
).split()
FIRST = "Anna Ben Carla David Elena Frank Grace Henry Irene James Karen Luis Maria Noah".split()
LAST = "Adams Brown Clark Diaz Evans Foster Garcia Hughes Ito Jones Kim Lopez Moore Nash".split()
CITIES = "Austin Boston Chicago Denver Fresno Houston Miami Omaha Phoenix Tulsa".split()


def sentence(rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(8, 22))]
    return " ".join(words).capitalize() + "."


def paragraph(rng: random.Random) -> str:
    return " ".join(sentence(rng) for _ in range(rng.randint(3, 7)))


def remark_paragraphs(rng: random.Random) -> list[str]:
    """A remark's paragraphs, as long in all as the real archive's remarks: the real files'
    words are spread like a log-normal with a median near 190 (10% under 100, 10% over 340)."""
    length = min(REMARK_WORDS_MAX, max(60, round(rng.lognormvariate(math.log(190), 0.45))))
    paragraphs: list[str] = []
    words = 0
    while words < length:
        sentences: list[str] = []
        for _ in range(rng.randint(2, 5)):
            text = sentence(rng)
            if words + len(text.split()) > REMARK_WORDS_MAX:
                return paragraphs + [" ".join(sentences)] if sentences else paragraphs
            sentences.append(text)
            words += len(text.split())
            if words >= length:
                break
        paragraphs.append(" ".join(sentences))
    return paragraphs


def write_synthetic_archive(root: Path, remarks: int, seed: int = 2014) -> None:
    """Write a project with ``remarks`` remarks into ``root`` (docs and config from the repo)."""
    rng = random.Random(seed)
    shutil.copytree(REPO / "docs", root / "docs")
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.replace("\nsite_url:\n", "\nsite_url: https://archive.example.org/\n")
    (root / "mkdocs.yml").write_text(config, encoding="utf-8")
    speakers = root / "speakers"
    speakers.mkdir(parents=True)
    shutil.copy(REPO / "speakers/topics.yml", speakers / "topics.yml")
    topics = [line.split(":")[0] for line in (REPO / "speakers/topics.yml").read_text().splitlines()
              if line and not line.startswith("#")]  # fmt: skip
    (speakers / "references.yml").write_text(
        "".join(
            f'study-{number}:\n  authors: ["Author, A."]\n  year: {2000 + number % 20}\n'
            f"  title: Study number {number}\n  publication: Journal of Policing\n"
            f"  url: http://example.org/study/{number}\n"
            for number in range(50)
        ),
        encoding="utf-8",
    )
    # Every person has a name of their own (one name is one person in the archive).
    people = [
        (
            f"{FIRST[index % len(FIRST)]} {chr(65 + index // (len(FIRST) * len(LAST)) % 26)}. "
            f"{LAST[index // len(FIRST) % len(LAST)]}",
            f"{FIRST[index % len(FIRST)].lower()}-{LAST[index // len(FIRST) % len(LAST)].lower()}"
            f"-{index}",
        )
        for index in range(max(remarks // 3, 1))
    ]
    sessions = (remarks + SPEAKERS_PER_SESSION - 1) // SPEAKERS_PER_SESSION
    written = 0
    for number in range(sessions):
        year = 1990 + number // 12
        month = number % 12 + 1
        slug = f"meeting-{year}-{month:02d}"
        folder = speakers / slug
        folder.mkdir()
        # A monthly newsletter: each issue reports that month's meeting.
        issue = f"issue-{year}-{month:02d}"
        (speakers / "issues").mkdir(exist_ok=True)
        (speakers / "issues" / f"{issue}.md").write_text(
            f"---\nnewsletter: Synthetic Newsletter\ndate: {year}-{month:02d}\n"
            f"volume: {year - 1989}\nnumber: {month}\n---\n",
            encoding="utf-8",
        )
        (folder / "_session.md").write_text(
            f'---\ntitle: Meeting {number + 1}\nheadline: "Chiefs Discuss Topic {number + 1}"\n'
            f"kind: PERF national meeting\ntheme: {rng.choice(['conference', 'town-hall'])}\n"
            f"place: {rng.choice(CITIES)}\nstart: {year}-{month:02d}-10\nissue: {issue}\n"
            f"order: 1\nsummary: Synthetic meeting {number + 1}.\npages: [1]\n---\n"
            f"{paragraph(rng)}\n",
            encoding="utf-8",
        )
        in_session = rng.sample(people, min(SPEAKERS_PER_SESSION, len(people)))
        for order, (name, person) in enumerate(in_session, start=1):
            if written == remarks:
                break
            written += 1
            paragraphs = remark_paragraphs(rng)
            if rng.random() < 0.1:
                paragraphs[0] += f"[@study-{rng.randrange(50)}]"
            body = "\n\n".join(
                f"{text}\n{{: #p{index} }}" for index, text in enumerate(paragraphs, 1)
            )
            photo = ""
            if rng.random() < 0.2:
                photo = (
                    f'photos:\n  - caption: "LEFT TO RIGHT: Chief {name}."\n'
                    f"    people: [{person}]\n    after_paragraph: 1\n"
                )
            picked = sorted(rng.sample(topics, rng.randint(1, 3)))
            (folder / f"{person}.md").write_text(
                f"---\nname: {name}\ntitle: Chief\nagency: {rng.choice(CITIES)} Police Department\n"
                f'byline: "Chief {name}"\nheadline: "{sentence(rng)[:60].rstrip(".")}"\n'
                f"order: {order}\npages: [1]\ntopics: [{', '.join(picked)}]\n{photo}---\n{body}\n",
                encoding="utf-8",
            )
