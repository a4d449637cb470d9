"""The budget family: the total, the reserve, each line's arithmetic, team costs and returns.

Every figure comes from :mod:`mktplan.model.compute` (the same numbers the outputs
show) and is exact Decimal arithmetic. Money in messages is written with thousands
separators and the plan's currency code, e.g. ``CNY 3,150,000``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from decimal import Decimal

from mktplan.findings import Path, Severity
from mktplan.model.compute import (
    ZERO,
    Roi,
    computed_cost,
    line_cost,
    line_window,
    member_cost,
    periods,
    total_returns,
)
from mktplan.model.phasing import is_unscheduled
from mktplan.model.plan import Plan
from mktplan.model.sections import BudgetLine, Member
from mktplan.model.types import Share
from mktplan.model.windows import Ties
from mktplan.rules.base import Issue, RuleContext, RuleOptions, rule
from mktplan.text.figures import figure, group, round_to


def money(value: Decimal, currency: str) -> str:
    """``CNY 3,150,000`` or ``CNY 1,234.50``: rounded to the cent, cents shown only if any."""
    return f"{currency} {group(round_to(value, 2))}"


def count_of(value: Decimal, unit: str) -> str:
    """``1 year``, ``0.5 years``, ``12 months``."""
    text = figure(value, 2)
    return f"{text} {unit}" if text == "1" else f"{text} {unit}s"


def percent(fraction: Decimal) -> str:
    """A fraction as a percentage to one decimal: ``0.125`` → ``12.5%``."""
    return f"{round_to(fraction * 100, 1).normalize():f}%"


def same_to_the_cent(first: Decimal, second: Decimal) -> bool:
    """Whether two amounts agree once rounded to the cent."""
    return round_to(first, 2) == round_to(second, 2)


@rule("budget-over-total")
def over_total(ctx: RuleContext, options: object) -> Iterator[Issue]:
    """The budget lines plus the reserve cost more than the budget total.

    A line costs its ``amount``, or ``unit_cost × quantity × periods``; the reserve is an
    amount or a share of the total. Fails: ``total: "100万"``, ``reserve: "5%"`` and
    lines of 80万 and 20万 (105万 in all). Passes: the same with ``total: "106万"``.
    """
    totals = ctx.budget
    if totals.total is None or totals.planned <= totals.total:
        return
    currency = ctx.plan.meta.currency
    spent = f"the budget lines ({money(totals.allocated, currency)})"
    if totals.reserve:
        spent += f" plus the reserve ({money(totals.reserve, currency)})"
    yield Issue(
        ("budget", "total"),
        f"{spent} come to {money(totals.planned, currency)}, "
        f"{money(totals.planned - totals.total, currency)} more than the total of "
        f"{money(totals.total, currency)}; raise the total or cut lines",
    )


class UnallocatedOptions(RuleOptions):
    """Options of ``budget-unallocated``."""

    max_share: Share = Decimal("0.05")
    """Largest share of the total that may stay unallocated ("5%" or 0.05)."""


@rule("budget-unallocated", Severity.WARNING, options=UnallocatedOptions)
def unallocated(ctx: RuleContext, options: UnallocatedOptions) -> Iterator[Issue]:
    """More of the total than ``max_share`` (default 5%) is left out of lines and reserve.

    Money that no line and no reserve accounts for usually means a forgotten line.
    Fails: ``total: "100万"``, ``reserve: "5%"`` and lines of 60万 (35% unallocated).
    Passes: lines of 95万. Tune it with ``rules: {budget-unallocated: {max_share: "10%"}}``.
    """
    totals = ctx.budget
    if totals.total is None or totals.unallocated is None or totals.total <= 0:
        return
    if totals.unallocated <= totals.total * options.max_share:
        return
    currency = ctx.plan.meta.currency
    yield Issue(
        ("budget", "total"),
        f"{money(totals.unallocated, currency)} ({percent(totals.unallocated / totals.total)}) "
        f"of the total {money(totals.total, currency)} is in no line and not in the reserve, "
        f"more than the {percent(options.max_share)} allowed; add the missing lines, raise "
        "the reserve or lower the total",
    )


@rule("budget-amount-mismatch")
def amount_mismatch(ctx: RuleContext, options: object) -> Iterator[Issue]:
    """A line's ``amount`` differs from its ``unit_cost × quantity × periods``.

    Periods is the number of ``per`` units between the line's ``from`` and ``to``
    (default: the plan period); a per-year line over six months counts 0.5. The two
    must agree to the cent. Fails: ``{amount: "75万", unit_cost: "6万", per: month}``
    over twelve months (72万). Passes: ``amount: "72万"``, or only one of the two.
    """
    plan = ctx.plan
    if plan.budget is None:
        return
    for index, line in enumerate(plan.budget.lines):
        computed = computed_cost(line, plan)
        start, end = line_window(line, plan)
        if line.amount is None or computed is None or end < start:
            continue  # a reversed window is timeline-start-after-end's to report
        if same_to_the_cent(line.amount, computed):
            continue
        currency = plan.meta.currency
        yield Issue(
            ("budget", "lines", index, "amount"),
            f"amount {money(line.amount, currency)} does not match unit_cost × quantity × "
            f"periods: {_cost_formula(line, plan)} = {money(computed, currency)}; correct "
            "one of them, or give only one",
        )


def _cost_formula(line: BudgetLine, plan: Plan) -> str:
    assert line.unit_cost is not None
    formula = f"{money(line.unit_cost, plan.meta.currency)} × {figure(line.quantity, 2)}"
    if line.per == "once":
        return formula
    start, end = line_window(line, plan)
    count = periods(line.per, start, end)
    return f"{formula} × {count_of(count, line.per)} ({start} to {end})"


def _money_values(plan: Plan) -> Iterator[tuple[Path, str, Decimal]]:
    """Every amount of money in the plan: where it is, what to call it, its value."""
    budget = plan.budget
    if budget is not None:
        if budget.total is not None:
            yield ("budget", "total"), "the budget total", budget.total
        if budget.reserve is not None and budget.reserve.amount is not None:
            yield ("budget", "reserve"), "the budget reserve", budget.reserve.amount
        for index, line in enumerate(budget.lines):
            path: Path = ("budget", "lines", index)
            if line.amount is not None:
                yield (*path, "amount"), f"the amount of budget line '{line.id}'", line.amount
            if line.unit_cost is not None:
                yield ((*path, "unit_cost"), f"the unit_cost of budget line '{line.id}'",
                       line.unit_cost)
    for index, member in enumerate(plan.team):
        if member.cost is not None:
            yield (("team", index, "cost", "amount"), f"the cost of team member '{member.id}'",
                   member.cost.amount)
    for index, item in enumerate(plan.returns):
        yield ("returns", index, "amount"), f"the amount of return '{item.id}'", item.amount


@rule("budget-negative")
def negative(ctx: RuleContext, options: object) -> Iterator[Issue]:
    """Money (or a budget line's quantity) is negative.

    Covers the budget total and reserve, line amounts, unit costs and quantities, team
    costs and returns. A saving is a smaller cost and a loss a smaller return, never a
    negative figure. Fails: ``amount: "-10万"`` in ``returns``. Passes: ``amount: "10万"``.
    """
    plan = ctx.plan
    currency = plan.meta.currency
    for path, label, value in _money_values(plan):
        if value < 0:
            yield Issue(path, f"{label} is negative ({money(value, currency)}); write money "
                              "in a plan as a positive amount")
    if plan.budget is None:
        return
    for index, line in enumerate(plan.budget.lines):
        if line.quantity < 0:
            yield Issue(("budget", "lines", index, "quantity"),
                        f"the quantity of budget line '{line.id}' is negative "
                        f"({figure(line.quantity, 2)}); use 0 or more")


@rule("budget-team-uncovered", Severity.WARNING)
def team_uncovered(ctx: RuleContext, options: object) -> Iterator[Issue]:
    """A team member's cost is not covered by personnel lines linked to them.

    A member with a ``cost`` costs cost × headcount × periods over the plan period; the
    budget lines of category ``personnel`` with ``team: <member id>`` must add up to at
    least that, or the difference is reported. A warning, not an error: some plans
    leave staff costs out of the budget on purpose (list them under ``excluded``).
    Fails: ``cost: {amount: "30万", per: year}`` covered by one line of 20万. Passes:
    ``{category: personnel, unit_cost: "30万", per: year, team: ops}``.
    """
    plan = ctx.plan
    covered: dict[str, Decimal] = defaultdict(lambda: ZERO)
    miscategorized: dict[str, list[str]] = defaultdict(list)
    for line in plan.budget_lines:
        if line.team is None:
            continue
        if line.category == "personnel":
            covered[line.team] += line_cost(line, plan)
        else:
            miscategorized[line.team].append(line.id)
    for index, member in enumerate(plan.team):
        needed = member_cost(member, plan)
        have = covered.get(member.id, ZERO)
        if needed <= 0 or have >= needed or same_to_the_cent(have, needed):
            continue
        yield Issue(("team", index, "cost"),
                    _uncovered_message(member, plan, needed, have,
                                       miscategorized.get(member.id, [])))


def _uncovered_message(member: Member, plan: Plan, needed: Decimal, have: Decimal,
                       miscategorized: list[str]) -> str:
    currency = plan.meta.currency
    if have:
        covered = (f"personnel lines with 'team: {member.id}' cover only "
                   f"{money(have, currency)}; budget the missing {money(needed - have, currency)}")
    else:
        covered = f"no personnel line with 'team: {member.id}' pays for it; budget it"
    message = (
        f"team member '{member.id}' costs {money(needed, currency)} over the plan period "
        f"({_member_formula(member, plan)}), but {covered} in a personnel line linked to "
        f"'{member.id}'"
    )
    if miscategorized:
        names = ", ".join(f"'{line_id}'" for line_id in miscategorized)
        if len(miscategorized) == 1:
            message += f" (line {names} names '{member.id}' but its category is not personnel)"
        else:
            message += f" (lines {names} name '{member.id}' but are not in category personnel)"
    return message


def _member_formula(member: Member, plan: Plan) -> str:
    assert member.cost is not None
    cost = member.cost
    people = "person" if member.headcount == 1 else "people"
    formula = f"{money(cost.amount, plan.meta.currency)} × {member.headcount} {people}"
    if cost.per == "once":
        return formula
    period = plan.meta.period
    count = periods(cost.per, period.start, period.end)
    return f"{formula} × {count_of(count, cost.per)}"


@rule("budget-negative-roi", Severity.WARNING)
def negative_roi(ctx: RuleContext, options: object) -> Iterator[Issue]:
    """The expected returns are smaller than the spend: the plan loses money.

    ROI is given both ways: return ÷ cost (``0.53 : 1``) and (return − cost) ÷ cost
    (``-47.4%``). The spend is the budget lines; the reserve is not counted as spent.
    Only checked when the plan lists returns. Fails: returns of 50万 against 95万 of
    lines. Passes: returns of 300万.
    """
    plan = ctx.plan
    spend = ctx.budget.allocated
    if not plan.returns or spend <= 0:
        return
    result = Roi(total_returns(plan), spend)
    if result.ratio is None or result.net is None or result.returns >= spend:
        return
    currency = plan.meta.currency
    ratio = round_to(result.ratio, 2)
    yield Issue(
        ("returns",),
        f"the returns ({money(result.returns, currency)}) are less than the spend on budget "
        f"lines ({money(spend, currency)}): ROI {ratio} : 1, net {percent(result.net)}; "
        "check the return assumptions or cut costs",
    )


@rule("budget-revenue-goal-exceeds-returns", Severity.WARNING)
def revenue_goal_exceeds_returns(ctx: RuleContext, options: object) -> Iterator[Issue]:
    """A revenue goal aims higher than all the plan's returns add up to.

    A goal with ``objective: revenue`` counts its target as money in the plan's
    currency. Fails: ``target: "500万"`` when ``returns`` add up to 300万. Passes:
    ``target: "300万"``, or a return stream added for the rest.
    """
    plan = ctx.plan
    returns = total_returns(plan)
    currency = plan.meta.currency
    for index, goal in enumerate(plan.goals):
        target = goal.resolved_target
        if goal.objective != "revenue" or target is None or target <= returns:
            continue
        key = "target" if goal.target is not None else "target_change"
        if plan.returns:
            found = f"the returns add up to only {money(returns, currency)}"
            fix = "add the return streams that bring in the rest, or lower the target"
        else:
            found = "the plan lists no returns"
            fix = "list the expected revenue under 'returns:'"
        yield Issue(("goals", index, key),
                    f"revenue goal '{goal.id}' aims at {money(target, currency)}, but {found}; "
                    f"{fix}")


@rule("budget-no-total", Severity.WARNING)
def no_total(ctx: RuleContext, options: object) -> Iterator[Issue]:
    """The budget has lines or a reserve but no ``total``.

    Without a total, nothing can be checked against it, and a reserve given as a share
    counts as nothing. Fails: ``budget: {lines: [...]}``. Passes: ``budget: {total:
    "100万", lines: [...]}``.
    """
    budget = ctx.plan.budget
    if budget is None or budget.total is not None:
        return
    if not budget.lines and budget.reserve is None:
        return
    message = "the budget has no total; add budget.total so the lines can be checked against it"
    if budget.reserve is not None and budget.reserve.share is not None:
        message += " (the reserve is a share of the total, so it counts as 0 until then)"
    yield Issue(("budget",), message)


@rule("budget-per-window", Severity.WARNING)
def per_window(ctx: RuleContext, options: object) -> Iterator[Issue]:
    """A one-off line (``per: once``, the default) has a ``to`` date, which does nothing.

    A one-off cost is spent in the month of its ``from`` date (without one: across its
    activity's or phase's months); only per-month and per-year lines run from ``from``
    to ``to``. Fails: ``{amount: "10万",
    from: M3, to: M6}``. Passes: ``{unit_cost: "2.5万", per: month, from: M3, to: M6}``.
    """
    for index, line in enumerate(ctx.plan.budget_lines):
        if line.per == "once" and line.to is not None:
            yield Issue(("budget", "lines", index, "to"),
                        f"budget line '{line.id}' is a one-off cost (per: once), spent in the "
                        "month of its start date, so 'to' has no effect; remove 'to', or set "
                        "per: month or per: year to spread the cost")


@rule("budget-unscheduled", Severity.WARNING)
def unscheduled(ctx: RuleContext, options: object) -> Iterator[Issue]:
    """A one-off line is in no month: it has no ``from`` and names no activity or phase.

    A one-off line (``per: once``, the default) is spent in the month of its ``from``;
    without one, evenly by month across its ``activity``'s or its ``phase``'s dates.
    A line with none of them is shown as *Unscheduled* (未排期) in the spend by month,
    never silently in month 1. Fails: ``{id: booth, amount: "4万"}``. Passes:
    ``{id: booth, amount: "4万", from: 2027-11-20}``, or ``phase: growth``, or
    ``activity: black-friday``. Switch it off with ``rules: {budget-unscheduled: off}``
    when the months do not matter.
    """
    ties = Ties(ctx.plan)
    currency = ctx.plan.meta.currency
    for index, line in enumerate(ctx.plan.budget_lines):
        if is_unscheduled(line, ties):
            yield Issue(("budget", "lines", index),
                        f"budget line '{line.id}' ({money(line_cost(line, ctx.plan), currency)})"
                        " is a one-off cost in no month: it has no 'from' and no activity or "
                        "phase to spread it over; give it 'from:' (the month it is paid), "
                        "'activity:' or 'phase:'")


RULES = (
    over_total,
    unallocated,
    amount_mismatch,
    negative,
    team_uncovered,
    negative_roi,
    revenue_goal_exceeds_returns,
    no_total,
    per_window,
    unscheduled,
)
