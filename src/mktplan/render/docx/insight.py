"""Sections of the analysis: background, competitors, SWOT and audience."""

from __future__ import annotations

from typing import Final

from mktplan.render.context import PlanView
from mktplan.render.docx.body import Body, label, lines, subsection
from mktplan.render.docx.tables import Column, clear_cell, shade_cell
from mktplan.render.docx.xml import add_run, paragraph
from mktplan.render.records import PersonaRow

SWOT_FILLS: Final = {
    "strengths": "E2EFDA", "weaknesses": "FCE4D6", "opportunities": "DDEBF7", "threats": "FFF2CC",
}


def write_background(body: Body, view: PlanView) -> None:
    """Summary, market, pain points and existing resources."""
    background = view.background
    if background is None:
        return
    if background.summary:
        body.heading(subsection(view, "summary"), 2)
        body.text(background.summary)
    market = background.market
    if market and (market.size or market.growth or market.trends or market.drivers):
        body.heading(subsection(view, "market"), 2)
        body.labelled(label(view, "size"), market.size)
        body.labelled(label(view, "growth"), market.growth)
        body.labelled_list(label(view, "trends"), market.trends)
        body.labelled_list(label(view, "drivers"), market.drivers)
    for key, items in (("pain_points", background.pain_points),
                       ("resources", background.resources)):
        if items:
            body.heading(subsection(view, key), 2)
            body.bullets(items)


def write_competitors(body: Body, view: PlanView) -> None:
    """One row per competitor: channels, strengths, weaknesses and notes."""
    table = body.table([
        Column(label(view, "name"), 1.4), Column(label(view, "channels"), 1.3),
        Column(subsection(view, "strengths"), 2), Column(subsection(view, "weaknesses"), 2),
        Column(label(view, "notes"), 2),
    ])
    for rival in view.competitors:
        table.add([rival.name, lines(rival.channels), lines(rival.strengths),
                   lines(rival.weaknesses), rival.notes or ""])


def write_swot(body: Body, view: PlanView) -> None:
    """The classic 2×2 grid: strengths and weaknesses above opportunities and threats."""
    swot = view.swot
    if swot is None or not (swot.strengths or swot.weaknesses or swot.opportunities
                            or swot.threats):
        return
    table = body.fixed_table([Column(""), Column("")], header=False)
    for pair in (("strengths", "weaknesses"), ("opportunities", "threats")):
        row = table.add(["", ""])
        for cell, key in zip(table.cells(row), pair, strict=True):
            shade_cell(cell, SWOT_FILLS[key])
            clear_cell(cell)
            add_run(paragraph(cell, None), subsection(view, key), bold=True)
            for item in getattr(swot, key):
                paragraph(cell, body.styles.bullet, item)


def write_audience(body: Body, view: PlanView) -> None:
    """Each persona as a two-column profile, then the segments table."""
    audience = view.audience
    if audience is None:
        return
    if audience.personas:
        level = 3 if body.heading(subsection(view, "personas"), 2) else 2
        for persona in audience.personas:
            _write_persona(body, view, persona, level)
    if audience.segments:
        body.heading(subsection(view, "segments"), 2)
        table = body.table([
            Column(label(view, "name"), 1.2), Column(label(view, "definition"), 2.2),
            Column(label(view, "size"), 0.8, "right"), Column(label(view, "tactic"), 2.2),
        ])
        for segment in audience.segments:
            table.add([segment.name, segment.definition or "", view.fmt.number(segment.size),
                       segment.tactic or ""])


def _write_persona(body: Body, view: PlanView, persona: PersonaRow, level: int) -> None:
    body.heading(persona.name, level)
    facts: list[tuple[str, str]] = []
    if persona.demographics:
        people = persona.demographics
        facts += [("age", people.age or ""), ("gender", people.gender or ""),
                  ("regions", "、".join(people.regions) if view.fmt.chinese
                   else ", ".join(people.regions)),
                  ("occupation", people.occupation or ""), ("income", people.income or "")]
    facts += [("behaviors", lines(persona.behaviors)), ("interests", lines(persona.interests)),
              ("pain_points", lines(persona.pain_points)),
              ("channels", lines(view.persona_channels.get(persona.id, ())))]
    if persona.journey:
        journey = persona.journey
        facts += [("awareness", journey.awareness or ""),
                  ("consideration", journey.consideration or ""),
                  ("purchase", journey.purchase or ""), ("retention", journey.retention or "")]
    shown = [(key, value) for key, value in facts if value]
    if not shown:
        return
    table = body.table([Column("", 1), Column("", 3)], header=False)
    for key, value in shown:
        name = subsection(view, key) if key == "pain_points" else label(view, key)
        table.add([name, value])
