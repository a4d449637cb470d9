"""The JSON Schema's patterns: the parsers' layouts with each value's limits written in.

``check`` reads a value in two steps: the text must follow a layout of the value
grammar (:mod:`mktplan.load.grammar`), then arithmetic decides (an amount below
10^15, a real calendar day, a plan month up to M36). A JSON-Schema pattern has only
the first step, so each function here takes the very layout the parser matches and
puts, in place of the parts the arithmetic looks at, a pattern that admits exactly the
values the arithmetic admits. The limits come from the parsers' own constants.
Only the schema command imports this module.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from decimal import Decimal

from mktplan.load import grammar
from mktplan.load.grammar import (
    POINT,
    SPACE,
    UNIT_EXPONENTS,
    ZERO,
    anchored,
    at_most_power_of_ten,
    either,
    fraction_digits,
    integer_digits,
    integer_range,
    one_of,
    zero_value,
)
from mktplan.load.values import (
    CHANGE_LIMIT_PERCENT,
    CHANGE_PERCENT,
    MAX_PLAN_MONTHS,
    MAX_YEAR,
    MIN_YEAR,
    MONEY,
    PER_CENT,
    PLAN_MONTH_DIGITS,
    SHARE_FRACTION,
    SHARE_PERCENT,
    Bound,
)


def limits(replacements: Mapping[str, str]) -> grammar.Capture:
    """A capture that puts the pattern in ``replacements`` in place of the parts it names."""

    def capture(name: str, body: str) -> str:
        return f"(?:{replacements.get(name, body)})"

    return capture


def _uncaptured(name: str, body: str) -> str:
    return f"(?:{body})"


def _power_of_ten(value: Decimal) -> int:
    """The exponent of a limit that is a power of ten (the only limits digit counts express)."""
    exponent = value.adjusted()
    if value != Decimal(10) ** exponent:
        raise ValueError(f"{value} is not a power of ten: write its pattern by hand")
    return exponent


def money(bound: Bound = MONEY) -> str:
    """Amounts within ``bound`` (money's by default): digits around the point, by unit.

    A unit moves the point: ``1.2345678万`` has the four decimals of 12345.678.
    """
    quantities = []
    for unit, exponent in UNIT_EXPONENTS.items():
        digits = bound.digits - exponent  # |number| × 10^exponent < 10^digits
        fraction = fraction_digits(bound.places + exponent)
        number = either(f"{integer_digits(digits, grouped=True)}(?:{fraction})?",
                        f"{integer_digits(digits, grouped=False)}(?:{fraction})?", fraction)
        quantities.append(f"{number}{SPACE}{unit}" if unit else number)
    return anchored(grammar.amount(limits({"quantity": either(*quantities)})))


def percentage() -> str:
    """Percentages from 0 to 100 (``-0%`` is 0 too)."""
    hundred = at_most_power_of_ten(_power_of_ten(PER_CENT), bare_fraction=False,
                                   places=SHARE_PERCENT.places)
    number = either(f"\\+?{hundred}",
                    f"-{zero_value(bare_fraction=False)}")
    return anchored(grammar.percentage(limits({"number": number})))


def fraction() -> str:
    """Plain numbers from 0 to 1."""
    one = at_most_power_of_ten(0, bare_fraction=True, places=SHARE_FRACTION.places)
    number = either(f"\\+?{one}",
                    f"-{zero_value(bare_fraction=True)}")
    return anchored(grammar.fraction(limits({"number": number})))


def change() -> str:
    """Signed percentages up to :data:`CHANGE_LIMIT_PERCENT` either way: ``+50%``."""
    number = at_most_power_of_ten(_power_of_ten(CHANGE_LIMIT_PERCENT), bare_fraction=False,
                                  places=CHANGE_PERCENT.places)
    return anchored(grammar.change(limits({"number": number})))


def iso_date() -> str:
    """Calendar days from :data:`MIN_YEAR` to :data:`MAX_YEAR`, 29 February in leap years only."""
    if not 1000 <= MIN_YEAR <= MAX_YEAR <= 9999:
        raise ValueError("ISO dates in the format have four-digit years")
    years = range(MIN_YEAR, MAX_YEAR + 1)
    common = one_of(_days_of(2001))  # a year that is not a leap year
    leap_years = [year for year in years if calendar.isleap(year)]
    days = [f"{one_of(map(str, years))}-{common}"]
    if leap_years:
        days.append(f"{one_of(map(str, leap_years))}-{one_of(['02-29'])}")
    return anchored(grammar.iso_date(limits({"iso": either(*days)})))


def _days_of(year: int) -> Iterable[str]:
    day = date(year, 1, 1)
    while day.year == year:
        yield day.strftime("%m-%d")
        day += timedelta(days=1)


def date_spec() -> str:
    """Any date form: ISO, days from the launch day (``T-30``) or a plan month (``M3``)."""
    months = [f"{number:0{width}d}" for width in range(1, PLAN_MONTH_DIGITS + 1)
              for number in range(1, min(MAX_PLAN_MONTHS, 10 ** width - 1) + 1)]
    month = grammar.plan_month(limits({"month": one_of(months)}), PLAN_MONTH_DIGITS)
    return anchored(either(_body(iso_date()), grammar.launch_offset(_uncaptured), month))


def _body(pattern: str) -> str:
    """What an :func:`~mktplan.load.grammar.anchored` pattern matches, without the anchors."""
    return pattern.removeprefix("^(?:").removesuffix(")$")


def whole_number(low: int, high: int | None) -> str:
    """Whole numbers from ``low`` (0 or more) to ``high`` (None: no limit), as text."""
    value = f"\\+?{integer_range(low, high)}(?:{POINT}{ZERO}+)?"
    if low <= 0:
        value = either(value, f"-{ZERO}+(?:{POINT}{ZERO}+)?")
    return anchored(grammar.whole_number(limits({"value": value})))


def exactly(word: str) -> str:
    """The word, with white space around it."""
    return anchored(grammar.exactly(word))


def any_case(words: Iterable[str]) -> str:
    """Any of ``words``, in any mix of upper and lower case (language tags)."""
    return anchored(either(*(grammar.case_insensitive(word) for word in words)))


def slug() -> str:
    """Ids."""
    return anchored(grammar.SLUG)
