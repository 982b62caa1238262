"""Command line for the PERF newsletter archive.

.venv/bin/python build_site.py check    validate every file under speakers/; write nothing
.venv/bin/python build_site.py build    validate, generate pages, and build the site into site/
.venv/bin/python build_site.py serve    build, serve at http://127.0.0.1:8000, rebuild on edits
"""

from __future__ import annotations

import argparse
import io
import sys
from collections.abc import Sequence
from pathlib import Path

from sitebuild.config import SiteLayout
from sitebuild.edit import (
    COMMAND,
    EditRefused,
    NewIssue,
    NewSession,
    NewSpeaker,
    create_issue,
    create_session,
    create_speaker,
    number_paragraph_files,
    parse_dates,
    publish,
)
from sitebuild.engine import DEFAULT_ENGINE, ENGINES
from sitebuild.errors import describe_os_error
from sitebuild.pipeline import BuildResult, build, check
from sitebuild.serve import serve
from sitebuild.validate.published import PUBLISHED_FILE


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    """Read the command and its options."""
    parser = argparse.ArgumentParser(
        prog="build_site.py", description="Build the PERF newsletter archive."
    )
    parser.add_argument(
        "--root",
        type=Path,
        default=Path(__file__).resolve().parent,
        help="project folder (default: the folder of this script)",
    )
    parser.add_argument(
        "--strict", action="store_true", help="treat warnings as errors (use before publishing)"
    )
    parser.add_argument(
        "--engine",
        help=f"the site generator for build and serve: {', '.join(ENGINES)} (default: "
        f"extra: engine: in mkdocs.yml, else {DEFAULT_ENGINE})",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("check", help="validate every file under speakers/; write nothing")
    commands.add_parser("build", help="validate, generate the pages and build site/")
    commands.add_parser(
        "number-paragraphs",
        help="give every remark paragraph a link identifier ({: #p1 }); edits speaker files",
    )
    commands.add_parser(
        "publish",
        help="add every current address to speakers/published-urls.txt (run when publishing)",
    )
    new_session = commands.add_parser(
        "new-session", help="create a session folder and its filled-in _session.md"
    )
    new_session.add_argument("slug", help="folder name, like town-hall-2015")
    new_session.add_argument("--title", required=True, help="the meeting's name")
    new_session.add_argument(
        "--date", required=True, help="YYYY-MM-DD, or YYYY-MM-DD..YYYY-MM-DD for several days"
    )
    new_session.add_argument("--place", required=True, help="city, like Orlando")
    new_session.add_argument(
        "--issue", help="the issue that printed it (needed when the archive has several)"
    )
    new_issue = commands.add_parser(
        "new-issue", help="create a newsletter issue's file in speakers/issues/"
    )
    new_issue.add_argument("slug", help="file name, like 2015-03 or spring-2015")
    new_issue.add_argument("--newsletter", required=True, help="the newsletter's name as printed")
    new_issue.add_argument(
        "--date", required=True, help="as precisely as printed: 2015, 2015-03 or 2015-03-16"
    )
    new_issue.add_argument(
        "--approximate", action="store_true", help="the issue prints no date; it is inferred"
    )
    new_issue.add_argument("--volume", type=int, help="the volume number, if printed")
    new_issue.add_argument("--number", type=int, help="the issue number, if printed")
    new_speaker = commands.add_parser(
        "new-speaker", help="create a speaker's remark file in a session, next in print order"
    )
    new_speaker.add_argument("session", help="the session's folder name")
    new_speaker.add_argument("name", help='the speaker\'s full name, like "Janeé Harteau"')
    new_speaker.add_argument("--title", required=True, help="title at the time, like Chief")
    new_speaker.add_argument("--agency", help="agency at the time, like Fresno Police Department")
    serve_parser = commands.add_parser("serve", help="build, serve and rebuild on every edit")
    serve_parser.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    return parser.parse_args(argv)


def report(result: BuildResult) -> int:
    """Print every problem to stderr; return the exit code."""
    for warning in result.warnings:
        print(warning, file=sys.stderr)
    for error in result.errors:
        print(error, file=sys.stderr)
    if result.errors:
        count = len(result.errors)
        print(
            f"\n{count} problem{'s' if count != 1 else ''} found; nothing was published. "
            "Fix the lines above and run the command again.",
            file=sys.stderr,
        )
        return 1
    if result.mkdocs_failed:
        print(
            f"{result.engine} could not build the site (see its messages above); site/ is "
            "unchanged.",
            file=sys.stderr,
        )
        return 1
    return 0


def scaffold(layout: SiteLayout, args: argparse.Namespace) -> int:
    """Run ``new-issue``, ``new-session`` or ``new-speaker``; print what was created or why not."""
    try:
        if args.command == "new-issue":
            request = NewIssue(
                args.slug, args.newsletter, args.date, args.approximate, args.volume, args.number
            )
            path = create_issue(layout, request)
        elif args.command == "new-session":
            start, end = parse_dates(args.date)
            meeting = NewSession(args.slug, args.title, start, end, args.place, args.issue)
            path = create_session(layout, meeting)
        else:
            result = check(layout)
            topics = sorted(result.archive.topics) if result.archive else []
            speaker = NewSpeaker(args.session, args.name, args.title, args.agency)
            path = create_speaker(layout, speaker, topics[0] if topics else "leadership")
    except EditRefused as refusal:
        print(f"build_site.py {args.command}: {refusal}", file=sys.stderr)
        return 1
    print(f"Created {path.as_posix()}. Open it, fill it in, and run: {COMMAND} serve")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command named in ``argv``; return the process exit code."""
    args = parse_args(argv)
    layout = SiteLayout(root=args.root.resolve(), strict=args.strict, engine=args.engine)
    if isinstance(sys.stderr, io.TextIOWrapper):
        # A file name that is not valid UTF-8 is shown with escapes, never a crash.
        sys.stderr.reconfigure(errors="backslashreplace")
    try:
        return run(layout, args)
    except OSError as problem:
        # A file-system problem (disk full, no permission) is one line, never a traceback.
        print(f"{describe_os_error(problem, layout.root)}", file=sys.stderr)
        return 1


def run(layout: SiteLayout, args: argparse.Namespace) -> int:
    """Run one command."""
    if args.command == "check":
        result = check(layout)
        if result.ok:
            archive = result.archive
            sessions = len(archive.sessions) if archive else 0
            remarks = len(archive.remarks) if archive else 0
            print(f"All sources are valid: {sessions} sessions, {remarks} remarks.")
        return report(result)
    if args.command == "build":
        result = build(layout)
        if result.ok:
            print(f"Site built into {layout.site_dir}/.")
        return report(result)
    if args.command == "number-paragraphs":
        for path, added in number_paragraph_files(layout):
            print(f"{path.as_posix()}: added {added} paragraph identifier(s)")
        return 0
    if args.command in ("new-issue", "new-session", "new-speaker"):
        return scaffold(layout, args)
    if args.command == "publish":
        result = check(layout)
        if not result.ok or result.registry is None:
            return report(result)
        try:
            added = publish(layout.root, result.registry.addresses())
        except EditRefused as refusal:
            print(f"build_site.py publish: {refusal}", file=sys.stderr)
            return 1
        print(f"{added} new address(es) added to {PUBLISHED_FILE.as_posix()}.")
        return 0
    return serve(layout, port=args.port)


if __name__ == "__main__":
    sys.exit(main())
