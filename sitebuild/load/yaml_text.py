"""Parse YAML safely: plain values only, with the file line of every key.

Front matter and the topic and reference lists are small, plain YAML. Anchors and aliases
(``&a``/``*a``, which can expand a few hundred bytes into gigabytes), tags (``!!python/...``),
keys written twice and nesting deeper than the fields need are refused with the line, before
anything is built from the text.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from sitebuild.config import INVISIBLE, YAML_MAX_DEPTH, invisible_message
from sitebuild.errors import SourceError
from sitebuild.model import KeyPath

# PyYAML's C parser when it is installed (several times faster); both refuse Python tags.
SAFE_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

YAML_HINTS = {
    "expected ',' or ']'": "a list that starts with '[' must end with ']'",
    "mapping values are not allowed here": (
        "a value contains ': ', or the line is indented; put the whole value in double quotes "
        "and start the field at the beginning of the line"
    ),
    "expected <block end>, but found": (
        "there is text after a closing quote, or a quote is not closed; check the quotes on "
        "this line and the line above (use “ ” inside a quoted value)"
    ),
    "found character '\\t'": "a tab is used; YAML needs spaces",
    "could not find expected ':'": "each field needs a colon: 'name: value'",
}

_BRACKET_OPENS = re.compile(r"^\s*(?:-\s+)?[^\s\"'#:][^:#]*:\s+\[")
_QUOTE_OPENS = re.compile(r"""^\s*(?:-\s+)?(?:[^\s"'#:][^:#]*:\s+)?(?P<quote>["'])""")


def parse_yaml(
    path: Path, yaml_text: str, first_line: int, errors: list[SourceError]
) -> tuple[Any, dict[KeyPath, int]] | None:
    """Parse YAML safely, returning the data and a map from key paths to file lines.

    ``first_line`` is the file line of the YAML text's first line. Returns ``None`` (with an
    error recorded) for a syntax error or anything refused.
    """
    for offset, text_line in enumerate(yaml_text.split("\n")):
        indent = text_line[: len(text_line) - len(text_line.lstrip())]
        if "\t" in indent:
            errors.append(
                SourceError(
                    path,
                    first_line + offset,
                    "a tab is used to indent; YAML needs spaces, so replace the tab with spaces",
                )
            )
            return None
    loader_class = SAFE_LOADER
    try:
        refusal = _refused_construct(yaml_text, first_line, loader_class)
    except yaml.YAMLError:
        # The fast parser failed: parse again with PyYAML's own, whose messages are clearer.
        loader_class = yaml.SafeLoader
        try:
            refusal = _refused_construct(yaml_text, first_line, loader_class)
        except yaml.YAMLError as problem:
            errors.append(_syntax_error(path, yaml_text, first_line, problem))
            return None
    if refusal is not None:
        line, message = refusal
        errors.append(SourceError(path, line, message))
        return None
    loader = loader_class(yaml_text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None, {}
        lines: dict[KeyPath, int] = {}
        found: list[SourceError] = []
        _record_lines(path, node, (), first_line, lines, found)
        if found:
            errors.extend(found)
            return None
        try:
            return loader.construct_document(node), lines
        except (ValueError, yaml.YAMLError):
            errors.append(_unreadable_value(path, node, first_line))
            return None
    except yaml.YAMLError as problem:
        errors.append(_syntax_error(path, yaml_text, first_line, problem))
        return None
    finally:
        loader.dispose()


def _refused_construct(
    yaml_text: str, first_line: int, loader_class: type[yaml.SafeLoader]
) -> tuple[int, str] | None:
    """The first anchor, alias, tag or too-deep value, as (file line, message); else None.

    Works on the parser's events, so nothing is expanded or built while looking.
    """
    depth = 0
    for event in yaml.parse(yaml_text, Loader=loader_class):
        line = first_line + (event.start_mark.line if event.start_mark else 0)
        if isinstance(event, yaml.AliasEvent):
            return line, (
                f"'*{event.anchor}' repeats another value (a YAML alias), which is not allowed "
                "here; write the value out in full"
            )
        anchor = getattr(event, "anchor", None)
        if anchor is not None:
            return line, (
                f"'&{anchor}' names a value for repeating (a YAML anchor), which is not allowed "
                "here; remove it"
            )
        tag = getattr(event, "tag", None)
        if tag is not None:
            return line, (
                f"the tag '{tag}' is not allowed; tags like !!python/... or !!str are not "
                "allowed, write plain values"
            )
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > YAML_MAX_DEPTH:
                return line, (
                    f"the value on this line is nested more than {YAML_MAX_DEPTH} levels deep; "
                    "the fields need no more (see the editing guide for each field's form)"
                )
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
    return None


def _record_lines(
    path: Path,
    node: yaml.Node,
    key: KeyPath,
    first_line: int,
    lines: dict[KeyPath, int],
    errors: list[SourceError],
) -> None:
    """Note the file line of every key and list item; report keys that are not plain or twice."""
    lines[key] = first_line + node.start_mark.line
    if isinstance(node, yaml.ScalarNode):
        invisible = INVISIBLE.search(str(node.value))
        if invisible is not None:
            errors.append(
                SourceError(
                    path,
                    lines[key] + _offset(node, invisible.start()),
                    invisible_message(invisible[0]),
                )
            )
    if isinstance(node, yaml.MappingNode):
        seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            line = first_line + key_node.start_mark.line
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag.endswith(":merge"):
                errors.append(
                    SourceError(
                        path,
                        line,
                        "a field name must be a plain word ('<<' merges and lists are not "
                        "allowed); write each field once",
                    )
                )
                continue
            if not key_node.tag.endswith(":str"):
                errors.append(
                    SourceError(
                        path,
                        line,
                        f"the field name '{key_node.value}' must be a word; write a name before "
                        "the colon",
                    )
                )
                continue
            name = str(key_node.value)
            invisible = INVISIBLE.search(name)
            if invisible is not None:
                errors.append(SourceError(path, line, invisible_message(invisible[0])))
                continue
            if name in seen:
                errors.append(
                    SourceError(
                        path,
                        line,
                        f"the field '{name}' is written twice (first on line {seen[name]}); "
                        "keep one of them",
                    )
                )
                continue
            seen[name] = line
            child = (*key, name)
            _record_lines(path, value_node, child, first_line, lines, errors)
            lines[child] = line
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _record_lines(path, item, (*key, index), first_line, lines, errors)


def _offset(node: yaml.ScalarNode, position: int) -> int:
    """How many lines below its start a position in a scalar's text is, for block scalars."""
    return str(node.value).count("\n", 0, position) if node.style in ("|", ">") else 0


def _unreadable_value(path: Path, node: yaml.Node, first_line: int) -> SourceError:
    """The error for the first value PyYAML cannot build (an impossible date, a huge number)."""
    loader = yaml.SafeLoader("")
    for scalar in _scalars(node):
        try:
            loader.construct_object(scalar, deep=True)
        except (ValueError, yaml.YAMLError) as problem:
            line = first_line + scalar.start_mark.line
            if scalar.tag.endswith(":timestamp"):
                return SourceError(
                    path, line, f"this date does not exist ({problem}); write YYYY-MM-DD"
                )
            if scalar.tag.endswith(":int") or scalar.tag.endswith(":float"):
                return SourceError(
                    path,
                    line,
                    f"this number has {len(scalar.value)} characters, too many to be a page, "
                    "order or year; write a smaller number",
                )
            return SourceError(path, line, f"this value cannot be read ({problem})")
    return SourceError(path, first_line, "a value cannot be read; check the fields")


def _scalars(node: yaml.Node) -> list[yaml.ScalarNode]:
    """Every scalar below ``node``, in file order (the depth is already bounded)."""
    if isinstance(node, yaml.ScalarNode):
        return [node]
    children: list[yaml.Node] = []
    if isinstance(node, yaml.MappingNode):
        children = [part for pair in node.value for part in pair]
    elif isinstance(node, yaml.SequenceNode):
        children = list(node.value)
    return [scalar for child in children for scalar in _scalars(child)]


def _syntax_error(
    path: Path, yaml_text: str, first_line: int, problem: yaml.YAMLError
) -> SourceError:
    """A YAML syntax error at the line where the mistake is, with a hint in plain words."""
    if isinstance(problem, yaml.reader.ReaderError):
        line = first_line + yaml_text[: problem.position].count("\n")
        return SourceError(path, line, invisible_message(chr(problem.character)))
    if not isinstance(problem, yaml.MarkedYAMLError):
        return SourceError(path, first_line, f"YAML error: {problem}")
    mark = problem.problem_mark or problem.context_mark
    reason = problem.problem or problem.context or "invalid YAML"
    if "end of stream" in reason and problem.context_mark is not None:
        # Note: an unclosed quote is found only at the end; point at where it opened.
        mark = problem.context_mark
        reason = f"{problem.context}, {reason}; close the quote on this line"
    else:
        opened = _unclosed_quote_line(yaml_text, mark.line if mark is not None else 0)
        if opened is not None:
            what = yaml_text.split("\n")[opened]
            if _BRACKET_OPENS.match(what) and what.count("[") > what.count("]"):
                return SourceError(
                    path,
                    first_line + opened,
                    "YAML syntax error: the list opened with '[' on this line is not closed; "
                    "end it with ']' on the same line",
                )
            return SourceError(
                path,
                first_line + opened,
                "YAML syntax error: the quote opened on this line is not closed on it; close "
                "it (use “ ” for quotation marks inside a value)",
            )
    reason += next((f"; {hint}" for fragment, hint in YAML_HINTS.items() if fragment in reason), "")
    line = first_line + mark.line if mark is not None else first_line
    column = f", column {mark.column + 1}" if mark is not None else ""
    return SourceError(path, line, f"YAML syntax error{column}: {reason}")


def _unclosed_quote_line(yaml_text: str, error_line: int) -> int | None:
    """The first line before ``error_line`` whose value opens a quote or list it does not close."""
    for offset, text_line in enumerate(yaml_text.split("\n")[:error_line]):
        bracket = _BRACKET_OPENS.match(text_line)
        if bracket is not None and text_line.count("[") > text_line.count("]"):
            return offset
        opening = _QUOTE_OPENS.match(text_line)
        if opening is None:
            continue
        quote = opening["quote"]
        rest = text_line[opening.end() :]
        closed = (
            re.search(r'(?<!\\)(?:\\\\)*"', rest) if quote == '"' else re.search(r"'(?!')", rest)
        )
        if closed is None:
            return offset
    return None
