"""The GitHub Actions reporter: one workflow command per finding.

``::error file=plan.yaml,line=14,col=10,title=references-unknown-id::message``
(``::warning`` for warnings). GitHub shows them as annotations on the lines of the
pull request. Values are escaped as the workflow-command format asks: ``%``, CR and
LF everywhere, and ``:`` and ``,`` in properties.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import PurePath
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from mktplan.findings import Finding
    from mktplan.rules.pipeline import CheckedPlan


def escape_data(text: str) -> str:
    """Escape a command's message."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """Escape a command property's value."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(finding: Finding, file: str) -> str:
    """The workflow command that annotates one finding of ``file``."""
    properties = {
        "file": PurePath(file).as_posix(),
        "line": str(finding.line),
        "col": str(finding.column),
        "title": finding.rule,
    }
    listed = ",".join(f"{name}={escape_property(value)}" for name, value in properties.items())
    return f"::{finding.severity.value} {listed}::{escape_data(finding.message)}"


def report(results: Sequence[CheckedPlan], stream: TextIO,
           passed_over: Sequence[str] = ()) -> None:
    """Write one annotation line per finding (a file that could not be read has one)."""
    for result in results:
        for finding in result.findings:
            stream.write(annotation(finding, result.file) + "\n")
