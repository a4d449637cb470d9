"""A stable, normalised rendering of one plan, one fact per line, for ``git diff``.

``git diff`` and ``git log -p`` compare plan files line by line. Through
``diff.mktplan.textconv`` they compare this rendering instead, in which every line
names what it is about (``execution.tasks[T1].end: 2027-01-31``), so a hunk says
which item changed; values are what the plan means (``"300万"`` and ``3000000``
render the same, dates are resolved, a budget line's cost is computed), keys come in
the format's order however the YAML is written, and the summary figures come first.

A file that does not load as a plan is shown as written, after comment lines that
say why: git's textconv must always print something, never fail.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from decimal import Decimal

from mktplan.diff.formatting import format_value
from mktplan.diff.match import keyed
from mktplan.diff.model import Fact, Kind
from mktplan.diff.rollup import figures
from mktplan.diff.sections import SECTIONS, SectionSpec
from mktplan.findings import Finding
from mktplan.load.source import load_bytes
from mktplan.model.plan import Plan
from mktplan.rules.pipeline import validate_document, written_language
from mktplan.text.escaping import printable
from mktplan.text.formatter import Formatter
from mktplan.text.messages import ENGLISH, choose, say, text


def _text_lines(name: str, text: str) -> Iterator[str]:
    first, *rest = text.splitlines() or [""]
    yield f"{name}: {printable(first)}"
    for line in rest:
        yield f"  {printable(line)}"


def fact_lines(prefix: str, fact: Fact, formatter: Formatter) -> Iterator[str]:
    """The lines of one fact; nothing for an empty one."""
    name = f"{prefix}.{fact.name}"
    value = fact.value
    if value is None or value == ():
        return
    if fact.kind is Kind.TEXTS and isinstance(value, tuple):
        for element in value:
            yield from _text_lines(f"{name}[]", element)
    elif fact.kind is Kind.IDS and isinstance(value, tuple):
        yield f"{name}: {printable(', '.join(sorted(value)))}"
    else:
        yield from _text_lines(name, format_value(fact.kind, value, formatter))


def _summary_lines(plan: Plan, formatter: Formatter) -> Iterator[str]:
    for figure in figures(plan, by_plan_month=False):
        value = figure.value
        if value is None or (isinstance(value, Decimal) and not figure.headline and not value):
            continue
        yield f"summary.{'.'.join(figure.key)}: {format_value(figure.kind, value, formatter)}"


def _section_lines(spec: SectionSpec, plan: Plan, formatter: Formatter) -> Iterator[str]:
    items = keyed(spec.items(plan), spec.key or (lambda item: spec.path))
    for key, item in items.items():
        prefix = spec.path if spec.single else f"{spec.path}[{key}]"
        for fact in spec.facts(item, plan):
            if spec.single or fact.name != "id":  # the id is in the prefix already
                yield from fact_lines(prefix, fact, formatter)


def render_plan(plan: Plan, sections: Sequence[SectionSpec] = SECTIONS) -> str:
    """The normalised rendering of a valid plan, section by section."""
    formatter = Formatter("en", plan.meta.currency)
    blocks = [list(_summary_lines(plan, formatter))]
    blocks.extend(list(_section_lines(spec, plan, formatter)) for spec in sections)
    return "\n\n".join("\n".join(block) for block in blocks if block) + "\n"


def as_written_header(file: str, problems: list[str], language: str = ENGLISH) -> str:
    """The comment lines that say why a file is shown as written, not as a plan."""
    header = [say("textconv.as-written", language, file=printable(file))]
    header.extend(f"#   {printable(problem)}" for problem in problems)
    return "\n".join(header) + "\n"


def as_written(raw: bytes, file: str, problems: list[str], language: str = ENGLISH) -> str:
    """The file's own text, after comment lines saying why it is not rendered as a plan."""
    return as_written_header(file, problems, language) + raw.decode("utf-8-sig", errors="replace")


def _problem(finding: Finding, language: str) -> str:
    return say("textconv.problem", language, line=str(finding.line), column=str(finding.column),
               message=text(finding, language))


def shown_language(data: object) -> str:
    """The language of the comments: ``MKTPLAN_LANG``, the file's ``meta.language``, the locale.

    git runs ``mktplan textconv FILE`` with no ``--lang``; the file need not be a valid plan.
    """
    return choose(None, written_language(data))


def textconv(raw: bytes, file: str, max_bytes: int) -> str:
    """The rendering git shows for a plan file's bytes; never fails.

    The values are written the same way in every language, so that the lines compare
    alike; the comments of a file shown as written are in the reader's language.
    """
    if len(raw) > max_bytes:
        language = shown_language(None)
        return as_written(raw, file, [say("files.too-large-grew", language, limit=max_bytes)],
                          language)
    document = load_bytes(raw, file)
    validated, findings = validate_document(document)
    plan = validated.plan if validated is not None else None
    errors = [finding for finding in findings if finding.is_error]
    if plan is None or errors:
        language = shown_language(document.data)
        return as_written(raw, file, [_problem(finding, language) for finding in errors],
                          language)
    return render_plan(plan)
