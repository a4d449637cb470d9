"""The GitLab Code Quality reporter: the Code Climate issues JSON that GitLab reads.

A job that writes it as an artifact (``artifacts: reports: codequality:``) gets the
findings in the merge request's Code Quality widget and on the changed lines::

    [{"type": "issue", "check_name": "budget-over-total", "description": "…",
      "categories": ["Bug Risk"], "severity": "major",
      "fingerprint": "5d41402abc4b2a76b9719d911017c592",
      "location": {"path": "plans/acme.yaml", "lines": {"begin": 39, "end": 39}}}]

GitLab needs ``description``, ``check_name``, ``fingerprint``, ``severity`` and
``location.path`` with ``location.lines.begin``; ``type``, ``categories`` and
``lines.end`` make each issue a complete one of the Code Climate specification too.
Errors are ``major`` and warnings ``minor`` (GitLab's scale runs info, minor, major,
critical, blocker). The fingerprint is what GitLab compares between the base and the
head of a merge request to tell new findings from fixed ones, so it leaves the line
out: it is made of the file, the rule, the finding's place in the plan
(``budget.lines[2].amount``) and its message, and a count where those repeat, so that
moving a section does not turn every finding below it into a new one. Paths use
``/``; non-ASCII text is escaped.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Sequence
from pathlib import PurePath
from typing import TYPE_CHECKING, TextIO

from mktplan.findings import Severity, format_path

if TYPE_CHECKING:
    from mktplan.findings import Finding
    from mktplan.rules.pipeline import CheckedPlan

SEVERITIES = {Severity.ERROR: "major", Severity.WARNING: "minor"}
CATEGORIES = {Severity.ERROR: "Bug Risk", Severity.WARNING: "Clarity"}
_FINGERPRINT_LENGTH = 32


def english(finding: Finding) -> str:
    """The finding's message in English, whatever language it is shown in."""
    if finding.detail is None:
        return finding.message
    from mktplan.text.messages import ENGLISH, render

    return render(finding.detail, ENGLISH)


def fingerprint(path: str, finding: Finding, occurrence: int) -> str:
    """A finding's stable identity: the same finding gets it again after lines move.

    Made of its English message, so that it stays the same in every language.
    """
    parts = (path, finding.rule, format_path(finding.path), english(finding), str(occurrence))
    digest = hashlib.sha256("\0".join(parts).encode("utf-8")).hexdigest()
    return digest[:_FINGERPRINT_LENGTH]


def issue(finding: Finding, path: str, occurrence: int) -> dict[str, object]:
    """How Code Climate describes one finding of the file at ``path``."""
    return {
        "type": "issue",
        "check_name": finding.rule,
        "description": finding.message,
        "categories": [CATEGORIES[finding.severity]],
        "severity": SEVERITIES[finding.severity],
        "fingerprint": fingerprint(path, finding, occurrence),
        "location": {"path": path, "lines": {"begin": finding.line, "end": finding.line}},
    }


def as_data(results: Sequence[CheckedPlan]) -> list[dict[str, object]]:
    """Every finding of every file as a Code Climate issue."""
    issues = []
    for result in results:
        path = PurePath(result.file).as_posix()
        seen: Counter[tuple[str, str, str]] = Counter()
        for finding in result.findings:
            key = (finding.rule, format_path(finding.path), english(finding))
            seen[key] += 1
            issues.append(issue(finding, path, seen[key]))
    return issues


def report(results: Sequence[CheckedPlan], stream: TextIO,
           passed_over: Sequence[str] = ()) -> None:
    """Write the issues as one indented JSON array (``[]`` when every plan is clean)."""
    json.dump(as_data(results), stream, indent=2)
    stream.write("\n")
