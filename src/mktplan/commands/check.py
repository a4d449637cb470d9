"""The ``check`` command: check plan files and report every finding.

Exit codes: 0 when no file has errors (warnings allowed unless ``--strict``), 1 when
one has errors (or warnings under ``--strict``), 2 when a file is missing or cannot be
read (the others are still checked and reported). Findings go to stdout, in the chosen
format; problems with the command itself go to stderr as ``mktplan: <message>``. The
work itself is done by :mod:`mktplan.direct`, which the console script also
calls without Typer.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from mktplan.commands.common import LANGUAGE_HELP, PlainCommand, format_parser, language_parser
from mktplan.direct import CheckRequest, run_check
from mktplan.registry import default
from mktplan.report import REPORTERS

FORMAT_CHOICES = "|".join(REPORTERS)


def register(app: typer.Typer) -> None:
    """Add the command to the app."""
    app.command(cls=PlainCommand)(check)


def check(
    paths: Annotated[list[Path], typer.Argument(
        metavar="PATH", show_default=False,
        help="Plan files, or folders meaning every *.yaml/*.yml file in them.")],
    output_format: Annotated[str, typer.Option(
        "--format", "-f", parser=format_parser(REPORTERS), metavar=f"[{FORMAT_CHOICES}]",
        help="How to report findings.")] = default(REPORTERS),
    strict: Annotated[bool | None, typer.Option(
        "--strict/--no-strict", show_default="the project's, else no",
        help="Fail on warnings too, not only on errors.")] = None,
    skip_non_plans: Annotated[bool, typer.Option(
        "--skip-non-plans",
        help="Pass over files without a top-level 'mktplan:' key, as in folders "
             "(for lists of files, such as a pre-commit hook's).")] = False,
    verbose: Annotated[bool, typer.Option(
        "--verbose", "-v", help="Name the files passed over as not plans.")] = False,
    lang: Annotated[str | None, typer.Option(
        "--lang", parser=language_parser, metavar="[en|zh-CN]", show_default=False,
        help=LANGUAGE_HELP)] = None,
) -> None:
    """Check plan files and report every problem with its file, line and column."""
    request = CheckRequest(paths, output_format, strict, skip_non_plans, verbose, lang)
    raise typer.Exit(run_check(request, sys.stdout, sys.stderr))
