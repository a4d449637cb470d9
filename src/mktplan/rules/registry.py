"""The registry of every rule, by id, in family order. Add a rule to its family's RULES."""

from __future__ import annotations

from mktplan.rules import budget, completeness, references, schema, smart, timeline
from mktplan.rules.base import Rule

RULES_BY_ID: dict[str, Rule] = {
    rule.id: rule
    for family in (schema, references, smart, budget, timeline, completeness)
    for rule in family.RULES
}
