"""The Gantt table: one row per phase, task and milestone, one column per unit of time.

The unit follows the plan's length (:func:`time_columns`): days for a period of up to
six weeks, weeks up to six months, months beyond; a plan with a launch day labels its
columns ``T-30`` … ``T`` … ``T+29``. A cell is shaded where its row is active; phase
rows are bold and darker, milestones show a diamond. Rows with the same kind and active
columns share a prototype, so a 6,000-task plan costs one deep copy and one text per row.
More columns than a portrait page holds legibly put the table (and its heading) in a
landscape section of its own.
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

from lxml import etree

from mktplan.render.context import PlanView, ScheduleRow, ScheduleView
from mktplan.render.docx.body import Body, label
from mktplan.render.docx.tables import TC, TCPR, TCW, CellFormat, Column, Table, shade_cell
from mktplan.render.docx.xml import PPR, P, T, add_run, fill_text, sub, w
from mktplan.text.formatter import Formatter

FILLS: Final = {"phase": "8EAADB", "task": "B4C6E7", "milestone": "F4B183"}
MILESTONE_MARK: Final = "◆"
FONT_HALF_POINTS: Final = 16
MONTH_TWIPS: Final = 567
"""Widest month column (1 cm); narrower when the plan has many months."""
MONTHS_SHARE: Final = 0.7
"""At most this share of the text width goes to the month columns."""
CELL_MARGIN_TWIPS: Final = 28
"""Half a millimetre: month names must fit narrow columns."""
VERTICAL_AFTER: Final = 12
HEADING_PADDING_TWIPS: Final = 200
CJK_FROM: Final = 0x2E80
"""Month headings are written vertically when the plan has more months than this."""
DAY_SPAN: Final = 42
"""A period of up to six weeks has a column per day."""
WEEK_SPAN: Final = 183
"""… up to six months, a column per week (of seven days from the period's start)."""
PORTRAIT_COLUMNS: Final = 18
"""More time columns than this go on a landscape page."""


@dataclass(frozen=True)
class TimeColumn:
    """One column of the Gantt table: its heading and the days it covers."""

    label: str
    first: dt.date
    last: dt.date

    def covers(self, start: dt.date, end: dt.date) -> bool:
        """Whether a row from ``start`` to ``end`` is active in this column."""
        return start <= self.last and end >= self.first


def time_columns(start: dt.date, end: dt.date, launch: dt.date | None,
                 fmt: Formatter, months: Sequence[dt.date]) -> list[TimeColumn]:
    """The Gantt's columns for a period: days, weeks or the plan ``months``."""
    days = (end - start).days + 1
    step = 1 if days <= DAY_SPAN else 7 if days <= WEEK_SPAN else 0
    if step == 0:
        vertical = len(months) > VERTICAL_AFTER
        return [TimeColumn(fmt.month(month) if vertical else fmt.short_month(month),
                           month, _month_end(month)) for month in months]
    columns = []
    for offset in range(0, days, step):
        first = start + dt.timedelta(days=offset)
        last = min(end, first + dt.timedelta(days=step - 1))
        label = _relative(first, launch) if launch is not None else f"{first.month}/{first.day}"
        columns.append(TimeColumn(label, first, last))
    return columns


def _relative(day: dt.date, launch: dt.date | None) -> str:
    """``T``, ``T+7``, ``T-30``: the plan format's own way of writing the date."""
    offset = (day - launch).days if launch is not None else 0
    return "T" if offset == 0 else f"T{offset:+d}"


def _month_end(month: dt.date) -> dt.date:
    following = dt.date(month.year + month.month // 12, month.month % 12 + 1, 1)
    return following - dt.timedelta(days=1)


def gantt_grid(view: PlanView, schedule: ScheduleView,
               ) -> tuple[list[TimeColumn], list[tuple[ScheduleRow, tuple[bool, ...]]]]:
    """The Gantt's columns and each row with the columns it is active in."""
    page = view.title
    columns = time_columns(page.period_start, page.period_end, page.launch, view.fmt,
                           schedule.months)
    return columns, [(row, tuple(column.covers(row.start, row.end) for column in columns))
                     for row in schedule.rows]


def write_gantt(body: Body, view: PlanView, schedule: ScheduleView) -> None:
    """The Gantt table of ``schedule``: a name column and a column per unit of time.

    When it goes on landscape pages (:meth:`Body.landscape`), so does the heading
    written just before it.
    """
    times, rows = gantt_grid(view, schedule)
    if len(times) <= PORTRAIT_COLUMNS or body.section is None:
        _write_table(body, times, rows, label(view, "name"))
        return
    heading = body.root[-1]
    body.root.remove(heading)
    with body.landscape():
        body.root.append(heading)
        _write_table(body, times, rows, label(view, "name"))


def _write_table(body: Body, times: Sequence[TimeColumn],
                 rows: Sequence[tuple[ScheduleRow, tuple[bool, ...]]], name: str) -> None:
    width = min(MONTH_TWIPS, int(body.width * MONTHS_SHARE / max(len(times), 1)))
    columns = [Column(name, body.width - width * len(times))]
    columns += [Column(time.label, width, "center") for time in times]
    table = body.fixed_table(columns, size_half_points=FONT_HALF_POINTS)
    table.set_cell_margins(CELL_MARGIN_TWIPS)
    if len(times) > VERTICAL_AFTER:
        _turn_month_headings(table)
    prototypes: dict[tuple[str, tuple[bool, ...]], etree._Element] = {}
    for row, active in rows:
        key = (row.kind, active)
        prototype = prototypes.get(key)
        if prototype is None:
            prototype = prototypes[key] = _prototype(table, row, active)
        element = copy.deepcopy(prototype)
        fill_text(next(element.iter(T)), row.name)
        table.append(element)


def _prototype(table: Table, row: ScheduleRow, active_columns: tuple[bool, ...],
               ) -> etree._Element:
    """A row with the name cell formatted and the month cells as small as Word allows.

    Month cells are the bulk of a big Gantt table (36 a row), so an inactive one is
    only a width and an empty paragraph.
    """
    prototype = Table.row_prototype(
        [(table.widths[0], "left")],
        CellFormat(bold=row.kind == "phase", size_half_points=FONT_HALF_POINTS))
    for active, month_width in zip(active_columns, table.widths[1:], strict=True):
        cell = sub(prototype, TC)
        sub(sub(cell, TCPR), TCW, w=str(month_width), type="dxa")
        paragraph = sub(cell, P)
        if active:
            shade_cell(cell, FILLS[row.kind])
            if row.kind == "milestone":
                sub(sub(paragraph, PPR), w("jc"), val="center")
                add_run(paragraph, MILESTONE_MARK)
    return prototype


def _turn_month_headings(table: Table) -> None:
    """Write the month headings bottom to top, so that they fit narrow columns.

    The heading row is made tall enough for the longest one: LibreOffice does not
    grow a row for turned text.
    """
    header = table.element.find(w("tr"))
    if header is None:
        return
    for cell in header.findall(TC)[1:]:
        properties = cell.find(TCPR)
        if properties is not None:
            sub(properties, w("textDirection"), val="btLr")
    longest = max((_text_twips(column.header) for column in table.columns[1:]), default=0)
    row_properties = header.find(w("trPr"))
    if row_properties is not None:
        sub(row_properties, w("trHeight"), val=str(longest + HEADING_PADDING_TWIPS),
            hRule="atLeast")


def _text_twips(text: str) -> int:
    """Roughly how long ``text`` is at the Gantt's font size: CJK characters are square."""
    em = FONT_HALF_POINTS * 10  # twips
    return sum(em if ord(char) >= CJK_FROM else em * 6 // 10 for char in text)
