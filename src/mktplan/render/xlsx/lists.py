"""The hidden Lists sheet: the plan's own values for the Budget sheet's drop-downs.

Budget categories and "per" come from the language's catalog (the values the format
allows, as the sheet shows them), channels and phases from the plan. A list is kept
in cells, not typed into the validation rule, because a rule's own list is limited
to 255 characters and cannot hold a name with a comma.
"""

from __future__ import annotations

from mktplan.render.context import PlanView
from mktplan.render.xlsx.cells import Row, header, text
from mktplan.render.xlsx.sheet import SheetContent, range_ref

LISTS = ("category", "per", "channel", "phase")
"""The lists, one column each, in this order."""


def plan_lists(view: PlanView) -> dict[str, tuple[str, ...]]:
    """Each list's values: distinct, in the catalog's or the plan's order; empty ones left out."""
    enums = view.catalog.enums
    phases = view.schedule.phases if view.schedule is not None else ()
    values = {
        "category": tuple(enums.get("budget_category", {}).values()),
        "per": tuple(enums.get("per", {}).values()),
        "channel": tuple(channel.name for channel in view.channels),
        "phase": tuple(phase.name for phase in phases),
    }
    return {key: tuple(dict.fromkeys(item for item in items if item))
            for key, items in values.items() if any(items)}


def lists_sheet(view: PlanView, title: str) -> tuple[SheetContent | None, dict[str, str]]:
    """The hidden sheet, and each list's cells as a validation source (``='Lists'!$A$2:…``)."""
    if view.budget is None or not view.budget.rows:
        return None, {}
    lists = plan_lists(view)
    keys = [key for key in LISTS if key in lists]
    labels = view.catalog.labels
    rows: list[Row] = [[header(labels.get(key, key)) for key in keys]]
    for index in range(max((len(lists[key]) for key in keys), default=0)):
        rows.append([text(lists[key][index]) if index < len(lists[key]) else None
                     for key in keys])
    sources = {key: "=" + range_ref(title, column, 2, len(lists[key]) + 1)
               for column, key in enumerate(keys, 1)}
    return SheetContent(title, rows, freeze=None, hidden=True), sources
