"""The Excel renderer: a plan view → a reproducible ``.xlsx`` workbook.

Sheets, in order: Summary, Goals, Budget, Calendar, Schedule (Gantt), KPIs, Risks,
Team, named from the language's catalog (``labels.sheet_*``); a sheet with nothing to
show is left out, except Summary. Money, numbers, shares and dates are real numbers
with number formats; budget totals, ROI and the Gantt bars are live formulas and
conditional formats, so a consultant's edits flow through.

The workbook is streamed (openpyxl's write-only mode) so memory stays flat on huge
plans, its properties carry a fixed date, and the zip is normalised: the same plan
always gives the same bytes.
"""

from __future__ import annotations

from pathlib import Path

from mktplan.render.context import PlanView
from mktplan.render.xlsx import _lean_import  # noqa: F401  # first: openpyxl without numpy
from mktplan.render.xlsx.book import FIXED_TIME, new_workbook, save
from mktplan.render.xlsx.budget import BudgetCells, budget_sheet
from mktplan.render.xlsx.cells import safe_text
from mktplan.render.xlsx.schedule import schedule_sheet
from mktplan.render.xlsx.sheet import SheetContent, Styles, sheet_titles, write_sheet
from mktplan.render.xlsx.summary import summary_sheet
from mktplan.render.xlsx.tables import (
    calendar_sheet,
    goals_sheet,
    kpis_sheet,
    risks_sheet,
    team_sheet,
)

__all__ = ["FIXED_TIME", "SHEETS", "render"]

SHEETS = ("summary", "goals", "budget", "calendar", "schedule", "kpis", "risks", "team")
"""The sheets in workbook order; each is titled by the catalog's ``labels.sheet_<key>``."""


def render(view: PlanView, templates: Path | None = None) -> bytes:
    """The plan as an Excel workbook (the ``.xlsx`` file's bytes).

    ``templates`` is accepted for the common renderer signature; the workbook's
    labels already come from the view's catalog, which honours template overrides.
    """
    titles = sheet_titles({key: view.catalog.labels.get(f"sheet_{key}", key) for key in SHEETS})
    workbook = new_workbook(safe_text(view.title.title), view.language)
    styles = Styles(view.fmt)
    for content in _sheets(view, titles):
        write_sheet(workbook, content, styles)
    return save(workbook)


def _sheets(view: PlanView, titles: dict[str, str]) -> list[SheetContent]:
    budget: SheetContent | None = None
    cells: BudgetCells | None = None
    if view.budget is not None or view.returns is not None:
        budget, cells = budget_sheet(view, titles["budget"])
    others = {
        "goals": goals_sheet(view, titles["goals"]),
        "budget": budget,
        "calendar": calendar_sheet(view, titles["calendar"]),
        "schedule": schedule_sheet(view, titles["schedule"]),
        "kpis": kpis_sheet(view, titles["kpis"]),
        "risks": risks_sheet(view, titles["risks"]),
        "team": team_sheet(view, titles["team"]),
    }
    present = {key: content for key, content in others.items() if content is not None}
    summary = summary_sheet(view, titles["summary"], cells,
                            {key: content.title for key, content in present.items()})
    return [summary, *present.values()]
