r"""The JSON reporter: one document for CI scripts.

::

    {"files": [{"path": "plan.yaml",
                "findings": [{"rule": "references-unknown-id", "severity": "error",
                              "line": 14, "column": 10, "message": "…",
                              "path": "goals[0].kpi"}]}],
     "passed_over": [],
     "summary": {"errors": 1, "warnings": 0, "unreadable": 0}}

Every checked file is listed, clean ones with no findings. A file that could not be
read is listed with its one ``schema-file-unreadable`` finding, which ``errors`` counts
too, and once more in ``unreadable``; ``passed_over`` names the YAML files that were
found but not checked, as not plans (no top-level ``mktplan:`` key). Lines and columns are
1-based. Non-ASCII text is written as ``\u`` escapes, so the output survives any
stream encoding.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TYPE_CHECKING, TextIO

from mktplan.report.base import Totals

if TYPE_CHECKING:
    from mktplan.rules.pipeline import CheckedPlan


def as_data(results: Sequence[CheckedPlan],
            passed_over: Sequence[str] = ()) -> dict[str, object]:
    """The report as plain data, in the documented shape."""
    totals = Totals.of(results, passed_over)
    return {
        "files": [
            {"path": result.file, "findings": [finding.to_dict() for finding in result.findings]}
            for result in results
        ],
        "passed_over": list(passed_over),
        "summary": {"errors": totals.errors, "warnings": totals.warnings,
                    "unreadable": totals.unreadable},
    }


def report(results: Sequence[CheckedPlan], stream: TextIO,
           passed_over: Sequence[str] = ()) -> None:
    """Write the report as one indented JSON document."""
    json.dump(as_data(results, passed_over), stream, indent=2)
    stream.write("\n")
