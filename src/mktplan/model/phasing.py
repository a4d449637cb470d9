"""Budget phasing: what each budget line spends in each calendar month.

The rules (the user's version is in ``docs/format.md``, "Monthly phasing"):

- a recurring line (``per: month`` or ``per: year``) spends its rate in every month of
  its window it covers in full: unit cost × quantity a month, or a twelfth of that for a
  yearly line; a month it covers in part gets the share of that month's days it covers.
  A line given by ``amount`` is spread the same way (in proportion to those shares);
- a one-off line (``per: once``) is spent in the month of its ``from`` when it has one;
  otherwise evenly by month across the window of its ``activity``, else of its
  ``phase``; otherwise it is **unscheduled**: its cost is in no month;
- every amount is rounded to the currency's minor unit with the remainder carried to the
  next month, so that a line's months add up exactly to its cost and the months add up
  exactly to the lines.

All arithmetic is exact (fractions, then whole minor units).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from fractions import Fraction
from types import MappingProxyType

from mktplan.model.compute import ZERO, line_cost
from mktplan.model.expansion import ensure_within_limit
from mktplan.model.money import minor_places, minor_units
from mktplan.model.plan import Plan
from mktplan.model.sections import BudgetLine
from mktplan.model.windows import (
    Ties,
    line_window,
    month_shares,
    month_start,
    month_starts,
)

MONTHS_A_YEAR = 12


@dataclass(frozen=True)
class LinePhasing:
    """One budget line's spend by month."""

    line_id: str
    category: str | None
    channel: str | None
    phase: str | None
    cost: Decimal
    """The line's cost (:func:`~mktplan.model.compute.line_cost`)."""
    months: Mapping[date, Decimal]
    """Month start → amount, in date order; sums exactly to ``cost`` when scheduled, and is
    empty for an unscheduled line."""
    unscheduled: Decimal
    """The cost placed in no month: the whole cost of an unscheduled one-off line, else 0."""

    @property
    def scheduled(self) -> bool:
        """Whether the line's cost is placed in months (a line costing nothing is)."""
        return not self.unscheduled


@dataclass(frozen=True)
class Phasing:
    """The budget's spend by month, line by line."""

    months: tuple[date, ...]
    """Every month start of the plan period, and any month outside it that a line spends in
    (only those: a line years away adds its months, not the years between)."""
    lines: tuple[LinePhasing, ...]
    """In plan order."""

    def month_totals(self) -> dict[date, Decimal]:
        """Spend by month: sums exactly to the scheduled lines' costs."""
        return _add_up(self.months, (line.months for line in self.lines))

    def by_category(self) -> dict[str, dict[date, Decimal]]:
        """Category → spend by month (every month listed), categories in order of first line."""
        groups: dict[str, list[LinePhasing]] = {}
        for line in self.lines:
            groups.setdefault(line.category or "", []).append(line)
        return {key: _add_up(self.months, (line.months for line in members))
                for key, members in groups.items()}

    def unscheduled_by_category(self) -> dict[str, Decimal]:
        """Category → unscheduled cost, for the categories of :meth:`by_category`."""
        result: dict[str, Decimal] = {}
        for line in self.lines:
            key = line.category or ""
            result[key] = result.get(key, ZERO) + line.unscheduled
        return result

    def by_phase(self) -> dict[str, Decimal]:
        """Phase id → the cost of its lines ("" for lines without a phase), scheduled or not."""
        result: dict[str, Decimal] = {}
        for line in self.lines:
            key = line.phase or ""
            result[key] = result.get(key, ZERO) + line.cost
        return result

    @property
    def unscheduled_total(self) -> Decimal:
        """The cost of the unscheduled lines."""
        return sum((line.unscheduled for line in self.lines), ZERO)

    @property
    def total(self) -> Decimal:
        """Every line's cost: the month totals plus what is unscheduled."""
        return sum((line.cost for line in self.lines), ZERO)


def _add_up(months: Iterable[date], parts: Iterable[Mapping[date, Decimal]]) -> dict[date, Decimal]:
    totals = dict.fromkeys(months, ZERO)
    for part in parts:
        for month, amount in part.items():
            totals[month] = totals.get(month, ZERO) + amount
    return dict(sorted(totals.items()))


def phase_budget(plan: Plan) -> Phasing:
    """Phase every budget line of ``plan`` by month (see the module's rules).

    Raises :class:`~mktplan.errors.ExpansionLimitError` for a plan that expands beyond
    the limit (its lines × months could be billions of steps).
    """
    ensure_within_limit(plan)
    period = plan.meta.period
    ties = Ties(plan)
    lines = tuple(phase_line(line, plan, ties) for line in plan.budget.lines) if plan.budget else ()
    months = set(month_starts(period.start, period.end))
    for line in lines:
        months.update(line.months)
    return Phasing(tuple(sorted(months)), lines)


def phase_line(line: BudgetLine, plan: Plan, ties: Ties | None = None) -> LinePhasing:
    """One line's spend by month (``ties``: the plan's, when the caller has them)."""
    cost = line_cost(line, plan)
    spread = _spread(line, plan, ties or Ties(plan))
    if not spread.weights:
        return LinePhasing(line.id, line.category, line.channel, line.phase, cost,
                           MappingProxyType({}), cost)
    months = carry(spread, cost, minor_places(plan.meta.currency))
    return LinePhasing(line.id, line.category, line.channel, line.phase, cost,
                       MappingProxyType(months), ZERO)


@dataclass(frozen=True)
class Spread:
    """How a line falls on the months: a weight per month, in date order."""

    weights: list[tuple[date, Fraction]]
    amounts: bool = False
    """Whether the weights are the amounts themselves (a rate × the month's share), rather
    than proportions of the cost."""


def _spread(line: BudgetLine, plan: Plan, ties: Ties) -> Spread:
    """The months a line spends in, and how much in each; no months: unscheduled."""
    if line.per != "once":
        shares = month_shares(*line_window(line, plan))
        if line.amount is None and line.unit_cost is not None:
            rate = Fraction(line.unit_cost) * Fraction(line.quantity)
            if line.per == "year":
                rate /= MONTHS_A_YEAR
            return Spread([(month, rate * share) for month, share in shares], amounts=True)
        return Spread(shares)
    if line.from_ is not None:
        return Spread([(month_start(line.from_), Fraction(1))])
    tied = ties.window(line)
    if tied is None:
        return Spread([])
    return Spread([(month, Fraction(1)) for month in month_starts(tied[1], tied[2])])


def is_unscheduled(line: BudgetLine, ties: Ties) -> bool:
    """Whether a line is a one-off line that no month holds.

    It has no ``from``, and no activity or phase the plan has (or only one that ends
    before it starts).
    """
    if line.per != "once" or line.from_ is not None:
        return False
    tied = ties.window(line)
    return tied is None or tied[2] < month_start(tied[1])


def carry(spread: Spread, cost: Decimal, places: int) -> dict[date, Decimal]:
    """Split ``cost`` over the spread's months, in whole minor units.

    Each month gets its running total rounded, less what the months before it got, so
    that nothing is lost to rounding; the last month gets what is left of the cost. So a
    line whose rate is in whole minor units gets exactly its rate in every full month.
    """
    weights = spread.weights
    exact = Fraction(cost)
    whole = sum((weight for _, weight in weights), Fraction(0))
    scale = Fraction(1) if spread.amounts or not whole else exact / whole
    total_units = minor_units(exact, places)
    result: dict[date, Decimal] = {}
    running, paid = Fraction(0), 0
    for index, (month, weight) in enumerate(weights):
        running += weight * scale
        units = total_units if index == len(weights) - 1 else minor_units(running, places)
        result[month] = Decimal(units - paid).scaleb(-places)
        paid = units
    return result
