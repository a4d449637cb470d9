"""The plain table sheets: Goals, Calendar (content slots), KPIs, Risks and Team.

Each is one heading row (frozen, repeated on every printed page, with an autofilter)
and one row per item. The item's id, the key a sheet that comes back is matched by,
is the last column, narrow and grey: the first column is what a reader looks for
(the statement, the name), repeated on every page a wide sheet prints on. A sheet
with nothing to show is left out.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

from mktplan.render.context import GoalRow, PlanView, TeamRow
from mktplan.render.xlsx.cells import (
    Row,
    Spec,
    day,
    header,
    ident,
    joined,
    money,
    number,
    percent,
    subtitle,
    text,
)
from mktplan.render.xlsx.sheet import Print, Rows, SheetContent, address

ID_WIDTH = 9.0


def table(title: str, headings: list[str], count: int,
          make_rows: Callable[[], Iterable[Row]], ids: bool = True) -> SheetContent | None:
    """A sheet with a heading row and ``count`` rows made on demand; nothing when empty.

    With ``ids``, the last heading's column holds the ids: narrow, its text grey.
    """
    if count == 0:
        return None

    def body() -> Iterator[Row]:
        yield [header(heading) for heading in headings]
        yield from make_rows()

    return SheetContent(title, Rows(body), freeze="B2",
                        autofilter=f"A1:{address(len(headings), count + 1)}",
                        printing=Print((1, 1), (1, 1)),
                        widths={len(headings): ID_WIDTH} if ids else {})


def _labels(view: PlanView, *keys: str) -> list[str]:
    labels = view.catalog.labels
    return [labels.get(key, key) for key in keys]


def goals_sheet(view: PlanView, title: str) -> SheetContent | None:
    """Goals: statement, KPI, baseline → target with a live change, deadline, owner."""
    headings = _labels(view, "statement", "objective", "kpi", "baseline", "target",
                       "change", "unit", "deadline", "owner", "supports", "rationale", "id")
    return table(title, headings, len(view.goals),
                 lambda: (_goal_row(goal, row) for row, goal in enumerate(view.goals, 2)))


def _goal_row(goal: GoalRow, row: int) -> list[Spec | None]:
    baseline, target = address(4, row), address(5, row)
    change = None
    if goal.change is not None:
        change = percent(goal.change, f'=IF({baseline}=0,"",({target}-{baseline})/{baseline})')
    return [text(goal.statement), text(goal.objective), text(goal.kpi),
            number(goal.baseline), number(goal.target), change, text(goal.unit),
            day(goal.deadline), text(goal.owner), joined(goal.supports), text(goal.rationale),
            ident(goal.id)]


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

    return table(title, headings, len(view.calendar), rows, ids=False)


def kpis_sheet(view: PlanView, title: str) -> SheetContent | None:
    """KPIs with baseline, target, direction, frequency, source and formula."""
    headings = _labels(view, "name", "category", "unit", "baseline", "target",
                       "direction", "frequency", "source", "formula", "id")
    return table(title, headings, len(view.kpis), lambda: (
        [text(kpi.name), text(kpi.category), text(kpi.unit),
         number(kpi.baseline), number(kpi.target), text(kpi.direction),
         text(kpi.frequency), text(kpi.source), text(kpi.formula), ident(kpi.id)]
        for kpi in view.kpis))


def risks_sheet(view: PlanView, title: str) -> SheetContent | None:
    """Risks with likelihood, impact, their rating, mitigation and owner."""
    headings = _labels(view, "description", "category", "likelihood", "impact",
                       "rating", "mitigation", "owner", "id")
    return table(title, headings, len(view.risks), lambda: (
        [text(risk.description), text(risk.category),
         text(risk.likelihood), text(risk.impact), text(risk.rating),
         text(risk.mitigation), text(risk.owner), ident(risk.id)] for risk in view.risks))


def team_sheet(view: PlanView, title: str) -> SheetContent | None:
    """Team roles, headcount and what each costs over the plan."""
    headings = _labels(view, "role", "name", "headcount", "unit_cost", "per", "periods",
                       "cost", "responsibilities", "id")
    return table(title, headings, len(view.team), lambda: (
        _member_row(member, row, view) for row, member in enumerate(view.team, 2)))


def _member_row(member: TeamRow, row: int, view: PlanView) -> list[Spec | None]:
    """A role; its cost, when it has one, is headcount × unit cost × periods, live.

    A role without a cost (in-house staff) says so instead of showing a misleading zero.
    """
    cost: Spec | None = text(view.catalog.labels.get("no_cost", "—"))
    if member.unit_cost is not None and member.periods is not None:
        cost = money(member.period_cost,
                     f"={address(3, row)}*{address(4, row)}*{address(6, row)}")
    return [text(member.role), text(member.name), number(member.headcount),
            money(member.unit_cost), text(member.per), number(member.periods), cost,
            joined(member.responsibilities, "; "), ident(member.id)]
