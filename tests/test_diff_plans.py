"""Diffs of whole plans: pairing by id in every section, renames, reordering, plan years."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from mktplan.diff.core import diff_plans
from mktplan.diff.formatting import HumanFormat
from mktplan.diff.model import ChangeKind, ItemChange, PlanDiff
from mktplan.diff.report_json import report as json_report
from mktplan.diff.report_text import report as text_report
from mktplan.diff.sections import SECTIONS
from mktplan.diff.textconv import textconv
from mktplan.load import parse_yaml
from mktplan.rules.pipeline import CheckedPlan, check_document

from .conftest import EXAMPLES, check_text

DOUYIN = EXAMPLES / "douyin-account.zh-CN.yaml"


def diff_texts(old: str, new: str) -> PlanDiff:
    return diff_plans(check_text(old, "old.yaml"), check_text(new, "new.yaml"))


def changed(text: str, old: str, new: str) -> str:
    assert text.count(old) == 1, f"{old!r} must occur exactly once"
    return text.replace(old, new)


def only_change(diff: PlanDiff) -> ItemChange:
    assert len(diff.changes) == 1, diff.changes
    return diff.changes[0]


def fields_of(change: ItemChange) -> dict[str, tuple[Any, Any, Any]]:
    return {field.field: (field.old, field.new, field.delta) for field in change.fields}


def test_a_plan_against_itself_has_no_differences(base_text: str) -> None:
    diff = diff_texts(base_text, base_text)
    assert diff.changes == ()
    assert not diff.has_differences
    assert not any(row.changed for row in diff.summary)


def test_a_changed_field_shows_old_new_and_delta(base_text: str) -> None:
    new = changed(base_text, 'amount: "75万"', 'amount: "90万"')
    change = only_change(diff_texts(base_text, new))
    assert (change.section, change.key, change.kind) == ("budget.lines", "ads",
                                                         ChangeKind.CHANGED)
    assert fields_of(change) == {
        "amount": (Decimal(750000), Decimal(900000), Decimal(150000)),
        "cost": (Decimal(750000), Decimal(900000), Decimal(150000)),
    }


def test_a_computed_cost_changes_with_its_quantity(base_text: str) -> None:
    new = changed(base_text, 'unit_cost: "20万", per: year',
                  'unit_cost: "20万", quantity: 2, per: year')
    fields = fields_of(only_change(diff_texts(base_text, new)))
    assert fields["quantity"][:2] == (Decimal(1), Decimal(2))
    assert fields["cost"][2] == Decimal(200000)


def test_an_id_change_without_content_change_is_a_rename(base_text: str) -> None:
    new = changed(base_text, "{id: T1, name: Persona research", "{id: T1a, name: Persona research")
    new = changed(new, "depends_on: [T1]", "depends_on: [T1a]")
    tasks = [change for change in diff_texts(base_text, new).changes
             if change.section == "execution.tasks"]
    assert [(c.kind, c.old_key, c.key) for c in tasks] == [
        (ChangeKind.RENAMED, "T1", "T1a"), (ChangeKind.CHANGED, None, "T2")]


def test_an_id_change_with_content_change_is_removed_and_added(base_text: str) -> None:
    new = changed(base_text, "{id: T1, name: Persona research", "{id: T1a, name: Persona study")
    kinds = {(c.kind, c.key) for c in diff_texts(base_text, new).changes
             if c.section == "execution.tasks"}
    assert (ChangeKind.ADDED, "T1a") in kinds and (ChangeKind.REMOVED, "T1") in kinds


def test_an_end_written_as_a_duration_is_the_same_end(base_text: str) -> None:
    new = changed(base_text, "start: M1, end: 2027-01-31}", "start: M1, duration_days: 31}")
    assert diff_texts(base_text, new).changes == ()


def _reversed_items(data: Any) -> Any:
    """Every mapping's keys and every list of items reversed (lists of texts keep order)."""
    if isinstance(data, dict):
        return {key: _reversed_items(value) for key, value in reversed(data.items())}
    if isinstance(data, list):
        items = [_reversed_items(value) for value in data]
        return items[::-1] if all(isinstance(item, dict) for item in items) else items
    return data


def _checked(data_changer: Any = None) -> CheckedPlan:
    document = parse_yaml(DOUYIN.read_text(encoding="utf-8"), DOUYIN.name)
    if data_changer is not None:
        document.data = data_changer(document.data)
    return check_document(document)


def test_reversing_every_list_of_items_and_every_mapping_changes_nothing() -> None:
    # every section of the example has at least two items, so every list is reordered
    plan = _checked().plan
    assert plan is not None
    for spec in SECTIONS:
        if not spec.single:
            assert len(spec.items(plan)) >= 2, spec.path
    diff = diff_plans(_checked(), _checked(_reversed_items))
    assert diff.changes == ()
    assert not diff.has_differences


@pytest.mark.parametrize("spec", [spec for spec in SECTIONS if not spec.single],
                         ids=lambda spec: spec.path)
def test_every_list_section_pairs_its_items_by_key(spec: Any) -> None:
    def drop_first(data: Any) -> Any:
        node = data
        *parents, name = spec.path.split(".")
        for part in parents:
            node = node[part]
        node[name] = node[name][1:]
        return data

    old = _checked()
    assert old.plan is not None
    first = spec.items(old.plan)[0]
    diff = diff_plans(old, _checked(drop_first))
    removed = [c for c in diff.changes if c.section == spec.path]
    assert [(c.kind, c.key) for c in removed] == [(ChangeKind.REMOVED, spec.key(first))]


def test_calendar_rules_are_matched_by_pillar_channel_and_format(base_text: str) -> None:
    calendar = (
        "  content:\n    pillars:\n      - {id: tips, name: Tips, channels: [douyin]}\n"
        "    calendar:\n"
        "      - {pillar: tips, channel: douyin, format: short_video, count: 2}\n"
        "      - {pillar: tips, channel: douyin, format: live, count: 1}\n"
    )
    old = changed(base_text, "    - {id: douyin, name: Douyin, type: paid}\n",
                  "    - {id: douyin, name: Douyin, type: paid}\n" + calendar)
    swapped = calendar.replace("format: short_video, count: 2", "SWAP").replace(
        "format: live, count: 1", "format: short_video, count: 3").replace(
        "SWAP", "format: live, count: 1")
    new = changed(old, calendar, swapped)
    change = only_change(diff_texts(old, new))
    assert (change.section, change.key) == ("strategy.content.calendar",
                                            "tips/douyin/short_video")
    assert fields_of(change) == {"count": (2, 3, 1)}


def test_a_section_that_appears_is_added(base_text: str) -> None:
    new = base_text + "swot: {strengths: [Loyal users]}\nrisks:\n" \
        "  - {id: R1, description: Ads get dearer, mitigation: Creators}\n"
    kinds = [(c.section, c.key, c.kind) for c in diff_texts(base_text, new).changes]
    assert kinds == [("swot", None, ChangeKind.ADDED), ("risks", "R1", ChangeKind.ADDED)]


def test_plans_of_different_years_compare_dates_by_place_in_the_period(base_text: str) -> None:
    old = base_text.replace("2027-", "2026-")
    old = changed(old, "launch: 2026-03-01", "launch: 2026-03-02")
    new = changed(base_text, "launch: 2027-03-01", "launch: 2027-02-22")
    diff = diff_texts(old, new)
    tasks = {c.key: c for c in diff.changes if c.section == "execution.tasks"}
    start = tasks["T2"].fields[0]
    assert (start.field, start.delta, start.relative) == ("start", -8, True)
    assert HumanFormat(diff).delta(start) == "8 days earlier in the plan year"
    assert "T1" not in tasks  # M1 … 2026-01-31 is M1 … 2027-01-31
    meta = fields_of(next(c for c in diff.changes if c.section == "meta"))
    assert meta["period.start"][2] == 365  # the period itself is compared on the calendar
    months = [row.key[-1] for row in diff.summary if row.key[:2] == ("budget", "by_month")]
    assert months == [f"M{number}" for number in range(1, 13)]
    assert any("12 months apart" in notice for notice in diff.notices)


def test_a_plan_with_rule_errors_is_diffed_with_a_notice(base_text: str) -> None:
    new = changed(base_text, 'amount: "75万"', 'amount: "95万"')  # over the total
    diff = diff_texts(base_text, new)
    assert diff.new.errors == 1
    assert diff.notices and "new plan (new.yaml) has 1 error" in diff.notices[0]
    assert diff.changes


def test_plans_in_different_currencies_show_money_without_deltas(base_text: str) -> None:
    new = changed(base_text, "currency: CNY", "currency: USD")
    new = changed(new, 'amount: "75万"', 'amount: "76万"')
    diff = diff_texts(base_text, new)
    line = next(c for c in diff.changes if c.section == "budget.lines")
    assert fields_of(line)["amount"][2] is None
    assert any("different currencies" in notice for notice in diff.notices)


def test_a_repeated_id_does_not_lose_items(base_text: str) -> None:
    new = changed(base_text, "  - {id: sales, stream: Online sales",
                  "  - {id: sales, stream: Store sales, amount: 1}\n"
                  "  - {id: sales, stream: Online sales")
    diff = diff_texts(base_text, new)
    assert diff.new.errors  # references-duplicate-id
    keys = {(c.key, c.kind) for c in diff.changes if c.section == "returns"}
    assert ("sales#2", ChangeKind.ADDED) in keys


def test_rule_settings_are_compared(base_text: str) -> None:
    old = base_text + "rules: {smart-achievable: {max_growth: 3}, completeness: warning}\n"
    new = base_text + "rules: {smart-achievable: {max_growth: 4}, budget-unallocated: off}\n"
    change = only_change(diff_texts(old, new))
    assert (change.section, change.kind) == ("rules", ChangeKind.CHANGED)
    assert fields_of(change) == {
        "budget-unallocated": (None, '"off"', None),
        "completeness": ('"warning"', None, None),
        "smart-achievable": ('{"max_growth": "3"}', '{"max_growth": "4"}', None),
    }


@pytest.mark.parametrize("empty", ["", "rules: {}\n"])
def test_rule_settings_written_only_in_the_new_plan_are_each_shown(
        base_text: str, empty: str) -> None:
    new = base_text + "rules: {smart-achievable: {max_growth: 4}, budget-unallocated: off}\n"
    diff = diff_texts(base_text + empty, new)
    change = only_change(diff)
    assert (change.section, change.key, change.kind) == ("rules", None, ChangeKind.CHANGED)
    assert fields_of(change) == {"budget-unallocated": (None, '"off"', None),
                                 "smart-achievable": (None, '{"max_growth": "4"}', None)}
    stream = io.StringIO()
    text_report(diff, stream)
    assert ("Rule settings: 1 changed\n  ~ Rule settings\n"
            "      budget-unallocated: — → \"off\"\n") in stream.getvalue()
    back = only_change(diff_texts(new, base_text + empty))
    assert fields_of(back) == {"budget-unallocated": ('"off"', None, None),
                               "smart-achievable": ('{"max_growth": "4"}', None, None)}


def test_the_same_inputs_give_the_same_bytes(base_text: str) -> None:
    new = changed(base_text, 'amount: "75万"', 'amount: "70万"')
    outputs = set()
    for _ in range(2):
        stream = io.StringIO()
        json_report(diff_texts(base_text, new), stream)
        outputs.add(stream.getvalue())
    assert len(outputs) == 1


def test_a_rename_is_found_in_a_plan_for_another_year(base_text: str) -> None:
    old = base_text.replace("2027-", "2026-")
    new = changed(base_text, "{id: T1, name: Persona research", "{id: T0, name: Persona research")
    new = changed(new, "depends_on: [T1]", "depends_on: [T0]")
    tasks = [(c.kind, c.old_key, c.key) for c in diff_texts(old, new).changes
             if c.section == "execution.tasks"]
    assert tasks == [(ChangeKind.RENAMED, "T1", "T0"), (ChangeKind.CHANGED, None, "T2")]


def test_added_and_removed_items_list_every_fact_from_their_own_plan(base_text: str) -> None:
    # the new plan runs six months: a line per month costs six months there, twelve here
    old = changed(base_text, "    - {id: T1,", "    - {id: T0, name: Old task, phase: prep, "
                  "owner: ops, start: M1, end: M1}\n    - {id: T1,")
    old = changed(old, "    - {id: ads,", "    - {id: retired, item: Retired, unit_cost: 1000, "
                  "per: month}\n    - {id: ads,")
    new = changed(base_text, "    - {id: ads,", "    - {id: promo, item: Promo, category: "
                  "media, unit_cost: 1000, per: month}\n    - {id: ads,")
    new = changed(new, "end: 2027-12-31}", "end: 2027-06-30}")
    new = changed(changed(new, "M12}", "M6}"), "date: M4,", "date: M3,")
    changes = {c.key: c for c in diff_texts(old, new).changes}
    task, added, removed = changes["T0"], changes["promo"], changes["retired"]
    assert (task.kind, task.label, added.kind, added.label, removed.kind, removed.label) == (
        ChangeKind.REMOVED, "Old task", ChangeKind.ADDED, "Promo", ChangeKind.REMOVED,
        "Retired")
    assert [(f.field, f.old, f.new) for f in added.fields] == [
        ("id", None, "promo"), ("item", None, "Promo"), ("category", None, "media"),
        ("unit_cost", None, Decimal(1000)), ("quantity", None, Decimal(1)),
        ("per", None, "month"), ("cost", None, Decimal(6000))]
    assert [(f.field, f.old, f.new) for f in removed.fields][-1] == (
        "cost", Decimal(12000), None)
    assert [(f.field, f.old, f.new) for f in task.fields] == [
        ("id", "T0", None), ("name", "Old task", None), ("phase", "prep", None),
        ("owner", "ops", None), ("start", date(2027, 1, 1), None),
        ("end", date(2027, 1, 31), None)]  # no empty depends_on
    assert all(f.kind is not None and f.delta is None for f in added.fields + removed.fields)


def test_each_side_is_described(base_text: str) -> None:
    new = changed(base_text, "title: Base plan", "title: Next plan")
    new = changed(changed(new, "id: base", "id: next"), "currency: CNY", "currency: USD")
    new = changed(new, 'amount: "75万"', 'amount: "60万"')  # one warning
    diff = diff_texts(base_text, new)
    assert (diff.old.file, diff.old.plan_id, diff.old.title, diff.old.currency,
            diff.old.errors, diff.old.warnings) == ("old.yaml", "base", "Base plan", "CNY", 0, 0)
    assert (diff.new.file, diff.new.plan_id, diff.new.title, diff.new.currency,
            diff.new.start, diff.new.end, diff.new.errors, diff.new.warnings) == (
        "new.yaml", "next", "Next plan", "USD", date(2027, 1, 1), date(2027, 12, 31), 0, 1)
    assert diff.notices == ("the plans use different currencies; money is compared as "
                            "written, without differences",)


def test_the_notices_name_the_errors_of_each_side_and_the_months_apart(base_text: str) -> None:
    broken = changed(base_text, 'amount: "75万"', 'amount: "95万"')  # over the total
    broken = changed(broken, 'total: "100万"', 'total: "99万"')  # and still one error
    later = broken.replace("2027-", "2028-")
    diff = diff_texts(broken, later)
    assert diff.notices == (
        "the old plan (old.yaml) has 1 error; it is compared as far as it could be read "
        "(run 'mktplan check old.yaml')",
        "the new plan (new.yaml) has 1 error; it is compared as far as it could be read "
        "(run 'mktplan check new.yaml')",
        "the plans start 12 months apart; dates are compared by their place in each plan's "
        "period, months as M1, M2 …",
    )
    two = changed(broken, "    baseline: 20000\n", "    baseline: 20000\n    target: x\n")
    assert "has 3 errors;" in diff_texts(two, base_text).notices[0]  # the key twice, too


def test_a_share_and_ids_in_another_order(base_text: str) -> None:
    old = changed(base_text, "depends_on: [T1]}", "depends_on: [T1, T0]}")
    old = changed(old, "    - {id: T1,", "    - {id: T0, name: Zero, start: M1, end: M1}\n"
                  "    - {id: T1,")
    new = changed(old, "depends_on: [T1, T0]}", "depends_on: [T0, T1]}")
    assert diff_texts(old, new).changes == ()
    before = changed(base_text, "    target: 30000\n", '    target_change: "+20%"\n')
    after = changed(before, '"+20%"', '"+35%"')
    [change] = diff_texts(before, after).changes
    share = {f.field: f for f in change.fields}["target_change"]
    assert (share.old, share.new, share.delta, share.delta_pct, share.relative) == (
        Decimal("0.2"), Decimal("0.35"), Decimal("0.15"), None, False)


def test_numbers_in_plans_of_other_years_are_not_relative(base_text: str) -> None:
    old = base_text.replace("2027-", "2026-")
    new = changed(base_text, 'amount: "75万"', 'amount: "70万"')
    [line] = [c for c in diff_texts(old, new).changes if c.key == "ads"]
    [amount] = [f for f in line.fields if f.field == "amount"]
    assert (amount.delta, amount.delta_pct, amount.relative) == (
        Decimal(-50000), Decimal("-6.7"), False)


@pytest.mark.parametrize("example", sorted(EXAMPLES.glob("*.yaml")), ids=lambda p: p.name)
def test_the_same_plan_a_year_later_shows_no_spend_change(example: Path) -> None:
    # 2028 is a leap year: spreading by days would change every month's spend
    text = example.read_text(encoding="utf-8")
    later = text.replace("2027-", "2028-")
    diff = diff_texts(text, later)
    spend = [row for row in diff.summary if row.key[0] == "budget"]
    assert [row.key for row in spend if row.changed] == []
    months = [row for row in spend if row.key[1] == "by_month"]
    assert len(months) >= 3
    assert all(row.change.old == row.change.new and row.change.old for row in months)
    assert [c.section for c in diff.changes if c.section.startswith("budget")] == []
    old_lines = textconv(text.encode(), "old.yaml", 10**6).splitlines()
    new_lines = textconv(later.encode(), "new.yaml", 10**6).splitlines()

    def monthly(lines: list[str]) -> list[str]:
        return [line.split(": ", 1)[1] for line in lines
                if line.startswith(("summary.budget.by_month.", "summary.budget.unscheduled"))]

    assert monthly(old_lines) == monthly(new_lines) and monthly(old_lines)
