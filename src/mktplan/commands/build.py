"""The ``build`` command: check plans, then write their Word, Excel and Markdown files.

Exit codes: 0 when every plan built (or, with ``--check``, every file is up to date),
1 when a plan has errors (or warnings under ``--strict``) or, with ``--check``, a file is
missing or stale, 2 for usage and I/O problems, 130 when interrupted. Findings and the
summary of written files go to stdout; problems with the command itself to stderr as
``mktplan: <message>``. A progress bar (on stderr) shows on a terminal when several plans build.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, TextIO

import typer

from mktplan.commands.common import LANGUAGE_HELP, PlainCommand, language_parser
from mktplan.exits import EXIT_INTERRUPTED, EXIT_USAGE

if TYPE_CHECKING:
    from mktplan.render.deliverables import BuildOptions, PlanBuild


def register(app: typer.Typer) -> None:
    """Add the command to the app."""
    app.command(cls=PlainCommand)(build)


def build(
    paths: Annotated[list[Path], typer.Argument(
        metavar="PATH", show_default=False,
        help="Plan files, or folders meaning every *.yaml/*.yml file in them; - reads "
             "a plan from standard input.")],
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", metavar="DIR|FILE", show_default="the project's, else build",
        help="Folder to write <plan id>.docx/.xlsx/.md into; or, for one plan, the one "
             "file to write (report.docx builds only that format).")] = None,
    formats: Annotated[str | None, typer.Option(
        "--format", "-f", metavar="LIST", show_default="docx,xlsx,md",
        help="Comma-separated formats to build: docx, xlsx, md (or markdown), and, only "
             "when asked for, ics (the calendar) and pdf (the Word file through "
             "LibreOffice).")] = None,
    jobs: Annotated[int | None, typer.Option(
        "--jobs", "-j", min=1, metavar="N", show_default="one per core",
        help="Parallel processes: plans at once, or one plan's formats side by side; "
             "1 builds in this process.")] = None,
    templates: Annotated[Path | None, typer.Option(
        "--templates", metavar="FOLDER", show_default="the project's",
        help="Your own templates; they override the shipped ones file by file.")] = None,
    check: Annotated[bool, typer.Option(
        "--check", help="Write nothing; fail if files in the output folder are missing "
                        "or stale.")] = False,
    strict: Annotated[bool | None, typer.Option(
        "--strict/--no-strict", show_default="the project's, else no",
        help="Warnings stop the build too, not only errors.")] = None,
    lang: Annotated[str | None, typer.Option(
        "--lang", parser=language_parser, metavar="[en|zh-CN]", show_default=False,
        help=LANGUAGE_HELP + " The deliverables follow meta.language.")] = None,
    compare: Annotated[str | None, typer.Option(
        "--compare", metavar="OLD", show_default=False,
        help="Add a chapter 'Compared with last year' to the Word, Excel and Markdown "
             "files: OLD is last year's plan, a file or REV:path as diff takes it (one plan "
             "only; else the plan's meta.compare).")] = None,
    toc_pages: Annotated[bool | None, typer.Option(
        "--toc-pages/--no-toc-pages", show_default="the project's, else yes",
        help="Page numbers in the Word file's contents, from LibreOffice's layout of it "
             "(a build with pdf has them anyway); --no-toc-pages is faster and starts no "
             "LibreOffice.")] = None,
) -> None:
    """Check plans and build their deliverables (Word, Excel, Markdown, PDF)."""
    code = run_build(paths, output, formats, jobs, templates, check, strict,
                     sys.stdout, sys.stderr, lang, compare, toc_pages)
    raise typer.Exit(code)


def run_build(arguments: Sequence[Path], output: Path | None, formats: str | None,
              jobs: int | None, templates: Path | None, check_only: bool, strict: bool | None,
              out: TextIO, err: TextIO, lang: str | None = None,
              compare: str | None = None, toc_pages: bool | None = None) -> int:
    """Build the plans named by ``arguments``; report to ``out``; return the exit code.

    ``formats`` is the ``--format`` list (None: every format, or the one ``output``
    names by its extension). ``output``, ``templates`` and ``strict`` left None are
    each plan's project's (:mod:`mktplan.project`). ``lang`` is the language of the
    messages (``--lang``; None: chosen per plan, as ``check`` does). ``compare`` is the
    plan the one plan built is compared with (``--compare``; else its ``meta.compare``).
    ``toc_pages`` is ``--toc-pages/--no-toc-pages`` (None: each plan's project's, else yes).
    """
    from concurrent.futures.process import BrokenProcessPool

    from mktplan.errors import MktplanError, UsageError
    from mktplan.files.paths import expand_paths
    from mktplan.render.deliverables import BuildOptions, build, exit_code, output_choice
    from mktplan.text.messages import choose, error_text, no_plans_found, say

    try:
        targets = expand_paths(arguments)
        sources = [target.path for target in targets]
        found = {target.path for target in targets if not target.named}
        chosen, single_file = output_choice(output, formats, len(sources))
        template_folder = _template_folder(templates)
        _warn_of_overrides(_check_projects(sources, template_folder), err, choose(lang))
        if compare is not None and len(sources) != 1:
            raise UsageError(say("cli.compare-one-plan", choose(lang)))
        options = BuildOptions(output, chosen, template_folder, strict, check_only, single_file,
                               compare, lang, toc_pages)
        with _progress(len(sources), err, choose(lang)) as advance:
            results = build(sources, options, jobs, advance, found)
    except MktplanError as exc:
        err.write(f"mktplan: {error_text(exc, choose(lang))}\n")
        return EXIT_USAGE
    except BrokenProcessPool:
        err.write(f"mktplan: {say('cli.pool-broken', choose(lang))}\n")
        return EXIT_USAGE
    except OSError as exc:
        from mktplan.files.reading import os_reason

        told = say("files.at", choose(lang), file=str(exc.filename or output),
                   reason=os_reason(exc))
        err.write(f"mktplan: {told}\n")
        return EXIT_USAGE
    except KeyboardInterrupt:
        err.write(f"mktplan: {say('cli.interrupted', choose(lang))}\n")
        return EXIT_INTERRUPTED
    if all(result.passed_over for result in results):
        err.write(f"mktplan: {no_plans_found(len(results), 'build', choose(lang))}\n")
        return EXIT_USAGE
    _report(results, options, out, err, lang)
    return exit_code(results, options)


def _template_folder(templates: Path | None) -> Path | None:
    from mktplan.findings import msg
    from mktplan.text.messages import usage_error

    if templates is not None and not templates.is_dir():
        raise usage_error(msg("files.no-templates", folder=str(templates)))
    return templates


def _check_projects(sources: Sequence[Path], templates: Path | None) -> list[Path]:
    """Read each plan's project configuration before anything is rendered.

    A wrong one stops the build: raises :class:`~mktplan.errors.UsageError`. Returns
    the templates folders the build will use.
    """
    from mktplan.findings import msg
    from mktplan.project import config_for
    from mktplan.text.messages import usage_error

    folders = [templates] if templates is not None else []
    for source in sources:
        config = config_for(source)
        if templates is not None or config.templates is None:
            continue
        if not config.templates.is_dir():
            raise usage_error(msg("build.no-templates", source=str(config.sources["templates"]),
                                  folder=str(config.templates)))
        folders.append(config.templates)
    return list(dict.fromkeys(folders))


def _warn_of_overrides(folders: Sequence[Path], err: TextIO, language: str) -> None:
    """Say once per folder what its label catalogs hold that no template will use."""
    from mktplan.render.labels import override_warnings
    from mktplan.text.messages import say

    for folder in folders:
        for warning in override_warnings(folder):
            err.write(f"mktplan: {say('labels.warning', language, warning=warning)}\n")


@contextmanager
def _progress(plans: int, stream: TextIO,
              language: str) -> Iterator[Callable[[Path], None] | None]:
    """A progress bar on a terminal when several plans are built; otherwise nothing."""
    if plans <= 1:  # before rich is imported: 4 MiB of a one-plan build's peak memory
        yield None
        return
    from rich.console import Console
    from rich.progress import Progress

    from mktplan.text.messages import say
    from mktplan.text.terminal import no_color

    console = Console(file=stream)
    # a bar redraws itself with escape codes, which NO_COLOR asks not to write
    if not console.is_terminal or no_color():
        yield None
        return
    with Progress(console=console, transient=True) as bar:
        task = bar.add_task(say("build.progress", language), total=plans)
        yield lambda _source: bar.advance(task)


def _report(results: Sequence[PlanBuild], options: BuildOptions, out: TextIO,
            err: TextIO, lang: str | None) -> None:
    from mktplan.render.pdf import PACKAGES as TOC_PACKAGES
    from mktplan.report import HUMAN_FORMAT, REPORTERS
    from mktplan.text.messages import choose, problem_text, say, shared

    # render_plan wrote each plan's findings in its language (BuildOptions.lang)
    checked = [result.checked for result in results if result.checked is not None]
    if any(result.findings for result in checked):
        REPORTERS[HUMAN_FORMAT].load()(checked, out)
    for result in results:
        if result.problem:
            language = result.checked.language if result.checked else choose(lang)
            err.write(f"mktplan: {problem_text(result.problem, language)}\n")
    language = shared([c.language for c in checked]) or choose(lang)
    for notice in dict.fromkeys(result.notice for result in results if result.notice):
        err.write(f"mktplan: {say(notice, language, packages=TOC_PACKAGES)}\n")
    _summary(results, options, out, language)


def _summary(results: Sequence[PlanBuild], options: BuildOptions, out: TextIO,
             language: str) -> None:
    from mktplan.text.messages import say

    for result in results:
        for file in result.files:
            state = say(f"build.state.{file.state.name.lower()}", language)
            out.write(f"{state} {file.path} ({human_size(file.size)})\n")
    for result in results:
        if result.stopped(options):
            out.write(say("build.not-built", language, file=str(result.source)) + "\n")
    if any(result.files for result in results):
        out.write(_closing_line(results, options, language) + "\n")
    passed_over = sum(1 for result in results if result.passed_over)
    if passed_over:
        out.write(say("summary.passed-over", language, n=passed_over) + "\n")


def _closing_line(results: Sequence[PlanBuild], options: BuildOptions, language: str) -> str:
    from mktplan.render.deliverables import FileState
    from mktplan.text.messages import say

    files = [file for result in results for file in result.files]
    if options.check_only:
        outdated = [file for result in results for file in result.outdated]
        if outdated:
            return say("build.stale", language, stale=len(outdated), n=len(files))
        return say("build.up-to-date", language, n=len(files))
    written = sum(1 for file in files if file.state is FileState.WRITTEN)
    size = human_size(sum(file.size for file in files))
    return say("build.written", language, n=written, unchanged=len(files) - written,
               size=size)


def human_size(size: int) -> str:
    """``512 B``, ``12.3 KiB``, ``4.0 MiB``."""
    if size < 1024:
        return f"{size} B"
    if size < 1024 * 1024:
        return f"{size / 1024:.1f} KiB"
    return f"{size / (1024 * 1024):.1f} MiB"
