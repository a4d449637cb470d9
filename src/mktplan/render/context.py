"""The pure context builder: a checked plan → the view data every renderer uses.

Nothing here formats text or touches a file: the view holds Decimals and dates in
frozen records (:class:`PlanData`), plus the language's
:class:`~mktplan.render.labels.Catalog` and :class:`~mktplan.text.formatter.Formatter`
for the renderers to apply (:class:`PlanView`). Templates get only the
:class:`PlanData`: records, tuples and read-only mappings of text, numbers and
dates, never a model or an object with methods of its own.
Chapters the plan leaves out are absent from :attr:`PlanData.sections`, which lists the
others in the order of :data:`mktplan.model.layout.LAYOUT`.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, fields, replace
from datetime import date
from decimal import Decimal
from itertools import islice
from types import MappingProxyType

from mktplan.files.images import Image
from mktplan.model import compute
from mktplan.model.expansion import ensure_within_limit, slot_count
from mktplan.model.layout import chapters
from mktplan.model.phasing import Phasing, phase_budget
from mktplan.model.plan import Plan
from mktplan.model.sections import BudgetLine, CalendarRule, Goal, Kpi, Member, Phase, Risk
from mktplan.model.types import DEFAULT_TIME_ZONE
from mktplan.model.windows import month_starts
from mktplan.render.calendar import MAX_SLOTS, slot_dates
from mktplan.render.comparison import ComparisonView
from mktplan.render.labels import Catalog
from mktplan.render.records import (
    AudienceView,
    BackgroundView,
    CompetitorRow,
    EvaluationView,
    PositioningView,
    SwotView,
    audience_view,
    background_view,
    competitor_rows,
    evaluation_view,
    positioning_view,
    swot_view,
)
from mktplan.text.formatter import Formatter

CHAPTERS = chapters()
"""The documents' chapters in order, each with the sections it shows (from the layout)."""
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
    client: str = ""
    issued: date | None = None
    """The date of issue, as the plan gives it (None: the plan gives none)."""


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
    supports: tuple[str, ...]
    rationale: str


@dataclass(frozen=True)
class ChannelRow:
    """A channel with its labels."""

    id: str
    name: str
    type: str
    role: str
    platforms: tuple[str, ...]


@dataclass(frozen=True)
class PillarRow:
    """A content pillar with its formats and channels named."""

    id: str
    name: str
    formats: tuple[str, ...]
    channels: tuple[str, ...]


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
    channels: tuple[str, ...]
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
    key: str = field(default="", compare=False)
    """The ids of its cadence rule, ``pillar/channel/format``: a stable name for its slots
    (for the calendar export's UIDs; not part of what a slot shows, so not compared)."""


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
    depends_on: tuple[str, ...]
    deliverable: str
    active: tuple[bool, ...]


@dataclass(frozen=True)
class ScheduleView:
    """The Gantt: month columns and phase/task/milestone rows in plan order."""

    months: tuple[date, ...]
    phases: tuple[ScheduleRow, ...]
    tasks: tuple[ScheduleRow, ...]
    milestones: tuple[ScheduleRow, ...]

    @property
    def rows(self) -> tuple[ScheduleRow, ...]:
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
        return (*rows, *self.milestones)


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
    responsibilities: tuple[str, ...]
    periods: Decimal | None = None
    """How many ``per`` units the plan period holds (cost = unit cost × headcount × periods)."""


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
    rows: tuple[BudgetRow, ...]


@dataclass(frozen=True)
class NamedAmount:
    """An amount with a label (a channel, a month)."""

    label: str
    amount: Decimal
    month: date | None = None


@dataclass(frozen=True)
class MonthRow:
    """A row of the month × category table: a month (or the unscheduled or total row)."""

    label: str
    amounts: tuple[Decimal, ...]
    """One amount per category of the table, in its order."""
    total: Decimal
    month: date | None = None


@dataclass(frozen=True)
class MonthByCategory:
    """Spend by month and category, with the unscheduled row and a total row."""

    categories: tuple[NamedAmount, ...]
    """The columns: category labels with their totals (scheduled and not)."""
    rows: tuple[MonthRow, ...]
    unscheduled: MonthRow | None
    """Present when a line is unscheduled."""
    total: MonthRow


@dataclass(frozen=True)
class PhaseSpend:
    """What the lines of a phase cost (the lines without a phase: ``phase_id`` "")."""

    phase_id: str
    label: str
    start: date | None
    end: date | None
    amount: Decimal
    share: Decimal | None
    """Of the lines' total."""


@dataclass(frozen=True)
class BudgetView:
    """The budget: totals, lines grouped by category, by channel and by month."""

    total: Decimal | None
    allocated: Decimal
    reserve: Decimal
    reserve_share: Decimal | None
    unallocated: Decimal | None
    categories: tuple[CategoryTotal, ...]
    by_channel: tuple[NamedAmount, ...]
    by_month: tuple[NamedAmount, ...]
    """Spend by month of the scheduled lines (:meth:`Phasing.month_totals`)."""
    excluded: tuple[str, ...]
    phasing: Phasing
    """Every line's spend by month (:mod:`mktplan.model.phasing`)."""
    unscheduled: Decimal
    """The cost of the one-off lines in no month."""
    unscheduled_items: tuple[str, ...]
    """The items of those lines, in plan order."""
    by_month_category: MonthByCategory
    by_phase: tuple[PhaseSpend, ...]
    """In plan order, then the lines without a phase; empty when no line names a phase."""

    @property
    def month_total(self) -> Decimal:
        """The spend of every month added up (the scheduled lines)."""
        return sum((month.amount for month in self.by_month), Decimal(0))

    @property
    def rows(self) -> tuple[BudgetRow, ...]:
        """Every line, grouped by category."""
        return tuple(row for category in self.categories for row in category.rows)


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

    rows: tuple[ReturnRow, ...]
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


_NO_NAMES: Mapping[str, tuple[str, ...]] = MappingProxyType({})


@dataclass(frozen=True)
class PlanData:
    """The plan as templates see it: frozen records of text, numbers and dates."""

    plan_id: str
    language: str
    currency: str
    title: TitlePage
    sections: tuple[str, ...]
    background: BackgroundView | None = None
    competitors: tuple[CompetitorRow, ...] = ()
    swot: SwotView | None = None
    audience: AudienceView | None = None
    persona_channels: Mapping[str, tuple[str, ...]] = field(default_factory=lambda: _NO_NAMES)
    """Persona id → the names of its channels."""
    goals: tuple[GoalRow, ...] = ()
    positioning: PositioningView | None = None
    channels: tuple[ChannelRow, ...] = ()
    pillars: tuple[PillarRow, ...] = ()
    cadence: tuple[CadenceRow, ...] = ()
    activities: tuple[ActivityRow, ...] = ()
    calendar: tuple[CalendarSlot, ...] = ()
    calendar_truncated: bool = False
    schedule: ScheduleView | None = None
    team: tuple[TeamRow, ...] = ()
    budget: BudgetView | None = None
    returns: ReturnsView | None = None
    kpis: tuple[KpiRow, ...] = ()
    risks: tuple[RiskRow, ...] = ()
    evaluation: EvaluationView | None = None
    timezone: str = DEFAULT_TIME_ZONE
    """The plan's IANA time zone (``meta.timezone``)."""
    comparison: ComparisonView | None = None
    """Last year's plan beside this one (``build --compare``, ``meta.compare``)."""
    money_unit: str = ""
    """What a table of bare amounts counts in: ``元``, ``美元`` in Chinese; ``CNY`` in English."""


@dataclass(frozen=True)
class PlanView(PlanData):
    """Everything a renderer needs, and nothing from the raw YAML."""

    fmt: Formatter = field(kw_only=True)
    catalog: Catalog = field(kw_only=True)
    logo: Image | None = field(default=None, kw_only=True)
    """The title page's picture (``meta.logo``), read by the build."""

    def data(self) -> PlanData:
        """The view without its formatter and catalog: what a template is given."""
        return PlanData(**{item.name: getattr(self, item.name) for item in fields(PlanData)})


class _Names:
    """Id → display name for everything a table may refer to."""

    def __init__(self, plan: Plan) -> None:
        self.map: dict[str, dict[str, str]] = {
            "team": {m.id: m.name or m.role for m in plan.team},
            "kpi": {k.id: k.name for k in plan.kpis},
        }
        self.map["channel"] = {c.id: c.name for c in plan.channels}
        self.map["pillar"] = {p.id: p.name for p in plan.pillars}
        # a goal supports channels, activities or pillars; on a shared id the later wins
        self.map["supports"] = {**self.map["channel"], **{a.id: a.name for a in plan.activities},
                                **self.map["pillar"]}
        self.map["phase"] = {p.id: p.name for p in plan.phases}
        self.map["task"] = {t.id: t.name for t in plan.tasks}

    def __call__(self, kind: str, item_id: str | None) -> str:
        if item_id is None:
            return ""
        return self.map.get(kind, {}).get(item_id, item_id)

    def all(self, kind: str, ids: list[str]) -> tuple[str, ...]:
        return tuple(self(kind, item_id) for item_id in ids)


def build_view(plan: Plan, catalog: Catalog, *, logo: Image | None = None) -> PlanView:
    """Turn a validated plan into the view every renderer uses; ``logo``: ``meta.logo``'s.

    Raises :class:`~mktplan.errors.ExpansionLimitError` for a plan that expands beyond
    the limit (which ``check`` reports), before expanding anything.
    """
    ensure_within_limit(plan)
    meta = plan.meta
    names = _Names(plan)
    fmt = Formatter(meta.language, meta.currency)
    persona_channels = MappingProxyType({p.id: tuple(names.all("channel", p.channels))
                                         for p in plan.personas})
    strategy = _strategy(plan, names, catalog)
    schedule = _schedule(plan, names)
    totals = compute.budget_totals(plan)
    budget = _budget(plan, names, catalog, fmt, totals)
    returns = _returns(plan, totals)
    return PlanView(
        plan_id=meta.id, language=meta.language, currency=meta.currency, fmt=fmt,
        catalog=catalog, logo=logo,
        title=TitlePage(meta.title, meta.subtitle or "", meta.organization or "",
                        meta.author or "", meta.version or "", meta.period.start,
                        meta.period.end, meta.launch, meta.client or "", meta.issued),
        sections=tuple(key for key, shown in CHAPTERS.items()
                       if any(section.items(plan) for section in shown)),
        background=background_view(plan.background), competitors=competitor_rows(plan.competitors),
        swot=swot_view(plan.swot), audience=audience_view(plan.audience),
        persona_channels=persona_channels,
        goals=tuple(_goal_row(goal, names, catalog) for goal in plan.goals),
        positioning=strategy.positioning, channels=strategy.channels, pillars=strategy.pillars,
        cadence=strategy.cadence, activities=strategy.activities, calendar=strategy.calendar,
        calendar_truncated=strategy.calendar_truncated, schedule=schedule,
        team=tuple(_team_row(member, plan, catalog) for member in plan.team),
        budget=budget, returns=returns,
        kpis=tuple(_kpi_row(kpi, catalog) for kpi in plan.kpis),
        risks=tuple(_risk_row(risk, names, catalog) for risk in plan.risks),
        evaluation=evaluation_view(plan.evaluation), timezone=meta.timezone,
        money_unit=fmt.unit_name,
    )


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


@dataclass(frozen=True)
class _Strategy:
    """The strategy's part of the view."""

    positioning: PositioningView | None = None
    channels: tuple[ChannelRow, ...] = ()
    activities: tuple[ActivityRow, ...] = ()
    pillars: tuple[PillarRow, ...] = ()
    cadence: tuple[CadenceRow, ...] = ()
    calendar: tuple[CalendarSlot, ...] = ()
    calendar_truncated: bool = False


def _strategy(plan: Plan, names: _Names, catalog: Catalog) -> _Strategy:
    positioning = positioning_view(plan.positioning)
    channels = tuple(
        ChannelRow(c.id, c.name, catalog.enum("channel_type", c.type), c.role or "",
                   tuple(c.platforms))
        for c in plan.channels
    )
    activities = tuple(
        ActivityRow(a.id, a.name, a.type or "", names.all("channel", a.channels), a.start, a.end,
                    names("team", a.owner))
        for a in plan.activities
    )
    pillars = tuple(
        PillarRow(p.id, p.name, tuple(catalog.enum("format", f) for f in p.formats),
                  names.all("channel", p.channels))
        for p in plan.pillars
    )
    period = plan.meta.period
    streams = []
    cadence: list[CadenceRow] = []
    for rule in plan.calendar:
        start, end = rule.from_ or period.start, rule.to or period.end
        pillar, channel = names("pillar", rule.pillar), names("channel", rule.channel)
        fmt, owner = catalog.enum("format", rule.format), names("team", rule.owner)
        cadence.append(CadenceRow(pillar, channel, fmt, rule.count, catalog.enum("per", rule.per),
                                  start, end, owner, slot_count(rule, start, end)))
        key = "/".join((rule.pillar, rule.channel or "", rule.format or ""))
        streams.append(_slots(rule, start, end,
                              CalendarSlot(start, pillar, channel, fmt, owner, key)))
    # each entry's slots come in date order: merging them keeps the earliest MAX_SLOTS
    # without making the rest, in the order a stable sort of all of them would give
    merged = heapq.merge(*streams, key=lambda slot: (slot.date, slot.pillar, slot.channel))
    calendar = tuple(islice(merged, MAX_SLOTS))
    truncated = sum(row.slots for row in cadence) > MAX_SLOTS
    return _Strategy(positioning, channels, activities, pillars, tuple(cadence), calendar,
                     truncated)


def _slots(rule: CalendarRule, start: date, end: date,
           first: CalendarSlot) -> Iterator[CalendarSlot]:
    """The rule's slots, lazily: ``first`` with each slot's date."""
    return (replace(first, date=day) for day in slot_dates(rule, start, end))


def _active(months: tuple[date, ...], start: date, end: date) -> tuple[bool, ...]:
    first = date(start.year, start.month, 1)
    return tuple(first <= month <= end for month in months)


def _schedule(plan: Plan, names: _Names) -> ScheduleView | None:
    if plan.execution is None:
        return None
    months = tuple(month_starts(plan.meta.period.start, plan.meta.period.end))
    phases = tuple(ScheduleRow("phase", p.id, p.name, p.start, p.end, p.name, "", (), "",
                               _active(months, p.start, p.end)) for p in plan.phases)
    tasks = tuple(ScheduleRow("task", t.id, t.name, t.start, t.end, names("phase", t.phase),
                         names("team", t.owner), names.all("task", t.depends_on),
                         t.deliverable or "", _active(months, t.start, t.end))
                  for t in plan.tasks)
    milestones = tuple(ScheduleRow("milestone", m.id, m.name, m.date, m.date, "", "",
                                   names.all("task", m.requires), "",
                                   _active(months, m.date, m.date))
                       for m in plan.milestones)
    return ScheduleView(months, phases, tasks, milestones)


def _team_row(member: Member, plan: Plan, catalog: Catalog) -> TeamRow:
    cost = member.cost
    period = plan.meta.period
    return TeamRow(member.id, member.role, member.name or "", member.headcount,
                   cost.amount if cost else None, catalog.enum("per", cost.per) if cost else "",
                   compute.member_cost(member, plan), tuple(member.responsibilities),
                   compute.periods(cost.per, period.start, period.end) if cost else None)


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
    categories = tuple(
        CategoryTotal(key, catalog.enum("budget_category", key), totals.by_category[key],
                      totals.by_category[key] / totals.total if totals.total else None,
                      tuple(members))
        for key, members in grouped.items()
    )
    unassigned = catalog.enum("budget_category", "other")
    by_channel = tuple(NamedAmount(names("channel", key) if key else unassigned, amount)
                       for key, amount in totals.by_channel.items())
    phasing = phase_budget(plan)
    by_month = tuple(NamedAmount(fmt.month(month), amount, month)
                     for month, amount in phasing.month_totals().items())
    reserve_share = budget.reserve.share if budget.reserve is not None else None
    items = {line.id: line.item for line in budget.lines}
    unscheduled_items = tuple(items[line.line_id] for line in phasing.lines if line.unscheduled)
    return BudgetView(totals.total, totals.allocated, totals.reserve, reserve_share,
                      totals.unallocated, categories, by_channel, by_month,
                      tuple(budget.excluded), phasing, phasing.unscheduled_total,
                      unscheduled_items, _month_by_category(phasing, catalog, fmt),
                      _by_phase(plan, phasing, catalog, totals.allocated))


def _month_by_category(phasing: Phasing, catalog: Catalog, fmt: Formatter) -> MonthByCategory:
    """The finance view: a row per month, a column per category, totals both ways."""
    by_category = phasing.by_category()
    unscheduled = phasing.unscheduled_by_category()
    keys = tuple(by_category)
    totals = {key: sum(by_category[key].values(), Decimal(0)) + unscheduled[key] for key in keys}
    columns = tuple(NamedAmount(catalog.enum("budget_category", key), totals[key])
                    for key in keys)

    def row(label: str, amounts: tuple[Decimal, ...], month: date | None = None) -> MonthRow:
        return MonthRow(label, amounts, sum(amounts, Decimal(0)), month)

    rows = tuple(row(fmt.month(month), tuple(by_category[key][month] for key in keys), month)
                 for month in phasing.months)
    late = (row(catalog.labels.get("unscheduled", ""), tuple(unscheduled[key] for key in keys))
            if phasing.unscheduled_total else None)
    total = row(catalog.labels.get("month_total", ""), tuple(totals[key] for key in keys))
    return MonthByCategory(columns, rows, late, total)


def _by_phase(plan: Plan, phasing: Phasing, catalog: Catalog,
              allocated: Decimal) -> tuple[PhaseSpend, ...]:
    """Spend by phase, in the plan's phase order; the lines without a phase last."""
    amounts = phasing.by_phase()
    if set(amounts) <= {""}:
        return ()

    def share(amount: Decimal) -> Decimal | None:
        return amount / allocated if allocated else None

    result = [PhaseSpend(phase.id, phase.name, phase.start, phase.end, amounts[phase.id],
                         share(amounts[phase.id]))
              for phase in _first_of_each(plan.phases) if phase.id in amounts]
    known = {spend.phase_id for spend in result}
    # a line naming a phase the plan lacks (a references error): shown under its id
    result += [PhaseSpend(key, key, None, None, amount, share(amount))
               for key, amount in amounts.items() if key and key not in known]
    if "" in amounts:
        result.append(PhaseSpend("", catalog.labels.get("no_phase", ""), None, None,
                                 amounts[""], share(amounts[""])))
    return tuple(result)


def _first_of_each(phases: list[Phase]) -> list[Phase]:
    seen: set[str] = set()
    result = []
    for phase in phases:
        if phase.id not in seen:
            seen.add(phase.id)
            result.append(phase)
    return result


def _returns(plan: Plan, totals: compute.BudgetTotals) -> ReturnsView | None:
    result = compute.roi(plan, totals)
    if result is None:
        return None
    rows = tuple(ReturnRow(r.id, r.stream, r.amount, r.basis or "") for r in plan.returns)
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
