"""A workbook of actuals to fill: ``mktplan review plan.yaml --template actuals.xlsx``.

Three sheets with the headers ``mktplan review`` reads: ``spend`` (a row per budget
line), ``kpi`` (a row per KPI) and ``return`` (a row per returns stream), each with its
id filled in and the date, amount or value left empty; a fourth, ``ids``, lists every
id with its name, and is not read as actuals. Data validation keeps the cells honest:
ids from the ``ids`` sheet, dates as dates within the plan period, amounts as numbers of
0 or more. A row left with only its id (and a note) is passed over; a template with no
row filled in is reported as empty. Copy a row for each further fact.
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from typing import Any

from mktplan.model.plan import Plan
from mktplan.review.words import labels
from mktplan.review.workbook import text

_DATE_FORMAT = "yyyy-mm-dd"
_ROWS = 2000
"""How many rows of each sheet carry the validation, filled or not."""


def skeleton(plan: Plan) -> bytes:
    """The template's bytes."""
    from openpyxl import Workbook

    book = Workbook()
    ids = book.active
    ids.title = "ids"
    lines = [(line.id, line.item) for line in (plan.budget.lines if plan.budget else [])]
    kpis = [(kpi.id, kpi.name + (f" ({kpi.unit})" if kpi.unit else "")) for kpi in plan.kpis]
    streams = [(item.id, item.stream) for item in plan.returns]
    ranges = _ids_sheet(ids, (("line", lines), ("kpi", kpis), ("return", streams)))
    period = plan.meta.period
    for kind, column, number, rows in (("spend", "line", "amount", lines),
                                       ("kpi", "kpi", "value", kpis),
                                       ("return", "return", "amount", streams)):
        sheet = book.create_sheet(kind)
        _fill(sheet, ["date", column, number, "note"], rows)
        _validate(sheet, ranges[column], period.start, period.end, kind != "kpi",
                  labels(plan.meta.language))
    book.move_sheet("ids", offset=3)
    book.active = 0
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _ids_sheet(sheet: Any, groups: Sequence[tuple[str, Sequence[tuple[str, str]]]]
               ) -> dict[str, str]:
    ranges = {}
    for index, (name, rows) in enumerate(groups):
        column = "ACE"[index]
        name_column = "BDF"[index]
        text(sheet[f"{column}1"], name)
        text(sheet[f"{name_column}1"], "name")
        for row, (item_id, label) in enumerate(rows, start=2):
            text(sheet[f"{column}{row}"], item_id)
            text(sheet[f"{name_column}{row}"], label)
        ranges[name] = f"ids!${column}$2:${column}${max(2, len(rows) + 1)}"
        sheet.column_dimensions[column].width = 20
        sheet.column_dimensions[name_column].width = 32
    return ranges


def _fill(sheet: Any, header: Sequence[str], rows: Sequence[tuple[str, str]]) -> None:
    from openpyxl.styles import Font

    for column, name in enumerate(header, start=1):
        text(sheet.cell(1, column), name)
        sheet.cell(1, column).font = Font(bold=True)
    for row, (item_id, label) in enumerate(rows, start=2):
        text(sheet.cell(row, 2), item_id)
        text(sheet.cell(row, 4), label)
        sheet.cell(row, 1).number_format = _DATE_FORMAT
    for letter, width in zip("ABCD", (14, 22, 14, 40), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A2"


def _validate(sheet: Any, ids: str, start: object, end: object, money: bool,
              words: Mapping[str, str]) -> None:
    """Excel refuses what the review could not read, saying why in the plan's language."""
    from openpyxl.worksheet.datavalidation import DataValidation

    last = _ROWS + 1
    day = DataValidation(type="date", operator="between",
                         formula1=f"DATE({start:%Y},{start:%m},{start:%d})",
                         formula2=f"DATE({end:%Y},{end:%m},{end:%d})",
                         showErrorMessage=True, error=words["valid_date"])
    known = DataValidation(type="list", formula1=f"={ids}", showErrorMessage=True,
                           error=words["valid_id"])
    number = DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0",
                            showErrorMessage=True, error=words["valid_number"])
    for validation, column in ((day, "A"), (known, "B")):
        validation.add(f"{column}2:{column}{last}")
        sheet.add_data_validation(validation)
    if money:
        number.add(f"C2:C{last}")
        sheet.add_data_validation(number)
