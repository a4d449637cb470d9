"""Derived figures of a validated plan: line costs, periods, budget totals, ROI, monthly spend.

Pure functions over the models, shared by the budget rules, the renderers and the
diff, so that every output agrees on every number. All arithmetic is Decimal.
"""

from __future__ import annotations

import calendar
from collections import defaultdict
from datetime import date, timedelta
from decimal import Decimal
from typing import NamedTuple

from mktplan.model.expansion import ensure_within_limit
from mktplan.model.plan import Plan
from mktplan.model.sections import BudgetLine, Member
from mktplan.model.types import Per

ZERO = Decimal(0)


def months_between(start: date, end: date) -> Decimal:
    """Months from ``start`` to ``end`` inclusive; partial months count by their days."""
    if end < start:
        return ZERO
    stop = end + timedelta(days=1)
    whole = (stop.year - start.year) * 12 + (stop.month - start.month)
    anchor_year, anchor_month = divmod(start.year * 12 + start.month - 1 + whole, 12)
    anchor_month += 1
    anchor_day = min(start.day, calendar.monthrange(anchor_year, anchor_month)[1])
    anchor = date(anchor_year, anchor_month, anchor_day)
    if anchor > stop:  # went one month too far
        whole -= 1
        year, month = divmod(start.year * 12 + start.month - 1 + whole, 12)
        month += 1
        anchor = date(year, month, min(start.day, calendar.monthrange(year, month)[1]))
    remainder = (stop - anchor).days
    if remainder == 0:
        return Decimal(whole)
    days_in_month = calendar.monthrange(anchor.year, anchor.month)[1]
    return Decimal(whole) + Decimal(remainder) / Decimal(days_in_month)


def periods(per: Per, start: date, end: date) -> Decimal:
    """How many ``per`` units lie between start and end (a year over six months is 0.5)."""
    if per == "once":
        return Decimal(1)
    months = months_between(start, end)
    return months if per == "month" else months / 12


def line_window(line: BudgetLine, plan: Plan) -> tuple[date, date]:
    """The dates a budget line runs: its from/to, defaulting to the plan period."""
    period = plan.meta.period
    return (line.from_ or period.start, line.to or period.end)


def computed_cost(line: BudgetLine, plan: Plan) -> Decimal | None:
    """unit_cost × quantity × periods, or None for a line given by amount only."""
    if line.unit_cost is None:
        return None
    start, end = line_window(line, plan)
    return line.unit_cost * line.quantity * periods(line.per, start, end)


def line_cost(line: BudgetLine, plan: Plan) -> Decimal:
    """What a budget line costs: its amount, or its computed cost."""
    if line.amount is not None:
        return line.amount
    cost = computed_cost(line, plan)
    return cost if cost is not None else ZERO


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


def month_starts(start: date, end: date) -> list[date]:
    """First days of every calendar month that the window touches."""
    months = []
    current = date(start.year, start.month, 1)
    while current <= end:
        months.append(current)
        current = date(current.year + current.month // 12, current.month % 12 + 1, 1)
    return months


def monthly_spend(plan: Plan) -> dict[date, Decimal]:
    """Spend by calendar month: recurring lines spread by days, one-off lines on their start.

    Raises :class:`~mktplan.errors.ExpansionLimitError` for a plan that expands beyond
    the limit (its lines × months could be billions of steps).
    """
    ensure_within_limit(plan)
    period = plan.meta.period
    spend: dict[date, Decimal] = {month: ZERO for month in month_starts(period.start, period.end)}
    if plan.budget is None:
        return spend
    for line in plan.budget.lines:
        start, end = line_window(line, plan)
        cost = line_cost(line, plan)
        if line.per == "once" or end < start:
            key = date(start.year, start.month, 1)
            spend[key] = spend.get(key, ZERO) + cost
            continue
        total_days = Decimal((end - start).days + 1)
        for month in month_starts(start, end):
            last = date(month.year, month.month, calendar.monthrange(month.year, month.month)[1])
            days = (min(last, end) - max(month, start)).days + 1
            spend[month] = spend.get(month, ZERO) + cost * Decimal(days) / total_days
    return dict(sorted(spend.items()))
