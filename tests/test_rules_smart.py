"""The smart and completeness rules beyond the fixtures: options, messages, edge cases."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mktplan.findings import Finding, Severity
from mktplan.rules.registry import RULES_BY_ID

from .conftest import FIXTURES, check_text

BASE = (FIXTURES / "_base.yaml").read_text(encoding="utf-8")
GOAL_TARGET = "    target: 30000\n"
KPI_LINE = ("  - {id: uv, name: Monthly unique visitors, category: traffic, unit: visits, "
            "baseline: 20000, target: 30000, direction: at_least, frequency: monthly}\n")
MINIMAL = "mktplan: 1\nmeta: {id: x, title: X, period: {start: 2027-01-01, end: 2027-12-31}}\n"


def plan(*edits: tuple[str, str], rules: str = "") -> str:
    """The base plan with each (old, new) edit applied once, and an optional rules section."""
    text = BASE
    for old, new in edits:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    return text + (f"rules:\n{rules}" if rules else "")


def found(text: str, rule_id: str) -> list[Finding]:
    return [f for f in check_text(text).findings if f.rule == rule_id]


def line_of(text: str, snippet: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if snippet in line)


TARGET_90K = (GOAL_TARGET, "    target: 90000\n")


def test_every_rule_documents_its_severity_and_examples() -> None:
    mine = [r for r in RULES_BY_ID.values() if r.family in ("smart", "completeness")]
    assert len(mine) == 10
    for rule in mine:
        assert rule.summary.endswith("."), rule.id
        assert f"Default severity: {rule.severity.value}." in rule.doc, rule.id
        assert "Fails" in rule.doc and "Passes" in rule.doc, rule.id


# --- smart-achievable and its option ----------------------------------------------------
def test_growth_message_gives_the_numbers_and_the_option() -> None:
    [finding] = found(plan(TARGET_90K), "smart-achievable")
    assert finding.severity is Severity.ERROR
    assert "target 90,000 is 4.5× the baseline 20,000" in finding.message
    assert "more than the 3× this plan allows" in finding.message
    assert "smart-achievable: max_growth" in finding.message


def test_raising_max_growth_accepts_the_target() -> None:
    assert found(plan(TARGET_90K, rules="  smart-achievable: {max_growth: 5}\n"),
                 "smart-achievable") == []


def test_max_growth_is_exclusive_of_equality() -> None:
    assert found(plan((GOAL_TARGET, "    target: 60000\n")), "smart-achievable") == []
    assert len(found(plan((GOAL_TARGET, "    target: 60001\n")), "smart-achievable")) == 1


@pytest.mark.parametrize("setting", ["off", "{severity: off}"])
def test_achievable_can_be_switched_off(setting: str) -> None:
    assert found(plan(TARGET_90K, rules=f"  smart-achievable: {setting}\n"),
                 "smart-achievable") == []


def test_options_and_severity_together() -> None:
    text = plan(TARGET_90K, rules="  smart-achievable: {severity: warning, max_growth: 4}\n")
    [finding] = found(text, "smart-achievable")
    assert finding.severity is Severity.WARNING
    assert "the 4× this plan allows" in finding.message


def test_family_off_silences_every_smart_rule() -> None:
    text = plan(TARGET_90K, ("    deadline: M6\n", ""), ("    supports: [douyin]\n", ""),
                rules="  smart: off\n")
    assert [f for f in check_text(text).findings if f.rule.startswith("smart-")] == []


@pytest.mark.parametrize(("value", "hint"), [
    ("0.5", "greater than or equal to 1"),
    ("5000", "less than or equal to 1000"),
    ("1e999999999", "less than or equal to 1000"),
    (".inf", "decimal"),
    ("inf", "finite"),
    ("lots", "decimal"),
])
def test_bad_max_growth_is_a_config_error_and_defaults_apply(value: str, hint: str) -> None:
    text = plan(TARGET_90K, rules=f"  smart-achievable: {{max_growth: {value}}}\n")
    result = check_text(text)
    [config] = [f for f in result.findings if f.rule == "schema-rules-config"]
    assert "max_growth" in config.message and hint in config.message
    assert config.line == line_of(text, "smart-achievable:")
    assert [f.rule for f in result.findings if f.rule.startswith("smart-")] == ["smart-achievable"]


def test_unknown_option_names_the_known_ones() -> None:
    text = plan(rules="  smart-achievable: {growth: 5}\n")
    [config] = [f for f in check_text(text).findings if f.rule == "schema-rules-config"]
    assert "unknown option 'growth'" in config.message and "max_growth" in config.message


def test_cut_message_for_a_kpi_where_less_is_better() -> None:
    text = plan((GOAL_TARGET, "    target: 5000\n"), ("at_least", "at_most"))
    [finding] = found(text, "smart-achievable")
    assert finding.message == (
        "goal G1: target 5,000 divides the baseline 20,000 by 4, more than the 3× this plan "
        "allows (no lower than 6,666.67); raise the target, or explain why it is reachable "
        "and raise the limit (rules: smart-achievable: max_growth)")


def test_cut_to_zero() -> None:
    text = plan((GOAL_TARGET, "    target: 0\n"), ("at_least", "at_most"))
    [finding] = found(text, "smart-achievable")
    assert "cuts the baseline 20,000 to nothing" in finding.message


def test_without_a_kpi_the_direction_is_how_the_target_moves() -> None:
    no_kpi = ("    kpi: uv\n", "")
    assert len(found(plan(no_kpi, TARGET_90K), "smart-achievable")) == 1
    assert len(found(plan(no_kpi, (GOAL_TARGET, "    target: 5000\n")), "smart-achievable")) == 1
    assert found(plan(no_kpi, (GOAL_TARGET, "    target: 10000\n")), "smart-achievable") == []


def test_baseline_of_the_kpi_is_used_and_named() -> None:
    text = plan(("    baseline: 20000\n", ""), TARGET_90K)
    [finding] = found(text, "smart-achievable")
    assert "the baseline 20,000 (of KPI uv)" in finding.message
    assert found(text, "smart-baseline-missing") == []


@pytest.mark.parametrize("baseline", ["0", "-100"])
def test_a_baseline_that_is_not_positive_is_not_judged(baseline: str) -> None:
    text = plan(("    baseline: 20000\n", f"    baseline: {baseline}\n"), TARGET_90K)
    assert found(text, "smart-achievable") == []


@settings(max_examples=40, deadline=None)
@given(baseline=st.integers(1, 10**6), factor=st.decimals("1", "10", places=2),
       limit=st.decimals("1", "10", places=1))
def test_achievable_flags_exactly_the_targets_beyond_the_limit(
        baseline: int, factor: Decimal, limit: Decimal) -> None:
    target = (baseline * factor).quantize(Decimal("0.01"))
    text = plan(("    baseline: 20000\n", f"    baseline: {baseline}\n"),
                (GOAL_TARGET, f"    target: {target}\n"),
                rules=f"  smart-achievable: {{max_growth: {limit}}}\n")
    flagged = bool(found(text, "smart-achievable"))
    assert flagged == (target > baseline * limit)


# --- the other smart rules ----------------------------------------------------------------
def test_direction_message_says_which_way_is_better() -> None:
    [finding] = found(plan((GOAL_TARGET, "    target: 15000\n")), "smart-direction")
    assert "target 15,000 does not rise above the baseline 20,000" in finding.message
    assert "KPI uv counts higher as better (direction: at_least)" in finding.message
    assert "set a target above 20,000" in finding.message


def test_direction_mentions_an_unwritten_default() -> None:
    text = plan((GOAL_TARGET, "    target: 15000\n"), (", direction: at_least", ""))
    [finding] = found(text, "smart-direction")
    assert "(direction: at_least, the default)" in finding.message


def test_a_target_equal_to_the_baseline_does_not_move() -> None:
    assert len(found(plan((GOAL_TARGET, "    target: 20000\n")), "smart-direction")) == 1


def test_direction_skips_a_goal_whose_kpi_does_not_resolve() -> None:
    text = plan(("    kpi: uv\n", "    kpi: nope\n"), (GOAL_TARGET, "    target: 15000\n"))
    assert found(text, "smart-direction") == []
    assert [f.rule for f in check_text(text).findings] == ["references-unknown-id"]


def test_target_change_is_applied_to_the_baseline() -> None:
    text = plan((GOAL_TARGET, '    target_change: "+400%"\n'))
    [finding] = found(text, "smart-achievable")
    assert "target 100,000 is 5× the baseline 20,000" in finding.message
    assert finding.line == line_of(text, "target_change")


def test_missing_unit_suggests_the_kpi_unit() -> None:
    [finding] = found(plan(("    unit: visits\n", "")), "smart-measurable")
    assert "(its KPI uv uses 'visits')" in finding.message
    [alone] = found(plan(("    unit: visits\n", ""), ("    kpi: uv\n", "")), "smart-measurable")
    assert alone.message == ("goal G1 has no unit: say what the target counts, e.g. "
                             "'unit: visits', 'unit: %' or 'unit: CNY'")


def test_target_change_without_baseline_is_one_finding_not_two() -> None:
    text = plan(("    baseline: 20000\n    target: 30000\n", '    target_change: "+50%"\n'),
                (KPI_LINE, KPI_LINE.replace("baseline: 20000, ", "")))
    findings = check_text(text).findings
    assert [f.rule for f in findings] == ["smart-measurable"]
    assert "target_change +50% but no baseline" in findings[0].message


def test_a_goal_with_nothing_but_an_id() -> None:
    text = BASE.replace(BASE[BASE.index("  - id: G1"):BASE.index("strategy:")], "  - id: G1\n")
    rules = sorted(f.rule for f in check_text(text).findings)
    assert rules == ["smart-baseline-missing", "smart-measurable", "smart-measurable",
                     "smart-rationale-missing", "smart-relevant", "smart-specific",
                     "smart-specific", "smart-time-bound"]
    assert {f.line for f in check_text(text).findings} == {line_of(text, "- id: G1")}


def test_deadline_outside_the_period_is_reported_once() -> None:
    text = plan(("    deadline: M6\n", "    deadline: 2028-03-31\n"))
    findings = check_text(text).findings
    assert len(findings) == 1
    assert findings[0].line == line_of(text, "deadline: 2028-03-31")


# --- completeness ----------------------------------------------------------------------------
def test_a_plan_with_only_meta_misses_four_sections_at_the_top() -> None:
    findings = check_text(MINIMAL).findings
    assert {(f.rule, f.severity, f.line, f.column) for f in findings} == {
        ("completeness-missing-section", Severity.WARNING, 1, 1)}
    messages = " ".join(f.message for f in findings)
    for section in ("'goals'", "'execution'", "'budget'", "'kpis'"):
        assert section in messages
    assert len(findings) == 4


@pytest.mark.parametrize("section", ["budget: {excluded: [events]}", "execution: {}",
                                     "budget:", "kpis: []"])
def test_an_empty_section_counts_as_missing(section: str) -> None:
    text = MINIMAL + section + "\n"
    findings = found(text, "completeness-missing-section")
    assert len(findings) == 4
    name = section.split(":")[0]
    [empty] = [f for f in findings if f"'{name}'" in f.message]
    assert empty.line == 3


def test_missing_sections_can_be_switched_off() -> None:
    assert check_text(MINIMAL + "rules: {completeness-missing-section: off}\n").findings == []


def test_kpi_target_names_every_goal_it_measures() -> None:
    second = BASE[BASE.index("  - id: G1"):BASE.index("strategy:")].replace("id: G1", "id: G2")
    text = plan(("strategy:\n", second + "strategy:\n"),
                (KPI_LINE, KPI_LINE.replace("target: 30000, ", "")))
    [finding] = found(text, "completeness-kpi-target")
    assert "KPI uv measures goals G1, G2 but has no target" in finding.message
    assert "(goal G1 aims for 30,000)" in finding.message
    assert finding.line == line_of(text, "- {id: uv")


def test_kpi_without_target_that_no_goal_uses_is_fine() -> None:
    extra = "  - {id: ctr, name: Click-through rate, unit: '%'}\n"
    assert found(plan((KPI_LINE, KPI_LINE + extra)), "completeness-kpi-target") == []
