"""Checking files and reporting them, without Typer: the core of the ``check`` command.

:mod:`mktplan.commands.check` wires :func:`run_check` into the Typer app. The console
script (:mod:`mktplan.launch`) also calls it directly for the plain command lines that
pre-commit hooks and CI jobs run thousands of times, ``mktplan check [--strict]
[--format F] PATH…``: :func:`plain_check_request` recognises exactly those and leaves
everything else (help, mistakes, anything unusual) to Typer, which saves about 15 % of
a ``check`` run. ``tests/test_launch.py`` keeps the two parsers in agreement.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple, TextIO

from mktplan.exits import EXIT_CLEAN, EXIT_FINDINGS, EXIT_USAGE
from mktplan.report import REPORTERS

if TYPE_CHECKING:
    from mktplan.pipeline import CheckedPlan

_WILDCARDS = frozenset("*?[")


class CheckRequest(NamedTuple):
    """What a ``check`` command line asks for."""

    paths: list[Path]
    output_format: str
    strict: bool


def is_plain_path(token: str) -> bool:
    """Whether Typer would take ``token`` as a path just as written.

    Not empty, not an option (``-…``), and no wildcard: Typer expands those on Windows.
    """
    return bool(token) and not token.startswith("-") and not _WILDCARDS.intersection(token)


def plain_check_request(argv: Sequence[str]) -> CheckRequest | None:
    """The request of a plain ``check`` command line, or None for Typer to parse.

    Plain means: ``check``, then at least one path (see :func:`is_plain_path`), with
    ``--strict`` at most once and ``--format F``, ``--format=F`` or ``-f F`` at most once
    naming a known format, in any order. Typer reads every such line the same way.
    """
    if not argv or argv[0] != "check":
        return None
    paths: list[Path] = []
    strict: bool | None = None
    output_format: str | None = None
    index = 1
    while index < len(argv):
        token = argv[index]
        index += 1
        if is_plain_path(token):
            paths.append(Path(token))
        elif token == "--strict" and strict is None:
            strict = True
        elif token.startswith("--format=") and output_format is None:
            output_format = token.removeprefix("--format=")
        elif token in ("--format", "-f") and output_format is None and index < len(argv):
            output_format = argv[index]
            index += 1
        else:
            return None
    if output_format is None:
        output_format = "text"
    if not paths or output_format not in REPORTERS:
        return None
    return CheckRequest(paths, output_format, bool(strict))


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
