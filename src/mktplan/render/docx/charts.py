"""The report's charts: budget by category, spend by month, the schedule, KPI targets.

Each is a native Word chart (:mod:`.chartparts`): the client can restyle it or edit its
data in Word. Text is the plan's language and the document's fonts; money on a chart is
the document's money (the formatter's), in data labels rather than axis numbers where
the bars are few, and on an axis scaled to 万元 in Chinese where they are many.

The Gantt is the usual stacked bar chart: an invisible first series that ends where a
row starts, then the row's length in days, coloured by kind, on a date axis (``T-30``
… ``T+30`` when the plan has a launch day). A chart holds at most
:data:`GANTT_CHART_ROWS` rows: of a bigger schedule it shows the phases and milestones
first, then as many tasks as there is room for, in schedule order, and a note under it
says how many rows it shows of how many and that the Gantt table above has them all.
"""

from __future__ import annotations

import calendar
import dataclasses
import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Final

from lxml import etree
from pptx.chart.chart import Chart
from pptx.dml.color import RGBColor
from pptx.enum.chart import (
    XL_CHART_TYPE,
    XL_LABEL_POSITION,
    XL_TICK_LABEL_POSITION,
)
from pptx.util import Pt as PptPt

from mktplan.render.context import NamedAmount, PlanView, ScheduleRow
from mktplan.render.docx.body import Body, label, subsection
from mktplan.render.docx.chartparts import C_NS, ChartData, Charts, Fonts, Styler, chart_xml
from mktplan.render.docx.xml import PPR, paragraph, sub, w

GANTT_CHART_ROWS: Final = 40
GANTT_NAME_WIDTH: Final = 30
"""Columns of a row name on the Gantt chart (the table beside it has the whole name)."""
CJK_FROM: Final = 0x2E80
KPI_CHART_ROWS: Final = 15
LABELLED_COLUMNS: Final = 8
"""Spend by month carries a money label on each column up to this many months (beyond,
labels such as ``24.42 万元`` run into each other); more months get an axis in 万元."""
LABEL_ROOM: Final = 1.35
"""An axis of labelled bars reaches this far past the largest, so that its label fits."""
ROW_TWIPS: Final = 300
CHART_TWIPS: Final = 4200
"""Height of a chart that does not grow with its rows (7.4 cm)."""
GANTT_NOTED_TWIPS: Final = 12600
"""Most height of a Gantt chart with a note under it: both fit one A4 page (22.2 cm), so
the chart's keep-with-next holds the note on the chart's page."""
EXCEL_EPOCH: Final = dt.date(1899, 12, 30)
FILLS: Final = {"phase": "2F5597", "task": "8EAADB", "milestone": "C55A11"}
ACCENT: Final = "2F5597"
SECOND: Final = "A5A5A5"
FONT_SIZE: Final = 9
_WAN: Final = Decimal(10_000)
_DAY_STEPS: Final = (1, 2, 7, 14)
_MONTH_STEPS: Final = (1, 2, 3, 6, 12)
_LAUNCH_STEPS: Final = (1, 2, 5, 10, 15, 30, 60, 90, 180)
MAX_TICKS: Final = 12


@dataclass(frozen=True)
class ChartWriter:
    """Puts a chart into the body: its parts into the package, its drawing into a paragraph."""

    charts: Charts
    fonts: Fonts

    def write(self, body: Body, title: str, chart_type: object, data: ChartData,
              style: Styler, height: int) -> None:
        """A titled chart of the body's width, centred in a paragraph of its own."""
        def styled(chart: Chart) -> None:
            _common_style(chart, title)
            style(chart)

        relationship = self.charts.add(chart_xml(chart_type, data, styled, self.fonts),
                                       data.xlsx_blob)
        holder = paragraph(body.root, None)
        properties = sub(holder, PPR)
        sub(properties, w("keepNext"))
        sub(properties, w("jc"), val="center")
        self.charts.drawing(holder, relationship, (body.width, height), title)


def _common_style(chart: Chart, title: str) -> None:
    chart.has_title = True
    chart.chart_title.text_frame.text = title
    title_font = chart.chart_title.text_frame.paragraphs[0].font
    title_font.size, title_font.bold = PptPt(FONT_SIZE + 2), True
    chart.font.size = PptPt(FONT_SIZE)
    chart.has_legend = False


def _fill(target: object, color: str) -> None:
    fill = target.format.fill  # type: ignore[attr-defined]
    fill.solid()
    fill.fore_color.rgb = RGBColor.from_string(color)


def _label_points(series: object, texts: Sequence[str]) -> None:
    """A data label with its own text on each point (the formatted value)."""
    for point, text in zip(series.points, texts, strict=False):  # type: ignore[attr-defined]
        label_ = point.data_label
        label_.has_text_frame = True
        label_.text_frame.text = text
        label_.position = XL_LABEL_POSITION.OUTSIDE_END
        label_.font.size = PptPt(FONT_SIZE - 1)


def _hide_value_labels(chart: Chart) -> None:
    axis = chart.value_axis
    axis.tick_label_position = XL_TICK_LABEL_POSITION.NONE
    axis.has_major_gridlines = False


# --- budget ---------------------------------------------------------------------------------
def write_budget_charts(body: Body, view: PlanView, writer: ChartWriter) -> None:
    """Budget by category (a labelled bar per category), then spend by month."""
    budget = view.budget
    if budget is None:
        return
    categories = sorted((c for c in budget.categories if c.amount > 0),
                        key=lambda c: -c.amount)
    fmt = view.fmt
    if categories:
        data = ChartData(number_format=fmt.excel_money_format())
        data.categories = [category.label for category in categories]
        data.add_series(label(view, "amount"), [float(c.amount) for c in categories])
        texts = [" ".join(t for t in (fmt.money(c.amount), _share(view, c.share)) if t)
                 for c in categories]

        largest = float(categories[0].amount)

        def by_category(chart: Chart) -> None:
            chart.category_axis.reverse_order = True
            _hide_value_labels(chart)
            chart.value_axis.minimum_scale = 0
            chart.value_axis.maximum_scale = largest * LABEL_ROOM
            plot = chart.plots[0]
            plot.gap_width = 60
            series = plot.series[0]
            _fill(series, ACCENT)
            _label_points(series, texts)

        height = max(CHART_TWIPS // 2, ROW_TWIPS * 2 * len(categories) + 900)
        writer.write(body, subsection(view, "budget_by_category"), XL_CHART_TYPE.BAR_CLUSTERED,
                     data, by_category, height)
    months = [month for month in budget.by_month if month.month is not None]
    if months:
        _write_spend_by_month(body, view, writer, months)


def _share(view: PlanView, share: Decimal | None) -> str:
    return view.fmt.paren(view.fmt.percent(share)).strip() if share is not None else ""


def _write_spend_by_month(body: Body, view: PlanView, writer: ChartWriter,
                          months: Sequence[NamedAmount]) -> None:
    fmt = view.fmt
    amounts = [m.amount for m in months]
    divisor, number_format = money_axis(view, max(amounts))
    data = ChartData(number_format=number_format)
    data.categories = [_month_label(view, m.month, len(months)) for m in months if m.month]
    data.add_series(label(view, "amount"), [float(a / divisor) for a in amounts])
    labelled = len(months) <= LABELLED_COLUMNS

    def by_month(chart: Chart) -> None:
        plot = chart.plots[0]
        plot.gap_width = 50
        series = plot.series[0]
        _fill(series, ACCENT)
        if labelled:
            _hide_value_labels(chart)
            if max(amounts) > 0:
                chart.value_axis.minimum_scale = 0
                chart.value_axis.maximum_scale = float(max(amounts) / divisor) * LABEL_ROOM
            _label_points(series, [fmt.money(a) for a in amounts])
        else:
            chart.value_axis.has_major_gridlines = True
            chart.value_axis.tick_labels.number_format = number_format
            chart.value_axis.tick_labels.number_format_is_linked = False

    writer.write(body, subsection(view, "budget_by_month"), XL_CHART_TYPE.COLUMN_CLUSTERED,
                 data, by_month, CHART_TWIPS)


def _month_label(view: PlanView, month: dt.date, months: int) -> str:
    """``3月`` / ``Mar`` within a year; with the year's last two digits beyond one."""
    if months <= 12:
        return view.fmt.short_month(month)
    if view.fmt.chinese:
        return f"{month.year % 100:02d}年{month.month}月"
    return f"{view.fmt.short_month(month)} {month.year % 100:02d}"


def money_axis(view: PlanView, largest: Decimal) -> tuple[Decimal, str]:
    """What an axis of amounts divides them by, and its number format.

    Chinese CNY plans count in 万元 (as their tables do) from 1万 up; other plans use
    the workbook's money format.
    """
    fmt = view.fmt
    if fmt.chinese and fmt.currency == "CNY" and largest >= _WAN:
        return _WAN, '#,##0"万元"'
    return Decimal(1), fmt.excel_money_format()


# --- KPIs -----------------------------------------------------------------------------------
def write_kpi_chart(body: Body, view: PlanView, writer: ChartWriter) -> None:
    """Each KPI's baseline beside its target, as shares of the larger, labelled with both."""
    kpis = [kpi for kpi in view.kpis if kpi.baseline is not None and kpi.target is not None
            and max(kpi.baseline, kpi.target) > 0][:KPI_CHART_ROWS]
    if not kpis:
        return
    fmt = view.fmt
    data = ChartData(number_format="0%")
    data.categories = [kpi.name for kpi in kpis]
    scales = [max(kpi.baseline, kpi.target) for kpi in kpis]  # type: ignore[type-var]
    data.add_series(label(view, "baseline"),
                    [float(k.baseline / s) for k, s in zip(kpis, scales, strict=True)])  # type: ignore[operator]
    data.add_series(label(view, "target"),
                    [float(k.target / s) for k, s in zip(kpis, scales, strict=True)])  # type: ignore[operator]

    def text(value: Decimal | None, unit: str) -> str:
        return fmt.quantity(value, unit)  # money in the document's one style

    def by_kpi(chart: Chart) -> None:
        chart.category_axis.reverse_order = True
        _hide_value_labels(chart)
        chart.value_axis.maximum_scale = 1.25
        chart.value_axis.minimum_scale = 0
        chart.has_legend = True
        chart.legend.include_in_layout = False
        plot = chart.plots[0]
        plot.gap_width, plot.overlap = 50, -10
        baseline, target = plot.series
        _fill(baseline, SECOND)
        _fill(target, ACCENT)
        _label_points(baseline, [text(k.baseline, k.unit) for k in kpis])
        _label_points(target, [text(k.target, k.unit) for k in kpis])

    height = max(CHART_TWIPS // 2, ROW_TWIPS * 3 * len(kpis) + 1200)
    writer.write(body, label(view, "chart_kpis"), XL_CHART_TYPE.BAR_CLUSTERED, data, by_kpi,
                 height)


# --- the schedule ---------------------------------------------------------------------------
def write_gantt_chart(body: Body, view: PlanView, writer: ChartWriter) -> None:
    """The schedule on a time axis: phases, tasks and milestones as bars from start to end."""
    schedule = view.schedule
    if schedule is None or not schedule.rows:
        return
    rows = gantt_chart_rows(schedule.rows)
    start, end = view.title.period_start, view.title.period_end
    launch = view.title.launch
    axis = time_axis(start, end, launch, view.fmt.chinese)
    data = ChartData()
    data.categories = [_gantt_name(view, row) for row in rows]
    spans = [axis.span(row.start, row.end) for row in rows]
    pairs = gantt_series(spans)
    start_name, days = label(view, "start"), label(view, "duration_days")
    for number, (offsets, lengths) in enumerate(pairs):
        suffix = "" if len(pairs) == 1 else (" (T−)" if number == 0 else " (T+)")
        data.add_series(start_name + suffix, offsets, axis.number_format)
        data.add_series(days + suffix, lengths, "0")

    def gantt(chart: Chart) -> None:
        chart.category_axis.reverse_order = True
        # names left of the plot, not at the launch day, where the axes cross
        chart.category_axis.tick_label_position = XL_TICK_LABEL_POSITION.LOW
        plot = chart.plots[0]
        plot.gap_width, plot.overlap = 40, 100
        series = list(plot.series)
        for hidden, bars in zip(series[::2], series[1::2], strict=True):
            hidden.format.fill.background()
            hidden.format.line.fill.background()
            for point, row in zip(bars.points, rows, strict=True):
                _fill(point, FILLS[row.kind])
        value = chart.value_axis
        value.minimum_scale, value.maximum_scale = axis.minimum, axis.maximum
        value.major_unit = axis.step
        value.has_major_gridlines = True
        value.major_gridlines.format.line.color.rgb = RGBColor.from_string("D9D9D9")
        value.tick_labels.number_format = axis.number_format
        value.tick_labels.number_format_is_linked = False
        _cross_at_top_row(chart)

    partial = len(rows) < len(schedule.rows)
    height = ROW_TWIPS * len(rows) + 1500
    if partial:
        height = min(height, GANTT_NOTED_TWIPS)
    writer.write(body, subsection(view, "gantt"), XL_CHART_TYPE.BAR_STACKED, data, gantt,
                 height)
    if partial:
        body.text(label(view, "chart_gantt_partial").replace("{shown}", str(len(rows)))
                  .replace("{rows}", str(len(schedule.rows)))
                  .replace("{table}", subsection(view, "gantt")))


def gantt_chart_rows(rows: Sequence[ScheduleRow]) -> list[ScheduleRow]:
    """The rows the Gantt chart has room for, in schedule order.

    All of them up to :data:`GANTT_CHART_ROWS`; beyond, the phases and milestones first
    (the shape of the plan), then the tasks in order while there is room.
    """
    if len(rows) <= GANTT_CHART_ROWS:
        return list(rows)
    ranked = sorted(range(len(rows)), key=lambda number: rows[number].kind == "task")
    return [rows[number] for number in sorted(ranked[:GANTT_CHART_ROWS])]


def gantt_series(spans: Sequence[tuple[float, float]],
                 ) -> list[tuple[list[float], list[float]]]:
    """(invisible offsets, visible lengths) series pairs that draw each ``[start, end)`` span.

    A stacked bar chart stacks negative values leftwards from 0 and positive values
    rightwards, each in series order; so a span before the launch day (``T-30`` is -30)
    is drawn by a pair of negative series, a span after it by a positive pair, and one
    across it by both. A plan without a launch day has positive values only: one pair.
    """
    before = ([float(min(end, 0)) for _, end in spans],
              [float(min(start, 0) - min(end, 0)) for start, end in spans])
    after = ([float(max(start, 0)) for start, _ in spans],
             [float(max(end, 0) - max(start, 0)) for start, end in spans])
    return [after] if not any(before[1]) else [before, after]


def _gantt_name(view: PlanView, row: ScheduleRow) -> str:
    """A row's name on the chart, cut short so that the bars keep most of the width."""
    name = _shortened(row.name, GANTT_NAME_WIDTH)
    if row.kind == "milestone":
        return f"◆ {name}"
    return name if row.kind == "phase" else f"  {name}"


def _shortened(text: str, width: int) -> str:
    """``text`` up to ``width`` columns (a CJK character counts two), else cut with "…"."""
    used = 0
    for at, char in enumerate(text):
        used += 2 if ord(char) >= CJK_FROM else 1
        if used > width:
            return text[:at].rstrip() + "…"
    return text


def _cross_at_top_row(chart: Chart) -> None:
    """With the rows top to bottom, the date axis stays below them, at the last row.

    That is the value axis's ``c:crosses`` (python-pptx's setter writes the other's).
    """
    value_axis = chart.value_axis._element
    crosses = value_axis.find(f"{{{C_NS}}}crosses")
    if crosses is not None:
        crosses.set("val", "max")


@dataclass(frozen=True)
class TimeAxis:
    """The Gantt chart's time axis: its ends and step in axis units, and its label format.

    Units are days from ``origin`` (the launch day, or Excel's epoch: date serials), or,
    with ``months``, plan months: ``M1`` begins at 1, ``M2`` at 2, a day inside a month
    its share of it.
    """

    minimum: float
    maximum: float
    step: float
    number_format: str
    origin: dt.date
    months: bool = False

    def at(self, day: dt.date) -> float:
        """Where ``day`` begins on the axis."""
        if not self.months:
            return float((day - self.origin).days)
        month = (day.year - self.origin.year) * 12 + day.month - self.origin.month
        return 1 + month + (day.day - 1) / calendar.monthrange(day.year, day.month)[1]

    def span(self, start: dt.date, end: dt.date) -> tuple[float, float]:
        """Where a row from ``start`` to ``end`` (inclusive) begins and ends."""
        return self.at(start), self.at(end + dt.timedelta(days=1))


def time_axis(start: dt.date, end: dt.date, launch: dt.date | None,
              chinese: bool) -> TimeAxis:
    """An axis over the period with at most :data:`MAX_TICKS` steps.

    Relative to the launch day (``T-30``, ``T``, ``T+30``) when there is one; else dates,
    by days or weeks, for a short plan, and plan months (``M1`` … ``M12``, the plan
    format's own) for a longer one, whose months have no fixed number of days.
    """
    days = (end - start).days + 1
    if launch is not None:
        step = next((s for s in _LAUNCH_STEPS if days / s <= MAX_TICKS), _LAUNCH_STEPS[-1])
        low = (start - launch).days
        low -= low % step  # a multiple of the step: T itself is a tick
        return TimeAxis(low, (end - launch).days + 1, step, '"T+"0;"T-"0;"T"', launch)
    for day_step in _DAY_STEPS:
        if days / day_step <= MAX_TICKS:
            first, last = (start - EXCEL_EPOCH).days, (end - EXCEL_EPOCH).days + 1
            return TimeAxis(first, last, day_step, 'm"月"d"日"' if chinese else "mmm d",
                            EXCEL_EPOCH)
    axis = TimeAxis(0, 0, 1, '"M"0', start.replace(day=1), months=True)
    first_month, after_last = axis.span(start, end)
    months = after_last - first_month
    month_step = next((s for s in _MONTH_STEPS if months / s <= MAX_TICKS), _MONTH_STEPS[-1])
    # the last tick is where the last month ends: no label, not a month "M13" of a 12-month plan
    return dataclasses.replace(axis, minimum=first_month, maximum=after_last, step=month_step,
                               number_format=f'[>={after_last:g}]"";"M"0')


ChartSection = Callable[[Body, PlanView, ChartWriter], None]
CHARTS: Final[dict[str, tuple[ChartSection, ...]]] = {
    "execution": (write_gantt_chart,),
    "budget": (write_budget_charts,),
    "kpis": (write_kpi_chart,),
}
"""The charts each chapter ends with."""


def chart_fonts(styles: etree._Element) -> Fonts:
    """The document defaults' Latin and East Asian fonts (after :mod:`.fonts` fixed them)."""
    fonts = styles.find(f"{w('docDefaults')}/{w('rPrDefault')}/{w('rPr')}/{w('rFonts')}")
    latin = fonts.get(w("ascii")) if fonts is not None else None
    east = fonts.get(w("eastAsia")) if fonts is not None else None
    return Fonts(latin or "Calibri", east or latin or "Microsoft YaHei")


