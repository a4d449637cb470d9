"""The executive summary: the plan on one page, right after the table of contents.

Period, each goal as baseline → target by its deadline, the budget with its split by
category, expected returns and ROI, the phases on one line, the milestones and the top
risks, each a labelled paragraph of what the chapters after it hold in full. The
heading stands outside the chapters' numbering, and a page break ends the page.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Final

from mktplan.render.context import GoalRow, PlanView
from mktplan.render.docx.body import Body, label, subsection
from mktplan.render.docx.xml import BR, R, paragraph, sub, w

TOP_RISKS: Final = 3
MAX_GOALS: Final = 8
MAX_MILESTONES: Final = 6


def write_summary(body: Body, view: PlanView) -> None:
    """The summary page; nothing for a plan with none of what it sums up."""
    if not (view.goals or view.budget or view.returns or view.schedule or view.risks):
        return
    fmt, page = view.fmt, view.title
    body.heading(label(view, "executive_summary"), 1, numbered=False)
    period = f"{fmt.date(page.period_start)} – {fmt.date(page.period_end)}"
    if page.launch is not None:
        period += f"{_separator(view)}{label(view, 'launch')} {fmt.date(page.launch)}"
    body.labelled(label(view, "plan_period"), period)
    if view.goals:
        body.labelled_list(view.catalog.sections.get("goals", "goals"),
                           [_goal(view, goal, body.colon) for goal in view.goals[:MAX_GOALS]])
    _write_money(body, view)
    _write_schedule(body, view)
    risks = sorted(view.risks, key=lambda risk: -risk.score)[:TOP_RISKS]
    if risks:
        body.labelled_list(view.catalog.sections.get("risks", "risks"),
                           [f"{risk.id} {risk.description}{view.fmt.paren(risk.rating)}"
                            for risk in risks])
    sub(sub(paragraph(body.root, None), R), BR).set(w("type"), "page")


def _separator(view: PlanView) -> str:
    return "；" if view.fmt.chinese else "; "


def _goal(view: PlanView, goal: GoalRow, colon: str) -> str:
    """``G1 Monthly visits: 20,000 → 30,000 visits by Jun 30, 2027``.

    Values are written as in the goal table: money in the plan's money style (``310万元``),
    ``28%``, ``20,000 visits``.
    """
    fmt = view.fmt

    def amount(value: Decimal) -> str:
        return fmt.quantity(value, goal.unit)

    what = goal.kpi or goal.statement
    change = "" if goal.target is None else amount(goal.target)
    if goal.baseline is not None and change:
        change = f"{amount(goal.baseline)} → {change}"
    deadline = ""
    if goal.deadline is not None:
        deadline = (f"，{fmt.date(goal.deadline)}前" if fmt.chinese
                    else f" by {fmt.date(goal.deadline)}")
    if not change:
        return f"{goal.id} {what}{deadline}"
    return f"{goal.id} {what}{colon}{change}{deadline}"


def _write_money(body: Body, view: PlanView) -> None:
    fmt, budget = view.fmt, view.budget
    if budget is not None and budget.total is not None:
        split = ("、" if fmt.chinese else ", ").join(
            f"{category.label} {fmt.money(category.amount)}"
            + (fmt.paren(fmt.percent(category.share)) if category.share is not None else "")
            for category in sorted(budget.categories, key=lambda c: -c.amount))
        total = fmt.money(budget.total)
        body.labelled(label(view, "total"), f"{total}{_separator(view)}{split}" if split
                      else total)
    returns = view.returns
    if returns is not None and returns.total:
        body.labelled(label(view, "returns_total"), fmt.money(returns.total))
        body.labelled(subsection(view, "roi"),
                      f"{fmt.ratio(returns.ratio)}{_separator(view)}"
                      f"{label(view, 'roi_net')} {fmt.percent(returns.net)}")


def _write_schedule(body: Body, view: PlanView) -> None:
    schedule, fmt = view.schedule, view.fmt
    if schedule is None:
        return
    if schedule.phases:
        body.labelled(subsection(view, "phases"), " → ".join(
            f"{phase.name}{fmt.paren(_span(view, phase.start, phase.end))}"
            for phase in schedule.phases))
    if schedule.milestones:
        shown = schedule.milestones[:MAX_MILESTONES]
        body.labelled(subsection(view, "milestones"), _separator(view).join(
            f"{milestone.name} {fmt.short_date(milestone.start)}" for milestone in shown))


def _span(view: PlanView, start: dt.date, end: dt.date) -> str:
    return f"{view.fmt.short_date(start)} – {view.fmt.short_date(end)}"
