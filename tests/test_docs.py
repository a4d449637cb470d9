"""The generated rules reference stays in step with the rules' docstrings."""

from __future__ import annotations

import io

from mktplan.report.rules import write_markdown
from mktplan.rules.registry import RULES_BY_ID

from .conftest import ROOT


def test_rules_reference_is_fresh() -> None:
    stream = io.StringIO()
    write_markdown(list(RULES_BY_ID.values()), stream)
    committed = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert committed == stream.getvalue(), (
        "docs/rules.md is stale: run 'mktplan rules --format md > docs/rules.md'"
    )


def test_every_rule_is_documented_with_examples() -> None:
    for rule in RULES_BY_ID.values():
        assert rule.summary, rule.id
        if rule.check is not None:
            assert "Fails" in rule.doc and "Passes" in rule.doc, rule.id
