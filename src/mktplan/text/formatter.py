"""The one money, number, share and date style of each language, for every output.

Every figure a reader sees in a deliverable (Word, Markdown, the Excel number formats,
``diff`` and ``textconv``) is written here, so one document never mixes styles:

- ``zh-CN`` never shows a currency code: amounts below :data:`WAN_FROM` (10万) are
  written in full with the currency's Chinese name (``5,000元``, ``-1,234.50美元``),
  larger ones in 万 with up to two decimals, rounded to the hundred (``48万元``,
  ``12.35万元``), and from 1亿 in 亿 with up to four decimals (``1.5亿元``,
  ``1.2346亿元``), rounded to the 万.
  Dates are ``2027年3月1日`` everywhere, tables included.
- ``en`` writes every digit after the currency's symbol where the symbol is
  unambiguous (``$1,600,000``, ``€5,000``, ``£12.50``), else after its ISO code and a
  space (``CNY 1,600,000``, ``JPY 300,000``: ¥ is both yuan and yen). Dates are
  ``Mar 1, 2027`` everywhere.

A negative amount puts its minus sign first (``-48万元``, ``-$1,600``). Values stay
Decimal until the last moment.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Final

from mktplan.text.currencies import minor_places
from mktplan.text.figures import group, round_to, trim

SYMBOLS: Final = {
    "USD": "$",
    "EUR": "€",
    "GBP": "£",
    "HKD": "HK$",
    "TWD": "NT$",
    "SGD": "S$",
    "AUD": "A$",
    "CAD": "CA$",
    "NZD": "NZ$",
    "KRW": "₩",
    "INR": "₹",
}
"""English symbols of the currencies that have an unambiguous one; others show their code."""
CHINESE_NAMES: Final = {
    "CNY": "元",
    "USD": "美元",
    "EUR": "欧元",
    "GBP": "英镑",
    "JPY": "日元",
    "HKD": "港元",
    "MOP": "澳门元",
    "TWD": "新台币",
    "SGD": "新加坡元",
    "AUD": "澳元",
    "CAD": "加元",
    "NZD": "新西兰元",
    "KRW": "韩元",
    "INR": "卢比",
    "CHF": "瑞士法郎",
    "THB": "泰铢",
    "MYR": "林吉特",
    "RUB": "卢布",
}
"""What Chinese calls each currency after an amount; a currency not here keeps its code."""
WAN_FROM: Final = Decimal(100_000)
"""From this amount on, Chinese money is written in 万 (below it, in full)."""
_WAN: Final = Decimal(10_000)
_YI: Final = Decimal(100_000_000)
_MONTHS: Final = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov",
                  "Dec")
_CJK_FROM: Final = 0x2E80


def is_wide(char: str) -> bool:
    """Whether ``char`` is a CJK (full-width) character: it takes two columns."""
    return ord(char) >= _CJK_FROM and not 0xFE00 <= ord(char) <= 0xFE0F


def _sign(value: Decimal, places: int) -> str:
    """``-`` for an amount below zero even when rounded to ``places``, else nothing."""
    return "-" if value < 0 and round_to(value, places) else ""


@dataclass(frozen=True)
class Formatter:
    """Formats values for one plan's language and currency."""

    language: str = "en"
    currency: str = "CNY"

    @property
    def chinese(self) -> bool:
        """Whether outputs are in Chinese."""
        return self.language == "zh-CN"

    @property
    def list_separator(self) -> str:
        """What separates the items of a list written in one line: ``、`` / ``; ``."""
        return "、" if self.chinese else "; "

    @property
    def symbol(self) -> str:
        """What stands before an English amount: a symbol, or the code and a space."""
        return SYMBOLS.get(self.currency, f"{self.currency} ")

    @property
    def chinese_name(self) -> str:
        """What stands after a Chinese amount: ``元``, ``美元`` and so on."""
        return CHINESE_NAMES.get(self.currency, self.currency)

    @property
    def unit_name(self) -> str:
        """What amounts are counted in, for a table of bare figures: ``元`` / ``USD``."""
        return self.chinese_name if self.chinese else self.currency

    def money(self, value: Decimal | None) -> str:
        """An amount: ``$1,600,000`` / ``CNY 1,600,000``; in Chinese ``160万元``, ``5,000元``."""
        if value is None:
            return ""
        sign = _sign(value, 2)
        magnitude = abs(value)
        if not self.chinese:
            return f"{sign}{self.symbol}{group(magnitude)}"
        name = self.chinese_name
        # the unit is chosen by the figure as shown: 99,999,999 is 1亿元, not 10,000万元
        if round_to(magnitude / _WAN, 2) >= _WAN:
            return f"{sign}{trim(magnitude / _YI, 4)}亿{name}"
        if round_to(magnitude, 2) >= WAN_FROM:
            return f"{sign}{trim(magnitude / _WAN, 2)}万{name}"
        return f"{sign}{group(magnitude)}{name}"

    def is_money_unit(self, unit: str) -> bool:
        """Whether a goal's or KPI's ``unit`` means the plan's currency (``CNY``, ``元``, ``$``)."""
        names = {self.currency, self.chinese_name, self.symbol.strip()}
        if self.currency == "CNY":
            names |= {"¥", "￥", "RMB", "人民币"}
        return unit.strip() in names

    def quantity(self, value: Decimal | None, unit: str) -> str:
        """A value with its unit: money as :meth:`money` writes it, ``28%``, ``20,000 visits``."""
        if value is None:
            return ""
        if self.is_money_unit(unit):
            return self.money(value)
        number = self.number(value)
        if not unit:
            return number
        glue = "" if unit == "%" or is_wide(unit[0]) else " "
        return f"{number}{glue}{unit}"

    def money_exact(self, value: Decimal | None) -> str:
        """An amount to the currency's minor unit, for tables that add up, never in 万.

        ``650,384.21元`` / ``$1,234.50`` / ``CNY 1,234.50`` / ``JPY 1,235``.
        """
        if value is None:
            return ""
        places = minor_places(self.currency)
        sign = _sign(value, places)
        digits = group(abs(value), places)
        if self.chinese:
            return f"{sign}{digits}{self.chinese_name}"
        return f"{sign}{self.symbol}{digits}"

    def money_whole(self, value: Decimal) -> str:
        """Every digit of a whole amount, as a cell in :meth:`excel_money_format` shows it.

        ``480,000元`` / ``$480,000``: the width an Excel column needs for the amount.
        """
        sign = _sign(value, 0)
        digits = group(abs(value), 0)
        if self.chinese:
            return f"{sign}{digits}{self.chinese_name}"
        return f"{sign}{self.symbol}{digits}"

    def amount_exact(self, value: Decimal | None) -> str:
        """An amount to the minor unit without the currency, for wide tables: ``1,234.50``.

        Zero is a dash (``–``), as finance tables write it.
        """
        if value is None:
            return ""
        if not value:
            return "–"
        return group(value, minor_places(self.currency))

    def number(self, value: Decimal | int | None) -> str:
        """A plain number with thousands separators and no useless decimals."""
        if value is None:
            return ""
        return trim(Decimal(value), 2)

    def percent(self, fraction: Decimal | None, places: int = 1) -> str:
        """A fraction as a percentage: 0.05 → ``5%``, 0.125 → ``12.5%``."""
        if fraction is None:
            return ""
        return f"{trim(fraction * 100, places)}%"

    def signed_percent(self, fraction: Decimal | None) -> str:
        """A change as a signed percentage: ``+50%`` / ``-12.5%``."""
        if fraction is None:
            return ""
        text = self.percent(fraction)
        return text if text.startswith("-") else f"+{text}"

    def ratio(self, value: Decimal | None) -> str:
        """A return-on-cost ratio: ``2.5 : 1``."""
        return "" if value is None else f"{trim(value, 2)} : 1"

    def paren(self, value: object) -> str:
        """A remark after a value: `` (5%)``, in Chinese full-width and unspaced ``（5%）``."""
        return f"（{value}）" if self.chinese else f" ({value})"

    def date(self, value: dt.date | None) -> str:
        """A date, in tables too: ``2027年3月1日`` / ``Mar 1, 2027``."""
        if value is None:
            return ""
        if self.chinese:
            return f"{value.year}年{value.month}月{value.day}日"
        return f"{_MONTHS[value.month - 1]} {value.day}, {value.year}"

    def short_date(self, value: dt.date | None) -> str:
        """A date in a table: the same style as :meth:`date` (one date style per language)."""
        return self.date(value)

    def period(self, start: dt.date, end: dt.date) -> str:
        """A span of dates: ``2027年1月1日至2027年12月31日`` / ``Jan 1, 2027 – Dec 31, 2027``."""
        if self.chinese:
            return f"{self.date(start)}至{self.date(end)}"
        return f"{self.date(start)} – {self.date(end)}"

    def month(self, value: dt.date) -> str:
        """A calendar month: ``2027年3月`` / ``Mar 2027``."""
        if self.chinese:
            return f"{value.year}年{value.month}月"
        return f"{_MONTHS[value.month - 1]} {value.year}"

    def short_month(self, value: dt.date) -> str:
        """A month label for narrow columns: ``3月`` / ``Mar``."""
        return f"{value.month}月" if self.chinese else _MONTHS[value.month - 1]

    def excel_money_format(self) -> str:
        """The number format of Excel money cells: the same symbol, code or name as the text.

        Excel cells hold the exact amount, so the format shows every digit (``480,000元``);
        number formats cannot divide by 10,000 to show 万.
        """
        if self.chinese:
            name = self.chinese_name.replace('"', "")
            return f'#,##0"{name}";-#,##0"{name}"'
        symbol = self.symbol.replace('"', "")
        return f'"{symbol}"#,##0;-"{symbol}"#,##0'
