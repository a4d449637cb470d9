"""Sections that keep the plan on track: KPIs, risks and evaluation."""

from __future__ import annotations

from typing import Final

from mktplan.render.context import PlanView
from mktplan.render.docx.body import Body, label, subsection
from mktplan.render.docx.tables import Column

RISK_FILLS: Final = {"high": "F8CBAD", "medium": "FFE699", "low": "C6E0B4"}
RATING_COLUMN: Final = 4


def write_kpis(body: Body, view: PlanView) -> None:
    """Each KPI with baseline, target (and the direction that counts), frequency and source."""
    fmt = view.fmt
    table = body.table([
        Column(label(view, "kpi"), 1.8), Column(label(view, "category"), 0.9),
        Column(label(view, "baseline"), 1.1, "right"), Column(label(view, "target"), 1.4, "right"),
        Column(label(view, "frequency"), 0.9), Column(label(view, "source"), 1.2),
        Column(label(view, "formula"), 1.4),
    ])
    for kpi in view.kpis:
        baseline = fmt.quantity(kpi.baseline, kpi.unit)
        target = f"{kpi.direction}\n{fmt.quantity(kpi.target, kpi.unit)}" \
            if kpi.target is not None else ""
        table.add([kpi.name, kpi.category, baseline, target, kpi.frequency, kpi.source,
                   kpi.formula])


def write_risks(body: Body, view: PlanView) -> None:
    """Each risk with its likelihood × impact rating, shaded by level, and its mitigation."""
    table = body.table([
        Column(label(view, "description"), 2.4), Column(label(view, "category"), 0.9),
        Column(label(view, "likelihood"), 0.8), Column(label(view, "impact"), 0.8),
        Column(label(view, "rating"), 0.8), Column(label(view, "mitigation"), 2.4),
        Column(label(view, "owner"), 1),
    ])
    for risk in view.risks:
        table.add([risk.description, risk.category, risk.likelihood, risk.impact,
                   f"{risk.rating}{view.fmt.paren(risk.score)}", risk.mitigation, risk.owner],
                  fills={RATING_COLUMN: RISK_FILLS[risk.level]})


def write_evaluation(body: Body, view: PlanView) -> None:
    """Review cadence, reports and review steps."""
    evaluation = view.evaluation
    if evaluation is None:
        return
    body.labelled(label(view, "cadence"), view.catalog.enum("frequency", evaluation.cadence))
    if evaluation.reports:
        body.heading(subsection(view, "reports"), 2)
        body.bullets(evaluation.reports)
    if evaluation.review:
        body.heading(subsection(view, "review"), 2)
        body.bullets(evaluation.review)
