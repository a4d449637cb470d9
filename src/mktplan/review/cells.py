"""Reading the cells of a row of actuals: dates, money and KPI values.

Dates are ``2027-03-01``, ``2027/3/1`` or ``2027年3月1日``; money and numbers follow the
plan's own syntax (:mod:`mktplan.load.values`), exact Decimal. Each reader raises
:class:`~mktplan.load.values.ValueSyntaxError` with a message in plain words.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal

from mktplan.load.values import (
    MAX_YEAR,
    MIN_YEAR,
    MONEY,
    NUMBER,
    ValueSyntaxError,
    parse_amount,
    shown,
    strip_space,
)

_DATE = re.compile(r"(\d{4})(?:-(\d{1,2})-(\d{1,2})|/(\d{1,2})/(\d{1,2})|年(\d{1,2})月(\d{1,2})日)")
_DATE_FORMS = "2027-03-01, 2027/3/1 or 2027年3月1日"


def parse_day(text: str) -> date:
    """A date written ``2027-03-01``, ``2027/3/1`` or ``2027年3月1日``."""
    match = _DATE.fullmatch(strip_space(text))
    if match is None:
        raise ValueSyntaxError(f"'{shown(text)}' is not a date: write {_DATE_FORMS}")
    year = int(match[1])
    month, day = (int(part) for part in match.groups()[1:] if part is not None)
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise ValueSyntaxError(f"'{shown(text)}' is not a plausible date: use a year from "
                               f"{MIN_YEAR} to {MAX_YEAR}")
    try:
        return date(year, month, day)
    except ValueError:
        raise ValueSyntaxError(f"'{shown(text)}' is not a calendar date") from None


def cell_day(value: object) -> date:
    """A date cell: text as :func:`parse_day` reads it, or an .xlsx date."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return parse_day(cell_text(value))


def cell_text(value: object) -> str:
    """A cell as text: .xlsx numbers without a binary-float tail (``12000.0`` → ``12000``)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            return repr(value)
        return format(Decimal(repr(value)).normalize(), "f")
    return str(value).strip()


def parse_money(text: str) -> Decimal:
    """Money in the plan's syntax: ``12000``, ``"12,000"``, ``"1.2万"``, exact."""
    return parse_amount(text, "amount", MONEY)


def parse_value(text: str, percent: bool) -> Decimal:
    """A KPI value: a number in the plan's syntax, or ``12.5%`` when the KPI is a percentage.

    A percent KPI's value is its number of per cent (``12.5%`` and ``12.5`` are both 12.5),
    as the plan writes its baseline and target.
    """
    stripped = strip_space(text)
    if stripped.endswith("%"):
        if not percent:
            raise ValueSyntaxError(f"'{shown(text)}' is a percentage, but the KPI is not "
                                   "measured in %; write the number alone")
        stripped = stripped[:-1]
    return parse_amount(stripped, "value", NUMBER)
