"""Sections of the plan proper: goals, strategy and execution."""

from __future__ import annotations

from collections.abc import Sequence

from mktplan.render.context import GoalRow, PlanView, ScheduleView
from mktplan.render.docx.body import Body, label, lines, subsection
from mktplan.render.docx.gantt import write_gantt
from mktplan.render.docx.tables import Column


def _listing(view: PlanView, items: Sequence[str]) -> str:
    return ("、" if view.fmt.chinese else ", ").join(items)


def _dated(view: PlanView, key: str) -> Column:
    """A column of dates, which never break."""
    return Column(label(view, key), nowrap=True)


def write_goals(body: Body, view: PlanView) -> None:
    """The SMART goals in one table: baseline → target with the change, deadline and owner.

    Under each goal's row, a row across the table says its objective, what it supports
    and why it is achievable, kept on the page of the goal.
    """
    fmt = view.fmt
    table = body.table([
        Column(label(view, "id"), 0.6, nowrap=True), Column(label(view, "statement"), 2.35),
        Column(label(view, "kpi"), 1.4), Column(label(view, "baseline"), 1.3, "right"),
        Column(label(view, "target"), 1.3, "right"),
        _dated(view, "deadline"), Column(label(view, "owner"), 1.1),
    ])
    for goal in view.goals:
        target = lines(text for text in (fmt.quantity(goal.target, goal.unit),
                                         fmt.signed_percent(goal.change)) if text)
        details = _goal_details(body, view, goal)
        table.add([goal.id, goal.statement, goal.kpi, fmt.quantity(goal.baseline, goal.unit),
                   target, fmt.date(goal.deadline), goal.owner], keep_next=bool(details))
        if details:
            table.add([details], "note")


def _goal_details(body: Body, view: PlanView, goal: GoalRow) -> str:
    """``Objective: … · Supports: … · Rationale: …`` for the row under a goal."""
    parts = [(label(view, "objective"), goal.objective),
             (label(view, "supports"), _listing(view, goal.supports)),
             (label(view, "rationale"), goal.rationale)]
    separator = "；" if view.fmt.chinese else " · "
    return separator.join(f"{name}{body.colon}{value}" for name, value in parts if value)


def write_strategy(body: Body, view: PlanView) -> None:
    """Positioning, channels, content pillars and cadence, activities."""
    positioning = view.positioning
    if positioning and (positioning.statement or positioning.persona_tags or positioning.tone):
        body.heading(subsection(view, "positioning"), 2)
        body.text(positioning.statement)
        body.labelled(label(view, "persona_tags"), _listing(view, positioning.persona_tags))
        body.labelled(label(view, "tone"), positioning.tone)
    if view.channels:
        body.heading(subsection(view, "channels"), 2)
        table = body.table([
            Column(label(view, "name"), 1.3), Column(label(view, "type"), 0.8),
            Column(label(view, "role"), 3), Column(label(view, "platforms"), 1.5),
        ])
        for channel in view.channels:
            table.add([channel.name, channel.type, channel.role, lines(channel.platforms)])
    _write_content(body, view)
    if view.activities:
        body.heading(subsection(view, "activities"), 2)
        table = body.table([
            Column(label(view, "name"), 2), Column(label(view, "type"), 1),
            Column(label(view, "channels"), 1.4), _dated(view, "start"),
            _dated(view, "end"), Column(label(view, "owner"), 1),
        ])
        for activity in view.activities:
            table.add([activity.name, activity.type, lines(activity.channels),
                       view.fmt.date(activity.start), view.fmt.date(activity.end),
                       activity.owner])


def _write_content(body: Body, view: PlanView) -> None:
    if view.pillars:
        body.heading(subsection(view, "pillars"), 2)
        table = body.table([
            Column(label(view, "name"), 2), Column(label(view, "formats"), 1.5),
            Column(label(view, "channels"), 1.5),
        ])
        for pillar in view.pillars:
            table.add([pillar.name, lines(pillar.formats), lines(pillar.channels)])
    if view.cadence:
        body.heading(subsection(view, "calendar"), 2)
        table = body.table([
            Column(subsection(view, "pillars"), 1.8), Column(label(view, "channel"), 1.2),
            Column(label(view, "format"), 0.9), Column(label(view, "frequency"), 1),
            _dated(view, "start"), _dated(view, "end"),
            Column(label(view, "owner"), 1), Column(label(view, "slots"), 0.7, "right"),
        ])
        for rule in view.cadence:
            often = f"{rule.per} {rule.count}" if view.fmt.chinese else f"{rule.count} {rule.per}"
            table.add([rule.pillar, rule.channel, rule.format, often,
                       view.fmt.date(rule.start), view.fmt.date(rule.end), rule.owner,
                       view.fmt.number(rule.slots)])


def _write_tasks(body: Body, view: PlanView, schedule: ScheduleView) -> None:
    """The tasks grouped under their phase (a heading row), as the Gantt shows them."""
    fmt = view.fmt
    table = body.table([
        # a date column fits "2027-07-01" on one line
        Column(label(view, "task"), 2.2), Column(label(view, "owner"), 1.1),
        _dated(view, "start"), _dated(view, "end"),
        Column(label(view, "depends_on"), 1.4), Column(label(view, "deliverable"), 1.5),
    ])
    group: str | None = None
    for row in schedule.rows:
        if row.kind == "phase":
            group = row.name
            table.add([f"{row.name}{fmt.paren(fmt.period(row.start, row.end))}"], "group")
        elif row.kind == "task":
            if row.phase != group and (row.phase or group is not None):
                group = row.phase
                table.add([row.phase or "—"], "group")
            table.add([row.name, row.owner, fmt.date(row.start), fmt.date(row.end),
                       lines(row.depends_on), row.deliverable])


def write_execution(body: Body, view: PlanView) -> None:
    """Phases, tasks and milestones tables, then the Gantt table."""
    schedule = view.schedule
    if schedule is None:
        return
    fmt = view.fmt
    if schedule.phases:
        body.heading(subsection(view, "phases"), 2)
        table = body.table([Column(label(view, "phase"), 3), _dated(view, "start"),
                            _dated(view, "end")])
        for phase in schedule.phases:
            table.add([phase.name, fmt.date(phase.start), fmt.date(phase.end)])
    if schedule.tasks:
        body.heading(subsection(view, "tasks"), 2)
        _write_tasks(body, view, schedule)
    if schedule.milestones:
        body.heading(subsection(view, "milestones"), 2)
        table = body.table([Column(label(view, "milestone"), 2.5),
                            _dated(view, "date"), Column(label(view, "requires"), 2)])
        for milestone in schedule.milestones:
            table.add([milestone.name, fmt.date(milestone.start),
                       lines(milestone.depends_on)])
    if schedule.months and schedule.rows:
        body.heading(subsection(view, "gantt"), 2)
        write_gantt(body, view, schedule)
