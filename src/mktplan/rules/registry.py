"""The registry of every rule, by id, in family order. Add a rule to its family's RULES."""

from __future__ import annotations

from collections.abc import Mapping

from mktplan.registry import registry
from mktplan.rules import (
    budget,
    completeness,
    references,
    review,
    schema,
    smart,
    suppression,
    timeline,
)
from mktplan.rules.base import Rule

RULES_BY_ID: Mapping[str, Rule] = registry(
    (rule for family in (schema, references, smart, budget, timeline, completeness,
                         suppression, review)
     for rule in family.RULES),
    key=lambda rule: rule.id,
)
