"""Rules at their edges: the exact limits where a finding starts, and which item it names.

The fixtures plant one clear mistake each; these tests put values on either side of each
limit (a day, a cent, a share), so a rule that moved its limit by one unit would fail.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from mktplan.rules.pipeline import CheckedPlan

from .conftest import check_text


def plant(text: str, old: str, new: str) -> str:
    """Replace the one occurrence of ``old``."""
    assert text.count(old) == 1, old
    return text.replace(old, new)


def line_of(text: str, needle: str) -> int:
    """The line ``needle`` is first written on."""
    return text[:text.index(needle)].count("\n") + 1


def findings(result: CheckedPlan, prefix: str = "timeline") -> list[tuple[str, str, int, int,
                                                                          str]]:
    """(rule, severity, line, column, message) of the findings whose rule starts so.

    The plans of only tasks lack the core sections, so the timeline family by default.
    """
    return [(f.rule, f.severity.value, f.line, f.column, f.message)
            for f in result.findings if f.rule.startswith(prefix)]


def _tasks_plan(*tasks: str, rules: str = "") -> str:
    body = "".join(f"    - {task}\n" for task in tasks)
    return ("mktplan: 1\nmeta: {id: p, title: P, period: {start: 2027-01-01, end: 2027-12-31}}\n"
            f"execution:\n  tasks:\n{body}{rules}")


# --- timeline: finish-to-start ------------------------------------------------------------
PREREQUISITE = "{id: A, name: Brief, start: 2027-03-01, end: 2027-03-10}"


def _dependent(start: str) -> str:
    return f"{{id: B, name: Shoot, start: {start}, end: 2027-03-31, depends_on: [A]}}"


def test_a_task_may_start_the_day_after_its_prerequisite_ends() -> None:
    assert findings(check_text(_tasks_plan(PREREQUISITE, _dependent("2027-03-11")))) == []


@pytest.mark.parametrize("start", ["2027-03-10", "2027-03-09"])
def test_a_task_that_starts_on_or_before_its_prerequisites_last_day_is_too_early(
        start: str) -> None:
    # a task's end day is a day of work on it (duration_days: 10 from 03-01 ends on 03-10)
    result = check_text(_tasks_plan(PREREQUISITE, _dependent(start)))
    assert findings(result) == [
        ("timeline-dependency-order", "error", 6, 35,
         f"task 'B' starts on {start}, but it depends on 'A', which ends on 2027-03-10; "
         "start it on 2027-03-11 or later")]


def test_a_duration_ends_on_the_last_day_it_counts() -> None:
    prerequisite = "{id: A, name: Brief, start: 2027-03-01, duration_days: 10}"
    assert findings(check_text(_tasks_plan(prerequisite, _dependent("2027-03-11")))) == []
    [(rule, *_)] = findings(check_text(_tasks_plan(prerequisite, _dependent("2027-03-10"))))
    assert rule == "timeline-dependency-order"


@pytest.mark.parametrize("order", ["late first", "late second"])
def test_the_finding_names_the_blocker_that_ends_last(order: str) -> None:
    early = "{id: E, name: Early, start: 2027-03-01, end: 2027-03-05}"
    late = "{id: L, name: Late, start: 2027-03-01, end: 2027-03-20}"
    deps = "[L, E]" if order == "late first" else "[E, L]"
    task = f"{{id: T, name: Then, start: 2027-03-03, end: 2027-03-31, depends_on: {deps}}}"
    [(rule, _, line, _, message)] = findings(check_text(_tasks_plan(early, late, task)))
    assert (rule, line) == ("timeline-dependency-order", 7)
    assert "depends on 'L', which ends on 2027-03-20; start it on 2027-03-21 or later" in message


def test_a_prerequisite_that_ended_in_time_is_not_named() -> None:
    done = "{id: D, name: Done, start: 2027-03-01, end: 2027-03-02}"
    late = "{id: L, name: Late, start: 2027-03-01, end: 2027-03-03}"
    task = "{id: T, name: Then, start: 2027-03-03, end: 2027-03-31, depends_on: [D, L]}"
    [(_, _, _, _, message)] = findings(check_text(_tasks_plan(done, late, task)))
    assert "depends on 'L', which ends on 2027-03-03" in message
    in_time = task.replace("start: 2027-03-03", "start: 2027-03-04")
    assert findings(check_text(_tasks_plan(done, late, in_time))) == []


def test_a_blocker_in_a_cycle_is_left_to_the_cycle_rule() -> None:
    tasks = (
        "{id: A, name: A, start: 2027-03-01, end: 2027-03-31, depends_on: [B]}",
        "{id: B, name: B, start: 2027-03-01, end: 2027-03-31, depends_on: [A, C]}",
        "{id: C, name: C, start: 2027-03-01, end: 2027-03-10}",
    )
    assert [(rule, line, message.split(";")[0]) for rule, _, line, _, message
            in findings(check_text(_tasks_plan(*tasks)))] == [
        ("timeline-dependency-cycle", 5,
         "dependency cycle A → B → A (each task depends on the next), so none of them can "
         "start"),
        ("timeline-dependency-order", 6,
         "task 'B' starts on 2027-03-01, but it depends on 'C', which ends on 2027-03-10"),
    ]


def test_a_milestone_may_fall_on_the_day_its_last_task_ends() -> None:
    task = "{id: A, name: A, start: 2027-03-01, end: 2027-03-10}"
    text = _tasks_plan(task) + "  milestones:\n    - {id: MS, name: M, date: DAY, requires: [A]}\n"
    assert findings(check_text(text.replace("DAY", "2027-03-10"))) == []
    [(rule, _, _, _, message)] = findings(check_text(text.replace("DAY", "2027-03-09")))
    assert rule == "timeline-milestone-before-task"
    assert "requires 'A', which ends on 2027-03-10; move the milestone to 2027-03-10" in message


# --- timeline: owner overload ---------------------------------------------------------------
def test_overload_is_found_in_date_order_whatever_the_order_tasks_are_listed_in() -> None:
    tasks = (
        "{id: D, name: D, owner: me, start: 2027-03-04, end: 2027-03-31}",
        "{id: C, name: C, owner: me, start: 2027-03-03, end: 2027-03-31}",
        "{id: X, name: X, owner: me, start: 2027-01-01, end: 2027-01-31}",
        "{id: B, name: B, owner: me, start: 2027-03-02, end: 2027-03-31}",
        "{id: A, name: A, owner: me, start: 2027-03-01, end: 2027-03-31}",
    )
    [(rule, severity, line, column, message)] = findings(check_text(_tasks_plan(*tasks)))
    # D is the fourth to start: the finding is at D's owner, and lists the tasks as written
    assert (rule, severity, line, column) == ("timeline-owner-overload", "warning", 5, 31)
    assert message == ("'me' has 4 tasks running on 2027-03-04 (D, C, B, A), more than 3; "
                       "spread them out, hand some to others, or raise max_parallel")


def test_a_task_that_ended_the_day_before_no_longer_counts() -> None:
    tasks = [
        "{id: A, name: A, owner: me, start: 2027-03-01, end: 2027-03-09}",
        "{id: B, name: B, owner: me, start: 2027-03-01, end: 2027-03-31}",
        "{id: C, name: C, owner: me, start: 2027-03-10, end: 2027-03-31}",
    ]
    rules = "rules: {timeline-owner-overload: {max_parallel: 2}}\n"
    assert findings(check_text(_tasks_plan(*tasks, rules=rules))) == []
    tasks[0] = tasks[0].replace("end: 2027-03-09", "end: 2027-03-10")
    [(_, _, line, _, message)] = findings(check_text(_tasks_plan(*tasks, rules=rules)))
    assert line == 7
    assert message.startswith("'me' has 3 tasks running on 2027-03-10 (A, B, C), more than 2")


def test_each_owner_is_counted_apart_and_reversed_or_unowned_tasks_not_at_all() -> None:
    tasks = [f"{{id: M{n}, name: M, owner: me, start: 2027-03-01, end: 2027-03-31}}"
             for n in range(3)]
    tasks += [f"{{id: Y{n}, name: Y, owner: you, start: 2027-03-01, end: 2027-03-31}}"
              for n in range(3)]
    tasks += ["{id: U, name: U, start: 2027-03-01, end: 2027-03-31}",
              "{id: R, name: R, owner: me, start: 2027-03-20, end: 2027-03-02}"]
    assert [rule for rule, *_ in findings(check_text(_tasks_plan(*tasks)), "timeline")] == [
        "timeline-start-after-end"]
    tasks[-1] = "{id: R, name: R, owner: me, start: 2027-03-20, end: 2027-03-22}"
    [(rule, _, line, _, message)] = findings(check_text(_tasks_plan(*tasks)))
    assert (rule, line) == ("timeline-owner-overload", 12)
    assert message.startswith("'me' has 4 tasks running on 2027-03-20 (M0, M1, M2, R)")


def test_more_than_ten_running_tasks_are_listed_with_an_ellipsis() -> None:
    tasks = [f"{{id: T{n:02d}, name: T, owner: me, start: 2027-03-01, end: 2027-03-31}}"
             for n in range(12)]
    rules = "rules: {timeline-owner-overload: {max_parallel: 10}}\n"
    [(_, _, _, _, message)] = findings(check_text(_tasks_plan(*tasks, rules=rules)))
    assert message.startswith("'me' has 11 tasks running on 2027-03-01 (T00, T01, T02, T03, "
                              "T04, T05, T06, T07, T08, T09 …), more than 10")


# --- budget at its limits ---------------------------------------------------------------------
def test_returns_equal_to_the_spend_are_no_loss(base_text: str) -> None:
    # the spend is the lines (95万), not the reserve
    even = plant(base_text, 'amount: "300万"', 'amount: "95万"')
    assert findings(check_text(even), "budget") == []
    short = plant(base_text, 'amount: "300万"', 'amount: "949999.99"')
    [(rule, severity, line, column, message)] = findings(check_text(short), "budget")
    assert (rule, severity, line, column) == ("budget-negative-roi", "warning", 45, 3)
    assert message.startswith("the returns (CNY 949,999.99) are less than the spend on budget "
                              "lines (CNY 950,000): ROI 1.00 : 1, net 0%")


def test_zero_returns_are_a_total_loss_and_zero_spend_gives_no_roi(base_text: str) -> None:
    nothing = plant(base_text, 'amount: "300万"', "amount: 0")
    [(rule, _, _, _, message)] = findings(check_text(nothing), "budget")
    assert rule == "budget-negative-roi"
    assert "ROI 0.00 : 1, net -100%" in message
    free = plant(plant(base_text, 'unit_cost: "20万", per: year', "unit_cost: 0, per: year"),
                 'amount: "75万", channel', "amount: 0, channel")
    free = plant(free, 'total: "100万"', "total: 0")
    free = plant(free, 'reserve: "5%"', "reserve: 0")
    assert [rule for rule, *_ in findings(check_text(free), "budget")] == [
        "budget-team-uncovered"]


def test_zero_amounts_are_not_negative(base_text: str) -> None:
    text = plant(base_text, '"75万", channel', '"0", quantity: 0, channel')
    text = plant(text, 'total: "100万"', 'total: "20万"')
    text = plant(text, 'reserve: "5%"', "reserve: 0")
    assert findings(check_text(text), "budget") == []


def test_lines_and_reserve_exactly_at_the_total_are_within_it(base_text: str) -> None:
    at = plant(base_text, 'reserve: "5%"', 'reserve: "50000"')
    assert findings(check_text(at), "budget") == []
    over = plant(base_text, 'reserve: "5%"', 'reserve: "50000.01"')
    [(rule, _, line, column, message)] = findings(check_text(over), "budget")
    assert (rule, line, column) == ("budget-over-total", 39, 10)
    assert "CNY 0.01 more than the total of CNY 1,000,000" in message


def test_unallocated_exactly_at_the_share_is_allowed(base_text: str) -> None:
    # 100万 total, 5% reserve, lines of 90万: 5万 (5%) unallocated
    at = plant(base_text, '"75万", channel', '"70万", channel')
    assert findings(check_text(at), "budget") == []
    above = plant(base_text, '"75万", channel', '"699999.99", channel')
    [(rule, _, _, _, message)] = findings(check_text(above), "budget")
    assert rule == "budget-unallocated"
    assert message.startswith("CNY 50,000.01 (5%) of the total CNY 1,000,000 is in no line and "
                              "not in the reserve, more than the 5% allowed")


def test_a_zero_total_leaves_nothing_to_allocate(base_text: str) -> None:
    text = plant(base_text, 'total: "100万"', "total: 0")
    text = plant(text, 'reserve: "5%"', "reserve: 0")
    [(rule, *_)] = findings(check_text(text), "budget")
    assert rule == "budget-over-total"


@pytest.mark.parametrize(("unit_cost", "mismatch"), [
    ('"200000.0049"', False),  # less than half a cent off: the same to the cent
    ('"200000.005"', True),  # half a cent rounds up to a cent: 200,000.01
    ('"199999.995"', False),  # and half a cent below rounds up to the amount
    ('"199999.9949"', True),
])
def test_an_amount_agrees_with_its_cost_to_the_cent(base_text: str, unit_cost: str,
                                                    mismatch: bool) -> None:
    text = plant(base_text, 'unit_cost: "20万", per: year, team',
                 f'amount: "20万", unit_cost: {unit_cost}, per: year, team')
    rules = [rule for rule, *_ in findings(check_text(text), "budget")]
    assert rules == (["budget-amount-mismatch"] if mismatch else [])


@pytest.mark.parametrize(("salary", "uncovered"), [
    ('"20万"', False), ('"199999.995"', False), ('"199999.9949"', True), ('"199999.99"', True),
])
def test_a_team_cost_is_covered_to_the_cent(base_text: str, salary: str,
                                           uncovered: bool) -> None:
    text = plant(base_text, 'unit_cost: "20万", per: year, team',
                 f"unit_cost: {salary}, per: year, team")
    rules = [rule for rule, *_ in findings(check_text(text), "budget")]
    assert rules == (["budget-team-uncovered"] if uncovered else [])


def test_a_reserve_without_a_total(base_text: str) -> None:
    no_total = plant(base_text, '  total: "100万"\n', "")
    [(rule, severity, _, _, message)] = findings(check_text(no_total), "budget")
    assert (rule, severity) == ("budget-no-total", "warning")
    assert message.endswith("(the reserve is a share of the total, so it counts as 0 until then)")
    amount = plant(no_total, 'reserve: "5%"', 'reserve: "5万"')
    [(_, _, _, _, message)] = findings(check_text(amount), "budget")
    assert message == ("the budget has no total; add budget.total so the lines can be checked "
                       "against it")
    only_reserve = ("mktplan: 1\nmeta: {id: p, title: P, period: {start: 2027-01-01, "
                    'end: 2027-12-31}}\nbudget:\n  reserve: "5万"\n')
    [(rule, _, line, column, _)] = findings(check_text(only_reserve), "budget")
    assert (rule, line, column) == ("budget-no-total", 4, 3)
    empty = "mktplan: 1\nmeta: {id: p, title: P, period: {start: 2027-01-01, end: 2027-12-31}}\n"
    assert findings(check_text(empty + "budget: {lines: []}\n"), "budget") == []


# --- what the messages compute ----------------------------------------------------------------
def _at_most(base_text: str, target: str) -> str:
    text = plant(base_text, "    target: 30000\n", f"    target: {target}\n")
    return plant(text, "target: 30000, direction: at_least", f"target: {target}, "
                 "direction: at_most")


@pytest.mark.parametrize(("target", "cut"), [
    ("3", "divides the baseline 20,000 by 6,666.67"),  # rounded to two places
    ("0.5", "divides the baseline 20,000 by 40,000"),
    ("0", "cuts the baseline 20,000 to nothing"),
])
def test_a_cut_beyond_the_limit_says_by_how_much(base_text: str, target: str,
                                                 cut: str) -> None:
    [(rule, _, _, _, message)] = findings(check_text(_at_most(base_text, target)), "smart")
    assert rule == "smart-achievable"
    assert f"{cut}, more than the 3× this plan allows (no lower than 6,666.67)" in message


def test_a_goal_without_a_unit_is_told_its_kpis(base_text: str) -> None:
    text = plant(base_text, "    unit: visits\n", "")
    [(rule, _, _, _, message)] = findings(check_text(text), "smart")
    assert rule == "smart-measurable"
    assert message == ("goal G1 has no unit: say what the target counts, e.g. 'unit: visits', "
                       "'unit: %' or 'unit: CNY' (its KPI uv uses 'visits')")


def test_the_cost_formula_of_a_mismatch(base_text: str) -> None:
    monthly = plant(base_text, 'amount: "75万", channel',
                    'amount: "75万", unit_cost: "6万", quantity: 0.125, per: month, channel')
    [(_, _, _, _, message)] = findings(check_text(monthly), "budget-amount")
    assert ("CNY 60,000 × 0.13 × 12 months (2027-01-01 to 2027-12-31) = CNY 90,000;"
            in message)
    once = plant(base_text, 'amount: "75万", channel',
                 'amount: "75万", unit_cost: "5万", quantity: 2, channel')
    [(_, _, _, _, message)] = findings(check_text(once), "budget-amount")
    assert message == ("amount CNY 750,000 does not match unit_cost × quantity × periods: "
                       "CNY 50,000 × 2 = CNY 100,000; correct one of them, or give only one")


def test_a_suggestion_is_looked_for_among_ids_of_a_similar_length() -> None:
    from mktplan.rules.references import closest_id

    assert closest_id("launch", ["launch-ads"]) is None  # 4 longer: not compared
    assert closest_id("lunch-ad", ["launch-ad"]) == "launch-ad"
    assert closest_id("launch-a", ["launch-ads"]) == "launch-ads"  # 2 longer
    assert closest_id("launch-", ["launch-ads"]) == "launch-ads"  # 3 longer
    assert closest_id("xyz", ["launch-ads"]) is None


@pytest.mark.parametrize(("count", "shown"), [
    (9, "C1 → C2 → C3 → C4 → C5 → C6 → C7 → C8 → C9 → C1 (each"),
    (10, "C1 → C2 → C3 → C4 → C5 → … → C9 → C10 → C1 (10 tasks) (each"),
])
def test_a_long_cycle_is_shortened_in_the_middle(count: int, shown: str) -> None:
    tasks = [f"{{id: C{n}, name: C, start: M1, end: M1, depends_on: [C{n % count + 1}]}}"
             for n in range(1, count + 1)]
    [(rule, _, _, _, message)] = findings(check_text(_tasks_plan(*tasks)))
    assert rule == "timeline-dependency-cycle"
    assert message.startswith(f"dependency cycle {shown}")


def test_the_cycle_named_is_the_shortest_way_back() -> None:
    # A → B → C → A and A → D → A: the shortest is through D, found inside the cycle
    tasks = (
        "{id: A, name: A, start: M1, end: M1, depends_on: [B, D]}",
        "{id: B, name: B, start: M1, end: M1, depends_on: [C]}",
        "{id: C, name: C, start: M1, end: M1, depends_on: [A, E]}",
        "{id: D, name: D, start: M1, end: M1, depends_on: [A]}",
        "{id: E, name: E, start: M1, end: M1}",
    )
    result = check_text(_tasks_plan(*tasks))
    [(_, _, line, column, message)] = findings(result, "timeline-dependency-cycle")
    assert message.startswith("dependency cycle A → D → A ")
    assert (line, column) == (5, 60)  # at D in A's depends_on


def test_which_setting_decides_each_rule() -> None:
    from mktplan.rules.config import set_by
    from mktplan.rules.registry import RULES_BY_ID

    section = {"budget-unallocated": "warning", "budget": "off", "schema-bad-id": "off",
               "nosuch": "off"}
    decided = set_by(section, RULES_BY_ID)
    assert decided["budget-unallocated"] == "budget-unallocated"  # a rule after its family
    assert decided["budget-over-total"] == "budget"
    assert {key for key in decided.values()} == {"budget", "budget-unallocated"}
    assert sorted(decided) == sorted(r for r in RULES_BY_ID if r.startswith("budget-"))


# --- the pipeline's own findings ------------------------------------------------------------
def test_a_file_that_cannot_be_read_is_one_finding(tmp_path: Path) -> None:
    from mktplan.rules.pipeline import check_found_file

    missing = tmp_path / "gone.yaml"
    result = check_found_file(missing, "gone.yaml")
    assert result is not None and result.unreadable and result.plan is None
    [finding] = result.findings
    assert (finding.rule, finding.severity.value, finding.path, finding.line, finding.column,
            finding.file) == ("schema-file-unreadable", "error", (), 1, 1, "gone.yaml")
    assert (result.file, result.errors, result.warnings, result.document.text) == (
        "gone.yaml", 1, 0, "")


def test_yaml_that_is_not_a_plan_says_so(tmp_path: Path) -> None:
    from mktplan.rules.pipeline import check_bytes, check_found_file

    result = check_bytes(b"name: x\nitems: [1, 2]\n", "other.yaml")
    [finding] = result.findings
    assert (finding.rule, finding.severity.value, finding.path, finding.line, finding.column,
            finding.file) == ("schema-version", "error", (), 1, 1, "other.yaml")
    assert finding.message == ("this file is not a plan: it has no top-level 'mktplan:' key; "
                               "a plan starts with 'mktplan: 1'")
    other = tmp_path / "other.yaml"
    other.write_bytes(b"name: x\n")
    assert check_found_file(other, pass_over_non_plans=True) is None


def test_check_bytes_applies_the_project_settings(base_text: str) -> None:
    from mktplan.rules.config import default_settings
    from mktplan.rules.pipeline import check_bytes
    from mktplan.rules.registry import RULES_BY_ID

    text = plant(base_text, '"75万", channel', '"60万", channel').encode()
    [finding] = check_bytes(text, "p.yaml").findings
    assert (finding.rule, finding.file) == ("budget-unallocated", "p.yaml")
    settings = default_settings(RULES_BY_ID)
    settings["budget-unallocated"] = settings["budget-unallocated"]._replace(severity=None)
    assert check_bytes(text, "p.yaml", settings).findings == []


@pytest.mark.parametrize(("setting", "message"), [
    ("{schema-bad-id: off}", "'schema-bad-id': schema rules cannot be switched off or changed"),
    ("{schema: warning}", "'schema': schema rules cannot be switched off or changed"),
    ("{budgte: off}", "unknown rule or family 'budgte'; did you mean 'budget'?"),
    ("{schma: off}", "unknown rule or family 'schma'; did you mean 'smart'?"),  # not schema
    ("{zzz-qq: off}", "unknown rule or family 'zzz-qq'; run 'mktplan rules' for the list"),
])
def test_a_rules_key_that_names_nothing_to_set(base_text: str, setting: str,
                                              message: str) -> None:
    result = check_text(base_text + f"rules: {setting}\n")
    assert findings(result, "") == [("schema-rules-config", "error", 48, 9, message)]


def test_team_cost_messages_name_the_lines_and_the_formula(base_text: str) -> None:
    media = plant(base_text, "category: personnel, unit_cost", "category: media, unit_cost")
    [(_, _, _, _, one)] = findings(check_text(media), "budget")
    assert one == (
        "team member 'ops' costs CNY 200,000 over the plan period (CNY 200,000 × 1 person × "
        "1 year), but no personnel line with 'team: ops' pays for it; budget it in a personnel "
        "line linked to 'ops' (line 'salary' names 'ops' but its category is not personnel)")
    two = plant(media, "    - {id: ads,",
                "    - {id: ads2, item: X, category: media, amount: 1, team: ops, phase: run}\n"
                "    - {id: ads,")
    two = plant(two, '"75万"', '"749999"')
    [(_, _, _, _, message)] = findings(check_text(two), "budget")
    assert message.endswith("(lines 'salary', 'ads2' name 'ops' but are not in category "
                            "personnel)")
    monthly = plant(base_text, 'cost: {amount: "20万", per: year}',
                    'cost: {amount: "2万", per: month}')
    monthly = plant(monthly, "    role: Operations lead\n",
                    "    role: Operations lead\n    headcount: 2\n")
    [(_, _, _, _, message)] = findings(check_text(monthly), "budget-team")
    assert "costs CNY 480,000 over the plan period (CNY 20,000 × 2 people × 12 months)" in message
    once = plant(base_text, 'cost: {amount: "20万", per: year}',
                 'cost: {amount: "30万", per: once}')
    [(_, _, _, _, message)] = findings(check_text(once), "budget-team")
    assert message == (
        "team member 'ops' costs CNY 300,000 over the plan period (CNY 300,000 × 1 person), "
        "but personnel lines with 'team: ops' cover only CNY 200,000; budget the missing "
        "CNY 100,000 in a personnel line linked to 'ops'")


@pytest.mark.parametrize(("change", "shown"), [
    ('"+0%"', "+0%"), ('"-10%"', "-10%"), ('"+12.3456%"', "+12.35%")])
def test_a_change_without_a_baseline_is_repeated_as_written(base_text: str, change: str,
                                                          shown: str) -> None:
    text = plant(base_text, "    baseline: 20000\n    target: 30000\n",
                 f"    target_change: {change}\n")
    text = plant(text, "baseline: 20000, target: 30000, direction", "direction")
    messages = [m for r, _, _, _, m in findings(check_text(text), "smart")
                if r == "smart-measurable"]
    assert messages and messages[0].startswith(f"goal G1 gives target_change {shown} but no")


def test_growth_beyond_the_limit_is_given_to_two_places(base_text: str) -> None:
    text = plant(base_text, "    target: 30000\n", "    target: 70101\n")
    [(_, _, _, _, message)] = findings(check_text(text), "smart")
    assert message.startswith("goal G1: target 70,101 is 3.51× the baseline 20,000, more than "
                              "the 3× this plan allows")


@pytest.mark.parametrize(("count", "known"), [
    (7, "known: K1, K2, K3, K4, K5, K6, K7, Z"),  # Z, the task itself, is the eighth
    (8, "known: K1, K2, K3, K4, K5, K6, K7, K8 …"),
])
def test_an_unknown_id_lists_at_most_eight_known_ones(count: int, known: str) -> None:
    tasks = [f"{{id: K{n}, name: K, start: M1, end: M12}}" for n in range(1, count + 1)]
    tasks.append("{id: Z, name: Z, start: M1, end: M12, depends_on: [nothing-like-it]}")
    [(_, _, _, _, message)] = findings(check_text(_tasks_plan(*tasks)), "references")
    assert message == f"'nothing-like-it' is not the id of any task; {known}"


def test_an_unknown_id_with_nothing_of_its_kind() -> None:
    text = _tasks_plan("{id: A, name: A, owner: ops, start: M1, end: M12}")
    [(_, _, _, _, message)] = findings(check_text(text), "references")
    assert message == "'ops' is not the id of any team member; the plan defines no team member"
    near = _tasks_plan("{id: alpha, name: A, start: M1, end: M12}",
                       "{id: B, name: B, start: M1, end: M12, depends_on: [alpah]}")
    [(_, _, _, _, message)] = findings(check_text(near), "references")
    assert message == "'alpah' is not the id of any task; did you mean 'alpha'?"


def test_a_task_that_runs_past_its_phase_by_its_duration(base_text: str) -> None:
    text = plant(base_text, "start: T, duration_days: 30", "start: 2027-12-15, duration_days: 30")
    [(rule, _, line, column, message)] = findings(check_text(text), "timeline-task")
    assert (rule, line, column) == ("timeline-task-outside-phase", 31, 92)  # duration_days
    assert message.startswith("task 'T2' ends on 2028-01-13, after its phase 'run'")


def test_dates_outside_the_period_are_named(base_text: str) -> None:
    text = plant(base_text, "    deadline: M6\n", "    deadline: 2028-02-01\n")
    text = plant(text, "date: M4, requires", "date: 2028-01-15, requires")
    assert [m.split(",")[0] for r, _, _, _, m in findings(check_text(text))
            if r == "timeline-outside-period"] == [
        "goal 'G1' is due on 2028-02-01", "milestone 'MS1' is on 2028-01-15"]


def test_a_part_of_a_month_is_counted_to_two_places(base_text: str) -> None:
    line = ('{id: promo, item: Promo, category: media, amount: 4000, unit_cost: 10000, '
            "per: month, from: 2027-01-01, to: 2027-01-10}")
    text = plant(base_text, "    - {id: ads,", f"    - {line}\n    - {{id: ads,")
    text = plant(text, '"75万", channel', '"749600", channel')
    [(_, _, _, _, message)] = findings(check_text(text), "budget-amount")
    assert ("CNY 10,000 × 1 × 0.32 months (2027-01-01 to 2027-01-10) = CNY 3,225.81;"
            in message)


@pytest.mark.parametrize(("fixture", "message"), [
    ("smart-direction-at-most.yaml",
     "goal G1: target 30,000 does not fall below the baseline 20,000, but KPI uv counts lower "
     "as better (direction: at_most); set a target below 20,000, or correct the KPI's "
     "direction"),
    ("smart-direction.yaml",
     "goal G1: target 15,000 does not rise above the baseline 20,000, but KPI uv counts higher "
     "as better (direction: at_least); set a target above 20,000, or correct the KPI's "
     "direction"),
])
def test_a_target_against_its_kpis_direction_says_which_way(fixture: str, message: str) -> None:
    from mktplan.rules.pipeline import check_file

    from .conftest import FIXTURES

    [finding] = check_file(FIXTURES / "smart" / fixture).findings
    assert finding.message == message


# Every kind of span, each mistake in the second (or third) item of its block list, so a
# finding that points at the list, the first item or the wrong key fails.
SPANS = """\
  activities:
    - {id: fair, name: Trade fair, start: 2027-03-01, end: 2027-03-03}
    - {id: sale, name: Spring sale, start: 2027-04-10, end: 2027-04-01}
  content:
    pillars:
      - {id: tips, name: Tips}
    calendar:
      - {pillar: tips, from: M2, to: M3}
      - {pillar: tips, from: M5, to: M4}
"""


def _spans_plan(base_text: str, extras: str, wrap: str, report: str, ads: str) -> str:
    text = plant(base_text, "    - {id: douyin, name: Douyin, type: paid}\n",
                 "    - {id: douyin, name: Douyin, type: paid}\n" + extras)
    text = plant(text, "    - {id: run, name: Run, start: M3, end: M12}\n",
                 "    - {id: run, name: Run, start: M3, end: M12}\n"
                 f"    - {{id: wrap, name: Wrap-up, {wrap}}}\n")
    text = plant(text, "  milestones:",
                 f"    - {{id: T3, name: Report, phase: run, owner: ops, {report}}}\n"
                 "  milestones:")
    return plant(text, "channel: douyin, phase: run}", f"channel: douyin, phase: run, {ads}")


def test_a_reversed_span_of_every_kind_points_at_its_end(base_text: str) -> None:
    text = _spans_plan(base_text, SPANS, "start: 2027-12-20, end: 2027-12-10",
                       "start: 2027-06-10, end: 2027-06-01", "from: M7, to: M6}")
    assert [(line, column, message.split(";")[0]) for rule, _, line, column, message
            in findings(check_text(text)) if rule == "timeline-start-after-end"] == [
        (27, 61, "activity 'sale' ends on 2027-04-01, before it starts on 2027-04-10"),
        (33, 38, "calendar entry 2 ('tips') ends on 2027-04-30, before it starts on 2027-05-01"),
        (38, 57, "phase 'wrap' ends on 2027-12-10, before it starts on 2027-12-20"),
        (42, 78, "task 'T3' ends on 2027-06-01, before it starts on 2027-06-10"),
        (54, 110, "budget line 'ads' ends on 2027-06-30, before it starts on 2027-07-01"),
    ]


def test_every_date_outside_the_period_is_named_where_it_is_written(base_text: str) -> None:
    # an entry or line with one side left to the period's default is outside the period,
    # never reversed: the default is not the plan's mistake
    extras = plant(plant(SPANS, "start: 2027-04-10, end: 2027-04-01",
                         "start: 2026-12-20, end: 2027-01-10"),
                   "      - {pillar: tips, from: M5, to: M4}\n",
                   "      - {pillar: tips, from: 2028-02-01}\n"
                   "      - {pillar: tips, to: 2026-12-15}\n")
    text = _spans_plan(base_text, extras, "start: 2028-01-02, end: 2028-01-10",
                       "start: 2026-12-28, end: 2028-01-05",
                       "from: 2028-01-01}\n"
                       "    - {id: print, item: Print, category: media, amount: 1000, "
                       "to: 2026-12-31}")
    result = findings(check_text(text))
    assert [(line, column, message.split(",")[0]) for rule, _, line, column, message
            in result if rule == "timeline-outside-period"] == [
        (27, 44, "activity 'sale' starts on 2026-12-20"),
        (33, 30, "calendar entry 2 ('tips') starts on 2028-02-01"),
        (34, 28, "calendar entry 3 ('tips') ends on 2026-12-15"),
        (39, 40, "phase 'wrap' starts on 2028-01-02"),
        (39, 57, "phase 'wrap' ends on 2028-01-10"),
        (43, 61, "task 'T3' starts on 2026-12-28"),
        (43, 78, "task 'T3' ends on 2028-01-05"),
        (55, 102, "budget line 'ads' starts on 2028-01-01"),
        (56, 67, "budget line 'print' ends on 2026-12-31"),
    ]
    assert "timeline-start-after-end" not in [rule for rule, *_ in result]


def test_a_reference_that_may_name_three_kinds_lists_them_all(base_text: str) -> None:
    from mktplan.rules.pipeline import in_language

    result = check_text(plant(base_text, "supports: [douyin]", "supports: [douyin, duoyin, zzzz]"))
    assert [(rule, line, column, message) for rule, _, line, column, message
            in findings(result, "references")] == [
        ("references-unknown-id", 20, 24, "'duoyin' is not the id of any channel, activity or "
         "content pillar; did you mean 'douyin'?"),
        ("references-unknown-id", 20, 32, "'zzzz' is not the id of any channel, activity or "
         "content pillar; known: douyin"),
    ]
    assert [f.message for f in in_language(result, "zh-CN").findings] == [
        "'duoyin' 不是任何渠道、活动或内容支柱的 id；是不是 'douyin'？",
        "'zzzz' 不是任何渠道、活动或内容支柱的 id；已有的：douyin"]


def test_an_execution_plan_of_only_tasks_or_only_milestones_is_not_missing(
        base_text: str) -> None:
    phases = ("  phases:\n    - {id: prep, name: Preparation, start: M1, end: M2}\n"
              "    - {id: run, name: Run, start: M3, end: M12}\n")
    tasks = base_text[base_text.index("  tasks:\n"):base_text.index("  milestones:\n")]
    milestones = "  milestones:\n    - {id: MS1, name: Ads live, date: M4, requires: [T2]}\n"
    without_phases = plant(base_text, phases, "")
    for text in (plant(without_phases, milestones, ""), plant(without_phases, tasks, "")):
        result = check_text(text)
        assert result.plan is not None and result.plan.execution is not None
        assert findings(result, "completeness") == []
    nothing = plant(plant(without_phases, tasks, ""), milestones, "  milestones: []\n")
    assert [(rule, line) for rule, _, line, _, _ in findings(check_text(nothing),
                                                              "completeness")] == [
        ("completeness-missing-section", line_of(nothing, "  milestones: []"))]  # its mapping
