"""The summary figures of both plans: budget by category, channel and month, ROI, counts, goals.

Every figure comes from :mod:`mktplan.model.compute`, so the diff agrees with the
budget rules and the deliverables. Monthly spend is keyed by calendar month
(``2027-03``) when both periods start in the same month, else by plan month (``M3``);
the one-off lines in no month (:mod:`mktplan.model.phasing`) are the unscheduled spend.
Both are left out for a plan that expands beyond the limit (``schema-expansion-too-large``).
"""

from __future__ import annotations

import typing
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_EVEN, Decimal

from mktplan.diff.compare import Comparer
from mktplan.diff.model import FieldChange, Kind, SummaryRow, Value
from mktplan.diff.periods import plan_month
from mktplan.model.compute import (
    BudgetTotals,
    budget_totals,
    roi,
    total_returns,
)
from mktplan.model.expansion import measure
from mktplan.model.phasing import phase_budget
from mktplan.model.plan import Plan
from mktplan.model.sections import BudgetCategory
from mktplan.text.figures import round_to

CENT_PLACES = 2
RATIO_PLACES = 4
NO_CHANNEL = "(none)"
_CATEGORIES: tuple[str, ...] = typing.get_args(BudgetCategory)


@dataclass(frozen=True)
class Figure:
    """One figure of one plan."""

    key: tuple[str, ...]
    label: str
    kind: Kind
    value: Value
    headline: bool = False


def _cents(value: Decimal | None) -> Decimal | None:
    return None if value is None else round_to(value, CENT_PLACES, ROUND_HALF_EVEN)


def _ratio(value: Decimal | None) -> Decimal | None:
    return None if value is None else round_to(value, RATIO_PLACES, ROUND_HALF_EVEN)


def month_label(month: date, period_start: date, by_plan_month: bool) -> str:
    """``M3`` (plan month) or ``2027-03`` (calendar month)."""
    number = plan_month(month, period_start)
    if by_plan_month and number >= 1:
        return f"M{number}"
    return f"{month.year:04d}-{month.month:02d}"


def _budget_figures(plan: Plan, by_plan_month: bool, totals: BudgetTotals) -> list[Figure]:
    has_budget = plan.budget is not None
    figures = [
        Figure(("budget", "total"), "Budget total", Kind.MONEY, totals.total, True),
        Figure(("budget", "allocated"), "Budget lines", Kind.MONEY,
               _cents(totals.allocated) if has_budget else None, True),
        Figure(("budget", "reserve"), "Reserve", Kind.MONEY,
               _cents(totals.reserve) if has_budget else None, True),
        Figure(("budget", "unallocated"), "Unallocated", Kind.MONEY,
               _cents(totals.unallocated), True),
    ]
    figures.extend(
        Figure(("budget", "by_category", category), f"Budget: {category}", Kind.MONEY,
               _cents(totals.by_category[category]))
        for category in _CATEGORIES if category in totals.by_category
    )
    figures.extend(
        Figure(("budget", "by_channel", channel or NO_CHANNEL),
               f"Budget: channel {channel or NO_CHANNEL}", Kind.MONEY, _cents(amount))
        for channel, amount in sorted(totals.by_channel.items(), key=_channel_order)
    )
    if has_budget and measure(plan).within:  # over the limit: its check errors say why
        start = plan.meta.period.start
        phasing = phase_budget(plan)
        for month, amount in phasing.month_totals().items():
            label = month_label(month, start, by_plan_month)
            figures.append(Figure(("budget", "by_month", label), f"Spend in {label}",
                                  Kind.MONEY, _cents(amount)))
        figures.append(Figure(("budget", "unscheduled"), "Unscheduled spend", Kind.MONEY,
                              _cents(phasing.unscheduled_total)))
    return figures


def _channel_order(item: tuple[str, Decimal]) -> tuple[bool, str]:
    return (item[0] == "", item[0])


def _plan_figures(plan: Plan, totals: BudgetTotals) -> list[Figure]:
    result = roi(plan, totals)
    figures = [
        Figure(("returns", "total"), "Expected returns", Kind.MONEY,
               total_returns(plan) if plan.returns else None, True),
        Figure(("roi", "ratio"), "ROI", Kind.RATIO,
               _ratio(result.ratio if result else None), True),
        Figure(("roi", "net"), "Net ROI", Kind.SHARE,
               _ratio(result.net if result else None), True),
        Figure(("counts", "goals"), "Goals", Kind.NUMBER, len(plan.goals), True),
        Figure(("counts", "kpis"), "KPIs", Kind.NUMBER, len(plan.kpis), True),
        Figure(("counts", "tasks"), "Tasks", Kind.NUMBER,
               len(plan.tasks), True),
    ]
    for goal in plan.goals:
        figures.append(Figure(("goals", goal.id, "target"), f"Goal {goal.id}: target",
                              Kind.NUMBER, goal.resolved_target))
        figures.append(Figure(("goals", goal.id, "deadline"), f"Goal {goal.id}: deadline",
                              Kind.DATE, goal.deadline))
    return figures


def figures(plan: Plan, by_plan_month: bool) -> list[Figure]:
    """Every summary figure of one plan, in report order."""
    totals = budget_totals(plan)
    return [*_budget_figures(plan, by_plan_month, totals), *_plan_figures(plan, totals)]


def merged_order(first: Sequence[tuple[str, ...]],
                 second: Iterable[tuple[str, ...]]) -> list[tuple[str, ...]]:
    """The keys of ``first`` in order, with those only in ``second`` after their predecessor."""
    order = list(first)
    present = set(order)
    previous: tuple[str, ...] | None = None
    for key in second:
        if key not in present:
            position = order.index(previous) + 1 if previous is not None else 0
            order.insert(position, key)
            present.add(key)
        previous = key
    return order


def summary_rows(old: Plan, new: Plan, comparer: Comparer,
                 by_plan_month: bool) -> tuple[SummaryRow, ...]:
    """The summary table: every figure of either plan, old against new."""
    old_figures = {figure.key: figure for figure in figures(old, by_plan_month)}
    new_figures = {figure.key: figure for figure in figures(new, by_plan_month)}
    rows = []
    for key in merged_order(list(new_figures), old_figures):
        before, after = old_figures.get(key), new_figures.get(key)
        shown = after if after is not None else old_figures[key]
        old_value = None if before is None else before.value
        new_value = None if after is None else after.value
        name = ".".join(key)
        change = comparer.change(name, shown.kind, old_value, new_value)
        rows.append(SummaryRow(
            key, shown.label, shown.headline,
            change or FieldChange(name, shown.kind, old_value, new_value), change is not None,
        ))
    return tuple(rows)
