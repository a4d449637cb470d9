"""How numbers are written for people, in rule messages and in every output.

Thousands separators, rounding half up (as people and spreadsheets round), no
trailing zeros where they say nothing. Currency and language styles live with
their users: :mod:`mktplan.render.formatting` for deliverables, the rule modules
for messages.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal


def group(value: Decimal, places: int | None = None) -> str:
    """Digits with thousands separators; ``places`` fixes decimals, None drops zero cents."""
    if places is None:
        places = 0 if value == value.to_integral_value() else 2
    quantum = Decimal(1).scaleb(-places)
    rounded = value.quantize(quantum, rounding=ROUND_HALF_UP)
    return f"{rounded:,.{places}f}"


def trim(value: Decimal, places: int = 2) -> str:
    """A number rounded to ``places`` with trailing zeros dropped (``1.50`` → ``1.5``)."""
    text = group(value, places)
    return text.rstrip("0").rstrip(".") if "." in text else text


def figure(value: Decimal, places: int | None = None) -> str:
    """A number as people read it: ``90,000``, ``3.2``; rounded to ``places`` if given."""
    if places is None:
        return format(value.normalize(), ",f")
    return trim(value, places)
