"""Pydantic models of every plan section, one class per YAML mapping in the format.

Shape and types only: business rules (SMART, budget arithmetic, timeline order)
live in :mod:`mktplan.rules`, so that they carry rule ids and can be configured.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import Field, model_validator

from mktplan.findings import msg
from mktplan.load.values import HEADCOUNT_LIMIT, SIZE_LIMIT
from mktplan.model.base import Section
from mktplan.model.types import (
    DEFAULT_TIME_ZONE,
    AbsoluteDate,
    Change,
    EndDate,
    FileId,
    LanguageTag,
    Money,
    Number,
    Per,
    PortionValue,
    Slug,
    StartDate,
    Text,
    TimeZoneName,
    invalid,
    whole_number,
)

Count = Annotated[int, whole_number(1, 100)]
Days = Annotated[int, whole_number(1, 3660)]
Size = Annotated[int, whole_number(0, SIZE_LIMIT)]
Headcount = Annotated[int, whole_number(0, HEADCOUNT_LIMIT)]


def _exactly_one(data: Any, first: str, second: str, required: bool) -> Any:
    if not isinstance(data, dict):
        return data
    has_first = data.get(first) is not None
    has_second = data.get(second) is not None
    if has_first and has_second:
        raise invalid("mktplan_conflict", msg("values.conflict", a=first, b=second))
    if required and not (has_first or has_second):
        raise invalid("mktplan_missing", msg("values.missing-either", a=first, b=second))
    return data


# --- meta -------------------------------------------------------------------------------
class Period(Section):
    """The plan period: absolute start and end dates."""

    start: AbsoluteDate
    """First day of the plan (month M1 is this date's month)."""
    end: AbsoluteDate
    """Last day of the plan."""


class Meta(Section):
    """Who the plan is for and the dates everything else is anchored to."""

    id: FileId
    """Slug of the plan; names the output files: at most 100 characters, not CON, NUL …"""
    title: Text
    """Plan title, shown on the title page."""
    subtitle: Text | None = None
    organization: Text | None = None
    author: Text | None = None
    version: Text | None = None
    client: Text | None = None
    """Who the plan is for: the title page and its confidentiality line name it."""
    logo: Text | None = None
    """A PNG or JPEG file for the title page, as a path from the plan's folder."""
    issued: AbsoluteDate | None = None
    """Date of issue on the title page; the Word file's created date (default: period.start)."""
    language: LanguageTag = "en"
    """Language of headings and labels in outputs: zh-CN or en, in any case (zh-cn is zh-CN)."""
    currency: str = Field("CNY", pattern=r"^[A-Z]{3}$")
    """ISO 4217 currency code of every amount in the plan."""
    period: Period
    launch: AbsoluteDate | None = None
    """The launch day (T) that relative dates such as T-30 count from."""
    timezone: TimeZoneName = DEFAULT_TIME_ZONE
    """IANA time zone of the plan's calendar export (.ics); default Asia/Shanghai."""
    compare: Text | None = None
    """Last year's plan, for build's comparison section: a path from this plan's folder,
    or REV:path (as diff takes it); build --compare overrides it."""


# --- background, competitors, swot ------------------------------------------------------
class Market(Section):
    """Market size, growth and what drives it."""

    size: Text | None = None
    growth: Text | None = None
    trends: list[Text] = []
    drivers: list[Text] = []


class Background(Section):
    """策划背景: the situation the plan answers."""

    summary: Text | None = None
    market: Market | None = None
    pain_points: list[Text] = []
    resources: list[Text] = []
    """What the company already has."""


class Competitor(Section):
    """竞品: one competitor and how it plays."""

    id: Slug
    name: Text
    channels: list[Text] = []
    strengths: list[Text] = []
    weaknesses: list[Text] = []
    notes: Text | None = None


class Swot(Section):
    """Strengths, weaknesses, opportunities and threats."""

    strengths: list[Text] = []
    weaknesses: list[Text] = []
    opportunities: list[Text] = []
    threats: list[Text] = []


# --- audience ---------------------------------------------------------------------------
class Demographics(Section):
    """Who the persona is."""

    age: Text | None = None
    gender: Text | None = None
    regions: list[Text] = []
    occupation: Text | None = None
    income: Text | None = None


class Journey(Section):
    """How the persona moves from awareness to retention."""

    awareness: Text | None = None
    consideration: Text | None = None
    purchase: Text | None = None
    retention: Text | None = None


class Persona(Section):
    """用户画像: one target persona."""

    id: Slug
    name: Text
    demographics: Demographics | None = None
    behaviors: list[Text] = []
    interests: list[Text] = []
    pain_points: list[Text] = []
    channels: list[Slug] = []
    """Ids of strategy.channels where this persona is reached."""
    journey: Journey | None = None


class Segment(Section):
    """分群: a segment such as new / potential / active / dormant, or an RFM tier."""

    id: Slug
    name: Text
    definition: Text | None = None
    size: Size | None = None
    """How many people the segment holds (at most a trillion)."""
    tactic: Text | None = None


class Audience(Section):
    """Personas and segments."""

    personas: list[Persona] = []
    segments: list[Segment] = []


# --- goals ------------------------------------------------------------------------------
Objective = Literal[
    "awareness", "traffic", "acquisition", "conversion", "retention", "revenue", "cost", "brand"
]


class Goal(Section):
    """A SMART goal (营销目标)."""

    id: Slug
    statement: Text | None = None
    """Specific: what will be achieved, in one sentence."""
    objective: Objective | None = None
    kpi: Slug | None = None
    """Measurable: id of the KPI in `kpis` that measures this goal."""
    baseline: Number | None = None
    target: Number | None = None
    target_change: Change | None = None
    """Target relative to the baseline, e.g. "+50%" (instead of target)."""
    unit: Text | None = None
    deadline: EndDate | None = None
    """Time-bound: when the target must be reached."""
    owner: Slug | None = None
    """Id of the team member who owns the goal."""
    supports: list[Slug] = []
    """Relevant: ids of channels, activities or content pillars this goal serves."""
    rationale: Text | None = None
    """Achievable: why the target is reachable."""

    @model_validator(mode="before")
    @classmethod
    def _one_target(cls, data: Any) -> Any:
        return _exactly_one(data, "target", "target_change", required=False)

    @property
    def resolved_target(self) -> Decimal | None:
        """The target, computed from baseline and target_change when needed."""
        if self.target is not None:
            return self.target
        if self.target_change is not None and self.baseline is not None:
            return self.baseline * (1 + self.target_change)
        return None


# --- strategy ---------------------------------------------------------------------------
ContentFormat = Literal[
    "short_video", "live", "article", "image_post", "whitepaper", "case_study", "podcast", "h5",
    "other",
]


class Positioning(Section):
    """账号定位 / brand positioning."""

    statement: Text | None = None
    persona_tags: list[Text] = []
    tone: Text | None = None


class Channel(Section):
    """A marketing channel: owned, earned or paid."""

    id: Slug
    name: Text
    type: Literal["owned", "earned", "paid"] | None = None
    role: Text | None = None
    platforms: list[Text] = []


class Pillar(Section):
    """A content pillar: a theme with its formats and channels."""

    id: Slug
    name: Text
    formats: list[ContentFormat] = []
    channels: list[Slug] = []


class CalendarRule(Section):
    """A cadence rule, expanded into dated content slots (e.g. 2 short videos a week)."""

    pillar: Slug
    channel: Slug | None = None
    format: ContentFormat | None = None
    count: Count = 1
    """How many pieces of content per ``per`` (at most 100)."""
    per: Literal["day", "week", "month"] = "week"
    from_: StartDate | None = Field(None, alias="from")
    """First day of the cadence; default: period start."""
    to: EndDate | None = None
    """Last day of the cadence; default: period end."""
    owner: Slug | None = None


class Content(Section):
    """内容规划: pillars and the calendar of cadence rules."""

    pillars: list[Pillar] = []
    calendar: list[CalendarRule] = []


class Activity(Section):
    """A campaign or activity (flash sale, referral, live commerce, member day …)."""

    id: Slug
    name: Text
    type: Text | None = None
    channels: list[Slug] = []
    start: StartDate
    end: EndDate
    owner: Slug | None = None


class Strategy(Section):
    """营销策略: positioning, channels, content and activities."""

    positioning: Positioning | None = None
    channels: list[Channel] = []
    content: Content | None = None
    activities: list[Activity] = []


# --- execution --------------------------------------------------------------------------
class Phase(Section):
    """An execution phase (筹备期, 预热期 …)."""

    id: Slug
    name: Text
    start: StartDate
    end: EndDate


class Task(Section):
    """A task with an owner, dates and finish-to-start dependencies."""

    id: Slug
    name: Text
    phase: Slug | None = None
    owner: Slug | None = None
    start: StartDate
    end_: EndDate | None = Field(None, alias="end")
    duration_days: Days | None = None
    """Length in calendar days, counting the start day (instead of end); at most ten years."""
    depends_on: list[Slug] = []
    """Tasks that must finish before this one starts."""
    deliverable: Text | None = None

    @model_validator(mode="before")
    @classmethod
    def _end_or_duration(cls, data: Any) -> Any:
        return _exactly_one(data, "end", "duration_days", required=True)

    @property
    def end(self) -> date:
        """The last day of the task, from ``end`` or ``duration_days``."""
        if self.end_ is not None:
            return self.end_
        assert self.duration_days is not None
        return self.start + timedelta(days=self.duration_days - 1)


class Milestone(Section):
    """A milestone and the tasks that must be finished by then."""

    id: Slug
    name: Text
    date: EndDate
    requires: list[Slug] = []


class Execution(Section):
    """执行计划: phases, tasks and milestones."""

    phases: list[Phase] = []
    tasks: list[Task] = []
    milestones: list[Milestone] = []


# --- team -------------------------------------------------------------------------------
class Cost(Section):
    """What a team member costs, per month, year or once."""

    amount: Money
    per: Per = "year"


class Member(Section):
    """人员分工: a role in the team."""

    id: Slug
    role: Text
    name: Text | None = None
    headcount: Headcount = 1
    """How many people fill the role (at most a million)."""
    cost: Cost | None = None
    """Cost of one person in this role."""
    responsibilities: list[Text] = []


# --- budget and returns -----------------------------------------------------------------
BudgetCategory = Literal[
    "personnel", "content", "media", "kol", "tools", "events", "analytics", "other"
]


class BudgetLine(Section):
    """A budget line: an amount, or unit_cost × quantity × periods."""

    id: Slug
    item: Text
    category: BudgetCategory = "other"
    amount: Money | None = None
    unit_cost: Money | None = None
    quantity: Number = Decimal(1)
    per: Per = "once"
    from_: StartDate | None = Field(None, alias="from")
    """Start of a per-month or per-year line; default: period start."""
    to: EndDate | None = None
    """End of a per-month or per-year line; default: period end."""
    channel: Slug | None = None
    phase: Slug | None = None
    activity: Slug | None = None
    """The activity a one-off line pays for: without ``from``, it is spent across its window."""
    team: Slug | None = None

    @model_validator(mode="before")
    @classmethod
    def _has_cost(cls, data: Any) -> Any:
        if isinstance(data, dict) and data.get("amount") is None and data.get("unit_cost") is None:
            raise invalid("mktplan_missing",
                          msg("values.missing-either", a="amount", b="unit_cost"))
        return data


class Budget(Section):
    """预算: total, reserve, lines and what is deliberately excluded."""

    total: Money | None = None
    reserve: PortionValue | None = None
    """机动资金: an amount or a share of the total."""
    lines: list[BudgetLine] = []
    excluded: list[Text] = []
    """Costs deliberately outside this budget."""


class Return(Section):
    """回报: an expected revenue or monetization stream."""

    id: Slug
    stream: Text
    amount: Money
    basis: Text | None = None
    """The assumption behind the figure."""


# --- kpis, risks, evaluation ------------------------------------------------------------
class Kpi(Section):
    """A KPI with baseline, target and the direction that counts as better."""

    id: Slug
    name: Text
    category: Literal[
        "brand", "traffic", "engagement", "conversion", "cost", "financial", "retention"
    ] | None = None
    unit: Text | None = None
    baseline: Number | None = None
    target: Number | None = None
    direction: Literal["at_least", "at_most"] = "at_least"
    frequency: Literal["daily", "weekly", "monthly", "quarterly"] | None = None
    source: Text | None = None
    formula: Text | None = None


Level = Literal["low", "medium", "high"]


class Risk(Section):
    """风险与应对: a risk, how likely and how bad, and the response."""

    id: Slug
    category: Literal[
        "market", "content", "channel", "technology", "execution", "budget", "compliance"
    ] | None = None
    description: Text
    likelihood: Level = "medium"
    impact: Level = "medium"
    mitigation: Text | None = None
    owner: Slug | None = None


class Evaluation(Section):
    """效果评估与复盘: review cadence, reports and review steps."""

    cadence: Text | None = None
    reports: list[Text] = []
    review: list[Text] = []
