"""The review as plain data, for ``--format json``: every figure, money as strings.

Money and shares are strings of exact decimals (``"12000"``, ``"0.125"``), so that no
reader turns them into binary floats; dates are ISO dates.
"""

from __future__ import annotations

from decimal import Decimal

from mktplan.review.analysis import Figures, Review, Track


def _text(value: Decimal | None) -> str | None:
    return None if value is None else format(value.normalize(), "f")


def figures(row: Figures) -> dict[str, object]:
    """One budget row."""
    return {"key": row.key, "label": row.label, "cost": _text(row.cost),
            "planned_to_date": _text(row.planned), "actual_to_date": _text(row.actual),
            "variance": _text(row.variance), "variance_share": _text(row.variance_share),
            "remaining": _text(row.remaining), "forecast": _text(row.forecast),
            "elapsed": _text(row.elapsed)}


def track(item: Track) -> dict[str, object]:
    """One KPI or goal."""
    latest = item.latest
    return {"key": item.key, "kpi": item.kpi, "baseline": _text(item.baseline),
            "target": _text(item.target), "deadline": item.deadline.isoformat(),
            "latest": _text(latest.value) if latest else None,
            "latest_date": latest.day.isoformat() if latest else None,
            "path_value": _text(item.expected), "progress": _text(item.progress),
            "projected": _text(item.projected), "status": item.status}


def as_data(result: Review) -> dict[str, object]:
    """The whole review."""
    return {
        "as_of": result.as_of.isoformat(), "currency": result.currency,
        "elapsed": _text(result.elapsed),
        "total": figures(result.total), "reserve": _text(result.reserve),
        "lines": [figures(line) for line in result.lines],
        "categories": [figures(row) for row in result.categories],
        "channels": [figures(row) for row in result.channels],
        "months": [figures(row) for row in result.months],
        "kpis": [track(item) for item in result.tracks],
        "returns": [{"key": s.key, "amount": _text(s.amount), "planned_to_date":
                     _text(s.planned), "actual_to_date": _text(s.actual)}
                    for s in result.streams],
        "roi": _text(result.roi),
    }
