"""The value objects of a plan diff: facts, field changes, item changes, summary rows.

Everything here is frozen data. :mod:`.compare` and :mod:`.rollup` make it; the
reporters (``report_text``, ``report_md``, ``report_json``) only read it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import Enum
from typing import NamedTuple, TypeAlias

from mktplan.findings import Message
from mktplan.model.types import Portion

Value: TypeAlias = "Decimal | int | date | str | tuple[str, ...] | Portion | None"


class Kind(str, Enum):
    """What sort of value a field holds: decides how it is compared and shown."""

    TEXT = "text"
    """Free text (statements, descriptions, names): diffed word by word."""
    WORD = "word"
    """An id, an enum value or a code: shown whole."""
    MONEY = "money"
    NUMBER = "number"
    SHARE = "share"
    """A fraction shown as a percentage (0.05 is 5%)."""
    RATIO = "ratio"
    """Return ÷ cost, shown as ``2.5 : 1``."""
    DATE = "date"
    IDS = "ids"
    """A list of ids or enum values: its order does not matter."""
    TEXTS = "texts"
    """A list of texts: its order is kept."""
    PORTION = "portion"
    """A reserve: an amount or a share of the total."""
    SETTING = "setting"
    """A rule setting from the ``rules:`` section."""


class ChangeKind(str, Enum):
    """What happened to a list item (or a whole section) between the two plans."""

    ADDED = "added"
    REMOVED = "removed"
    CHANGED = "changed"
    RENAMED = "renamed"


class Fact(NamedTuple):
    """One field of one item, as the diff sees it: a dotted name, a kind and a value.

    A named tuple rather than a dataclass: a huge plan makes tens of thousands.
    """

    name: str
    kind: Kind
    value: Value


@dataclass(frozen=True)
class FieldChange:
    """A field whose value differs: old → new, with the change for numbers and dates.

    ``delta`` is new − old (days for dates); ``delta_pct`` is the change in percent of
    the old value. ``relative`` says that dates were compared by their place in each
    plan's period, because the two plans cover different periods.
    """

    field: str
    kind: Kind
    old: Value
    new: Value
    delta: Decimal | int | None = None
    delta_pct: Decimal | None = None
    relative: bool = False


@dataclass(frozen=True)
class ItemChange:
    """An item (or a one-off section such as ``meta``) that was added, removed or changed.

    ``key`` is the item's id (or, for calendar rules, ``pillar/channel/format``); None
    for a section that is a single mapping. A renamed item carries its former key
    in ``old_key``. Added and removed items list every fact they have in ``fields``.
    """

    section: str
    key: str | None
    kind: ChangeKind
    label: str
    fields: tuple[FieldChange, ...]
    old_key: str | None = None


@dataclass(frozen=True)
class SummaryRow:
    """A roll-up figure of both plans (budget total, spend in M3, goal G1's target …)."""

    key: tuple[str, ...]
    label: str
    headline: bool
    """Shown even when unchanged; other rows are shown by humans only when they change."""
    change: FieldChange
    changed: bool


@dataclass(frozen=True)
class SideInfo:
    """What the reports say about one side of the diff."""

    file: str
    plan_id: str
    title: str
    currency: str
    start: date
    end: date
    errors: int
    warnings: int
    language: str = "en"
    """The plan's ``meta.language``: a diff of two plans in one language is written in it."""


@dataclass(frozen=True)
class PlanDiff:
    """Everything a diff found, in the order it is reported."""

    old: SideInfo
    new: SideInfo
    summary: tuple[SummaryRow, ...]
    changes: tuple[ItemChange, ...]
    notes: tuple[Message, ...]
    """What to keep in mind reading the diff, as catalogue messages."""
    month_shift: int
    """Months between the two periods' first months (0 when they start in the same month)."""
    requested_language: str | None = None
    """The language asked for outright (``--lang``, ``MKTPLAN_LANG``); None: the plans' own."""

    @property
    def notices(self) -> tuple[str, ...]:
        """The :attr:`notes` in English (the JSON report's ``notices``)."""
        from mktplan.text.messages import ENGLISH, render

        return tuple(render(note, ENGLISH) for note in self.notes)

    @property
    def language(self) -> str:
        """The language of the human reports: the one asked for, else the plans' shared one."""
        if self.requested_language:
            return self.requested_language
        return self.old.language if self.old.language == self.new.language else "en"

    @property
    def has_differences(self) -> bool:
        """Whether anything differs (what ``--exit-code`` reports)."""
        return bool(self.changes) or any(row.changed for row in self.summary)

    @property
    def months_by_plan_month(self) -> bool:
        """Whether monthly figures are keyed M1, M2 … (the periods start in different months)."""
        return self.month_shift != 0
