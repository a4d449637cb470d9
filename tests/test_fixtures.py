"""One fixture file per planted mistake; its ``# expect:`` lines say what must be found.

A fixture starts with lines such as ``# expect: budget-over-total error 42`` (rule id,
severity, 1-based line), or ``… 42:10`` to pin the 1-based column too (then on every
line of the file). The findings of the file must be exactly those, no more.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from mktplan.rules.pipeline import check_file

from .conftest import FIXTURES

_EXPECT = re.compile(
    r"^#\s*expect:\s*(?P<rule>[a-z-]+)\s+(?P<severity>error|warning)\s+(?P<line>\d+)"
    r"(?::(?P<column>\d+))?"
)
CASES = sorted(p for p in FIXTURES.rglob("*.yaml") if not p.name.startswith("_"))


Expectation = tuple[str, str, int, int | None]


def expectations(path: Path) -> list[Expectation]:
    found: list[Expectation] = []
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        match = _EXPECT.match(line)
        if match:
            column = int(match["column"]) if match["column"] else None
            found.append((match["rule"], match["severity"], int(match["line"]), column))
    columns = {expected[3] is None for expected in found}
    assert len(columns) <= 1, f"{path.name}: give columns on every '# expect:' line or none"
    return sorted(found, key=str)


def test_base_plan_is_clean() -> None:
    result = check_file(FIXTURES / "_base.yaml")
    assert result.findings == []


@pytest.mark.parametrize("path", CASES, ids=lambda p: str(p.relative_to(FIXTURES)))
def test_fixture_findings(path: Path) -> None:
    expected = expectations(path)
    assert expected, f"{path.name} has no '# expect:' line"
    result = check_file(path)
    with_columns = bool(expected) and expected[0][3] is not None
    actual = sorted(((f.rule, f.severity.value, f.line, f.column if with_columns else None)
                     for f in result.findings), key=str)
    assert actual == expected, "\n".join(
        f"{f.line}:{f.column} {f.rule} {f.severity.value} {f.message}" for f in result.findings
    )
