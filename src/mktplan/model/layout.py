"""Every section of a plan, declared once, in the format's order: what the other layers derive.

A section is a top-level key of a plan (``goals``, ``budget``) or a list of items inside
one (``execution.tasks``, ``budget.lines``); a mapping that only groups sections
(``strategy``, ``execution``) is not one itself. Each :class:`PlanSection` says:

* where it is and what it holds: ``path``, ``item`` (the model of one item) and
  ``many`` (a list of items, or one mapping);
* the reference kind its items' ids are known by (``ids``: ``"task"``) and the id
  references its items make (``refers``: ``depends_on`` names tasks), which the
  references rules check (:mod:`mktplan.rules.references`);
* how the diff and ``textconv`` pair its items across two plans (``compared``) and
  what they call the section (``title``);
* the chapter of the Word and Markdown documents it is shown in, with its heading
  there (``document``), and the workbook sheet that lists it (``sheet``).

A place that leaves a section out on purpose says so, and why (:class:`Omitted`). The
view's chapter order, the diff's sections (so ``textconv`` too) and the reference id
lists are derived from :data:`LAYOUT`; tests/test_layout.py fails when a field of the
plan is declared nowhere, or when an output lacks a section it is declared to show.
So a new section is one entry here, plus its Word writer, Markdown partial, headings
and sheet (or the reason it has none).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from mktplan.model.sections import (
    Activity,
    Background,
    Budget,
    BudgetLine,
    CalendarRule,
    Channel,
    Competitor,
    Evaluation,
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
    Swot,
    Task,
)
from mktplan.registry import registry


@dataclass(frozen=True)
class Omitted:
    """A place that leaves a section out on purpose, and why."""

    reason: str


@dataclass(frozen=True)
class Chapter:
    """Where the documents (Word and Markdown) show a section."""

    key: str
    """The chapter: headed by the catalog's ``sections.<key>``, written by the Word writer
    of that name and by the Markdown partial ``markdown/<key>.md.j2``."""
    heading: str | None = None
    """The section's own heading in its chapter (``subsections.<heading>``); None when
    the section is the chapter's whole content or has no heading of its own."""


@dataclass(frozen=True)
class Compared:
    """How the diff and textconv pair a section's items across two plans."""

    key: tuple[str, ...]
    """The fields that pair an item with its counterpart, joined by ``/`` (``-`` for an
    unset one); none for a section that is one mapping."""
    renames: bool = True
    """Whether an item whose key changed but whose content did not is a rename."""


_NO_REFERENCES: Mapping[str, tuple[str, ...]] = MappingProxyType({})


@dataclass(frozen=True)
class PlanSection:
    """One section of the plan, as every layer above the model sees it."""

    path: str
    """Where the section is in the YAML: ``execution.tasks``."""
    item: type
    """The model of one item (a mapping of settings for ``rules``)."""
    many: bool
    """Whether the section is a list of items rather than one mapping."""
    title: str
    """What the diff and its reports call the section."""
    document: Chapter | Omitted
    sheet: str | Omitted
    """The workbook sheet that lists the section (its title is ``labels.sheet_<key>``)."""
    compared: Compared | Omitted
    ids: str | None = None
    """The reference kind the items' ids are known by (``"team member"``); None: no ids."""
    refers: Mapping[str, tuple[str, ...]] = field(default_factory=lambda: _NO_REFERENCES,
                                                  hash=False)
    """Each field of an item that holds id references → the kinds it may name."""

    @property
    def steps(self) -> tuple[str, ...]:
        """The path as attribute names: ``("execution", "tasks")``."""
        return tuple(self.path.split("."))

    def items(self, plan: Any) -> Sequence[Any]:
        """The section's items in ``plan``: none when the section (or its parent) is left out.

        A section that is one mapping has one item; an empty mapping (``rules: {}``) is none.
        """
        value = plan
        for step in self.steps:
            value = getattr(value, step)
            if value is None:
                return []
        if self.many:
            items: Sequence[Any] = value
            return items
        if isinstance(value, dict) and not value:
            return []
        return [value]


VERSION_ONLY = Omitted("the format version: every plan that loads is version 1")
DOCUMENTS_ONLY = Omitted("the workbook holds what is planned in figures and dates "
                         "(goals, calendar, schedule, budget, KPIs, risks, team); analysis and "
                         "strategy are read in the Word and Markdown documents")
NOT_CONTENT = Omitted("settings of mktplan's checks, not part of the plan a client reads")
BY_ID = Compared(("id",))
ONE_MAPPING = Compared(())


def _listed(path: str, item: type, title: str, document: Chapter, sheet: str | Omitted,
            ids: str | None, refers: Mapping[str, tuple[str, ...]] | None = None,
            compared: Compared = BY_ID) -> PlanSection:
    return PlanSection(path, item, True, title, document, sheet, compared, ids,
                       MappingProxyType(dict(refers or {})))


def _single(path: str, item: type, title: str, document: Chapter | Omitted,
            sheet: str | Omitted, compared: Compared | Omitted = ONE_MAPPING) -> PlanSection:
    return PlanSection(path, item, False, title, document, sheet, compared)


OWNER: Mapping[str, tuple[str, ...]] = {"owner": ("team member",)}

LAYOUT: Mapping[str, PlanSection] = registry([
    _single("mktplan", int, "Format version", VERSION_ONLY, VERSION_ONLY, VERSION_ONLY),
    _single("meta", Meta, "Plan", Omitted("the title page, not a chapter"), "summary"),
    _single("background", Background, "Background", Chapter("background"), DOCUMENTS_ONLY),
    _listed("competitors", Competitor, "Competitors", Chapter("competitors"), DOCUMENTS_ONLY,
            "competitor"),
    _single("swot", Swot, "SWOT", Chapter("swot"), DOCUMENTS_ONLY),
    _listed("audience.personas", Persona, "Personas", Chapter("audience", "personas"),
            DOCUMENTS_ONLY, "persona", {"channels": ("channel",)}),
    _listed("audience.segments", Segment, "Segments", Chapter("audience", "segments"),
            DOCUMENTS_ONLY, "segment"),
    _listed("goals", Goal, "Goals", Chapter("goals"), "goals", "goal",
            {"kpi": ("KPI",), **OWNER, "supports": ("channel", "activity", "content pillar")}),
    _single("strategy.positioning", Positioning, "Positioning",
            Chapter("strategy", "positioning"), DOCUMENTS_ONLY),
    _listed("strategy.channels", Channel, "Channels", Chapter("strategy", "channels"),
            DOCUMENTS_ONLY, "channel"),
    _listed("strategy.content.pillars", Pillar, "Content pillars", Chapter("strategy", "pillars"),
            DOCUMENTS_ONLY, "content pillar", {"channels": ("channel",)}),
    _listed("strategy.content.calendar", CalendarRule, "Content calendar",
            Chapter("strategy", "calendar"), "calendar", None,
            {"pillar": ("content pillar",), "channel": ("channel",), **OWNER},
            compared=Compared(("pillar", "channel", "format"), renames=False)),
    _listed("strategy.activities", Activity, "Activities", Chapter("strategy", "activities"),
            DOCUMENTS_ONLY, "activity", {"channels": ("channel",), **OWNER}),
    _listed("execution.phases", Phase, "Phases", Chapter("execution", "phases"), "schedule",
            "phase"),
    _listed("execution.tasks", Task, "Tasks", Chapter("execution", "tasks"), "schedule", "task",
            {"phase": ("phase",), **OWNER, "depends_on": ("task",)}),
    _listed("execution.milestones", Milestone, "Milestones", Chapter("execution", "milestones"),
            "schedule", "milestone", {"requires": ("task",)}),
    _listed("team", Member, "Team", Chapter("team"), "team", "team member"),
    _single("budget", Budget, "Budget", Chapter("budget"), "budget"),
    _listed("budget.lines", BudgetLine, "Budget lines", Chapter("budget", "budget_lines"),
            "budget", "budget line",
            {"channel": ("channel",), "phase": ("phase",), "activity": ("activity",),
             "team": ("team member",)}),
    _listed("returns", Return, "Returns", Chapter("budget", "returns"), "budget", "return"),
    _listed("kpis", Kpi, "KPIs", Chapter("kpis"), "kpis", "KPI"),
    _listed("risks", Risk, "Risks", Chapter("risks"), "risks", "risk", OWNER),
    _single("evaluation", Evaluation, "Evaluation", Chapter("evaluation"), DOCUMENTS_ONLY),
    _single("rules", dict, "Rule settings", NOT_CONTENT, NOT_CONTENT),
], key=lambda section: section.path)
"""Every section of the plan by path, in the format's order."""


def chapters(layout: Mapping[str, PlanSection] = LAYOUT) -> dict[str, tuple[PlanSection, ...]]:
    """The documents' chapters in order, each with the sections it shows."""
    by_chapter: dict[str, list[PlanSection]] = {}
    for section in layout.values():
        if isinstance(section.document, Chapter):
            by_chapter.setdefault(section.document.key, []).append(section)
    return {key: tuple(sections) for key, sections in by_chapter.items()}
