"""The review's summary for a terminal, after the findings: the budget and KPIs in brief."""

from __future__ import annotations

from typing import TextIO

from mktplan.review.analysis import Review
from mktplan.review.words import money, percent


def summary(result: Review, stream: TextIO) -> None:
    """A few lines: spend to date against plan, forecast, and the KPIs by status."""
    total, currency = result.total, result.currency
    variance = (f" ({'+' if total.variance >= 0 else '-'}"
                f"{percent(abs(total.variance_share))})"
                if total.variance_share is not None else "")
    stream.write(
        f"review as of {result.as_of.isoformat()} ({percent(result.elapsed)} of the period)\n"
        f"  spent {money(total.actual, currency)} of {money(total.planned, currency)} planned "
        f"to date{variance}; forecast {money(total.forecast, currency)} of "
        f"{money(total.cost, currency)}\n")
    counts: dict[str, int] = {}
    for track in result.tracks:
        counts[track.status] = counts.get(track.status, 0) + 1
    if counts:
        listed = ", ".join(f"{count} {status}" for status, count in counts.items())
        stream.write(f"  KPIs and goals: {listed}\n")
    if result.roi is not None:
        stream.write(f"  ROI to date: {round(result.roi, 2)} : 1\n")
