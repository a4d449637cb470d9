"""Sections about people and money: team, budget and returns."""

from __future__ import annotations

from decimal import Decimal

from mktplan.render.context import BudgetRow, BudgetView, PlanView, ReturnsView
from mktplan.render.docx.body import Body, label, lines, subsection
from mktplan.render.docx.tables import Column


def write_team(body: Body, view: PlanView) -> None:
    """Roles, headcount, cost and responsibilities."""
    fmt = view.fmt
    table = body.table([
        Column(label(view, "role"), 1.4), Column(label(view, "name"), 1),
        Column(label(view, "headcount"), 0.7, "right"), Column(label(view, "unit_cost"), 1.3),
        Column(label(view, "cost"), 1.1, "right"), Column(label(view, "responsibilities"), 2.5),
    ])
    for member in view.team:
        unit_cost = cost = label(view, "no_cost")
        if member.unit_cost is not None:
            unit_cost = _per(view, fmt.money(member.unit_cost), member.per)
            cost = fmt.money(member.period_cost)
        table.add([member.role, member.name, fmt.number(member.headcount), unit_cost, cost,
                   lines(member.responsibilities)])


def _per(view: PlanView, amount: str, per: str) -> str:
    """An amount for a period: ``$12,000 per month`` / ``每月15,000元``."""
    return f"{per}{amount}" if view.fmt.chinese else f"{amount} {per}"


def write_budget(body: Body, view: PlanView) -> None:
    """Lines by category with subtotals and totals, spend by month, exclusions, returns, ROI."""
    budget = view.budget
    if budget is not None:
        if budget.categories or budget.total is not None:
            body.heading(subsection(view, "budget_lines"), 2)
            _write_lines(body, view, budget)
        if budget.by_month:
            body.heading(subsection(view, "budget_by_month"), 2)
            table = body.table([Column(label(view, "month"), 1),
                                Column(label(view, "amount"), 1, "right")])
            for month in budget.by_month:
                table.add([month.label, view.fmt.money(month.amount)])
        if budget.excluded:
            body.heading(subsection(view, "excluded"), 2)
            body.bullets(budget.excluded)
    if view.returns is not None:
        _write_returns(body, view, view.returns)


def _basis(view: PlanView, row: BudgetRow) -> str:
    """How a unit-cost line adds up: ``¥16,000 × 3 × 12 (per month)``."""
    if row.unit_cost is None:
        return ""
    fmt = view.fmt
    factors = [fmt.money(row.unit_cost), fmt.number(row.quantity)]
    if row.periods is not None and row.per != view.catalog.enum("per", "once"):
        factors.append(fmt.number(row.periods))
        return f"{' × '.join(factors)}{fmt.paren(row.per)}"
    return " × ".join(factors)


def _write_lines(body: Body, view: PlanView, budget: BudgetView) -> None:
    fmt = view.fmt
    table = body.table([
        Column(label(view, "item"), 2.2), Column(label(view, "channel"), 1.2),
        Column(label(view, "basis"), 2), Column(label(view, "amount"), 1.4, "right"),
        Column(label(view, "share"), 0.8, "right"),
    ])
    for category in budget.categories:
        table.add([category.label], "group")
        for row in category.rows:
            table.add([row.item, row.channel, _basis(view, row), fmt.money(row.cost),
                       fmt.percent(row.share)])
        table.add([f"{label(view, 'subtotal')}{body.colon}{category.label}", "", "",
                   fmt.money(category.amount), fmt.percent(category.share)], "subtotal")

    def share(amount: Decimal) -> str:
        return fmt.percent(amount / budget.total) if budget.total else ""

    table.add([label(view, "lines_total"), "", "", fmt.money(budget.allocated),
               share(budget.allocated)], "subtotal")
    if budget.reserve:
        table.add([label(view, "reserve"), "", "", fmt.money(budget.reserve),
                   share(budget.reserve)])
    if budget.unallocated is not None:
        table.add([label(view, "unallocated"), "", "", fmt.money(budget.unallocated),
                   share(budget.unallocated)])
    if budget.total is not None:
        table.add([label(view, "total"), "", "", fmt.money(budget.total), fmt.percent(Decimal(1))],
                  "total")


def _write_returns(body: Body, view: PlanView, returns: ReturnsView) -> None:
    fmt = view.fmt
    if returns.rows:
        body.heading(subsection(view, "returns"), 2)
        table = body.table([Column(label(view, "stream"), 2),
                            Column(label(view, "amount"), 1.2, "right"),
                            Column(label(view, "basis"), 3.5)])
        for stream in returns.rows:
            table.add([stream.stream, fmt.money(stream.amount), stream.basis])
        table.add([label(view, "returns_total"), fmt.money(returns.total), ""], "total")
    body.heading(subsection(view, "roi"), 2)
    body.labelled(label(view, "returns_total"), fmt.money(returns.total))
    body.labelled(label(view, "cost"), fmt.money(returns.cost))
    body.labelled(label(view, "roi_ratio"), fmt.ratio(returns.ratio))
    body.labelled(label(view, "roi_net"), fmt.percent(returns.net))
