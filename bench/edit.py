"""Edits a generated plan the way a second draft does, keeping it clean under every rule.

A fraction of every list is touched: amounts and targets change, tasks finish a few
days earlier, a few ids are renamed (with every reference to them), items are added
and items nobody refers to are removed. ``diff`` then has amounts, dates, renames,
additions and removals to find.
"""

from __future__ import annotations

import random
from datetime import timedelta
from decimal import Decimal
from typing import Any

from emit import Money

Item = dict[str, Any]


def share(items: list[Item], fraction: float, weight: float) -> int:
    """How many of ``items`` one kind of edit touches (at least one)."""
    return max(1, round(len(items) * fraction * weight))


def edit_plan(plan: Item, fraction: float, rng: random.Random) -> None:
    """Edit ``plan`` in place; the caller recomputes the budget total afterwards."""
    execution, budget = plan["execution"], plan["budget"]
    change_amounts(budget["lines"], fraction, rng)
    finish_earlier(execution["tasks"], fraction, rng)
    move_targets(plan["goals"], plan["kpis"], fraction, rng)
    rename_tasks(execution, fraction, rng)
    rename(budget["lines"], [], "id", fraction, rng)
    rename(plan["kpis"], plan["goals"], "kpi", fraction, rng)
    remove_unreferenced(plan, fraction, rng)
    add_items(plan, fraction, rng)


def change_amounts(lines: list[Item], fraction: float, rng: random.Random) -> None:
    """Lines given by amount alone get a new amount (±20%, whole thousands)."""
    candidates = [line for line in lines if "amount" in line and "unit_cost" not in line]
    for line in rng.sample(candidates, min(len(candidates), share(lines, fraction, 0.5))):
        old: Money = line["amount"]
        factor = Decimal(rng.choice(["0.8", "0.9", "1.1", "1.2"]))
        line["amount"] = Money(int(old.yuan * factor) // 1000 * 1000, old.style)


def finish_earlier(tasks: list[Item], fraction: float, rng: random.Random) -> None:
    """Tasks end 1–3 days earlier: phases, dependants and milestones still fit."""
    for task in rng.sample(tasks, min(len(tasks), share(tasks, fraction, 0.5))):
        days = rng.randint(1, 3)
        if "duration_days" in task:
            task["duration_days"] = max(1, task["duration_days"] - days)
        else:
            task["end"] = max(task["start"], task["end"] - timedelta(days=days))


def move_targets(goals: list[Item], kpis: list[Item], fraction: float,
                 rng: random.Random) -> None:
    """Goals (and their KPIs) aim a little closer to the baseline."""
    by_id = {kpi["id"]: kpi for kpi in kpis}
    for goal in rng.sample(goals, min(len(goals), share(goals, fraction, 0.5))):
        baseline, target = goal["baseline"], goal["target"]
        if isinstance(target, Money):
            goal["target"] = Money((baseline.yuan + target.yuan) // 2 // 10000 * 10000)
        else:
            middle = ((baseline + target) / 2).quantize(target)
            goal["target"] = middle if middle != baseline else target
        by_id[goal["kpi"]]["target"] = goal["target"]


def rename_tasks(execution: Item, fraction: float, rng: random.Random) -> None:
    """Renamed tasks, with depends_on and milestone requires following them."""
    renamed = _rename_some(execution["tasks"], fraction, rng)
    for task in execution["tasks"]:
        if "depends_on" in task:
            task["depends_on"] = [renamed.get(dep, dep) for dep in task["depends_on"]]
    for milestone in execution["milestones"]:
        milestone["requires"] = [renamed.get(req, req) for req in milestone["requires"]]


def rename(items: list[Item], referrers: list[Item], key: str, fraction: float,
           rng: random.Random) -> None:
    """Rename some items; ``referrers`` refer to them by ``key``."""
    renamed = _rename_some(items, fraction, rng)
    for referrer in referrers:
        if referrer.get(key) in renamed:
            referrer[key] = renamed[referrer[key]]


def _rename_some(items: list[Item], fraction: float, rng: random.Random) -> dict[str, str]:
    renamed = {}
    for item in rng.sample(items, min(len(items), share(items, fraction, 0.1))):
        new_id = f"{item['id']}-v2"
        renamed[item["id"]] = new_id
        item["id"] = new_id
    return renamed


def remove_unreferenced(plan: Item, fraction: float, rng: random.Random) -> None:
    """Drop risks, spend lines, KPIs and tasks that nothing else refers to."""
    execution = plan["execution"]
    used_tasks = {dep for task in execution["tasks"] for dep in task.get("depends_on", [])}
    used_tasks |= {req for ms in execution["milestones"] for req in ms["requires"]}
    used_kpis = {goal["kpi"] for goal in plan["goals"]}
    _drop(plan["risks"], lambda risk: True, fraction, rng)
    _drop(plan["budget"]["lines"], lambda line: line["category"] != "personnel", fraction, rng)
    _drop(plan["kpis"], lambda kpi: kpi["id"] not in used_kpis, fraction, rng)
    _drop(execution["tasks"], lambda task: task["id"] not in used_tasks, fraction, rng)


def _drop(items: list[Item], removable: Any, fraction: float, rng: random.Random) -> None:
    candidates = [item for item in items if removable(item)]
    doomed = {id(item) for item in
              rng.sample(candidates, max(0, min(len(candidates) - 1, share(items, fraction, 0.2))))}
    items[:] = [item for item in items if id(item) not in doomed]


def add_items(plan: Item, fraction: float, rng: random.Random) -> None:
    """New risks, spend lines, and tasks done by new contractors (so nobody is overloaded)."""
    risks, lines = plan["risks"], plan["budget"]["lines"]
    for number in range(1, share(risks, fraction, 0.2) + 1):
        risks.append({"id": f"R-new-{number}", "category": "market",
                      "description": f"新增风险 {number}: 新平台政策",
                      "owner": plan["team"][0]["id"]})
    tasks, phases = plan["execution"]["tasks"], plan["execution"]["phases"]
    for number in range(1, share(lines, fraction, 0.2) + 1):
        lines.append({"id": f"extra-{number}", "item": f"追加投放 {number}", "category": "media",
                      "amount": Money(rng.randint(1, 20) * 10000),
                      "phase": phases[number % len(phases)]["id"]})
    for number in range(1, share(tasks, fraction, 0.2) + 1):
        member = f"contractor-{number}"
        plan["team"].append({"id": member, "role": "外包支持 contractor"})
        phase = rng.choice(phases)
        start = phase["start"] + timedelta(days=rng.randint(0, 30))
        tasks.append({"id": f"T-new-{number}", "name": f"Extra task {number} 临时需求",
                      "phase": phase["id"], "owner": member, "start": start,
                      "duration_days": rng.randint(3, 20)})
