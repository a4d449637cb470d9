"""The whole plan: the top-level model that ties the sections together."""

from __future__ import annotations

import re
from typing import Annotated, Any

from pydantic import Field
from pydantic_core import PydanticCustomError

from mktplan.load import grammar
from mktplan.model.base import Section
from mktplan.model.sections import (
    Audience,
    Background,
    Budget,
    Competitor,
    Evaluation,
    Execution,
    Goal,
    Kpi,
    Member,
    Meta,
    Return,
    Risk,
    Strategy,
    Swot,
)
from mktplan.model.types import Parsed

FORMAT_VERSION = 1


_VERSION = re.compile(grammar.exactly(str(FORMAT_VERSION)))


def _version(value: Any) -> int:
    if not _VERSION.fullmatch(str(value)):
        raise PydanticCustomError(
            "mktplan_version",
            "unsupported format version '{value}': this mktplan reads 'mktplan: {version}'",
            {"value": value, "version": FORMAT_VERSION},
        )
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
