"""A plan's ``rules:`` section: what each setting does, and what each mistake says where."""

from __future__ import annotations

from decimal import Decimal

from mktplan.findings import Severity
from mktplan.rules.config import read_settings
from mktplan.rules.registry import RULES_BY_ID

from .conftest import check_text


def test_each_mistake_in_the_rules_section_is_named_on_its_key(base_text: str) -> None:
    text = base_text + (
        "rules:\n"
        "  budget-unallocated: warning\n"
        "  smart-achievable: lots\n"
        "  budget-over-total: {severity: loud}\n"
        "  budget: {margin: 3}\n"
        "  timeline-outside-period: {margin: 2}\n"
        "  review-pacing: {warning: -1}\n"
        "  smart-achievable-x: off\n")
    first = len(base_text.splitlines()) + 3  # the line of 'smart-achievable: lots'
    assert [(f.rule, f.line, f.column, f.message) for f in check_text(text).findings] == [
        ("schema-rules-config", first, 3,
         "'smart-achievable' must be off, error, warning or a mapping of options, not 'lots'"),
        ("schema-rules-config", first + 1, 3,
         "'budget-over-total': severity must be off, error or warning, not 'loud'"),
        ("schema-rules-config", first + 2, 3,
         "'budget' is a family: set options on its rules, not on the family"),
        ("schema-rules-config", first + 3, 3,
         "'timeline-outside-period': unknown option 'margin' "
         "(options of timeline-outside-period: none)"),
        ("schema-rules-config", first + 4, 3,
         "'review-pacing': option 'warning': Input should be greater than or equal to 0"),
        ("schema-rules-config", first + 5, 3,
         "unknown rule or family 'smart-achievable-x'; did you mean 'smart-achievable'?"),
    ]


def test_a_mistake_leaves_the_settings_after_it_applied() -> None:
    settings, issues = read_settings({"budgte": "off", "budget-unallocated": "off",
                                      "review-pacing": {"severity": "warning", "error": 30},
                                      "smart-achievable": "lots",
                                      "timeline-outside-period": "warning"}, RULES_BY_ID)
    assert [issue.path for issue in issues] == [("rules", "budgte"),
                                                ("rules", "smart-achievable")]
    assert settings["budget-unallocated"].severity is None
    pacing = settings["review-pacing"]
    assert (pacing.severity, pacing.options.model_dump()) == (
        Severity.WARNING, {"warning": Decimal(10), "error": Decimal(30)})
    assert settings["smart-achievable"] == read_settings({}, RULES_BY_ID)[0]["smart-achievable"]
    assert settings["timeline-outside-period"].severity is Severity.WARNING


def test_a_rule_over_its_family_and_a_base_kept_where_not_set_again() -> None:
    base, _ = read_settings({"review-pacing": {"warning": 5}}, RULES_BY_ID)
    settings, issues = read_settings({"budget-over-total": "error", "budget": "off",
                                      "review-pacing": {"error": 40}}, RULES_BY_ID, base)
    assert issues == []
    assert settings["budget-over-total"].severity is Severity.ERROR  # after its family
    assert settings["budget-unallocated"].severity is None
    assert settings["review-pacing"].options.model_dump() == {"warning": Decimal(5),
                                                              "error": Decimal(40)}
