"""Reading the cells of a row of actuals: dates, money and KPI values.

Dates are ``2027-03-01``, ``2027/3/1`` or ``2027年3月1日``; money and numbers follow the
plan's own syntax (:mod:`mktplan.load.values`), exact Decimal. Each reader raises
:class:`~mktplan.load.values.ValueSyntaxError` with a message in plain words; the
review's own (dates, a percentage) are a :class:`CellError` that also carries its
catalogue message.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal

from mktplan.findings import Message, msg
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


class CellError(ValueSyntaxError):
    """A cell the review cannot read, with its message for every language."""

    def __init__(self, message: Message) -> None:
        from mktplan.text.messages import ENGLISH, render

        super().__init__(render(message, ENGLISH))
        self.message = message


def cell_reason(exc: ValueSyntaxError) -> str | Message:
    """Why a cell cannot be read: a catalogue message where there is one."""
    return exc.message if isinstance(exc, CellError) else str(exc)


def parse_day(text: str) -> date:
    """A date written ``2027-03-01``, ``2027/3/1`` or ``2027年3月1日``."""
    match = _DATE.fullmatch(strip_space(text))
    if match is None:
        raise CellError(msg("review.cell.not-a-date", text=shown(text),
                            forms=Message("review.cell.date-forms")))
    year = int(match[1])
    month, day = (int(part) for part in match.groups()[1:] if part is not None)
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise CellError(msg("review.cell.implausible-year", text=shown(text),
                            first=str(MIN_YEAR), last=str(MAX_YEAR)))
    try:
        return date(year, month, day)
    except ValueError:
        raise CellError(msg("review.cell.not-calendar", text=shown(text))) from None


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
            raise CellError(msg("review.cell.percent-on-count", text=shown(text)))
        stripped = stripped[:-1]
    return parse_amount(stripped, "value", NUMBER)
