"""Which writer fills which chapter, and the loop that writes them in the plan's order.

There is one writer per chapter of :data:`mktplan.model.layout.LAYOUT`, named by the
chapter's key (tests/test_layout.py holds the two to each other).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Final

from mktplan.render.context import PlanView
from mktplan.render.docx.body import Body
from mktplan.render.docx.charts import CHARTS, ChartWriter
from mktplan.render.docx.control import write_evaluation, write_kpis, write_risks
from mktplan.render.docx.insight import (
    write_audience,
    write_background,
    write_competitors,
    write_swot,
)
from mktplan.render.docx.money import write_budget, write_team
from mktplan.render.docx.plan import write_execution, write_goals, write_strategy

SectionWriter = Callable[[Body, PlanView], None]

WRITERS: Final[dict[str, SectionWriter]] = {
    "background": write_background,
    "competitors": write_competitors,
    "swot": write_swot,
    "audience": write_audience,
    "goals": write_goals,
    "strategy": write_strategy,
    "execution": write_execution,
    "team": write_team,
    "budget": write_budget,
    "kpis": write_kpis,
    "risks": write_risks,
    "evaluation": write_evaluation,
}


def write_sections(body: Body, view: PlanView, charts: ChartWriter) -> None:
    """Every section in ``view.sections``, in order, under its catalog heading.

    A chapter ends with its charts (:data:`~.charts.CHARTS`). A section whose writer
    finds nothing to show loses its heading too: a plan never shows an empty chapter.
    """
    for key in view.sections:
        heading_at, headings = len(body.root), len(body.headings)
        body.heading(view.catalog.sections.get(key, key), 1)
        WRITERS[key](body, view)
        if len(body.root) > heading_at + 1:
            for write_chart in CHARTS.get(key, ()):
                write_chart(body, view, charts)
        if len(body.root) == heading_at + 1:
            body.root.remove(body.root[heading_at])
            del body.headings[headings:]
