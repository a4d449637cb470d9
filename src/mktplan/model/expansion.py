"""How far a plan expands when it is built, and the one budget that bounds it.

A few lines of YAML can ask for millions of things: ``count: 100, per: day`` over three
years is 109,600 content slots, and 400 such calendar entries fit in 39 KB. Every place
where building turns one item of the plan into many is counted here, without expanding
anything, so that the rule ``schema-expansion-too-large`` refuses such a plan before
anything is built, and the view builder and the budget phasing refuse it even when they
are called directly.

The expansions, each counted at least as large as what the build makes of it:

- **calendar slots**: each content-calendar entry makes ``count`` slots a day, week or
  month of its window (the view keeps only the first 50,000 in date order, so
  this is the one expansion the build itself bounds);
- **calendar table cells**: the Markdown month × pillar table of slot counts, counted as
  the months the calendar's windows span × the pillars it schedules;
- **Gantt cells**: one per phase, task or milestone row and plan month (the Word Gantt
  table, the active-month flags of the view behind the Schedule sheet and the Markdown
  gantt);
- **budget months**: each recurring budget line spread over the months of its window,
  and each one-off line without ``from`` over the months of its activity or phase
  (the phasing, :mod:`mktplan.model.phasing`, behind the spend by month of the Word,
  Excel and Markdown budget and of ``diff``);
- **plan months**: the month columns and spend-by-month rows themselves.

Everything else the renderers make is one row, cell or paragraph per item of the plan,
which the file-size cap (``MKTPLAN_MAX_BYTES``) already bounds.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import date
from typing import NamedTuple

from mktplan.errors import ExpansionLimitError
from mktplan.findings import Message, Path, msg
from mktplan.model.plan import Plan
from mktplan.model.sections import CalendarRule
from mktplan.model.windows import Ties, months_touched

__all__ = ["DEFAULT_MAX_EXPANDED", "ENV_VARIABLE", "KINDS", "Item", "Measure",
           "ensure_within_limit", "max_expanded", "measure", "months_touched", "slot_count"]

DEFAULT_MAX_EXPANDED = 1_000_000
"""The most items a plan may expand to (all the expansions above added up).

The benchmark's huge plan (6,000 tasks, 4,000 budget lines, 36 months) expands to about
a third of it; a plan at the limit builds within the memory documented in
``docs/security.md``. The operator (not the plan) may change it with
``MKTPLAN_MAX_EXPANDED``.
"""
ENV_VARIABLE = "MKTPLAN_MAX_EXPANDED"

SLOTS, CALENDAR_TABLE, GANTT, BUDGET_MONTHS, PLAN_MONTHS = (
    "calendar slots", "calendar table cells", "Gantt cells", "budget months", "plan months")
KINDS = (PLAN_MONTHS, SLOTS, CALENDAR_TABLE, GANTT, BUDGET_MONTHS)
"""The expansions, in the order they are counted."""


def max_expanded() -> int:
    """The limit: ``MKTPLAN_MAX_EXPANDED`` when it is a whole number, else the default."""
    value = os.environ.get(ENV_VARIABLE, "").strip().replace("_", "")
    return int(value) if value.isdigit() else DEFAULT_MAX_EXPANDED


def slot_count(rule: CalendarRule, start: date, end: date) -> int:
    """How many slots :func:`mktplan.render.calendar.slot_dates` makes, without making them."""
    if end < start:
        return 0
    if rule.per == "day":
        return ((end - start).days + 1) * rule.count
    if rule.per == "week":
        weeks, rest = divmod((end - start).days + 1, 7)
        # in the last, partial week only the slots that fall within its first days remain
        return weeks * rule.count + sum(1 for i in range(rule.count) if i * 7 // rule.count < rest)
    return months_touched(start, end) * rule.count


class Item(NamedTuple):
    """One item of the plan and how many things it expands to."""

    kind: str
    path: Path
    size: int


def items(plan: Plan) -> Iterator[Item]:
    """Every expanding item of the plan, in counting order (see :data:`KINDS`)."""
    period = plan.meta.period
    months = months_touched(period.start, period.end)
    yield Item(PLAN_MONTHS, ("meta", "period"), months)
    yield from _calendar(plan)
    execution = plan.execution
    if execution is not None:
        for section in ("phases", "tasks", "milestones"):
            for index in range(len(getattr(execution, section))):
                yield Item(GANTT, ("execution", section, index), months)
    yield from _budget(plan)


def _calendar(plan: Plan) -> Iterator[Item]:
    calendar = plan.calendar
    if not calendar:
        return
    period = plan.meta.period
    first, last, pillars = date.max, date.min, set()
    for index, rule in enumerate(calendar):
        start, end = rule.from_ or period.start, rule.to or period.end
        yield Item(SLOTS, ("strategy", "content", "calendar", index), slot_count(rule, start, end))
        if start <= end:
            first, last = min(first, start), max(last, end)
            pillars.add(rule.pillar)
    yield Item(CALENDAR_TABLE, ("strategy", "content", "calendar"),
               months_touched(first, last) * len(pillars))


def _budget(plan: Plan) -> Iterator[Item]:
    if plan.budget is None:
        return
    period = plan.meta.period
    ties = Ties(plan)
    for index, line in enumerate(plan.budget.lines):
        if line.per != "once":
            start, end = line.from_ or period.start, line.to or period.end
            yield Item(BUDGET_MONTHS, ("budget", "lines", index), months_touched(start, end))
        elif line.from_ is None and (tied := ties.window(line)) is not None:
            yield Item(BUDGET_MONTHS, ("budget", "lines", index), months_touched(*tied[1:]))


class Measure(NamedTuple):
    """A plan's expansion: the total, by kind, and the item that first went over the limit."""

    total: int
    by_kind: dict[str, int]
    limit: int
    culprit: Item | None
    """The item whose count took the running total past the limit (None: within it)."""

    @property
    def within(self) -> bool:
        """Whether the plan stays within the limit."""
        return self.culprit is None

    def message(self) -> str:
        """:meth:`detail` in English."""
        from mktplan.text.messages import ENGLISH, render

        return render(self.detail(), ENGLISH)

    def detail(self) -> Message:
        """What the total is, what it is made of, the limit, and how to get under it."""
        parts = tuple(msg(f"expansion.count.{_SLUGS[kind]}", n=count)
                      for kind, count in self.by_kind.items() if count)
        culprit = self.culprit or Item(SLOTS, (), 0)
        slug = _SLUGS[culprit.kind]
        return msg("expansion.too-large", total=self.total, parts=parts, limit=self.limit,
                   what=msg(f"expansion.what.{slug}", n=culprit.size),
                   advice=msg(f"expansion.advice.{slug}"), variable=ENV_VARIABLE)


#: each expansion's name in the message catalogues (expansion.count.*, .what.*, .advice.*)
_SLUGS = {PLAN_MONTHS: "plan-months", SLOTS: "slots", CALENDAR_TABLE: "calendar-table",
          GANTT: "gantt", BUDGET_MONTHS: "budget-months"}


def measure(plan: Plan, limit: int | None = None) -> Measure:
    """Count the plan's expansion (cheap: nothing is expanded) against ``limit``."""
    limit = max_expanded() if limit is None else limit
    by_kind = dict.fromkeys(KINDS, 0)
    total, culprit = 0, None
    for item in items(plan):
        total += item.size
        by_kind[item.kind] += item.size
        if culprit is None and total > limit:
            culprit = item
    return Measure(total, by_kind, limit, culprit)


def ensure_within_limit(plan: Plan) -> None:
    """Raise :class:`ExpansionLimitError` when the plan expands beyond the limit."""
    result = measure(plan)
    if not result.within:
        raise ExpansionLimitError(result.message())
