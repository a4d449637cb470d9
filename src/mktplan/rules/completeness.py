"""The completeness family: the core sections are there, and the KPIs goals rely on have targets.

Both rules are warnings: a short plan may leave things out on purpose, but a client
should not receive one by accident.
"""

from __future__ import annotations

from collections.abc import Iterator

from mktplan.findings import Message, Severity, msg
from mktplan.model.plan import Plan
from mktplan.rules.base import Issue, RuleContext, rule
from mktplan.rules.smart import goal_facts
from mktplan.text.figures import figure

CORE_SECTIONS: dict[str, Message] = {
    section: msg(f"completeness.missing.{section}")
    for section in ("goals", "execution", "budget", "kpis")
}
"""Each core section and the message when it is missing or empty, in the format's order."""


def _is_empty(plan: Plan, section: str) -> bool:
    if section == "goals":
        return not plan.goals
    if section == "kpis":
        return not plan.kpis
    if section == "budget":
        return plan.budget is None or (plan.budget.total is None and not plan.budget.lines)
    return not (plan.phases or plan.tasks or plan.milestones)


@rule("completeness-missing-section", Severity.WARNING)
def missing_section(ctx: RuleContext, options: object) -> Iterator[Issue]:
    """A core section (goals, execution, budget or kpis) is missing or empty.

    Default severity: warning. One warning per missing section, at the top of the
    document. A plan may leave out the analysis sections, but without goals, an
    execution plan, a budget and KPIs it is not a plan a client can act on. An empty
    section (``goals: []``, a budget with neither total nor lines) counts as missing.
    Switch the rule off under ``rules:`` for a deliberately partial document.

    Fails (no execution, budget or kpis)::

        mktplan: 1
        meta: {id: brief, title: Brief, period: {start: 2027-01-01, end: 2027-12-31}}
        goals:
          - {id: G1, statement: Grow monthly visits to 30,000, target: 30000}

    Passes: a plan with all four sections, such as ``examples/sme-growth.en.yaml``.
    """
    for section, message in CORE_SECTIONS.items():
        if _is_empty(ctx.plan, section):
            # an absent section's path falls back to the document's top-level mapping
            yield Issue((section,), message)


@rule("completeness-kpi-target", Severity.WARNING)
def kpi_target(ctx: RuleContext, options: object) -> Iterator[Issue]:
    """A KPI that a goal is measured by has no target.

    Default severity: warning. The KPI table is what the client tracks; a KPI that
    measures a goal should carry the number to reach (usually the goal's target).

    Fails::

        goals:
          - {id: G1, statement: Grow traffic, kpi: uv, baseline: 20000, target: 30000}
        kpis:
          - {id: uv, name: Monthly unique visitors, baseline: 20000}

    Passes::

        kpis:
          - {id: uv, name: Monthly unique visitors, baseline: 20000, target: 30000}
    """
    goals_by_kpi: dict[str, list[str]] = {}
    hints: dict[str, Message] = {}
    for facts in goal_facts(ctx.plan):
        kpi_id, target = facts.goal.kpi, facts.target
        if kpi_id is None:
            continue
        goals_by_kpi.setdefault(kpi_id, []).append(facts.goal.id)
        if target is not None:
            hints.setdefault(kpi_id, msg("completeness.kpi-target.hint", goal=facts.goal.id,
                                         target=figure(target)))
    for index, kpi in enumerate(ctx.plan.kpis):
        goals = goals_by_kpi.get(kpi.id)
        if goals and kpi.target is None:
            yield Issue(("kpis", index), msg(
                "completeness.kpi-target", id=kpi.id, goals=tuple(goals), n=len(goals),
                hint=hints.get(kpi.id, "")))


RULES = (missing_section, kpi_target)
