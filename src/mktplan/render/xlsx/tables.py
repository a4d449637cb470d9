"""The plain table sheets: Goals, Calendar (content slots), KPIs, Risks and Team.

Each is one heading row (frozen, with an autofilter) and one row per item. A sheet
with nothing to show is left out.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

from mktplan.render.context import GoalRow, PlanView
from mktplan.render.xlsx.cells import (
    Row,
    Spec,
    day,
    header,
    joined,
    money,
    number,
    percent,
    subtitle,
    text,
)
from mktplan.render.xlsx.sheet import Rows, SheetContent, address


def table(title: str, headings: list[str], count: int,
          make_rows: Callable[[], Iterable[Row]]) -> SheetContent | None:
    """A sheet with a heading row and ``count`` rows made on demand; nothing when empty."""
    if count == 0:
        return None

    def body() -> Iterator[Row]:
        yield [header(heading) for heading in headings]
        yield from make_rows()

    return SheetContent(title, Rows(body), freeze="A2",
                        autofilter=f"A1:{address(len(headings), count + 1)}")


def _labels(view: PlanView, *keys: str) -> list[str]:
    labels = view.catalog.labels
    return [labels.get(key, key) for key in keys]


def goals_sheet(view: PlanView, title: str) -> SheetContent | None:
    """Goals: statement, KPI, baseline → target with a live change, deadline, owner."""
    headings = _labels(view, "id", "statement", "objective", "kpi", "baseline", "target",
                       "change", "unit", "deadline", "owner", "supports", "rationale")
    return table(title, headings, len(view.goals),
                 lambda: (_goal_row(goal, row) for row, goal in enumerate(view.goals, 2)))


def _goal_row(goal: GoalRow, row: int) -> list[Spec | None]:
    baseline, target = address(5, row), address(6, row)
    change = None
    if goal.change is not None:
        change = percent(goal.change, f'=IF({baseline}=0,"",({target}-{baseline})/{baseline})')
    return [text(goal.id), text(goal.statement), text(goal.objective), text(goal.kpi),
            number(goal.baseline), number(goal.target), change, text(goal.unit),
            day(goal.deadline), text(goal.owner), joined(goal.supports), text(goal.rationale)]


def calendar_sheet(view: PlanView, title: str) -> SheetContent | None:
    """The content calendar: one row per dated slot."""
    headings = _labels(view, "date", "pillar", "channel", "format", "owner")

    def rows() -> Iterator[Row]:
        for slot in view.calendar:
            yield [day(slot.date), text(slot.pillar), text(slot.channel), text(slot.format),
                   text(slot.owner)]
        if view.calendar_truncated:
            # a sentence, not a date: let it run across the columns, unmeasured
            yield [subtitle(view.catalog.labels.get("calendar_truncated", "…"))]

    return table(title, headings, len(view.calendar), rows)


def kpis_sheet(view: PlanView, title: str) -> SheetContent | None:
    """KPIs with baseline, target, direction, frequency, source and formula."""
    headings = _labels(view, "id", "name", "category", "unit", "baseline", "target",
                       "direction", "frequency", "source", "formula")
    return table(title, headings, len(view.kpis), lambda: (
        [text(kpi.id), text(kpi.name), text(kpi.category), text(kpi.unit),
         number(kpi.baseline), number(kpi.target), text(kpi.direction),
         text(kpi.frequency), text(kpi.source), text(kpi.formula)] for kpi in view.kpis))


def risks_sheet(view: PlanView, title: str) -> SheetContent | None:
    """Risks with likelihood, impact, their rating, mitigation and owner."""
    headings = _labels(view, "id", "category", "description", "likelihood", "impact",
                       "rating", "mitigation", "owner")
    return table(title, headings, len(view.risks), lambda: (
        [text(risk.id), text(risk.category), text(risk.description),
         text(risk.likelihood), text(risk.impact), text(risk.rating),
         text(risk.mitigation), text(risk.owner)] for risk in view.risks))


def team_sheet(view: PlanView, title: str) -> SheetContent | None:
    """Team roles, headcount and what each costs over the plan."""
    headings = _labels(view, "id", "role", "name", "headcount", "unit_cost", "per", "cost",
                       "responsibilities")
    return table(title, headings, len(view.team), lambda: (
        [text(member.id), text(member.role), text(member.name),
         number(member.headcount), money(member.unit_cost), text(member.per),
         money(member.period_cost) if member.unit_cost is not None
         else text(view.catalog.labels.get("no_cost", "—")),
         joined(member.responsibilities, "; ")]
        for member in view.team))
