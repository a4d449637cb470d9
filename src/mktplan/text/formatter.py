"""Locale-aware formatting of money, numbers, shares and dates for every output.

``zh-CN`` shows large CNY amounts in 万/亿 (``120万元``) and dates as ``2027年3月1日``;
``en`` uses a currency symbol and thousands separators (``$240,000``) and ``Mar 1, 2027``.
Values stay Decimal until the last moment.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from mktplan.text.currencies import minor_places
from mktplan.text.figures import group, trim

SYMBOLS = {
    "CNY": "¥",
    "USD": "$",
    "EUR": "€",
    "GBP": "£",
    "JPY": "JP¥",
    "HKD": "HK$",
    "TWD": "NT$",
    "SGD": "S$",
    "AUD": "A$",
    "CAD": "CA$",
    "KRW": "₩",
    "INR": "₹",
}
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_WAN = Decimal(10_000)
_YI = Decimal(100_000_000)


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
    def symbol(self) -> str:
        """The currency's symbol, or its code followed by a space."""
        return SYMBOLS.get(self.currency, f"{self.currency} ")

    def money(self, value: Decimal | None) -> str:
        """An amount: ``¥1,200,000`` / ``$240,000``; in Chinese CNY ``120万元``."""
        if value is None:
            return ""
        sign = "-" if value < 0 else ""
        magnitude = abs(value)
        if self.chinese and self.currency == "CNY":
            if magnitude >= _YI:
                return f"{sign}{trim(magnitude / _YI, 4)}亿元"
            if magnitude >= _WAN:
                return f"{sign}{trim(magnitude / _WAN, 2)}万元"
            return f"{sign}{group(magnitude)}元"
        return f"{sign}{self.symbol}{group(magnitude)}"

    def money_full(self, value: Decimal | None) -> str:
        """An amount with every digit shown: ``¥1,234,567``."""
        if value is None:
            return ""
        sign = "-" if value < 0 else ""
        return f"{sign}{self.symbol}{group(abs(value))}"

    def money_exact(self, value: Decimal | None) -> str:
        """An amount to the currency's minor unit, for tables that add up: ``¥1,234.50``."""
        if value is None:
            return ""
        sign = "-" if value < 0 else ""
        return f"{sign}{self.symbol}{group(abs(value), minor_places(self.currency))}"

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
        return text if fraction < 0 else f"+{text}"

    def ratio(self, value: Decimal | None) -> str:
        """A return-on-cost ratio: ``2.5 : 1``."""
        return "" if value is None else f"{trim(value, 2)} : 1"

    def date(self, value: dt.date | None) -> str:
        """A date: ``2027年3月1日`` / ``Mar 1, 2027``."""
        if value is None:
            return ""
        if self.chinese:
            return f"{value.year}年{value.month}月{value.day}日"
        return f"{_MONTHS[value.month - 1]} {value.day}, {value.year}"

    def short_date(self, value: dt.date | None) -> str:
        """A date for narrow table cells: ``2027-03-01`` / ``Mar 1, 2027``."""
        if value is None:
            return ""
        return value.isoformat() if self.chinese else self.date(value)

    def month(self, value: dt.date) -> str:
        """A calendar month: ``2027年3月`` / ``Mar 2027``."""
        if self.chinese:
            return f"{value.year}年{value.month}月"
        return f"{_MONTHS[value.month - 1]} {value.year}"

    def short_month(self, value: dt.date) -> str:
        """A month label for narrow columns: ``3月`` / ``Mar``."""
        return f"{value.month}月" if self.chinese else _MONTHS[value.month - 1]

    def excel_money_format(self) -> str:
        """The number format Excel uses for this plan's money cells."""
        symbol = self.symbol.replace('"', "")
        return f'"{symbol}"#,##0;-"{symbol}"#,##0'
