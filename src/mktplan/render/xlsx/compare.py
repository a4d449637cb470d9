"""The workbook's sheet "Compared with last year" (``build --compare``, ``meta.compare``).

One block per group of figures of :class:`~mktplan.render.comparison.ComparisonView`
(budget, by category, by channel, by month, goals' and KPIs' targets, returns and ROI):
each figure's last-year and this-year values as numbers with the plan's formats, the
change as a live formula (``=C6-B6``) and the change in percent of last year's value;
the months' total row adds up its months (``=SUM(B20:B32)``). Column charts show the
budget by category and by month of both years; the channels and activities added and
removed and every changed item follow as text, as the other documents write them.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from mktplan.render.comparison import CompareRow, ComparisonView, MonthTable
from mktplan.render.context import PlanView
from mktplan.render.xlsx.cells import (
    Kind,
    Spec,
    header,
    label,
    percent,
    spill,
    subtitle,
    text,
    title,
)
from mktplan.render.xlsx.sheet import ChartSpec, Print, RowBuffer, SheetContent, Span, address

FIGURE, OLD, NEW, CHANGE, CHANGE_PCT = 1, 2, 3, 4, 5
_KINDS = {"money": Kind.MONEY, "number": Kind.NUMBER, "ratio": Kind.RATIO,
          "share": Kind.PERCENT}


def compare_sheet(view: PlanView, sheet_title: str) -> SheetContent | None:
    """The sheet, when the build compares with last year's plan; else nothing."""
    comparison = view.comparison
    if comparison is None:
        return None
    labels = view.catalog.labels
    rows = RowBuffer()
    rows.add({FIGURE: title(labels["compare_heading"])})
    rows.add({FIGURE: subtitle(comparison.intro)})
    for notice in comparison.notices:
        rows.add({FIGURE: spill(notice)})
    content = SheetContent(sheet_title, rows.rows, freeze=None, printing=Print(None))
    for key, figures in _groups(comparison):
        if not figures:
            continue
        rows.skip()
        first = _figures(rows, view, labels[key], figures)
        if figures is comparison.categories:
            content.charts.append(_chart(view, labels[key], first, rows.next - 1))
        if figures is comparison.channels and comparison.months is not None:
            _months(rows, view, comparison.months, content)
    rows.skip()
    _listed(rows, view, comparison)
    rows.skip()
    _items(rows, view, comparison)
    return content


def _groups(comparison: ComparisonView) -> list[tuple[str, Sequence[CompareRow]]]:
    return [("compare_budget", comparison.budget), ("compare_categories", comparison.categories),
            ("compare_channels", comparison.channels), ("compare_goals", comparison.goals),
            ("compare_kpis", comparison.kpis), ("compare_roi", comparison.roi)]


def _chart(view: PlanView, heading: str, first: int, last: int) -> ChartSpec:
    """A column chart of a block's rows: last year's beside this year's."""
    labels = view.catalog.labels
    return ChartSpec("bar", heading, Span.down(FIGURE, first, last), Span.down(OLD, first, last),
                     series_name=labels["compare_old"],
                     more=((labels["compare_new"], Span.down(NEW, first, last)),))


def _figures(rows: RowBuffer, view: PlanView, heading: str, figures: Sequence[CompareRow],
             first_column: str = "compare_figure") -> int:
    """A block of figures under its heading; returns the number of its first figure row."""
    labels = view.catalog.labels
    rows.add({FIGURE: label(heading)})
    rows.add({FIGURE: header(labels[first_column]), OLD: header(labels["compare_old"]),
              NEW: header(labels["compare_new"]), CHANGE: header(labels["compare_change"]),
              CHANGE_PCT: header("%")})
    first = rows.next
    for figure in figures:
        kind = _KINDS.get(figure.kind, Kind.NUMBER)
        cells: dict[int, Spec | None] = {FIGURE: text(figure.label),
                                         OLD: _value(kind, figure.old),
                                         NEW: _value(kind, figure.new)}
        rows.add(cells | _changes(kind, figure, rows.next))
    return first


def _changes(kind: Kind, figure: CompareRow, row: int) -> dict[int, Spec | None]:
    """The change and the change in percent as live formulas, when both years have a value."""
    before, after = _value(kind, figure.old), _value(kind, figure.new)
    if before is None or after is None:
        return {}
    # the cached results are what the formulas compute: 0 and 0% for an unchanged figure
    old_value, new_value = Decimal(str(before.value)), Decimal(str(after.value))
    old_cell, new_cell = address(OLD, row), address(NEW, row)
    cells: dict[int, Spec | None] = {
        CHANGE: Spec(kind, new_value - old_value, f"={new_cell}-{old_cell}")}
    if kind is not Kind.PERCENT:
        pct = (new_value - old_value) / abs(old_value) if old_value else None
        cells[CHANGE_PCT] = percent(
            pct, f'=IF({old_cell}=0,"",({new_cell}-{old_cell})/ABS({old_cell}))')
    return cells


def _months(rows: RowBuffer, view: PlanView, months: MonthTable, content: SheetContent) -> None:
    """Budget by month: the months and what is unscheduled, a total row adding them up."""
    heading = view.catalog.labels["compare_months"]
    figures = (*months.months, *(() if months.unscheduled is None else (months.unscheduled,)))
    rows.skip()
    first = _figures(rows, view, heading, figures, "month")
    last = rows.next - 1
    total = months.total
    cells: dict[int, Spec | None] = {FIGURE: label(total.label)}
    for column, amount, side in ((OLD, total.old, (f.old for f in figures)),
                                 (NEW, total.new, (f.new for f in figures))):
        # a plan whose months are not phased (too large) has its total alone, no sum
        formula = f"=SUM({address(column, first)}:{address(column, last)})" if any(
            value is not None for value in side) else None
        money_cell = isinstance(amount, (Decimal, int))
        cells[column] = Spec(Kind.MONEY, amount, formula) if money_cell else None
    rows.add(cells | _changes(Kind.MONEY, total, rows.next))
    content.charts.append(_chart(view, heading, first, first + len(months.months) - 1))


def _value(kind: Kind, value: object) -> Spec | None:
    if isinstance(value, (Decimal, int)) and not isinstance(value, bool):
        return Spec(kind, Decimal(value))
    return None


def _listed(rows: RowBuffer, view: PlanView, comparison: ComparisonView) -> None:
    labels = view.catalog.labels
    rows.add({1: label(labels["compare_added_removed"])})
    if not comparison.added and not comparison.removed:
        rows.add({1: text(labels["compare_none"])})
        return
    rows.add({1: header(labels["compare_what"]), 2: header(labels["compare_section"]),
              3: header(labels["id"]), 4: header(labels["name"])})
    for what, items in (("compare_added", comparison.added),
                        ("compare_removed", comparison.removed)):
        for item in items:
            rows.add({1: text(labels[what]), 2: text(item.section), 3: text(item.id),
                      4: text(item.name)})


def _items(rows: RowBuffer, view: PlanView, comparison: ComparisonView) -> None:
    labels = view.catalog.labels
    rows.add({1: label(labels["compare_items"])})
    if not comparison.items:
        rows.add({1: text(labels["compare_no_changes"])})
        return
    keys = ("compare_section", "item", "compare_what", "compare_field", "compare_old",
            "compare_new", "compare_change")
    rows.add({column: header(labels[key]) for column, key in enumerate(keys, 1)})
    for item in comparison.items:
        values = (item.section, item.item, item.change, item.field, item.old_text,
                  item.new_text, item.change_text)
        rows.add({column: text(value) for column, value in enumerate(values, 1)})
