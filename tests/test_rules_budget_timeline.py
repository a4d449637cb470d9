"""The budget and timeline families beyond one-mistake fixtures: arithmetic, options, scale."""

from __future__ import annotations

import time
from datetime import date, timedelta
from decimal import Decimal

import pytest

from mktplan.model.compute import budget_totals, computed_cost
from mktplan.rules.budget import money, percent
from mktplan.rules.pipeline import CheckedPlan
from mktplan.rules.timeline import strongly_connected

from .conftest import check_text

ADS = '{id: ads, item: Douyin ads, category: media, amount: "75万", channel: douyin, phase: run}'
SALARY = ('{id: salary, item: Operations lead salary, category: personnel, unit_cost: "20万", '
          'per: year, team: ops}')
T1 = "{id: T1, name: Persona research, phase: prep, owner: ops, start: M1, end: 2027-01-31}"
T2 = ("{id: T2, name: Launch ads, phase: run, owner: ops, start: T, duration_days: 30, "
      "depends_on: [T1]}")


def plant(text: str, old: str, new: str) -> str:
    """Replace the one occurrence of ``old``: the planted mistake."""
    assert text.count(old) == 1, old
    return text.replace(old, new)


def found(result: CheckedPlan, prefix: str) -> list[tuple[str, str, int, str]]:
    """Findings whose rule id starts with ``prefix``: (rule, severity, line, message)."""
    return [(f.rule, f.severity.value, f.line, f.message)
            for f in result.findings if f.rule.startswith(prefix)]


def rules_of(result: CheckedPlan, prefix: str) -> list[str]:
    return [rule for rule, *_ in found(result, prefix)]


# --- money, periods, exactness ----------------------------------------------------------
def test_money_and_percent_formats() -> None:
    assert money(Decimal("3150000"), "CNY") == "CNY 3,150,000"
    assert money(Decimal("1234.5"), "USD") == "USD 1,234.50"
    assert money(Decimal("-5000"), "CNY") == "CNY -5,000"
    assert percent(Decimal("0.125")) == "12.5%"
    assert percent(Decimal("-0.4737")) == "-47.4%"


def test_year_line_over_six_months_counts_half(base_text: str) -> None:
    half = plant(base_text, 'unit_cost: "20万", per: year,',
                 'amount: "10万", unit_cost: "20万", per: year, to: M6,')
    result = check_text(half)
    assert result.plan is not None and result.plan.budget is not None
    assert computed_cost(result.plan.budget.lines[0], result.plan) == Decimal(100_000)
    assert rules_of(result, "budget-amount-mismatch") == []

    full = plant(base_text, 'unit_cost: "20万", per: year,',
                 'amount: "20万", unit_cost: "20万", per: year, to: M6,')
    [(_, severity, line, message)] = found(check_text(full), "budget-amount-mismatch")
    assert (severity, line) == ("error", 42)
    assert "CNY 200,000 × 1 × 0.5 years (2027-01-01 to 2027-06-30) = CNY 100,000" in message


def test_partial_month_amount_agrees_to_the_cent(base_text: str) -> None:
    # 15 days of a 31-day month: 10,000 × 15/31 = 4,838.709677… → 4,838.71
    line = ('{id: promo, item: Promo, category: media, amount: "4838.71", unit_cost: 10000, '
            "per: month, from: 2027-01-01, to: 2027-01-15}")
    text = plant(base_text, "    - " + ADS, "    - " + ADS + "\n    - " + line)
    assert rules_of(check_text(text), "budget-amount-mismatch") == []
    off_by_a_cent = text.replace('"4838.71"', '"4838.72"')
    assert rules_of(check_text(off_by_a_cent), "budget-amount-mismatch") == [
        "budget-amount-mismatch"]


def _dime_budget(total: str, count: int = 1000) -> str:
    lines = "\n".join(
        f"    - {{id: l{i}, item: Item {i}, amount: 0.10, from: M1}}" for i in range(count))
    return ("mktplan: 1\nmeta: {id: p, title: P, period: {start: 2027-01-01, end: 2027-12-31}}\n"
            f"budget:\n  total: {total}\n  lines:\n{lines}\n")


def test_many_dime_lines_sum_exactly() -> None:
    result = check_text(_dime_budget("100"))
    assert result.plan is not None
    totals = budget_totals(result.plan)
    assert totals.allocated == Decimal("100.00")
    assert totals.unallocated == 0
    assert found(result, "budget") == []


def test_one_cent_over_is_reported_exactly() -> None:
    [(rule, _, _, message)] = found(check_text(_dime_budget("99.99")), "budget")
    assert rule == "budget-over-total"
    assert "CNY 100, CNY 0.01 more than the total of CNY 99.99" in message


# --- budget rules -----------------------------------------------------------------------
def test_over_total_message_gives_the_figures(base_text: str) -> None:
    text = plant(base_text, '"75万", channel', '"80万", channel')
    [(_, _, line, message)] = found(check_text(text), "budget")
    assert line == 39
    assert message == (
        "the budget lines (CNY 1,000,000) plus the reserve (CNY 50,000) come to CNY 1,050,000, "
        "CNY 50,000 more than the total of CNY 1,000,000; raise the total or cut lines")


@pytest.mark.parametrize(("old", "new", "line"), [
    ('total: "100万"', 'total: "-100万"', 39),
    ('reserve: "5%"', 'reserve: "-5万"', 40),
    ('"75万", channel', '"-75万", channel', 43),
    ('unit_cost: "20万"', 'unit_cost: "-20万"', 42),
    ("per: year, team", "quantity: -1, per: year, team", 42),
    ('amount: "20万", per: year}', 'amount: "-20万", per: year}', 37),
    ('amount: "300万"', 'amount: "-300万"', 45),
])
def test_negative_money_anywhere(base_text: str, old: str, new: str, line: int) -> None:
    result = check_text(plant(base_text, old, new))
    negatives = [(severity, at) for rule, severity, at, _ in found(result, "budget-negative")
                 if rule == "budget-negative"]
    assert negatives == [("error", line)]


def test_unallocated_share_is_an_option(base_text: str) -> None:
    text = plant(base_text, '"75万", channel', '"60万", channel')
    assert rules_of(check_text(text), "budget") == ["budget-unallocated"]
    relaxed = text + 'rules: {budget-unallocated: {max_share: "20%"}}\n'
    assert found(check_text(relaxed), "") == []
    strict = text + "rules: {budget-unallocated: {max_share: 0.1, severity: error}}\n"
    assert [(r, s) for r, s, *_ in found(check_text(strict), "")] == [
        ("budget-unallocated", "error")]


def test_bad_option_is_a_rules_config_error(base_text: str) -> None:
    result = check_text(base_text + 'rules: {budget-unallocated: {max_share: "150%"}}\n')
    assert rules_of(result, "") == ["schema-rules-config"]


def test_team_rule_can_be_made_an_error(base_text: str) -> None:
    text = plant(base_text, 'cost: {amount: "20万"', 'cost: {amount: "30万"')
    text += "rules: {budget-team-uncovered: error}\n"
    assert [(r, s) for r, s, *_ in found(check_text(text), "budget")] == [
        ("budget-team-uncovered", "error")]


def test_team_cost_counts_headcount_and_fractional_lines(base_text: str) -> None:
    # two people at 20万 a year need 40万; a line for two people over half a year gives 20万
    text = plant(base_text, "    role: Operations lead\n",
                 "    role: Operations lead\n    headcount: 2\n")
    text = plant(text, "per: year, team: ops", "quantity: 2, per: year, to: M6, team: ops")
    [(_, severity, line, message)] = [
        item for item in found(check_text(text), "budget") if item[0] == "budget-team-uncovered"]
    assert (severity, line) == ("warning", 38)
    assert "costs CNY 400,000 over the plan period (CNY 200,000 × 2 people × 1 year)" in message
    assert "cover only CNY 200,000; budget the missing CNY 200,000" in message


def test_roi_is_given_both_ways(base_text: str) -> None:
    text = plant(base_text, 'amount: "300万"', 'amount: "50万"')
    [(_, _, _, message)] = found(check_text(text), "budget")
    assert "ROI 0.53 : 1, net -47.4%" in message


def test_revenue_goal_without_returns(base_text: str) -> None:
    text = plant(base_text, "objective: traffic", "objective: revenue")
    text = text[: text.index("returns:")] + text[text.index("kpis:"):]
    [(rule, _, line, message)] = found(check_text(text), "budget")
    assert (rule, line) == ("budget-revenue-goal-exceeds-returns", 16)
    assert "the plan lists no returns" in message


def test_no_total_mentions_a_share_reserve(base_text: str) -> None:
    text = plant(base_text, '  total: "100万"\n', "")
    [(rule, _, _, message)] = found(check_text(text), "budget")
    assert rule == "budget-no-total"
    assert "the reserve is a share of the total" in message


# --- timeline: dates --------------------------------------------------------------------
STRATEGY_EXTRAS = """\
  activities:
    - {id: sale, name: Spring sale, start: 2027-04-10, end: 2027-04-01}
  content:
    pillars:
      - {id: tips, name: Tips}
    calendar:
      - {pillar: tips, from: M5, to: M4}
"""


def test_start_after_end_everywhere(base_text: str) -> None:
    text = plant(base_text, "    - {id: douyin, name: Douyin, type: paid}\n",
                 "    - {id: douyin, name: Douyin, type: paid}\n" + STRATEGY_EXTRAS)
    text = plant(text, "per: year, team: ops", "per: year, from: M7, to: M6, team: ops")
    lines = [line for rule, _, line, _ in found(check_text(text), "timeline")
             if rule == "timeline-start-after-end"]
    assert lines == [26, 31, 49]


def test_reversed_period_is_reported_once() -> None:
    text = ("mktplan: 1\nmeta: {id: p, title: P, period: {start: 2027-12-31, end: 2027-01-01},"
            " launch: 2027-03-01}\n")
    assert found(check_text(text), "timeline") == [
        ("timeline-start-after-end", "error", 2,
         "the plan period ends on 2027-01-01, before it starts on 2027-12-31; "
         "correct or swap the dates")]


def test_outside_period_covers_launch_calendar_and_budget_windows(base_text: str) -> None:
    text = plant(base_text, "launch: 2027-03-01", "launch: 2028-03-01")
    text = plant(text, "start: T, duration_days: 30", "start: 2027-03-01, duration_days: 30")
    text = plant(text, "    - {id: douyin, name: Douyin, type: paid}\n",
                 "    - {id: douyin, name: Douyin, type: paid}\n  content:\n    pillars:\n"
                 "      - {id: tips, name: Tips}\n    calendar:\n"
                 "      - {pillar: tips, from: 2026-12-01}\n")
    text = plant(text, "per: year, team: ops", "per: year, to: 2028-06-30, team: ops")
    result = check_text(text)
    outside = [(line, message.split(",")[0]) for rule, _, line, message
               in found(result, "timeline") if rule == "timeline-outside-period"]
    assert outside == [
        (9, "the launch day (meta.launch) is on 2028-03-01"),
        (29, "calendar entry 1 ('tips') starts on 2026-12-01"),
        (47, "budget line 'salary' ends on 2028-06-30"),
    ]
    assert rules_of(result, "timeline") == ["timeline-outside-period"] * 3


def test_phase_overlap_compares_with_the_latest_end() -> None:
    text = """\
mktplan: 1
meta: {id: p, title: P, period: {start: 2027-01-01, end: 2027-12-31}}
execution:
  phases:
    - {id: all, name: All year, start: M1, end: M12}
    - {id: warmup, name: Warm-up, start: M2, end: M3}
    - {id: peak, name: Peak, start: M4, end: M5}
"""
    assert [(rule, line) for rule, _, line, _ in found(check_text(text), "timeline")] == [
        ("timeline-phase-overlap", 6), ("timeline-phase-overlap", 7)]


# --- timeline: dependencies and workload ------------------------------------------------
def _tasks_plan(tasks: list[str], end: str = "2027-12-31") -> str:
    body = "\n".join(f"    - {task}" for task in tasks)
    return (f"mktplan: 1\nmeta: {{id: p, title: P, period: {{start: 2027-01-01, end: {end}}}}}\n"
            f"execution:\n  tasks:\n{body}\n")


def test_cycle_is_named_and_reported_once() -> None:
    text = _tasks_plan([
        "{id: T1, name: A, start: M1, end: M1, depends_on: [T3]}",
        "{id: T2, name: B, start: M1, end: M1, depends_on: [T1]}",
        "{id: T3, name: C, start: M2, end: M2, depends_on: [T2, T1]}",
    ])
    [(rule, _, line, message)] = found(check_text(text), "timeline")
    assert (rule, line) == ("timeline-dependency-cycle", 5)
    assert message.startswith("dependency cycle T1 → T3 → T1 ")


def test_separate_cycles_are_reported_separately_and_order_still_checked() -> None:
    text = _tasks_plan([
        "{id: A, name: A, start: M1, end: M1, depends_on: [B]}",
        "{id: B, name: B, start: M1, end: M1, depends_on: [A]}",
        "{id: C, name: C, start: M1, end: M1, depends_on: [D]}",
        "{id: D, name: D, start: M1, end: M1, depends_on: [C]}",
        "{id: E, name: E, start: M1, end: M1, depends_on: [A, ghost]}",
    ])
    assert [(rule, line) for rule, _, line, _ in found(check_text(text), "timeline")] == [
        ("timeline-dependency-cycle", 5), ("timeline-dependency-cycle", 7),
        ("timeline-dependency-order", 9)]


def test_owner_overload_counts_tasks_sharing_a_day() -> None:
    tasks = [
        "{id: A, name: A, owner: me, start: 2027-03-01, end: 2027-03-09}",
        "{id: B, name: B, owner: me, start: 2027-03-10, end: 2027-03-20}",
        "{id: C, name: C, owner: me, start: 2027-03-20, end: 2027-03-25}",
    ]
    text = _tasks_plan(tasks) + "rules: {timeline-owner-overload: {max_parallel: 1}}\n"
    [(rule, severity, line, message)] = found(check_text(text), "timeline")
    assert (rule, severity, line) == ("timeline-owner-overload", "warning", 7)
    assert message.startswith("'me' has 2 tasks running on 2027-03-20 (B, C), more than 1")
    relaxed = text.replace("max_parallel: 1", "max_parallel: 2")
    assert found(check_text(relaxed), "timeline") == []
    invalid = text.replace("max_parallel: 1", "max_parallel: 0")
    assert rules_of(check_text(invalid), "schema") == ["schema-rules-config"]


def _chain(count: int, owners: int = 3) -> list[str]:
    start = date(2027, 1, 1)
    tasks = []
    for number in range(1, count + 1):
        day = start + timedelta(days=number - 1)
        depends = f", depends_on: [T{number - 1}]" if number > 1 else ""
        tasks.append(f"{{id: T{number}, name: Step {number}, owner: o{number % owners}, "
                     f"start: {day}, end: {day}{depends}}}")
    return tasks


def test_six_thousand_task_chain_is_checked_without_recursion() -> None:
    tasks = _chain(6000)
    started = time.perf_counter()
    clean = check_text(_tasks_plan(tasks, end="2044-12-31"))
    assert found(clean, "timeline") == []
    tasks[0] = tasks[0].replace("}", ", depends_on: [T6000]}")
    cyclic = check_text(_tasks_plan(tasks, end="2044-12-31"))
    assert time.perf_counter() - started < 30
    [(rule, _, line, message)] = found(cyclic, "timeline")
    assert (rule, line) == ("timeline-dependency-cycle", 5)
    assert "T1 → T6000 → T5999 → T5998 → T5997 → … → T3 → T2 → T1 (6000 tasks)" in message


def test_six_thousand_parallel_tasks_overload_one_owner_once() -> None:
    tasks = [f"{{id: T{n}, name: Step {n}, owner: me, start: M1, end: M12}}"
             for n in range(1, 6001)]
    [(rule, _, line, message)] = found(check_text(_tasks_plan(tasks)), "timeline")
    assert (rule, line) == ("timeline-owner-overload", 8)
    assert "'me' has 4 tasks running on 2027-01-01 (T1, T2, T3, T4)" in message


def test_strongly_connected_handles_deep_chains_iteratively() -> None:
    count = 200_000  # far beyond Python's recursion limit
    edges = [[node + 1] for node in range(count - 1)] + [[0]]
    component = strongly_connected(edges)
    assert len(set(component)) == 1
    edges[-1] = []
    assert len(set(strongly_connected(edges))) == count


def test_many_dangling_references_among_many_tasks_stay_fast() -> None:
    """'Did you mean' compares each unknown id with a bounded pool, not with every task id."""
    import time

    lines = ["mktplan: 1",
             "meta: {id: p, title: t, period: {start: 2027-01-01, end: 2027-12-31}}",
             "execution:", "  tasks:"]
    for i in range(6000):
        dep = f", depends_on: [X{i}]" if i % 20 == 0 else ""
        lines.append(f"    - {{id: task-{i:05d}, name: n, start: 2027-01-01, "
                     f"end: 2027-01-02{dep}}}")
    started = time.perf_counter()
    result = check_text("\n".join(lines) + "\n")
    elapsed = time.perf_counter() - started
    unknown = [f for f in result.findings if f.rule == "references-unknown-id"]
    assert len(unknown) == 300
    assert elapsed < 30, f"took {elapsed:.1f} s"  # was over 130 s with an unbounded pool


def test_every_kind_of_negative_money_is_named_on_its_value(base_text: str) -> None:
    # each in a later item of its list: a finding on the list or the first item fails
    text = plant(base_text, 'total: "100万"', 'total: "-100万"')
    text = plant(text, '"75万", channel: douyin, phase: run}\n',
                 '"-75万", channel: douyin, phase: run}\n'
                 '    - {id: kol, item: KOL posts, category: media, unit_cost: "-2万", '
                 "quantity: 3, phase: run}\n")
    text = plant(text, '    cost: {amount: "20万", per: year}\n',
                 '    cost: {amount: "20万", per: year}\n'
                 '  - id: ed\n    role: Editor\n    cost: {amount: "-1万", per: month}\n')
    text = plant(text, 'monthly visits"}\n', 'monthly visits"}\n'
                 '  - {id: refunds, stream: Refunds, amount: "-5万", basis: returns}\n')
    assert [(f.line, f.column, f.message.split(";")[0]) for f in check_text(text).findings
            if f.rule == "budget-negative"] == [
        (40, 20, "the cost of team member 'ed' is negative (CNY -10,000)"),
        (42, 10, "the budget total is negative (CNY -1,000,000)"),
        (46, 60, "the amount of budget line 'ads' is negative (CNY -750,000)"),
        (47, 62, "the unit_cost of budget line 'kol' is negative (CNY -20,000)"),
        (50, 44, "the amount of return 'refunds' is negative (CNY -50,000)"),
    ]


@pytest.mark.parametrize(("edges", "component"), [
    # a cycle 0-1-2 leading to a cycle 3-4; a lone task; a task depending on itself
    ([[1], [2], [0, 3], [4], [3], [], [6]], [1, 1, 1, 0, 0, 2, 3]),
    ([[], [0], [1, 0]], [0, 1, 2]),  # a chain: each task its own component, deepest first
    ([[1, 2], [2], [0], [0, 2]], [0, 0, 0, 1]),  # a shortcut into the cycle; one outside
    ([], []),
])
def test_strongly_connected_numbers_the_components_as_they_close(
        edges: list[list[int]], component: list[int]) -> None:
    assert strongly_connected(edges) == component
