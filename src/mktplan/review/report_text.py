"""The review's summary for a terminal, after the findings: the budget and KPIs in brief.

Written in the language of the findings (``--lang``, else as ``check`` chooses), through
the message catalogues: money as ``CNY 94,000`` in English and ``9.4万元`` in Chinese.
"""

from __future__ import annotations

from typing import TextIO

from mktplan.findings import Amount, Message, Percent, msg
from mktplan.review.analysis import Review
from mktplan.review.words import percent
from mktplan.text.messages import ENGLISH, render

_STATUS = {"on track": "review.status.on-track", "at risk": "review.status.at-risk",
           "off track": "review.status.off-track", "no data": "review.status.no-data"}


def summary(result: Review, stream: TextIO, language: str = ENGLISH) -> None:
    """A few lines: spend to date against plan, forecast, and the KPIs by status."""
    for message in _lines(result):
        indent = "" if message.key == "review.summary.as-of" else "  "
        stream.write(f"{indent}{render(message, language)}\n")


def _lines(result: Review) -> list[Message]:
    total, currency = result.total, result.currency
    money = {"actual": Amount(total.actual, currency), "planned": Amount(total.planned, currency),
             "forecast": Amount(total.forecast, currency), "cost": Amount(total.cost, currency)}
    lines = [msg("review.summary.as-of", as_of=result.as_of, elapsed=Percent(result.elapsed))]
    if total.variance_share is not None:
        sign = "+" if total.variance >= 0 else "-"
        lines.append(msg("review.summary.spent-variance", **money,
                         variance=f"{sign}{percent(abs(total.variance_share))}"))
    else:
        lines.append(msg("review.summary.spent", **money))
    counts: dict[str, int] = {}
    for track in result.tracks:
        counts[track.status] = counts.get(track.status, 0) + 1
    if counts:
        listed = tuple(msg("review.summary.count", n=count, status=Message(_STATUS[status]))
                       for status, count in counts.items())
        lines.append(msg("review.summary.kpis", counts=listed))
    if result.roi is not None:
        lines.append(msg("review.summary.roi", roi=str(round(result.roi, 2))))
    return lines
