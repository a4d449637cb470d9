"""The review's findings: the actuals' problems and the budget and KPI rules, as findings.

Each rule runs under the plan's settings (its ``rules:`` section over the project's),
like every other rule: off, a severity, options. A problem of the actuals is placed at
its file, line and column; a finding about a budget line or a goal at the line or goal
in the plan.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from decimal import Decimal

from mktplan.findings import Amount, Finding, Message, Path, Percent, Severity, msg
from mktplan.load.source import SourceMap
from mktplan.review.actuals import Actuals
from mktplan.review.analysis import Review, Track
from mktplan.rules.config import Setting
from mktplan.rules.review import ForecastOptions, OffTrackOptions, PacingOptions
from mktplan.text.messages import english

HUNDRED = Decimal(100)


def actuals_findings(actuals: Actuals, settings: Mapping[str, Setting]) -> list[Finding]:
    """A finding per problem of the actuals whose rule is on, in file order."""
    found = []
    for problem in actuals.problems:
        severity = settings[problem.rule].severity
        if severity is not None:
            found.append(Finding(problem.rule, severity, problem.message, (), problem.line,
                                 actuals.column(problem), problem.file, problem.detail))
    return sorted(found, key=Finding.sort_key)


def tolerance(settings: Mapping[str, Setting]) -> Decimal:
    """The share behind its path at which a KPI is off track rather than at risk."""
    options = settings["review-kpi-off-track"].options
    assert isinstance(options, OffTrackOptions)
    return options.tolerance / HUNDRED


def plan_findings(result: Review, settings: Mapping[str, Setting], source_map: SourceMap,
                  file: str) -> list[Finding]:
    """The budget and KPI findings, placed in the plan."""
    found = []
    for rule, severity, path, message in _issues(result, settings):
        line, column = source_map.locate(path)
        text, detail = english(message)
        found.append(Finding(rule, severity, text, path, line, column, file, detail))
    return sorted(found, key=Finding.sort_key)


def _issues(result: Review, settings: Mapping[str, Setting]
            ) -> Iterator[tuple[str, Severity, Path, Message]]:
    currency = result.currency
    over, ahead = settings["review-over-cost"], settings["review-forecast-over-cost"]
    pacing = settings["review-pacing"]
    for line in result.lines:
        path: Path = ("budget", "lines", line.index)
        if over.severity is not None and line.actual > line.cost:
            yield ("review-over-cost", over.severity, path, msg(
                "review.over-cost", line=line.key, actual=Amount(line.actual, currency),
                as_of=result.as_of, over=Amount(line.actual - line.cost, currency),
                cost=Amount(line.cost, currency)))
        elif ahead.severity is not None and line.forecast > line.cost * _margin(ahead):
            yield ("review-forecast-over-cost", ahead.severity, path, msg(
                "review.forecast-over-cost", line=line.key,
                forecast=Amount(line.forecast, currency),
                over=Amount(line.forecast - line.cost, currency),
                cost=Amount(line.cost, currency)))
        if pacing.severity is not None and line.scheduled:
            yield from _pacing(line, pacing, path, currency, result)
    off = settings["review-kpi-off-track"]
    if off.severity is not None:
        for track in result.tracks:
            if track.status == "off track":
                yield ("review-kpi-off-track", off.severity, track.path, _off_track(track))


def _margin(setting: Setting) -> Decimal:
    options = setting.options
    assert isinstance(options, ForecastOptions)
    return 1 + options.margin / HUNDRED


def _pacing(line: object, setting: Setting, path: Path, currency: str,
            result: Review) -> Iterator[tuple[str, Severity, Path, Message]]:
    from mktplan.review.analysis import LineReview

    assert isinstance(line, LineReview) and setting.severity is not None
    options = setting.options
    assert isinstance(options, PacingOptions)
    share = line.variance_share
    if share is None:
        if line.actual and line.planned == 0 and line.cost:
            yield ("review-pacing", setting.severity, path, msg(
                "review.pacing.unplanned", line=line.key,
                actual=Amount(line.actual, currency), as_of=result.as_of))
        return
    size = abs(share) * HUNDRED
    if size <= options.warning:
        return
    severity = setting.severity if size > options.error else Severity.WARNING
    limit = options.error if size > options.error else options.warning
    key = "review.pacing.over" if share > 0 else "review.pacing.under"
    yield ("review-pacing", severity, path, msg(
        key, line=line.key, share=Percent(abs(share)), actual=Amount(line.actual, currency),
        planned=Amount(line.planned, currency), as_of=result.as_of,
        limit=f"{limit.normalize():f}"))


def _off_track(track: Track) -> Message:
    assert track.latest is not None and track.expected is not None
    args = {"kpi": track.kpi, "latest": _number(track.latest.value),
            "day": track.latest.day, "baseline": _number(track.baseline),
            "target": _number(track.target), "deadline": track.deadline,
            "expected": _number(track.expected)}
    if track.projected is None:
        return msg("review.off-track", **args)
    return msg("review.off-track-trend", **args, projected=_number(track.projected))


def _number(value: Decimal) -> str:
    from mktplan.text.figures import group, round_to

    return group(round_to(value, 2))
