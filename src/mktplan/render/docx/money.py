"""Sections about people and money: team, budget and returns."""

from __future__ import annotations

from decimal import Decimal

from mktplan.render.context import (
    BudgetRow,
    BudgetView,
    MonthByCategory,
    MonthRow,
    PlanView,
    ReturnsView,
)
from mktplan.render.docx.body import Body, label, lines, subsection
from mktplan.render.docx.tables import Column, RowKind

MATRIX_HALF_POINTS = 16
"""Font size (8 pt) of the month × category table: a column per category fits the page."""
MATRIX_MARGIN_TWIPS = 43
"""Its cells' left and right padding (0.03 inch), so that ``1,234,567.89`` fits a column."""
MATRIX_CATEGORIES = 5
"""The most category columns a month × category table has; more are split evenly over
two or more tables."""


def write_team(body: Body, view: PlanView) -> None:
    """Roles, headcount, cost and responsibilities."""
    fmt = view.fmt
    table = body.table([
        Column(label(view, "role"), 1.4), Column(label(view, "name"), 1),
        Column(label(view, "headcount"), 0.7, "right"), Column(label(view, "unit_cost"), 1.3),
        Column(label(view, "cost"), 1.1, "right"), Column(label(view, "responsibilities"), 2.5),
    ])
    for member in view.team:
        unit_cost, cost = "—", label(view, "no_cost")
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
        if budget.phasing.lines:
            _write_phasing(body, view, budget)
        if budget.excluded:
            body.heading(subsection(view, "excluded"), 2)
            body.bullets(budget.excluded)
    if view.returns is not None:
        _write_returns(body, view, view.returns)


def _write_phasing(body: Body, view: PlanView, budget: BudgetView) -> None:
    """Spend by month (with the unscheduled and total rows), by month and category, by phase."""
    money = view.fmt.money_exact
    body.heading(subsection(view, "budget_by_month"), 2)
    table = body.table([Column(label(view, "month"), 1), Column(label(view, "amount"), 1, "right")])
    for month in budget.by_month:
        table.add([month.label, money(month.amount)])
    if budget.unscheduled_items:
        table.add([label(view, "unscheduled"), money(budget.unscheduled)], "subtotal")
    table.add([label(view, "month_total"), money(budget.month_total + budget.unscheduled)],
              "total")
    unscheduled = view.fmt.list_separator.join(budget.unscheduled_items)
    body.labelled(label(view, "unscheduled"), unscheduled)
    _write_month_by_category(body, view, budget)
    if budget.by_phase:
        _write_by_phase(body, view, budget)


def _write_month_by_category(body: Body, view: PlanView, budget: BudgetView) -> None:
    """A row per month, a column per category, in as few tables as fit the page.

    More than :data:`MATRIX_CATEGORIES` categories are split evenly over tables one
    below the other; the last has the total column.
    """
    table_view = budget.by_month_category
    count = len(table_view.categories)
    if not count:
        return
    body.heading(subsection(view, "budget_month_category"), 2)
    body.labelled(label(view, "amounts_in"), view.fmt.unit_name)
    size = -(-count // -(-count // MATRIX_CATEGORIES))  # ceil(count / tables), balanced
    for first in range(0, count, size):
        chosen = range(first, min(first + size, count))
        _write_matrix(body, view, table_view, chosen, last=chosen.stop == count)


def _write_matrix(body: Body, view: PlanView, table_view: MonthByCategory, chosen: range,
                  last: bool) -> None:
    amount = view.fmt.amount_exact
    columns = [Column(label(view, "month"), 1.3),
               *(Column(table_view.categories[index].label, 1, "right") for index in chosen)]
    if last:
        columns.append(Column(label(view, "month_total"), 1.1, "right"))
    table = body.table(columns, size_half_points=MATRIX_HALF_POINTS)
    table.set_cell_margins(MATRIX_MARGIN_TWIPS)
    rows: list[tuple[MonthRow, RowKind]] = [(row, "plain") for row in table_view.rows]
    if table_view.unscheduled is not None:
        rows.append((table_view.unscheduled, "subtotal"))
    rows.append((table_view.total, "total"))
    for row, kind in rows:
        values = [row.label, *(amount(row.amounts[index]) for index in chosen)]
        table.add([*values, amount(row.total)] if last else values, kind)


def _write_by_phase(body: Body, view: PlanView, budget: BudgetView) -> None:
    fmt = view.fmt
    body.heading(subsection(view, "budget_by_phase"), 2)
    table = body.table([
        Column(label(view, "phase"), 2), Column(label(view, "start"), 1.1, nowrap=True),
        Column(label(view, "end"), 1.1, nowrap=True), Column(label(view, "amount"), 1.3, "right"),
        Column(label(view, "share"), 0.8, "right"),
    ])
    for phase in budget.by_phase:
        table.add([phase.label, fmt.short_date(phase.start), fmt.short_date(phase.end),
                   fmt.money_exact(phase.amount), fmt.percent(phase.share)])
    total = sum((phase.amount for phase in budget.by_phase), Decimal(0))
    table.add([label(view, "month_total"), "", "", fmt.money_exact(total),
               fmt.percent(Decimal(1)) if total else ""], "total")


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
