"""How numbers are rounded and written for people, in rule messages and in every output.

Thousands separators, rounding half up (as people and spreadsheets round), no
trailing zeros where they say nothing. Currency and language styles live with
their users: :mod:`mktplan.text.formatter` for deliverables, the rule modules
for messages.

Every rounding of a computed figure goes through :func:`round_to`. ``Decimal.quantize``
in the default context raises ``InvalidOperation`` as soon as the rounded figure needs
more than 28 digits, and a plan's figures are products and ratios of its numbers
(returns of 2·10^16 over a spend of 10^-10 are a ratio of 2·10^26, to be shown to the
cent): bounding what a plan may write (:mod:`mktplan.load.values`) keeps the figures
plausible, and ``round_to`` rounds in a context as wide as the figure, so no figure can
fail to round.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Context, Decimal, getcontext
from functools import lru_cache


def round_to(value: Decimal, places: int, rounding: str = ROUND_HALF_UP) -> Decimal:
    """``value`` rounded to ``places`` decimals, however many digits that takes."""
    quantum = Decimal(1).scaleb(-places)
    needed = max(value.adjusted(), 0) + places + 2  # the digits of the result, and a spare
    if needed <= getcontext().prec:
        return value.quantize(quantum, rounding=rounding)
    return value.quantize(quantum, rounding=rounding, context=_context(needed))


@lru_cache(maxsize=32)
def _context(digits: int) -> Context:
    # in steps of 32 digits, so that a few contexts serve every figure of a plan
    return Context(prec=(digits // 32 + 1) * 32)


def group(value: Decimal, places: int | None = None) -> str:
    """Digits with thousands separators; ``places`` fixes decimals, None drops zero cents.

    What rounds to zero is written without a sign (``0.00``, never ``-0.00``).
    """
    if places is None:
        places = 0 if value == value.to_integral_value() else 2
    rounded = round_to(value, places)
    return f"{rounded if rounded else abs(rounded):,.{places}f}"


def trim(value: Decimal, places: int = 2) -> str:
    """A number rounded to ``places`` with trailing zeros dropped (``1.50`` → ``1.5``)."""
    text = group(value, places)
    return text.rstrip("0").rstrip(".") if "." in text else text


def figure(value: Decimal, places: int | None = None) -> str:
    """A number as people read it: ``90,000``, ``3.2``; rounded to ``places`` if given."""
    if places is None:
        return format(value.normalize(), ",f")
    return trim(value, places)
