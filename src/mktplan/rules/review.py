"""The review family: what ``mktplan review`` finds in a plan's actuals and in its pacing.

These rules have no check function: ``mktplan check`` never runs them, because they
need a file of actuals. :mod:`mktplan.review` emits them, under the same settings as
every other rule (the plan's ``rules:`` section and the project's configuration), and
``mktplan rules review`` documents them. Findings about a row of actuals point at the
row and cell in the actuals file; findings about a budget line or KPI point at it in
the plan.
"""

from __future__ import annotations

import inspect
from decimal import Decimal
from typing import Annotated

from pydantic import Field

from mktplan.findings import Severity
from mktplan.rules.base import NoOptions, Rule, RuleOptions

Percent = Annotated[Decimal, Field(ge=0, le=1000)]


class PacingOptions(RuleOptions):
    """Options of ``review-pacing``."""

    warning: Percent = Decimal(10)
    """Pacing off plan by more than this many per cent of the planned-to-date spend warns."""
    error: Percent = Decimal(25)
    """Pacing off plan by more than this many per cent is reported at the rule's severity."""


class ForecastOptions(RuleOptions):
    """Options of ``review-forecast-over-cost``."""

    margin: Percent = Decimal(1)
    """How far over its cost, in per cent, a forecast may go unreported (rounding, noise)."""


class OffTrackOptions(RuleOptions):
    """Options of ``review-kpi-off-track``."""

    tolerance: Percent = Decimal(10)
    """How far behind its path a KPI may be, in per cent of the way from baseline to target,
    and still be "at risk" rather than "off track"."""


def _rule(rule_id: str, severity: Severity, doc: str,
          options: type[RuleOptions] = NoOptions) -> Rule:
    return Rule(rule_id, severity, inspect.cleandoc(doc), options)


RULES = (
    _rule("review-actuals-unreadable", Severity.ERROR, """
        A file of actuals cannot be read: missing, a folder, or not a regular file.

        ``mktplan review`` exits with 2, as ``check`` does for an unreadable plan. Fails:
        ``mktplan review plan.yaml actual.csv`` when the file is ``actuals.csv``.
        Passes: the right name.
    """),
    _rule("review-actuals-encoding", Severity.ERROR, """
        A CSV file of actuals is neither UTF-8 nor GB18030 (which includes GBK).

        Excel on a Chinese Windows machine saves "CSV" as GBK, which is read; a file in
        another encoding (Big5, Shift_JIS, UTF-16) is refused at the first byte that
        does not decode. Fails: a CSV saved as UTF-16. Passes: "CSV UTF-8" in Excel's
        Save As, or an .xlsx file.
    """),
    _rule("review-actuals-empty", Severity.ERROR, """
        A file of actuals has no header, or a header and no rows.

        Fails: an empty ``actuals.csv``. Passes: ``date,line,amount`` and one row
        ``2027-03-01,ads,12000``.
    """),
    _rule("review-actuals-header", Severity.ERROR, """
        The header of a file of actuals does not say what kind of facts it holds.

        The header names the columns: ``date,line,amount[,note]`` (spend),
        ``date,kpi,value[,note]`` (KPI measurements), ``date,return,amount[,note]``
        (returns), or a ``kind`` column (``spend``, ``kpi``, ``return``) with the
        columns of the kinds it holds. An unknown column is named with the closest known
        one. Fails: ``date,lien,amount``. Passes: ``date,line,amount``.
    """),
    _rule("review-actuals-row", Severity.ERROR, """
        A row of actuals cannot be read: a missing cell, an extra cell or an unknown kind.

        The rest of the file is still used. Fails: ``2027-03-01,ads`` under
        ``date,line,amount``. Passes: ``2027-03-01,ads,12000``.
    """),
    _rule("review-actuals-date", Severity.ERROR, """
        A date in the actuals is not a calendar date in a form mktplan reads.

        Dates are written ``2027-03-01``, ``2027/3/1`` or ``2027年3月1日`` (or are date
        cells in an .xlsx file). Fails: ``2027-02-30``, ``03/01/2027``. Passes:
        ``2027-03-01``.
    """),
    _rule("review-actuals-amount", Severity.ERROR, """
        An amount or KPI value in the actuals is not a number in the plan's syntax.

        Money is written as in the plan: ``12000``, ``"12,000"``, ``"1.2万"``; a KPI
        whose unit is ``%`` also takes ``"12.5%"``. Fails: ``12k``, ``"5%"`` for a KPI
        counted in visits. Passes: ``12000``.
    """),
    _rule("review-actuals-unknown-id", Severity.ERROR, """
        A row of actuals names a budget line, KPI or returns stream the plan does not have.

        The closest id is suggested. The row is not counted. Fails: ``2027-03-01,adds,100``
        when the plan's line is ``ads``. Passes: ``2027-03-01,ads,100``.
    """),
    _rule("review-actuals-outside-period", Severity.ERROR, """
        A row of actuals is dated outside the plan period; it is not counted.

        Fails: ``2026-12-31,ads,100`` in a plan of 2027. Passes: ``2027-01-01,ads,100``.
    """),
    _rule("review-actuals-after-as-of", Severity.WARNING, """
        A row of actuals is dated after the review's as-of date; it is not counted.

        ``--as-of`` sets the date of the review (by default the latest date in the
        actuals). Fails: ``2027-07-02,ads,100`` with ``--as-of 2027-06-30``. Passes:
        ``2027-06-30,ads,100``.
    """),
    _rule("review-actuals-duplicate", Severity.WARNING, """
        Two rows of actuals are the same in every cell (a double export?); both are counted.

        Fails: ``2027-03-01,ads,12000`` twice. Passes: one of them deleted, or a ``note``
        that tells them apart (``order 17``, ``order 18``).
    """),
    _rule("review-over-cost", Severity.ERROR, """
        A budget line has spent more than its cost by the as-of date.

        Fails: a line of ``amount: "10万"`` with 10.5万 of actual spend. Passes: 9万 of
        spend, or a raised amount.
    """),
    _rule("review-forecast-over-cost", Severity.WARNING, """
        At its run rate, a budget line will spend more than its cost by its end.

        The forecast is the actual to date plus the rate of spend so far (per day of the
        line's window elapsed) over the days the line has left. Fails: half of a line's
        cost spent in its first quarter. Passes: a quarter spent in its first quarter. A
        forecast within ``margin`` per cent of the cost (default 1) is not reported.
    """, ForecastOptions),
    _rule("review-pacing", Severity.ERROR, """
        A budget line's actual spend to date is off its planned spend to date.

        The planned spend to date follows the plan's monthly phasing: every month before
        the as-of month and the as-of month by its days elapsed. Pacing more than
        ``warning`` per cent (default 10) over or under plan is a warning, more than
        ``error`` per cent (default 25) is reported at the rule's severity. Fails:
        8万 spent where 5万 was planned to date (+60 %). Passes: 5.2万 (+4 %).
    """, PacingOptions),
    _rule("review-kpi-off-track", Severity.WARNING, """
        A KPI's latest measurement is off the straight path from its baseline to its target.

        The path runs from the baseline at the start of the period to the target at the
        deadline of the goal that uses the KPI (else the end of the period). Behind the
        path by up to ``tolerance`` per cent of the way (default 10) is "at risk", and
        not reported; further behind is "off track". Fails: 20,000 → 30,000 visits by
        June, and 21,000 measured at the end of May. Passes: 28,500 measured then.
    """, OffTrackOptions),
)
