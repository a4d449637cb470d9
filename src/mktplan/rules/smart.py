"""The smart family: every goal is Specific, Measurable, Achievable, Relevant and Time-bound.

What makes a goal not SMART is an error (``smart-specific``, ``smart-measurable``,
``smart-achievable``, ``smart-relevant``, ``smart-time-bound``, ``smart-direction``);
what only makes it weaker is a warning (``smart-baseline-missing``,
``smart-rationale-missing``). A goal without a baseline of its own is measured from
the baseline of its KPI.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Literal, NamedTuple

from pydantic import Field

from mktplan.findings import Message, Path, Severity, msg
from mktplan.model.plan import Plan
from mktplan.model.sections import Goal, Kpi
from mktplan.rules.base import Issue, RuleContext, RuleOptions, first_by_id, rule
from mktplan.text.figures import figure

Direction = Literal["at_least", "at_most"]


def is_blank(text: str | None) -> bool:
    """Whether a text value is missing or only whitespace."""
    return text is None or not text.strip()


def kpis_by_id(plan: Plan) -> dict[str, Kpi]:
    """The plan's KPIs by id (the first one wins when an id is duplicated)."""
    return first_by_id(plan.kpis)


class GoalFacts(NamedTuple):
    """A goal, where it is, its KPI (if it resolves) and the figures the rules compare."""

    path: Path
    goal: Goal
    kpi: Kpi | None

    @property
    def name(self) -> Message:
        """How messages call the goal."""
        return msg("smart.goal", id=self.goal.id)

    @property
    def baseline(self) -> Decimal | None:
        """The goal's baseline, or else its KPI's."""
        if self.goal.baseline is not None:
            return self.goal.baseline
        return self.kpi.baseline if self.kpi is not None else None

    @property
    def baseline_text(self) -> Message:
        """The baseline in words, saying where it comes from when it is the KPI's."""
        assert self.baseline is not None
        if self.goal.baseline is None and self.kpi is not None:
            return msg("smart.baseline.kpi", baseline=figure(self.baseline), kpi=self.kpi.id)
        return msg("smart.baseline", baseline=figure(self.baseline))

    @property
    def target(self) -> Decimal | None:
        """The target as a number (computed from target_change and the goal's baseline)."""
        return self.goal.resolved_target

    @property
    def target_path(self) -> Path:
        """Where the target is written: ``target``, ``target_change``, or the goal itself."""
        if self.goal.target is not None:
            return (*self.path, "target")
        if self.goal.target_change is not None:
            return (*self.path, "target_change")
        return self.path

    def at(self, key: str, value: object) -> Path:
        """The path of ``key`` in this goal when it has a value, else the goal's own path."""
        return (*self.path, key) if value is not None else self.path


def goal_facts(plan: Plan) -> Iterator[GoalFacts]:
    """Every goal of the plan with its facts."""
    kpis = kpis_by_id(plan)
    for index, goal in enumerate(plan.goals):
        kpi = kpis.get(goal.kpi) if goal.kpi is not None else None
        yield GoalFacts(("goals", index), goal, kpi)


def _change_text(change: Decimal) -> str:
    return f"{'+' if change >= 0 else ''}{figure(change * 100, 2)}%"


# --- Specific ---------------------------------------------------------------------------
@rule("smart-specific")
def specific(ctx: RuleContext, options: object) -> Iterator[Issue]:
    """A goal says what it will achieve and which KPI measures it (Specific).

    Default severity: error. Every goal needs a ``statement`` (one sentence saying
    what will be achieved) and a ``kpi`` (the id of the entry in ``kpis`` that
    measures it).

    Fails::

        goals:
          - {id: G1, target: 30000, unit: visits, deadline: M6}

    Passes::

        goals:
          - {id: G1, statement: Grow monthly visits to 30,000 by June, kpi: uv,
             target: 30000, unit: visits, deadline: M6}
    """
    for facts in goal_facts(ctx.plan):
        goal = facts.goal
        if is_blank(goal.statement):
            yield Issue(facts.at("statement", goal.statement),
                        msg("smart.no-statement", goal=facts.name))
        if goal.kpi is None:
            yield Issue(facts.path, msg("smart.no-kpi", goal=facts.name))


# --- Measurable -------------------------------------------------------------------------
@rule("smart-measurable")
def measurable(ctx: RuleContext, options: object) -> Iterator[Issue]:
    """A goal has a numeric target and a unit (Measurable).

    Default severity: error. Give ``target`` (the number to reach), or
    ``target_change`` (such as ``"+50%"``) together with the goal's ``baseline`` it
    applies to; and a ``unit`` saying what the number counts.

    Fails::

        goals:
          - {id: G1, statement: Grow traffic, kpi: uv, target_change: "+50%"}

    Passes::

        goals:
          - {id: G1, statement: Grow traffic, kpi: uv, baseline: 20000,
             target_change: "+50%", unit: visits}
    """
    for facts in goal_facts(ctx.plan):
        goal = facts.goal
        if goal.target is None and goal.target_change is None:
            yield Issue(facts.path, msg("smart.no-target", goal=facts.name))
        elif goal.target_change is not None and goal.baseline is None:
            yield Issue((*facts.path, "target_change"), msg(
                "smart.change-without-baseline", goal=facts.name,
                change=_change_text(goal.target_change)))
        if is_blank(goal.unit):
            yield Issue(facts.at("unit", goal.unit), _unit_message(facts))


def _unit_message(facts: GoalFacts) -> Message:
    if facts.kpi is not None and not is_blank(facts.kpi.unit):
        return msg("smart.no-unit.kpi", goal=facts.name, kpi=facts.kpi.id,
                   unit=str(facts.kpi.unit))
    return msg("smart.no-unit", goal=facts.name)


@rule("smart-baseline-missing", Severity.WARNING)
def baseline_missing(ctx: RuleContext, options: object) -> Iterator[Issue]:
    """A goal has no baseline to measure progress from.

    Default severity: warning. Without the value today, nobody can judge how far the
    target is, whether it is achievable, or whether it moves the right way. A goal
    without its own ``baseline`` uses its KPI's, so this warns only when neither has
    one (a ``target_change`` without a baseline is already a ``smart-measurable`` error).

    Fails::

        goals:
          - {id: G1, statement: Grow traffic, kpi: uv, target: 30000, unit: visits}
        kpis:
          - {id: uv, name: Monthly visitors, target: 30000}

    Passes::

        goals:
          - {id: G1, statement: Grow traffic, kpi: uv, baseline: 20000, target: 30000,
             unit: visits}
    """
    for facts in goal_facts(ctx.plan):
        if facts.baseline is not None or facts.goal.target_change is not None:
            continue
        yield Issue(facts.path, msg("smart.no-baseline", goal=facts.name))


# --- Achievable -------------------------------------------------------------------------
class AchievableOptions(RuleOptions):
    """Options of ``smart-achievable``."""

    max_growth: Decimal = Field(Decimal(3), ge=1, le=1000, decimal_places=4)
    """How far a target may move from its baseline: at most this many times the baseline
    for KPIs where more is better, at least the baseline divided by it where less is better
    (1 to 1000, at most 4 decimals)."""


def _direction(facts: GoalFacts, baseline: Decimal, target: Decimal) -> Direction:
    """The KPI's direction, or (without a KPI) the way the target moves."""
    if facts.kpi is not None:
        return facts.kpi.direction
    return "at_least" if target >= baseline else "at_most"


@rule("smart-achievable", options=AchievableOptions)
def achievable(ctx: RuleContext, options: AchievableOptions) -> Iterator[Issue]:
    """A goal's target lies within a plausible distance of its baseline (Achievable).

    Default severity: error. Where more is better (KPI ``direction: at_least``), the
    target may be at most ``max_growth`` times the baseline; where less is better
    (``at_most``), at least the baseline divided by ``max_growth``. ``max_growth``
    defaults to 3; a plan that can argue for more sets it under ``rules:``. Goals
    without a positive baseline are not judged.

    Fails (4.5× the baseline)::

        goals:
          - {id: G1, statement: Grow traffic, kpi: uv, baseline: 20000, target: 90000,
             unit: visits}

    Passes (or with ``rules: {smart-achievable: {max_growth: 5}}``)::

        goals:
          - {id: G1, statement: Grow traffic, kpi: uv, baseline: 20000, target: 50000,
             unit: visits}
    """
    limit = options.max_growth
    for facts in goal_facts(ctx.plan):
        baseline, target = facts.baseline, facts.target
        if baseline is None or target is None or baseline <= 0:
            continue
        if _direction(facts, baseline, target) == "at_least":
            if target > baseline * limit:
                yield Issue(facts.target_path, _growth_message(facts, target, limit))
        elif target < baseline / limit:
            yield Issue(facts.target_path, _cut_message(facts, baseline, target, limit))


_RAISE_LIMIT = "rules: smart-achievable: max_growth"


def _growth_message(facts: GoalFacts, target: Decimal, limit: Decimal) -> Message:
    assert facts.baseline is not None
    return msg("smart.growth", goal=facts.name, target=figure(target),
               factor=figure(target / facts.baseline, 2), baseline=facts.baseline_text,
               limit=figure(limit), option=_RAISE_LIMIT)


def _cut_message(facts: GoalFacts, baseline: Decimal, target: Decimal,
                 limit: Decimal) -> Message:
    if target > 0:
        cut = msg("smart.cut.divides", baseline=facts.baseline_text,
                  by=figure(baseline / target, 2))
    else:
        cut = msg("smart.cut.nothing", baseline=facts.baseline_text)
    return msg("smart.cut", goal=facts.name, target=figure(target), cut=cut,
               limit=figure(limit), lowest=figure(baseline / limit, 2), option=_RAISE_LIMIT)


@rule("smart-rationale-missing", Severity.WARNING)
def rationale_missing(ctx: RuleContext, options: object) -> Iterator[Issue]:
    """A goal does not say why its target is reachable.

    Default severity: warning. A ``rationale`` (a pilot result, a benchmark, the
    arithmetic behind the target) is what convinces a client the goal is achievable.

    Fails::

        goals:
          - {id: G1, statement: Grow traffic, kpi: uv, baseline: 20000, target: 30000}

    Passes::

        goals:
          - {id: G1, statement: Grow traffic, kpi: uv, baseline: 20000, target: 30000,
             rationale: Paid short video doubled traffic in last year's pilot}
    """
    for facts in goal_facts(ctx.plan):
        if is_blank(facts.goal.rationale):
            yield Issue(facts.at("rationale", facts.goal.rationale),
                        msg("smart.no-rationale", goal=facts.name))


# --- Relevant ---------------------------------------------------------------------------
@rule("smart-relevant")
def relevant(ctx: RuleContext, options: object) -> Iterator[Issue]:
    """A goal supports at least one channel, activity or content pillar (Relevant).

    Default severity: error. ``supports`` ties the goal to the strategy: the ids of
    the channels, activities or content pillars that will move it.

    Fails::

        goals:
          - {id: G1, statement: Grow traffic, kpi: uv, target: 30000, supports: []}

    Passes::

        goals:
          - {id: G1, statement: Grow traffic, kpi: uv, target: 30000, supports: [douyin]}
    """
    for facts in goal_facts(ctx.plan):
        if not facts.goal.supports:
            yield Issue(facts.path, msg("smart.supports-nothing", goal=facts.name))


# --- Time-bound -------------------------------------------------------------------------
@rule("smart-time-bound")
def time_bound(ctx: RuleContext, options: object) -> Iterator[Issue]:
    """A goal has a deadline (Time-bound).

    Default severity: error. ``deadline`` takes any date form (``2027-06-30``,
    ``M6`` for the end of plan month 6, ``T+90``). That the deadline falls inside
    ``meta.period`` is checked with every other date by ``timeline-outside-period``,
    so it is reported once.

    Fails::

        goals:
          - {id: G1, statement: Grow traffic, kpi: uv, target: 30000}

    Passes::

        goals:
          - {id: G1, statement: Grow traffic, kpi: uv, target: 30000, deadline: M6}
    """
    period = ctx.plan.meta.period
    span = f"{period.start.isoformat()} – {period.end.isoformat()}"
    for facts in goal_facts(ctx.plan):
        if facts.goal.deadline is None:
            yield Issue(facts.path, msg("smart.no-deadline", goal=facts.name, span=span))


# --- Direction --------------------------------------------------------------------------
@rule("smart-direction")
def direction(ctx: RuleContext, options: object) -> Iterator[Issue]:
    """A goal's target moves the way its KPI counts as better.

    Default severity: error. For a KPI with ``direction: at_least`` (the default) the
    target must be above the baseline; for ``at_most`` (costs, churn …) below it. The
    baseline is the goal's, or else its KPI's. Goals without a resolvable KPI, a
    baseline or a target are not judged.

    Fails (a cost that should fall)::

        goals:
          - {id: G4, statement: Lower acquisition cost, kpi: cac, baseline: 68, target: 80}
        kpis:
          - {id: cac, name: Acquisition cost, direction: at_most}

    Passes::

        goals:
          - {id: G4, statement: Lower acquisition cost, kpi: cac, baseline: 68, target: 48}
    """
    for facts in goal_facts(ctx.plan):
        kpi, baseline, target = facts.kpi, facts.baseline, facts.target
        if kpi is None or baseline is None or target is None:
            continue
        improves = target > baseline if kpi.direction == "at_least" else target < baseline
        if not improves:
            yield Issue(facts.target_path, _direction_message(facts, kpi, target))


def _direction_message(facts: GoalFacts, kpi: Kpi, target: Decimal) -> Message:
    assert facts.baseline is not None
    way = "rise" if kpi.direction == "at_least" else "fall"
    declared = "declared" if "direction" in kpi.model_fields_set else "default"
    return msg(f"smart.direction.{way}.{declared}", goal=facts.name, target=figure(target),
               baseline=facts.baseline_text, kpi=kpi.id, direction=kpi.direction,
               value=figure(facts.baseline))


RULES = (
    specific,
    measurable,
    baseline_missing,
    achievable,
    rationale_missing,
    relevant,
    time_bound,
    direction,
)
