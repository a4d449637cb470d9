"""The sections of a plan the diff walks, in plan order, and how their items are keyed.

A list section's items are keyed by ``id`` (calendar rules, which have none, by
``pillar/channel/format``). A section that is one mapping (``meta``, ``swot``,
``budget`` without its lines …) is a single item without a key.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from mktplan.diff.fields import label_of, model_facts, setting_facts
from mktplan.diff.model import Fact
from mktplan.model.plan import Plan
from mktplan.model.sections import CalendarRule

Items = Callable[[Plan], Sequence[Any]]
Facts = Callable[[Any, Plan], list[Fact]]


@dataclass(frozen=True)
class SectionSpec:
    """One section of the plan as the diff sees it."""

    path: str
    """Where the section is in the YAML: ``execution.tasks``."""
    title: str
    items: Items
    key: Callable[[Any], str] | None = None
    """An item's key; None for a section that is one mapping."""
    facts: Facts = model_facts
    renames: bool = True
    """Whether an item whose key changed but whose content did not is a rename."""
    calendar_fields: frozenset[str] = frozenset()
    """Dates compared on the calendar even when the periods differ (the period itself)."""

    @property
    def single(self) -> bool:
        """Whether the section is one mapping rather than a list."""
        return self.key is None

    def label(self, item: Any) -> str:
        """A short human name for an item of this section."""
        return "" if self.single else label_of(item)


def _id(item: Any) -> str:
    key: str = item.id
    return key


def calendar_key(rule: CalendarRule) -> str:
    """A calendar rule's key: ``pillar/channel/format`` (``-`` for an unset part)."""
    return f"{rule.pillar}/{rule.channel or '-'}/{rule.format or '-'}"


def _one(value: Any) -> Sequence[Any]:
    return [] if value is None else [value]


def _listed(path: str, title: str, items: Items) -> SectionSpec:
    return SectionSpec(path, title, items, key=_id)


def _single(path: str, title: str, item: Callable[[Plan], Any]) -> SectionSpec:
    return SectionSpec(path, title, lambda plan: _one(item(plan)))


def _personas(plan: Plan) -> Sequence[Any]:
    return plan.audience.personas if plan.audience else []


def _segments(plan: Plan) -> Sequence[Any]:
    return plan.audience.segments if plan.audience else []


def _positioning(plan: Plan) -> Any:
    return plan.strategy.positioning if plan.strategy else None


def _channels(plan: Plan) -> Sequence[Any]:
    return plan.strategy.channels if plan.strategy else []


def _pillars(plan: Plan) -> Sequence[Any]:
    content = plan.strategy.content if plan.strategy else None
    return content.pillars if content else []


def _calendar(plan: Plan) -> Sequence[Any]:
    content = plan.strategy.content if plan.strategy else None
    return content.calendar if content else []


def _activities(plan: Plan) -> Sequence[Any]:
    return plan.strategy.activities if plan.strategy else []


def _phases(plan: Plan) -> Sequence[Any]:
    return plan.execution.phases if plan.execution else []


def _tasks(plan: Plan) -> Sequence[Any]:
    return plan.execution.tasks if plan.execution else []


def _milestones(plan: Plan) -> Sequence[Any]:
    return plan.execution.milestones if plan.execution else []


def _budget_lines(plan: Plan) -> Sequence[Any]:
    return plan.budget.lines if plan.budget else []


SECTIONS: tuple[SectionSpec, ...] = (
    SectionSpec("meta", "Plan", lambda plan: [plan.meta],
                calendar_fields=frozenset({"period.start", "period.end"})),
    _single("background", "Background", lambda plan: plan.background),
    _listed("competitors", "Competitors", lambda plan: plan.competitors),
    _single("swot", "SWOT", lambda plan: plan.swot),
    _listed("audience.personas", "Personas", _personas),
    _listed("audience.segments", "Segments", _segments),
    _listed("goals", "Goals", lambda plan: plan.goals),
    _single("strategy.positioning", "Positioning", _positioning),
    _listed("strategy.channels", "Channels", _channels),
    _listed("strategy.content.pillars", "Content pillars", _pillars),
    SectionSpec("strategy.content.calendar", "Content calendar", _calendar,
                key=calendar_key, renames=False),
    _listed("strategy.activities", "Activities", _activities),
    _listed("execution.phases", "Phases", _phases),
    _listed("execution.tasks", "Tasks", _tasks),
    _listed("execution.milestones", "Milestones", _milestones),
    _listed("team", "Team", lambda plan: plan.team),
    _single("budget", "Budget", lambda plan: plan.budget),
    _listed("budget.lines", "Budget lines", _budget_lines),
    _listed("returns", "Returns", lambda plan: plan.returns),
    _listed("kpis", "KPIs", lambda plan: plan.kpis),
    _listed("risks", "Risks", lambda plan: plan.risks),
    _single("evaluation", "Evaluation", lambda plan: plan.evaluation),
    SectionSpec("rules", "Rule settings", lambda plan: _one(plan.rules or None),
                facts=setting_facts),
)
SECTION_BY_PATH = {section.path: section for section in SECTIONS}
