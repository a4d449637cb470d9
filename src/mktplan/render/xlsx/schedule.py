"""The Schedule sheet: a Gantt chart drawn by conditional formatting.

Each phase, task and milestone is a row with its start and end dates; each plan month
is a column headed by the month's first day. The month cells hold nothing: rules
fill a cell when its month overlaps the row's start–end, so editing a date moves
the bar, and sorting or filtering rows keeps the colours right (the fill colour
follows the row's kind, not its position).
"""

from __future__ import annotations

from collections.abc import Iterator

from mktplan.render.context import PlanView, ScheduleRow, ScheduleView
from mktplan.render.xlsx.cells import Row, day, header, ident, joined, month_header, text
from mktplan.render.xlsx.sheet import (
    Conditional,
    Print,
    Rows,
    SheetContent,
    address,
    column_letter,
    excel_string,
)

KIND, NAME, PHASE, OWNER, START, END, DEPENDS_ON, ID = range(1, 9)  # the columns
FIRST_MONTH = ID + 1
ID_WIDTH = 9.0
MONTH_WIDTH = 7.0
_FILLS = {"phase": "#1F4E79", "milestone": "#C9A227", "task": "#5B9BD5"}


def schedule_sheet(view: PlanView, title: str) -> SheetContent | None:
    """The Gantt sheet, or nothing when the plan has no execution section to show."""
    schedule = view.schedule
    if schedule is None or not schedule.rows:
        return None
    kinds = _kind_labels(view)
    items = schedule.rows

    def rows() -> Iterator[Row]:
        yield _headings(view, schedule)
        for item in items:
            yield _row(item, kinds)

    last_row = len(items) + 1
    last_column = FIRST_MONTH + len(schedule.months) - 1
    widths = {ID: ID_WIDTH} | {column: MONTH_WIDTH
                               for column in range(FIRST_MONTH, last_column + 1)}
    content = SheetContent(
        title, Rows(rows), freeze=address(PHASE, 2),
        autofilter=f"A1:{address(last_column, last_row)}",
        printing=Print((1, 1), (KIND, NAME)), widths=widths,
    )
    if schedule.months:
        bars = f"{address(FIRST_MONTH, 2)}:{address(last_column, last_row)}"
        content.conditional.extend(_bar_rules(bars, kinds))
    return content


def _headings(view: PlanView, schedule: ScheduleView) -> Row:
    labels = view.catalog.labels
    keys = ("kind", "name", "phase", "owner", "start", "end", "depends_on", "id")
    cells: Row = [header(labels.get(key, key)) for key in keys]
    cells.extend(month_header(first_day) for first_day in schedule.months)
    return cells


def _kind_labels(view: PlanView) -> dict[str, str]:
    labels = view.catalog.labels
    return {kind: labels.get(kind, kind) for kind in _FILLS}


def _row(item: ScheduleRow, kinds: dict[str, str]) -> Row:
    # in column order: KIND, NAME, PHASE, OWNER, START, END, DEPENDS_ON, ID
    return [text(kinds[item.kind]), text(item.name), text(item.phase), text(item.owner),
            day(item.start), day(item.end), joined(item.depends_on), ident(item.id)]


def _bar_rules(cells: str, kinds: dict[str, str]) -> list[Conditional]:
    """One fill rule per kind; phases and milestones first, so their colour wins."""
    month_start = f"{column_letter(FIRST_MONTH)}$1"
    start, end = f"${address(START, 2)}", f"${address(END, 2)}"
    active = (f"{month_start}<={end},"
              f"{start}<DATE(YEAR({month_start}),MONTH({month_start})+1,1)")
    kind_cell = f"${address(KIND, 2)}"
    rules = [Conditional(cells, f"AND({kind_cell}={excel_string(kinds[kind])},{active})",
                         _FILLS[kind], stop=True) for kind in ("phase", "milestone")]
    rules.append(Conditional(cells, f"AND({active})", _FILLS["task"]))
    return rules
