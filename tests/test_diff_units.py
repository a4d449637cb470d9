"""Unit tests of the diff's building blocks: word diff, date alignment, pairing, formatting."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from mktplan.diff.compare import Comparer, percent_change
from mktplan.diff.fields import field_specs
from mktplan.diff.match import Pair, keyed, pair_items
from mktplan.diff.model import FieldChange, Kind
from mktplan.diff.periods import DateShift, shift_months
from mktplan.diff.report_json import decimal_text
from mktplan.diff.report_md import escape
from mktplan.diff.words import Op, inline_diff, tokens
from mktplan.model.sections import BudgetLine, Goal, Meta, Persona, Task


# --- words ---------------------------------------------------------------------------
def test_latin_text_is_cut_into_words_and_spaces() -> None:
    assert tokens("Grow visits  to 30,000") == ["Grow", " ", "visits", "  ", "to", " ", "30,000"]


def test_cjk_text_is_cut_into_single_characters_and_latin_runs_into_words() -> None:
    assert tokens("粉丝从38万增长 ROI") == ["粉", "丝", "从", "38", "万", "增", "长", " ", "ROI"]


def test_inline_diff_marks_changed_words_only() -> None:
    runs = inline_diff("Grow visits to 30,000 by June", "Grow visits to 36,000 by July")
    changed = [(run.op, run.text) for run in runs if run.op is not Op.SAME]
    assert changed == [(Op.REMOVED, "30,000"), (Op.ADDED, "36,000"),
                       (Op.REMOVED, "June"), (Op.ADDED, "July")]


def test_inline_diff_of_chinese_marks_single_characters() -> None:
    runs = inline_diff("每月复盘爆款内容", "每周复盘爆款内容")
    assert [(run.op, run.text) for run in runs if run.op is not Op.SAME] == [
        (Op.REMOVED, "月"), (Op.ADDED, "周")]


@given(st.text(), st.text())
def test_inline_diff_rebuilds_both_texts(old: str, new: str) -> None:
    runs = inline_diff(old, new)
    assert "".join(run.text for run in runs if run.op is not Op.ADDED) == old
    assert "".join(run.text for run in runs if run.op is not Op.REMOVED) == new


# --- dates ---------------------------------------------------------------------------
def test_a_task_moved_into_the_next_plan_year_is_compared_by_its_place_in_the_year() -> None:
    shift = DateShift.between(date(2026, 1, 1), date(2027, 1, 1))
    assert shift.months == 12
    assert shift.days(date(2026, 3, 2), date(2027, 2, 22)) == -8


def test_month_ends_stay_month_ends_across_leap_years() -> None:
    assert shift_months(date(2027, 2, 28), 12) == date(2028, 2, 29)
    assert shift_months(date(2028, 2, 29), 12) == date(2029, 2, 28)
    assert shift_months(date(2027, 1, 31), 1) == date(2027, 2, 28)
    assert shift_months(date(2027, 1, 30), 1) == date(2027, 2, 28)
    assert shift_months(date(2027, 3, 15), -14) == date(2026, 1, 15)


def test_same_start_month_compares_on_the_calendar() -> None:
    shift = DateShift.between(date(2027, 1, 1), date(2027, 1, 15))
    assert not shift.relative
    assert shift.days(date(2027, 3, 1), date(2027, 3, 8)) == 7


# --- pairing -------------------------------------------------------------------------
class _Item:
    def __init__(self, key: str, content: str) -> None:
        self.id = key
        self.content = content


def _content(item: Any, is_old: bool) -> str:
    return str(item.content)


def _pairs(old: list[_Item], new: list[_Item]) -> list[tuple[str | None, str | None]]:
    pairs: list[Pair] = pair_items(keyed(old, lambda i: i.id), keyed(new, lambda i: i.id),
                                   _content)
    return [(pair.old_key, pair.new_key) for pair in pairs]


def test_pairs_follow_the_new_order_then_removed_items_in_the_old_order() -> None:
    old = [_Item("a", "1"), _Item("b", "2"), _Item("c", "3"), _Item("d", "4")]
    new = [_Item("c", "3"), _Item("e", "9"), _Item("a", "1")]
    assert _pairs(old, new) == [("c", "c"), (None, "e"), ("a", "a"), ("b", None), ("d", None)]


def test_an_unpaired_item_with_the_content_of_a_removed_one_is_a_rename() -> None:
    old = [_Item("T1", "research"), _Item("T2", "ads")]
    new = [_Item("T1-research", "research"), _Item("T2", "ads")]
    assert _pairs(old, new) == [("T1", "T1-research"), ("T2", "T2")]


def test_a_new_item_with_other_content_is_not_a_rename() -> None:
    assert _pairs([_Item("a", "1")], [_Item("b", "2")]) == [(None, "b"), ("a", None)]


def test_two_renames_with_the_same_content_pair_in_list_order() -> None:
    old = [_Item("a", "x"), _Item("b", "x")]
    new = [_Item("c", "x"), _Item("d", "x")]
    assert _pairs(old, new) == [("a", "c"), ("b", "d")]


def test_a_repeated_id_is_kept_as_a_numbered_key() -> None:
    assert list(keyed([_Item("a", "1"), _Item("a", "2")], lambda i: i.id)) == ["a", "a#2"]


# --- facts and comparison ------------------------------------------------------------
def test_fields_use_yaml_names_and_replace_what_has_a_meaning() -> None:
    task = [spec.name for spec in field_specs(Task)]
    assert "end" in task and "duration_days" not in task and "end_" not in task
    line = {spec.name: spec.kind for spec in field_specs(BudgetLine)}
    assert line["from"] is Kind.DATE and line["cost"] is Kind.MONEY
    assert line["amount"] is Kind.MONEY and line["quantity"] is Kind.NUMBER
    goal = {spec.name: spec.kind for spec in field_specs(Goal)}
    assert goal["supports"] is Kind.IDS and goal["statement"] is Kind.TEXT
    assert goal["target_change"] is Kind.SHARE and goal["objective"] is Kind.WORD
    meta = [spec.name for spec in field_specs(Meta)]
    assert "period.start" in meta and "period.end" in meta
    persona = {spec.name: spec.kind for spec in field_specs(Persona)}
    assert persona["behaviors"] is Kind.TEXTS and persona["channels"] is Kind.IDS
    assert persona["journey.awareness"] is Kind.TEXT


def test_money_written_differently_is_equal_and_id_lists_are_sets() -> None:
    comparer = Comparer(DateShift(0))
    assert comparer.change("amount", Kind.MONEY, Decimal("3000000"), Decimal("3.0E+6")) is None
    assert comparer.change("depends_on", Kind.IDS, ("T1", "T2"), ("T2", "T1")) is None
    assert comparer.change("list", Kind.TEXTS, ("a", "b"), ("b", "a")) is not None


def test_money_changes_carry_absolute_and_relative_deltas() -> None:
    change = Comparer(DateShift(0)).change("amount", Kind.MONEY, Decimal(660000),
                                           Decimal(780000))
    assert change == FieldChange("amount", Kind.MONEY, Decimal(660000), Decimal(780000),
                                 Decimal(120000), Decimal("18.2"))


def test_money_in_different_currencies_has_no_delta() -> None:
    change = Comparer(DateShift(0), same_currency=False).change(
        "amount", Kind.MONEY, Decimal(1), Decimal(2))
    assert change is not None and change.delta is None and change.delta_pct is None


def test_percent_change_of_zero_is_none() -> None:
    assert percent_change(Decimal(0), Decimal(5)) is None
    assert percent_change(Decimal(-200), Decimal(-100)) == Decimal("50.0")


# --- output helpers ------------------------------------------------------------------
def test_decimals_are_written_exactly_without_exponents() -> None:
    assert decimal_text(Decimal("1.5E+8")) == "150000000"
    assert decimal_text(Decimal("200000.00")) == "200000"
    assert decimal_text(Decimal("0.050")) == "0.05"
    assert decimal_text(Decimal("12345678901234.56")) == "12345678901234.56"


def test_markdown_escape_keeps_tables_and_html_inert() -> None:
    escaped = escape("a | b\nc <script>alert(1)</script> [x](http://e) @team *bold*")
    assert "\n" not in escaped
    assert "<" not in escaped and ">" not in escaped
    assert "\\|" in escaped and "\\[x\\]" in escaped and "\\*bold\\*" in escaped
    assert "@" not in escaped.replace("&#64;", "")
    assert escaped.count("|") == escaped.count("\\|")


def test_markdown_escape_shows_direction_controls() -> None:
    assert "\u202e" not in escape("evil\u202etxt.exe")
