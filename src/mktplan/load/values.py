"""Parsing of the plan format's value syntaxes: money, numbers, shares and dates.

Every function takes the text the user wrote (the loader keeps scalars verbatim)
and raises :class:`ValueSyntaxError` with a plain-words message on bad input.
Money is exact :class:`~decimal.Decimal` arithmetic from the characters; binary
floating point is never involved.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation, localcontext
from typing import Literal, NamedTuple

from mktplan.load import grammar
from mktplan.load.grammar import SPACE_CHARS, UNIT_EXPONENTS

#: amounts at or above this are refused as typos (a quadrillion in any currency)
MONEY_LIMIT = Decimal(10) ** 15
MAX_PLAN_MONTHS = 36
#: how many digits a plan month's number may have (``M3``, ``M03``)
PLAN_MONTH_DIGITS = 2
#: dates outside these years are typos; the bound also keeps date arithmetic from overflowing
MIN_YEAR, MAX_YEAR = 1900, 2199
#: a percentage's number is this many times the share it stands for
PER_CENT = Decimal(100)
_UNITS = {unit: Decimal(10) ** exponent for unit, exponent in UNIT_EXPONENTS.items()}
# Each parser matches the whole text (``fullmatch``) against a layout of the value grammar,
# the layouts the JSON Schema's patterns are generated from (mktplan.model.patterns).
_AMOUNT = re.compile(grammar.amount())
_SHARE = re.compile(grammar.percentage())
_FRACTION = re.compile(grammar.fraction())
_CHANGE = re.compile(grammar.change())
_ISO = re.compile(grammar.iso_date())
_RELATIVE = re.compile(grammar.launch_offset())
_MONTH = re.compile(grammar.plan_month(digits=PLAN_MONTH_DIGITS))


def strip_space(text: str) -> str:
    """``text`` without the white space the grammar allows around a value."""
    return text.strip(SPACE_CHARS)


class ValueSyntaxError(ValueError):
    """A value whose text does not follow the format's syntax."""


def parse_amount(text: str, what: str = "amount") -> Decimal:
    """Parse ``3000000``, ``"3,000,000"``, ``"300万"``, ``"1.5亿"`` or ``-20`` exactly."""
    match = _AMOUNT.fullmatch(text)
    if match is None:
        lowered = text.strip().lower()
        if lowered.lstrip("+-.") in {"inf", "infinity", "nan"}:
            raise ValueSyntaxError(f"{what} must be a finite number, not '{text}'")
        raise ValueSyntaxError(
            f"'{text}' is not a valid {what}: write digits, optionally with thousands "
            "separators or a Chinese unit (3000000, \"3,000,000\", \"300万\", \"1.5亿\")"
        )
    number = match["number"].replace(",", "")
    try:
        with localcontext() as exact:  # enough digits that the product is never rounded
            exact.prec = len(number) + 10
            value = Decimal(number) * _UNITS[match["unit"]]
    except InvalidOperation as exc:  # pragma: no cover - the regex admits only digits
        raise ValueSyntaxError(f"'{text}' is not a valid {what}") from exc
    if value.copy_abs() >= MONEY_LIMIT:  # copy_abs, unlike abs(), does not round
        raise ValueSyntaxError(f"{what} '{text}' is implausibly large (10^15 or more)")
    if value == value.to_integral_value():
        value = value.quantize(Decimal(1))  # "1.5亿" is 150000000, not 150000000.0
    return value.copy_negate() if match["sign"] == "-" else value


def parse_share(text: str) -> Decimal:
    """Parse a share: ``"5%"`` or a number between 0 and 1; returns a fraction."""
    percent = _SHARE.fullmatch(text)
    fraction = None if percent else _FRACTION.fullmatch(text)
    if percent is not None:
        value = Decimal(percent["number"]) / PER_CENT
    elif fraction is not None:
        value = Decimal(fraction["number"])
    else:
        raise ValueSyntaxError(
            f"'{text}' is not a share: write a percentage (\"5%\") or a number from 0 to 1")
    if not Decimal(0) <= value <= Decimal(1):
        raise ValueSyntaxError(f"share '{text}' must lie between 0% and 100%")
    return value


def parse_change(text: str) -> Decimal:
    """Parse a relative change such as ``"+50%"`` or ``"-20%"``; returns a fraction."""
    match = _CHANGE.fullmatch(text)
    if match is None:
        raise ValueSyntaxError(
            f"'{text}' is not a relative change: write a signed percentage such as \"+50%\""
        )
    value = Decimal(match["number"]) / PER_CENT
    return -value if match["sign"] == "-" else value


DateRole = Literal["start", "end"]


class DateSpec(NamedTuple):
    """A date as written: absolute, relative to the launch day, or a plan month."""

    kind: Literal["iso", "launch", "month"]
    text: str
    iso: date | None = None
    offset: int = 0  # days from launch, or the plan month number


def parse_date_spec(text: str) -> DateSpec:
    """Parse ``2027-03-01``, ``T``, ``T-30``, ``T+7`` or ``M3`` (without resolving it)."""
    stripped = strip_space(text)
    iso = _ISO.fullmatch(text)
    if iso is not None:
        year, month, day = (int(part) for part in iso["iso"].split("-"))
        try:
            day_written = date(year, month, day)
        except ValueError:
            raise ValueSyntaxError(f"'{text}' is not a calendar date ({_why_bad(year, month, day)})"
                                   ) from None
        if not MIN_YEAR <= year <= MAX_YEAR:
            raise ValueSyntaxError(
                f"'{text}' is not a plausible plan date: use a year from {MIN_YEAR} to {MAX_YEAR}")
        return DateSpec("iso", stripped, iso=day_written)
    relative = _RELATIVE.fullmatch(text)
    if relative is not None:
        days = int(relative["days"] or 0)
        return DateSpec("launch", stripped, offset=-days if relative["sign"] == "-" else days)
    plan_month = _MONTH.fullmatch(text)
    if plan_month is not None:
        number = int(plan_month["month"])
        if not 1 <= number <= MAX_PLAN_MONTHS:
            raise ValueSyntaxError(f"plan month '{text}' must be between M1 and M{MAX_PLAN_MONTHS}")
        return DateSpec("month", stripped, offset=number)
    raise ValueSyntaxError(
        f"'{text}' is not a date: write 2027-03-01, T, T-30, T+7 (days from meta.launch) "
        "or M3 (plan month)"
    )


def _why_bad(year: int, month: int, day: int) -> str:
    if not 1 <= month <= 12:
        return f"there is no month {month}"
    if year < 1:
        return "the year must be 1 or later"
    days = calendar.monthrange(year, month)[1]
    return f"{calendar.month_name[month]} {year} has {days} days"


Anchor = Literal["launch", "period_start"]


class AnchorMissingError(ValueSyntaxError):
    """A relative date whose anchor (launch day or period start) is not set."""

    def __init__(self, message: str, anchor: Anchor) -> None:
        super().__init__(message)
        self.anchor = anchor


def add_months(day: date, months: int) -> date:
    """The first day of the month ``months`` after ``day``'s month."""
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def resolve_date(spec: DateSpec, role: DateRole, launch: date | None,
                 period_start: date | None) -> date:
    """Turn a :class:`DateSpec` into a date; ``role`` picks a plan month's first or last day."""
    if spec.kind == "iso":
        assert spec.iso is not None
        return spec.iso
    if spec.kind == "launch":
        if launch is None:
            raise AnchorMissingError(
                f"'{spec.text}' counts days from the launch day, but meta.launch is not set",
                "launch",
            )
        return launch + timedelta(days=spec.offset)
    if period_start is None:
        raise AnchorMissingError(
            f"'{spec.text}' is a plan month, but meta.period.start is not set",
            "period_start",
        )
    first = add_months(period_start, spec.offset - 1)
    if role == "start":
        return first
    return add_months(first, 1) - timedelta(days=1)
