"""Calendar months and the windows of budget lines: what each month of a window holds.

A window is a pair of dates, both included. A month it covers from its first to its
last day counts 1; a month it covers in part counts the share of that month's days it
covers (15 of 31 days: 15/31). These shares are exact fractions, so that a full year of
a monthly line is twelve equal months in a leap year as in any other.
"""

from __future__ import annotations

import calendar
from datetime import date
from fractions import Fraction

from mktplan.model.plan import Plan
from mktplan.model.sections import BudgetLine


def month_start(day: date) -> date:
    """The first day of ``day``'s month."""
    return day.replace(day=1)


def next_month(month: date) -> date:
    """The first day of the month after ``month``'s."""
    return date(month.year + month.month // 12, month.month % 12 + 1, 1)


def days_in_month(day: date) -> int:
    """How many days ``day``'s month has (28 to 31)."""
    return calendar.monthrange(day.year, day.month)[1]


def months_touched(start: date, end: date) -> int:
    """How many calendar months the window touches: none when ``end`` is in an earlier month."""
    return max(0, (end.year - start.year) * 12 + end.month - start.month + 1)


def month_starts(start: date, end: date) -> list[date]:
    """First days of every calendar month that the window touches."""
    months = []
    current = month_start(start)
    while current <= end:
        months.append(current)
        current = next_month(current)
    return months


def month_share(month: date, start: date, end: date) -> Fraction:
    """The share of ``month``'s days that lie in the window (1 for a month it covers)."""
    last = month.replace(day=days_in_month(month))
    days = (min(last, end) - max(month, start)).days + 1
    return Fraction(max(days, 0), days_in_month(month))


def month_shares(start: date, end: date) -> list[tuple[date, Fraction]]:
    """Every month the window touches, with the share of the month's days it covers."""
    return [(month, month_share(month, start, end)) for month in month_starts(start, end)]


def calendar_months(start: date, end: date) -> Fraction:
    """Months from ``start`` to ``end`` inclusive: full months 1, a partial one by its days.

    The sum of :func:`month_shares`, worked out without walking the months.
    """
    if end < start:
        return Fraction(0)
    first = month_start(start)
    if first == month_start(end):
        return month_share(first, start, end)
    inner = months_touched(start, end) - 2
    return (month_share(first, start, end) + inner
            + month_share(month_start(end), start, end))


def line_window(line: BudgetLine, plan: Plan) -> tuple[date, date]:
    """The dates a budget line runs: its from/to, defaulting to the plan period."""
    period = plan.meta.period
    return (line.from_ or period.start, line.to or period.end)


class Ties:
    """The windows that one-off lines without ``from`` are spent across, by id."""

    def __init__(self, plan: Plan) -> None:
        # the first of a duplicated id, as the references rules read it
        self._activities: dict[str, tuple[date, date]] = {}
        for activity in plan.activities:
            self._activities.setdefault(activity.id, (activity.start, activity.end))
        self._phases: dict[str, tuple[date, date]] = {}
        for phase in plan.phases:
            self._phases.setdefault(phase.id, (phase.start, phase.end))

    def window(self, line: BudgetLine) -> tuple[str, date, date] | None:
        """The line's activity's window, else its phase's; None if it names neither.

        An id the plan does not have counts as not named. Returns what the window is of
        (``"activity"`` or ``"phase"``), its start and end.
        """
        if line.activity is not None and line.activity in self._activities:
            return ("activity", *self._activities[line.activity])
        if line.phase is not None and line.phase in self._phases:
            return ("phase", *self._phases[line.phase])
        return None
