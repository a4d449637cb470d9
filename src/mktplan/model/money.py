"""The minor unit of a currency, and money rounded to it.

A line's cost and every monthly amount are rounded to what the currency can pay: cents
for CNY and USD, whole yen for JPY, thousandths for the dinars (the table is
:mod:`mktplan.text.currencies`, which the formatter shares).
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from mktplan.text.currencies import minor_places
from mktplan.text.figures import round_to

__all__ = ["minor_places", "minor_units", "to_minor_unit"]

def to_minor_unit(amount: Decimal, currency: str) -> Decimal:
    """``amount`` rounded half up to the minor unit of ``currency``."""
    return round_to(amount, minor_places(currency), ROUND_HALF_UP)


def minor_units(amount: Fraction, places: int) -> int:
    """An exact amount as a whole number of minor units, rounded half up (away from 0)."""
    scaled = amount * Fraction(10) ** places
    whole, rest = divmod(abs(scaled.numerator), scaled.denominator)
    if 2 * rest >= scaled.denominator:
        whole += 1
    return whole if scaled >= 0 else -whole
