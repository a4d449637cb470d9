"""The Gantt table: one row per phase, task and milestone, one column per plan month.

A cell is shaded in the months its row is active; phase rows are bold and darker,
milestones show a diamond. Rows with the same kind and active months share a
prototype, so a 6,000-task plan costs one deep copy and one text per row.
"""

from __future__ import annotations

import copy
from typing import Final

from lxml import etree

from mktplan.render.context import PlanView, ScheduleRow, ScheduleView
from mktplan.render.docx.body import Body, label
from mktplan.render.docx.tables import TC, TCPR, TCW, CellFormat, Column, Table, shade_cell
from mktplan.render.docx.xml import PPR, P, T, add_run, fill_text, sub, w

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


def write_gantt(body: Body, view: PlanView, schedule: ScheduleView) -> None:
    """The Gantt table of ``schedule``: a name column and a column per month."""
    fmt = view.fmt
    months = schedule.months
    month_width = min(MONTH_TWIPS, int(body.width * MONTHS_SHARE / max(len(months), 1)))
    vertical = len(months) > VERTICAL_AFTER
    columns = [Column(label(view, "name"), body.width - month_width * len(months))]
    columns += [Column(fmt.month(m) if vertical else fmt.short_month(m), month_width, "center")
                for m in months]
    table = body.fixed_table(columns, size_half_points=FONT_HALF_POINTS)
    table.set_cell_margins(CELL_MARGIN_TWIPS)
    if vertical:
        _turn_month_headings(table)
    prototypes: dict[tuple[str, tuple[bool, ...]], etree._Element] = {}
    for row in schedule.rows:
        key = (row.kind, tuple(row.active))
        prototype = prototypes.get(key)
        if prototype is None:
            prototype = prototypes[key] = _prototype(table, row)
        element = copy.deepcopy(prototype)
        fill_text(next(element.iter(T)), row.name)
        table.append(element)


def _prototype(table: Table, row: ScheduleRow) -> etree._Element:
    """A row with the name cell formatted and the month cells as small as Word allows.

    Month cells are the bulk of a big Gantt table (36 a row), so an inactive one is
    only a width and an empty paragraph.
    """
    prototype = Table.row_prototype(
        [(table.widths[0], "left")],
        CellFormat(bold=row.kind == "phase", size_half_points=FONT_HALF_POINTS))
    for active, month_width in zip(row.active, table.widths[1:], strict=True):
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
