"""The ``review`` command: a plan against its actuals, as ``check`` reports a plan.

``mktplan review plan.yaml actuals.csv [more…] [--as-of DATE] [--format F]
[--build md,xlsx -o DIR]``; ``mktplan review plan.yaml --template actuals.xlsx`` writes
a workbook to fill. The plan is checked first (its findings are reported too); the
actuals are read (:mod:`mktplan.review.actuals`), compared with the plan
(:mod:`mktplan.review.analysis`) and the ``review`` rules report what is off.

Exit codes as ``check``: 0 clean (warnings allowed unless ``--strict``), 1 errors, 2 a
file that cannot be read or a usage mistake.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NamedTuple, TextIO

import typer

from mktplan.commands.common import LANGUAGE_HELP, PlainCommand, format_parser, language_parser
from mktplan.exits import EXIT_CLEAN, EXIT_FINDINGS, EXIT_USAGE
from mktplan.registry import default, registry

if TYPE_CHECKING:
    from mktplan.model.plan import Plan
    from mktplan.review.actuals import Actuals, Known
    from mktplan.review.analysis import Review
    from mktplan.rules.config import Setting
    from mktplan.rules.pipeline import CheckedPlan

#: --format: the review as Markdown, or the findings in a ``check`` format
FORMATS: Mapping[str, str] = registry(["text", "md", "json", "github", "sarif"],
                                      key=lambda name: name)
#: --build: the deliverables of a review
BUILDS: Mapping[str, str] = registry(["md", "xlsx", "docx", "pdf"], key=lambda name: name)


def register(app: typer.Typer) -> None:
    """Add the command to the app."""
    app.command(cls=PlainCommand)(review)


def _as_of(value: str | None) -> date | None:
    if value is None:
        return None
    from mktplan.commands.usage import bad_parameter
    from mktplan.load.values import ValueSyntaxError
    from mktplan.review.cells import cell_reason, parse_day

    try:
        return parse_day(value)
    except ValueSyntaxError as exc:
        reason = cell_reason(exc)
        if isinstance(reason, str):
            raise typer.BadParameter(reason) from None
        raise bad_parameter(reason) from None


def _builds(value: str) -> str:
    from mktplan.commands.usage import bad_parameter
    from mktplan.findings import msg
    from mktplan.registry import choice

    for name in value.split(","):
        if choice(BUILDS, name.strip()) is None:
            raise bad_parameter(msg("review.cli.unknown-build", value=name.strip(),
                                    choices=tuple(BUILDS)))
    return ",".join(choice(BUILDS, name.strip()) or "" for name in value.split(","))


def review(
    plan: Annotated[Path, typer.Argument(metavar="PLAN", show_default=False,
                                         help="The plan file.")],
    actuals: Annotated[list[Path] | None, typer.Argument(
        metavar="ACTUALS", show_default=False,
        help="Files of actuals: .csv (UTF-8 or GB18030) or .xlsx.")] = None,
    as_of: Annotated[str | None, typer.Option(
        "--as-of", metavar="DATE", show_default="the latest date in the actuals",
        help="The date of the review (2027-06-30); later rows are not counted.")] = None,
    output_format: Annotated[str, typer.Option(
        "--format", "-f", parser=format_parser(FORMATS), metavar=f"[{'|'.join(FORMATS)}]",
        help="text or md for people, json for tools, github or sarif for CI.",
    )] = default(FORMATS),
    build: Annotated[str | None, typer.Option(
        "--build", metavar="FORMATS", parser=_builds,
        help=f"Write the review as these deliverables ({','.join(BUILDS)}) into -o.")] = None,
    output: Annotated[Path, typer.Option(
        "--output", "-o", metavar="DIR", help="The folder --build writes to.")] = Path("build"),
    template: Annotated[Path | None, typer.Option(
        "--template", metavar="FILE",
        help="Write an .xlsx of actuals to fill (every line, KPI and stream) and stop.")
    ] = None,
    strict: Annotated[bool | None, typer.Option(
        "--strict/--no-strict", show_default="the project's, else no",
        help="Fail on warnings too, not only on errors.")] = None,
    lang: Annotated[str | None, typer.Option(
        "--lang", parser=language_parser, metavar="[en|zh-CN]", show_default=False,
        help=LANGUAGE_HELP)] = None,
) -> None:
    """Review a plan against its actuals: budget pacing, forecasts, KPIs, ROI, findings."""
    request = ReviewRequest(plan, list(actuals or []), _as_of(as_of), output_format,
                            build.split(",") if build else [], output, template, strict, lang)
    raise typer.Exit(run_review(request, sys.stdout, sys.stderr))


class ReviewRequest(NamedTuple):
    """What a ``review`` command line asks for."""

    plan: Path
    actuals: list[Path]
    as_of: date | None
    output_format: str = "text"
    build: Sequence[str] = ()
    output: Path = Path("build")
    template: Path | None = None
    strict: bool | None = None
    lang: str | None = None
    """The language of the findings (None: MKTPLAN_LANG, the plan's, the project's …)."""


def run_review(request: ReviewRequest, out: TextIO, err: TextIO) -> int:
    """Run the review the request describes; return the exit code."""
    from mktplan.errors import MktplanError
    from mktplan.files.paths import display_path
    from mktplan.project import config_for
    from mktplan.rules.pipeline import check_found_file, plan_language
    from mktplan.text.messages import choose, error_text, say

    try:
        config = config_for(request.plan)
    except MktplanError as exc:
        err.write(f"mktplan: {error_text(exc, choose(request.lang))}\n")
        return EXIT_USAGE
    checked = check_found_file(request.plan, display_path(request.plan),
                               defaults=config.rule_defaults)
    assert checked is not None
    language = choose(request.lang, plan_language(checked), config.language)
    if checked.unreadable or checked.plan is None:
        _report(_in_language([checked], language), request.output_format, out)
        return EXIT_USAGE if checked.unreadable else EXIT_FINDINGS
    settings = _settings(checked, config.rule_defaults)
    if request.template is not None:
        return _template(checked, request.template, err, language)
    if not request.actuals:
        err.write(f"mktplan: {say('review.cli.no-actuals', language)}\n")
        return EXIT_USAGE
    actuals, result, records = _analyse(checked, request, settings)
    records = _in_language(records, language)
    if request.output_format == "md":
        out.write(_markdown(checked, actuals, result, records))
    else:
        _report(records, request.output_format, out, result)
    if request.build:
        written = _build(checked, actuals, result, records, request, err, language)
        if not written:
            return EXIT_USAGE
    strict = request.strict if request.strict is not None else bool(config.strict)
    if any(record.unreadable for record in records):
        return EXIT_USAGE
    failing = any(record.errors or (strict and record.warnings) for record in records)
    return EXIT_FINDINGS if failing else EXIT_CLEAN


def _in_language(records: Sequence[CheckedPlan], language: str) -> list[CheckedPlan]:
    """The records with their findings written in ``language``."""
    from mktplan.rules.pipeline import in_language

    return [in_language(record, language) for record in records]


def _settings(checked: CheckedPlan, defaults: Mapping[str, Setting] | None
              ) -> Mapping[str, Setting]:
    from mktplan.rules.config import read_settings
    from mktplan.rules.registry import RULES_BY_ID

    assert checked.plan is not None
    settings, _problems = read_settings(checked.plan.rules, RULES_BY_ID, defaults)
    return settings  # the problems are the check's schema-rules-config findings already


def _analyse(checked: CheckedPlan, request: ReviewRequest, settings: Mapping[str, Setting]
             ) -> tuple[Actuals, Review, list[CheckedPlan]]:
    from mktplan.files.paths import display_path
    from mktplan.load.collector import collector_paused
    from mktplan.review.actuals import read_actuals
    from mktplan.review.analysis import default_as_of
    from mktplan.review.analysis import review as analyse
    from mktplan.review.findings import actuals_findings, plan_findings, tolerance

    plan = checked.plan
    assert plan is not None
    known = _known(plan, request.as_of)
    paths = [(path, display_path(path)) for path in request.actuals]
    keep = "xlsx" in request.build
    with collector_paused():
        actuals = read_actuals(paths, known, keep_facts=keep)
    as_of = request.as_of or default_as_of(actuals, plan)
    result = analyse(plan, actuals, as_of, tolerance(settings))
    if actuals.counted or request.as_of is not None:  # else there is nothing to compare
        from mktplan.rules.registry import RULES_BY_ID
        from mktplan.rules.silencing import unsilenced

        found_in_plan = plan_findings(result, settings, checked.document.source_map,
                                      checked.file)
        checked.findings.extend(unsilenced(found_in_plan, checked.document.text, RULES_BY_ID))
        checked.findings.sort(key=lambda finding: finding.sort_key())
    found = actuals_findings(actuals, settings)
    records = [checked, *(_record(name, actuals, found) for _, name in paths)]
    return actuals, result, records


def _known(plan: Plan, as_of: date | None) -> Known:
    from mktplan.review.actuals import Known
    percent = {kpi.id for kpi in plan.kpis if (kpi.unit or "").strip() == "%"}
    percent |= {goal.kpi for goal in plan.goals if goal.kpi and (goal.unit or "").strip() == "%"}
    lines = [line.id for line in plan.budget.lines] if plan.budget else []
    period = plan.meta.period
    return Known(lines, [kpi.id for kpi in plan.kpis], frozenset(percent),
                 [item.id for item in plan.returns], period.start, period.end, as_of)


def _record(name: str, actuals: Actuals, found: Sequence[object]) -> CheckedPlan:
    """A file of actuals as a ``check`` result, so that every reporter shows it."""
    from mktplan.findings import Finding
    from mktplan.load.source import LoadedDocument, SourceMap
    from mktplan.rules.pipeline import CheckedPlan

    findings = [f for f in found if isinstance(f, Finding) and f.file == name]
    lines = actuals.lines_of.get(name, {})
    text = "\n".join(lines.get(number, "") for number in range(1, max(lines, default=0) + 1))
    document = LoadedDocument(name, text, None, SourceMap(), findings)
    return CheckedPlan(document, None, findings, unreadable=name in actuals.unreadable)


def _report(records: Sequence[CheckedPlan], output_format: str, out: TextIO,
            result: Review | None = None) -> None:
    import json

    from mktplan.report import REPORTERS

    if output_format == "json":
        from mktplan.report.json_report import as_data
        from mktplan.review.report_json import as_data as review_data

        data = as_data(records)
        if result is not None:
            data["review"] = review_data(result)
        json.dump(data, out, indent=2)
        out.write("\n")
        return
    name = output_format if output_format in REPORTERS else "text"
    REPORTERS[name].load()(records, out)
    if name == "text" and result is not None:
        from mktplan.review.report_text import summary

        summary(result, out, records[0].language if records else "en")


def _markdown(checked: CheckedPlan, actuals: Actuals, result: Review,
              records: Sequence[CheckedPlan]) -> str:
    from mktplan.review.report_md import render

    plan = checked.plan
    assert plan is not None
    findings = [finding for record in records for finding in record.findings]
    return render(result, plan.meta.title, plan.meta.language, actuals.files, actuals.counted,
                  findings)


def _build(checked: CheckedPlan, actuals: Actuals, result: Review,
           records: Sequence[CheckedPlan], request: ReviewRequest, err: TextIO,
           language: str) -> bool:
    from mktplan.files.reading import os_reason
    from mktplan.files.writing import commit, discard, stage
    from mktplan.text.messages import say

    plan = checked.plan
    assert plan is not None
    contents: dict[str, bytes] = {}
    if "md" in request.build:
        contents["md"] = _markdown(checked, actuals, result, records).encode("utf-8")
    findings = [finding for record in records for finding in record.findings]
    if "xlsx" in request.build:
        from mktplan.review.workbook import workbook

        contents["xlsx"] = workbook(plan, actuals, result, findings)
    if "docx" in request.build or "pdf" in request.build:
        from mktplan.render.docx.review import render

        document = render(result, plan.meta.title, plan.meta.language, actuals.files,
                          actuals.counted, findings)
        if "docx" in request.build:
            contents["docx"] = document
        if "pdf" in request.build:
            pdf = _pdf(document, err, language)
            if pdf is None:
                return False
            contents["pdf"] = pdf
    staged = []
    try:
        for kind, data in contents.items():
            staged.append(stage(request.output / f"{plan.meta.id}-review.{kind}", data))
        commit(staged)
    except OSError as exc:
        discard(staged)
        told = say("review.cli.cannot-write-to", language, folder=str(request.output),
                   error=os_reason(exc))
        err.write(f"mktplan: {told}\n")
        return False
    for item in staged:
        err.write(f"mktplan: {say('review.cli.wrote', language, file=str(item.target))}\n")
    return True


def _pdf(document: bytes, err: TextIO, language: str) -> bytes | None:
    """The document as PDF, by LibreOffice (``soffice --headless --convert-to pdf``)."""
    import shutil
    import subprocess
    import tempfile

    from mktplan.text.messages import say

    soffice = shutil.which("soffice")
    if soffice is None:
        err.write(f"mktplan: {say('review.cli.pdf-needs-soffice', language)}\n")
        return None
    with tempfile.TemporaryDirectory(prefix="mktplan-review-") as folder:
        source = Path(folder) / "review.docx"
        source.write_bytes(document)
        done = subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{folder}/lo",
                               "--convert-to", "pdf", "--outdir", folder, str(source)],
                              capture_output=True, check=False, timeout=300)
        target = source.with_suffix(".pdf")
        if done.returncode != 0 or not target.exists():
            err.write(f"mktplan: {say('review.cli.pdf-failed', language)}\n")
            return None
        return target.read_bytes()


def _template(checked: CheckedPlan, target: Path, err: TextIO, language: str) -> int:
    from mktplan.files.reading import os_reason
    from mktplan.files.writing import write_atomic
    from mktplan.review.template import skeleton
    from mktplan.text.messages import say

    plan = checked.plan
    assert plan is not None
    try:
        write_atomic(target, skeleton(plan))
    except OSError as exc:
        told = say("review.cli.cannot-write", language, file=str(target), error=os_reason(exc))
        err.write(f"mktplan: {told}\n")
        return EXIT_USAGE
    told = say("review.cli.template-written", language, file=str(target), plan=checked.file)
    err.write(f"mktplan: {told}\n")
    return EXIT_CLEAN
