"""The diff's output formats: a registry (:mod:`mktplan.registry`) of reporters by name.

A reporter writes one :class:`~mktplan.diff.model.PlanDiff` to the stream it is given
and decides nothing; the CLI's ``--format`` choices are this registry's keys. The
reporter modules are imported only when used, so ``mktplan diff --help`` needs none.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, TextIO

from mktplan.registry import Plugin, registry

if TYPE_CHECKING:
    from mktplan.diff.model import PlanDiff

Reporter = Callable[["PlanDiff", TextIO], None]

REPORTERS: Mapping[str, Plugin[Reporter]] = registry([
    Plugin("text", "mktplan.diff.report_text:report"),
    Plugin("md", "mktplan.diff.report_md:report"),
    Plugin("json", "mktplan.diff.report_json:report"),
])
