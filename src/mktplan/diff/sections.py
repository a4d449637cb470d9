"""The sections of a plan the diff walks, in plan order, and how their items are keyed.

They are the sections of :data:`mktplan.model.layout.LAYOUT` that are compared, keyed
as declared there: a list section's items by ``id`` (calendar rules, which have none,
by ``pillar/channel/format``). A section that is one mapping (``meta``, ``swot``,
``budget`` without its lines …) is a single item without a key.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from mktplan.diff.fields import label_of, model_facts, setting_facts
from mktplan.diff.model import Fact
from mktplan.model.layout import LAYOUT, Compared, PlanSection
from mktplan.model.plan import Plan

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
    settings: bool = False
    """A mapping of named settings (``rules``), where none written is an empty mapping:
    a setting that appears or goes is a changed field, never the section added or removed."""

    @property
    def single(self) -> bool:
        """Whether the section is one mapping rather than a list."""
        return self.key is None

    def label(self, item: Any) -> str:
        """A short human name for an item of this section."""
        return "" if self.single else label_of(item)


def _key_of(fields: tuple[str, ...]) -> Callable[[Any], str]:
    """An item's key: its one key field, or the fields joined by ``/`` (``-`` for an unset one)."""
    if len(fields) == 1:
        (name,) = fields
        return lambda item: str(getattr(item, name))
    return lambda item: "/".join(str(getattr(item, name) or "-") for name in fields)


def _spec(section: PlanSection, compared: Compared) -> SectionSpec:
    key = _key_of(compared.key) if compared.key else None
    settings = section.item is dict
    return SectionSpec(section.path, section.title, section.items, key,
                       setting_facts if settings else model_facts, compared.renames,
                       CALENDAR_FIELDS.get(section.path, frozenset()), settings)


CALENDAR_FIELDS = {"meta": frozenset({"period.start", "period.end"})}
"""Dates compared on the calendar even when the periods differ, by section: the period."""

def compared_sections(layout: Mapping[str, PlanSection]) -> tuple[SectionSpec, ...]:
    """The sections of ``layout`` that are compared, in its order."""
    return tuple(_spec(section, section.compared) for section in layout.values()
                 if isinstance(section.compared, Compared))


SECTIONS = compared_sections(LAYOUT)
"""The compared sections of :data:`~mktplan.model.layout.LAYOUT`."""
SECTION_BY_PATH = {section.path: section for section in SECTIONS}
