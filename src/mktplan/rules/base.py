"""What a rule is: declared metadata, a docstring that is its user documentation, a check.

A rule is a :class:`Rule` value made by the :func:`rule` decorator around a
check function. The check gets a :class:`RuleContext` and the rule's options and
yields :class:`Issue` s (a path in the plan and a message); the engine adds the
rule id, severity, file, line and column to make findings. Rules never print.
"""

from __future__ import annotations

import inspect
import pathlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, NamedTuple, Protocol, TypeVar

from pydantic import BaseModel, ConfigDict

from mktplan.findings import Message, Path, Severity
from mktplan.model.compute import BudgetTotals, budget_totals
from mktplan.model.plan import Plan

FAMILIES = ("schema", "references", "smart", "budget", "timeline", "completeness",
            "suppression", "review")


class Issue(NamedTuple):
    """One problem a rule found: where (path in the plan's data) and what, in plain words.

    The message is a catalogue :class:`~mktplan.findings.Message` (written in the reader's
    language), or plain English text.
    """

    path: Path
    message: str | Message




class RuleOptions(BaseModel):
    """Base of a rule's options; a plan sets them under ``rules: {rule-id: {...}}``."""

    # attribute docstrings document the options; mktplan.model.docstrings reads them for
    # 'mktplan rules' (pydantic's use_attribute_docstrings would cost every start-up)
    model_config = ConfigDict(extra="forbid", frozen=True)


class NoOptions(RuleOptions):
    """The options of a rule that has none."""


@dataclass
class RuleContext:
    """What a check sees: the validated plan and facts derived from it once."""

    plan: Plan
    pruned_ids: set[str] = field(default_factory=set)
    """Ids of items dropped for schema errors: references to them are not reported."""
    folder: pathlib.Path = field(default_factory=pathlib.Path)
    """The plan's folder, which files the plan names are found from (the working
    directory for a plan read from standard input)."""

    @cached_property
    def budget(self) -> BudgetTotals:
        """Budget totals, computed once for all budget rules."""
        return budget_totals(self.plan)


CheckFn = Callable[[RuleContext, Any], Iterable[Issue]]


class _HasId(Protocol):
    @property
    def id(self) -> str: ...


ItemT = TypeVar("ItemT", bound=_HasId)


def first_by_id(items: Iterable[ItemT]) -> dict[str, ItemT]:
    """Items by id; where an id is duplicated (references-duplicate-id), the first wins."""
    found: dict[str, ItemT] = {}
    for item in items:
        found.setdefault(item.id, item)
    return found


class Rule(NamedTuple):
    """A rule: id (``family-name``), default severity, documentation, options and check.

    Schema rules have no check function: the loader and the models emit them.
    """

    id: str
    severity: Severity
    doc: str
    options: type[RuleOptions] = NoOptions
    check: CheckFn | None = None

    @property
    def family(self) -> str:
        """The family, i.e. the id's first word."""
        return self.id.split("-", 1)[0]

    @property
    def summary(self) -> str:
        """The first line of the documentation."""
        return self.doc.strip().splitlines()[0] if self.doc.strip() else ""


def rule(rule_id: str, severity: Severity = Severity.ERROR,
         options: type[RuleOptions] = NoOptions) -> Callable[[CheckFn], Rule]:
    """Declare a rule around its check function; the function's docstring is the rule's doc."""

    def declare(check: CheckFn) -> Rule:
        assert rule_id.split("-", 1)[0] in FAMILIES, rule_id
        return Rule(rule_id, severity, inspect.getdoc(check) or "", options, check)

    return declare


def declared(rule_id: str, doc: str, severity: Severity = Severity.ERROR) -> Rule:
    """Declare a rule that the loader or the models emit (no check function)."""
    return Rule(rule_id, severity, inspect.cleandoc(doc))
