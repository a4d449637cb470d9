"""The SARIF 2.1.0 reporter, for GitHub code scanning and other static-analysis viewers.

One run whose tool driver lists every rule of the registry (its summary, its full
documentation and its default level) and one result per finding, located by file
URI, line and column. Columns count Unicode code points, as the YAML parser does,
which the run declares with ``columnKind``.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import PurePath
from typing import TYPE_CHECKING, TextIO

from mktplan import __version__

if TYPE_CHECKING:
    from mktplan.findings import Finding
    from mktplan.rules.base import Rule
    from mktplan.rules.pipeline import CheckedPlan

SARIF_SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/os/schemas/sarif-schema-2.1.0.json"
SARIF_VERSION = "2.1.0"


def artifact_uri(file: str) -> str:
    """A file name as a URI reference: relative paths stay relative, with ``/``."""
    from urllib.parse import quote

    path = PurePath(file)
    if path.is_absolute():
        return path.as_uri()
    return quote(path.as_posix())


def rule_descriptor(rule: Rule) -> dict[str, object]:
    """How SARIF describes one rule."""
    return {
        "id": rule.id,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": rule.doc},
        "defaultConfiguration": {"level": rule.severity.value},
        "properties": {"tags": [rule.family]},
    }


def result(finding: Finding, file: str, rule_index: dict[str, int]) -> dict[str, object]:
    """How SARIF describes one finding of ``file``."""
    entry: dict[str, object] = {"ruleId": finding.rule}
    if finding.rule in rule_index:
        entry["ruleIndex"] = rule_index[finding.rule]
    entry.update({
        "level": finding.severity.value,
        "message": {"text": finding.message},
        "locations": [{
            "physicalLocation": {
                "artifactLocation": {"uri": artifact_uri(file)},
                "region": {"startLine": finding.line, "startColumn": finding.column},
            },
        }],
    })
    return entry


def as_data(results: Sequence[CheckedPlan]) -> dict[str, object]:
    """The SARIF log as plain data.

    A file that could not be read has its ``schema-file-unreadable`` result, and makes
    the run's invocation unsuccessful.
    """
    from mktplan.rules.registry import RULES_BY_ID

    rule_index = {rule_id: index for index, rule_id in enumerate(RULES_BY_ID)}
    driver = {
        "name": "mktplan",
        "version": __version__,
        "rules": [rule_descriptor(rule) for rule in RULES_BY_ID.values()],
    }
    return {
        "$schema": SARIF_SCHEMA,
        "version": SARIF_VERSION,
        "runs": [{
            "tool": {"driver": driver},
            "invocations": [{
                "executionSuccessful": not any(checked.unreadable for checked in results),
            }],
            "columnKind": "unicodeCodePoints",
            "results": [result(finding, checked.file, rule_index)
                        for checked in results for finding in checked.findings],
        }],
    }


def report(results: Sequence[CheckedPlan], stream: TextIO,
           passed_over: Sequence[str] = ()) -> None:
    """Write the SARIF log as one indented JSON document."""
    json.dump(as_data(results), stream, indent=2)
    stream.write("\n")
