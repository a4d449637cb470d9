"""The diff's output formats: a plain dict from format name to reporter.

A reporter writes one :class:`~mktplan.diff.model.PlanDiff` to the stream it is given
and decides nothing; the CLI's ``--format`` choices are this dict's keys.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TextIO

from mktplan.diff import report_json, report_md, report_text
from mktplan.diff.model import PlanDiff

Reporter = Callable[[PlanDiff, TextIO], None]

REPORTER_BY_NAME: dict[str, Reporter] = {
    "text": report_text.report,
    "md": report_md.report,
    "json": report_json.report,
}
