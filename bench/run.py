"""Benchmark mktplan against the tools a user would otherwise run on the same plan.

    python bench/run.py                      # typical, large and huge; a few minutes
    python bench/run.py --quick --sizes typical,large
    python bench/run.py --json bench/results/abc123.json

Generates plans with ``bench/generate.py``, then times whole processes (wall time and
peak memory) of ``mktplan --help``, ``check``, ``build`` (docx, xlsx and md; without
and with the Word contents' page numbers) and ``diff`` against ``python -c pass``,
check-jsonschema, yamllint and pandoc. Commands of one size run round-robin (A, B, C,
A, B, C …) after one warm-up each. Prints the goals of issue 5 with their ratios, and
the raw medians, and writes both as JSON. Tools that are not installed and mktplan
commands that do not exist yet are reported, not failed;
the exit code is 0 unless the harness itself breaks.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import shutil
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import goals
from measure import Command, Measurement, run_once

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
SCHEMA = ROOT / "schemas" / "mktplan.schema.json"
SIZES = ("typical", "large", "huge")
#: the sizes whose group also reviews a year of daily spend (1.5 million rows on huge)
REVIEW_SIZES = ("huge",)
#: what the review's time is compared with: counting the rows with Python's csv module
CSV_COUNT = "import csv, sys; sum(1 for _ in csv.reader(open(sys.argv[1], newline='')))"
RUNS = {"startup": 9, "typical": 9, "large": 9, "huge": 3}
QUICK_RUNS = {"startup": 3, "typical": 3, "large": 3, "huge": 1}
#: the scaling series: rounds, and runs of the tiny and large plans before (and again
#: after) the huge plan's one run in each round
SERIES_ROUNDS, SERIES_SMALL_RUNS = 5, 2
QUICK_SERIES_ROUNDS, QUICK_SERIES_SMALL_RUNS = 1, 1
PEER_HINTS = {
    "check-jsonschema": "pip install check-jsonschema",
    "yamllint": "pip install yamllint",
    "pandoc": "apt-get install pandoc, or see pandoc.org",
    "soffice": "apt-get install libreoffice-writer-nogui python3-uno",
}
PDF_SIZE = "large"
TOC_PAGES_SIZES = ("typical",)
"""The sizes whose default build (LibreOffice numbering the Word contents' pages) is timed
beside the ``build`` row, which leaves that out to compare with pandoc."""
"""The size whose PDF build is timed (LibreOffice takes seconds even for a small file)."""
#: soffice --convert-to pdf with a fresh profile, as mktplan's own office starts with one
SOFFICE_PDF = ('d=$(mktemp -d) && "$0" --headless "-env:UserInstallation=file://$d" '
               '--convert-to pdf --outdir "$1" "$2" >/dev/null; s=$?; rm -rf "$d"; exit $s')


@dataclass
class Tools:
    """Where each program is, or why it cannot be run."""

    mktplan: tuple[str, ...]
    subcommands: dict[str, bool]
    peers: dict[str, str | None]
    schema: Path | None
    schema_note: str = ""
    no_toc_pages: tuple[str, ...] = ()
    """``--no-toc-pages`` where ``build`` has it: the build rows compared with pandoc, whose
    .docx has no page numbers either, leave LibreOffice's layout out."""


@dataclass
class Plans:
    """The generated plan files of one size and their outputs' folder."""

    size: str
    plan: Path
    edited: Path
    out: Path
    markdown: Path | None = None
    note: str = ""
    pandoc_docx: Path | None = None
    """pandoc's .docx of the Markdown, for the PDF reference row (made once, untimed)."""
    actuals: Path | None = None
    """A year of daily spend for every line (the review's input; huge plans only)."""


@dataclass
class Bench:
    """Settings of one benchmark run and everything measured so far."""

    sizes: list[str]
    quick: bool
    work: Path
    env: dict[str, str]
    tools: Tools
    results: dict[goals.Key, Measurement] = field(default_factory=dict)
    warmed: set[str] = field(default_factory=set)


# --- finding the programs ------------------------------------------------------------------
def script(name: str) -> str | None:
    """A console script of this Python's environment, else one on PATH."""
    folder = Path(sys.executable).parent
    for candidate in (folder / name, folder / f"{name}.exe"):
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return str(candidate)
    return shutil.which(name)


def child_env() -> dict[str, str]:
    """The environment of every timed process: like a user's shell, bytecode cache on."""
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # users keep .pyc files; the warm-up writes them
    env["NO_COLOR"] = "1"
    return env


def find_tools(env: dict[str, str], work: Path) -> Tools:
    mktplan_script = script("mktplan")
    mktplan = (mktplan_script,) if mktplan_script else (sys.executable, "-m", "mktplan")
    subcommands = {name: _has_subcommand(mktplan, name, env)
                   for name in ("check", "build", "diff", "review")}
    peers = {"check-jsonschema": script("check-jsonschema"), "yamllint": script("yamllint"),
             "pandoc": shutil.which("pandoc"), "soffice": shutil.which("soffice")}
    schema, note = find_schema(mktplan, env, work)
    return Tools(mktplan, subcommands, peers, schema, note, _no_toc_pages(mktplan, env))


def _has_subcommand(mktplan: tuple[str, ...], name: str, env: dict[str, str]) -> bool:
    done = subprocess.run([*mktplan, name, "--help"], capture_output=True, env=env, check=False)
    return done.returncode == 0


def _no_toc_pages(mktplan: tuple[str, ...], env: dict[str, str]) -> tuple[str, ...]:
    """The opt-out of the contents' page numbers, if this checkout's build has it.

    (Older checkouts number no pages without the PDF.)
    """
    done = subprocess.run([*mktplan, "build", "--help"], capture_output=True, text=True,
                          env={**env, "COLUMNS": "200"}, check=False)
    return ("--no-toc-pages",) if "--no-toc-pages" in done.stdout else ()


def find_schema(mktplan: tuple[str, ...], env: dict[str, str],
                work: Path) -> tuple[Path | None, str]:
    """The committed JSON Schema, or one generated from the models when it is absent."""
    if SCHEMA.is_file():
        return SCHEMA, ""
    generated = work / "mktplan.schema.json"
    code = ("import json; from mktplan.model import Plan; "
            "print(json.dumps(Plan.model_json_schema(), ensure_ascii=False))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, env=env, check=False)
    if done.returncode != 0:
        return None, "no schemas/mktplan.schema.json and it could not be generated"
    generated.write_bytes(done.stdout)
    return generated, "schemas/mktplan.schema.json absent: generated from the models"


# --- preparing plans -----------------------------------------------------------------------
def prepare(bench: Bench, size: str) -> Plans:
    sys.stderr.write(f"{size}: generating plans\n")
    folder = bench.work / size
    folder.mkdir(parents=True, exist_ok=True)
    plans = Plans(size, folder / f"{size}.yaml", folder / f"{size}-edited.yaml", folder / "out")
    _generate(size, plans.plan)
    _generate(size, plans.edited, "--edit", "0.05")
    if bench.tools.subcommands["build"]:
        plans.markdown, plans.note = build_markdown(bench, plans)
    pandoc = bench.tools.peers["pandoc"]
    if size == PDF_SIZE and pandoc and plans.markdown is not None:
        plans.pandoc_docx = folder / "pandoc-for-pdf.docx"
        subprocess.run([pandoc, str(plans.markdown), "-o", str(plans.pandoc_docx)], check=True)
    if size in REVIEW_SIZES and bench.tools.subcommands["review"]:
        plans.actuals = folder / f"{size}-actuals.csv"
        subprocess.run([sys.executable, str(BENCH / "actuals.py"), str(plans.plan), "-o",
                        str(plans.actuals)], check=True)
    return plans


def _generate(size: str, target: Path, *options: str) -> None:
    """Write a plan from a separate process, so that this one stays small.

    Linux hands a process's peak memory down to the children it starts (across fork and
    exec), so every ``ru_maxrss`` measured here is at least this runner's own; building a
    huge plan in-process would lift it to ~50 MiB for every later command.
    """
    argv = [sys.executable, str(BENCH / "generate.py"), size, "--seed", "1", *options,
            "-o", str(target)]
    subprocess.run(argv, check=True)


def build_markdown(bench: Bench, plans: Plans) -> tuple[Path | None, str]:
    """The Markdown that mktplan builds from the plan, for pandoc to turn into .docx."""
    folder = plans.out.parent / "md"
    argv = (*bench.tools.mktplan, "build", str(plans.plan), "-o", str(folder), "--format", "md")
    sample, tail = run_once(argv, bench.env, ROOT)
    found = sorted(folder.glob("*.md"))
    if sample.code != 0 or not found:
        return None, f"mktplan build --format md failed (exit {sample.code}): {_last_line(tail)}"
    return found[0], ""


def _last_line(text: str) -> str:
    lines = [line for line in text.strip().splitlines() if line.strip()]
    return lines[-1][:200] if lines else "no output"


# --- what to time ------------------------------------------------------------------------
def startup_commands(bench: Bench) -> list[Command | Measurement]:
    return [Command("python", (sys.executable, "-c", "pass")),
            Command("help", (*bench.tools.mktplan, "--help"))]


def size_commands(bench: Bench, plans: Plans, floor: bool = False) -> list[Command | Measurement]:
    """The commands of one size; a Measurement stands for one that cannot run, with why."""
    tools, size = bench.tools, plans.size
    mktplan, plan, edited = tools.mktplan, str(plans.plan), str(plans.edited)
    wanted: list[Command | Measurement] = [
        _mktplan(bench, size, "check", Command("check", (*mktplan, "check", plan))),
        _mktplan(bench, size, "build", Command("build", (
            *mktplan, "build", plan, "-o", str(plans.out), "--format", "docx,xlsx,md",
            *tools.no_toc_pages))),
        _mktplan(bench, size, "diff", Command(
            "diff", (*mktplan, "diff", plan, edited), frozenset({0, 1}))),
    ]
    if floor:
        return wanted
    wanted.append(_mktplan(bench, size, "check", Command(
        "check-both", (*mktplan, "check", plan, edited))))
    wanted.extend(toc_page_commands(bench, plans))
    wanted.extend(peer_commands(bench, plans))
    wanted.extend(review_commands(bench, plans))
    return wanted


def toc_page_commands(bench: Bench, plans: Plans) -> list[Command | Measurement]:
    """The default build, whose Word contents LibreOffice numbers: what the opt-out saves."""
    if plans.size not in TOC_PAGES_SIZES or not bench.tools.no_toc_pages:
        return []
    if not bench.tools.peers["soffice"]:
        return [_skipped("build-toc-pages", plans.size, PEER_HINTS["soffice"])]
    return [Command("build-toc-pages", (
        *bench.tools.mktplan, "build", str(plans.plan), "-o", str(plans.out.parent / "paged"),
        "--format", "docx,xlsx,md"))]


def review_commands(bench: Bench, plans: Plans) -> list[Command | Measurement]:
    """The review of a year of daily spend, and counting its rows with csv (the reference)."""
    if plans.size not in REVIEW_SIZES:
        return []
    if plans.actuals is None:
        return [Measurement("review", plans.size, status="not available",
                            note="'mktplan review' does not exist in this checkout")]
    actuals = str(plans.actuals)
    review = Command("review", (*bench.tools.mktplan, "review", str(plans.plan), actuals,
                                "-f", "json"), frozenset({0, 1}))
    return [review, Command("csv-count", (sys.executable, "-c", CSV_COUNT, actuals))]


def _mktplan(bench: Bench, size: str, subcommand: str,
             command: Command) -> Command | Measurement:
    if bench.tools.subcommands[subcommand]:
        return command
    return Measurement(command.name, size, status="not available",
                       note=f"'mktplan {subcommand}' does not exist in this checkout")


def peer_commands(bench: Bench, plans: Plans) -> list[Command | Measurement]:
    peers, size, plan = bench.tools.peers, plans.size, str(plans.plan)
    commands: list[Command | Measurement] = []
    jsonschema = peers["check-jsonschema"]
    if jsonschema and bench.tools.schema is not None:
        commands.append(Command("check-jsonschema", (
            jsonschema, "--schemafile", str(bench.tools.schema), plan)))
    else:
        commands.append(_skipped("check-jsonschema", size, bench.tools.schema_note))
    yamllint = peers["yamllint"]
    commands.append(Command("yamllint", (yamllint, "-d", "relaxed", plan)) if yamllint
                    else _skipped("yamllint", size))
    commands.append(_pandoc(bench, plans))
    if plans.size == PDF_SIZE:
        commands.extend(pdf_commands(bench, plans))
    return commands


def pdf_commands(bench: Bench, plans: Plans) -> list[Command | Measurement]:
    """``mktplan build --format pdf`` against ``soffice --convert-to pdf`` of pandoc's .docx."""
    soffice = bench.tools.peers["soffice"]
    build = _mktplan(bench, plans.size, "build", Command("build-pdf", (
        *bench.tools.mktplan, "build", str(plans.plan), "-o", str(plans.out.parent / "pdf"),
        "--format", "pdf")))
    if not soffice:
        return [build, _skipped("soffice-pdf", plans.size, PEER_HINTS["soffice"])]
    if plans.pandoc_docx is None:
        return [build, Measurement("soffice-pdf", plans.size, status="skipped",
                                   note="needs pandoc's .docx of mktplan's Markdown")]
    return [build, Command("soffice-pdf", ("sh", "-c", SOFFICE_PDF, soffice,
                                           str(plans.out.parent / "soffice-pdf"),
                                           str(plans.pandoc_docx)))]


def _pandoc(bench: Bench, plans: Plans) -> Command | Measurement:
    pandoc = bench.tools.peers["pandoc"]
    if not pandoc:
        return _skipped("pandoc", plans.size)
    if plans.markdown is None:
        reason = plans.note or "needs mktplan build's Markdown, and 'mktplan build' is missing"
        return Measurement("pandoc", plans.size, status="skipped", note=reason)
    target = plans.out.parent / "pandoc.docx"
    return Command("pandoc", (pandoc, str(plans.markdown), "-o", str(target)))


def _skipped(name: str, size: str, reason: str = "") -> Measurement:
    note = reason or f"{name} is not installed: {PEER_HINTS[name]}"
    return Measurement(name, size, status="skipped", note=note)


# --- timing --------------------------------------------------------------------------------
def measure_group(bench: Bench, size: str, commands: Sequence[Command | Measurement]) -> None:
    """Warm up, then run the group's commands round-robin, recording every sample."""
    runnable = [c for c in commands if isinstance(c, Command)]
    active = {c.name: Measurement(c.name, size) for c in runnable}
    for entry in commands:  # in the order given, for the report
        measurement = entry if isinstance(entry, Measurement) else active[entry.name]
        bench.results[(size, measurement.command)] = measurement
    for command in runnable:
        if not (bench.quick and command.name in bench.warmed):
            _run(bench, command, active[command.name], record=False)
        bench.warmed.add(command.name)
    for _ in range((QUICK_RUNS if bench.quick else RUNS)[size]):
        for command in runnable:
            _run_ok(bench, command, active[command.name])
    for measurement in active.values():
        _progress(measurement)


def measure_series(bench: Bench, prepared: dict[str, Plans]) -> None:
    """The scaling series: each command on the tiny, large and huge plans, back to back.

    The ratio subtracts the tiny plan's time (the floor) from the large plan's, a
    difference of a tenth of a second for ``check``, and compares it with the huge
    plan's. Measured in separate groups, minutes apart, a machine that runs 10 %
    slower for a while decides the row; so every round runs, per command, the tiny and
    large plans in turn, the huge plan once, and the large and tiny plans again: the
    small runs sit evenly before and after the huge one, so a machine that slows down
    (or speeds up) during the round shifts both sides of the ratio alike.
    """
    rounds, small_runs = ((QUICK_SERIES_ROUNDS, QUICK_SERIES_SMALL_RUNS) if bench.quick
                          else (SERIES_ROUNDS, SERIES_SMALL_RUNS))
    series: dict[str, dict[str, tuple[Command, Measurement]]] = {}
    for size in ("tiny", "large", "huge"):
        for entry in size_commands(bench, prepared[size], floor=True):
            if isinstance(entry, Command):
                name = goals.series_name(entry.name)
                measurement = Measurement(name, size)
                bench.results[(size, name)] = measurement
                series.setdefault(entry.name, {})[size] = (entry, measurement)
    for sizes in series.values():
        _run(bench, *sizes["tiny"], record=False)  # the others were warmed up in their groups
    for _ in range(rounds):
        for sizes in series.values():
            for _ in range(small_runs):
                _run_ok(bench, *sizes["tiny"])
                _run_ok(bench, *sizes["large"])
            _run_ok(bench, *sizes["huge"])
            for _ in range(small_runs):
                _run_ok(bench, *sizes["large"])
                _run_ok(bench, *sizes["tiny"])
    for sizes in series.values():
        for _, measurement in sizes.values():
            _progress(measurement)


def _run_ok(bench: Bench, command: Command, measurement: Measurement) -> None:
    if measurement.status == "ok":
        _run(bench, command, measurement, record=True)


def _run(bench: Bench, command: Command, measurement: Measurement, record: bool) -> None:
    sample, tail = run_once(command.argv, bench.env, ROOT)
    if sample.code not in command.ok_codes:
        measurement.status = "failed"
        measurement.note = f"exit {sample.code}: {_last_line(tail)}"
        return
    if record:
        measurement.samples.append(sample)


def _progress(measurement: Measurement) -> None:
    median = measurement.median
    shown = f"{median:.3f} s" if median is not None else measurement.status
    sys.stderr.write(f"  [{measurement.size}] {measurement.command}: {shown}\n")


def help_imports(bench: Bench) -> list[str] | None:
    """The modules ``mktplan --help`` imports, from ``python -X importtime``."""
    argv = [sys.executable, "-X", "importtime", "-m", "mktplan", "--help"]
    done = subprocess.run(argv, capture_output=True, text=True, env=bench.env, check=False)
    if done.returncode != 0:
        return None
    names = [line.rsplit("|", 1)[-1].strip() for line in done.stderr.splitlines()
             if line.startswith("import time:") and "|" in line]
    return [name for name in names if name != "imported package"]  # that one is the header


# --- reporting -----------------------------------------------------------------------------
def _figure(value: float | None, unit: str) -> str:
    if value is None:
        return "-"
    return f"{value:.0f}" if unit in ("MiB", "modules") else f"{value:.2f}"


def _seconds(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"


def goals_table(rows: list[goals.GoalResult]) -> str:
    lines = [f"{'goal':<56} {'measured':>9} {'goal':>14}  status", "-" * 96]
    for row in rows:
        unit = "x" if row.unit == "x" else f" {row.unit}"
        measured = _figure(row.measured, row.unit) + ("" if row.measured is None else unit)
        limit = f"<= {_figure(row.limit, row.unit)}{unit}"
        note = f"  ({row.note})" if row.note else ""
        lines.append(f"{row.goal:<56} {measured:>9} {limit:>14}  {row.status}{note}")
    return "\n".join(lines)


def raw_table(results: dict[goals.Key, Measurement]) -> str:
    lines = [f"{'size':<8} {'command':<17} {'median s':>9} {'min s':>8} {'cpu s':>8} "
             f"{'runs':>4} {'peak MiB':>9}  status", "-" * 80]
    for (size, name), m in results.items():
        fastest = min((s.seconds for s in m.samples), default=None) if m.usable else None
        note = f"  ({m.note})" if m.note and not m.usable else ""
        lines.append(f"{size:<8} {name:<17} {_seconds(m.median):>9} {_seconds(fastest):>8} "
                     f"{_seconds(m.cpu_median):>8} {len(m.samples):>4} "
                     f"{_figure(m.peak_mib, 'MiB'):>9}  {m.status}{note}")
    return "\n".join(lines)


def git_state() -> dict[str, object]:
    def git(*args: str) -> str:
        done = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True,
                              check=False)
        return done.stdout.strip() if done.returncode == 0 else ""

    return {"commit": git("rev-parse", "HEAD") or None,
            "dirty": bool(git("status", "--porcelain", "--untracked-files=no"))}


def report(bench: Bench, rows: list[goals.GoalResult], plan_files: dict[str, Path]) -> dict[
        str, object]:
    return {
        "format": 1,
        "created": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        **git_state(),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "load_average": list(os.getloadavg()) if hasattr(os, "getloadavg") else None,
        "quick": bench.quick,
        "runs": QUICK_RUNS if bench.quick else RUNS,
        "mktplan": list(bench.tools.mktplan),
        "plans": {size: {"bytes": path.stat().st_size,
                         "lines": path.read_text(encoding="utf-8").count("\n")}
                  for size, path in plan_files.items()},
        "goals": [row.to_dict() for row in rows],
        "measurements": [m.to_dict() for m in bench.results.values()],
    }


# --- main ----------------------------------------------------------------------------------
def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default=",".join(SIZES),
                        help="comma-separated sizes to measure (default: typical,large,huge)")
    parser.add_argument("--quick", action="store_true",
                        help="fewer runs, and no second warm-up of a command")
    parser.add_argument("--json", type=Path, default=BENCH / "results" / "latest.json",
                        help="where to write the results (default: bench/results/latest.json)")
    args = parser.parse_args(argv)
    args.size_list = [s.strip() for s in args.sizes.split(",") if s.strip()]
    unknown = [s for s in args.size_list if s not in SIZES]
    if unknown:
        parser.error(f"unknown size {', '.join(unknown)}; choose from {', '.join(SIZES)}")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    work = BENCH / "results" / "work"
    work.mkdir(parents=True, exist_ok=True)
    env = child_env()
    bench = Bench(args.size_list, args.quick, work, env, find_tools(env, work))
    sys.stderr.write(f"mktplan: {' '.join(bench.tools.mktplan)}\n")
    measure_group(bench, "startup", startup_commands(bench))
    prepared: dict[str, Plans] = {}
    for size in bench.sizes:
        prepared[size] = prepare(bench, size)
        measure_group(bench, size, size_commands(bench, prepared[size]))
    if "large" in bench.sizes and "huge" in bench.sizes:
        prepared["tiny"] = prepare(bench, "tiny")
        measure_series(bench, prepared)
    rows = goals.evaluate(bench.results, help_imports(bench))
    print("Goals (ratios of medians; memory is peak RSS)")
    print(goals_table(rows))
    print()
    print("Measurements")
    print(raw_table(bench.results))
    if bench.tools.no_toc_pages:
        print("build: --no-toc-pages (pandoc's .docx has no page numbers either); "
              "build-toc-pages: the default, LibreOffice numbering the Word contents' pages")
    args.json.parent.mkdir(parents=True, exist_ok=True)
    data = report(bench, rows, {size: plans.plan for size, plans in prepared.items()})
    args.json.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"\nwritten: {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
