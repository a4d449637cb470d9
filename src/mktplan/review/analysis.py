"""Plan vs actuals: the figures of a review, from the plan's phasing and the actuals' sums.

Budget, for each line, category, channel and month: planned to date, actual to date,
variance (actual − planned, and as a share of planned), the share of the cost spent
against the share of the line's time elapsed, what remains, and a forecast to the end.

- **Planned to date** follows the plan's monthly phasing
  (:func:`mktplan.model.phasing.phase_budget`): every month before the as-of month in
  full, and the as-of month by its days elapsed (the 15th of a 30-day month: half). A
  one-off line is due in full from the first day of its month: a payment is not made
  by the day.
- **Forecast**: a recurring line's run rate against its plan (actual × cost ÷ planned to
  date), so that a line spent exactly on plan forecasts exactly its cost; before any
  spend was planned, the actual plus the cost. A one-off line forecasts its cost, or its
  actual when that is more.

KPIs and goals: the latest measurement, the straight path from the baseline at the
start of the period to the target at the deadline (a goal's, else the end of the
period), the progress from baseline to target, the status (on track, at risk, off
track) and a projection to the deadline from the trend of the measurements (least
squares; a single measurement's trend runs from the baseline). ROI to date: the returns
recorded over the spend recorded. All money is exact Decimal.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Literal

from mktplan.model.compute import ZERO, budget_totals
from mktplan.model.phasing import LinePhasing, Phasing, phase_budget
from mktplan.model.plan import Plan
from mktplan.model.windows import days_in_month, line_window, month_start
from mktplan.review.actuals import Actuals, Measurement, money
from mktplan.text.currencies import minor_places
from mktplan.text.figures import round_to

Status = Literal["on track", "at risk", "off track", "no data"]
ONE = Decimal(1)


@dataclass(frozen=True)
class Figures:
    """One row of a budget table: planned and actual to date, and what follows from them."""

    key: str
    label: str
    cost: Decimal
    planned: Decimal
    """Planned to date."""
    actual: Decimal
    forecast: Decimal
    elapsed: Decimal | None = None
    """The share of the row's time that has passed (lines and the total only)."""

    @property
    def variance(self) -> Decimal:
        """Actual − planned to date (positive: over plan)."""
        return self.actual - self.planned

    @property
    def variance_share(self) -> Decimal | None:
        """The variance as a share of planned to date (None when nothing was planned)."""
        return self.variance / self.planned if self.planned else None

    @property
    def remaining(self) -> Decimal:
        """Cost − actual (negative: overspent)."""
        return self.cost - self.actual

    @property
    def spent_share(self) -> Decimal | None:
        """Actual as a share of the cost."""
        return self.actual / self.cost if self.cost else None


@dataclass(frozen=True)
class LineReview(Figures):
    """A budget line's row, with where it is in the plan."""

    index: int = 0
    category: str = ""
    channel: str = ""
    once: bool = False
    scheduled: bool = True
    """Whether the phasing places the line in months (an unscheduled one-off has no plan
    to date: nothing is compared with it but its cost)."""


@dataclass(frozen=True)
class Track:
    """A KPI (or a goal's KPI) against its straight path from baseline to target."""

    key: str
    """The goal id, or the KPI id for a KPI no goal uses."""
    kpi: str
    name: str
    path: tuple[str, int]
    """Where it is in the plan: ("goals", 2) or ("kpis", 0)."""
    baseline: Decimal
    target: Decimal
    deadline: date
    unit: str
    latest: Measurement | None
    expected: Decimal | None
    """The path's value at the latest measurement's date."""
    projected: Decimal | None
    progress: Decimal | None
    """(latest − baseline) ÷ (target − baseline)."""
    behind: Decimal | None
    """How far behind the path, as a share of the way from baseline to target."""
    status: Status
    measurements: tuple[Measurement, ...] = ()


@dataclass(frozen=True)
class StreamReview:
    """A returns stream: planned to date (its amount by time elapsed) and recorded."""

    key: str
    label: str
    amount: Decimal
    planned: Decimal
    actual: Decimal


@dataclass
class Review:
    """Every figure of a review as of one date."""

    as_of: date
    start: date
    end: date
    currency: str
    elapsed: Decimal
    lines: list[LineReview]
    categories: list[Figures]
    channels: list[Figures]
    months: list[Figures]
    total: Figures
    reserve: Decimal
    budget_total: Decimal | None
    tracks: list[Track] = field(default_factory=list)
    streams: list[StreamReview] = field(default_factory=list)

    @property
    def returns_actual(self) -> Decimal:
        """The returns recorded to date."""
        return sum((stream.actual for stream in self.streams), ZERO)

    @property
    def roi(self) -> Decimal | None:
        """Returns recorded ÷ spend recorded (None without returns or spend)."""
        if not self.streams or not self.total.actual:
            return None
        return self.returns_actual / self.total.actual


def default_as_of(actuals: Actuals, plan: Plan) -> date:
    """The latest date in the actuals, else the start of the period."""
    return actuals.latest or plan.meta.period.start


def review(plan: Plan, actuals: Actuals, as_of: date, tolerance: Decimal) -> Review:
    """The review of ``plan`` as of ``as_of``; ``tolerance`` (a share) separates at risk."""
    phasing = phase_budget(plan)
    period = plan.meta.period
    lines = [_line(index, line, plan, actuals, as_of)
             for index, line in enumerate(phasing.lines)]
    totals = budget_totals(plan)
    elapsed = _elapsed(period.start, period.end, as_of)
    total = _sum("total", "", lines, elapsed)
    if totals.total is not None:  # the whole budget: the lines, the reserve, what is left
        total = Figures("total", "", totals.total, total.planned, total.actual,
                        total.forecast, elapsed)
    return Review(
        as_of=as_of, start=period.start, end=period.end, currency=plan.meta.currency,
        elapsed=elapsed, lines=lines,
        categories=_groups(lines, lambda line: line.category),
        channels=_groups(lines, lambda line: line.channel),
        months=_months(phasing, lines, actuals, as_of, minor_places(plan.meta.currency)),
        total=total, reserve=totals.reserve, budget_total=totals.total,
        tracks=tracks(plan, actuals, as_of, tolerance),
        streams=_streams(plan, actuals, elapsed),
    )


def planned_to_date(months: Iterable[tuple[date, Decimal]], as_of: date, once: bool,
                    places: int = 2) -> Decimal:
    """The phasing's months before ``as_of``'s month, and that month by its days elapsed.

    The part of the as-of month is rounded half up to ``places`` (the currency's minor
    unit), so that plan to date is money as the phasing's months are.
    """
    current = month_start(as_of)
    planned = ZERO
    for month, amount in months:
        if month < current or (month == current and once):
            planned += amount
        elif month == current:
            share = amount * Decimal(as_of.day) / Decimal(days_in_month(as_of))
            planned += round_to(share, places)
    return planned


def forecast(actual: Decimal, planned: Decimal, cost: Decimal, once: bool) -> Decimal:
    """What a line will have spent by its end, at its run rate against plan."""
    if once:
        return max(actual, cost)
    if planned:
        return actual * cost / planned
    return actual + cost


def _line(index: int, phased: LinePhasing, plan: Plan, actuals: Actuals,
          as_of: date) -> LineReview:
    assert plan.budget is not None
    source = plan.budget.lines[index]
    once = source.per == "once"
    planned = planned_to_date(phased.months.items(), as_of, once,
                              minor_places(plan.meta.currency))
    if not phased.scheduled:
        planned, once = ZERO, True
    actual = money(sum(actuals.spend.get(phased.line_id, {}).values()))
    start, end = line_window(source, plan)
    return LineReview(
        phased.line_id, source.item, phased.cost, planned, actual,
        forecast(actual, planned, phased.cost, once), _elapsed(start, end, as_of),
        index=index, category=phased.category or "", channel=phased.channel or "", once=once,
        scheduled=phased.scheduled)


def _elapsed(start: date, end: date, as_of: date) -> Decimal:
    """The share of a window's days that have passed by the end of ``as_of``."""
    if end < start:
        return ONE
    days = Decimal((end - start).days + 1)
    passed = Decimal((min(as_of, end) - start).days + 1)
    return max(ZERO, min(ONE, passed / days))


def _sum(key: str, label: str, rows: Sequence[Figures], elapsed: Decimal | None = None
         ) -> Figures:
    return Figures(key, label, sum((row.cost for row in rows), ZERO),
                   sum((row.planned for row in rows), ZERO),
                   sum((row.actual for row in rows), ZERO),
                   sum((row.forecast for row in rows), ZERO), elapsed)


def _groups(lines: Sequence[LineReview], key_of: object) -> list[Figures]:
    assert callable(key_of)
    groups: dict[str, list[LineReview]] = {}
    for line in lines:
        groups.setdefault(str(key_of(line)), []).append(line)
    return [_sum(key, key, members) for key, members in groups.items()]


def _months(phasing: Phasing, lines: Sequence[LineReview], actuals: Actuals,
            as_of: date, places: int) -> list[Figures]:
    """Each month's plan, its plan to date (as the lines count it) and its actual."""
    planned = phasing.month_totals()
    once = {line.key for line in lines if line.once}
    spent: dict[date, int] = {}
    for months in actuals.spend.values():
        for month, units in months.items():
            spent[month] = spent.get(month, 0) + units
    current = month_start(as_of)
    rows = []
    for month, amount in planned.items():
        due = sum((planned_to_date([(month, line.months.get(month, ZERO))], as_of,
                                   line.line_id in once, places)
                   for line in phasing.lines), ZERO)
        actual = money(spent.get(month, 0))
        if month < current:
            expected = actual
        elif month == current:
            expected = forecast(actual, due, amount, once=False)
        else:
            expected = amount
        rows.append(Figures(month.isoformat()[:7], month.isoformat()[:7], amount, due, actual,
                            expected))
    return rows


def _streams(plan: Plan, actuals: Actuals, elapsed: Decimal) -> list[StreamReview]:
    return [StreamReview(item.id, item.stream, item.amount, item.amount * elapsed,
                         money(sum(actuals.returns.get(item.id, {}).values())))
            for item in plan.returns]


# --- KPIs and goals -------------------------------------------------------------------
def tracks(plan: Plan, actuals: Actuals, as_of: date, tolerance: Decimal) -> list[Track]:
    """A track per goal with a KPI, baseline and target, and per other KPI with both."""
    kpis = {kpi.id: kpi for kpi in plan.kpis}
    found: list[Track] = []
    used: set[str] = set()
    period = plan.meta.period
    for index, goal in enumerate(plan.goals):
        kpi = kpis.get(goal.kpi or "")
        target = goal.resolved_target
        baseline = goal.baseline if goal.baseline is not None else (kpi.baseline if kpi else None)
        if kpi is None or target is None or baseline is None:
            continue
        used.add(kpi.id)
        found.append(_track(goal.id, kpi.id, goal.statement or kpi.name, ("goals", index),
                            baseline, target, goal.deadline or period.end,
                            goal.unit or kpi.unit or "", actuals, as_of, period.start,
                            tolerance))
    for index, kpi in enumerate(plan.kpis):
        if kpi.id in used or kpi.baseline is None or kpi.target is None:
            continue
        found.append(_track(kpi.id, kpi.id, kpi.name, ("kpis", index), kpi.baseline,
                            kpi.target, period.end, kpi.unit or "", actuals, as_of,
                            period.start, tolerance))
    return found


def _track(key: str, kpi: str, name: str, path: tuple[str, int], baseline: Decimal,
           target: Decimal, deadline: date, unit: str, actuals: Actuals, as_of: date,
           start: date, tolerance: Decimal) -> Track:
    measured = tuple(sorted((m for m in actuals.kpis.get(kpi, []) if m.day <= as_of),
                            key=lambda m: m.day))
    if not measured:
        return Track(key, kpi, name, path, baseline, target, deadline, unit, None, None,
                     None, None, None, "no data")
    latest = measured[-1]
    expected = path_value(baseline, target, start, deadline, latest.day)
    change = target - baseline
    progress = (latest.value - baseline) / change if change else None
    due = (expected - baseline) / change if change else ONE
    behind = due - progress if progress is not None else None
    status: Status = "on track"
    if behind is not None and behind > 0:
        status = "at risk" if behind <= tolerance else "off track"
    projected = projection(measured, baseline, start, deadline)
    return Track(key, kpi, name, path, baseline, target, deadline, unit, latest, expected,
                 projected, progress, behind, status, measured)


def path_value(baseline: Decimal, target: Decimal, start: date, deadline: date,
               day: date) -> Decimal:
    """The straight path's value on ``day``: baseline at ``start``, target at ``deadline``."""
    span = (deadline - start).days
    if span <= 0 or day >= deadline:
        return target
    share = Decimal(max(0, (day - start).days)) / Decimal(span)
    return baseline + (target - baseline) * share


def projection(measured: Sequence[Measurement], baseline: Decimal, start: date,
               deadline: date) -> Decimal:
    """The value at the deadline on the least-squares line through the measurements.

    One measurement makes a line with the baseline at the start of the period.
    """
    points = [(Decimal((m.day - start).days), m.value) for m in measured]
    if len(points) == 1 or len({x for x, _ in points}) == 1:
        points = [(ZERO, baseline), points[-1]]
    count = Decimal(len(points))
    mean_x = sum((x for x, _ in points), ZERO) / count
    mean_y = sum((y for _, y in points), ZERO) / count
    spread = sum(((x - mean_x) ** 2 for x, _ in points), ZERO)
    if not spread:
        return points[-1][1]
    slope = sum(((x - mean_x) * (y - mean_y) for x, y in points), ZERO) / spread
    return mean_y + slope * (Decimal((deadline - start).days) - mean_x)
