"""The settings a project configuration holds, checked, and where each one came from.

Imported only when a configuration file has been found (:mod:`mktplan.project.lookup`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, NamedTuple

from mktplan.findings import Message, msg
from mktplan.findings import Path as KeyPath
from mktplan.model.types import LANGUAGES
from mktplan.project.lookup import ConfigError, ProjectConfig
from mktplan.project.reading import ConfigFile
from mktplan.rules.config import read_settings

if TYPE_CHECKING:
    from mktplan.rules.base import Rule

KEYS: Final = ("rules", "strict", "output", "templates", "toc-pages", "language")
"""Every key of a configuration, in the order ``mktplan config`` shows them."""
_TRUE = frozenset({"true", "True", "TRUE"})
_FALSE = frozenset({"false", "False", "FALSE"})


class Source(NamedTuple):
    """Where a setting was made: a file and the position of its key."""

    file: str
    line: int
    column: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}"


def checked(found: ConfigFile) -> ProjectConfig:
    """The settings of a configuration file; raises :class:`ConfigError` for a wrong one."""
    problems: list[Message] = []
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
            values[key.replace("-", "_")] = outcome
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
    message: Message
    path: KeyPath = ()


def _at(found: ConfigFile, path: KeyPath, message: Message) -> Message:
    line, column = found.locate(path)
    return msg("project.at", place=f"{found.name}:{line}:{column}", message=message)


def _unknown_key(key: str) -> Message:
    import difflib

    guess = difflib.get_close_matches(key, KEYS, n=1)
    if guess:
        return msg("project.unknown-key.guess", key=key, guess=guess[0])
    return msg("project.unknown-key", key=key, keys=KEYS)


def _rules() -> Mapping[str, Rule]:
    from mktplan.rules.registry import RULES_BY_ID

    return RULES_BY_ID


def _read_rules(value: Any, found: ConfigFile) -> dict[str, Any] | list[_Problem]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        return [_Problem(msg("project.rules-mapping"))]
    issues = read_settings(value, _rules())[1]
    if issues:
        return [_Problem(msg("project.rule", message=issue.message, rule="schema-rules-config"),
                         issue.path)
                for issue in issues]
    return value


def _switch_reader(key: str) -> Callable[[Any, ConfigFile], bool | list[_Problem]]:
    def read(value: Any, found: ConfigFile) -> bool | list[_Problem]:
        if isinstance(value, bool):
            return value
        if value in _TRUE or value in _FALSE:
            return value in _TRUE
        return [_Problem(msg(f"project.{key}", value=_shown(value)))]

    return read


def _folder_reader(key: str) -> Callable[[Any, ConfigFile], Path | list[_Problem]]:
    def read(value: Any, found: ConfigFile) -> Path | list[_Problem]:
        if not isinstance(value, str) or not value.strip():
            return [_Problem(msg("project.folder", key=key, value=_shown(value)))]
        home = found.path.parent
        folder = home / value
        # the configuration comes with the repository: it may not send a build's files,
        # or the templates read, anywhere but into the repository it is part of
        if not folder.resolve().is_relative_to(home.resolve()):
            return [_Problem(msg("project.folder-outside", key=key, value=value))]
        return folder

    return read


def _read_language(value: Any, found: ConfigFile) -> str | list[_Problem]:
    by_lower = {tag.lower(): tag for tag in LANGUAGES}
    if isinstance(value, str) and value.lower() in by_lower:
        return by_lower[value.lower()]
    return [_Problem(msg("project.language", some=LANGUAGES[0], last=LANGUAGES[1],
                         value=_shown(value)))]


def _shown(value: Any) -> Message:
    if value is None:
        return msg("project.shown.empty")
    if isinstance(value, str):
        return msg("project.shown.text", text=value)
    return msg("project.shown.type", type=type(value).__name__)


_READERS: Final[dict[str, Callable[[Any, ConfigFile], Any]]] = {
    "rules": _read_rules,
    "strict": _switch_reader("strict"),
    "output": _folder_reader("output"),
    "templates": _folder_reader("templates"),
    "toc-pages": _switch_reader("toc-pages"),
    "language": _read_language,
}
