"""The Excel renderer: a plan view → a reproducible ``.xlsx`` workbook, ready to print.

Sheets, in order: Summary, Goals, Budget, Calendar, Schedule (Gantt), KPIs, Risks,
Team, named from the language's catalog (``labels.sheet_*``); a sheet with nothing to
show is left out, except Summary. Phasing follows Budget (each line month by month,
:mod:`.phasing`); a hidden Lists sheet holds the Budget sheet's drop-down values.
Money, numbers, shares and dates are real numbers with number formats; every derived
figure (costs, subtotals, totals, shares, ROI, counts) is a live formula stored with the
value it computes, and the Gantt bars are conditional formats, so a consultant's edits
flow through and a previewer still shows the figures.

Written with XlsxWriter (:mod:`.book`), in memory; the same plan always gives the
same bytes. Every sheet has a page setup (:mod:`.writer`).
"""

from __future__ import annotations

from pathlib import Path

from mktplan.render.context import PlanView
from mktplan.render.xlsx.book import FIXED_TIME, new_workbook, save
from mktplan.render.xlsx.budget import BudgetCells, budget_sheet
from mktplan.render.xlsx.cells import safe_text
from mktplan.render.xlsx.compare import compare_sheet
from mktplan.render.xlsx.lists import lists_sheet
from mktplan.render.xlsx.phasing import phasing_sheet
from mktplan.render.xlsx.schedule import schedule_sheet
from mktplan.render.xlsx.sheet import SheetContent, sheet_titles
from mktplan.render.xlsx.styles import Styles, font_name
from mktplan.render.xlsx.summary import summary_sheet
from mktplan.render.xlsx.tables import (
    calendar_sheet,
    goals_sheet,
    kpis_sheet,
    risks_sheet,
    team_sheet,
)
from mktplan.render.xlsx.writer import PageText, write_sheet

__all__ = ["EXTRA_SHEETS", "FIXED_TIME", "SHEETS", "render"]

SHEETS = ("summary", "goals", "budget", "calendar", "schedule", "kpis", "risks", "team")
"""The sheets of the plan's sections in workbook order; each is titled by the catalog's
``labels.sheet_<key>``."""
EXTRA_SHEETS = ("phasing", "compare", "lists")
"""Sheets that list no section of their own (titled the same way); compare is there when
the build compares with last year's plan (:mod:`.compare`)."""


def render(view: PlanView, templates: Path | None = None) -> bytes:
    """The plan as an Excel workbook (the ``.xlsx`` file's bytes).

    ``templates`` is accepted for the common renderer signature; the workbook's
    labels already come from the view's catalog, which honours template overrides.
    """
    labels = view.catalog.labels
    titles = sheet_titles({key: labels.get(f"sheet_{key}", key)
                           for key in (*SHEETS, *EXTRA_SHEETS)})
    font = font_name(view.language)
    title = safe_text(view.title.title)
    workbook, buffer = new_workbook(title, font)
    styles = Styles(workbook, view.fmt, font)
    pages = labels.get("page_x_of_y", "{page} / {pages}")
    page = PageText(title, pages.replace("&", "&&").replace("{page}", "&P")
                    .replace("{pages}", "&N"))
    for content in _sheets(view, titles):
        write_sheet(workbook, content, styles, page)
    return save(workbook, buffer)


def _sheets(view: PlanView, titles: dict[str, str]) -> list[SheetContent]:
    budget: SheetContent | None = None
    cells: BudgetCells | None = None
    lists, sources = lists_sheet(view, titles["lists"])
    if view.budget is not None or view.returns is not None:
        budget, cells = budget_sheet(view, titles["budget"], sources)
    others = {
        "goals": goals_sheet(view, titles["goals"]),
        "budget": budget,
        "phasing": phasing_sheet(view, titles["phasing"], titles["budget"]),
        "calendar": calendar_sheet(view, titles["calendar"]),
        "schedule": schedule_sheet(view, titles["schedule"]),
        "kpis": kpis_sheet(view, titles["kpis"]),
        "risks": risks_sheet(view, titles["risks"]),
        "team": team_sheet(view, titles["team"]),
        "compare": compare_sheet(view, titles["compare"]),
    }
    present = {key: content for key, content in others.items() if content is not None}
    summary = summary_sheet(view, titles["summary"], cells,
                            {key: content.title for key, content in present.items()})
    return [summary, *present.values(), *([lists] if lists is not None else [])]
