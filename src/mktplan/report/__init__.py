"""How findings are shown: one reporter per output format, in an explicit registry.

``mktplan check --format NAME`` picks ``REPORTERS[NAME]``; the command's choices are
this dict's keys. Add a format by writing a module with a ``report(results, stream)``
function and listing it here.
"""

from __future__ import annotations

from mktplan.report import github, json_report, sarif, text
from mktplan.report.base import Reporter, Totals

REPORTERS: dict[str, Reporter] = {
    "text": text.report,
    "json": json_report.report,
    "github": github.report,
    "sarif": sarif.report,
}

__all__ = ["REPORTERS", "Reporter", "Totals"]
