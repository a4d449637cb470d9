"""The pure context builder: a checked plan → the view data every renderer uses.

Nothing here formats text or touches a file: the view holds Decimals and dates,
plus the language's :class:`~mktplan.render.labels.Catalog` and
:class:`~mktplan.render.formatting.Formatter` for the renderers to apply.
Sections the plan leaves out are absent from :attr:`PlanView.sections`.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal
from itertools import islice

from mktplan.model import compute
from mktplan.model.expansion import ensure_within_limit, slot_count
from mktplan.model.plan import Plan
from mktplan.model.sections import (
    Audience,
    Background,
    BudgetLine,
    CalendarRule,
    Competitor,
    Evaluation,
    Goal,
    Kpi,
    Member,
    Positioning,
    Risk,
    Swot,
)
from mktplan.render.calendar import MAX_SLOTS, slot_dates
from mktplan.render.formatting import Formatter
from mktplan.render.labels import Catalog

SECTION_ORDER = (
    "background", "competitors", "swot", "audience", "goals", "strategy", "execution", "team",
    "budget", "kpis", "risks", "evaluation",
)
_LEVEL_SCORE = {"low": 1, "medium": 2, "high": 3}


@dataclass(frozen=True)
class TitlePage:
    """What the title page shows."""

    title: str
    subtitle: str
    organization: str
    author: str
    version: str
    period_start: date
    period_end: date
    launch: date | None


@dataclass(frozen=True)
class GoalRow:
    """A goal as its table row shows it."""

    id: str
    statement: str
    objective: str
    kpi: str
    baseline: Decimal | None
    target: Decimal | None
    change: Decimal | None
    unit: str
    deadline: date | None
    owner: str
    supports: list[str]
    rationale: str


@dataclass(frozen=True)
class ChannelRow:
    """A channel with its labels."""

    id: str
    name: str
    type: str
    role: str
    platforms: list[str]


@dataclass(frozen=True)
class PillarRow:
    """A content pillar with its formats and channels named."""

    id: str
    name: str
    formats: list[str]
    channels: list[str]


@dataclass(frozen=True)
class CadenceRow:
    """A content-calendar cadence rule and how many slots it makes."""

    pillar: str
    channel: str
    format: str
    count: int
    per: str
    start: date
    end: date
    owner: str
    slots: int


@dataclass(frozen=True)
class ActivityRow:
    """A campaign or activity."""

    id: str
    name: str
    type: str
    channels: list[str]
    start: date
    end: date
    owner: str


@dataclass(frozen=True)
class CalendarSlot:
    """One dated piece of content from the calendar."""

    date: date
    pillar: str
    channel: str
    format: str
    owner: str


@dataclass(frozen=True)
class ScheduleRow:
    """A phase, task or milestone in the schedule, with the months it is active in."""

    kind: str  # "phase" | "task" | "milestone"
    id: str
    name: str
    start: date
    end: date
    phase: str
    owner: str
    depends_on: list[str]
    deliverable: str
    active: list[bool]


@dataclass(frozen=True)
class ScheduleView:
    """The Gantt: month columns and phase/task/milestone rows in plan order."""

    months: list[date]
    phases: list[ScheduleRow]
    tasks: list[ScheduleRow]
    milestones: list[ScheduleRow]

    @property
    def rows(self) -> list[ScheduleRow]:
        """Every row: each phase followed by its tasks, then unphased tasks, then milestones."""
        by_phase: dict[str, list[ScheduleRow]] = {}
        for task in self.tasks:
            by_phase.setdefault(task.phase, []).append(task)
        rows: list[ScheduleRow] = []
        for phase in self.phases:
            rows.append(phase)
            rows.extend(by_phase.pop(phase.name, []))
        for rest in by_phase.values():
            rows.extend(rest)
        return rows + self.milestones


@dataclass(frozen=True)
class TeamRow:
    """A team role and what it costs over the plan."""

    id: str
    role: str
    name: str
    headcount: int
    unit_cost: Decimal | None
    per: str
    period_cost: Decimal
    responsibilities: list[str]


@dataclass(frozen=True)
class BudgetRow:
    """A budget line with its computed cost."""

    id: str
    item: str
    category: str
    category_label: str
    channel: str
    phase: str
    team: str
    amount: Decimal | None
    unit_cost: Decimal | None
    quantity: Decimal
    per: str
    periods: Decimal | None
    cost: Decimal
    share: Decimal | None


@dataclass(frozen=True)
class CategoryTotal:
    """A budget category: its lines and subtotal."""

    key: str
    label: str
    amount: Decimal
    share: Decimal | None
    rows: list[BudgetRow]


@dataclass(frozen=True)
class NamedAmount:
    """An amount with a label (a channel, a month)."""

    label: str
    amount: Decimal
    month: date | None = None


@dataclass(frozen=True)
class BudgetView:
    """The budget: totals, lines grouped by category, by channel and by month."""

    total: Decimal | None
    allocated: Decimal
    reserve: Decimal
    reserve_share: Decimal | None
    unallocated: Decimal | None
    categories: list[CategoryTotal]
    by_channel: list[NamedAmount]
    by_month: list[NamedAmount]
    excluded: list[str]

    @property
    def rows(self) -> list[BudgetRow]:
        """Every line, grouped by category."""
        return [row for category in self.categories for row in category.rows]


@dataclass(frozen=True)
class ReturnRow:
    """An expected return stream."""

    id: str
    stream: str
    amount: Decimal
    basis: str


@dataclass(frozen=True)
class ReturnsView:
    """Returns and ROI both ways."""

    rows: list[ReturnRow]
    total: Decimal
    cost: Decimal
    ratio: Decimal | None
    net: Decimal | None


@dataclass(frozen=True)
class KpiRow:
    """A KPI as its table row shows it."""

    id: str
    name: str
    category: str
    unit: str
    baseline: Decimal | None
    target: Decimal | None
    direction: str
    frequency: str
    source: str
    formula: str


@dataclass(frozen=True)
class RiskRow:
    """A risk with its likelihood × impact rating (1–9)."""

    id: str
    category: str
    description: str
    likelihood: str
    impact: str
    score: int
    level: str  # "low" | "medium" | "high"
    rating: str
    mitigation: str
    owner: str


@dataclass(frozen=True)
class PersonaRow:
    """A persona with its channels named."""

    id: str
    name: str
    channels: list[str]


@dataclass
class PlanView:
    """Everything a renderer needs, and nothing from the raw YAML."""

    plan_id: str
    language: str
    currency: str
    fmt: Formatter
    catalog: Catalog
    title: TitlePage
    sections: list[str]
    background: Background | None = None
    competitors: list[Competitor] = field(default_factory=list)
    swot: Swot | None = None
    audience: Audience | None = None
    persona_channels: dict[str, list[str]] = field(default_factory=dict)
    goals: list[GoalRow] = field(default_factory=list)
    positioning: Positioning | None = None
    channels: list[ChannelRow] = field(default_factory=list)
    pillars: list[PillarRow] = field(default_factory=list)
    cadence: list[CadenceRow] = field(default_factory=list)
    activities: list[ActivityRow] = field(default_factory=list)
    calendar: list[CalendarSlot] = field(default_factory=list)
    calendar_truncated: bool = False
    schedule: ScheduleView | None = None
    team: list[TeamRow] = field(default_factory=list)
    budget: BudgetView | None = None
    returns: ReturnsView | None = None
    kpis: list[KpiRow] = field(default_factory=list)
    risks: list[RiskRow] = field(default_factory=list)
    evaluation: Evaluation | None = None


class _Names:
    """Id → display name for everything a table may refer to."""

    def __init__(self, plan: Plan) -> None:
        self.map: dict[str, dict[str, str]] = {
            "team": {m.id: m.name or m.role for m in plan.team},
            "kpi": {k.id: k.name for k in plan.kpis},
        }
        strategy, execution = plan.strategy, plan.execution
        supports: dict[str, str] = {}
        if strategy:
            self.map["channel"] = {c.id: c.name for c in strategy.channels}
            supports.update(self.map["channel"])
            supports.update({a.id: a.name for a in strategy.activities})
            if strategy.content:
                self.map["pillar"] = {p.id: p.name for p in strategy.content.pillars}
                supports.update(self.map["pillar"])
        self.map["supports"] = supports
        if execution:
            self.map["phase"] = {p.id: p.name for p in execution.phases}
            self.map["task"] = {t.id: t.name for t in execution.tasks}

    def __call__(self, kind: str, item_id: str | None) -> str:
        if item_id is None:
            return ""
        return self.map.get(kind, {}).get(item_id, item_id)

    def all(self, kind: str, ids: list[str]) -> list[str]:
        return [self(kind, item_id) for item_id in ids]


def build_view(plan: Plan, catalog: Catalog) -> PlanView:
    """Turn a validated plan into the view every renderer uses.

    Raises :class:`~mktplan.errors.ExpansionLimitError` for a plan that expands beyond
    the limit (which ``check`` reports), before expanding anything.
    """
    ensure_within_limit(plan)
    meta = plan.meta
    names = _Names(plan)
    view = PlanView(
        plan_id=meta.id, language=meta.language, currency=meta.currency,
        fmt=Formatter(meta.language, meta.currency), catalog=catalog,
        title=TitlePage(meta.title, meta.subtitle or "", meta.organization or "",
                        meta.author or "", meta.version or "", meta.period.start,
                        meta.period.end, meta.launch),
        sections=[],
        background=plan.background, competitors=plan.competitors, swot=plan.swot,
        audience=plan.audience, evaluation=plan.evaluation,
    )
    if plan.audience:
        view.persona_channels = {p.id: names.all("channel", p.channels)
                                 for p in plan.audience.personas}
    view.goals = [_goal_row(goal, names, catalog) for goal in plan.goals]
    _add_strategy(view, plan, names, catalog)
    view.schedule = _schedule(plan, names)
    view.team = [_team_row(member, plan, catalog) for member in plan.team]
    totals = compute.budget_totals(plan)
    view.budget = _budget(plan, names, catalog, view.fmt, totals)
    view.returns = _returns(plan, totals)
    view.kpis = [_kpi_row(kpi, catalog) for kpi in plan.kpis]
    view.risks = [_risk_row(risk, names, catalog) for risk in plan.risks]
    view.sections = [key for key in SECTION_ORDER if _present(view, plan, key)]
    return view


def _present(view: PlanView, plan: Plan, key: str) -> bool:
    strategy = plan.strategy
    present = {
        "background": plan.background is not None,
        "competitors": bool(plan.competitors),
        "swot": plan.swot is not None,
        "audience": plan.audience is not None
        and bool(plan.audience.personas or plan.audience.segments),
        "goals": bool(plan.goals),
        "strategy": strategy is not None and bool(
            strategy.positioning or strategy.channels or strategy.activities
            or (strategy.content and (strategy.content.pillars or strategy.content.calendar))),
        "execution": view.schedule is not None and bool(view.schedule.rows),
        "team": bool(plan.team),
        "budget": view.budget is not None or view.returns is not None,
        "kpis": bool(plan.kpis),
        "risks": bool(plan.risks),
        "evaluation": plan.evaluation is not None,
    }
    return present[key]


def _goal_row(goal: Goal, names: _Names, catalog: Catalog) -> GoalRow:
    target = goal.resolved_target
    change = None
    if target is not None and goal.baseline:
        change = (target - goal.baseline) / goal.baseline
    return GoalRow(
        goal.id, goal.statement or "", catalog.enum("objective", goal.objective),
        names("kpi", goal.kpi), goal.baseline, target, change, goal.unit or "", goal.deadline,
        names("team", goal.owner), names.all("supports", goal.supports), goal.rationale or "",
    )


def _add_strategy(view: PlanView, plan: Plan, names: _Names, catalog: Catalog) -> None:
    strategy = plan.strategy
    if strategy is None:
        return
    view.positioning = strategy.positioning
    view.channels = [
        ChannelRow(c.id, c.name, catalog.enum("channel_type", c.type), c.role or "", c.platforms)
        for c in strategy.channels
    ]
    view.activities = [
        ActivityRow(a.id, a.name, a.type or "", names.all("channel", a.channels), a.start, a.end,
                    names("team", a.owner))
        for a in strategy.activities
    ]
    content = strategy.content
    if content is None:
        return
    view.pillars = [
        PillarRow(p.id, p.name, [catalog.enum("format", f) for f in p.formats],
                  names.all("channel", p.channels))
        for p in content.pillars
    ]
    period = plan.meta.period
    streams = []
    for rule in content.calendar:
        start, end = rule.from_ or period.start, rule.to or period.end
        pillar, channel = names("pillar", rule.pillar), names("channel", rule.channel)
        fmt, owner = catalog.enum("format", rule.format), names("team", rule.owner)
        view.cadence.append(CadenceRow(pillar, channel, fmt, rule.count,
                                       catalog.enum("per", rule.per), start, end, owner,
                                       slot_count(rule, start, end)))
        streams.append(_slots(rule, start, end, CalendarSlot(start, pillar, channel, fmt, owner)))
    # each entry's slots come in date order: merging them keeps the earliest MAX_SLOTS
    # without making the rest, in the order a stable sort of all of them would give
    merged = heapq.merge(*streams, key=lambda slot: (slot.date, slot.pillar, slot.channel))
    view.calendar = list(islice(merged, MAX_SLOTS))
    view.calendar_truncated = sum(row.slots for row in view.cadence) > MAX_SLOTS


def _slots(rule: CalendarRule, start: date, end: date,
           first: CalendarSlot) -> Iterator[CalendarSlot]:
    """The rule's slots, lazily: ``first`` with each slot's date."""
    return (replace(first, date=day) for day in slot_dates(rule, start, end))


def _active(months: list[date], start: date, end: date) -> list[bool]:
    first = date(start.year, start.month, 1)
    return [first <= month <= end for month in months]


def _schedule(plan: Plan, names: _Names) -> ScheduleView | None:
    execution = plan.execution
    if execution is None:
        return None
    months = compute.month_starts(plan.meta.period.start, plan.meta.period.end)
    phases = [ScheduleRow("phase", p.id, p.name, p.start, p.end, p.name, "", [], "",
                          _active(months, p.start, p.end)) for p in execution.phases]
    tasks = [ScheduleRow("task", t.id, t.name, t.start, t.end, names("phase", t.phase),
                         names("team", t.owner), names.all("task", t.depends_on),
                         t.deliverable or "", _active(months, t.start, t.end))
             for t in execution.tasks]
    milestones = [ScheduleRow("milestone", m.id, m.name, m.date, m.date, "", "",
                              names.all("task", m.requires), "", _active(months, m.date, m.date))
                  for m in execution.milestones]
    return ScheduleView(months, phases, tasks, milestones)


def _team_row(member: Member, plan: Plan, catalog: Catalog) -> TeamRow:
    cost = member.cost
    return TeamRow(member.id, member.role, member.name or "", member.headcount,
                   cost.amount if cost else None, catalog.enum("per", cost.per) if cost else "",
                   compute.member_cost(member, plan), member.responsibilities)


def _budget_row(line: BudgetLine, plan: Plan, names: _Names, catalog: Catalog,
                total: Decimal | None) -> BudgetRow:
    cost = compute.line_cost(line, plan)
    periods = None
    if line.unit_cost is not None:
        periods = compute.periods(line.per, *compute.line_window(line, plan))
    return BudgetRow(
        line.id, line.item, line.category, catalog.enum("budget_category", line.category),
        names("channel", line.channel), names("phase", line.phase), names("team", line.team),
        line.amount, line.unit_cost, line.quantity, catalog.enum("per", line.per), periods, cost,
        cost / total if total else None,
    )


def _budget(plan: Plan, names: _Names, catalog: Catalog, fmt: Formatter,
            totals: compute.BudgetTotals) -> BudgetView | None:
    budget = plan.budget
    if budget is None:
        return None
    rows = [_budget_row(line, plan, names, catalog, totals.total) for line in budget.lines]
    grouped: dict[str, list[BudgetRow]] = {}
    for row in rows:
        grouped.setdefault(row.category, []).append(row)
    categories = [
        CategoryTotal(key, catalog.enum("budget_category", key), totals.by_category[key],
                      totals.by_category[key] / totals.total if totals.total else None, members)
        for key, members in grouped.items()
    ]
    unassigned = catalog.enum("budget_category", "other")
    by_channel = [NamedAmount(names("channel", key) if key else unassigned, amount)
                  for key, amount in totals.by_channel.items()]
    by_month = [NamedAmount(fmt.month(month), amount, month)
                for month, amount in compute.monthly_spend(plan).items()]
    reserve_share = budget.reserve.share if budget.reserve is not None else None
    return BudgetView(totals.total, totals.allocated, totals.reserve, reserve_share,
                      totals.unallocated, categories, by_channel, by_month, budget.excluded)


def _returns(plan: Plan, totals: compute.BudgetTotals) -> ReturnsView | None:
    result = compute.roi(plan, totals)
    if result is None:
        return None
    rows = [ReturnRow(r.id, r.stream, r.amount, r.basis or "") for r in plan.returns]
    return ReturnsView(rows, result.returns, result.cost, result.ratio, result.net)


def _kpi_row(kpi: Kpi, catalog: Catalog) -> KpiRow:
    return KpiRow(kpi.id, kpi.name, catalog.enum("kpi_category", kpi.category), kpi.unit or "",
                  kpi.baseline, kpi.target, catalog.enum("direction", kpi.direction),
                  catalog.enum("frequency", kpi.frequency), kpi.source or "", kpi.formula or "")


def _risk_row(risk: Risk, names: _Names, catalog: Catalog) -> RiskRow:
    score = _LEVEL_SCORE[risk.likelihood] * _LEVEL_SCORE[risk.impact]
    level = "high" if score >= 6 else "medium" if score >= 3 else "low"
    return RiskRow(risk.id, catalog.enum("risk_category", risk.category), risk.description,
                   catalog.enum("level", risk.likelihood), catalog.enum("level", risk.impact),
                   score, level, catalog.enum("level", level), risk.mitigation or "",
                   names("team", risk.owner))
