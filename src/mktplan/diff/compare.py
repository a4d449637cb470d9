"""Field by field comparison of two matched items, with deltas for numbers and dates.

Values are compared by what they mean, not how they were written: ``"300万"`` and
``3000000`` are equal, lists of ids are compared as sets, and dates of plans that
cover different periods are compared by their place in the period (see
:mod:`.periods`).
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from mktplan.diff.model import Fact, FieldChange, Kind, Value
from mktplan.diff.periods import DateShift
from mktplan.text.figures import round_to

PERCENT_PLACES = 1
_ARITHMETIC = frozenset({Kind.MONEY, Kind.NUMBER, Kind.RATIO})


def percent_change(old: Decimal | int, new: Decimal | int) -> Decimal | None:
    """The change from ``old`` to ``new`` in percent of ``old`` (None when old is 0)."""
    if old == 0:
        return None
    change = (Decimal(new) - Decimal(old)) / abs(Decimal(old)) * 100
    return round_to(change, PERCENT_PLACES)


def is_empty(value: Value) -> bool:
    """Whether a value says nothing (absent, or an empty list)."""
    return value is None or value == ()


@dataclass(frozen=True)
class Comparer:
    """Compares values of the old plan with values of the new one."""

    shift: DateShift
    same_currency: bool = True

    def normal(self, kind: Kind, value: Value, is_old: bool) -> Hashable:
        """A form of the value that is equal exactly when the two values mean the same."""
        if isinstance(value, date) and is_old:
            return self.shift.align(value)
        if kind is Kind.IDS and isinstance(value, tuple):
            return tuple(sorted(value))
        return value

    def change(self, name: str, kind: Kind, old: Value, new: Value) -> FieldChange | None:
        """The change of one field, or None when the values mean the same."""
        if self.normal(kind, old, True) == self.normal(kind, new, False):
            return None
        delta, delta_pct = self._delta(kind, old, new)
        relative = kind is Kind.DATE and self.shift.relative and delta is not None
        return FieldChange(name, kind, old, new, delta, delta_pct, relative)

    def _delta(self, kind: Kind, old: Value, new: Value) -> tuple[Decimal | int | None,
                                                                   Decimal | None]:
        if isinstance(old, date) and isinstance(new, date):
            return self.shift.days(old, new), None
        numbers = isinstance(old, (Decimal, int)) and isinstance(new, (Decimal, int))
        if not numbers or (kind is Kind.MONEY and not self.same_currency):
            return None, None
        assert isinstance(old, (Decimal, int)) and isinstance(new, (Decimal, int))
        if kind is Kind.SHARE:
            return Decimal(new) - Decimal(old), None
        if kind in _ARITHMETIC:
            return new - old, percent_change(old, new)
        return None, None

    @property
    def on_calendar(self) -> Comparer:
        """A comparer of the same plans that compares dates on the calendar."""
        return Comparer(DateShift(0), self.same_currency)

    def fields(self, old: Sequence[Fact], new: Sequence[Fact],
               calendar_fields: frozenset[str] = frozenset()) -> tuple[FieldChange, ...]:
        """Every field whose value differs, in the order the format lists them.

        Dates named in ``calendar_fields`` are compared on the calendar, never by their
        place in the period.
        """
        old_by_name = {fact.name: fact for fact in old}
        new_by_name = {fact.name: fact for fact in new}
        changes = []
        for name in _union(old_by_name, new_by_name):
            before, after = old_by_name.get(name), new_by_name.get(name)
            kind = after.kind if after is not None else old_by_name[name].kind
            comparer = self.on_calendar if name in calendar_fields else self
            change = comparer.change(name, kind, None if before is None else before.value,
                                     None if after is None else after.value)
            if change is not None:
                changes.append(change)
        return tuple(changes)

    def content(self, facts: Iterable[Fact], is_old: bool) -> Hashable:
        """What must be equal for two items with different ids to be the same item."""
        return tuple(
            (fact.name, self.normal(fact.kind, fact.value, is_old))
            for fact in facts
            if fact.name != "id" and not is_empty(fact.value)
        )


def _union(first: dict[str, Fact], second: dict[str, Fact]) -> list[str]:
    return [*first, *(name for name in second if name not in first)]


def listed(facts: Iterable[Fact], added: bool) -> tuple[FieldChange, ...]:
    """The facts of an added (or removed) item as field changes from (or to) nothing."""
    return tuple(
        FieldChange(fact.name, fact.kind, None if added else fact.value,
                    fact.value if added else None)
        for fact in facts
        if not is_empty(fact.value)
    )
