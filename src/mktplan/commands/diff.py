"""The ``diff`` command: what changed between two plans, as text, Markdown or JSON.

Each side is a plan file or ``REV:path`` (a file at a git revision). Both are loaded
and checked as ``check`` does; a side with rule errors is still compared, with a
notice. Exit codes: 0, or 1 under ``--exit-code`` when the plans differ; 2 when a
side cannot be read, does not load as a plan, or names a bad revision.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Annotated, TextIO

import typer

from mktplan.commands.common import LANGUAGE_HELP, PlainCommand, format_parser, language_parser
from mktplan.diff.reporters import REPORTERS
from mktplan.exits import EXIT_CLEAN, EXIT_FINDINGS, EXIT_USAGE
from mktplan.registry import default

if TYPE_CHECKING:
    from mktplan.rules.pipeline import CheckedPlan

EXIT_SAME, EXIT_DIFFERENT = EXIT_CLEAN, EXIT_FINDINGS
_SIDE_HELP = ("a plan file, or REV:path for a file at a git revision "
              "(main:plans/acme.yaml, HEAD~1:./acme.yaml)")


def register(app: typer.Typer) -> None:
    """Add the command to the app."""
    app.command(cls=PlainCommand)(diff)


def diff(
    old: Annotated[str, typer.Argument(metavar="OLD", show_default=False,
                                       help=f"The plan before: {_SIDE_HELP}.")],
    new: Annotated[str, typer.Argument(metavar="NEW", show_default=False,
                                       help=f"The plan after: {_SIDE_HELP}.")],
    output_format: Annotated[str, typer.Option(
        "--format", "-f", parser=format_parser(REPORTERS), metavar=f"[{'|'.join(REPORTERS)}]",
        help="text for people, md for a pull-request comment, json for tools.",
    )] = default(REPORTERS),
    exit_code: Annotated[bool, typer.Option(
        "--exit-code", help="Exit with 1 when the plans differ, as 'git diff --exit-code'.",
    )] = False,
    lang: Annotated[str | None, typer.Option(
        "--lang", parser=language_parser, metavar="[en|zh-CN]", show_default=False,
        help=LANGUAGE_HELP)] = None,
) -> None:
    """Show what changed between two plans: summary figures, then every changed item."""
    raise typer.Exit(run_diff(old, new, output_format, exit_code, sys.stdout, sys.stderr,
                              lang))


def _open(spec: str, err: TextIO, lang: str | None) -> CheckedPlan | None:
    """One side, checked; None (after saying why on ``err``) when it cannot be compared."""
    from mktplan.diff.sides import open_side
    from mktplan.errors import MktplanError
    from mktplan.report.text import report as report_findings
    from mktplan.rules.pipeline import in_language
    from mktplan.text.messages import choose, error_text, say

    try:
        checked = open_side(spec)
    except (MktplanError, OSError) as exc:
        err.write(f"mktplan: {error_text(exc, choose(lang))}\n")
        return None
    if checked.plan is None:
        checked = in_language(checked, lang)
        err.write(f"mktplan: {say('cli.does-not-load', checked.language, spec=spec)}\n")
        report_findings([checked], err)
        return None
    return checked


def run_diff(old_spec: str, new_spec: str, output_format: str, exit_code: bool,
             out: TextIO, err: TextIO, lang: str | None = None) -> int:
    """Compare the two sides and report to ``out``; return the exit code.

    ``lang`` is the language of the messages (``--lang``, else ``MKTPLAN_LANG``; neither:
    the plans' own when they share one, else English).
    """
    from dataclasses import replace

    from mktplan.diff.core import diff_plans
    from mktplan.load.collector import collector_paused
    from mktplan.text.messages import choose, requested, say

    if old_spec == new_spec == "-":
        err.write(f"mktplan: {say('cli.stdin-twice', choose(lang))}\n")
        return EXIT_USAGE
    old, new = _open(old_spec, err, lang), _open(new_spec, err, lang)
    if old is None or new is None:
        return EXIT_USAGE
    with collector_paused():  # matching builds many objects and no garbage cycles
        result = replace(diff_plans(old, new), requested_language=requested(lang))
    REPORTERS[output_format].load()(result, out)
    return EXIT_DIFFERENT if exit_code and result.has_differences else EXIT_SAME
