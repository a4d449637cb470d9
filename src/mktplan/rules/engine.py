"""Runs the enabled rules over a validated plan and turns their issues into findings."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from mktplan.findings import Finding, Severity
from mktplan.load.source import SourceMap
from mktplan.model.validate import IndexMap, ValidatedPlan
from mktplan.rules.base import Issue, RuleContext
from mktplan.rules.config import Setting, read_settings
from mktplan.rules.registry import RULES_BY_ID
from mktplan.rules.suppression import apply_suppressions
from mktplan.text.messages import english


def run_rules(validated: ValidatedPlan, source_map: SourceMap, file: str,
              defaults: Mapping[str, Setting] | None = None, text: str = "") -> list[Finding]:
    """Every finding of every enabled rule (and of the ``rules:`` section itself).

    ``defaults`` are the settings before the plan's own ``rules:`` section: the
    project's (:mod:`mktplan.project`), or the rules' own defaults. ``text`` is the
    file's, whose ``# mktplan: disable=…`` comments silence findings
    (:mod:`mktplan.rules.suppression`).
    """
    plan = validated.plan
    assert plan is not None
    settings, config_issues = read_settings(plan.rules, RULES_BY_ID, defaults)
    locate = _Locator(source_map, validated.index_map, file)
    findings = [locate(issue, "schema-rules-config", Severity.ERROR, key=True)
                for issue in config_issues]
    context = RuleContext(plan, validated.pruned_ids, plan_folder(file))
    for rule_id, rule in RULES_BY_ID.items():
        setting = settings[rule_id]
        if rule.check is None or setting.severity is None:
            continue
        for issue in rule.check(context, setting.options):
            finding = locate(issue, rule_id, setting.severity)
            if not validated.touches_pruned(finding.path):  # its schema error says it all
                findings.append(finding)
    return apply_suppressions(findings, text, settings, RULES_BY_ID, file)


def plan_folder(file: str) -> Path:
    """The folder of the plan shown as ``file``: the working directory for ``<stdin>``."""
    return Path() if file.startswith("<") else Path(file).parent


class _Locator:
    """Places an issue in the file: pruned-plan path → file path → line and column."""

    def __init__(self, source_map: SourceMap, index_map: IndexMap, file: str) -> None:
        self.source_map = source_map
        self.index_map = index_map
        self.file = file

    def __call__(self, issue: Issue, rule_id: str, severity: Severity,
                 key: bool = False) -> Finding:
        path = self.index_map.to_source(issue.path)
        line, column = (self.source_map.locate_key(path) if key
                        else self.source_map.locate(path))
        message, detail = english(issue.message)
        return Finding(rule_id, severity, message, path, line, column, self.file, detail)
