"""The site generator (the engine) that makes HTML of ``build/docs``: MkDocs, ProperDocs, Zensical.

All three read the same ``mkdocs.yml``; the project has no plugin or hook of its own, so any of
them can build the site. One setting chooses: ``build_site.py --engine NAME``, or else
``extra: engine: NAME`` in ``mkdocs.yml``, or else MkDocs. Each engine but MkDocs is an optional
extra of the project (``pip install -e '.[zensical]'``); a missing one is a one-line message
with that command.

Note: Zensical has no ``--site-dir`` and takes ``site_dir`` only inside the folder of its
configuration file, so for it the build writes a copy of ``mkdocs.yml`` naming the staging
folder beside the original (``.site-config-*.yml``) and removes it afterwards.
"""

from __future__ import annotations

import importlib.util
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from sitebuild.config import SiteLayout
from sitebuild.errors import SourceError

CONFIG_PREFIX = ".site-config-"
"""The name of an engine's temporary configuration file starts with this (Zensical only)."""


@dataclass(frozen=True)
class Engine:
    """One site generator and how to run it."""

    name: str
    """What ``--engine`` and ``extra: engine:`` call it."""
    label: str
    """Its name in messages."""
    module: str
    """The Python package that runs it (``python -m <module> build``)."""
    extra: str
    """The project's optional extra that installs it ('' if the project always has it)."""
    site_dir_option: bool
    """True if its ``build`` takes ``--site-dir`` (else the configuration names the folder)."""

    def install_command(self) -> str:
        """The command that installs this engine into the project's environment."""
        extra = f"[{self.extra}]" if self.extra else ""
        return f".venv/bin/pip install -e '.{extra}'"

    def is_installed(self) -> bool:
        """True if its package can be imported."""
        return importlib.util.find_spec(self.module) is not None


ENGINES: dict[str, Engine] = {
    "mkdocs": Engine("mkdocs", "MkDocs", "mkdocs", "", site_dir_option=True),
    "properdocs": Engine("properdocs", "ProperDocs", "properdocs", "properdocs", True),
    "zensical": Engine("zensical", "Zensical", "zensical", "zensical", site_dir_option=False),
}
"""Every supported engine, by name; the first is the default."""
DEFAULT_ENGINE = "mkdocs"
ENGINE_KEY = "engine"
"""The key under ``extra:`` in ``mkdocs.yml`` that names the engine."""


class EngineProblem(Exception):
    """The engine cannot be used; ``problem`` says why and what to do."""

    def __init__(self, problem: SourceError) -> None:
        super().__init__(str(problem))
        self.problem = problem


class _Loader(yaml.SafeLoader):
    """YAML that reads MkDocs' tags (``!ENV``, ``!!python/name:``) as plain values."""


def _any_tag(loader: _Loader, suffix: str, node: yaml.Node) -> Any:
    if isinstance(node, yaml.ScalarNode):
        return loader.construct_scalar(node)
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_sequence(node)
    assert isinstance(node, yaml.MappingNode)
    return loader.construct_mapping(node)


_Loader.add_multi_constructor("!", _any_tag)
_Loader.add_multi_constructor("tag:yaml.org,2002:python/", _any_tag)


def read_config(layout: SiteLayout) -> dict[str, Any]:
    """``mkdocs.yml`` as data; raises ``EngineProblem`` naming the line if it cannot be read."""
    path = layout.root / layout.config_file
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)  # noqa: S506
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark
        line = mark.line + 1 if mark is not None else None
        raise EngineProblem(
            SourceError(layout.config_file, line, f"this is not valid YAML: {error.problem}")
        ) from None
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        raise EngineProblem(
            SourceError(layout.config_file, None, f"cannot be read: {error}")
        ) from None
    if not isinstance(data, dict):
        raise EngineProblem(SourceError(layout.config_file, 1, "must be 'setting: value' lines"))
    return data


def _setting_line(layout: SiteLayout) -> int | None:
    """The line of ``mkdocs.yml`` that sets ``engine:`` (for messages)."""
    text = (layout.root / layout.config_file).read_text(encoding="utf-8", errors="replace")
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip().startswith(f"{ENGINE_KEY}:"):
            return number
    return None


def choose_engine(layout: SiteLayout) -> Engine:
    """The engine ``layout.engine`` (the ``--engine`` option) or ``mkdocs.yml`` names, installed.

    Raises ``EngineProblem`` with ``file:line``, what is wrong and the fix: an unknown name, or
    an engine whose package is not installed.
    """
    names = ", ".join(ENGINES)
    if layout.engine is not None:
        name, where, line = layout.engine, Path("build_site.py"), None
        if name not in ENGINES:
            raise EngineProblem(
                SourceError(where, line, f"--engine {name}: unknown engine; choose one of {names}")
            )
    else:
        extra = read_config(layout).get("extra") or {}
        name = extra.get(ENGINE_KEY, DEFAULT_ENGINE) if isinstance(extra, dict) else DEFAULT_ENGINE
        name = DEFAULT_ENGINE if name is None else name  # `engine:` left empty
        where, line = layout.config_file, _setting_line(layout)
        if not isinstance(name, str) or name not in ENGINES:
            raise EngineProblem(
                SourceError(
                    where,
                    line,
                    f"extra: {ENGINE_KEY}: {name!r} is not an engine; write one of {names}",
                )
            )
    engine = ENGINES[name]
    if not engine.is_installed():
        raise EngineProblem(
            SourceError(
                where,
                line,
                f"the engine {engine.label} is chosen but not installed; install it with "
                f"`{engine.install_command()}`, or choose another with --engine",
            )
        )
    return engine


def build_command(
    engine: Engine, layout: SiteLayout, staging: Path, strict: bool = True
) -> tuple[list[str], Path | None]:
    """The command that builds the site into ``staging``, and the configuration file it needs.

    The second value is a temporary configuration file the caller must remove afterwards
    (``None`` if the engine reads ``mkdocs.yml`` itself).
    """
    root = layout.root
    command = [sys.executable, "-m", engine.module, "build"]
    if strict:
        command.append("--strict")
    if engine.site_dir_option:
        config = root / layout.config_file
        return [*command, "--config-file", str(config), "--site-dir", str(staging)], None
    temporary = write_config(layout, {"site_dir": str(staging)}, staging.name)
    return [*command, "--config-file", str(temporary)], temporary


def write_config(
    layout: SiteLayout, changes: dict[str, Any], name: str, prefix: str = CONFIG_PREFIX
) -> Path:
    """A configuration beside ``mkdocs.yml`` (so its paths hold): it, with ``changes`` over it.

    The file names ``mkdocs.yml`` with ``INHERIT``, and the engine merges ``changes`` over it.

    Note: inheriting rather than copying leaves ``mkdocs.yml`` to the engine's own reader, so
    its tags (``!ENV``, ``!!python/name:``) mean what they mean to the engine.
    """
    path = layout.root / f"{prefix}{name}.yml"
    parent = os.path.relpath(layout.root / layout.config_file, path.parent)
    text = yaml.safe_dump({"INHERIT": parent, **changes}, sort_keys=False, allow_unicode=True)
    path.write_text(text, encoding="utf-8")
    return path
