"""Findings: the frozen value objects that every rule, the loader and the models produce.

A finding knows its rule id, severity, message, the logical path inside the plan
(``budget.lines[2].amount``) and the 1-based line and column of the YAML node.
Reporters turn findings into text, JSON, GitHub annotations or SARIF through
:meth:`Finding.to_dict`; nothing else decides how a finding looks.

A finding's ``message`` is English; its ``detail``, when it has one, is the same message
as a catalogue key and its arguments (:class:`Message`), which
:mod:`mktplan.text.messages` writes in the reader's language (money as ``95万元`` in
Chinese). The English text stays the finding's identity: sorting, fingerprints.
"""

from __future__ import annotations

import re
from decimal import Decimal
from enum import Enum
from typing import NamedTuple, TypeAlias

PathPart: TypeAlias = "str | int"
Path = tuple[PathPart, ...]


class Severity(str, Enum):
    """How bad a finding is: errors fail ``check``; warnings fail only under ``--strict``."""

    ERROR = "error"
    WARNING = "warning"


def format_path(path: Path) -> str:
    """Render a path as ``budget.lines[2].amount``."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else part
    return text


class Amount(NamedTuple):
    """Money in a message: ``CNY 950,000`` in English, ``95万元`` in Chinese."""

    value: Decimal
    currency: str


class Percent(NamedTuple):
    """A share in a message, written as a percentage to one decimal (``12.5%``)."""

    fraction: Decimal


class Message(NamedTuple):
    """A message as a catalogue key and its arguments, to be written in any language.

    An argument is text (ids, quoted plan text: shown as they are), a number, a date, an
    :class:`Amount`, a :class:`Percent`, another :class:`Message` (a clause), or a tuple
    of those (a list, joined the language's way).
    """

    key: str
    args: tuple[tuple[str, object], ...] = ()

    def arg(self, name: str) -> object:
        """The argument called ``name`` (None when there is none)."""
        return next((value for key, value in self.args if key == name), None)


def msg(key: str, /, **args: object) -> Message:
    """The message ``key`` of the catalogues, with its arguments."""
    return Message(key, tuple(args.items()))


class MessagePatterns:
    """Another program's own messages (git's, Jinja's, Click's) as catalogue messages.

    Each pattern matches one of its English messages and comes with the key of that
    message in the catalogues, whose English is the program's words; the pattern's named
    groups are the message's arguments.
    """

    def __init__(self, *patterns: tuple[str, str]) -> None:
        self.patterns = tuple((key, re.compile(pattern)) for key, pattern in patterns)

    def message(self, text: str) -> Message | None:
        """``text`` as the message of the first pattern that matches it (None: none does)."""
        for key, pattern in self.patterns:
            found = pattern.match(text)
            if found:
                return msg(key, **found.groupdict())
        return None


class Finding(NamedTuple):
    """One problem found in one plan file."""

    rule: str
    severity: Severity
    message: str
    path: Path = ()
    line: int = 1
    column: int = 1
    file: str = ""
    detail: Message | None = None
    """The message as key and arguments, for other languages (None: English only)."""

    def sort_key(self) -> tuple[str, int, int, str, str]:
        """Order by file, then position, then rule id, then message."""
        return (self.file, self.line, self.column, self.rule, self.message)

    @property
    def is_error(self) -> bool:
        """Whether this finding is an error (as opposed to a warning)."""
        return self.severity is Severity.ERROR

    def to_dict(self, message: str | None = None) -> dict[str, object]:
        """The one machine form every structured reporter uses.

        ``message`` is the message in the reader's language (default: English); every
        other value is the same in every language.
        """
        return {
            "rule": self.rule,
            "severity": self.severity.value,
            "line": self.line,
            "column": self.column,
            "message": self.message if message is None else message,
            "path": format_path(self.path),
        }
