"""Expansion of content-calendar cadence rules ("2 short videos a week") into dated slots."""

from __future__ import annotations

import calendar as _calendar
from collections.abc import Iterator
from datetime import date, timedelta

from mktplan.model.sections import CalendarRule

#: a plan's calendar is cut here (with a note) rather than filling a sheet with millions of rows
MAX_SLOTS = 50_000


def slot_dates(rule: CalendarRule, start: date, end: date) -> Iterator[date]:
    """The dates of the rule's slots between ``start`` and ``end``, evenly spread."""
    if end < start:
        return
    if rule.per == "day":
        day = start
        while day <= end:
            for _ in range(rule.count):
                yield day
            day += timedelta(days=1)
    elif rule.per == "week":
        week = start
        while week <= end:
            for i in range(rule.count):
                day = week + timedelta(days=i * 7 // rule.count)
                if day <= end:
                    yield day
            week += timedelta(days=7)
    else:
        yield from _monthly(rule.count, start, end)


def _monthly(count: int, start: date, end: date) -> Iterator[date]:
    month = date(start.year, start.month, 1)
    while month <= end:
        last = date(month.year, month.month, _calendar.monthrange(month.year, month.month)[1])
        first_day, last_day = max(month, start), min(last, end)
        length = (last_day - first_day).days + 1
        for i in range(count):
            yield first_day + timedelta(days=i * length // count)
        month = last + timedelta(days=1)
