"""Checking files and reporting them, without Typer: the core of the ``check`` command.

:mod:`mktplan.commands.check` wires :func:`run_check` into the Typer app. The console
script (:mod:`mktplan.launch`) also calls it directly for the plain command lines that
pre-commit hooks and CI jobs run thousands of times, ``mktplan check [--strict]
[--skip-non-plans] [-v] [--format F] PATH…``: :func:`plain_check_request` recognises
exactly those and leaves everything else (help, mistakes, anything unusual) to Typer,
which saves about 15 % of a ``check`` run. ``tests/test_launch.py`` keeps the two
parsers in agreement.

Every file given is reported on, in every format: one that cannot be read is a
``schema-file-unreadable`` record among the others, and makes the exit code 2. A YAML
file without a top-level ``mktplan:`` key is not a plan: found in a folder, or given
under ``--skip-non-plans`` (the pre-commit hook's list of staged files), it is passed
over, with a note under ``-v``; named on the command line, it is an error.
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
    skip_non_plans: bool = False
    """Pass over named files that are not plans, as files found in a folder are."""
    verbose: bool = False
    """Say on stderr which files were passed over."""


_FLAGS = {"--strict": "strict", "--skip-non-plans": "skip_non_plans", "--verbose": "verbose",
          "-v": "verbose"}


def is_plain_path(token: str) -> bool:
    """Whether Typer would take ``token`` as a path just as written.

    Not empty, not an option (``-…``), and no wildcard: Typer expands those on Windows.
    """
    return bool(token) and not token.startswith("-") and not _WILDCARDS.intersection(token)


def plain_check_request(argv: Sequence[str]) -> CheckRequest | None:
    """The request of a plain ``check`` command line, or None for Typer to parse.

    Plain means: ``check``, then at least one path (see :func:`is_plain_path`), with
    each of ``--strict``, ``--skip-non-plans`` and ``--verbose`` (or ``-v``) at most once
    and ``--format F``, ``--format=F`` or ``-f F`` at most once naming a known format, in
    any order. Typer reads every such line the same way.
    """
    if not argv or argv[0] != "check":
        return None
    paths: list[Path] = []
    flags: set[str] = set()
    output_format: str | None = None
    index = 1
    while index < len(argv):
        token = argv[index]
        index += 1
        if is_plain_path(token):
            paths.append(Path(token))
        elif token in _FLAGS and _FLAGS[token] not in flags:
            flags.add(_FLAGS[token])
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
    return CheckRequest(paths, output_format, "strict" in flags, "skip_non_plans" in flags,
                        "verbose" in flags)


def run_check(request: CheckRequest, out: TextIO, err: TextIO) -> int:
    """Check the files the request names, report to ``out``; return the exit code."""
    from mktplan.errors import MktplanError
    from mktplan.files import expand_paths, no_plans_found
    from mktplan.pipeline import check_found_file

    try:
        targets = expand_paths(request.paths)
    except MktplanError as exc:
        err.write(f"mktplan: {exc}\n")
        return EXIT_USAGE
    results: list[CheckedPlan] = []
    passed_over: list[str] = []
    for target in targets:
        name = str(target.path)
        checked = check_found_file(target.path, name,
                                   request.skip_non_plans or not target.named)
        if checked is not None:
            results.append(checked)
            continue
        passed_over.append(name)
        if request.verbose:
            err.write(f"mktplan: note: passed over {name}: it has no top-level 'mktplan:' "
                      "key, so it is not a plan\n")
    if not results and not request.skip_non_plans:
        err.write(f"mktplan: {no_plans_found(len(passed_over), 'check')}\n")
        return EXIT_USAGE
    REPORTERS[request.output_format](results, out, passed_over)
    unreadable = [result for result in results if result.unreadable]
    if request.output_format != "text":  # the report is for a program; a person reads this
        for result in unreadable:
            err.write(f"mktplan: {result.file}: {result.findings[0].message}\n")
    return EXIT_USAGE if unreadable else exit_code(results, request.strict)


def exit_code(results: Sequence[CheckedPlan], strict: bool) -> int:
    """1 when any file has errors (or, under ``strict``, warnings); else 0."""
    failing = any(result.errors or (strict and result.warnings) for result in results)
    return EXIT_FINDINGS if failing else EXIT_CLEAN
