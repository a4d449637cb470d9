"""The human reporter: each finding with its source line and a caret, then a summary.

::

    plan.yaml:14:10: error [references-unknown-id] 'ctr' is not the id of any KPI; …
      14 |     kpi: ctr
         |          ^

Colour comes from Rich, which turns it off when the stream is not a terminal and
honours ``FORCE_COLOR`` and ``TERM=dumb``; ``NO_COLOR`` removes every escape code
(:mod:`mktplan.text.terminal`). Plan text is shown with
control characters escaped, so a plan cannot drive the user's terminal.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, TextIO

from mktplan.report.base import Totals
from mktplan.text.escaping import printable

if TYPE_CHECKING:
    from rich.console import Console
    from rich.text import Text

    from mktplan.findings import Finding
    from mktplan.rules.pipeline import CheckedPlan

#: the line breaks libyaml counts when it numbers lines
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
#: a longer source line is shown as a window of this many characters around the column
MAX_SHOWN = 120
_SHOWN_BEFORE_COLUMN = 40
_ELLIPSIS = "…"
_SEVERITY_STYLE = {"error": "bold red", "warning": "bold yellow"}


def report(results: Sequence[CheckedPlan], stream: TextIO,
           passed_over: Sequence[str] = ()) -> None:
    """Write every finding with its source line, then a one-line summary."""
    totals = Totals.of(results, passed_over)
    if not totals.errors and not totals.warnings and not stream.isatty():
        stream.write(summary_line(totals) + "\n")  # nothing to colour: spare Rich's start-up
        return
    from mktplan.text.terminal import console as make_console

    console = make_console(stream, soft_wrap=True)
    for result in results:
        lines = source_lines(result.document.text)
        for finding in result.findings:
            _write_finding(console, finding, result.file, lines)
    _write_summary(console, totals)


def source_lines(text: str) -> list[str]:
    """The lines of a file's text, split where the YAML parser counts line breaks."""
    return _LINE_BREAK.split(text) if text else []


def snippet(line: str, column: int) -> tuple[str, int]:
    """The part of ``line`` to show and the display cell where the caret goes (0-based)."""
    from rich.cells import cell_len

    index = min(max(column - 1, 0), len(line))
    start = 0
    if len(line) > MAX_SHOWN:
        start = min(max(index - _SHOWN_BEFORE_COLUMN, 0), len(line) - MAX_SHOWN)
    end = start + MAX_SHOWN
    lead = _ELLIPSIS if start > 0 else ""
    tail = _ELLIPSIS if end < len(line) else ""
    shown = lead + printable(line[start:end]) + tail
    return shown, cell_len(lead + printable(line[start:index]))


def _write_finding(console: Console, finding: Finding, file: str, lines: list[str]) -> None:
    from rich.text import Text

    severity = finding.severity.value
    console.print(Text.assemble(
        (f"{printable(file)}:{finding.line}:{finding.column}", "bold"), ": ",
        (severity, _SEVERITY_STYLE[severity]), " ",
        (f"[{finding.rule}]", "cyan"), " ",
        printable(finding.message),
    ))
    if 1 <= finding.line <= len(lines) and lines[finding.line - 1].strip():
        console.print(_source_excerpt(finding, lines[finding.line - 1], severity))
    console.print()


def _source_excerpt(finding: Finding, line: str, severity: str) -> Text:
    from rich.text import Text

    shown, caret_at = snippet(line, finding.column)
    number = str(finding.line)
    gutter = " " * len(number)
    return Text.assemble(
        (f"  {number} | ", "dim"), shown, "\n",
        (f"  {gutter} | ", "dim"), " " * caret_at, ("^", _SEVERITY_STYLE[severity]),
    )


def summary_line(totals: Totals) -> str:
    """What this run checked and found, in one line.

    ``2 errors, 1 warning in 3 files``, ``All 3 plans are clean``; a file that could not
    be read is told apart (``1 of 3 files could not be read; the other 2 plans are
    clean``), and so are files passed over as not plans.
    """
    readable = totals.files - totals.unreadable
    parts = []
    if totals.unreadable:
        parts.append(_unreadable_part(totals.unreadable, totals.files))
    if readable:
        plans = Totals(readable, totals.files_with_findings - totals.unreadable,
                       totals.errors - totals.unreadable, totals.warnings)
        parts.append(_others_part(plans) if totals.unreadable else _plans_part(plans))
    elif not totals.unreadable:
        parts.append("No plans to check")
    if totals.passed_over:
        were = "was" if totals.passed_over == 1 else "were"
        parts.append(f"{_plural(totals.passed_over, 'YAML file')} without a top-level "
                     f"'mktplan:' key {were} passed over")
    return "; ".join(parts)


def _unreadable_part(unreadable: int, files: int) -> str:
    if unreadable < files:
        return f"{unreadable} of {files} files could not be read"
    if files == 1:
        return "The file could not be read"
    return f"None of the {files} files could be read"


def _found(totals: Totals) -> str:
    return ", ".join(_plural(count, noun) for count, noun in
                     ((totals.errors, "error"), (totals.warnings, "warning")) if count)


def _plans_part(totals: Totals) -> str:
    if totals.errors == 0 and totals.warnings == 0:
        if totals.files == 1:
            return "The plan is clean"
        return f"All {totals.files} plans are clean"
    if totals.files_with_findings == totals.files:
        return f"{_found(totals)} in {_plural(totals.files, 'file')}"
    return f"{_found(totals)} in {totals.files_with_findings} of {totals.files} files"


def _others_part(totals: Totals) -> str:
    """The readable files' part, after the unreadable ones'."""
    if totals.errors == 0 and totals.warnings == 0:
        if totals.files == 1:
            return "the other plan is clean"
        return f"the other {totals.files} plans are clean"
    if totals.files == 1:
        return f"{_found(totals)} in the other file"
    if totals.files_with_findings == totals.files:
        return f"{_found(totals)} in the other {totals.files} files"
    return f"{_found(totals)} in {totals.files_with_findings} of the other {totals.files} files"


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def _write_summary(console: Console, totals: Totals) -> None:
    if totals.errors:
        style = "bold red"
    elif totals.warnings:
        style = "bold yellow"
    else:
        style = "bold green"
    console.print(summary_line(totals), style=style)
