"""The command lines the console script runs without Typer: plain ``check`` and ``textconv``.

Pre-commit hooks and CI jobs run ``mktplan check [--strict] [--skip-non-plans] [-v]
[--format F] PATH…`` thousands of times, and git runs ``mktplan textconv FILE`` once
per changed plan in every ``git diff`` and ``git log -p``. Importing Typer and letting
it build the whole command tree costs about 15 % of such a run, so the console script
(:mod:`mktplan.launch`) runs exactly those lines itself: :func:`plain_check_request`
and :func:`plain_textconv_path` recognise them and leave everything else (help,
mistakes, anything unusual) to Typer. The Typer commands
(:mod:`mktplan.commands.check`, :mod:`mktplan.commands.textconv`) call the same
:func:`run_check` and :func:`run_textconv`; ``tests/test_launch.py`` keeps the two
readings of a command line in agreement.

``check``: every file given is reported on, in every format: one that cannot be read is
a ``schema-file-unreadable`` record among the others, and makes the exit code 2. A YAML
file without a top-level ``mktplan:`` key is not a plan: found in a folder, or given
under ``--skip-non-plans`` (the pre-commit hook's list of staged files), it is passed
over, with a note under ``-v``; named on the command line, it is an error.

``textconv``: a plan as stable lines; a file over the size limit is copied through as
written, after a comment that says why.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO, NamedTuple, TextIO

from mktplan.exits import EXIT_CLEAN, EXIT_FINDINGS, EXIT_USAGE
from mktplan.registry import default
from mktplan.report import HUMAN_FORMAT, REPORTERS

if TYPE_CHECKING:
    from mktplan.errors import FileTooLargeError
    from mktplan.rules.pipeline import CheckedPlan

_WILDCARDS = frozenset("*?[")


class CheckRequest(NamedTuple):
    """What a ``check`` command line asks for."""

    paths: list[Path]
    output_format: str
    strict: bool | None
    """``--strict`` (True), ``--no-strict`` (False), or None: as each plan's project says."""
    skip_non_plans: bool = False
    """Pass over named files that are not plans, as files found in a folder are."""
    verbose: bool = False
    """Say on stderr which files were passed over."""
    lang: str | None = None
    """``--lang``: the language of the messages (None: chosen per plan, see
    :func:`~mktplan.rules.pipeline.in_language`)."""


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
        output_format = default(REPORTERS)
    if not paths or output_format not in REPORTERS:
        return None
    return CheckRequest(paths, output_format, True if "strict" in flags else None,
                        "skip_non_plans" in flags, "verbose" in flags)


def run_check(request: CheckRequest, out: TextIO, err: TextIO) -> int:
    """Check the files the request names, report to ``out``; return the exit code.

    Each plan is checked under its project's configuration (:mod:`mktplan.project`):
    its rule settings, and its ``strict`` unless the request says.
    """
    from mktplan.errors import MktplanError
    from mktplan.files.paths import display_path, expand_paths
    from mktplan.project import config_for
    from mktplan.rules.pipeline import check_found_file, in_language
    from mktplan.text.messages import choose, error_text, no_plans_found, say

    results: list[CheckedPlan] = []
    stricts: list[bool] = []
    passed_over: list[str] = []
    try:
        targets = expand_paths(request.paths)
        configs = [config_for(target.path) for target in targets]
    except MktplanError as exc:
        err.write(f"mktplan: {error_text(exc, choose(request.lang))}\n")
        return EXIT_USAGE
    for target, config in zip(targets, configs, strict=True):
        name = display_path(target.path)
        checked = check_found_file(target.path, name,
                                   request.skip_non_plans or not target.named,
                                   config.rule_defaults)
        if checked is not None:
            results.append(in_language(checked, request.lang, config.language))
            stricts.append(request.strict if request.strict is not None
                           else bool(config.strict))
            continue
        passed_over.append(name)
        if request.verbose:
            err.write(f"mktplan: {say('cli.passed-over', choose(request.lang), file=name)}\n")
    if not results and not request.skip_non_plans:
        err.write(f"mktplan: {no_plans_found(len(passed_over), 'check', choose(request.lang))}\n")
        return EXIT_USAGE
    REPORTERS[request.output_format].load()(results, out, passed_over)
    unreadable = [result for result in results if result.unreadable]
    if request.output_format != HUMAN_FORMAT:  # a program reads the report; a person this
        for result in unreadable:
            err.write(f"mktplan: {result.file}: {result.findings[0].message}\n")
    return EXIT_USAGE if unreadable else exit_code(results, stricts)


def exit_code(results: Sequence[CheckedPlan], stricts: Sequence[bool]) -> int:
    """1 when any file has errors (or, where its ``stricts`` entry says, warnings); else 0."""
    failing = any(result.errors or (strict and result.warnings)
                  for result, strict in zip(results, stricts, strict=True))
    return EXIT_FINDINGS if failing else EXIT_CLEAN


# --- textconv ------------------------------------------------------------------------
_PIECE = 1 << 20


def plain_textconv_path(argv: Sequence[str]) -> Path | None:
    """The file of a plain ``textconv FILE`` line (as git writes it), or None for Typer."""
    if len(argv) == 2 and argv[0] == "textconv" and is_plain_path(argv[1]):
        return Path(argv[1])
    return None


def run_textconv(path: Path, out: BinaryIO, err: TextIO) -> int:
    """Write the rendering of ``path`` to ``out`` as UTF-8; return the exit code.

    Only a regular file is read (see :mod:`mktplan.files.reading`). One over the size limit is
    copied through as written, a piece at a time, after a comment that says why.
    """
    from mktplan.diff.textconv import textconv as render
    from mktplan.errors import FileTooLargeError, InputError
    from mktplan.files.reading import read_regular_file
    from mktplan.load.source import max_bytes_from_env

    limit = max_bytes_from_env()
    try:
        try:
            out.write(render(read_regular_file(path, limit), str(path), limit).encode("utf-8"))
        except FileTooLargeError as exc:
            _copy_as_written(path, exc, out)
    except InputError as exc:
        from mktplan.diff.textconv import shown_language
        from mktplan.text.messages import error_text

        err.write(f"mktplan: {error_text(exc, shown_language(None))}\n")
        return EXIT_USAGE
    out.flush()
    return EXIT_CLEAN


def _copy_as_written(path: Path, problem: FileTooLargeError, out: BinaryIO) -> None:
    from mktplan.diff.textconv import as_written_header, shown_language
    from mktplan.files.reading import open_regular_file, read_at_most
    from mktplan.text.messages import render, too_large

    language = shown_language(None)
    reason = render(too_large(problem), language)
    with open_regular_file(path) as (stream, size):
        out.write(as_written_header(str(path), [reason], language).encode("utf-8"))
        left = size  # what the file held when it was opened, and no more
        while left > 0:
            piece = read_at_most(stream, min(left, _PIECE))
            if not piece:
                break
            out.write(piece)
            left -= len(piece)
