"""Schema findings: their messages, their positions, and pruning so that every rule still runs.

The fixtures in ``fixtures/schema`` pin rule, severity and line; these tests pin what
the fixtures cannot: the words of each message, columns, paths, and how mistakes in
one place leave the rest of the plan checked.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from mktplan.findings import Finding
from mktplan.model.validate import IndexMap, known_keys
from mktplan.rules.pipeline import CheckedPlan

from .conftest import FIXTURES, check_text

BASE = (FIXTURES / "_base.yaml").read_text(encoding="utf-8")
BASE_LINES = BASE.splitlines()


def line_of(fragment: str, text: str = BASE) -> int:
    """The 1-based line of the only line of ``text`` containing ``fragment``."""
    numbers = [n for n, line in enumerate(text.splitlines(), start=1) if fragment in line]
    assert len(numbers) == 1, (fragment, numbers)
    return numbers[0]


def plant(old: str, new: str, text: str = BASE) -> str:
    """``text`` with its one occurrence of ``old`` replaced by ``new``."""
    assert text.count(old) == 1, old
    return text.replace(old, new)


def described(result: CheckedPlan) -> list[tuple[str, int, int]]:
    """Rule, line and column of every finding."""
    return [(f.rule, f.line, f.column) for f in result.findings]


def only(result: CheckedPlan) -> Finding:
    """The plan's single finding."""
    assert len(result.findings) == 1, described(result)
    return result.findings[0]


# --- unknown keys -----------------------------------------------------------------------
def test_unknown_key_names_itself_and_the_closest_known_key() -> None:
    text = plant("  title: Base plan\n", "  title: Base plan\n  organisation: Acme\n")
    finding = only(check_text(text))
    assert finding.rule == "schema-unknown-key"
    assert finding.message == "unknown key 'organisation' in meta; did you mean 'organization'?"
    assert (finding.line, finding.column) == (6, 3)  # the key, not its value
    assert finding.path == ("meta", "organisation")


@pytest.mark.parametrize(("old", "new", "message"), [
    ("goals:\n", "goal:\n", "unknown key 'goal' in the top level; did you mean 'goals'?"),
    ("    - {id: T1, name: Persona research,", "    - {id: T1, nme: Persona research,",
     "unknown key 'nme' in execution.tasks[0]; did you mean 'name'?"),
    ("depends_on: [T1]", "dependson: [T1]",
     "unknown key 'dependson' in execution.tasks[1]; did you mean 'depends_on'?"),
])
def test_unknown_keys_at_every_level_suggest_a_fix(old: str, new: str, message: str) -> None:
    findings = check_text(plant(old, new)).findings
    assert message in [f.message for f in findings if f.rule == "schema-unknown-key"]


def test_unknown_key_without_a_close_match_lists_the_known_keys() -> None:
    text = plant("    cost: {amount:", "    xyz: 1\n    cost: {amount:")
    finding = only(check_text(text))
    assert finding.message.startswith("unknown key 'xyz' in team[0]; known keys: ")
    for key in ("cost", "headcount", "id", "name", "responsibilities", "role"):
        assert key in finding.message


def test_known_keys_follow_aliases_and_lists() -> None:
    assert {"from", "to", "unit_cost", "amount"} <= known_keys(("budget", "lines", 0))
    assert "from_" not in known_keys(("budget", "lines", 0))
    assert {"start", "end", "duration_days"} <= known_keys(("execution", "tasks", 3))
    assert known_keys(("meta", "title")) == set()


# --- missing keys -----------------------------------------------------------------------
def test_missing_key_in_meta_points_at_the_meta_key() -> None:
    finding = only(check_text(plant("  title: Base plan\n", "")))
    assert finding.rule == "schema-missing-key"
    assert finding.message == "missing required key 'title' in meta"
    assert (finding.line, finding.column) == (3, 1)


def test_missing_key_in_a_flow_mapping_points_at_its_key() -> None:
    text = plant("period: {start: 2027-01-01, end: 2027-12-31}", "period: {start: 2027-01-01}")
    finding = only(check_text(text))
    assert finding.message == "missing required key 'end' in meta.period"
    assert (finding.line, finding.column) == (8, 3)


def test_missing_key_in_a_list_item_points_at_the_item() -> None:
    text = plant("    role: Operations lead\n", "")
    finding = only(check_text(text))
    assert finding.message == "missing required key 'role' in team[0]"
    assert (finding.line, finding.column) == (line_of("  - id: ops", text), 5)


def test_budget_line_without_amount_or_unit_cost() -> None:
    text = plant('amount: "75万", channel: douyin,', "channel: douyin,")
    result = check_text(text)
    finding = next(f for f in result.findings if f.rule == "schema-missing-key")
    assert "missing 'amount' (or 'unit_cost')" in finding.message
    assert (finding.line, finding.column) == (line_of("{id: ads,", text), 7)


def test_missing_meta_is_one_error_not_one_per_plan_month() -> None:
    start = BASE.index("meta:\n")
    text = BASE[:start] + BASE[BASE.index("goals:\n"):]
    finding = only(check_text(text))
    assert finding.message == "missing required key 'meta' in the top level"
    assert (finding.line, finding.column) == (2, 1)


# --- enums, money, dates, ids -----------------------------------------------------------
def test_bad_enum_lists_every_allowed_value() -> None:
    text = plant("objective: traffic", "objective: trafic")
    finding = only(check_text(text))
    assert finding.rule == "schema-bad-enum"
    assert finding.message.startswith("'trafic' is not a valid objective; choose one of: ")
    for allowed in ("awareness", "traffic", "acquisition", "conversion", "retention", "revenue",
                    "cost", "brand"):
        assert f"'{allowed}'" in finding.message
    assert (finding.line, finding.column) == (13, 16)


@pytest.mark.parametrize(("written", "read"), [
    ("zh-cn", "zh-CN"), ("ZH-CN", "zh-CN"), ("Zh-Cn", "zh-CN"), ("En", "en"), ("EN", "en"),
])
def test_language_tags_are_read_in_any_case_and_written_as_the_format_does(
        written: str, read: str) -> None:
    result = check_text(plant("language: en", f"language: {written}"))
    assert result.findings == []
    assert result.plan is not None and result.plan.meta.language == read


@pytest.mark.parametrize("written", ["fr", "zh_CN", "zh", "en-US", '" en"'])
def test_an_unknown_language_lists_the_languages(written: str) -> None:
    finding = only(check_text(plant("language: en", f"language: {written}")))
    assert finding.rule == "schema-bad-enum"
    assert finding.message.endswith("is not a valid language; choose one of: 'zh-CN' or 'en'")


def test_bad_money_says_which_forms_work() -> None:
    text = plant('amount: "300万", basis', 'amount: "300w", basis')
    finding = only(check_text(text))
    assert finding.rule == "schema-bad-money"
    assert finding.message.startswith("amount: '300w' is not a valid amount of money")
    assert '"300万"' in finding.message
    assert finding.path == ("returns", 0, "amount")


def test_bad_share_in_reserve() -> None:
    finding = only(check_text(plant('reserve: "5%"', 'reserve: "150%"')))
    assert finding.rule == "schema-bad-money"
    assert "between 0% and 100%" in finding.message
    assert finding.line == 40


def test_reserve_as_a_decimal_share_or_an_amount() -> None:
    share = check_text(plant('reserve: "5%"', "reserve: 0.05"))
    assert share.plan is not None and share.plan.budget is not None
    assert share.plan.budget.reserve is not None
    assert share.plan.budget.reserve.share == Decimal("0.05")
    amount = check_text(plant('reserve: "5%"', 'reserve: "5万"'))
    assert amount.plan is not None and amount.plan.budget is not None
    assert amount.plan.budget.reserve is not None
    assert amount.plan.budget.reserve.amount == Decimal(50_000)


def test_bad_date_is_located_at_the_value() -> None:
    text = plant("date: M4,", "date: 2027-04-31,")
    finding = only(check_text(text))
    assert finding.rule == "schema-bad-date"
    assert finding.message == (
        "date: '2027-04-31' is not a calendar date (April 2027 has 30 days)")
    assert (finding.line, finding.column) == (33, 39)


def test_relative_date_without_launch_is_reported_at_the_date() -> None:
    text = plant("  launch: 2027-03-01\n", "")
    text = plant("owner: ops, start: T,", "owner: ops, start: T-30,", text)
    finding = only(check_text(text))
    assert finding.rule == "schema-date-anchor"
    assert finding.message == (
        "start: 'T-30' counts days from the launch day, but meta.launch is not set")
    assert (finding.line, finding.column) == (line_of("start: T-30", text), 65)


def test_a_bad_launch_day_is_reported_once_not_again_at_every_relative_date() -> None:
    finding = only(check_text(plant("launch: 2027-03-01", "launch: 2027-03-32")))
    assert finding.rule == "schema-bad-date"
    assert finding.path == ("meta", "launch")


def test_a_bad_period_start_is_reported_once_not_again_at_every_plan_month() -> None:
    result = check_text(plant("start: 2027-01-01,", "start: M1,"))
    finding = only(result)
    assert finding.rule == "schema-bad-date"
    assert finding.message == "start: 'M1' must be an absolute ISO date such as 2027-01-01"


def test_bad_id_explains_the_id_form() -> None:
    finding = only(check_text(plant("{id: MS1,", "{id: MS 1,")))
    assert finding.rule == "schema-bad-id"
    assert "'MS 1' is not a valid id" in finding.message
    assert "letters, digits" in finding.message


def test_an_id_with_a_trailing_newline_is_refused_everywhere() -> None:
    finding = only(check_text(plant("{id: MS1,", '{id: "MS1\\n",')))
    assert finding.rule == "schema-bad-id"
    assert (finding.line, finding.column) == (line_of("{id: MS1,"), 12)


def test_only_the_plan_id_names_files_so_only_it_avoids_device_names() -> None:
    assert check_text(plant("{id: MS1,", "{id: con,")).findings == []
    finding = only(check_text(plant("  id: base\n", "  id: Lpt9.yaml\n")))
    assert finding.rule == "schema-bad-id"
    assert "'Lpt9.yaml' names a device on Windows" in finding.message


@pytest.mark.parametrize("plan_id", ["console", "COM10", "nul-plan", "conx", "a.con", "CON_1"])
def test_ids_that_only_look_like_device_names_are_fine(plan_id: str) -> None:
    assert check_text(plant("  id: base\n", f"  id: {plan_id}\n")).findings == []


def test_the_plan_id_may_be_a_hundred_characters_long() -> None:
    assert check_text(plant("  id: base\n", f"  id: {'a' * 100}\n")).findings == []


# --- conflicting keys, wrong types, version ---------------------------------------------
def test_task_with_end_and_duration() -> None:
    text = plant("duration_days: 30,", "duration_days: 30, end: 2027-03-30,")
    finding = only(check_text(text))
    assert finding.rule == "schema-conflicting-keys"
    assert "give either 'end' or 'duration_days', not both" in finding.message
    assert finding.path == ("execution", "tasks", 1)


def test_goal_with_target_and_target_change() -> None:
    text = plant("    target: 30000\n", '    target: 30000\n    target_change: "+50%"\n')
    findings = check_text(text).findings
    conflict = next(f for f in findings if f.rule == "schema-conflicting-keys")
    assert "give either 'target' or 'target_change', not both" in conflict.message
    assert conflict.line == 11


@pytest.mark.parametrize(("old", "new", "message"), [
    ("  title: Base plan", "  title: [Base, plan]", "title should be text, not a list"),
    ("  title: Base plan", "  title: {en: Base plan}", "title should be text, not a mapping"),
    ("    supports: [douyin]", "    supports: douyin", "supports should be a list, not 'douyin'"),
    ("  channels:\n    - {id: douyin, name: Douyin, type: paid}\n",
     "  channels: {douyin: Douyin}\n", "channels should be a list, not a mapping"),
    ("    role: Operations lead", "    role: Operations lead\n    headcount: two",
     "headcount should be a whole number, not 'two'"),
])
def test_wrong_types_say_what_was_expected(old: str, new: str, message: str) -> None:
    findings = check_text(plant(old, new)).findings
    assert message in [f.message for f in findings if f.rule == "schema-wrong-type"]


def test_out_of_range_number() -> None:
    text = plant("    role: Operations lead", "    role: Operations lead\n    headcount: -1")
    finding = next(f for f in check_text(text).findings if f.rule == "schema-out-of-range")
    assert finding.message == "headcount: input should be greater than or equal to 0, got -1"


@pytest.mark.parametrize(("digits", "words"), [
    (7, "headcount: input should be less than or equal to 1000000, got 1111111"),
    (5000, "headcount: '11111111111111111111111111111111… (5,000 characters)' is far too large"),
])
def test_a_headcount_beyond_a_million_is_out_of_range(digits: int, words: str) -> None:
    text = plant("    role: Operations lead",
                 f"    role: Operations lead\n    headcount: {'1' * digits}")
    finding = only(check_text(text))
    assert finding.rule == "schema-out-of-range"
    assert words in finding.message
    assert (finding.line, finding.column) == (line_of("role: Operations lead") + 1, 16)


@pytest.mark.parametrize("version", ["2", "1.0", "v1", "one"])
def test_wrong_version(version: str) -> None:
    finding = only(check_text(plant("mktplan: 1", f"mktplan: {version}")))
    assert finding.rule == "schema-version"
    assert f"unsupported format version '{version}'" in finding.message
    assert "mktplan: 1" in finding.message
    assert (finding.line, finding.column) == (2, 10)


def test_quoted_version_is_fine() -> None:
    assert check_text(plant("mktplan: 1", 'mktplan: "1"')).findings == []


def test_missing_version_means_not_a_plan_in_one_error() -> None:
    text = plant("mktplan: 1\n", "").replace("kpi: uv", "kpi: nowhere")
    finding = only(check_text(text))  # and nothing about the rest of the file
    assert finding.rule == "schema-version"
    assert finding.message == ("this file is not a plan: it has no top-level 'mktplan:' key; "
                               "a plan starts with 'mktplan: 1'")
    first_key = next(number for number, line in enumerate(text.splitlines(), 1)
                     if line and not line.startswith("#"))
    assert (finding.line, finding.column) == (first_key, 1)


# --- documents that are not plans -------------------------------------------------------
@pytest.mark.parser
@pytest.mark.parametrize(("text", "rule", "words"), [
    ("", "schema-empty", "the file is empty"),
    ("# only a comment\n", "schema-empty", "the file is empty"),
    ("- a\n- b\n", "schema-wrong-type", "not a list"),
    ("just text\n", "schema-wrong-type", "not a single value"),
    ("mktplan: 1\n---\nmktplan: 1\n", "schema-yaml-syntax", "second one"),
    ("mktplan: 1\nmeta: {id: x\n", "schema-yaml-syntax", "YAML syntax error"),
])
def test_documents_that_are_not_plans(text: str, rule: str, words: str) -> None:
    result = check_text(text)
    finding = only(result)
    assert finding.rule == rule
    assert words in finding.message
    assert result.plan is None


@pytest.mark.parser
def test_syntax_error_is_located() -> None:
    finding = only(check_text(plant("    supports: [douyin]\n", "    supports: [douyin\n")))
    assert finding.rule == "schema-yaml-syntax"
    assert finding.line > 20


# --- pruning: every mistake in one run --------------------------------------------------
def test_several_schema_mistakes_and_a_reference_mistake_in_one_run() -> None:
    text = plant("    role: Operations lead\n",
                 "    role: Operations lead\n    responsibility: [Run the account]\n")
    text = plant("frequency: monthly}", "frequency: montly}", text)
    text = plant("date: M4,", "date: 2027-04-31,", text)
    text = plant('amount: "75万", channel: douyin,', 'amount: "75万", channel: weibo,', text)
    result = check_text(text)
    assert sorted(described(result)) == sorted([
        ("schema-unknown-key", line_of("responsibility:", text), 5),
        ("schema-bad-enum", line_of("frequency: montly", text), 142),
        ("schema-bad-date", line_of("2027-04-31", text), 39),
        ("references-unknown-id", line_of("channel: weibo", text), 76),
    ])
    assert result.plan is not None


def test_findings_after_pruned_items_keep_their_file_position() -> None:
    lines = (
        "  lines:\n"
        "    - {id: broken, item: Bad amount, amount: lots}\n"
        '    - {id: salary, item: Operations lead salary, category: personnel, unit_cost: "20万",'
        " per: year, team: ops}\n"
        "    - {id: also-broken, item: No cost}\n"
        '    - {id: ads, item: Douyin ads, category: media, amount: "75万", channel: weibo,'
        " phase: run}\n"
    )
    start = BASE.index("  lines:\n")
    text = BASE[:start] + lines + BASE[BASE.index("returns:\n"):]
    result = check_text(text)
    reference = next(f for f in result.findings if f.rule == "references-unknown-id")
    assert reference.path == ("budget", "lines", 3, "channel")
    assert reference.line == line_of("channel: weibo", text)
    assert {f.rule for f in result.findings} >= {"schema-bad-money", "schema-missing-key"}


def test_references_to_a_pruned_item_are_not_reported_again() -> None:
    text = plant("{id: T1, name: Persona research,", "{id: T1, name: [Persona, research],")
    result = check_text(text)
    assert [f.rule for f in result.findings] == ["schema-wrong-type"]
    assert result.plan is not None and result.plan.execution is not None
    assert [task.id for task in result.plan.execution.tasks] == ["T2"]


def test_index_map_translates_pruned_indices_back_to_the_file() -> None:
    index_map = IndexMap({("budget", "lines"): [1, 3]})
    assert index_map.to_source(("budget", "lines", 0, "amount")) == ("budget", "lines", 1,
                                                                     "amount")
    assert index_map.to_source(("budget", "lines", 1)) == ("budget", "lines", 3)
    assert index_map.to_source(("goals", 0)) == ("goals", 0)


def test_rules_say_nothing_more_about_a_value_dropped_for_a_schema_error(base_text: str) -> None:
    """A bad total is one schema error, not also 'the budget has no total'."""
    result = check_text(base_text.replace('total: "100万"', 'total: "100w"', 1))
    assert [(f.rule, f.line) for f in result.findings] == [("schema-bad-money", 39)]


def test_a_dropped_core_section_is_not_also_reported_missing(base_text: str) -> None:
    text = base_text.replace("kpis:\n  - {id: uv", "kpis: 5\nunused:\n  - {id: uv", 1)
    rules = {f.rule for f in check_text(text).findings}
    assert "schema-wrong-type" in rules
    assert "completeness-missing-section" not in rules
