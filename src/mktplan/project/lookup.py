"""Finding the configuration that applies to a plan, as cheaply as a plain ``check`` needs.

Every plan of every ``check`` asks :func:`config_for`, and most repositories have no
configuration, so the walk up the folders costs a few ``stat`` calls (once per folder,
for the whole run) and nothing is imported for it; reading and checking a file
(:mod:`mktplan.project.reading`, :mod:`mktplan.project.settings`) is imported only when
there is one. A ``pyproject.toml`` that does not hold the word ``mktplan`` is passed over
on sight.
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from mktplan.errors import UsageError
from mktplan.files.reading import STDIN

if TYPE_CHECKING:
    from mktplan.findings import Message
    from mktplan.project.settings import Source
    from mktplan.rules.config import Setting

YAML_NAMES: Final = (".mktplan.yaml", ".mktplan.yml")
PYPROJECT: Final = "pyproject.toml"


class ConfigError(UsageError):
    """Raised when a project configuration cannot be used.

    Each problem is a catalogue message (``file:line:col: message``); the English text
    holds them all, one a line, the lines after the first starting with ``mktplan:`` as
    the first is printed, and ``detail`` holds the messages, for other languages.
    """

    def __init__(self, problems: list[Message]) -> None:
        from mktplan.text.messages import ENGLISH, render

        self.problems = [render(problem, ENGLISH) for problem in problems]
        super().__init__("\nmktplan: ".join(self.problems), tuple(problems))


class ProjectConfig:
    """A project's settings; None (or empty) where the configuration says nothing.

    (A plain class: a dataclass costs a plain ``check`` its start-up time to define.)
    """

    __slots__ = ("file", "language", "output", "rule_defaults", "rules", "sources", "strict",
                 "templates", "toc_pages")

    def __init__(self, file: Path | None = None, *, strict: bool | None = None,
                 output: Path | None = None, templates: Path | None = None,
                 language: str | None = None, rules: dict[str, Any] | None = None,
                 rule_defaults: dict[str, Setting] | None = None,
                 sources: dict[str, Source] | None = None,
                 toc_pages: bool | None = None) -> None:
        self.file = file
        """The configuration file, or None when no folder above the plan has one."""
        self.strict = strict
        self.output = output
        """``build``'s output folder, from the configuration file's folder."""
        self.templates = templates
        self.toc_pages = toc_pages
        """``toc-pages``: whether a Word build without the PDF numbers its contents' pages."""
        self.language = language
        self.rules: dict[str, Any] = rules or {}
        """The ``rules:`` section as written."""
        self.rule_defaults = rule_defaults
        """Every rule's setting after the section: what a plan's own ``rules:`` applies to."""
        self.sources: dict[str, Source] = sources or {}
        """Key (``strict``, ``rules.budget``) → where it is set."""

    def __repr__(self) -> str:
        return f"ProjectConfig({self.file!r})"


NO_CONFIG: Final = ProjectConfig()


def config_for(path: Path) -> ProjectConfig:
    """The configuration that applies to the plan (or folder) at ``path``.

    The first folder from the plan's own upward that holds a configuration decides
    (``.mktplan.yaml`` or ``.mktplan.yml``, else a ``pyproject.toml`` with a
    ``[tool.mktplan]`` table); standard input (``-``) is looked up from the working
    directory. Raises :class:`ConfigError` for a configuration that cannot be used.
    """
    start = Path.cwd() if path == STDIN else path
    folder = start if start.is_dir() else start.parent
    return _config_above(os.path.abspath(folder))


@cache
def _config_above(folder: str) -> ProjectConfig:
    found = _config_in(folder)
    if found is not None:
        return found
    parent = os.path.dirname(folder)
    return NO_CONFIG if parent == folder else _config_above(parent)


def _config_in(folder: str) -> ProjectConfig | None:
    for name in YAML_NAMES:
        candidate = os.path.join(folder, name)
        if os.path.isfile(candidate):
            from mktplan.project.reading import read_yaml_config
            from mktplan.project.settings import checked

            return checked(read_yaml_config(Path(candidate)))
    candidate = os.path.join(folder, PYPROJECT)
    if os.path.isfile(candidate) and _mentions_mktplan(candidate):
        from mktplan.project.reading import read_pyproject
        from mktplan.project.settings import checked

        found = read_pyproject(Path(candidate))
        return checked(found) if found is not None else None
    return None


def _mentions_mktplan(path: str) -> bool:
    """Whether a ``pyproject.toml`` could hold a mktplan table.

    Only a regular file gets here (``isfile``); one that cannot be read is left to the
    reader, which says why.
    """
    try:
        with open(path, "rb") as stream:
            return b"mktplan" in stream.read(_SCAN_BYTES)
    except OSError:
        return True


_SCAN_BYTES: Final = 1024 * 1024
