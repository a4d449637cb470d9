"""Findings: the frozen value objects that every rule, the loader and the models produce.

A finding knows its rule id, severity, message, the logical path inside the plan
(``budget.lines[2].amount``) and the 1-based line and column of the YAML node.
Reporters turn findings into text, JSON, GitHub annotations or SARIF through
:meth:`Finding.to_dict`; nothing else decides how a finding looks.
"""

from __future__ import annotations

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


class Finding(NamedTuple):
    """One problem found in one plan file."""

    rule: str
    severity: Severity
    message: str
    path: Path = ()
    line: int = 1
    column: int = 1
    file: str = ""

    def sort_key(self) -> tuple[str, int, int, str, str]:
        """Order by file, then position, then rule id, then message."""
        return (self.file, self.line, self.column, self.rule, self.message)

    @property
    def is_error(self) -> bool:
        """Whether this finding is an error (as opposed to a warning)."""
        return self.severity is Severity.ERROR

    def to_dict(self) -> dict[str, object]:
        """The one machine form every structured reporter uses."""
        return {
            "rule": self.rule,
            "severity": self.severity.value,
            "line": self.line,
            "column": self.column,
            "message": self.message,
            "path": format_path(self.path),
        }
