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
from decimal import Decimal
from typing import Literal, NamedTuple

from mktplan.findings import Message, msg
from mktplan.load import grammar
from mktplan.load.grammar import SPACE_CHARS, UNIT_EXPONENTS

MAX_PLAN_MONTHS = 36
#: how many digits a plan month's number may have (``M3``, ``M03``)
PLAN_MONTH_DIGITS = 2
#: dates outside these years are typos; the bound also keeps date arithmetic from overflowing
MIN_YEAR, MAX_YEAR = 1900, 2199
#: a percentage's number is this many times the share it stands for
PER_CENT = Decimal(100)


class Bound(NamedTuple):
    """How large and how fine a kind of number may be, checked before any arithmetic.

    A bounded number has at most ``digits + places`` significant digits (21 at most),
    well inside the 28 of Python's default decimal context, so reading it is exact;
    what arithmetic makes of such numbers is rounded for people by
    :func:`mktplan.text.figures.round_to`, which never runs out of digits.
    """

    digits: int
    """The value is below 10^digits in size."""
    places: int
    """At most this many digits after the decimal point (trailing zeros do not count)."""


#: money: below a quadrillion in any currency, to a hundredth of a cent (costs per click)
MONEY = Bound(15, 4)
#: other numbers: goal and KPI baselines and targets, budget quantities
NUMBER = Bound(15, 6)
#: a share as a percentage (12.3456%) or as a fraction (0.123456)
SHARE_PERCENT = Bound(3, 4)
SHARE_FRACTION = Bound(1, 6)
#: a relative change as a percentage; see CHANGE_LIMIT_PERCENT for its range
CHANGE_PERCENT = Bound(6, 4)
#: amounts at or above this are refused as typos (a quadrillion in any currency)
MONEY_LIMIT = Decimal(10) ** MONEY.digits
#: a relative change moves a target at most 1,000-fold (max_growth's ceiling) either way
CHANGE_LIMIT_PERCENT = Decimal(100_000)
#: whole numbers: a segment's size, a team role's headcount
SIZE_LIMIT = 10**12
HEADCOUNT_LIMIT = 10**6
#: how much of a long value messages repeat
_SHOWN_CHARACTERS = 32

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
    """A value whose text does not follow the format's syntax, or lies outside its bounds.

    Raised with a catalogue :class:`~mktplan.findings.Message` (kept as :attr:`detail`,
    for other languages) or with English text; ``str()`` is the English text.
    """

    def __init__(self, message: str | Message) -> None:
        self.detail = message if isinstance(message, Message) else None
        super().__init__(message if isinstance(message, str) else "")

    def __str__(self) -> str:
        if self.detail is None:
            return super().__str__()
        from mktplan.text.messages import ENGLISH, render

        return render(self.detail, ENGLISH)


def shown(text: str) -> str:
    """A value as messages repeat it: in full, or only its start when it is long."""
    if len(text) <= _SHOWN_CHARACTERS:
        return text
    return f"{text[:_SHOWN_CHARACTERS]}… ({len(text):,} characters)"


def decimal_places(value: Decimal) -> int:
    """Digits after the decimal point, trailing zeros aside: ``0.050`` → 2, ``1E+3`` → 0."""
    digits, exponent = value.as_tuple().digits, _exponent(value)
    significant = len(digits)
    while significant > 1 and digits[significant - 1] == 0:
        significant -= 1
    return max(0, -exponent - (len(digits) - significant)) if any(digits) else 0


def bounded(number: str, scale: int, bound: Bound, what: str, text: str,
            too_large: Message | None = None) -> Decimal:
    """The exact value of ``number`` × 10^scale, refused when outside ``bound``.

    ``number`` is digits (ASCII or full-width) with an optional decimal point, of any
    length: its size and decimals are judged before anything is computed from it, so a
    500-digit value gets a message about ``what`` (as written: ``text``), not an
    arithmetic error later. ``too_large`` replaces the message for a value that is too
    large. ``what`` names the kind of value: ``values.what.<what>`` in the catalogues
    (``money``, ``number``, ``amount``, ``value``, ``share``, ``change``).
    """
    digits = Decimal(number)  # exact however long: construction never rounds
    if digits and digits.adjusted() + scale >= bound.digits:
        raise ValueSyntaxError(too_large or msg("values.too-large", what=_what(what),
                                                text=shown(text), digits=str(bound.digits)))
    places = decimal_places(digits) - scale
    if places > bound.places:
        raise ValueSyntaxError(msg("values.decimal-places", what=_what(what), text=shown(text),
                                   places=places, most=bound.places))
    value = digits.scaleb(scale)  # rounds away nothing but zeros: the value is exact
    if value == value.to_integral_value():
        return value.quantize(Decimal(1))  # "1.5亿" is 150000000, not 150000000.0
    if -_exponent(value) > bound.places:  # only zeros lie beyond: drop them
        return value.quantize(Decimal(1).scaleb(-bound.places))
    return value


def _what(what: str) -> Message:
    return msg(f"values.what.{what}")


def _exponent(value: Decimal) -> int:
    exponent = value.as_tuple().exponent
    assert isinstance(exponent, int), "only finite numbers are read"
    return exponent


def _signed(number: str) -> tuple[bool, str]:
    """A number as the grammar captures it, split into (negative, unsigned digits)."""
    return number.startswith("-"), number.lstrip("+-")


def parse_amount(text: str, what: str = "amount", bound: Bound = MONEY) -> Decimal:
    """Parse ``3000000``, ``"3,000,000"``, ``"300万"``, ``"1.5亿"`` or ``-20`` exactly.

    ``bound`` says how large and how fine the number may be (money's, by default).
    """
    match = _AMOUNT.fullmatch(text)
    if match is None:
        lowered = text.strip().lower()
        if lowered.lstrip("+-.") in {"inf", "infinity", "nan"}:
            raise ValueSyntaxError(msg("values.not-finite", what=_what(what), text=text))
        raise ValueSyntaxError(msg("values.bad-amount", text=shown(text), what=_what(what)))
    value = bounded(match["number"].replace(",", ""), UNIT_EXPONENTS[match["unit"]], bound,
                    what, text)
    return value.copy_negate() if match["sign"] == "-" else value


def parse_share(text: str) -> Decimal:
    """Parse a share: ``"5%"`` or a number between 0 and 1; returns a fraction."""
    outside = msg("values.share-outside", text=shown(text))
    percent = _SHARE.fullmatch(text)
    fraction = None if percent else _FRACTION.fullmatch(text)
    if percent is not None:
        negative, digits = _signed(percent["number"])
        value = bounded(digits, 0, SHARE_PERCENT, "share", text, outside) / PER_CENT
    elif fraction is not None:
        negative, digits = _signed(fraction["number"])
        value = bounded(digits, 0, SHARE_FRACTION, "share", text, outside)
    else:
        raise ValueSyntaxError(msg("values.bad-share", text=shown(text)))
    if negative and value:
        value = value.copy_negate()
    if not Decimal(0) <= value <= Decimal(1):
        raise ValueSyntaxError(outside)
    return value


def parse_change(text: str) -> Decimal:
    """Parse a relative change such as ``"+50%"`` or ``"-20%"``; returns a fraction."""
    match = _CHANGE.fullmatch(text)
    if match is None:
        raise ValueSyntaxError(msg("values.bad-change", text=shown(text)))
    too_large = msg("values.change-too-large", text=shown(text),
                    limit=int(CHANGE_LIMIT_PERCENT))
    percentage = bounded(match["number"], 0, CHANGE_PERCENT, "change", text, too_large)
    if percentage > CHANGE_LIMIT_PERCENT:
        raise ValueSyntaxError(too_large)
    value = percentage / PER_CENT  # exact: a bounded percentage has few digits
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
            raise ValueSyntaxError(msg("values.not-calendar-date", text=text,
                                       why=_why_bad(year, month, day))) from None
        if not MIN_YEAR <= year <= MAX_YEAR:
            raise ValueSyntaxError(msg("values.implausible-year", text=text, low=str(MIN_YEAR),
                                       high=str(MAX_YEAR)))
        return DateSpec("iso", stripped, iso=day_written)
    relative = _RELATIVE.fullmatch(text)
    if relative is not None:
        days = int(relative["days"] or 0)
        return DateSpec("launch", stripped, offset=-days if relative["sign"] == "-" else days)
    plan_month = _MONTH.fullmatch(text)
    if plan_month is not None:
        number = int(plan_month["month"])
        if not 1 <= number <= MAX_PLAN_MONTHS:
            raise ValueSyntaxError(msg("values.plan-month-range", text=text,
                                       most=MAX_PLAN_MONTHS))
        return DateSpec("month", stripped, offset=number)
    raise ValueSyntaxError(msg("values.bad-date", text=text))


def _why_bad(year: int, month: int, day: int) -> Message:
    if not 1 <= month <= 12:
        return msg("values.why.no-month", month=month)
    if year < 1:
        return msg("values.why.year")
    days = calendar.monthrange(year, month)[1]
    return msg("values.why.days", month=msg(f"values.month.{month}"), year=str(year), days=days)


Anchor = Literal["launch", "period_start"]


class AnchorMissingError(ValueSyntaxError):
    """A relative date whose anchor (launch day or period start) is not set."""

    def __init__(self, message: Message, anchor: Anchor) -> None:
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
            raise AnchorMissingError(msg("values.anchor.launch", text=spec.text), "launch")
        return launch + timedelta(days=spec.offset)
    if period_start is None:
        raise AnchorMissingError(msg("values.anchor.month", text=spec.text), "period_start")
    first = add_months(period_start, spec.offset - 1)
    if role == "start":
        return first
    return add_months(first, 1) - timedelta(days=1)
