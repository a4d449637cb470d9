"""The Summary sheet: the plan at a glance, its figures live from the other sheets.

Budget figures and ROI refer to the Budget sheet's cells and the counts count the
rows of the Goals, KPIs, Risks and Schedule sheets, so the summary follows edits.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from mktplan.render.context import PlanView
from mktplan.render.xlsx.budget import BudgetCells
from mktplan.render.xlsx.cells import (
    Spec,
    day,
    label,
    money,
    number,
    percent,
    ratio,
    subtitle,
    text,
    title,
)
from mktplan.render.xlsx.schedule import KIND
from mktplan.render.xlsx.sheet import (
    Print,
    RowBuffer,
    SheetContent,
    column_letter,
    excel_string,
    quote_sheetname,
)

LABEL, VALUE, EXTRA = 1, 2, 3


@dataclass(frozen=True)
class _Figure:
    label_key: str
    row: int | None
    value: Decimal | None
    kind: Callable[[Decimal | None, str | None], Spec | None]


def summary_sheet(view: PlanView, sheet_title: str, budget: BudgetCells | None,
                  titles: dict[str, str]) -> SheetContent:
    """The Summary sheet; ``titles`` names the other sheets present (key → title)."""
    rows = RowBuffer()
    rows.add({LABEL: title(view.title.title)})
    page = view.title
    for line in (page.subtitle, page.organization):
        if line:
            rows.add({LABEL: subtitle(line)})
    rows.add()
    _title_page(view, rows)
    if budget is not None:
        rows.add()
        _budget_figures(view, budget, rows)
    counts = _counts(view, titles)
    if counts:
        rows.add()
        for heading, spec in counts:
            rows.add({LABEL: label(heading), VALUE: spec})
    return SheetContent(sheet_title, rows.rows, freeze=None, printing=Print(None, None))


def _title_page(view: PlanView, rows: RowBuffer) -> None:
    labels, page = view.catalog.labels, view.title
    rows.add({LABEL: label(labels.get("plan_period", "")), VALUE: day(page.period_start),
              EXTRA: day(page.period_end)})
    facts = (("launch", day(page.launch)), ("prepared_by", text(page.author)),
             ("version", text(page.version)))
    for key, spec in facts:
        if spec is not None:
            rows.add({LABEL: label(labels.get(key, key)), VALUE: spec})


def _budget_figures(view: PlanView, cells: BudgetCells, rows: RowBuffer) -> None:
    budget, returns = view.budget, view.returns
    figures = []
    if budget is not None:
        figures += [
            _Figure("total", cells.total, budget.total, money),
            _Figure("lines_total", cells.allocated, budget.allocated, money),
            _Figure("reserve", cells.reserve, budget.reserve, money),
            _Figure("unallocated", cells.unallocated, budget.unallocated, money),
        ]
    if returns is not None:
        figures += [
            _Figure("returns_total", cells.returns_total, returns.total, money),
            _Figure("roi_ratio", cells.roi_ratio, returns.ratio, ratio),
            _Figure("roi_net", cells.roi_net, returns.net, percent),
        ]
    labels = view.catalog.labels
    for figure in figures:
        reference = cells.ref(figure.row)
        if reference is not None:
            rows.add({LABEL: label(labels.get(figure.label_key, figure.label_key)),
                      VALUE: figure.kind(figure.value, f"={reference}")})


def _counts(view: PlanView, titles: dict[str, str]) -> list[tuple[str, Spec | None]]:
    """How many goals, KPIs, risks, tasks and milestones: live counts of the sheets' rows."""
    sections, subsections, labels = (view.catalog.sections, view.catalog.subsections,
                                     view.catalog.labels)
    counts: list[tuple[str, Spec | None]] = []
    for key, size in (("goals", len(view.goals)), ("kpis", len(view.kpis)),
                      ("risks", len(view.risks))):
        if size and key in titles:
            column = f"{quote_sheetname(titles[key])}!$A:$A"
            counts.append((sections.get(key, key), number(size, f"=COUNTA({column})-1")))
    schedule = view.schedule
    if schedule is not None and "schedule" in titles:
        letter = column_letter(KIND)
        kinds = f"{quote_sheetname(titles['schedule'])}!${letter}:${letter}"
        for key, size, kind in (("tasks", len(schedule.tasks), "task"),
                                ("milestones", len(schedule.milestones), "milestone")):
            if size:
                wanted = excel_string(labels.get(kind, kind))
                counts.append((subsections.get(key, key),
                               number(size, f"=COUNTIF({kinds},{wanted})")))
    return counts

