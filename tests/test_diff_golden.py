"""Golden outputs: each case in ``tests/diff_cases`` must print exactly its expected files.

Regenerate with ``python tests/regen_diff_golden.py`` after an intended change, and
read the diff of the golden files before committing them.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from .regen_diff_golden import REPORT_FILES, TEXTCONV_FILE, cases, render_case

CASES = cases()


def test_the_cases_cover_renames_reordering_plan_years_and_chinese() -> None:
    assert {case.name for case in CASES} >= {"edits", "reordered", "plan-years", "cjk"}


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_golden_outputs(case: Path) -> None:
    for file, text in render_case(case).items():
        expected = (case / file).read_text(encoding="utf-8")
        assert text == expected, f"{case.name}/{file} differs; see tests/regen_diff_golden.py"


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_golden_json_has_the_documented_shape(case: Path) -> None:
    data = json.loads((case / REPORT_FILES["json"]).read_text(encoding="utf-8"))
    assert list(data) == ["old", "new", "notices", "summary", "changes"]
    for change in data["changes"]:
        assert change["kind"] in {"added", "removed", "changed", "renamed"}
        for field in change["fields"]:
            assert set(field) >= {"field", "old", "new", "delta", "delta_pct"}


def test_reordered_and_reformatted_plan_has_no_changes() -> None:
    data = json.loads((Path(__file__).parent / "diff_cases" / "reordered" / "expected.json")
                      .read_text(encoding="utf-8"))
    assert data["changes"] == []
    assert not any(_changed_rows(data["summary"]))


def _changed_rows(node: dict[str, object]) -> list[bool]:
    rows: list[bool] = []
    for value in node.values():
        assert isinstance(value, dict)
        rows.extend([bool(value["changed"])] if "changed" in value else _changed_rows(value))
    return rows


def test_textconv_golden_files_exist_for_every_case() -> None:
    assert all((case / TEXTCONV_FILE).is_file() for case in CASES)
