"""What a reporter is, and the counts every reporter's summary shares.

A reporter writes the findings of the checked files to the stream it is given, in one
format. It never decides the exit code and never reads files: the ``check`` command
does both. Reporter modules import only the standard library at module level (Rich
and the rule registry are imported inside the functions that need them), so that
``mktplan --help`` stays fast.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, NamedTuple, Protocol, TextIO

if TYPE_CHECKING:
    from mktplan.rules.base import Rule
    from mktplan.rules.pipeline import CheckedPlan


class Reporter(Protocol):
    """Writes the findings of ``results`` (one per checked file) to ``stream``.

    ``passed_over`` names the files that were found but not checked, because they are
    not plans (no top-level ``mktplan:`` key).
    """

    def __call__(self, results: Sequence[CheckedPlan], stream: TextIO,
                 passed_over: Sequence[str] = ()) -> None:
        """Write the report."""


class RuleWriter(Protocol):
    """Writes the documentation of ``rules`` to ``stream``: all of it when ``whole``.

    ``whole`` is set when one rule was asked for by its id; ``language`` is that of the
    words around the documentation (the text format's; JSON and Markdown stay English).
    """

    def __call__(self, rules: Sequence[Rule], whole: bool, stream: TextIO,
                 language: str = "en") -> None:
        """Write the documentation."""


class Totals(NamedTuple):
    """How many files were checked and what was found in them.

    A file that could not be read counts as a file with one error, and once more in
    ``unreadable``, so that no summary of such a run can read as clean.
    """

    files: int
    files_with_findings: int
    errors: int
    warnings: int
    unreadable: int = 0
    passed_over: int = 0

    @classmethod
    def of(cls, results: Sequence[CheckedPlan], passed_over: Sequence[str] = ()) -> Totals:
        """Count the findings of every checked file."""
        return cls(
            files=len(results),
            files_with_findings=sum(1 for result in results if result.findings),
            errors=sum(result.errors for result in results),
            warnings=sum(result.warnings for result in results),
            unreadable=sum(1 for result in results if result.unreadable),
            passed_over=len(passed_over),
        )
