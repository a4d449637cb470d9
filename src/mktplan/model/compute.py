"""Derived figures of a validated plan: line costs, periods, budget totals and ROI.

Pure functions over the models, shared by the budget rules, the renderers and the
diff, so that every output agrees on every number. All arithmetic is Decimal (or exact
fractions); spend by month is :mod:`mktplan.model.phasing`.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import Decimal
from fractions import Fraction
from typing import NamedTuple

from mktplan.model.money import minor_places, minor_units, to_minor_unit
from mktplan.model.plan import Plan
from mktplan.model.sections import BudgetLine, Member
from mktplan.model.types import Per
from mktplan.model.windows import calendar_months, line_window

__all__ = [
    "ZERO", "BudgetTotals", "Roi", "budget_totals", "computed_cost", "line_cost",
    "line_window", "member_cost", "months_between", "periods", "roi", "total_returns",
]

ZERO = Decimal(0)


def months_between(start: date, end: date) -> Decimal:
    """Calendar months from ``start`` to ``end`` inclusive.

    A full month counts 1, a partial one the share of its days in the window
    (:func:`~mktplan.model.windows.calendar_months`).
    """
    return _decimal(calendar_months(start, end))


def _decimal(value: Fraction) -> Decimal:
    return Decimal(value.numerator) / Decimal(value.denominator)


def _exact_periods(per: Per, start: date, end: date) -> Fraction:
    if per == "once":
        return Fraction(1)
    months = calendar_months(start, end)
    return months if per == "month" else months / 12


def periods(per: Per, start: date, end: date) -> Decimal:
    """How many ``per`` units lie between start and end (a year over six months is 0.5)."""
    return _decimal(_exact_periods(per, start, end))


def computed_cost(line: BudgetLine, plan: Plan) -> Decimal | None:
    """unit_cost × quantity × periods, or None for a line given by amount only."""
    if line.unit_cost is None:
        return None
    start, end = line_window(line, plan)
    return line.unit_cost * line.quantity * periods(line.per, start, end)


def line_cost(line: BudgetLine, plan: Plan) -> Decimal:
    """What a budget line costs, rounded (half up) to the currency's minor unit.

    Its amount, or unit_cost × quantity × periods worked out exactly.
    """
    places = minor_places(plan.meta.currency)
    if line.amount is not None:
        return to_minor_unit(line.amount, plan.meta.currency)
    if line.unit_cost is None:
        return ZERO
    start, end = line_window(line, plan)
    exact = (Fraction(line.unit_cost) * Fraction(line.quantity)
             * _exact_periods(line.per, start, end))
    return Decimal(minor_units(exact, places)).scaleb(-places)


def member_cost(member: Member, plan: Plan) -> Decimal:
    """What a team role costs over the plan period (cost × headcount × periods)."""
    if member.cost is None:
        return ZERO
    period = plan.meta.period
    return member.cost.amount * member.headcount * periods(member.cost.per, period.start,
                                                              period.end)


class BudgetTotals(NamedTuple):
    """The budget's headline figures."""

    total: Decimal | None
    allocated: Decimal
    reserve: Decimal
    unallocated: Decimal | None
    by_category: dict[str, Decimal]
    by_channel: dict[str, Decimal]

    @property
    def planned(self) -> Decimal:
        """Lines plus reserve."""
        return self.allocated + self.reserve


def budget_totals(plan: Plan) -> BudgetTotals:
    """Sum the budget by line, category and channel; work out reserve and what is left."""
    budget = plan.budget
    if budget is None:
        return BudgetTotals(None, ZERO, ZERO, None, {}, {})
    by_category: dict[str, Decimal] = defaultdict(lambda: ZERO)
    by_channel: dict[str, Decimal] = defaultdict(lambda: ZERO)
    allocated = ZERO
    for line in budget.lines:
        cost = line_cost(line, plan)
        allocated += cost
        by_category[line.category] += cost
        by_channel[line.channel or ""] += cost
    total = budget.total
    reserve = ZERO
    if budget.reserve is not None and (total is not None or budget.reserve.amount is not None):
        reserve = budget.reserve.of(total if total is not None else ZERO)
    unallocated = None if total is None else total - allocated - reserve
    return BudgetTotals(total, allocated, reserve, unallocated, dict(by_category),
                        dict(by_channel))


def total_returns(plan: Plan) -> Decimal:
    """The sum of all expected returns."""
    return sum((item.amount for item in plan.returns), ZERO)


class Roi(NamedTuple):
    """Return on investment, both ways the format asks for."""

    returns: Decimal
    cost: Decimal

    @property
    def ratio(self) -> Decimal | None:
        """Return ÷ cost (2.5 means 2.5 : 1)."""
        return self.returns / self.cost if self.cost else None

    @property
    def net(self) -> Decimal | None:
        """(Return − cost) ÷ cost."""
        return (self.returns - self.cost) / self.cost if self.cost else None


def roi(plan: Plan, totals: BudgetTotals | None = None) -> Roi | None:
    """ROI of the plan, with the spend being the lines (the reserve is not spent).

    Pass ``totals`` when the caller already has them, so the lines are not summed twice.
    """
    if not plan.returns:
        return None
    spend = (totals if totals is not None else budget_totals(plan)).allocated
    return Roi(total_returns(plan), spend)
