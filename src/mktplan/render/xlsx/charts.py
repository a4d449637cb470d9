"""Native charts over the sheets' live cells, set in the workbook's font.

A pie labels each slice with its category and percentage outside the pie, joined
to it by a leader line, so that small slices do not print their labels over each
other; the legend is left out (the labels name the slices). A column chart shows
money on its value axis.
"""

from __future__ import annotations

from typing import Any, Final

from mktplan.render.xlsx.cells import Kind
from mktplan.render.xlsx.sheet import ChartSpec, Span
from mktplan.render.xlsx.styles import Styles

CHART_ROWS: Final = 18
"""Rows (of the default 20 px height) a chart covers."""
_WIDTH, _HEIGHT = 720, CHART_ROWS * 20
_MORE_COLORS: Final = ("#ED7D31", "#A5A5A5", "#FFC000")


def add_chart(workbook: Any, ws: Any, spec: ChartSpec, row: int, styles: Styles) -> None:
    """Make the chart and insert it at ``row`` (1-based) of the sheet."""
    chart = workbook.add_chart({"type": "pie" if spec.kind == "pie" else "column"})
    series: dict[str, Any] = {
        "name": spec.title,
        "categories": _cells(spec.categories, ws.name),
        "values": _cells(spec.values, ws.name),
    }
    text = styles.text(size=9)
    if spec.kind == "pie":
        series["data_labels"] = {"category": True, "percentage": True, "separator": "\n",
                                 "position": "outside_end", "leader_lines": True,
                                 "font": text}
        chart.set_legend({"none": True})
    else:
        series["fill"] = {"color": "#5B9BD5"}
        chart.set_legend({"none": True})
        chart.set_x_axis({"num_font": text,
                          "num_format": styles.number_formats[Kind.MONTH_HEADER]})
        chart.set_y_axis({"num_format": styles.money_format, "num_font": text, "min": 0,
                          "major_gridlines": {"visible": True,
                                              "line": {"color": "#D9D9D9"}}})
    if spec.more:
        series["name"] = spec.series_name or spec.title
    chart.add_series(series)
    if spec.more:
        _more_series(chart, spec, ws.name, text)
    chart.set_title({"name": spec.title, "name_font": styles.text(size=12, bold=True)})
    chart.set_size({"width": _WIDTH, "height": _HEIGHT})
    ws.insert_chart(row - 1, spec.column - 1, chart, {"object_position": 1})


def _more_series(chart: Any, spec: ChartSpec, sheet: str, text: dict[str, Any]) -> None:
    """Side-by-side columns of several series over text categories, named in a legend."""
    for (name, values), color in zip(spec.more, _MORE_COLORS, strict=False):
        chart.add_series({"name": name, "categories": _cells(spec.categories, sheet),
                          "values": _cells(values, sheet), "fill": {"color": color}})
    chart.set_legend({"position": "bottom", "font": text})
    chart.set_x_axis({"num_font": text})


def _cells(span: Span, sheet: str) -> list[object]:
    return [sheet, span.first_row - 1, span.first_column - 1, span.last_row - 1,
            span.last_column - 1]
