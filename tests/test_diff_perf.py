"""Diffing a huge plan costs little more than checking both files.

The budget: ``mktplan diff`` of a plan with 6,000 tasks and 4,000 budget lines
against a copy with 5% of its items edited, renamed, added or removed costs at
most 1.5 times checking the two files. Each side is checked once; pairing is by
dict and renames are looked for only among the unpaired items.
"""

from __future__ import annotations

import io
import time
from collections.abc import Callable
from pathlib import Path

from mktplan.commands.diff import run_diff
from mktplan.rules.pipeline import check_file

from .conftest import FIXTURES

TASKS = 6_000
LINES = 4_000
EDIT_EVERY = 20  # 5%


def _task(number: int, renamed: bool = False, shifted: bool = False) -> str:
    task_id = f"T{number}-r" if renamed else f"T{number}"
    depends = f", depends_on: [T{number - 1}]" if number % 10 else ""
    start = f"M{1 + number % 10}"
    days = 1 + number % 20 + (3 if shifted else 0)
    return (f"    - {{id: {task_id}, name: Task number {number} of the huge plan, phase: run, "
            f"owner: ops, start: {start}, duration_days: {days}{depends}}}")


def _line(number: int, amount_bump: int = 0) -> str:
    return (f"    - {{id: L{number}, item: Budget line {number}, category: media, "
            f"amount: {1000 + number + amount_bump}, channel: douyin}}")


def huge_plan(edited: bool) -> str:
    """The huge plan; ``edited`` changes, renames, adds and removes 5% of the items."""
    lines = [
        "mktplan: 1", "meta:", "  id: huge", "  title: Huge plan", "  currency: CNY",
        "  period: {start: 2027-01-01, end: 2027-12-31}", "  launch: 2027-03-01",
        "strategy:", "  channels:", "    - {id: douyin, name: Douyin, type: paid}",
        "team:", "  - {id: ops, role: Operations}",
        "execution:", "  phases:", "    - {id: run, name: Run, start: M1, end: M12}", "  tasks:",
    ]
    for number in range(TASKS):
        kind = number % EDIT_EVERY if edited else -1
        # only tasks that nothing depends on (9, 19, 29 …) are removed or renamed
        if kind == 19:
            continue
        lines.append(_task(number, renamed=kind == 9, shifted=kind == 3))
    if edited:
        lines.extend(_task(TASKS + number) for number in range(TASKS // EDIT_EVERY))
    lines += ["budget:", '  total: "100亿"', "  lines:"]
    for number in range(LINES):
        kind = number % EDIT_EVERY if edited else -1
        lines.append(_line(number, amount_bump=500 if kind == 4 else 0))
    return "\n".join(lines) + "\n"


def test_diff_of_a_huge_plan_costs_at_most_one_and_a_half_checks(tmp_path: Path) -> None:
    old, new = tmp_path / "old.yaml", tmp_path / "new.yaml"
    old.write_text(huge_plan(edited=False), encoding="utf-8")
    new.write_text(huge_plan(edited=True), encoding="utf-8")

    def check_both() -> None:
        check_file(old)
        check_file(new)

    def diff_both() -> None:
        out = io.StringIO()
        assert run_diff(str(old), str(new), "text", True, out, io.StringIO()) == 1
        assert "Tasks: 300 added, 300 removed, 300 renamed, 300 changed" in out.getvalue()
        assert "Budget lines: 200 changed" in out.getvalue()

    base = str(FIXTURES / "_base.yaml")
    run_diff(base, base, "text", False, io.StringIO(), io.StringIO())  # imports, caches
    checking, diffing = float("inf"), float("inf")
    for _ in range(2):  # interleaved, best of two: robust against a busy machine
        checking = min(checking, _seconds(check_both))
        diffing = min(diffing, _seconds(diff_both))
    assert diffing <= 1.5 * checking, f"diff {diffing:.2f}s vs check {checking:.2f}s"


def _seconds(action: Callable[[], object]) -> float:
    start = time.process_time()
    action()
    return time.process_time() - start
