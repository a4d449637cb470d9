r"""The Markdown deliverable: GitHub-flavoured, readable as plain text, safe for any plan text.

The page is rendered from ``templates/markdown/plan.md.j2`` (a ``--templates`` folder may
override any of its partials). Markdown has no autoescape, so every plan value passes
through one of the escaping filters registered here before it reaches the page:

``cell``
    a table cell: line breaks become spaces, and the text is made inert by
    :func:`mktplan.text.escaping.escape_inline` (the diff report's escape too): ``<``, ``>``
    and ``&`` HTML-escaped, ``\ ` * _ [ ] | ~`` backslash-escaped, so a value cannot
    split a row, inject HTML, or become a link (``[x](javascript:…)``), a remote image
    (``![](http://…)``) or emphasis;
``inline`` / ``heading`` / ``text``
    a bullet or heading (one line), or paragraphs: made inert like a cell, and a leading
    ``#``, ``-``, ``1.`` … is escaped so a value cannot start a heading, list or code fence;
``mermaid``
    a Mermaid name: ``:``, ``;``, ``#``, ``%``, quotes and angle brackets are replaced by
    their full-width forms, which Mermaid's gantt and pie syntax do not read.

The filters return :class:`Escaped` strings and pass those through unchanged, so a value
is never escaped twice. The output is tidied (one blank line between blocks, no
trailing spaces) and is the same bytes for the same plan.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2.sandbox import ImmutableSandboxedEnvironment

from mktplan.findings import msg
from mktplan.render.context import PlanView, ScheduleView
from mktplan.render.failures import describe_failure
from mktplan.render.jinja import make_environment
from mktplan.text.escaping import escape_inline
from mktplan.text.figures import trim
from mktplan.text.formatter import Formatter
from mktplan.text.messages import usage_error

TEMPLATE = "markdown/plan.md.j2"

_WHITESPACE = re.compile(r"\s+")
_PARAGRAPH_BREAK = re.compile(r"\n[^\S\n]*\n\s*")
#: what makes a line a heading, list item, rule, code fence or setext underline
_BLOCK_START = re.compile(r"#{1,6}(?:\s|$)|[-+*](?:\s|$)|(?:[-*_]\s*){3,}$|`{3,}|~{3,}|=+$")
_ORDERED_LIST = re.compile(r"\d{1,9}(?=[.)](?:\s|$))")
_CLOSING_HASHES = re.compile(r"(\s)(#+)$")
_MERMAID = str.maketrans({
    ":": "：", ";": "；", "#": "＃", "%": "％", '"': "＂", "<": "＜", ">": "＞", "&": "＆",
})
#: words Mermaid's gantt lexer reads as a statement when a line starts with them
_GANTT_KEYWORDS = frozenset({
    "acctitle", "accdescr", "after", "axisformat", "click", "dateformat", "displaymode",
    "excludes", "gantt", "inclusiveenddates", "includes", "section", "tickinterval", "title",
    "todaymarker", "topaxis", "weekday", "weekend",
})
_ZERO_WIDTH_SPACE = "\u200b"


class Escaped(str):
    """Text already made safe for Markdown; the escaping filters pass it through unchanged."""


def _one_line(value: object) -> str:
    return _WHITESPACE.sub(" ", "" if value is None else str(value)).strip()


def cell(value: object) -> Escaped:
    """A table cell: one line, with no HTML and no inline markup."""
    if isinstance(value, Escaped):
        return value
    return Escaped(escape_inline(_one_line(value)))


def inline(value: object) -> Escaped:
    """One line of text for a bullet: like a cell, and without a leading block marker."""
    if isinstance(value, Escaped):
        return value
    line = escape_inline(_one_line(value))
    ordered = _ORDERED_LIST.match(line)
    if ordered:  # "1. text" would start a numbered list: escape the dot
        return Escaped(f"{line[:ordered.end()]}\\{line[ordered.end():]}")
    return Escaped(f"\\{line}" if _BLOCK_START.match(line) else line)


def heading(value: object) -> Escaped:
    """A heading's text: like :func:`inline`, and a trailing ``#`` run is kept as text."""
    line = inline(value)
    return Escaped(_CLOSING_HASHES.sub(r"\1\\\2", line))


def text(value: object) -> Escaped:
    """Paragraphs: each blank-line separated block on one line, made safe like :func:`inline`."""
    if isinstance(value, Escaped):
        return value
    blocks = _PARAGRAPH_BREAK.split("" if value is None else str(value).strip())
    return Escaped("\n\n".join(inline(block) for block in blocks if block.strip()))


def strong(value: object) -> Escaped:
    """Bold text for a table cell or a bullet (empty stays empty)."""
    escaped = cell(value)
    return Escaped(f"**{escaped}**") if escaped else escaped


def mermaid(value: object) -> str:
    """A name for a Mermaid gantt or pie: no character Mermaid's syntax reads, never empty."""
    name = _one_line(value).translate(_MERMAID)
    first_word = name.split(" ", 1)[0].casefold()
    if first_word in _GANTT_KEYWORDS:
        name = _ZERO_WIDTH_SPACE + name
    return name or "-"


def plain_number(value: Decimal) -> str:
    """A number for Mermaid data: no separators, at most two decimals."""
    return trim(value, 2).replace(",", "")


def _make_joiner(fmt: Formatter) -> Callable[[Iterable[object]], Escaped]:
    separator = fmt.list_separator

    def cells(values: Iterable[object]) -> Escaped:
        """A list in one cell or bullet, joined with the language's list separator."""
        return Escaped(separator.join(cell(value) for value in values if _one_line(value)))

    return cells


def head(labels: Sequence[object], align: str = "") -> Escaped:
    """A table's header row and delimiter row; ``align`` has one ``l`` or ``r`` per column."""
    rules = ["---:" if align[i:i + 1] == "r" else "---" for i in range(len(labels))]
    return Escaped(f"{row(labels)}\n| {' | '.join(rules)} |")


def row(cells: Sequence[object]) -> Escaped:
    """A table row; every cell is escaped (unless it already is)."""
    return Escaped("| " + " | ".join(cell(value) for value in cells) + " |")


# --- derived tables the templates show ------------------------------------------------
@dataclass(frozen=True)
class CalendarMonth:
    """One month of the content calendar: slots per pillar."""

    month: date
    counts: tuple[int, ...]
    total: int


@dataclass(frozen=True)
class CalendarSummary:
    """The content calendar as a month × pillar table of slot counts."""

    pillars: tuple[str, ...]
    months: tuple[CalendarMonth, ...]
    totals: tuple[int, ...]
    total: int


def calendar_summary(view: PlanView) -> CalendarSummary | None:
    """Count the calendar's slots by month and pillar (None when there are none)."""
    if not view.calendar:
        return None
    scheduled = {slot.pillar for slot in view.calendar}
    pillars = [name for name in dict.fromkeys(p.name for p in view.pillars) if name in scheduled]
    pillars += sorted(scheduled.difference(pillars))
    column = {name: index for index, name in enumerate(pillars)}  # not list.index: O(slots)
    counts: dict[date, list[int]] = {}
    for slot in view.calendar:
        month = date(slot.date.year, slot.date.month, 1)
        counts.setdefault(month, [0] * len(pillars))[column[slot.pillar]] += 1
    months = tuple(CalendarMonth(month, tuple(row_counts), sum(row_counts))
                   for month, row_counts in sorted(counts.items()))
    totals = tuple(sum(month.counts[i] for month in months) for i in range(len(pillars)))
    return CalendarSummary(tuple(pillars), months, totals, sum(totals))


@dataclass(frozen=True)
class GanttBar:
    """One bar of the Mermaid gantt: ``name :tag, start, Nd``."""

    name: str
    tag: str  # "" | "active" (a phase) | "milestone"
    start: date
    days: int


@dataclass(frozen=True)
class GanttSection:
    """A section of the gantt: a phase with its tasks, the unphased tasks, or the milestones."""

    title: str
    bars: tuple[GanttBar, ...]


def gantt_sections(schedule: ScheduleView | None, tasks_title: str,
                   milestones_title: str) -> tuple[GanttSection, ...]:
    """The gantt's sections: each phase with its tasks, then other tasks, then milestones."""
    if schedule is None:
        return ()
    by_phase: dict[str, list[GanttBar]] = {}
    for task in schedule.tasks:
        by_phase.setdefault(task.phase, []).append(_bar(task.name, "", task.start, task.end))
    sections = [
        GanttSection(phase.name, (_bar(phase.name, "active", phase.start, phase.end),
                                  *by_phase.pop(phase.name, [])))
        for phase in schedule.phases
    ]
    unphased = [bar for bars in by_phase.values() for bar in bars]
    if unphased:
        sections.append(GanttSection(tasks_title, tuple(unphased)))
    if schedule.milestones:
        sections.append(GanttSection(milestones_title, tuple(
            GanttBar(m.name, "milestone", m.start, 0) for m in schedule.milestones)))
    return tuple(sections)


def _bar(name: str, tag: str, start: date, end: date) -> GanttBar:
    return GanttBar(name, tag, start, max((end - start).days + 1, 1))


# --- rendering --------------------------------------------------------------------------
def _filters(fmt: Formatter) -> dict[str, Callable[..., Any]]:
    return {
        "cell": cell,
        "inline": inline,
        "heading": heading,
        "text": text,
        "strong": strong,
        "cells": _make_joiner(fmt),
        "paren": fmt.paren,
        "mermaid": mermaid,
        "plain_number": plain_number,
        "iso": date.isoformat,
    }


@lru_cache(maxsize=8)
def _environment(fmt: Formatter, templates: Path | None) -> ImmutableSandboxedEnvironment:
    # kept, so that a build of many plans compiles the templates once (Jinja still
    # reloads a template whose file changed)
    env = make_environment(fmt, override=templates, extra_filters=_filters(fmt))
    env.globals.update({"head": head, "row": row})
    return env


def render(view: PlanView, templates: Path | None = None) -> bytes:
    """The Markdown file of the plan, UTF-8 encoded.

    Raises :class:`~mktplan.errors.UsageError` naming the template file and line when a
    template fails (see :mod:`mktplan.render.failures`).
    """
    catalog = view.catalog
    context = {
        "view": view.data(),
        "sections": catalog.sections,
        "S": catalog.subsections,
        "L": catalog.labels,
        "colon": "：" if view.fmt.chinese else ": ",
        "calendar": calendar_summary(view),
        "gantt": gantt_sections(view.schedule, catalog.subsections.get("tasks", "Tasks"),
                                catalog.subsections.get("milestones", "Milestones")),
    }
    try:
        page = _environment(view.fmt, templates).get_template(TEMPLATE).render(context)
    # the templates may be anyone's: whatever goes wrong in them becomes a message
    except Exception as exc:
        raise usage_error(msg("templates.markdown-failed", reason=describe_failure(exc))) from exc
    return tidy(page).encode("utf-8")


def tidy(page: str) -> str:
    """One blank line between blocks, none at the start, no trailing spaces, one final newline."""
    lines: list[str] = []
    for line in page.split("\n"):
        line = line.rstrip()
        if line or (lines and lines[-1]):
            lines.append(line)
    while lines and not lines[-1]:
        lines.pop()
    return "\n".join(lines) + "\n"
