"""What goes into one worksheet cell: safe text, typed values, and how wide they show.

Plan text is hostile input for a spreadsheet. Writers turn a string starting with
``=`` into a formula and ``#N/A`` into an error value if asked to guess, reject
XML-illegal characters and cut text at 32,767 characters. :func:`safe_text` cleans
and truncates (with an ellipsis, so the cut is visible); the writer then stores
every text cell as a string and marks text that Excel would re-read as a formula
when edited (``= + - @``) with ``quotePrefix``.

A :class:`Spec` is a cell before it is written: a value, its :class:`Kind` (which
decides the number format and style) and, for live figures, a formula. Sheets are
built as rows of specs first, so that column widths can be measured before the
write-only worksheet streams its rows.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import Enum
from functools import lru_cache

from mktplan.text.formatter import Formatter

MAX_CELL_TEXT = 32_767
"""Excel's limit on the length of a cell's text, in UTF-16 code units."""

ELLIPSIS = "…"
_ILLEGAL_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_FORMULA_LEADS = ("=", "+", "-", "@", "\t", "\r")
_WIDE = frozenset({"W", "F"})

CellValue = str | Decimal | int | date | None


class Kind(Enum):
    """How a cell shows its value: text styles, or one of the number formats."""

    TEXT = "text"
    HEADER = "header"
    LABEL = "label"
    TITLE = "title"
    SUBTITLE = "subtitle"
    MONEY = "money"
    CENTS = "cents"
    """Money shown to the cent (the currency's minor unit): a phasing that reconciles."""
    NUMBER = "number"
    PERCENT = "percent"
    RATIO = "ratio"
    DATE = "date"
    MONTH = "month"
    MONTH_HEADER = "month_header"
    ID = "id"
    SPILL = "spill"
    """Text that runs on across the empty cells to its right: not measured, never wrapped."""


@dataclass(frozen=True, slots=True)
class Spec:
    """A cell to write: its value (for a formula, the expected result) and its kind."""

    kind: Kind
    value: CellValue
    formula: str | None = None


Row = list[Spec | None]


def safe_text(text: str) -> str:
    """Text a worksheet can hold: XML-illegal characters removed, cut to Excel's limit."""
    return truncate(_ILLEGAL_XML.sub("", text))


def truncate(text: str, limit: int = MAX_CELL_TEXT) -> str:
    """``text`` cut to ``limit`` UTF-16 code units, ending in an ellipsis when cut."""
    if len(text) * 2 <= limit or _utf16_length(text) <= limit:
        return text
    budget = limit - len(ELLIPSIS)
    kept = 0
    for index, character in enumerate(text):
        kept += 2 if ord(character) > 0xFFFF else 1
        if kept > budget:
            return text[:index] + ELLIPSIS
    return text


def _utf16_length(text: str) -> int:
    return len(text) + sum(1 for character in text if ord(character) > 0xFFFF)


def needs_quote_prefix(text: str) -> bool:
    """Whether Excel would read the text as a formula once a user edits the cell."""
    return text.startswith(_FORMULA_LEADS)


@lru_cache(maxsize=4096)  # tables repeat the same names (owners, channels) many times
def display_width(text: str) -> int:
    """Width in Excel column units: CJK (wide and full-width) characters count 2."""
    lines = text.split("\n")
    if text.isascii():
        return max(len(line) for line in lines)
    return max(sum(2 if unicodedata.east_asian_width(ch) in _WIDE else 1 for ch in line)
               for line in lines)


def shown_width(spec: Spec, fmt: Formatter) -> int:
    """How wide the cell's content shows, for fitting its column."""
    value = spec.value
    if value is None:
        return 0
    if isinstance(value, str):
        return display_width(value) + (2 if spec.kind is Kind.HEADER else 0)
    if isinstance(value, date):
        if spec.kind is Kind.MONTH_HEADER:
            return display_width(month_header_text(value, fmt)) + 1
        return 10 if spec.kind is Kind.DATE else display_width(fmt.month(value)) + 1
    number = Decimal(value)
    if spec.kind is Kind.MONEY:
        return display_width(fmt.money_whole(number))
    if spec.kind is Kind.CENTS:
        return display_width(fmt.money_whole(number)) + 3
    if spec.kind is Kind.PERCENT:
        return len(fmt.percent(number)) + 1
    if spec.kind is Kind.RATIO:
        return len(fmt.ratio(number)) + 1
    return len(fmt.number(number))


def month_header_text(value: date, fmt: Formatter) -> str:
    """How a month column's heading reads: ``Mar 27`` / ``27年3月`` (see the number format)."""
    year = f"{value.year % 100:02d}"
    return f"{year}年{value.month}月" if fmt.chinese else f"{fmt.short_month(value)} {year}"


def text(value: str | None) -> Spec | None:
    """Plan text (nothing when empty)."""
    return Spec(Kind.TEXT, value) if value else None


def joined(values: Sequence[str], separator: str = ", ") -> Spec | None:
    """A list of names in one cell."""
    return text(separator.join(values))


def ident(value: str | None) -> Spec | None:
    """An internal id: kept for the finance sheet that comes back, shown small and grey."""
    return Spec(Kind.ID, value) if value else None


def spill(value: str | None) -> Spec | None:
    """Text free to run across the empty cells to its right (nothing when empty)."""
    return Spec(Kind.SPILL, value) if value else None


def header(value: str) -> Spec:
    """A column heading."""
    return Spec(Kind.HEADER, value)


def label(value: str) -> Spec:
    """A row heading (bold)."""
    return Spec(Kind.LABEL, value)


def title(value: str) -> Spec:
    """The sheet's title line."""
    return Spec(Kind.TITLE, value)


def subtitle(value: str | None) -> Spec | None:
    """A line under the title, free to run across columns (nothing when empty)."""
    return Spec(Kind.SUBTITLE, value) if value else None


def money(value: Decimal | None, formula: str | None = None) -> Spec | None:
    """An amount in the plan's currency, or a formula giving one."""
    return None if value is None and formula is None else Spec(Kind.MONEY, value, formula)


def cents(value: Decimal | None, formula: str | None = None) -> Spec | None:
    """An amount shown to the cent, or a formula giving one."""
    return None if value is None and formula is None else Spec(Kind.CENTS, value, formula)


def number(value: Decimal | int | None, formula: str | None = None) -> Spec | None:
    """A plain number."""
    return None if value is None and formula is None else Spec(Kind.NUMBER, value, formula)


def percent(value: Decimal | None, formula: str | None = None) -> Spec | None:
    """A fraction shown as a percentage."""
    return None if value is None and formula is None else Spec(Kind.PERCENT, value, formula)


def ratio(value: Decimal | None, formula: str | None = None) -> Spec | None:
    """A return-on-cost ratio shown as ``2.5 : 1``."""
    return None if value is None and formula is None else Spec(Kind.RATIO, value, formula)


def day(value: date | None) -> Spec | None:
    """A date."""
    return None if value is None else Spec(Kind.DATE, value)


def month(value: date) -> Spec:
    """A calendar month (its first day), shown as a month."""
    return Spec(Kind.MONTH, value)


def month_header(value: date) -> Spec:
    """A month as a column heading (its first day, so formulas can compare with it)."""
    return Spec(Kind.MONTH_HEADER, value)
