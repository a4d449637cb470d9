"""The Word chapter "Compared with last year" (``build --compare``, ``meta.compare``).

It follows the plan's own chapters and shows :class:`~mktplan.render.comparison.ComparisonView`:
the figures of both plans old → new with the change (budget by category and by month
each with a native chart of both years), the channels and activities added and removed,
and every changed item, each value as the view already wrote it.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from pptx.chart.chart import Chart
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LEGEND_POSITION

from mktplan.render.comparison import ChartBar, CompareRow, ComparisonView, MonthTable
from mktplan.render.context import PlanView
from mktplan.render.docx.body import Body, label
from mktplan.render.docx.chartparts import ChartData
from mktplan.render.docx.charts import ACCENT, CHART_TWIPS, SECOND, ChartWriter, money_axis
from mktplan.render.docx.tables import Column


def write_comparison(body: Body, view: PlanView, charts: ChartWriter) -> None:
    """The chapter, when the build compares with last year's plan; else nothing."""
    comparison = view.comparison
    if comparison is None:
        return
    body.heading(label(view, "compare_heading"), 1)
    body.text(comparison.intro)
    for notice in comparison.notices:
        body.text(notice)
    for key, rows in _figure_tables(comparison):
        if rows:
            body.heading(label(view, key), 2)
            _figures(body, view, rows)
            if rows is comparison.categories:
                _chart(body, view, label(view, "compare_categories"), comparison.chart, charts)
        if rows is comparison.channels and comparison.months is not None:
            _months(body, view, comparison.months, charts)
    body.heading(label(view, "compare_added_removed"), 2)
    _listed(body, view, comparison)
    body.heading(label(view, "compare_items"), 2)
    _items(body, view, comparison)


def _figure_tables(comparison: ComparisonView) -> list[tuple[str, Sequence[CompareRow]]]:
    return [("compare_budget", comparison.budget), ("compare_categories", comparison.categories),
            ("compare_channels", comparison.channels), ("compare_goals", comparison.goals),
            ("compare_kpis", comparison.kpis), ("compare_roi", comparison.roi)]


def _figures(body: Body, view: PlanView, rows: Sequence[CompareRow]) -> None:
    table = body.table([
        Column(label(view, "compare_figure"), 2.6),
        Column(label(view, "compare_old"), 1.2, "right"),
        Column(label(view, "compare_new"), 1.2, "right"),
        Column(label(view, "compare_change"), 2, "right"),
    ])
    for row in rows:
        table.add(_cells(row))


def _months(body: Body, view: PlanView, months: MonthTable, charts: ChartWriter) -> None:
    """Budget by month: a row per month, the unscheduled spend, the total; then the chart."""
    heading = label(view, "compare_months")
    body.heading(heading, 2)
    table = body.table([
        Column(label(view, "month"), 2.6),
        Column(label(view, "compare_old"), 1.2, "right"),
        Column(label(view, "compare_new"), 1.2, "right"),
        Column(label(view, "compare_change"), 2, "right"),
    ])
    for row in months.months:
        table.add(_cells(row))
    if months.unscheduled is not None:
        table.add(_cells(months.unscheduled), "subtotal")
    table.add(_cells(months.total), "total")
    _chart(body, view, heading, months.chart, charts)


def _cells(row: CompareRow) -> list[str]:
    return [row.label, row.old_text, row.new_text, row.change_text]


def _chart(body: Body, view: PlanView, title: str, bars: Sequence[ChartBar],
           charts: ChartWriter) -> None:
    """A native clustered column chart: last year's amount beside this year's, bar by bar."""
    largest = max((max(bar.old, bar.new) for bar in bars), default=Decimal(0))
    if not bars or largest <= 0:
        return
    divisor, number_format = money_axis(view, largest)
    data = ChartData(number_format=number_format)
    data.categories = [bar.label for bar in bars]
    data.add_series(label(view, "compare_old"), [float(bar.old / divisor) for bar in bars])
    data.add_series(label(view, "compare_new"), [float(bar.new / divisor) for bar in bars])

    def side_by_side(chart: Chart) -> None:
        plot = chart.plots[0]
        plot.gap_width = 60
        for series, color in zip(plot.series, (SECOND, ACCENT), strict=True):
            fill = series.format.fill
            fill.solid()
            fill.fore_color.rgb = RGBColor.from_string(color)
        chart.has_legend = True
        chart.legend.position = XL_LEGEND_POSITION.BOTTOM
        chart.legend.include_in_layout = False
        chart.value_axis.has_major_gridlines = True
        chart.value_axis.minimum_scale = 0
        chart.value_axis.tick_labels.number_format = number_format
        chart.value_axis.tick_labels.number_format_is_linked = False

    charts.write(body, title, XL_CHART_TYPE.COLUMN_CLUSTERED,
                 data, side_by_side, CHART_TWIPS)


def _listed(body: Body, view: PlanView, comparison: ComparisonView) -> None:
    if not comparison.added and not comparison.removed:
        body.text(label(view, "compare_none"))
        return
    table = body.table([
        Column(label(view, "compare_what"), 0.8), Column(label(view, "compare_section"), 1.2),
        Column(label(view, "id"), 1.4), Column(label(view, "name"), 3),
    ])
    for what, items in (("compare_added", comparison.added),
                        ("compare_removed", comparison.removed)):
        for item in items:
            table.add([label(view, what), item.section, item.id, item.name])


def _items(body: Body, view: PlanView, comparison: ComparisonView) -> None:
    if not comparison.items:
        body.text(label(view, "compare_no_changes"))
        return
    table = body.table([
        # old and new are often text here (a title, a list of ids): left-aligned
        Column(label(view, "compare_section"), 1), Column(label(view, "item"), 1.7),
        Column(label(view, "compare_what"), 0.95), Column(label(view, "compare_field"), 0.9),
        Column(label(view, "compare_old"), 1.2), Column(label(view, "compare_new"), 1.2),
        Column(label(view, "compare_change"), 1.1, "right"),
    ])
    for row in comparison.items:
        table.add([row.section, row.item, row.change, row.field, row.old_text, row.new_text,
                   row.change_text])
