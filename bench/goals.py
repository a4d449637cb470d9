"""The performance goals of issue 5, evaluated on the medians and peaks of one run.

A goal whose measurements are missing is reported with the reason (a peer tool not
installed, a size not selected, a mktplan command not there yet), never as a failure
of mktplan.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from measure import Measurement

Key = tuple[str, str]  # (size, command)
Results = Mapping[Key, Measurement]

HELP_MUST_NOT_IMPORT = ("yaml", "pydantic", "jinja2", "docx", "docxtpl", "openpyxl",
                        "xlsxwriter", "mktplan.render")
SCALING_COMMANDS = ("check", "build", "diff")
SCALING_LIMIT = 12.0


@dataclass(frozen=True)
class GoalResult:
    """One row of the goals table."""

    goal: str
    measured: float | None
    limit: float
    unit: str  # "x" for ratios, "MiB" for memory
    status: str  # met | not met | skipped | not available | failed
    note: str = ""

    def to_dict(self) -> dict[str, object]:
        """The row as JSON data."""
        return {"goal": self.goal, "measured": self.measured, "limit": self.limit,
                "unit": self.unit, "status": self.status, "note": self.note}


@dataclass(frozen=True)
class RatioGoal:
    """``numerator`` ≤ ``limit`` × ``denominator``, on medians (or on peak memory)."""

    goal: str
    numerator: Key
    denominator: Key
    limit: float
    memory: bool = False


RATIO_GOALS = (
    RatioGoal("mktplan --help vs python -c pass", ("startup", "help"),
              ("startup", "python"), 8),
    RatioGoal("check typical vs check-jsonschema", ("typical", "check"),
              ("typical", "check-jsonschema"), 0.6),
    RatioGoal("check typical vs yamllint", ("typical", "check"), ("typical", "yamllint"), 0.7),
    RatioGoal("check huge vs check-jsonschema", ("huge", "check"),
              ("huge", "check-jsonschema"), 0.15),
    RatioGoal("build typical vs pandoc md->docx", ("typical", "build"), ("typical", "pandoc"), 4),
    RatioGoal("build large vs pandoc md->docx", ("large", "build"), ("large", "pandoc"), 0.8),
    RatioGoal("build huge vs pandoc md->docx", ("huge", "build"), ("huge", "pandoc"), 0.5),
    RatioGoal("diff huge vs check of both files", ("huge", "diff"), ("huge", "check-both"), 1.5),
    RatioGoal("memory: check huge vs check-jsonschema", ("huge", "check"),
              ("huge", "check-jsonschema"), 0.8, memory=True),
    RatioGoal("review huge (1.5M rows) vs csv.reader count", ("huge", "review"),
              ("huge", "csv-count"), 4),
)
PDF_GOAL = RatioGoal("build pdf large vs soffice --convert-to pdf of pandoc's docx",
                     ("large", "build-pdf"), ("large", "soffice-pdf"), 2)
"""Issue 12: the whole PDF build (check, render with charts, one LibreOffice that updates
the contents) against LibreOffice converting pandoc's .docx of the same Markdown."""
MEMORY_LIMITS = (
    ("memory: build huge", ("huge", "build"), 350.0),
    ("memory: build typical", ("typical", "build"), 70.0),
    ("memory: review huge (1.5M rows)", ("huge", "review"), 600.0),
)


def _missing(results: Results, *keys: Key) -> tuple[str, str] | None:
    """(status, reason) when a measurement the goal needs is absent or unusable."""
    for key in keys:
        found = results.get(key)
        if found is None:
            return "skipped", f"size '{key[0]}' not measured"
        if not found.usable:
            status = "skipped" if found.status == "ok" else found.status  # ok, but no runs
            return status, found.note or f"{key[1]} ({key[0]}): no runs"
    return None


def _verdict(measured: float, limit: float) -> str:
    return "met" if measured <= limit else "not met"


def ratio_goal(goal: RatioGoal, results: Results) -> GoalResult:
    missing = _missing(results, goal.numerator, goal.denominator)
    if missing is not None:
        return GoalResult(goal.goal, None, goal.limit, "x", *missing)
    value: Callable[[Measurement], float | None] = (
        (lambda m: m.peak_mib) if goal.memory else (lambda m: m.median))
    top, bottom = value(results[goal.numerator]), value(results[goal.denominator])
    if top is None or bottom is None or bottom <= 0:
        return GoalResult(goal.goal, None, goal.limit, "x", "skipped", "no figure to compare")
    ratio = top / bottom
    return GoalResult(goal.goal, ratio, goal.limit, "x", _verdict(ratio, goal.limit))


def memory_goal(name: str, key: Key, limit: float, results: Results) -> GoalResult:
    missing = _missing(results, key)
    if missing is not None:
        return GoalResult(name, None, limit, "MiB", *missing)
    peak = results[key].peak_mib
    if peak is None:
        return GoalResult(name, None, limit, "MiB", "skipped", "peak memory not available here")
    return GoalResult(name, peak, limit, "MiB", _verdict(peak, limit))


def series_name(command: str) -> str:
    """The name of a command's runs in the scaling series (measured apart from its group)."""
    return f"{command} (series)"


def scaling_goal(command: str, results: Results) -> GoalResult:
    """(huge − floor) ÷ (large − floor), the floor being the same command on the tiny plan.

    All three come from the scaling series, where they run in the same rounds.
    """
    name = f"scaling large->huge: {command} above its floor"
    series = series_name(command)
    missing = _missing(results, ("tiny", series), ("large", series), ("huge", series))
    if missing is not None:
        return GoalResult(name, None, SCALING_LIMIT, "x", *missing)
    floor = results[("tiny", series)].median or 0.0
    large = (results[("large", series)].median or 0.0) - floor
    huge = (results[("huge", series)].median or 0.0) - floor
    # the seconds behind the ratio: a small 'large' share makes it sensitive to noise
    note = f"floor {floor:.2f} s, large +{large:.2f} s, huge +{huge:.2f} s"
    if large <= 0:
        return GoalResult(name, None, SCALING_LIMIT, "x", "skipped",
                          f"large is not slower than the floor: {note}")
    ratio = huge / large
    return GoalResult(name, ratio, SCALING_LIMIT, "x", _verdict(ratio, SCALING_LIMIT), note)


def help_imports_goal(imported: list[str] | None) -> GoalResult:
    name = "mktplan --help imports no yaml/pydantic/jinja2/renderer"
    if imported is None:
        return GoalResult(name, None, 0, "modules", "skipped", "import trace not available")
    offenders = sorted({module for module in imported
                        if any(module == banned or module.startswith(banned + ".")
                               for banned in HELP_MUST_NOT_IMPORT)})
    top = sorted({module.split(".")[0] if not module.startswith("mktplan.") else
                  ".".join(module.split(".")[:2]) for module in offenders})
    return GoalResult(name, float(len(top)), 0, "modules", "met" if not top else "not met",
                      ", ".join(top))


def evaluate(results: Results, help_imports: list[str] | None) -> list[GoalResult]:
    """Every goal of the issue, in the issue's order."""
    rows = [ratio_goal(goal, results) for goal in RATIO_GOALS[:1]]
    rows.append(help_imports_goal(help_imports))
    rows.extend(ratio_goal(goal, results) for goal in RATIO_GOALS[1:-2])
    rows.extend(scaling_goal(command, results) for command in SCALING_COMMANDS)
    rows.append(ratio_goal(RATIO_GOALS[-1], results))
    rows.extend(memory_goal(name, key, limit, results) for name, key, limit in MEMORY_LIMITS)
    rows.append(ratio_goal(RATIO_GOALS[-2], results))
    rows.append(ratio_goal(PDF_GOAL, results))
    return rows
