"""The plan-wide expansion budget: counting without expanding, the rule, and every guard."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mktplan.errors import ExpansionLimitError
from mktplan.model import expansion, phasing, windows
from mktplan.model.plan import Plan
from mktplan.model.sections import CalendarRule
from mktplan.render import context
from mktplan.render.calendar import MAX_SLOTS, slot_dates
from mktplan.render.context import build_view
from mktplan.render.labels import load_catalog

from .conftest import check_text, write_file

RULE = "schema-expansion-too-large"
HEAD = ("mktplan: 1\nmeta: {id: %s, title: Limit plan, period: {start: %s, end: %s}}\n"
        "rules: {completeness: off, timeline-owner-overload: off}\n")


def hostile_plan(entries: int = 400) -> str:
    """The plan of the security report: 400 entries of 100 slots a day over 36 months."""
    lines = [HEAD % ("hostile", "2027-01-01", "2029-12-31"),
             "strategy:\n  channels: [{id: douyin, name: Douyin, type: paid}]\n",
             "  content:\n    pillars:\n"]
    lines += [f"      - {{id: pillar-{i}, name: Pillar number {i}}}\n" for i in range(20)]
    lines.append("    calendar:\n")
    lines += [f"      - {{pillar: pillar-{i % 20}, channel: douyin, format: short_video, "
              "count: 100, per: day, from: M1, to: M36}\n" for i in range(entries)]
    return "".join(lines)


def gantt_plan(tasks: int, start: str = "2027-01-01", end: str = "2029-12-31",
               plan_id: str = "gantt") -> str:
    """A plan whose expansion is its Gantt: ``tasks`` rows over the period's months."""
    lines = [HEAD % (plan_id, start, end), "team:\n  - {id: ops, role: Operations}\n",
             "execution:\n  tasks:\n"]
    lines += [f"    - {{id: T{i}, name: Task number {i}, owner: ops, start: {start}, "
              "duration_days: 20}\n" for i in range(tasks)]
    return "".join(lines)


def plan_of(text: str) -> Plan:
    checked = check_text(text)
    assert checked.plan is not None, checked.findings
    assert all(finding.rule == RULE for finding in checked.findings), checked.findings
    return checked.plan


def findings(text: str, rule: str = RULE) -> list[tuple[int, str]]:
    return [(f.line, f.message) for f in check_text(text).findings if f.rule == rule]


# --- counting ----------------------------------------------------------------------------
@settings(max_examples=300, deadline=None)
@given(per=st.sampled_from(["day", "week", "month"]), count=st.integers(1, 100),
       start=st.dates(date(2026, 1, 1), date(2028, 12, 31)), days=st.integers(-3, 120))
def test_slot_count_is_the_number_of_slots_made(per: str, count: int, start: date,
                                                days: int) -> None:
    rule = CalendarRule.model_validate({"pillar": "p", "count": count, "per": per})
    end = start + timedelta(days=days)
    assert expansion.slot_count(rule, start, end) == len(list(slot_dates(rule, start, end)))


@given(start=st.dates(date(1900, 3, 1), date(2189, 12, 31)), days=st.integers(-70, 4000))
def test_months_touched_counts_the_month_starts(start: date, days: int) -> None:
    end = max(start + timedelta(days=days), date(1900, 1, 1))
    assert expansion.months_touched(start, end) == len(windows.month_starts(start, end))


def test_every_kind_is_counted(base_text: str) -> None:
    plan = plan_of(base_text.replace(
        "    - {id: douyin, name: Douyin, type: paid}\n",
        "    - {id: douyin, name: Douyin, type: paid}\n"
        "  content:\n"
        "    pillars: [{id: tips, name: Tips}, {id: live, name: Live}]\n"
        "    calendar:\n"
        "      - {pillar: tips, count: 2, per: week}\n"
        "      - {pillar: live, count: 3, per: month, from: M11}\n"))
    measured = expansion.measure(plan)
    assert measured.by_kind == {
        expansion.PLAN_MONTHS: 12,
        expansion.SLOTS: 105 + 6,  # 52 weeks twice, 1 slot in the last day; 2 months × 3
        expansion.CALENDAR_TABLE: 12 * 2,
        expansion.GANTT: (2 + 2 + 1) * 12,  # 2 phases, 2 tasks, 1 milestone
        expansion.BUDGET_MONTHS: 12 + 10,  # the salary line per year; the ads line over 'run'
    }
    assert measured.total == sum(measured.by_kind.values()) and measured.within


# --- the rule ----------------------------------------------------------------------------
def test_the_hostile_plan_is_refused_by_check_quickly(tmp_path: Path) -> None:
    text = hostile_plan()
    assert 30_000 < len(text.encode()) < 45_000
    path = write_file(tmp_path, "hostile.yaml", text)
    started = time.monotonic()
    result = subprocess.run([sys.executable, "-m", "mktplan", "check", str(path), "--format",
                             "json"], capture_output=True, text=True, timeout=60)
    elapsed = time.monotonic() - started
    assert result.returncode == 1, result.stderr
    found = json.loads(result.stdout)["files"][0]["findings"]
    tenth_entry = text.splitlines().index("    calendar:") + 1 + 10
    assert [(f["rule"], f["line"]) for f in found] == [(RULE, tenth_entry)]
    message = found[0]["message"]
    assert "43,840,756 items" in message and "43,840,000 calendar slots" in message
    assert "720 calendar table cells" in message  # 36 months × 20 pillars
    assert "limit of 1,000,000" in message and "109,600 slots" in message
    assert "lower the calendar entries' counts" in message and "split the plan" in message
    assert found[0]["path"] == "strategy.content.calendar[9]"
    assert elapsed < 5, f"check took {elapsed:.1f} s"


def test_the_finding_is_at_the_item_that_goes_over(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(expansion.ENV_VARIABLE, "1000")
    text = gantt_plan(30)  # 36 months, then 30 rows of 36 cells: the 27th row goes over
    [(line, message)] = findings(text)
    assert text.splitlines()[line - 1].strip().startswith("- {id: T26,")
    assert "1,116 items" in message and "1,080 Gantt cells" in message
    assert "limit of 1,000" in message and "this Gantt row has 36 month cells" in message


def test_budget_lines_count_their_months(base_text: str,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    # 12 plan months, 5 Gantt rows of 12, the salary line's 12 months: 84; the tools line
    # (12 months too) goes over; the one-off ads line after it is spread over its phase's 10
    monkeypatch.setenv(expansion.ENV_VARIABLE, "90")
    text = base_text.replace("    - {id: ads,", "    - {id: tools, item: Tools, category: "
                             "tools, unit_cost: 1, per: month}\n    - {id: ads,")
    [(line, message)] = findings(text)
    assert "106 items" in message and "34 budget months" in message
    assert "this line's spend is spread over 12 months" in message
    assert text.splitlines()[line - 1].strip().startswith("- {id: tools")


def test_the_plan_cannot_switch_it_off_or_raise_it() -> None:
    text = hostile_plan(20).replace(
        "rules: {completeness: off,",
        "rules: {completeness: off, schema-expansion-too-large: off, schema: {max: 1},")
    rules = sorted(f.rule for f in check_text(text).findings)
    assert rules == [RULE, "schema-rules-config", "schema-rules-config"]


@pytest.mark.parametrize(("value", "limit"), [
    (None, 1_000_000), ("5000000", 5_000_000), ("2_000_000", 2_000_000), (" 10 ", 10),
    ("", 1_000_000), ("many", 1_000_000), ("-5", 1_000_000), ("1e9", 1_000_000),
])
def test_the_limit_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch,
                                              value: str | None, limit: int) -> None:
    if value is None:
        monkeypatch.delenv(expansion.ENV_VARIABLE, raising=False)
    else:
        monkeypatch.setenv(expansion.ENV_VARIABLE, value)
    assert expansion.max_expanded() == limit


def test_raising_the_limit_lets_a_plan_through(monkeypatch: pytest.MonkeyPatch) -> None:
    text = hostile_plan(20)
    assert findings(text)
    monkeypatch.setenv(expansion.ENV_VARIABLE, str(20 * 109_600 + 36 + 36 * 20))
    assert findings(text) == []


def test_the_documentation_names_the_limit_and_the_variable() -> None:
    from mktplan.rules.registry import RULES_BY_ID

    doc = RULES_BY_ID[RULE].doc
    assert f"{expansion.DEFAULT_MAX_EXPANDED:,}" in doc and expansion.ENV_VARIABLE in doc


def test_the_benchmark_huge_plan_stays_well_within_the_limit() -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
    try:
        import generate
    finally:
        sys.path.pop(0)
        for name in ("generate", "edit", "emit", "vocabulary"):
            sys.modules.pop(name, None)
    plan = plan_of(generate.generate("huge", seed=1))
    measured = expansion.measure(plan)
    assert measured.total < expansion.DEFAULT_MAX_EXPANDED / 3, measured.by_kind


# --- the guards: nothing expands beyond the limit, even called without the check ----------
def test_the_view_and_the_phasing_refuse_a_plan_over_the_limit(
        monkeypatch: pytest.MonkeyPatch) -> None:
    plan = plan_of(gantt_plan(100))
    monkeypatch.setenv(expansion.ENV_VARIABLE, "1000")
    with pytest.raises(ExpansionLimitError, match="3,636 items"):
        build_view(plan, load_catalog("en"))
    with pytest.raises(ExpansionLimitError, match="3,636 items"):
        phasing.phase_budget(plan)


def test_the_calendar_keeps_its_first_slots_without_making_the_rest(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(expansion.ENV_VARIABLE, str(10**9))
    plan = plan_of(hostile_plan())
    started = time.monotonic()
    view = build_view(plan, load_catalog("en"))
    assert time.monotonic() - started < 10
    assert len(view.calendar) == MAX_SLOTS and view.calendar_truncated
    assert [row.slots for row in view.cadence] == [109_600] * 400
    assert view.calendar[-1].date == date(2027, 1, 2)  # 400 × 100 slots a day: day two


def test_the_merged_calendar_is_the_sorted_one(monkeypatch: pytest.MonkeyPatch,
                                               base_text: str) -> None:
    monkeypatch.setattr(context, "MAX_SLOTS", 40)
    plan = plan_of(base_text.replace(
        "    - {id: douyin, name: Douyin, type: paid}\n",
        "    - {id: douyin, name: Douyin, type: paid}\n"
        "  content:\n"
        "    pillars: [{id: b, name: Beta}, {id: a, name: Alpha}]\n"
        "    calendar:\n"
        "      - {pillar: b, count: 3, per: week}\n"
        "      - {pillar: a, count: 2, per: week, from: M2}\n"
        "      - {pillar: b, count: 5, per: month, owner: ops}\n"
        "      - {pillar: a, count: 2, per: day, from: 2027-02-20, to: 2027-02-24}\n"))
    view = build_view(plan, load_catalog("en"))
    period = plan.meta.period
    everything = [
        (day, context.CalendarSlot(day, "Beta" if rule.pillar == "b" else "Alpha", "", "",
                                   "Operations lead" if rule.owner else ""))
        for rule in plan.strategy.content.calendar  # type: ignore[union-attr]
        for day in slot_dates(rule, rule.from_ or period.start, rule.to or period.end)]
    expected = sorted((slot for _, slot in everything),
                      key=lambda slot: (slot.date, slot.pillar, slot.channel))
    assert view.calendar == tuple(expected[:40]) and view.calendar_truncated


def test_diff_leaves_out_the_monthly_spend_of_a_plan_over_the_limit(
        monkeypatch: pytest.MonkeyPatch, base_text: str) -> None:
    from mktplan.diff.rollup import figures

    plan = plan_of(base_text)
    assert any(figure.key[:2] == ("budget", "by_month") for figure in figures(plan, True))
    monkeypatch.setenv(expansion.ENV_VARIABLE, "10")
    kept = figures(plan, True)
    assert kept and not any(figure.key[:2] == ("budget", "by_month") for figure in kept)
