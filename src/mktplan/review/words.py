"""The words of a review in each output language, and money and shares in findings.

Findings are in English with the currency code (``CNY 12,000``), as every rule's are;
the review report and workbook use the plan's language (``en``, ``zh-CN``) through
:data:`LABELS` and :class:`~mktplan.text.formatter.Formatter`.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from mktplan.text.figures import group, round_to


def money(value: Decimal, currency: str) -> str:
    """``CNY 3,150,000`` or ``CNY 1,234.50``: rounded to the cent, cents shown only if any."""
    return f"{currency} {group(round_to(value, 2))}"


def percent(fraction: Decimal) -> str:
    """A fraction as a percentage to one decimal: ``0.125`` → ``12.5%``."""
    return f"{round_to(fraction * 100, 1).normalize():f}%"


_EN = {
    "title": "Review of {title}",
    "as_of": "As of {date}: {elapsed} of the plan period has passed.",
    "files": "Actuals: {files} ({rows} rows counted).",
    "budget": "Budget",
    "by_line": "By budget line",
    "by_category": "By category",
    "by_channel": "By channel",
    "by_month": "By month",
    "line": "Line",
    "item": "Item",
    "category": "Category",
    "channel": "Channel",
    "month": "Month",
    "cost": "Cost",
    "planned": "Planned to date",
    "actual": "Actual to date",
    "variance": "Variance",
    "variance_pct": "Variance %",
    "spent_pct": "Spent %",
    "elapsed_pct": "Time elapsed %",
    "remaining": "Remaining",
    "forecast": "Forecast",
    "total": "Total",
    "lines_total": "Budget lines",
    "reserve": "Reserve",
    "budget_total": "Budget total",
    "kpis": "KPIs and goals",
    "goal": "Goal / KPI",
    "baseline": "Baseline",
    "target": "Target",
    "deadline": "Deadline",
    "latest": "Latest",
    "date": "Date",
    "path": "Path",
    "progress": "Progress",
    "projected": "Projected",
    "status": "Status",
    "on track": "on track",
    "at risk": "at risk",
    "off track": "off track",
    "no data": "no data",
    "returns": "Returns and ROI to date",
    "stream": "Stream",
    "amount": "Amount",
    "roi": "ROI to date (returns ÷ spend)",
    "findings": "Findings",
    "no_findings": "No findings.",
    "none": "(none)",
    "actuals_sheet": "Actuals",
    "review_sheet": "Review",
    "kind": "Kind",
    "id": "Id",
    "value": "Value",
    "note": "Note",
    "source": "Source",
    "as_of_label": "As of",
    "cum_planned": "Planned, cumulative",
    "cum_actual": "Actual, cumulative",
    "chart_cumulative": "Cumulative spend: plan vs actual",
    "chart_categories": "Spend to date by category: plan vs actual",
    "severity": "severity",
    "rule": "rule",
    "message": "message",
    "error": "error",
    "warning": "warning",
    "valid_date": "a date within the plan period",
    "valid_id": "an id of the plan (see the ids sheet)",
    "valid_number": "a number of 0 or more",
}
_ZH = {
    "title": "{title}月度复盘",
    "as_of": "截至 {date}：计划周期已过 {elapsed}。",
    "files": "实际数据：{files}（计入 {rows} 行）。",
    "budget": "预算执行",
    "by_line": "按预算项",
    "by_category": "按类别",
    "by_channel": "按渠道",
    "by_month": "按月份",
    "line": "预算项",
    "item": "项目",
    "category": "类别",
    "channel": "渠道",
    "month": "月份",
    "cost": "预算",
    "planned": "计划至今",
    "actual": "实际至今",
    "variance": "偏差",
    "variance_pct": "偏差率",
    "spent_pct": "已花费",
    "elapsed_pct": "时间进度",
    "remaining": "剩余",
    "forecast": "预测",
    "total": "合计",
    "lines_total": "预算项合计",
    "reserve": "预留金",
    "budget_total": "预算总额",
    "kpis": "KPI 与目标",
    "goal": "目标 / KPI",
    "baseline": "基线",
    "target": "目标值",
    "deadline": "截止",
    "latest": "最新值",
    "date": "日期",
    "path": "路径值",
    "progress": "完成度",
    "projected": "预计达到",
    "status": "状态",
    "on track": "正常",
    "at risk": "有风险",
    "off track": "偏离",
    "no data": "无数据",
    "returns": "回报与投资回报率",
    "stream": "回报来源",
    "amount": "金额",
    "roi": "投资回报率（回报 ÷ 花费）",
    "findings": "发现的问题",
    "no_findings": "未发现问题。",
    "none": "（无）",
    "actuals_sheet": "实际数据",
    "review_sheet": "复盘",
    "kind": "类型",
    "id": "编号",
    "value": "数值",
    "note": "备注",
    "source": "来源",
    "as_of_label": "截至",
    "cum_planned": "累计计划",
    "cum_actual": "累计实际",
    "chart_cumulative": "累计花费：计划与实际",
    "chart_categories": "各类别花费：计划至今与实际",
    "severity": "级别",
    "rule": "规则",
    "message": "说明",
    "error": "错误",
    "warning": "警告",
    "valid_date": "请填写计划周期内的日期",
    "valid_id": "请填写计划中的 id（见 ids 工作表）",
    "valid_number": "请填写大于或等于 0 的数",
}
LABELS: Mapping[str, Mapping[str, str]] = {"en": _EN, "zh-CN": _ZH}


def labels(language: str) -> Mapping[str, str]:
    """The words of ``language``, English for any other."""
    return LABELS.get(language, _EN)
