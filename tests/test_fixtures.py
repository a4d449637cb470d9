"""One fixture file per planted mistake; its ``# expect:`` lines say what must be found.

A fixture starts with lines such as ``# expect: budget-over-total error 42:10``: rule id,
severity, then the 1-based line and column of the finding, both required (a column shows
that the finding points at the item or value, not at the list or mapping around it). The
findings of the file must be exactly those, no more. An ``# expect`` comment that does not
have this form fails the test rather than being skipped.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from mktplan.rules.pipeline import check_file

from .conftest import FIXTURES

_EXPECT = re.compile(
    r"#\s*expect:\s*(?P<rule>[a-z-]+)\s+(?P<severity>error|warning)"
    r"\s+(?P<line>\d+):(?P<column>\d+)\s*"
)
_EXPECT_LIKE = re.compile(r"^#\s*expect\b")
CASES = sorted(p for p in FIXTURES.rglob("*.yaml") if not p.name.startswith("_"))


Expectation = tuple[str, str, int, int]


def expectations(path: Path) -> list[Expectation]:
    """The findings a fixture's ``# expect:`` lines ask for, sorted."""
    found: list[Expectation] = []
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        if not _EXPECT_LIKE.match(line):
            continue
        match = _EXPECT.fullmatch(line)
        assert match, f"{path.name}: {line!r} is not '# expect: RULE SEVERITY LINE:COLUMN'"
        found.append((match["rule"], match["severity"], int(match["line"]),
                      int(match["column"])))
    return sorted(found)


def test_expect_lines_need_the_column(tmp_path: Path) -> None:
    path = tmp_path / "no-column.yaml"
    path.write_text("# expect: budget-over-total error 42\nmktplan: 1\n", encoding="utf-8")
    with pytest.raises(AssertionError, match="LINE:COLUMN"):
        expectations(path)


def test_expect_lines_are_read(tmp_path: Path) -> None:
    path = tmp_path / "two.yaml"
    path.write_text("# expect: smart-relevant error 13:5\n"
                    "#expect: budget-unallocated warning 41:10\n"
                    "# expected by the client: not an expect line\nmktplan: 1\n",
                    encoding="utf-8")
    assert expectations(path) == [("budget-unallocated", "warning", 41, 10),
                                  ("smart-relevant", "error", 13, 5)]


def test_base_plan_is_clean() -> None:
    result = check_file(FIXTURES / "_base.yaml")
    assert result.findings == []


@pytest.mark.parametrize("path", CASES, ids=lambda p: str(p.relative_to(FIXTURES)))
def test_fixture_findings(path: Path) -> None:
    expected = expectations(path)
    assert expected, f"{path.name} has no '# expect:' line"
    result = check_file(path)
    actual = sorted((f.rule, f.severity.value, f.line, f.column) for f in result.findings)
    assert actual == expected, "\n".join(
        f"{f.line}:{f.column} {f.rule} {f.severity.value} {f.message}" for f in result.findings
    )
