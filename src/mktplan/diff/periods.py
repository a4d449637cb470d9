"""Comparing dates of two plans that cover different periods.

When the new plan starts twelve months after the old one, a task on 2026-03-02 that
moved to 2027-02-22 is *8 days earlier in the plan year*, not 357 days later. So an
old date is first moved by the whole months between the two periods' first months
(the last day of a month stays the last day: ``M2`` as an end is Feb 28 or 29),
then compared.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date


def month_index(day: date) -> int:
    """Months since year 0: consecutive months have consecutive indices."""
    return day.year * 12 + day.month - 1


def _last_day(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


def shift_months(day: date, months: int) -> date:
    """``day`` moved by ``months`` whole months; a month's last day stays a last day."""
    if months == 0:
        return day
    year, month0 = divmod(month_index(day) + months, 12)
    month = month0 + 1
    last = _last_day(year, month)
    if day.day == _last_day(day.year, day.month):
        return date(year, month, last)
    return date(year, month, min(day.day, last))


@dataclass(frozen=True)
class DateShift:
    """How far the new plan's period is moved from the old one's, in whole months."""

    months: int

    @classmethod
    def between(cls, old_start: date, new_start: date) -> DateShift:
        """The shift between two periods, from their start dates."""
        return cls(month_index(new_start) - month_index(old_start))

    @property
    def relative(self) -> bool:
        """Whether dates are compared by their place in the period rather than the calendar."""
        return self.months != 0

    def align(self, old: date) -> date:
        """An old plan's date moved to the same place in the new plan's period."""
        return shift_months(old, self.months)

    def days(self, old: date, new: date) -> int:
        """How many days later (negative: earlier) ``new`` is than the aligned ``old``."""
        return (new - self.align(old)).days


def plan_month(day: date, period_start: date) -> int:
    """The plan month (1 for the month of ``period_start``) that ``day`` falls in."""
    return month_index(day) - month_index(period_start) + 1
