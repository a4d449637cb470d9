"""Inline suppressions: ``# mktplan: disable=…`` on or above a line, ``disable-file=…``."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mktplan.load.comments import directives

from .conftest import FIXTURES, check_text

BASE = (FIXTURES / "_base.yaml").read_text(encoding="utf-8")
#: one warning, budget-unallocated, on the line of the budget's total
UNALLOCATED = BASE.replace('amount: "75万"', 'amount: "60万"')
TOTAL = '  total: "100万"'


def found(text: str) -> list[tuple[str, int]]:
    return [(finding.rule, finding.line) for finding in check_text(text).findings]


def line_of(text: str, needle: str) -> int:
    return text[:text.index(needle)].count("\n") + 1


# -- which # are comments --------------------------------------------------------------


def test_directives_are_found_after_values_and_alone_on_lines() -> None:
    text = ("a: b  # mktplan: disable=budget -- why\n"
            "  # mktplan: disable-file=smart\n"
            "c: [1, 2] # mktplan:disable=x\n")
    assert [(d.line, d.column, d.body, d.body_column, d.own_line) for d in directives(text)] == [
        (1, 7, "disable=budget -- why", 18, False),
        (2, 3, "disable-file=smart", 14, True),
        (3, 11, "disable=x", 21, False),
    ]


@pytest.mark.parametrize("text", [
    'title: "Q1 # mktplan: disable=budget"\n',
    "title: 'Q1 # mktplan: disable=budget'\n",
    "title: Q1#mktplan: disable=budget\n",
    "notes: |\n  text\n  # mktplan: disable=budget\nnext: x\n",
    "notes: >-\n  # mktplan: disable=budget\n",
    'title: "two\n  lines # mktplan: disable=budget"\n',
    "# mktplan: 1 is the format version (prose, no '=')\n",
])
def test_text_that_only_looks_like_a_directive_is_not_one(text: str) -> None:
    assert directives(text) == []


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc"),
                                      blacklist_characters='"\\'), max_size=30))
def test_a_quoted_scalar_never_holds_a_directive(prefix: str) -> None:
    assert directives(f'title: "{prefix} # mktplan: disable=budget"\n') == []


# -- what a suppression silences -------------------------------------------------------


def test_a_trailing_comment_silences_its_own_line() -> None:
    plain = found(UNALLOCATED)
    assert plain == [("budget-unallocated", line_of(UNALLOCATED, TOTAL))]
    silenced = UNALLOCATED.replace(TOTAL, TOTAL + "  # mktplan: disable=budget-unallocated")
    assert found(silenced) == []


def test_the_reason_after_two_dashes_is_free_text() -> None:
    silenced = UNALLOCATED.replace(
        TOTAL, TOTAL + "  # mktplan: disable=budget-unallocated -- finance, 15%: kept back")
    assert found(silenced) == []


def test_a_comment_alone_silences_the_next_line_with_content() -> None:
    above = UNALLOCATED.replace(TOTAL, "  # mktplan: disable=budget\n\n  # note\n" + TOTAL)
    assert found(above) == []


def test_a_suppression_on_another_line_silences_nothing() -> None:
    text = UNALLOCATED.replace('  reserve: "5%"', '  reserve: "5%"  # mktplan: disable=budget')
    reserve = line_of(text, "  reserve:")
    assert found(text) == [("budget-unallocated", reserve - 1), ("suppression-unused", reserve)]


def test_a_family_or_several_names_silence_alike() -> None:
    for names in ("budget", "smart-achievable, budget-unallocated"):
        text = UNALLOCATED.replace(TOTAL, f"{TOTAL}  # mktplan: disable={names}")
        findings = found(text)
        assert ("budget-unallocated", line_of(text, TOTAL)) not in findings
    assert found(UNALLOCATED.replace(TOTAL, f"{TOTAL}  # mktplan: disable=smart-achievable,"
                                            "budget-unallocated")) == [
        ("suppression-unused", line_of(UNALLOCATED, TOTAL))]


def test_disable_file_silences_the_rule_everywhere() -> None:
    text = "# mktplan: disable-file=budget-unallocated -- a draft\n" + UNALLOCATED
    assert found(text) == []
    assert found("# mktplan: disable-file=timeline\n" + UNALLOCATED) == [
        ("suppression-unused", 1), ("budget-unallocated", line_of(UNALLOCATED, TOTAL) + 1)]


def test_an_unused_suppression_says_why() -> None:
    result = check_text(BASE.replace(TOTAL, TOTAL + "  # mktplan: disable=budget-unallocated"))
    (finding,) = result.findings
    assert finding.rule == "suppression-unused"
    assert finding.severity.value == "warning"
    assert finding.column == TOTAL.index('"') + len('"100万"  # mktplan: disable=') + 1
    assert "nothing on line" in finding.message
    last = check_text(BASE + "# mktplan: disable=budget\n").findings[0]
    assert "no line follows" in last.message


@pytest.mark.parametrize(("comment", "message"), [
    ("disable=budget-unalocated", "did you mean 'budget-unallocated'?"),
    ("disable=schema-bad-money", "schema findings cannot be suppressed"),
    ("disable=schema", "schema findings cannot be suppressed"),
    ("disable=suppression-unused", "cannot silence suppression findings"),
    ("disable=", "name the rules to silence"),
    ("disable=budget unallocated", "separate names with commas"),
    ("enable=budget", "unknown mktplan directive 'enable'"),
    ("disable-line=budget", "unknown mktplan directive 'disable-line'"),
])
def test_invalid_suppressions(comment: str, message: str) -> None:
    result = check_text(UNALLOCATED.replace(TOTAL, f"{TOTAL}  # mktplan: {comment}"))
    invalid = [f for f in result.findings if f.rule == "suppression-invalid"]
    assert len(invalid) == 1, result.findings
    assert message in invalid[0].message
    assert invalid[0].is_error
    assert ("budget-unallocated", line_of(UNALLOCATED, TOTAL)) in [
        (f.rule, f.line) for f in result.findings]


def test_schema_findings_are_never_silenced() -> None:
    text = BASE.replace('  reserve: "5%"', '  reserve: "5 percent"  # mktplan: disable=budget')
    rules = [rule for rule, _ in found(text)]
    assert "schema-bad-money" in rules


def test_the_suppression_rules_are_tuned_like_any_rule() -> None:
    unused = BASE.replace(TOTAL, TOTAL + "  # mktplan: disable=budget")
    assert found(unused + "rules: {suppression-unused: off}\n") == []
    tuned = check_text(unused + "rules: {suppression: error}\n").findings
    assert [(f.rule, f.severity.value) for f in tuned] == [("suppression-unused", "error")]


def test_a_plan_that_does_not_load_has_no_suppressions() -> None:
    broken = BASE.replace("meta:\n", "meta: [\n") + "# mktplan: disable=budget\n"
    rules = [rule for rule, _ in found(broken)]
    assert rules and all(rule.startswith("schema-") for rule in rules)


def test_a_plan_without_directives_is_not_scanned(monkeypatch: pytest.MonkeyPatch) -> None:
    import mktplan.load.comments as comments

    def refuse(text: str) -> None:
        raise AssertionError("the tokens of a plan without directives were scanned")

    monkeypatch.setattr(comments, "_tokens", refuse)
    assert found(UNALLOCATED) == [("budget-unallocated", line_of(UNALLOCATED, TOTAL))]


# -- edges the mutation tests found -----------------------------------------------------


def test_a_typo_is_never_pointed_at_what_cannot_be_suppressed() -> None:
    for typo in ("schma-bad-id", "suppresion", "schema-bad-idd"):
        result = check_text(UNALLOCATED.replace(TOTAL, f"{TOTAL}  # mktplan: disable={typo}"))
        [invalid] = [f for f in result.findings if f.rule == "suppression-invalid"]
        assert "schema" not in invalid.message.split(";")[-1], invalid.message
        assert "suppression" not in invalid.message.split(";")[-1], invalid.message
    result = check_text(UNALLOCATED.replace(TOTAL, f"{TOTAL}  # mktplan: disable=zzzz"))
    assert [f.message for f in result.findings if f.rule == "suppression-invalid"] == [
        "'zzzz' is not a rule or family; run 'mktplan rules' for the list"]


def test_an_equals_sign_in_the_reason_is_part_of_the_reason() -> None:
    comment = "  # mktplan: disable=budget-unallocated -- 15%=the finance reserve"
    assert found(UNALLOCATED.replace(TOTAL, TOTAL + comment)) == []
    unused = check_text(BASE.replace(TOTAL, TOTAL + comment)).findings
    assert [(f.rule, f.column) for f in unused] == [
        ("suppression-unused", len(TOTAL) + len("  # mktplan: disable=") + 1)]


@pytest.mark.parametrize("first", ["# mktplan: enable=budget", "# mktplan: disable="])
def test_a_bad_comment_does_not_stop_the_ones_after_it(first: str) -> None:
    text = f"{first}\n" + UNALLOCATED.replace(TOTAL, TOTAL + "  # mktplan: disable=budget")
    assert found(text) == [("suppression-invalid", 1)]


def test_an_unused_file_suppression_says_where_it_looked() -> None:
    result = check_text("# mktplan: disable-file=timeline\n" + BASE)
    [finding] = result.findings
    assert finding.message == ("'timeline' is disabled here, but nothing in this file "
                               "reports it; remove it from the comment")
    assert (finding.path, finding.line, finding.column) == ((), 1, 25)


def test_findings_of_unsuppressible_families_pass_through_any_comment() -> None:
    from mktplan.findings import Finding, Severity
    from mktplan.rules.config import default_settings
    from mktplan.rules.registry import RULES_BY_ID
    from mktplan.rules.silencing import apply

    settings = default_settings(RULES_BY_ID)
    schema = Finding("schema-bad-money", Severity.ERROR, "bad", ("budget", "total"), 2, 8,
                     "p.yaml")
    budget = Finding("budget-over-total", Severity.ERROR, "over", ("budget", "total"), 2, 8,
                     "p.yaml")
    assert apply([schema, budget], "a: b\n", settings, RULES_BY_ID, "p.yaml") == [
        schema, budget]
    text = "# mktplan: disable-file=budget\nbudget: {total: x}\n"
    assert apply([schema, budget], text, settings, RULES_BY_ID, "p.yaml") == [schema]


@pytest.mark.parametrize(("comment", "expected"), [
    ("disable=budget-unalocated", [
        ("suppression-invalid", 37,
         "'budget-unalocated' is not a rule or family; did you mean 'budget-unallocated'?")]),
    ("disable=budget,,x y", [
        ("suppression-invalid", 44, "'' is not a rule id or family; separate names with commas"),
        ("suppression-invalid", 45,
         "'x y' is not a rule id or family; separate names with commas")]),
    ("disable=schema-yaml-syntax", [
        ("suppression-invalid", 37, "'schema-yaml-syntax': schema findings cannot be "
         "suppressed (the file is not read as written); fix what they report")]),
    ("disable=suppression-unused", [
        ("suppression-invalid", 37, "'suppression-unused': a suppression comment cannot "
         "silence suppression findings")]),
    ("disable=", [
        ("suppression-invalid", 29, "name the rules to silence: disable=RULE-ID[,RULE-ID…]")]),
    ("enable=budget", [
        ("suppression-invalid", 29, "unknown mktplan directive 'enable'; the directives are "
         "'disable=' and 'disable-file='")]),
    ("disable=budget-negative", [
        ("suppression-unused", 37, "'budget-negative' is disabled here, but nothing on line "
         "39 reports it; remove it from the comment")]),
    ("disable-file=budget-negative", [
        ("suppression-unused", 42, "'budget-negative' is disabled here, but nothing in this "
         "file reports it; remove it from the comment")]),
])
def test_each_mistake_in_a_comment_is_named_on_its_name(comment: str,
                                                        expected: list[tuple[str, int, str]]
                                                        ) -> None:
    text = UNALLOCATED.replace(TOTAL, f"{TOTAL}  # mktplan: {comment}")
    line = line_of(text, TOTAL)
    findings = [f for f in check_text(text).findings if f.rule.startswith("suppression")]
    assert [(f.rule, f.line, f.column, f.message) for f in findings] == [
        (rule, line, column, message) for rule, column, message in expected]


def test_a_suppression_finding_is_written_in_the_plans_language_too() -> None:
    from mktplan.rules.pipeline import in_language

    text = UNALLOCATED.replace(TOTAL, f"{TOTAL}  # mktplan: disable=budget-negative")
    assert [f.message for f in in_language(check_text(text), "zh-CN").findings
            if f.rule == "suppression-unused"] == [
        f"这里禁用了 'budget-negative'，但第 {line_of(text, TOTAL)} 行没有任何地方报告它；"
        "请把它从注释中去掉"]
