"""The benchmark's goal arithmetic, on made-up measurements (no timing here)."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from types import ModuleType
from typing import Any

import pytest

from .conftest import ROOT

BENCH = ROOT / "bench"


@pytest.fixture(scope="module")
def bench() -> Iterator[tuple[ModuleType, ModuleType]]:
    """bench/goals.py and bench/measure.py, imported as ``python bench/run.py`` does."""
    sys.path.insert(0, str(BENCH))
    try:
        import goals
        import measure

        yield goals, measure
    finally:
        sys.path.remove(str(BENCH))
        for name in ("goals", "measure"):
            sys.modules.pop(name, None)


def measured(measure: ModuleType, command: str, size: str, *seconds: float) -> Any:
    samples = [measure.Sample(s, s, 50 * measure.MIB, 0) for s in seconds]
    return measure.Measurement(command, size, samples)


def test_scaling_reads_the_series_not_the_groups(bench: tuple[ModuleType, ModuleType]) -> None:
    goals, measure = bench
    series = goals.series_name("check")
    results = {
        ("tiny", series): measured(measure, series, "tiny", 0.30, 0.31, 0.29),
        ("large", series): measured(measure, series, "large", 0.50, 0.50, 0.52),
        ("huge", series): measured(measure, series, "huge", 2.30),
        ("large", "check"): measured(measure, "check", "large", 0.9),  # a slow minute
        ("huge", "check"): measured(measure, "check", "huge", 9.0),
    }
    row = goals.scaling_goal("check", results)
    assert row.measured == pytest.approx((2.30 - 0.30) / (0.50 - 0.30))
    assert (row.status, row.note) == ("met", "floor 0.30 s, large +0.20 s, huge +2.00 s")


def test_scaling_over_the_limit_is_not_met(bench: tuple[ModuleType, ModuleType]) -> None:
    goals, measure = bench
    series = goals.series_name("diff")
    results = {(size, series): measured(measure, series, size, seconds)
               for size, seconds in (("tiny", 0.4), ("large", 0.5), ("huge", 2.0))}
    row = goals.scaling_goal("diff", results)
    assert (row.measured, row.status) == (pytest.approx(16.0), "not met")


def test_scaling_without_the_series_is_skipped_with_the_reason(
        bench: tuple[ModuleType, ModuleType]) -> None:
    goals, _ = bench
    row = goals.scaling_goal("build", {})
    assert (row.measured, row.status) == (None, "skipped")
    assert "not measured" in row.note


def test_a_ratio_goal_compares_medians(bench: tuple[ModuleType, ModuleType]) -> None:
    goals, measure = bench
    results = {("typical", "check"): measured(measure, "check", "typical", 0.3, 0.9, 0.3),
               ("typical", "yamllint"): measured(measure, "yamllint", "typical", 0.5)}
    goal = next(g for g in goals.RATIO_GOALS if g.goal == "check typical vs yamllint")
    row = goals.ratio_goal(goal, results)
    assert (row.measured, row.status) == (pytest.approx(0.6), "met")
