"""The budget family: the total, the reserve, each line's arithmetic, team costs and returns.

Every figure comes from :mod:`mktplan.model.compute` (the same numbers the outputs
show) and is exact Decimal arithmetic. Money in messages is written with thousands
separators and the plan's currency code, e.g. ``CNY 3,150,000``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from decimal import Decimal

from mktplan.findings import Amount, Message, Path, Percent, Severity, msg
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
from mktplan.text.figures import figure, round_to
from mktplan.text.messages import ENGLISH
from mktplan.text.messages import money as english_money


def money(value: Decimal, currency: str) -> str:
    """``CNY 3,150,000`` or ``CNY 1,234.50``: rounded to the cent, cents shown only if any.

    As messages write money in English (:func:`mktplan.text.messages.money`).
    """
    return english_money(Amount(value, currency), ENGLISH)


def count_of(value: Decimal, unit: str) -> Message:
    """``1 year``, ``0.5 years``, ``12 months`` (``unit``: ``month`` or ``year``)."""
    text = figure(value, 2)
    return msg(f"budget.count.{unit}", count=text, n=1 if text == "1" else 2)


def percent(fraction: Decimal) -> str:
    """A fraction as a percentage to one decimal: ``0.125`` → ``12.5%``; never ``-0%``."""
    rounded = round_to(fraction * 100, 1)
    return f"{(rounded if rounded else abs(rounded)).normalize():f}%"


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
    lines = Amount(totals.allocated, currency)
    spent = (msg("budget.over-total.lines-and-reserve", lines=lines,
                 reserve=Amount(totals.reserve, currency)) if totals.reserve
             else msg("budget.over-total.lines", lines=lines))
    yield Issue(("budget", "total"), msg(
        "budget.over-total", spent=spent, planned=Amount(totals.planned, currency),
        over=Amount(totals.planned - totals.total, currency),
        total=Amount(totals.total, currency)))


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
    yield Issue(("budget", "total"), msg(
        "budget.unallocated", unallocated=Amount(totals.unallocated, currency),
        share=Percent(totals.unallocated / totals.total), total=Amount(totals.total, currency),
        allowed=Percent(options.max_share)))


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
        yield Issue(("budget", "lines", index, "amount"), msg(
            "budget.amount-mismatch", amount=Amount(line.amount, currency),
            formula=_cost_formula(line, plan), computed=Amount(computed, currency)))


def _cost_formula(line: BudgetLine, plan: Plan) -> Message:
    assert line.unit_cost is not None
    cost = Amount(line.unit_cost, plan.meta.currency)
    quantity = figure(line.quantity, 2)
    if line.per == "once":
        return msg("budget.formula.once", cost=cost, quantity=quantity)
    start, end = line_window(line, plan)
    count = periods(line.per, start, end)
    return msg("budget.formula.periods", cost=cost, quantity=quantity,
               periods=count_of(count, line.per), start=start, end=end)


def _money_values(plan: Plan) -> Iterator[tuple[Path, Message, Decimal]]:
    """Every amount of money in the plan: where it is, what to call it, its value."""
    budget = plan.budget
    if budget is not None:
        if budget.total is not None:
            yield ("budget", "total"), msg("budget.what.total"), budget.total
        if budget.reserve is not None and budget.reserve.amount is not None:
            yield ("budget", "reserve"), msg("budget.what.reserve"), budget.reserve.amount
        for index, line in enumerate(budget.lines):
            path: Path = ("budget", "lines", index)
            if line.amount is not None:
                yield (*path, "amount"), msg("budget.what.line-amount", id=line.id), line.amount
            if line.unit_cost is not None:
                yield ((*path, "unit_cost"), msg("budget.what.line-unit-cost", id=line.id),
                       line.unit_cost)
    for index, member in enumerate(plan.team):
        if member.cost is not None:
            yield (("team", index, "cost", "amount"), msg("budget.what.member-cost",
                                                          id=member.id), member.cost.amount)
    for index, item in enumerate(plan.returns):
        yield ("returns", index, "amount"), msg("budget.what.return", id=item.id), item.amount


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
            yield Issue(path, msg("budget.negative", what=label,
                                  amount=Amount(value, currency)))
    if plan.budget is None:
        return
    for index, line in enumerate(plan.budget.lines):
        if line.quantity < 0:
            yield Issue(("budget", "lines", index, "quantity"),
                        msg("budget.negative-quantity", id=line.id,
                            quantity=figure(line.quantity, 2)))


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
                       miscategorized: list[str]) -> Message:
    currency = plan.meta.currency
    if have:
        covered = msg("budget.team-uncovered.partly", id=member.id,
                      have=Amount(have, currency), missing=Amount(needed - have, currency))
    else:
        covered = msg("budget.team-uncovered.none", id=member.id)
    extra: Message | str = ""
    if miscategorized:
        names = tuple(f"'{line_id}'" for line_id in miscategorized)
        extra = msg("budget.team-uncovered.miscategorized", lines=names, id=member.id,
                    n=len(names))
    return msg("budget.team-uncovered", id=member.id, needed=Amount(needed, currency),
               formula=_member_formula(member, plan), covered=covered, extra=extra)


def _member_formula(member: Member, plan: Plan) -> Message:
    assert member.cost is not None
    cost = member.cost
    amount = Amount(cost.amount, plan.meta.currency)
    people = msg("budget.count.people", count=member.headcount, n=member.headcount)
    if cost.per == "once":
        return msg("budget.formula.member-once", cost=amount, people=people)
    period = plan.meta.period
    count = periods(cost.per, period.start, period.end)
    return msg("budget.formula.member", cost=amount, people=people,
               periods=count_of(count, cost.per))


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
    yield Issue(("returns",), msg(
        "budget.negative-roi", returns=Amount(result.returns, currency),
        spend=Amount(spend, currency), ratio=str(ratio), net=Percent(result.net)))


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
        found = (msg("budget.revenue-goal.short", returns=Amount(returns, currency))
                 if plan.returns else msg("budget.revenue-goal.none"))
        yield Issue(("goals", index, key), msg(
            "budget.revenue-goal", id=goal.id, target=Amount(target, currency), found=found))


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
    share = budget.reserve is not None and budget.reserve.share is not None
    yield Issue(("budget",), msg("budget.no-total.share" if share else "budget.no-total"))


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
                        msg("budget.per-window", id=line.id))



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
            yield Issue(("budget", "lines", index), msg(
                "budget.unscheduled", id=line.id,
                cost=Amount(line_cost(line, ctx.plan), currency)))


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
