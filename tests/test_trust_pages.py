"""YAML, lines, strictness and pages: unsafe YAML refused, lines right, check and build agree,
hand-written pages and built pages checked.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from boundary import NOT_PUBLISHED, SESSION_PATH, SPEAKER_PATH, problems, with_files, with_words
from conftest import SESSION, SPEAKER, WriteFiles, run_cli

from sitebuild.config import SiteLayout
from sitebuild.pipeline import check

YAML_PROBLEMS = {
    "alias bomb": (
        'a: &a ["x", "x", "x", "x", "x", "x", "x", "x", "x"]\n'
        "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
        "c: [*b, *b, *b, *b, *b, *b, *b, *b, *b]",
        "2: '&a' names a value for repeating (a YAML anchor), which is not allowed here; remove it",
    ),
    "alias": (
        "agency: *x",
        "2: '*x' repeats another value (a YAML alias), which is not allowed here; write the "
        "value out in full",
    ),
    "tag": (
        "agency: !!str Police",
        "2: the tag 'tag:yaml.org,2002:str' is not allowed; tags like !!python/... or !!str are "
        "not allowed, write plain values",
    ),
    "deep nesting": (
        "agency: " + "[" * 20000 + "]" * 20000,
        "2: the value on this line is nested more than 4 levels deep; the fields need no more "
        "(see the editing guide for each field's form)",
    ),
    "key written twice": (
        "name: Janet Doe",
        "3: the field 'name' is written twice (first on line 2); keep one of them",
    ),
    "number of 5,000 digits": (
        "order: " + "9" * 5000,
        "2: this number has 5000 characters, too many to be a page, order or year; write a "
        "smaller number",
    ),
    "escaped surrogate": (
        'nickname: "\\ud800"',
        "2: this line contains an invisible character (#xd800) that is not allowed; retype the "
        "line (it often comes with text pasted from Word or the web)",
    ),
    "merge key": (
        "<<: {title: Evil}",
        "2: a field name must be a plain word ('<<' merges and lists are not allowed); write "
        "each field once",
    ),
    "empty field name": (
        "~: x",
        "2: the field name '~' must be a word; write a name before the colon",
    ),
    "list left open": (
        "agency: [Police",
        "2: YAML syntax error: the list opened with '[' on this line is not closed; end it with "
        "']' on the same line",
    ),
}


@pytest.mark.parametrize("line, message", YAML_PROBLEMS.values(), ids=list(YAML_PROBLEMS))
def test_unsafe_yaml_is_refused_before_anything_is_built(
    project: WriteFiles, line: str, message: str
) -> None:
    speaker = SPEAKER.replace("---\n", f"---\n{line}\n", 1)
    if line.startswith("order:"):
        speaker = speaker.replace("order: 1\n", "")
    assert problems(with_files(project, {SPEAKER_PATH: speaker})) == [f"{SPEAKER_PATH}:{message}"]


def test_an_unclosed_quote_is_reported_on_its_own_line(project: WriteFiles) -> None:
    speaker = SPEAKER.replace('headline: "Trust Comes First"', 'headline: "Trust Comes First')
    speaker = speaker.replace("topics: [community-trust]", 'topics: [community-trust]\nagency: "x"')
    assert problems(with_files(project, {SPEAKER_PATH: speaker})) == [
        f"{SPEAKER_PATH}:6: YAML syntax error: the quote opened on this line is not closed on "
        "it; close it (use “ ” for quotation marks inside a value)"
    ]


def test_placeholders_are_warnings_and_strict_refuses_them(project: WriteFiles) -> None:
    speaker = SPEAKER.replace('"Trust Comes First"', '"TODO: the headline as printed"')
    root = with_files(project, {SPEAKER_PATH: speaker})
    message = (
        f"{SPEAKER_PATH}:6: warning: headline: 'TODO: the headline as printed' is a "
        "placeholder; write the headline as printed"
    )
    result = check(SiteLayout(root=root))
    assert result.errors == [] and [str(problem) for problem in result.warnings] == [message]
    strict = check(SiteLayout(root=root, strict=True))
    assert [str(problem) for problem in strict.errors] == [message]


def test_what_old_scaffolding_wrote_is_a_placeholder_too(project: WriteFiles) -> None:
    speaker = SPEAKER.replace('"Trust Comes First"', '"Remarks of Jane Doe"')
    session = SESSION.replace(
        "summary: A meeting made up for the tests.", "summary: Test Meeting, Chicago."
    )
    root = with_files(project, {SPEAKER_PATH: speaker, SESSION_PATH: session})
    assert problems(root, strict=True) == [
        f"{SESSION_PATH}:10: warning: summary: 'Test Meeting, Chicago.' is a placeholder; "
        "write the summary as printed",
        f"{SPEAKER_PATH}:6: warning: headline: 'Remarks of Jane Doe' is a placeholder; write "
        "the headline as printed",
    ]


def test_check_build_and_strict_build_agree(project: WriteFiles) -> None:
    root = with_words(project, "<b>bold</b>")
    messages = problems(root)
    for command in (["check"], ["build"], ["--strict", "build"]):
        result = run_cli(root, *command)
        assert result.returncode == 1
        assert [line for line in result.stderr.splitlines() if line.startswith("speakers/")] == [
            message for message in messages if "warning" not in message or "--strict" in command
        ]
        assert "Traceback" not in result.stderr
    assert not (root / "site").exists()


def test_a_published_address_is_checked_even_when_other_files_have_errors(
    project: WriteFiles,
) -> None:
    root = with_files(
        project,
        {
            "speakers/published-urls.txt": "/test-2014/\n/gone-2013/\nnot an address\n",
            "speakers/test-2014/broken.md": "no front matter\n",
        },
    )
    assert problems(root) == [
        "speakers/published-urls.txt:2: the published address '/gone-2013/' would no longer "
        "exist; if you renamed a speaker or session file, add its old name to 'aliases:' in the "
        "renamed file",
        "speakers/published-urls.txt:3: 'not an address' is not an address of this site; each "
        "line must be one address starting with '/', like /town-hall-2014/",
        "speakers/test-2014/broken.md:1: the file has no front matter; it must start with a "
        "line '---', then the fields (name: ..., title: ...), then another line '---'",
    ]


def test_a_hand_written_page_is_checked_too(project: WriteFiles) -> None:
    root = with_files(
        project,
        {
            "docs/about.md": (
                "---\ntitle: About\n---\n# About\n\n<script>alert(1)</script>\n\n"
                "[x](javascript:alert(1))\n\n"
                '--8<-- "/etc/passwd"\n\nSee [[speaker:nobody]] and [[speaker:jane-doe.\n'
            )
        },
    )
    assert problems(root) == [
        "docs/about.md:6: raw HTML '</script' is not allowed; write Markdown instead",
        "docs/about.md:6: raw HTML '<script' is not allowed; write Markdown instead",
        "docs/about.md:8: the link 'javascript:alert(1' is not allowed; link to a page of the "
        "site, a web page (https://...) or an e-mail address (mailto:...)",
        'docs/about.md:10: an include must be a line of its own, --8<-- "name", naming a file '
        "the build makes: fields-issue.md, fields-photo.md, fields-reference.md, "
        "fields-session.md, fields-speaker.md, latest-issue.md, session-list.md",
        "docs/about.md:12: link [[speaker:nobody]]: unknown speaker 'nobody'; use the file name of "
        "a speaker file (without .md)",
        "docs/about.md:12: unfinished cross-link '[[speaker:jane-doe.'; write it as "
        "[[speaker:janee-harteau]] or [[speaker:janee-harteau|link text]]",
    ]


def test_a_comment_a_browser_would_end_early_is_refused_in_a_hand_written_page(
    project: WriteFiles,
) -> None:
    root = with_files(
        project,
        {
            "docs/about.md": (
                "---\ntitle: About\n---\n# About\n\n<!-- a --!><script>alert(1)</script> -->\n"
            )
        },
    )
    assert problems(root) == [
        "docs/about.md:6: raw HTML '<!--' is not allowed; write Markdown instead",
        "docs/about.md:6: raw HTML '</script' is not allowed; write Markdown instead",
        "docs/about.md:6: raw HTML '<script' is not allowed; write Markdown instead",
    ]


def test_the_built_page_check_finds_what_parts_of_a_page_make_together() -> None:
    from sitebuild.validate.markup import CONTENT_START, check_page

    # A link in one remark and its address in another make a link only on the whole page.
    page = (
        f'<nav class="md-nav"><script>theme();</script></nav>{CONTENT_START} md-typeset">'
        '<article class="remark"><p>See <a href="javascript:alert(1)">it</a>.</p></article>'
        "</article>"
    )
    sources = [
        (Path("speakers/a.md"), "---\nname: A\n---\nSee [it][k].\n"),
        (Path("speakers/b.md"), "---\nname: B\n---\nFine.\n[k]: javascript:alert(1)\n"),
    ]
    assert [str(error) for error in check_page("/x/", page, sources, Path("x"))] == [
        "speakers/b.md:5: the page /x/ would contain a link to 'javascript:alert(1)' on <a>, "
        f"{NOT_PUBLISHED}"
    ]
    fine = page.replace("javascript:alert(1)", "https://example.org/")
    assert check_page("/x/", fine, sources, Path("x")) == []


def test_a_build_whose_pages_hold_foreign_markup_is_not_published(small_site: Path) -> None:
    from sitebuild.config import SiteLayout as Layout
    from sitebuild.pipeline import inspect_site

    assert run_cli(small_site, "build").returncode == 0
    result = check(Layout(root=small_site))
    assert result.registry is not None
    assert inspect_site(Layout(root=small_site), result.registry, small_site / "site") == []
    page = small_site / "site/test-2014/index.html"
    head, content = page.read_text(encoding="utf-8").split('<article class="md-content', 1)
    changed = content.replace("<p>", '<p onclick="alert(1)">', 1)
    page.write_text(f'{head}<article class="md-content{changed}', encoding="utf-8")
    found = inspect_site(Layout(root=small_site), result.registry, small_site / "site")
    assert [error.message for error in found] == [
        "the page /test-2014/ would contain the attribute 'onclick' on <p>, which the archive "
        "does not publish; write plain words, *emphasis*, **bold**, links to https:// addresses "
        "or cross-links"
    ]


def test_hand_written_pages_get_the_page_check_and_may_hold_only_safe_files(
    project: WriteFiles,
) -> None:
    root = with_files(
        project,
        {
            "docs/about.md": (
                "---\ntitle: About\n---\n"
                '# About\n\nSome text.\n{ onclick="alert(1)" }\n\n[x][k]\n\n'
                "[k]: javascript:alert(1)\n\n[Missing](missing.md)\n"
            ),
            "docs/evil.html": "<script>alert(1)</script>",
            "docs/x.svg": "<svg onload='alert(1)'/>",
        },
    )
    only_safe_files = (
        "files are not published from docs/ (they could run in a reader's browser); use one "
        "of: .css, .gif, .jpeg, .jpg, .js, .md, .png, .webp"
    )
    assert problems(root) == [
        "docs/about.md:7: attributes in braces are not allowed in a page; write Markdown instead",
        "docs/about.md:11: the link 'javascript:alert(1)' is not allowed; link to a page of the "
        "site, a web page (https://...) or an e-mail address (mailto:...)",
        "docs/about.md:13: the link 'missing.md' leads to no page of the site; correct it, or "
        "use a cross-link like [[session:town-hall-2014]]",
        f"docs/evil.html: '.html' {only_safe_files}",
        f"docs/x.svg: '.svg' {only_safe_files}",
    ]
    result = run_cli(root, "build")
    assert result.returncode == 1 and not (root / "site").exists()


def test_a_hand_written_page_sets_only_a_plain_title_and_description(
    project: WriteFiles,
) -> None:
    root = with_files(
        project,
        {
            "docs/about.md": (
                "---\n"
                'title: "About \\x3cimg src=x onerror=alert(1)\\x3e"\n'
                "description: 'x\" onmouseover=\"alert(1)'\n"
                'redirect_to: "javascript:alert(1)"\n'
                "template: 404.html\n"
                "---\n# About\n"
            ),
            "docs/stylesheets/extra.css": "@import url('https://evil.example/x.css');\n",
        },
    )
    assert problems(root) == [
        "docs/about.md:2: title: raw HTML '<img' is not allowed; write plain text",
        "docs/about.md:4: the field 'redirect_to' is not allowed in a page's front matter; use "
        "only: title, description",
        "docs/about.md:5: the field 'template' is not allowed in a page's front matter; use "
        "only: title, description",
        "docs/stylesheets/extra.css:1: a stylesheet may not load anything (@import or a url() "
        "with an address); put the file in docs/ and use a relative url()",
    ]


def test_a_description_is_escaped_where_the_theme_prints_it(small_site: Path) -> None:
    about = small_site / "docs/about.md"
    about.write_text(
        "---\ntitle: About\ndescription: 'Q&A \"quoted\" here'\n---\n# About\n", encoding="utf-8"
    )
    assert run_cli(small_site, "build").returncode == 0
    html = (small_site / "site/about/index.html").read_text(encoding="utf-8")
    assert 'content="Q&amp;A &quot;quoted&quot; here"' in html


@pytest.mark.parametrize(
    "page",
    [
        '---\ntitle: About\n  ---\nredirect_to: "javascript:alert(1)"\n--- \n# About\n',
        "\ufeff---\ntitle: 'About\" onclick=\"alert(1)'\n--- \n# About\n\nThanks\n\n---\n\nBye\n",
    ],
    ids=["closing line the theme reads differently", "byte-order mark and quotes"],
)
def test_a_page_front_matter_reaches_the_theme_only_as_checked(small_site: Path, page: str) -> None:
    (small_site / "docs/about.md").write_text(page, encoding="utf-8")
    result = run_cli(small_site, "build")
    assert result.returncode == 0, result.stderr
    html = (small_site / "site/about/index.html").read_text(encoding="utf-8")
    assert 'http-equiv="refresh"' not in html and "location.replace" not in html
    assert 'onclick="alert' not in html


def test_the_head_of_a_built_page_is_checked_too() -> None:
    from sitebuild.validate.markup import CONTENT_START, check_page

    head = (
        '<html><head><meta name="description" content="d" onmouseover="alert(2)">'
        '<meta http-equiv="refresh" content="0; url=https://evil.example/">'
        f'</head><body>{CONTENT_START}"><p>Fine.</p></article></body></html>'
    )
    assert [error.message for error in check_page("/x/", head, [], Path("docs/x.md"))] == [
        f"the page /x/ would contain the attribute 'onmouseover' on <meta> in its head, "
        f"{NOT_PUBLISHED}",
        f"the page /x/ would contain a redirect to 'https://evil.example/', {NOT_PUBLISHED}",
    ]
