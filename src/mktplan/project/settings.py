"""The settings a project configuration holds, checked, and where each one came from."""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, NamedTuple

from mktplan.errors import UsageError
from mktplan.files.reading import STDIN
from mktplan.findings import Path as KeyPath
from mktplan.model.types import LANGUAGES
from mktplan.project.reading import ConfigFile, config_file_in
from mktplan.rules.config import Setting, read_settings

if TYPE_CHECKING:
    from mktplan.rules.base import Rule

KEYS: Final = ("rules", "strict", "output", "templates", "language")
"""Every key of a configuration, in the order ``mktplan config`` shows them."""
_TRUE = frozenset({"true", "True", "TRUE"})
_FALSE = frozenset({"false", "False", "FALSE"})


class ConfigError(UsageError):
    """Raised when a project configuration cannot be used.

    Each problem is ``file:line:col: message``; the message holds them all, one a line,
    the lines after the first starting with ``mktplan:`` as the first is printed.
    """

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\nmktplan: ".join(problems))
        self.problems = problems


class Source(NamedTuple):
    """Where a setting was made: a file and the position of its key."""

    file: str
    line: int
    column: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}"


@dataclass(frozen=True)
class ProjectConfig:
    """A project's settings; None (or empty) where the configuration says nothing."""

    file: Path | None = None
    """The configuration file, or None when no folder above the plan has one."""
    strict: bool | None = None
    output: Path | None = None
    """``build``'s output folder, from the configuration file's folder."""
    templates: Path | None = None
    language: str | None = None
    rules: dict[str, Any] = field(default_factory=dict)
    """The ``rules:`` section as written."""
    rule_defaults: dict[str, Setting] | None = None
    """Every rule's setting after the section: what a plan's own ``rules:`` applies to."""
    sources: dict[str, Source] = field(default_factory=dict)
    """Key (``strict``, ``rules.budget``) → where it is set."""


NO_CONFIG: Final = ProjectConfig()


def config_for(path: Path) -> ProjectConfig:
    """The configuration that applies to the plan (or folder) at ``path``.

    The first folder from the plan's own upward that holds a configuration decides;
    standard input (``-``) is looked up from the working directory. Raises
    :class:`ConfigError` for a configuration that cannot be used.
    """
    start = Path.cwd() if path == STDIN else path
    folder = start if start.is_dir() else start.parent
    return _config_above(os.path.abspath(folder))


@cache
def _config_above(folder: str) -> ProjectConfig:
    found = config_file_in(Path(folder))
    if found is not None:
        return checked(found)
    parent = os.path.dirname(folder)
    return NO_CONFIG if parent == folder else _config_above(parent)


def checked(found: ConfigFile) -> ProjectConfig:
    """The settings of a configuration file; raises :class:`ConfigError` for a wrong one."""
    problems: list[str] = []
    values: dict[str, Any] = {}
    for key, value in found.data.items():
        reader = _READERS.get(key)
        if reader is None:
            problems.append(_at(found, (key,), _unknown_key(key)))
            continue
        outcome = reader(value, found)
        if isinstance(outcome, list):
            problems.extend(_at(found, problem.path or (key,), problem.message)
                            for problem in outcome)
        else:
            values[key] = outcome
    if problems:
        raise ConfigError(problems)
    rules = values.pop("rules", {})
    sources = {key: Source(found.name, *found.locate((key,))) for key in found.data}
    sources.update((f"rules.{key}", Source(found.name, *found.locate(("rules", key))))
                   for key in rules)
    defaults = read_settings(rules, _rules())[0] if rules else None
    return ProjectConfig(found.path, rules=rules, rule_defaults=defaults, sources=sources,
                         **values)


class _Problem(NamedTuple):
    message: str
    path: KeyPath = ()


def _at(found: ConfigFile, path: KeyPath, message: str) -> str:
    line, column = found.locate(path)
    return f"{found.name}:{line}:{column}: {message}"


def _unknown_key(key: str) -> str:
    import difflib

    guess = difflib.get_close_matches(key, KEYS, n=1)
    hint = f"did you mean '{guess[0]}'?" if guess else "the keys are " + ", ".join(KEYS)
    return f"unknown key '{key}' in the mktplan configuration; {hint}"


def _rules() -> Mapping[str, Rule]:
    from mktplan.rules.registry import RULES_BY_ID

    return RULES_BY_ID


def _read_rules(value: Any, found: ConfigFile) -> dict[str, Any] | list[_Problem]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        return [_Problem("'rules' must be a mapping of rule ids or families to settings, as "
                         "in a plan's rules: section")]
    issues = read_settings(value, _rules())[1]
    if issues:
        return [_Problem(f"{issue.message} [schema-rules-config]", issue.path)
                for issue in issues]
    return value


def _read_strict(value: Any, found: ConfigFile) -> bool | list[_Problem]:
    if isinstance(value, bool):
        return value
    if value in _TRUE or value in _FALSE:
        return value in _TRUE
    return [_Problem(f"'strict' must be true or false, not {_shown(value)}")]


def _folder_reader(key: str) -> Callable[[Any, ConfigFile], Path | list[_Problem]]:
    def read(value: Any, found: ConfigFile) -> Path | list[_Problem]:
        if not isinstance(value, str) or not value.strip():
            return [_Problem(f"'{key}' must name a folder, not {_shown(value)}")]
        return found.path.parent / value

    return read


def _read_language(value: Any, found: ConfigFile) -> str | list[_Problem]:
    by_lower = {tag.lower(): tag for tag in LANGUAGES}
    if isinstance(value, str) and value.lower() in by_lower:
        return by_lower[value.lower()]
    return [_Problem(f"'language' must be {' or '.join(LANGUAGES)}, not {_shown(value)}")]


def _shown(value: Any) -> str:
    if value is None:
        return "empty"
    if isinstance(value, str):
        return f"'{value}'"
    return f"a {type(value).__name__}"


_READERS: Final[dict[str, Callable[[Any, ConfigFile], Any]]] = {
    "rules": _read_rules,
    "strict": _read_strict,
    "output": _folder_reader("output"),
    "templates": _folder_reader("templates"),
    "language": _read_language,
}
