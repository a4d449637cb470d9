"""The minor unit of each currency: how many digits after the point it pays in.

The table lists the currencies whose minor unit is not two digits (ISO 4217); every
other code has two. The budget phasing rounds to it (:mod:`mktplan.model.money`), and
the formatter shows finance tables with exactly that many digits.
"""

from __future__ import annotations

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
