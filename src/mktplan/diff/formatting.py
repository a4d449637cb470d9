"""How the human reports (text and Markdown) write values and changes.

Money uses the shared :class:`~mktplan.text.formatter.Formatter` with every digit
shown (``¥1,200,000``) in each plan's own currency; a change is written
``+¥120,000 (+18%)``; a date change ``+7 days``, or ``8 days earlier in the plan
year`` when the plans cover different periods. Machine output does not come here:
see :mod:`.report_json`.

When both plans are in Chinese (``meta.language: zh-CN``), the human reports are too:
money as the deliverables write it (``63万元``), dates as ``2027年3月1日``, and every
label from the message catalogues (:mod:`mktplan.text.messages`).
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import date
from decimal import Decimal

from mktplan.diff.model import ChangeKind, FieldChange, Kind, PlanDiff, SummaryRow, Value
from mktplan.model.types import Portion
from mktplan.text.escaping import printable
from mktplan.text.figures import trim
from mktplan.text.formatter import Formatter

MISSING = "—"
KIND_ORDER = (ChangeKind.ADDED, ChangeKind.REMOVED, ChangeKind.RENAMED, ChangeKind.CHANGED)
_LINE_BREAKS = re.compile(r"\r\n|\r|\n|\u2028|\u2029")
#: what :func:`~mktplan.text.escaping.printable` changes: control and bidi characters, tabs
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def format_value(kind: Kind, value: Value, formatter: Formatter) -> str:
    """A value as people read it; ``—`` for nothing. Text is returned as it is."""
    if value is None or value == ():
        return MISSING
    if isinstance(value, Portion):
        if value.share is not None:
            return formatter.percent(value.share, 2)
        return formatter.money(value.amount)
    if isinstance(value, date):
        return formatter.date(value) if formatter.chinese else value.isoformat()
    if isinstance(value, tuple):
        return ", ".join(value) if kind is Kind.IDS else "; ".join(value)
    if isinstance(value, (Decimal, int)):
        return format_number(kind, value, formatter)
    return value


def format_number(kind: Kind, value: Decimal | int, formatter: Formatter) -> str:
    """A number of the given kind: money, share, ratio or plain."""
    if kind is Kind.MONEY:
        return formatter.money(Decimal(value))
    if kind is Kind.SHARE:
        return formatter.percent(Decimal(value), 2)
    if kind is Kind.RATIO:
        return formatter.ratio(Decimal(value))
    return formatter.number(value)


class HumanFormat:
    """Formats the values and changes of one diff for people, in the plans' language."""

    def __init__(self, diff: PlanDiff) -> None:
        self.language = diff.language
        self.old = Formatter(self.language, diff.old.currency)
        self.new = Formatter(self.language, diff.new.currency)
        self.plan_year = diff.month_shift % 12 == 0

    def date(self, value: date) -> str:
        """A date of the plans' sides: ``2027-03-01``; in Chinese ``2027年3月1日``."""
        return self.new.date(value) if self.new.chinese else value.isoformat()

    def say(self, key: str, **args: object) -> str:
        """The catalogue message ``key`` in the report's language."""
        from mktplan.text.messages import say

        return say(key, self.language, **args)

    def section(self, path: str) -> str:
        """A section's title (``Budget lines``)."""
        slug = path.replace(".", "-")
        return self.say(f"diff.section.{slug}")

    def tally(self, counts: Counter[ChangeKind]) -> str:
        """``2 added, 1 changed``."""
        return self.say("diff.separator").join(
            self.say(f"diff.kind.{kind.value}", n=counts[kind])
            for kind in KIND_ORDER if counts[kind])

    def label(self, row: SummaryRow) -> str:
        """A summary row's label in the report's language (``Budget total``).

        A figure the catalogues do not name (yet) keeps its English label.
        """
        from mktplan.text.messages import catalogue

        key = row.key
        if self.language == "en" or len(key) not in (2, 3):
            return row.label
        if key[0] == "goals":
            name, what = key[1], key[2]
        else:
            name, what = (key[2] if len(key) == 3 else ""), key[1]
        slug = what.replace("_", "-")
        if f"diff.figure.{key[0]}.{slug}" not in catalogue(self.language):
            return row.label
        return self.say(f"diff.figure.{key[0]}.{slug}", name=name)

    def value(self, kind: Kind, value: Value, old_side: bool = False) -> str:
        """A value as people read it, in its plan's currency; ``—`` for nothing."""
        return format_value(kind, value, self.old if old_side else self.new)

    def number(self, kind: Kind, value: Decimal | int) -> str:
        """A number of the new plan (a change) as people read it."""
        return format_number(kind, value, self.new)

    def delta(self, change: FieldChange) -> str:
        """The change as people read it: ``+¥120,000 (+18%)``, ``+7 days``; empty if none."""
        delta = change.delta
        if delta is None:
            return ""
        if change.kind is Kind.DATE:
            return self.days(int(delta), change.relative)
        sign = "+" if delta > 0 else ""
        if change.kind is Kind.SHARE:
            return self.say("diff.points", points=f"{sign}{trim(Decimal(delta) * 100, 2)}")
        if change.kind is Kind.RATIO:
            return f"{sign}{trim(Decimal(delta), 2)}" + self.percent(change.delta_pct)
        return sign + self.number(change.kind, delta) + self.percent(change.delta_pct)

    def percent(self, delta_pct: Decimal | None) -> str:
        """`` (+18%)`` (Chinese ``（+18%）``) after an absolute change; empty when none."""
        if delta_pct is None:
            return ""
        return self.new.paren(f"{'+' if delta_pct > 0 else ''}{trim(delta_pct, 1)}%")

    def days(self, count: int, relative: bool) -> str:
        """``+7 days``, or ``8 days earlier in the plan year`` for a relative comparison."""
        days = self.say("diff.days", count=str(abs(count)), n=abs(count))
        if not relative:
            return f"{'+' if count > 0 else '-'}{days}"
        direction = "later" if count > 0 else "earlier"
        where = "plan-year" if self.plan_year else "plan-start"
        return self.say(f"diff.shifted.{direction}.{where}", days=days)


def list_changes(change: FieldChange) -> tuple[list[str], list[str]]:
    """The elements a list field gained and lost (ids as sets, texts as multisets)."""
    old = list(change.old) if isinstance(change.old, tuple) else []
    new = list(change.new) if isinstance(change.new, tuple) else []
    if change.kind is Kind.IDS:
        return sorted(set(new) - set(old)), sorted(set(old) - set(new))
    return _not_in(new, old), _not_in(old, new)


def _not_in(elements: list[str], other: list[str]) -> list[str]:
    """The elements (in order, repeats counted) that ``other`` does not have."""
    available = Counter(other)
    result = []
    for element in elements:
        if available[element] > 0:
            available[element] -= 1
        else:
            result.append(element)
    return result


def one_line(text: str) -> str:
    """Text on one line, with control and direction characters made visible."""
    flat = _LINE_BREAKS.sub(" ", text)
    return printable(flat) if _UNPRINTABLE.search(flat) else flat
