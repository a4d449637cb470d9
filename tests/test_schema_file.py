"""The JSON Schema: the committed copy is fresh, valid Draft 2020-12, and fits real plans."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from mktplan.cli import app
from mktplan.commands.init import render_skeleton
from mktplan.commands.schema import DRAFT_2020_12, plan_schema, schema_text

from .conftest import EXAMPLES, FIXTURES, ROOT
from .yaml_core import load

SCHEMA_FILE = ROOT / "schemas" / "mktplan.schema.json"
REGENERATE = "mktplan schema > schemas/mktplan.schema.json"
PLANS = [FIXTURES / "_base.yaml", *sorted(EXAMPLES.glob("*.yaml"))]


def as_editors_see_it(path: Path) -> Any:
    """The plan as an editor's schema check reads it: YAML 1.2 (see ``yaml_core``)."""
    return load(path.read_text(encoding="utf-8"))


def validator() -> Any:
    jsonschema = pytest.importorskip("jsonschema", reason="jsonschema is not installed")
    return jsonschema.Draft202012Validator(plan_schema())


def problems(data: Any) -> list[str]:
    return [f"{'.'.join(map(str, error.absolute_path))}: {error.message}"
            for error in validator().iter_errors(data)]


def test_committed_schema_is_fresh() -> None:
    committed = SCHEMA_FILE.read_text(encoding="utf-8") if SCHEMA_FILE.exists() else ""
    assert committed == schema_text(), (
        f"{SCHEMA_FILE.relative_to(ROOT)} is out of date with the plan models; "
        f"regenerate it with: {REGENERATE}")


def test_schema_command_prints_the_schema() -> None:
    result = CliRunner().invoke(app, ["schema"])
    assert result.exit_code == 0
    assert result.stdout == schema_text()


def test_schema_text_is_stable_and_readable() -> None:
    produced = schema_text()
    assert produced == schema_text()
    assert produced.endswith("}\n") and not produced.endswith("\n\n")
    assert "\\u" not in produced  # non-ASCII descriptions stay readable
    assert list(json.loads(produced))[:4] == ["$schema", "$id", "title", "description"]


def test_schema_is_valid_draft_2020_12() -> None:
    jsonschema = pytest.importorskip("jsonschema", reason="jsonschema is not installed")
    schema = plan_schema()
    assert schema["$schema"] == DRAFT_2020_12
    jsonschema.Draft202012Validator.check_schema(schema)


@pytest.mark.parametrize("path", PLANS, ids=lambda path: path.name)
def test_schema_accepts_clean_plans(path: Path) -> None:
    assert problems(as_editors_see_it(path)) == []


@pytest.mark.parametrize("kind", ["sme", "campaign", "account"])
@pytest.mark.parametrize("language", ["en", "zh-CN"])
def test_schema_accepts_the_init_skeletons(kind: str, language: str) -> None:
    text = render_skeleton(kind, language, "plan", "plan.yaml", date(2027, 1, 15))
    assert problems(load(text)) == []


def test_schema_rejects_unknown_keys_and_missing_meta() -> None:
    data = as_editors_see_it(FIXTURES / "_base.yaml")
    del data["meta"]
    data["budjet"] = {}
    found = problems(data)
    assert any("'meta' is a required property" in problem for problem in found)
    assert any("'budjet'" in problem for problem in found)


def test_schema_rejects_a_bad_enum_value() -> None:
    data = as_editors_see_it(FIXTURES / "_base.yaml")
    data["goals"][0]["objective"] = "trafic"
    assert [problem.split(":")[0] for problem in problems(data)] == ["goals.0.objective"]
