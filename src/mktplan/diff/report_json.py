"""The JSON report, for tools: every figure and change, money as exact decimal strings.

Shape::

    {"old": {meta}, "new": {meta}, "notices": [...],
     "summary": {"budget": {"total": {"old": "1000000", "new": ..., "delta": ..., ...}}},
     "changes": [{"section": "execution.tasks", "id": "T1", "kind": "changed",
                  "fields": [{"field": "end", "old": "2027-01-31", "new": "2027-02-07",
                              "delta": 7, "delta_pct": null}]}]}

Decimal figures (money, numbers, shares as fractions, ratios) are strings; counts and
day differences are integers; dates are ISO strings. The same inputs give the same
bytes: keys and items come in a fixed order.
"""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from typing import Any, TextIO

from mktplan.diff.model import FieldChange, ItemChange, PlanDiff, SideInfo, SummaryRow, Value
from mktplan.model.types import Portion
from mktplan.text.figures import round_to


def decimal_text(value: Decimal) -> str:
    """An exact decimal as plain digits: ``1500000``, ``0.05``, never ``1.5E+6``."""
    if value == value.to_integral_value():
        return format(round_to(value, 0), "f")
    return format(value.normalize(), "f")


def json_value(value: Value) -> Any:
    """A value in its JSON form."""
    if isinstance(value, Decimal):
        return decimal_text(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, tuple):
        return list(value)
    if isinstance(value, Portion):
        if value.share is not None:
            return {"share": decimal_text(value.share)}
        assert value.amount is not None
        return {"amount": decimal_text(value.amount)}
    return value


def field_json(change: FieldChange) -> dict[str, Any]:
    """One changed field."""
    data = {
        "field": change.field,
        "old": json_value(change.old),
        "new": json_value(change.new),
        "delta": json_value(change.delta),
        "delta_pct": json_value(change.delta_pct),
    }
    if change.relative:
        data["relative_to_period"] = True
    return data


def change_json(change: ItemChange) -> dict[str, Any]:
    """One added, removed, renamed or changed item."""
    data: dict[str, Any] = {"section": change.section, "id": change.key,
                            "kind": change.kind.value}
    if change.old_key is not None:
        data["old_id"] = change.old_key
    if change.label:
        data["label"] = change.label
    data["fields"] = [field_json(field) for field in change.fields]
    return data


def side_json(side: SideInfo) -> dict[str, Any]:
    """What is said about one side."""
    return {
        "file": side.file,
        "id": side.plan_id,
        "title": side.title,
        "currency": side.currency,
        "period": {"start": side.start.isoformat(), "end": side.end.isoformat()},
        "errors": side.errors,
        "warnings": side.warnings,
    }


def summary_json(rows: tuple[SummaryRow, ...]) -> dict[str, Any]:
    """The summary rows nested by their keys: ``summary.budget.by_month.M3``."""
    summary: dict[str, Any] = {}
    for row in rows:
        node = summary
        for part in row.key[:-1]:
            node = node.setdefault(part, {})
        entry = field_json(row.change)
        del entry["field"]
        entry["changed"] = row.changed
        node[row.key[-1]] = entry
    return summary


def diff_json(diff: PlanDiff) -> dict[str, Any]:
    """The whole report as JSON-ready data."""
    return {
        "old": side_json(diff.old),
        "new": side_json(diff.new),
        "notices": list(diff.notices),
        "summary": summary_json(diff.summary),
        "changes": [change_json(change) for change in diff.changes],
    }


def report(diff: PlanDiff, stream: TextIO) -> None:
    """Write the JSON report."""
    json.dump(diff_json(diff), stream, ensure_ascii=False, indent=2)
    stream.write("\n")
