"""The benchmark's plan generator makes the plans the benchmark promises (not a timing test)."""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterator
from types import ModuleType
from typing import Any

import pytest
import yaml

from mktplan.load import parse_yaml
from mktplan.rules.pipeline import check_document

from .conftest import ROOT

BENCH = ROOT / "bench"
SCHEMA = ROOT / "schemas" / "mktplan.schema.json"
CJK = re.compile("[\u4e00-\u9fff]")
BENCH_MODULES = ("generate", "edit", "emit", "vocabulary", "actuals")


@pytest.fixture(scope="module")
def generate() -> Iterator[ModuleType]:
    """bench/generate.py, imported the way ``python bench/run.py`` does (bench/ on the path)."""
    sys.path.insert(0, str(BENCH))
    try:
        import generate as module

        yield module
    finally:
        sys.path.remove(str(BENCH))
        for name in BENCH_MODULES:  # plain names such as "edit": leave none behind
            sys.modules.pop(name, None)


def findings_of(text: str) -> list[str]:
    result = check_document(parse_yaml(text, "generated.yaml"))
    return [f"{f.line}:{f.column} {f.rule} {f.severity.value}: {f.message}"
            for f in result.findings]


def test_typical_plan_checks_clean(generate: ModuleType) -> None:
    assert findings_of(generate.generate("typical", seed=1)) == []


@pytest.mark.parametrize("seed", [2, 3])
def test_other_seeds_check_clean(generate: ModuleType, seed: int) -> None:
    assert findings_of(generate.generate("typical", seed=seed)) == []


def test_edited_copy_checks_clean_and_differs(generate: ModuleType) -> None:
    original = generate.generate("typical", seed=1)
    edited = generate.generate("typical", seed=1, edit=0.05)
    assert findings_of(edited) == []
    changed = set(edited.splitlines()) ^ set(original.splitlines())
    assert 5 <= len(changed) <= 0.25 * len(original.splitlines())


def test_large_plan_and_its_edit_check_clean(generate: ModuleType) -> None:
    assert findings_of(generate.generate("large", seed=1)) == []
    assert findings_of(generate.generate("large", seed=1, edit=0.05)) == []


def test_same_seed_same_text_other_seed_other_text(generate: ModuleType) -> None:
    first = generate.generate("typical", seed=7)
    assert generate.generate("typical", seed=7) == first
    assert generate.generate("typical", seed=8) != first


def test_typical_has_the_promised_counts_and_mixed_languages(generate: ModuleType) -> None:
    text = generate.generate("typical", seed=1)
    plan = parse_yaml(text).data
    counts = {"goals": len(plan["goals"]), "lines": len(plan["budget"]["lines"]),
              "tasks": len(plan["execution"]["tasks"]), "kpis": len(plan["kpis"]),
              "risks": len(plan["risks"])}
    assert counts == {"goals": 10, "lines": 40, "tasks": 60, "kpis": 20, "risks": 10}
    assert 250 <= text.count("\n") <= 450
    assert CJK.search(text) and re.search(r"[A-Za-z]{6,}", text)


def test_sizes_scale_the_lists(generate: ModuleType) -> None:
    large = generate.generate_data("large", seed=1)
    assert len(large["execution"]["tasks"]) == 600
    assert len(large["budget"]["lines"]) == 400


def _as_json(value: Any) -> Any:
    """The plan as check-jsonschema sees it: YAML dates become text."""
    return json.loads(json.dumps(value, default=str))


def test_json_schema_accepts_the_generated_plans(generate: ModuleType) -> None:
    jsonschema = pytest.importorskip("jsonschema", reason="jsonschema is not installed")
    validator = jsonschema.Draft202012Validator(json.loads(SCHEMA.read_text(encoding="utf-8")))
    for text in (generate.generate("typical", seed=1),
                 generate.generate("typical", seed=1, edit=0.05)):
        errors = [f"{list(e.absolute_path)}: {e.message}"
                  for e in validator.iter_errors(_as_json(yaml.safe_load(text)))]
        assert errors == []


def test_the_review_actuals_are_a_day_of_spend_per_line(generate: ModuleType,
                                                        tmp_path: Any) -> None:
    import actuals  # bench/actuals.py, on the path as above
    from mktplan.review.actuals import Known, read_actuals
    from mktplan.rules.pipeline import check_file

    plan_path = tmp_path / "tiny.yaml"
    plan_path.write_text(generate.generate("tiny", seed=1), encoding="utf-8")
    target = tmp_path / "a.csv"
    rows = actuals.write_actuals(plan_path, target, days=3, seed=1)
    plan = check_file(plan_path).plan
    assert plan is not None and plan.budget is not None
    lines = [line.id for line in plan.budget.lines]
    assert rows == 3 * len(lines)
    period = plan.meta.period
    read = read_actuals([(target, "a.csv")], Known(lines, [], frozenset(), [], period.start,
                                                   period.end))
    assert (read.counted, read.problems) == (rows, [])
