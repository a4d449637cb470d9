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
    from mktplan.text.messages import choose, shared

    totals = Totals.of(results, passed_over)
    language = shared([result.language for result in results]) or choose()
    if not totals.errors and not totals.warnings and not stream.isatty():
        stream.write(summary_line(totals, language) + "\n")  # nothing to colour: no Rich
        return
    from mktplan.text.terminal import console as make_console

    console = make_console(stream, soft_wrap=True)
    for result in results:
        lines = source_lines(result.document.text)
        for finding in result.findings:
            _write_finding(console, finding, result.file, lines, result.language)
    _write_summary(console, totals, language)


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


def _write_finding(console: Console, finding: Finding, file: str, lines: list[str],
                   language: str) -> None:
    """The finding's line (its severity in ``language``: 错误, 警告), source line and caret."""
    from rich.text import Text

    from mktplan.text.messages import severity_word

    severity = finding.severity.value
    word = severity_word(severity, language)
    console.print(Text.assemble(
        (f"{printable(file)}:{finding.line}:{finding.column}", "bold"), ": ",
        (word, _SEVERITY_STYLE[severity]), " ",
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


def summary_line(totals: Totals, language: str = "en") -> str:
    """What this run checked and found, in one line, in ``language``.

    ``2 errors, 1 warning in 3 files``, ``All 3 plans are clean``; a file that could not
    be read is told apart (``1 of 3 files could not be read; the other 2 plans are
    clean``), and so are files passed over as not plans.
    """
    from mktplan.text.messages import say

    readable = totals.files - totals.unreadable
    parts = []
    if totals.unreadable:
        parts.append(_unreadable_part(totals.unreadable, totals.files, language))
    if readable:
        plans = Totals(readable, totals.files_with_findings - totals.unreadable,
                       totals.errors - totals.unreadable, totals.warnings)
        parts.append(_plans_part(plans, language, "others" if totals.unreadable else "plans"))
    elif not totals.unreadable:
        parts.append(say("summary.nothing", language))
    if totals.passed_over:
        parts.append(say("summary.passed-over", language, n=totals.passed_over))
    return say("summary.separator", language).join(parts)


def _unreadable_part(unreadable: int, files: int, language: str) -> str:
    from mktplan.text.messages import say

    if unreadable < files:
        return say("summary.unreadable.some", language, unreadable=unreadable, n=files)
    if files == 1:
        return say("summary.unreadable.one", language)
    return say("summary.unreadable.all", language, n=files)


def _found(totals: Totals, language: str) -> str:
    from mktplan.text.messages import say

    return say("summary.list-separator", language).join(
        say(f"summary.{noun}", language, n=count) for count, noun in
        ((totals.errors, "errors"), (totals.warnings, "warnings")) if count)


def _plans_part(totals: Totals, language: str, which: str) -> str:
    """The readable files' part; ``which`` is ``others`` after the unreadable ones'."""
    from mktplan.text.messages import say

    if totals.errors == 0 and totals.warnings == 0:
        if totals.files == 1:
            return say(f"summary.{which}.clean-one", language)
        return say(f"summary.{which}.clean", language, n=totals.files)
    found = _found(totals, language)
    if totals.files == 1 and which == "others":
        return say("summary.others.found-one", language, found=found)
    if totals.files_with_findings == totals.files:
        return say(f"summary.{which}.found-all", language, found=found, n=totals.files)
    return say(f"summary.{which}.found-some", language, found=found,
               some=totals.files_with_findings, n=totals.files)


def _write_summary(console: Console, totals: Totals, language: str) -> None:
    if totals.errors:
        style = "bold red"
    elif totals.warnings:
        style = "bold yellow"
    else:
        style = "bold green"
    console.print(summary_line(totals, language), style=style)
