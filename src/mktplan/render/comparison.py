"""Last year's plan beside this one: the diff's figures and changes as plain view records.

``build --compare OLD`` (or the plan's ``meta.compare``) adds a chapter "Compared with
last year" to the documents and a sheet to the workbook. It is made here from the diff
layer's :class:`~mktplan.diff.model.PlanDiff` (:func:`mktplan.diff.core.diff_plans`):
the budget's roll-ups (total, lines, reserve, by category, channel and month), the goals'
targets, the KPIs' targets, the ROI, the channels and activities added and removed, and
every changed item. Renderers and templates get only the frozen records below, with each
value both as it is (for the workbook's numbers and the chart) and as text in the plan's
language (``63万元``), so that every output says the same.
"""

from __future__ import annotations

import typing
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from mktplan.diff.compare import percent_change
from mktplan.diff.model import ChangeKind, FieldChange, ItemChange, Kind, PlanDiff, Value
from mktplan.diff.periods import shift_months
from mktplan.files.reading import os_reason
from mktplan.findings import msg
from mktplan.model.layout import LAYOUT, Chapter
from mktplan.model.plan import Plan
from mktplan.model.sections import BudgetCategory
from mktplan.model.types import Portion
from mktplan.render.labels import Catalog
from mktplan.rules.pipeline import CheckedPlan
from mktplan.text.formatter import Formatter
from mktplan.text.messages import input_error

MAX_TEXT = 120
"""Characters of a text value shown in the item table; longer ones end in ``…``."""
_CATEGORIES: tuple[str, ...] = typing.get_args(BudgetCategory)
_BUDGET_FIGURES = ("total", "allocated", "reserve", "unallocated")
_ROI_FIGURES = (("returns", "total"), ("roi", "ratio"), ("roi", "net"))
_LISTED = ("strategy.channels", "strategy.activities")
Amount = Decimal | int | date | None


@dataclass(frozen=True)
class CompareRow:
    """One figure of both plans: as it is (``old``, ``new``, ``delta``) and as text."""

    label: str
    kind: str
    """``money``, ``number``, ``ratio``, ``share`` or ``date``: how the workbook formats it."""
    old: Amount
    new: Amount
    delta: Decimal | int | None
    delta_pct: Decimal | None
    """The change in percent of the old value (None when there is none or old is 0)."""
    old_text: str
    new_text: str
    change_text: str


@dataclass(frozen=True)
class ChartBar:
    """One category of the chart of budget by category: last year's and this year's amount."""

    label: str
    old: Decimal
    new: Decimal


@dataclass(frozen=True)
class MonthTable:
    """Budget by month of both plans, paired as the diff pairs them.

    By calendar month when both periods start in the same month, else by plan month
    (``M1`` is each plan's first month); the figures are the model's monthly phasing.
    """

    months: tuple[CompareRow, ...]
    """This year's months in order, then any month only last year's plan spends in."""
    unscheduled: CompareRow | None
    """The one-off lines in no month: present when either plan has some."""
    total: CompareRow
    """The budget lines' total: the months plus what is unscheduled."""
    chart: tuple[ChartBar, ...]
    """The months for the chart, with short labels (``M1``, ``3月``): 0 where a plan has none."""


@dataclass(frozen=True)
class ListedItem:
    """A channel or activity that one plan has and the other has not."""

    section: str
    id: str
    name: str


@dataclass(frozen=True)
class ItemRow:
    """One line of the item-level changes: an item, a field, old → new."""

    section: str
    item: str
    change: str
    """What happened, in the plan's language (added, removed, renamed, changed)."""
    field: str
    old_text: str
    new_text: str
    change_text: str


@dataclass(frozen=True)
class ComparisonView:
    """Everything the "Compared with last year" chapter and sheet show."""

    old_file: str
    old_title: str
    old_start: date
    old_end: date
    new_title: str
    intro: str
    """One sentence naming last year's plan and its period, in the plan's language."""
    budget: tuple[CompareRow, ...]
    categories: tuple[CompareRow, ...]
    """Budget by category, in the format's category order."""
    chart: tuple[ChartBar, ...]
    """The same amounts for the chart: 0 where a plan has none."""
    channels: tuple[CompareRow, ...]
    months: MonthTable | None
    """Budget by month; None when neither plan's budget is phased (no lines, too large)."""
    goals: tuple[CompareRow, ...]
    kpis: tuple[CompareRow, ...]
    roi: tuple[CompareRow, ...]
    added: tuple[ListedItem, ...]
    removed: tuple[ListedItem, ...]
    items: tuple[ItemRow, ...]
    notices: tuple[str, ...]


class _Texts:
    """Values and changes as text in the plan's language."""

    def __init__(self, fmt: Formatter, catalog: Catalog) -> None:
        self.fmt = fmt
        self.catalog = catalog
        self.colon = "：" if fmt.chinese else ": "
        """Between an id and its name in a row's label."""

    def value(self, kind: Kind, value: Value, unit: str = "") -> str:
        fmt = self.fmt
        if value is None or value == ():
            return ""
        if unit and kind is Kind.NUMBER and isinstance(value, (Decimal, int)):
            return fmt.quantity(Decimal(value), unit)  # a goal's or KPI's: 160万元, 28%
        if isinstance(value, Portion):
            return fmt.money(value.amount) if value.amount is not None else fmt.percent(
                value.share)
        if isinstance(value, tuple):
            return _short(", ".join(value))
        if isinstance(value, date):
            return fmt.short_date(value)
        if isinstance(value, (Decimal, int)) and not isinstance(value, bool):
            return self._number(kind, Decimal(value))
        return _short(str(value))

    def _number(self, kind: Kind, value: Decimal) -> str:
        if kind is Kind.MONEY:
            return self.fmt.money(value)
        if kind is Kind.RATIO:
            return self.fmt.ratio(value)
        if kind is Kind.SHARE:
            return self.fmt.percent(value)
        return self.fmt.number(value)

    def change(self, change: FieldChange, unit: str = "") -> str:
        from mktplan.text.messages import say

        delta = change.delta
        if delta is None:
            return ""
        if change.kind is Kind.DATE:
            return self.catalog.labels["compare_days"].format(days=f"{int(delta):+d}")
        sign = "+" if delta > 0 else ""
        if change.kind is Kind.SHARE:
            points = f"{sign}{self.fmt.percent(Decimal(delta)).removesuffix('%')}"
            return say("diff.points", self.fmt.language, points=points)
        if unit.strip() == "%":  # a rate's change is in points: 8% → 14% is +6 points
            text = say("diff.points", self.fmt.language,
                       points=sign + self.fmt.number(Decimal(delta)))
        elif unit:
            text = sign + self.value(change.kind, delta, unit)
        else:
            text = sign + self._number(change.kind, Decimal(delta))
        if change.kind is Kind.RATIO:
            text = sign + self.fmt.number(Decimal(delta))
        if change.delta_pct is not None:
            text += self.fmt.paren(self.fmt.signed_percent(change.delta_pct / 100))
        return text

    def row(self, label: str, change: FieldChange, unit: str = "") -> CompareRow:
        """A row of the chapter; ``unit`` is a goal's or KPI's (values carry it)."""
        return CompareRow(label, change.kind.value, _amount(change.old), _amount(change.new),
                          change.delta, change.delta_pct,
                          self.value(change.kind, change.old, unit),
                          self.value(change.kind, change.new, unit), self.change(change, unit))


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= MAX_TEXT else text[: MAX_TEXT - 1] + "…"


def _amount(value: Value) -> Amount:
    if isinstance(value, (Decimal, int, date)) and not isinstance(value, bool):
        return value
    return None


def section_title(path: str, catalog: Catalog) -> str:
    """A section's heading in the plan's language (``strategy.channels`` → 渠道)."""
    document = LAYOUT[path].document
    if not isinstance(document, Chapter):  # meta, rules: labels.compare_section_<path>
        return catalog.labels.get(f"compare_section_{path}", LAYOUT[path].title)
    if document.heading is not None:
        return catalog.subsections.get(document.heading, LAYOUT[path].title)
    return catalog.sections.get(document.key, LAYOUT[path].title)


def comparison_view(diff: PlanDiff, old: Plan, new: Plan, fmt: Formatter,
                    catalog: Catalog, shown: str | None = None) -> ComparisonView:
    """The records of the comparison chapter: ``old`` is last year's plan, ``new`` this one.

    ``shown`` names last year's plan in the chapter (default: the diff's name of it).
    """
    texts = _Texts(fmt, catalog)
    rows = {row.key: row for row in diff.summary}
    labels = catalog.labels

    def figure(key: tuple[str, ...], label: str) -> Iterator[CompareRow]:
        row = rows.get(key)
        if row is not None:
            yield texts.row(label, row.change)

    budget = tuple(row for name in _BUDGET_FIGURES
                   for row in figure(("budget", name), labels[f"compare_{name}"]))
    categories = tuple(row for category in _CATEGORIES
                       for row in figure(("budget", "by_category", category),
                                         catalog.enum("budget_category", category)))
    channel_names = {c.id: c.name for c in (*old.channels, *new.channels)}
    channels = tuple(texts.row(channel_names.get(row.key[2], labels["compare_no_channel"]),
                               row.change)
                     for row in diff.summary if row.key[:2] == ("budget", "by_channel"))
    goals = tuple(texts.row(f"{row.key[1]}{texts.colon}{_goal_statement(new, old, row.key[1])}",
                            row.change,
                            _goal_unit(new, old, row.key[1]))
                  for row in diff.summary if row.key[0] == "goals" and row.key[2] == "target")
    roi = tuple(row for key in _ROI_FIGURES
                for row in figure(key, labels[f"compare_{'_'.join(key)}"]))
    added, removed = _listed(diff.changes, catalog)
    period = fmt.period(old.meta.period.start, old.meta.period.end)
    intro = labels["compare_intro"].format(
        old=old.meta.title + fmt.paren(shown or diff.old.file), period=period)
    return ComparisonView(
        shown or diff.old.file, old.meta.title, old.meta.period.start, old.meta.period.end,
        new.meta.title, intro, budget, categories, _chart(categories), channels,
        _months(diff, new.meta.period.start, texts), goals,
        tuple(_kpi_rows(old, new, texts)), roi, added, removed,
        tuple(_item_rows(diff.changes, texts)), _notices(diff, catalog, shown or diff.old.file))


def _notices(diff: PlanDiff, catalog: Catalog, shown: str) -> tuple[str, ...]:
    """What the reader must know to read the figures, in the plan's language."""
    labels = catalog.labels
    notices = []
    if diff.old.errors:
        notices.append(labels["compare_old_errors"].format(file=shown,
                                                           errors=diff.old.errors))
    if diff.old.currency != diff.new.currency:
        notices.append(labels["compare_currencies"].format(old=diff.old.currency,
                                                           new=diff.new.currency))
    if diff.month_shift:
        notices.append(labels["compare_months_apart"].format(months=abs(diff.month_shift)))
    return tuple(notices)


def _months(diff: PlanDiff, start: date, texts: _Texts) -> MonthTable | None:
    """The budget by month: the diff's month figures, labelled in the plan's language."""
    rows = {row.key: row for row in diff.summary}
    months = [row for row in diff.summary if row.key[:2] == ("budget", "by_month")]
    allocated = rows.get(("budget", "allocated"))
    if not months or allocated is None:
        return None
    labels = [_month_labels(row.key[2], start, texts.fmt) for row in months]
    month_rows = tuple(texts.row(long, row.change)
                       for (long, _), row in zip(labels, months, strict=True))
    late = rows.get(("budget", "unscheduled"))
    unscheduled = None
    if late is not None and (late.change.old or late.change.new):
        unscheduled = texts.row(texts.catalog.labels["unscheduled"], late.change)
    total = texts.row(texts.catalog.labels["month_total"], allocated.change)
    chart = tuple(ChartBar(short, _decimal(row.old), _decimal(row.new))
                  for (_, short), row in zip(labels, month_rows, strict=True))
    return MonthTable(month_rows, unscheduled, total, chart)


def _month_labels(key: str, start: date, fmt: Formatter) -> tuple[str, str]:
    """A month row's label and its chart label, from the diff's key of it.

    A plan month (``M3``) is named with this year's calendar month at that place
    (``M3（2027年3月）``); a calendar month (``2027-03``) as the deliverables name months.
    """
    if key.startswith("M"):
        number = int(key[1:])
        return key + fmt.paren(fmt.month(shift_months(start.replace(day=1), number - 1))), key
    month = date(int(key[:4]), int(key[5:7]), 1)
    return fmt.month(month), fmt.short_month(month)


def _chart(categories: Iterable[CompareRow]) -> tuple[ChartBar, ...]:
    return tuple(ChartBar(row.label, _decimal(row.old), _decimal(row.new)) for row in categories)


def _decimal(value: Amount) -> Decimal:
    return value if isinstance(value, Decimal) else Decimal(0)


def _goal_unit(new: Plan, old: Plan, goal_id: str) -> str:
    return next((goal.unit or "" for goal in (*new.goals, *old.goals) if goal.id == goal_id), "")


def _goal_statement(new: Plan, old: Plan, goal_id: str) -> str:
    for goal in (*new.goals, *old.goals):
        if goal.id == goal_id:
            return _short(goal.statement or "")
    return ""


def _kpi_rows(old: Plan, new: Plan, texts: _Texts) -> Iterator[CompareRow]:
    before = {kpi.id: kpi for kpi in old.kpis}
    after = {kpi.id: kpi for kpi in new.kpis}
    for kpi_id in [*after, *(key for key in before if key not in after)]:
        was, now = before.get(kpi_id), after.get(kpi_id)
        name = next(kpi.name for kpi in (now, was) if kpi is not None)
        old_target = was.target if was is not None else None
        new_target = now.target if now is not None else None
        delta = pct = None
        if old_target is not None and new_target is not None and old_target != new_target:
            delta, pct = new_target - old_target, percent_change(old_target, new_target)
        change = FieldChange(f"kpis.{kpi_id}.target", Kind.NUMBER, old_target, new_target,
                             delta, pct)
        unit = next(kpi.unit or "" for kpi in (now, was) if kpi is not None)
        yield texts.row(f"{kpi_id}{texts.colon}{name}", change, unit)


def _listed(changes: Iterable[ItemChange],
            catalog: Catalog) -> tuple[tuple[ListedItem, ...], tuple[ListedItem, ...]]:
    added: list[ListedItem] = []
    removed: list[ListedItem] = []
    for change in changes:
        if change.section not in _LISTED or change.key is None:
            continue
        item = ListedItem(section_title(change.section, catalog), change.key, change.label)
        if change.kind is ChangeKind.ADDED:
            added.append(item)
        elif change.kind is ChangeKind.REMOVED:
            removed.append(item)
    return tuple(added), tuple(removed)


def _item_rows(changes: Iterable[ItemChange], texts: _Texts) -> Iterator[ItemRow]:
    labels = texts.catalog.labels
    for change in changes:
        section = section_title(change.section, texts.catalog)
        item = _item_name(change)
        happened = labels[f"compare_{change.kind.value}"]
        if change.kind is not ChangeKind.CHANGED:
            yield ItemRow(section, item, happened, "", "", "", "")
            continue
        for field in change.fields:
            yield ItemRow(section, item, happened, _field_name(field.field, labels),
                          texts.value(field.kind, field.old), texts.value(field.kind, field.new),
                          texts.change(field))


def _field_name(name: str, labels: Mapping[str, str]) -> str:
    """A field as the documents' column headings call it (``target`` → 目标值), else its key."""
    return labels.get(name.replace(".", "_"), name)


def _item_name(change: ItemChange) -> str:
    label = _short(change.label)
    if change.key is None:
        return label
    key = change.key if change.old_key is None else f"{change.old_key} → {change.key}"
    return f"{key} {label}".strip() if label and label != change.key else key


def compare_with(new: CheckedPlan, spec: str, fmt: Formatter, catalog: Catalog,
                 shown: str | None = None) -> ComparisonView:
    """The comparison of the checked plan ``new`` with the plan ``spec`` names.

    ``spec`` is a plan file or ``REV:path``, as ``diff`` takes it; ``shown`` is what the
    chapter calls it (``meta.compare`` as written; default ``spec``). Raises
    :class:`~mktplan.errors.InputError` when it cannot be read or does not load as a plan.
    """
    from mktplan.diff.core import diff_plans
    from mktplan.diff.sides import open_side
    from mktplan.load.collector import collector_paused

    try:
        old = open_side(spec)
    except OSError as exc:
        raise input_error(spec, msg("compare.cannot-read", error=os_reason(exc))) from exc
    if old.plan is None:
        raise input_error(spec, msg("compare.not-a-plan", spec=spec))
    assert new.plan is not None
    with collector_paused():
        diff = diff_plans(old, new)
    return comparison_view(diff, old.plan, new.plan, fmt, catalog, shown)
