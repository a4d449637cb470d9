"""Rule settings: a ``rules:`` section turned into what the engine runs.

``rules: {smart-achievable: {max_growth: 5}, budget-unallocated: off, timeline: warning}``:
a key is a rule id or a family; a value is ``off``, ``error``, ``warning``, or a mapping
of the rule's options with an optional ``severity``. Unknown ids and options are errors.
The same section comes from a project's configuration (:mod:`mktplan.project`) and from
the plan itself, applied in that order over the rules' defaults, so the plan has the
last word.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, NamedTuple

from pydantic import ValidationError

from mktplan.findings import Message, Severity, msg
from mktplan.rules.base import FAMILIES, Issue, Rule, RuleOptions

_LEVELS = {"off": None, "error": Severity.ERROR, "warning": Severity.WARNING}


class Setting(NamedTuple):
    """How one rule runs in this plan: its severity (None: off) and options."""

    severity: Severity | None
    options: RuleOptions


def default_settings(rules: Mapping[str, Rule]) -> dict[str, Setting]:
    """Every rule with its default severity and default options."""
    return {rule_id: Setting(rule.severity, rule.options()) for rule_id, rule in rules.items()}


def read_settings(section: Mapping[str, Any], rules: Mapping[str, Rule],
                  base: Mapping[str, Setting] | None = None,
                  ) -> tuple[dict[str, Setting], list[Issue]]:
    """Apply a ``rules:`` section to ``base`` (the defaults); report what cannot be applied.

    An option set in ``base`` stays unless the section sets it again.
    """
    settings = dict(base) if base is not None else default_settings(rules)
    issues: list[Issue] = []
    for key in in_order(section):
        path = ("rules", key)
        targets = _targets(key, rules)
        if isinstance(targets, Issue):
            issues.append(targets)
            continue
        for rule in targets:
            problem = _apply(settings, rule, section[key], key)
            if problem is not None:
                issues.append(Issue(path, problem))
                break
    return settings, issues


def in_order(section: Mapping[str, Any]) -> list[str]:
    """The keys of a section in the order they apply.

    Families first, so that a rule's own entry wins over its family's.
    """
    return sorted(section, key=lambda name: name not in FAMILIES)


def set_by(section: Mapping[str, Any], rules: Mapping[str, Rule]) -> dict[str, str]:
    """Rule id → the key of ``section`` whose entry decides its setting (the last to apply)."""
    decided: dict[str, str] = {}
    for key in in_order(section):
        targets = _targets(key, rules)
        if not isinstance(targets, Issue):
            decided.update((rule.id, key) for rule in targets)
    return decided


def _targets(key: str, rules: Mapping[str, Rule]) -> list[Rule] | Issue:
    path = ("rules", key)
    if key == "schema" or key.startswith("schema-"):
        return Issue(path, msg("config.schema", key=key))
    if key in FAMILIES:
        return [rule for rule in rules.values() if rule.family == key]
    if key in rules:
        return [rules[key]]
    known = [name for name in [*rules, *FAMILIES] if not name.startswith("schema")]
    import difflib  # only for an unknown name: a clean plan never pays its import

    guess = difflib.get_close_matches(key, known, n=1)
    if guess:
        return Issue(path, msg("config.unknown.guess", key=key, guess=guess[0]))
    return Issue(path, msg("config.unknown", key=key))


def _apply(settings: dict[str, Setting], rule: Rule, value: Any, key: str) -> Message | None:
    current = settings[rule.id]
    if isinstance(value, str) and value in _LEVELS:
        settings[rule.id] = Setting(_LEVELS[value], current.options)
        return None
    if not isinstance(value, dict):
        return msg("config.value", key=key, value=str(value))
    options = dict(value)
    severity = current.severity
    if "severity" in options:
        level = options.pop("severity")
        if level not in _LEVELS:
            return msg("config.severity", key=key, level=str(level))
        severity = _LEVELS[level]
    if key in FAMILIES and options:
        return msg("config.family-options", key=key)
    try:
        parsed = rule.options.model_validate({**current.options.model_dump(), **options})
    except ValidationError as exc:
        return _options_problem(exc, rule, key)
    settings[rule.id] = Setting(severity, parsed)
    return None


def _options_problem(exc: ValidationError, rule: Rule, key: str) -> Message:
    error = exc.errors(include_url=False)[0]
    name = ".".join(str(part) for part in error["loc"])
    if error["type"] == "extra_forbidden":
        known = ", ".join(rule.options.model_fields) or "none"
        return msg("config.unknown-option", key=key, name=name, rule=rule.id, known=known)
    return msg("config.bad-option", key=key, name=name, problem=error["msg"])
