"""How findings and rules are shown: one writer per output format, in explicit registries.

``mktplan check --format NAME`` picks ``REPORTERS[NAME]`` and ``mktplan rules --format
NAME`` picks ``RULE_WRITERS[NAME]``; the commands' choices are these registries' keys
(:mod:`mktplan.registry`). Add a format by writing a module with a ``report(results,
stream, passed_over)`` function and listing it here; it is imported only when used.
"""

from __future__ import annotations

from collections.abc import Mapping

from mktplan.registry import Plugin, default, registry
from mktplan.report.base import Reporter, RuleWriter, Totals

REPORTERS: Mapping[str, Plugin[Reporter]] = registry([
    Plugin("text", "mktplan.report.text:report"),
    Plugin("json", "mktplan.report.json_report:report"),
    Plugin("github", "mktplan.report.github:report"),
    Plugin("sarif", "mktplan.report.sarif:report"),
    Plugin("gitlab", "mktplan.report.gitlab:report"),
    Plugin("junit", "mktplan.report.junit:report"),
])
#: the first reporter, the default, is the one for a person (a terminal, a CI log); ``build``
#: shows a plan's findings with it too
HUMAN_FORMAT = default(REPORTERS)
RULE_WRITERS: Mapping[str, Plugin[RuleWriter]] = registry([
    Plugin("text", "mktplan.report.rules:show_text"),
    Plugin("json", "mktplan.report.rules:show_json"),
    Plugin("md", "mktplan.report.rules:show_markdown"),
])

__all__ = ["HUMAN_FORMAT", "REPORTERS", "RULE_WRITERS", "Reporter", "RuleWriter", "Totals"]
