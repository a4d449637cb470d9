"""The whole plan: the top-level model that ties the sections together."""

from __future__ import annotations

import re
from typing import Annotated, Any

from pydantic import Field

from mktplan.findings import msg
from mktplan.load import grammar
from mktplan.model.base import Section
from mktplan.model.sections import (
    Activity,
    Audience,
    Background,
    Budget,
    BudgetLine,
    CalendarRule,
    Channel,
    Competitor,
    Evaluation,
    Execution,
    Goal,
    Kpi,
    Member,
    Meta,
    Milestone,
    Persona,
    Phase,
    Pillar,
    Positioning,
    Return,
    Risk,
    Segment,
    Strategy,
    Swot,
    Task,
)
from mktplan.model.types import Parsed, invalid

FORMAT_VERSION = 1


_VERSION = re.compile(grammar.exactly(str(FORMAT_VERSION)))


def _version(value: Any) -> int:
    if not _VERSION.fullmatch(str(value)):
        raise invalid("mktplan_version", msg("values.version", value=str(value),
                                             version=FORMAT_VERSION))
    return FORMAT_VERSION


def _version_schema() -> dict[str, Any]:
    from mktplan.model.patterns import exactly

    return {"anyOf": [{"const": FORMAT_VERSION},
                      {"type": "string", "pattern": exactly(str(FORMAT_VERSION))}]}


Version = Annotated[int, Parsed(_version, _version_schema)]


class Plan(Section):
    """A digital-marketing plan, mktplan format version 1."""

    mktplan: Version
    """Format version; must be 1."""
    meta: Meta
    background: Background | None = None
    competitors: list[Competitor] = []
    swot: Swot | None = None
    audience: Audience | None = None
    goals: list[Goal] = []
    strategy: Strategy | None = None
    execution: Execution | None = None
    team: list[Member] = []
    budget: Budget | None = None
    returns: list[Return] = []
    kpis: list[Kpi] = []
    risks: list[Risk] = []
    evaluation: Evaluation | None = None
    rules: dict[str, Any] = Field(default_factory=dict)
    """Per-plan rule settings: a rule id or family → off | error | warning | {options}."""

    # the sections inside optional mappings, as if every mapping were written: a list is
    # empty (and positioning None) when its section, or the one around it, is left out
    @property
    def personas(self) -> list[Persona]:
        """``audience.personas``."""
        return self.audience.personas if self.audience else []

    @property
    def segments(self) -> list[Segment]:
        """``audience.segments``."""
        return self.audience.segments if self.audience else []

    @property
    def positioning(self) -> Positioning | None:
        """``strategy.positioning``."""
        return self.strategy.positioning if self.strategy else None

    @property
    def channels(self) -> list[Channel]:
        """``strategy.channels``."""
        return self.strategy.channels if self.strategy else []

    @property
    def pillars(self) -> list[Pillar]:
        """``strategy.content.pillars``."""
        content = self.strategy.content if self.strategy else None
        return content.pillars if content else []

    @property
    def calendar(self) -> list[CalendarRule]:
        """``strategy.content.calendar``."""
        content = self.strategy.content if self.strategy else None
        return content.calendar if content else []

    @property
    def activities(self) -> list[Activity]:
        """``strategy.activities``."""
        return self.strategy.activities if self.strategy else []

    @property
    def phases(self) -> list[Phase]:
        """``execution.phases``."""
        return self.execution.phases if self.execution else []

    @property
    def tasks(self) -> list[Task]:
        """``execution.tasks``."""
        return self.execution.tasks if self.execution else []

    @property
    def milestones(self) -> list[Milestone]:
        """``execution.milestones``."""
        return self.execution.milestones if self.execution else []

    @property
    def budget_lines(self) -> list[BudgetLine]:
        """``budget.lines``."""
        return self.budget.lines if self.budget else []
