"""View records of the plan's narrative parts, copied out of the pydantic models.

Background, competitors, SWOT, audience, positioning and evaluation.
Templates from a ``--templates`` folder are untrusted, and a pydantic model is not
plain data: its class methods (``parse_raw(..., allow_pickle=True)``, ``parse_file``,
``model_validate_json``) are reachable from any attribute of it. So the view holds
frozen records of text, numbers and tuples instead, field for field as the models
have them (``None`` stays ``None``, lists become tuples).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from mktplan.model.sections import (
    Audience,
    Background,
    Competitor,
    Demographics,
    Evaluation,
    Journey,
    Market,
    Persona,
    Positioning,
    Segment,
    Swot,
)


def _texts(items: Iterable[str]) -> tuple[str, ...]:
    return tuple(items)


@dataclass(frozen=True)
class MarketView:
    """The market: its size and growth, trends and drivers."""

    size: str | None
    growth: str | None
    trends: tuple[str, ...]
    drivers: tuple[str, ...]


@dataclass(frozen=True)
class BackgroundView:
    """The background section."""

    summary: str | None
    market: MarketView | None
    pain_points: tuple[str, ...]
    resources: tuple[str, ...]


@dataclass(frozen=True)
class CompetitorRow:
    """A competitor."""

    id: str
    name: str
    channels: tuple[str, ...]
    strengths: tuple[str, ...]
    weaknesses: tuple[str, ...]
    notes: str | None


@dataclass(frozen=True)
class SwotView:
    """The four SWOT lists."""

    strengths: tuple[str, ...]
    weaknesses: tuple[str, ...]
    opportunities: tuple[str, ...]
    threats: tuple[str, ...]


@dataclass(frozen=True)
class DemographicsView:
    """Who a persona is."""

    age: str | None
    gender: str | None
    regions: tuple[str, ...]
    occupation: str | None
    income: str | None


@dataclass(frozen=True)
class JourneyView:
    """A persona's journey, stage by stage."""

    awareness: str | None
    consideration: str | None
    purchase: str | None
    retention: str | None


@dataclass(frozen=True)
class PersonaRow:
    """A persona; ``channels`` are channel ids (``PlanView.persona_channels`` has their names)."""

    id: str
    name: str
    demographics: DemographicsView | None
    behaviors: tuple[str, ...]
    interests: tuple[str, ...]
    pain_points: tuple[str, ...]
    channels: tuple[str, ...]
    journey: JourneyView | None


@dataclass(frozen=True)
class SegmentRow:
    """An audience segment."""

    id: str
    name: str
    definition: str | None
    size: int | None
    tactic: str | None


@dataclass(frozen=True)
class AudienceView:
    """Personas and segments."""

    personas: tuple[PersonaRow, ...]
    segments: tuple[SegmentRow, ...]


@dataclass(frozen=True)
class PositioningView:
    """The positioning statement, persona tags and tone."""

    statement: str | None
    persona_tags: tuple[str, ...]
    tone: str | None


@dataclass(frozen=True)
class EvaluationView:
    """How the plan is reviewed."""

    cadence: str | None
    reports: tuple[str, ...]
    review: tuple[str, ...]


def background_view(model: Background | None) -> BackgroundView | None:
    """The background as a record."""
    if model is None:
        return None
    return BackgroundView(model.summary, _market(model.market), _texts(model.pain_points),
                          _texts(model.resources))


def _market(model: Market | None) -> MarketView | None:
    if model is None:
        return None
    return MarketView(model.size, model.growth, _texts(model.trends), _texts(model.drivers))


def competitor_rows(models: Iterable[Competitor]) -> tuple[CompetitorRow, ...]:
    """The competitors as records."""
    return tuple(CompetitorRow(c.id, c.name, _texts(c.channels), _texts(c.strengths),
                               _texts(c.weaknesses), c.notes) for c in models)


def swot_view(model: Swot | None) -> SwotView | None:
    """The SWOT as a record."""
    if model is None:
        return None
    return SwotView(_texts(model.strengths), _texts(model.weaknesses),
                    _texts(model.opportunities), _texts(model.threats))


def audience_view(model: Audience | None) -> AudienceView | None:
    """Personas and segments as records."""
    if model is None:
        return None
    return AudienceView(tuple(_persona(p) for p in model.personas),
                        tuple(_segment(s) for s in model.segments))


def _persona(model: Persona) -> PersonaRow:
    return PersonaRow(model.id, model.name, _demographics(model.demographics),
                      _texts(model.behaviors), _texts(model.interests),
                      _texts(model.pain_points), _texts(model.channels), _journey(model.journey))


def _demographics(model: Demographics | None) -> DemographicsView | None:
    if model is None:
        return None
    return DemographicsView(model.age, model.gender, _texts(model.regions), model.occupation,
                            model.income)


def _journey(model: Journey | None) -> JourneyView | None:
    if model is None:
        return None
    return JourneyView(model.awareness, model.consideration, model.purchase, model.retention)


def _segment(model: Segment) -> SegmentRow:
    return SegmentRow(model.id, model.name, model.definition, model.size, model.tactic)


def positioning_view(model: Positioning | None) -> PositioningView | None:
    """The positioning as a record."""
    if model is None:
        return None
    return PositioningView(model.statement, _texts(model.persona_tags), model.tone)


def evaluation_view(model: Evaluation | None) -> EvaluationView | None:
    """The evaluation as a record."""
    if model is None:
        return None
    return EvaluationView(model.cadence, _texts(model.reports), _texts(model.review))
