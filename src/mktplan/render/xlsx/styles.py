"""The workbook's cell formats: one named font everywhere, number formats by kind.

A workbook's default font is tied to its theme (``<scheme val="minor"/>``), and
LibreOffice, which reads the theme differently, then sets text in a serif face. So
every format, the default one included, names its font and is tied to no scheme:
the Word report's families (``templates/docx/build_template.py``, ``Fonts``), Calibri
for English and Microsoft YaHei for Chinese, with the Swiss (sans-serif) family as
the fallback a machine without them picks. Formats are made once per workbook and
shared, keyed by what they show.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Final

from mktplan.render.xlsx.cells import Kind, Spec
from mktplan.text.formatter import Formatter

LATIN_FONT: Final = "Calibri"
CJK_FONT: Final = "Microsoft YaHei"
FONT_SIZE: Final = 11
SWISS: Final = 2
"""The font family a reader without the named font falls back to: sans serif."""
GREY: Final = "#808080"
HEADER_FILL: Final = "#DCE6F1"
_TEXT_KINDS = (Kind.TEXT, Kind.ID, Kind.SPILL)


def font_name(language: str) -> str:
    """The font the workbook's text is set in, for the plan's language."""
    return CJK_FONT if language.startswith("zh") else LATIN_FONT


def base_properties(font: str) -> dict[str, Any]:
    """What every format has: the named font, no theme scheme, sans-serif fallback."""
    return {"font_name": font, "font_size": FONT_SIZE, "font_scheme": "none",
            "font_family": SWISS}


class Styles:
    """The workbook's cell formats, made on first use and shared by every sheet."""

    def __init__(self, workbook: Any, fmt: Formatter, font: str) -> None:
        self.workbook, self.fmt, self.font = workbook, fmt, font
        self.money_format = fmt.excel_money_format()
        self.number_formats = {
            Kind.MONEY: self.money_format,
            Kind.CENTS: self.money_format.replace("#,##0", "#,##0.00"),
            Kind.PERCENT: "0.0%",
            Kind.RATIO: '0.00" : 1"',
            Kind.DATE: "yyyy-mm-dd",
            Kind.MONTH: 'yyyy"年"m"月"' if fmt.chinese else "mmm yyyy",
            Kind.MONTH_HEADER: 'yy"年"m"月"' if fmt.chinese else "mmm yy",
        }
        self._formats: dict[tuple[object, ...], Any] = {}

    def cell(self, spec: Spec, wrap: bool, quote: bool) -> Any:
        """The format of a cell showing ``spec``, wrapped or quote-prefixed as asked."""
        key = (spec.kind, self._number_format(spec), wrap, quote)
        found = self._formats.get(key)
        if found is None:
            found = self._formats[key] = self.workbook.add_format(self._properties(*key))
        return found

    def fill(self, colour: str) -> Any:
        """A conditional format's fill (a Gantt bar)."""
        key = ("fill", colour)
        found = self._formats.get(key)
        if found is None:
            found = self._formats[key] = self.workbook.add_format(
                {"bg_color": colour, "pattern": 1})
        return found

    def text(self, **extra: Any) -> dict[str, Any]:
        """Font properties for a chart's text or a header line."""
        return {"name": self.font, **extra}

    def _properties(self, kind: object, number_format: object, wrap: object,
                    quote: object) -> dict[str, Any]:
        properties = {**base_properties(self.font), "valign": "top"}
        if kind in (Kind.HEADER, Kind.MONTH_HEADER):
            properties.update(bold=True, bg_color=HEADER_FILL, pattern=1, bottom=1,
                              valign="vcenter", text_wrap=True)
        elif kind is Kind.LABEL:
            properties["bold"] = True
        elif kind is Kind.TITLE:
            properties.update(bold=True, font_size=16)
        elif kind is Kind.SUBTITLE:
            properties.update(italic=True, font_size=12)
        elif kind is Kind.ID:
            properties.update(font_color=GREY, font_size=9)
        if wrap:
            properties["text_wrap"] = True
        if quote:
            properties["quote_prefix"] = True
        if number_format is not None:
            properties["num_format"] = number_format
        return properties

    def _number_format(self, spec: Spec) -> str | None:
        if spec.kind is Kind.NUMBER:
            value = spec.value
            whole = isinstance(value, int) or (
                isinstance(value, Decimal) and value == value.to_integral_value())
            return "#,##0" if whole else "#,##0.##"
        if spec.kind in _TEXT_KINDS:
            return None
        return self.number_formats.get(spec.kind)
