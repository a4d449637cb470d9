"""The one direction of flow: load → model → rules, for one file or text.

``check_file`` is what ``check``, ``build`` and ``diff`` all start from. Each function
takes the project's rule settings as ``defaults`` (see :mod:`mktplan.project`): the
settings the plan's own ``rules:`` section is applied to.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TypeAlias

from mktplan.errors import InputError
from mktplan.findings import Finding, Message, Severity, msg
from mktplan.load.collector import collector_paused
from mktplan.load.source import PLAN_KEY, LoadedDocument, SourceMap, load_bytes, read_plan_file
from mktplan.model.plan import Plan
from mktplan.model.validate import ValidatedPlan, validate_plan
from mktplan.rules.config import Setting

#: the rule settings before a plan's own ``rules:`` section (None: the rules' defaults)
Defaults: TypeAlias = Mapping[str, Setting] | None


@dataclass
class CheckedPlan:
    """A plan file after loading, validation and every rule."""

    document: LoadedDocument
    plan: Plan | None
    findings: list[Finding]
    unreadable: bool = False
    """Whether the file could not be read at all: its one finding says why."""
    language: str = "en"
    """The language its findings are written in (see :func:`in_language`)."""

    @property
    def file(self) -> str:
        """The file name as the user gave it."""
        return self.document.file

    @property
    def errors(self) -> int:
        """How many findings are errors."""
        return sum(1 for finding in self.findings if finding.is_error)

    @property
    def warnings(self) -> int:
        """How many findings are warnings."""
        return len(self.findings) - self.errors


def plan_language(checked: CheckedPlan) -> str | None:
    """The ``meta.language`` the file itself sets (None when it sets none, or no plan)."""
    return written_language(checked.document.data)


def written_language(data: object) -> str | None:
    """The ``meta.language`` written in a file's data, valid plan or not (None: none)."""
    meta = data.get("meta") if isinstance(data, dict) else None
    language = meta.get("language") if isinstance(meta, dict) else None
    return language if isinstance(language, str) else None


def in_language(checked: CheckedPlan, cli: str | None = None,
                project: str | None = None) -> CheckedPlan:
    """``checked`` with its findings written in the language chosen for it.

    ``--lang`` (``cli``), else ``MKTPLAN_LANG``, else the plan's ``meta.language``, else
    the project's ``language``, else the locale, else English
    (:func:`mktplan.text.messages.choose`).
    """
    from mktplan.text.messages import ENGLISH, choose, text

    language = choose(cli, plan_language(checked), project)
    if language == ENGLISH:
        return replace(checked, language=language)
    findings = [finding._replace(message=text(finding, language))
                for finding in checked.findings]
    return replace(checked, findings=findings, language=language)


def validate_document(document: LoadedDocument) -> tuple[ValidatedPlan | None, list[Finding]]:
    """Validate a loaded document without the rules: the loading and schema findings."""
    findings = list(document.findings)
    if not document.ok:
        return None, findings
    if not document.declares_plan:
        return None, [*findings, _not_a_plan(document)]
    validated = validate_plan(document)
    findings.extend(validated.findings)
    return validated, findings


def _not_a_plan(document: LoadedDocument) -> Finding:
    from mktplan.text.messages import english

    line, column = document.source_map.locate(())
    message, detail = english(msg("pipeline.not-a-plan", key=PLAN_KEY))
    return Finding("schema-version", Severity.ERROR, message, (), line, column, document.file,
                   detail)


def unreadable_result(problem: InputError) -> CheckedPlan:
    """The record of a file that could not be read: one ``schema-file-unreadable`` finding."""
    detail = problem.detail if isinstance(problem.detail, Message) else None
    finding = Finding("schema-file-unreadable", Severity.ERROR, problem.reason, (), 1, 1,
                      problem.file, detail)
    document = LoadedDocument(problem.file, "", None, SourceMap(), [finding])
    return CheckedPlan(document, None, [finding], unreadable=True)


def check_document(document: LoadedDocument, defaults: Defaults = None) -> CheckedPlan:
    """Validate and run the rules over a loaded document."""
    with collector_paused():
        return _check_document(document, defaults)


def _check_document(document: LoadedDocument, defaults: Defaults) -> CheckedPlan:
    validated, findings = validate_document(document)
    plan = validated.plan if validated is not None else None
    if validated is not None and plan is not None:
        from mktplan.rules.engine import run_rules

        findings.extend(run_rules(validated, document.source_map, document.file, defaults,
                                  document.text))
    findings.sort(key=Finding.sort_key)
    return CheckedPlan(document, plan, findings)


def check_file(path: Path, display: str | None = None, defaults: Defaults = None
               ) -> CheckedPlan:
    """Load and check a plan file; raises :class:`~mktplan.errors.InputError` if unreadable."""
    with collector_paused():
        return _with_compare_checked(check_document(read_plan_file(path, display), defaults),
                                     path)


def compare_target(plan: Plan, path: Path) -> str | None:
    """The plan ``meta.compare`` names, as ``diff`` takes a side (None: it names none).

    A file from the plan's folder, else ``REV:path`` as written.
    """
    from mktplan.files.git import parse_revision_path

    spec = plan.meta.compare
    if spec is None:
        return None
    folder = Path.cwd() if str(path) == "-" else path.parent
    if (folder / spec).is_file() or parse_revision_path(spec) is None:
        return str(folder / spec)
    return spec


def _with_compare_checked(checked: CheckedPlan, path: Path) -> CheckedPlan:
    """``checked``, with an error when ``meta.compare`` names a file that cannot be compared.

    The error is ``references-missing-file``: the file does not exist, cannot be read or
    does not load as a plan (its rules are not run: it is compared as far as it goes). A
    ``REV:path`` is read (and refused) only by ``build``.
    """
    plan = checked.plan
    target = compare_target(plan, path) if plan is not None else None
    if plan is None or target is None or target == plan.meta.compare:
        return checked
    problem = _compare_problem(Path(target), str(plan.meta.compare))
    if problem is None:
        return checked
    from mktplan.text.messages import english

    line, column = checked.document.source_map.locate(("meta", "compare"))
    message, detail = english(problem)
    finding = Finding("references-missing-file", Severity.ERROR, message, ("meta", "compare"),
                      line, column, checked.file, detail)
    return replace(checked, findings=sorted([*checked.findings, finding],
                                            key=Finding.sort_key))


def _compare_problem(target: Path, name: str) -> Message | None:
    """Why the plan file ``target`` (``meta.compare: name``) cannot be compared, or None."""
    if not target.is_file():
        return msg("references.missing-file", file=name, folder=str(target.parent))
    try:
        document = read_plan_file(target)
    except InputError as exc:
        return msg("references.compare-unreadable", file=name, reason=exc.reason)
    validated, _ = validate_document(document)
    if validated is None or validated.plan is None:
        return msg("references.compare-not-a-plan", file=name)
    return None


def check_found_file(path: Path, display: str | None = None,
                     pass_over_non_plans: bool = False,
                     defaults: Defaults = None) -> CheckedPlan | None:
    """Load and check a plan file; an unreadable one gives its :func:`unreadable_result`.

    Under ``pass_over_non_plans``, a file that does not declare itself a plan (with a
    top-level ``mktplan:`` key) gives None, unchecked: it was found in a folder or in a
    hook's list of files, where other YAML lives too.
    """
    with collector_paused():
        try:
            document = read_plan_file(path, display)
        except InputError as exc:
            return unreadable_result(exc)
        if pass_over_non_plans and not document.declares_plan:
            return None
        return _with_compare_checked(check_document(document, defaults), path)


def check_bytes(raw: bytes, file: str, defaults: Defaults = None) -> CheckedPlan:
    """Load and check plan bytes (e.g. a file at a git revision)."""
    with collector_paused():
        return check_document(load_bytes(raw, file), defaults)
