"""The minor unit of a currency, and money rounded to it.

A line's cost and every monthly amount are rounded to what the currency can pay: cents
for CNY and USD, whole yen for JPY, thousandths for the dinars. The table lists the
currencies whose minor unit is not two digits (ISO 4217); every other code has two.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from mktplan.text.figures import round_to

DEFAULT_PLACES = 2
"""Digits after the decimal point of a currency not in :data:`PLACES`."""

PLACES: dict[str, int] = {
    **dict.fromkeys(("BIF", "CLP", "DJF", "GNF", "ISK", "JPY", "KMF", "KRW", "PYG", "RWF",
                     "UGX", "UYI", "VND", "VUV", "XAF", "XOF", "XPF"), 0),
    **dict.fromkeys(("BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND"), 3),
    "CLF": 4, "UYW": 4,
}
"""Currencies whose minor unit is not two digits: code → digits after the point."""


def minor_places(currency: str) -> int:
    """How many digits after the point ``currency`` pays in (CNY 2, JPY 0, KWD 3)."""
    return PLACES.get(currency, DEFAULT_PLACES)


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
