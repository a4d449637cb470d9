"""The ``check`` command: check plan files and report every finding.

Exit codes: 0 when no file has errors (warnings allowed unless ``--strict``), 1 when
one has errors (or warnings under ``--strict``), 2 when a path is missing or a file
cannot be read. Findings go to stdout, in the chosen format; problems with the
command itself go to stderr as ``mktplan: <message>``.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, TextIO

import typer

from mktplan.report import REPORTERS

if TYPE_CHECKING:
    from mktplan.pipeline import CheckedPlan

EXIT_CLEAN, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2
FORMAT_CHOICES = "|".join(REPORTERS)


def register(app: typer.Typer) -> None:
    """Add the command to the app."""
    app.command()(check)


def _format_name(value: str) -> str:
    if value not in REPORTERS:
        choices = ", ".join(REPORTERS)
        raise typer.BadParameter(f"unknown format '{value}'; choose one of: {choices}")
    return value


def check(
    paths: Annotated[list[Path], typer.Argument(
        metavar="PATH", show_default=False,
        help="Plan files, or folders meaning every *.yaml/*.yml file in them.")],
    output_format: Annotated[str, typer.Option(
        "--format", "-f", parser=_format_name, metavar=f"[{FORMAT_CHOICES}]",
        help="How to report findings.")] = "text",
    strict: Annotated[bool, typer.Option(
        "--strict", help="Fail on warnings too, not only on errors.")] = False,
) -> None:
    """Check plan files and report every problem with its file, line and column."""
    code = run_check(paths, output_format, strict, sys.stdout, sys.stderr)
    raise typer.Exit(code)


def run_check(arguments: Sequence[Path], output_format: str, strict: bool,
              out: TextIO, err: TextIO) -> int:
    """Check the files named by ``arguments``, report to ``out``; return the exit code."""
    from mktplan.errors import MktplanError
    from mktplan.files import expand_paths
    from mktplan.pipeline import check_file

    try:
        files = expand_paths(arguments)
    except MktplanError as exc:
        err.write(f"mktplan: {exc}\n")
        return EXIT_USAGE
    results: list[CheckedPlan] = []
    unreadable: list[str] = []
    for file in files:
        try:
            results.append(check_file(file, str(file)))
        except (MktplanError, OSError) as exc:
            unreadable.append(str(exc))
    REPORTERS[output_format](results, out)
    for problem in unreadable:
        err.write(f"mktplan: {problem}\n")
    return EXIT_USAGE if unreadable else exit_code(results, strict)


def exit_code(results: Sequence[CheckedPlan], strict: bool) -> int:
    """1 when any file has errors (or, under ``strict``, warnings); else 0."""
    failing = any(result.errors or (strict and result.warnings) for result in results)
    return EXIT_FINDINGS if failing else EXIT_CLEAN
