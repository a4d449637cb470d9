"""Building deliverables: check each plan, render every format, write the files safely.

A plan is built in three steps. :func:`render_plan` checks it and renders each format
into memory; it runs in worker processes when many plans are built in parallel, and
returns findings and bytes, never writing anything. :func:`build` then, in the calling
process and in plan order, stages the files whose bytes changed (writes them to temp
files beside their targets, see :mod:`mktplan.files.writing`) or, for ``build --check``,
compares them with the files on disk. Once every plan is done, and only if no two plans
share a ``meta.id``, each plan's staged files are renamed into place together.

So a plan that fails its check writes nothing, a renderer that raises or a full disk
replaces no file of its plan, an interrupt never leaves a half-written file, two plans
with the same ``meta.id`` are an error before any file is written, and workers never
outlive the build (:mod:`mktplan.render.workers`). Nothing here prints: results are values for
the command to show.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from enum import Enum
from itertools import repeat
from pathlib import Path
from typing import TYPE_CHECKING

from mktplan.errors import InputError, MktplanError, UsageError
from mktplan.exits import EXIT_CLEAN, EXIT_FINDINGS, EXIT_USAGE
from mktplan.files.images import Image, ImageError, read_image, resolve_inside
from mktplan.files.paths import display_path
from mktplan.files.reading import STDIN, os_reason, read_regular_file
from mktplan.files.writing import (
    Kept,
    ReplacedMeanwhileError,
    Staged,
    commit,
    discard,
    identity,
    remove_stale_temp_files,
    stage,
)
from mktplan.findings import Message, msg
from mktplan.load.source import LoadedDocument, SourceMap
from mktplan.project import ProjectConfig, config_for
from mktplan.registry import choice
from mktplan.render.formats import FORMATS
from mktplan.render.pdf import LibreOffice, PdfConverter, find_libreoffice
from mktplan.render.workers import become_worker
from mktplan.rules.engine import plan_folder
from mktplan.rules.pipeline import CheckedPlan, check_found_file, compare_target, in_language
from mktplan.text.messages import Problem, error_message, usage_error

if TYPE_CHECKING:
    from mktplan.model.plan import Plan
    from mktplan.render.context import PlanView

DEFAULT_FORMATS: tuple[str, ...] = tuple(
    name for name, output_format in FORMATS.items() if output_format.built_by_default)
DEFAULT_OUTPUT = Path("build")
DEFAULT_TOC_PAGES = True
"""Whether a Word build without the PDF numbers its contents' pages when neither
``--toc-pages/--no-toc-pages`` nor the project says (tests that build Word files for
something else turn it off: a layout starts LibreOffice, seconds a build)."""


class FileState(str, Enum):
    """What happened to one output file."""

    WRITTEN = "written"
    """New content was written."""
    UNCHANGED = "unchanged"
    """The file already held exactly these bytes, so it was left alone."""
    FRESH = "fresh"
    """``--check``: the file is up to date."""
    STALE = "stale"
    """``--check``: the file differs from what the plan builds."""
    MISSING = "missing"
    """``--check``: the file does not exist."""


OUTDATED = (FileState.STALE, FileState.MISSING)


@dataclass(frozen=True)
class BuildOptions:
    """What to build and where; None where each plan's project decides (:meth:`for_plan`)."""

    output: Path | None = None
    """The folder to write ``<plan id>.<extension>`` into; or, with ``single_file``, the file.
    None: the project's ``output``, else :data:`DEFAULT_OUTPUT`."""
    formats: tuple[str, ...] = DEFAULT_FORMATS
    templates: Path | None = None
    """None: the project's ``templates``, else only the shipped ones."""
    strict: bool | None = None
    """None: the project's ``strict``, else no."""
    check_only: bool = False
    single_file: bool = False
    """``output`` names the one file to write (``-o report.docx``): one plan, one format."""
    compare: str | None = None
    """``--compare``: last year's plan (a file or ``REV:path``) to show beside the plan;
    None: the plan's own ``meta.compare``, if it has one."""
    lang: str | None = None
    """``--lang``: the language of the findings (None: chosen per plan, as ``check`` does)."""
    toc_pages: bool | None = None
    """Whether a build without the PDF has LibreOffice lay the Word file out for the page
    numbers of its contents (``--toc-pages/--no-toc-pages``); None: the project's
    ``toc-pages``, else yes. A build that makes the PDF has them either way."""

    def for_plan(self, config: ProjectConfig) -> BuildOptions:
        """These options with what they leave open taken from a plan's project."""
        toc_pages = next((choice for choice in (self.toc_pages, config.toc_pages)
                          if choice is not None), DEFAULT_TOC_PAGES)
        return replace(
            self, output=self.output or config.output or DEFAULT_OUTPUT,
            templates=self.templates or config.templates,
            strict=self.strict if self.strict is not None else bool(config.strict),
            toc_pages=toc_pages)

    @property
    def folder(self) -> Path:
        """The folder the outputs go into."""
        output = self.output or DEFAULT_OUTPUT
        return output.parent if self.single_file else output

    def target(self, plan_id: str, extension: str) -> Path:
        """Where the ``extension`` file of the plan ``plan_id`` goes."""
        output = self.output or DEFAULT_OUTPUT
        return output if self.single_file else output / f"{plan_id}{extension}"


@dataclass(frozen=True)
class RenderedPlan:
    """A plan checked and rendered in memory: findings, and each output's bytes."""

    source: Path
    checked: CheckedPlan | None
    """None when the file could not be read (see ``problem``)."""
    plan_id: str = ""
    contents: dict[str, bytes] = field(default_factory=dict)
    """File extension (``.md``) → bytes; empty when the check failed."""
    problem: Problem | None = None
    """Why the plan could not be read or rendered (written in each language when told)."""
    passed_over: bool = False
    """The file was found in a folder and is not a plan (no top-level ``mktplan:`` key)."""
    options: BuildOptions | None = None
    """The options this plan was built with, its project's settings filled in."""
    notice: str | None = None
    """The key of a message for the user about an output that was built (see :class:`PlanBuild`)."""


@dataclass(frozen=True)
class OutputFile:
    """One output file: where, how big, and what happened to it."""

    path: Path
    size: int
    state: FileState


@dataclass(frozen=True)
class PlanBuild:
    """The result of building one plan."""

    source: Path
    checked: CheckedPlan | None
    files: list[OutputFile]
    problem: Problem | None = None
    """An I/O or rendering problem; nothing of this plan was written after it."""
    passed_over: bool = False
    """Found in a folder, not a plan: neither built nor reported on."""
    options: BuildOptions | None = None
    """The options this plan was built with, its project's settings filled in."""
    notice: str | None = None
    """The key of a message for the user, shown once per build: ``build.toc-unpaged`` when
    the Word file's contents has no page numbers because LibreOffice is missing."""

    def stopped(self, options: BuildOptions) -> bool:
        """Whether the plan's findings stopped its build: errors, or warnings if strict.

        Strict as the plan was built, else as ``options`` (the command's) say.
        """
        strict = (self.options or options).strict
        return self.checked is not None and fails_check(self.checked, strict)

    @property
    def outdated(self) -> list[OutputFile]:
        """``--check``: the files that are missing or stale."""
        return [file for file in self.files if file.state in OUTDATED]


def parse_formats(text: str) -> tuple[str, ...]:
    """``"docx,xlsx"`` → ``("docx", "xlsx")``; raises :class:`UsageError` for unknown names.

    A name may be an alias (``markdown`` is ``md``, see :data:`mktplan.registry.ALIASES`).
    """
    names = [name.strip().lower() for name in text.split(",") if name.strip()]
    unknown = [name for name in names if choice(FORMATS, name) is None]
    if unknown or not names:
        if not unknown:
            raise usage_error(msg("build.no-format", choices=tuple(FORMATS)))
        shown = ", ".join(repr(name) for name in unknown)
        raise usage_error(msg("build.unknown-format", formats=shown, choices=tuple(FORMATS)))
    return tuple(dict.fromkeys(choice(FORMATS, name) or name for name in names))


def format_of_file(path: Path) -> str | None:
    """The format whose extension ``path`` has (``report.docx`` → ``docx``), if it is a file."""
    if path.is_dir():
        return None
    suffix = path.suffix.lower()
    return next((name for name, entry in FORMATS.items() if entry.extension == suffix), None)


def output_choice(output: Path | None, formats: str | None, plans: int
                  ) -> tuple[tuple[str, ...], bool]:
    """The formats to build and whether ``output`` names one file (``-o report.docx``).

    ``output`` names a file when it has a format's extension and is not a folder; then
    the build is of that format (``formats`` may name it, and nothing else) and of one
    plan. Raises :class:`UsageError` otherwise. None (no ``-o``) is each plan's folder.
    """
    single = format_of_file(output) if output is not None else None
    if output is None or single is None:
        return parse_formats(formats or ",".join(DEFAULT_FORMATS)), False
    chosen = parse_formats(formats) if formats is not None else (single,)
    if chosen != (single,):
        raise usage_error(msg("build.one-file-formats", output=str(output),
                              extension=FORMATS[single].extension, formats=chosen))
    if plans != 1:
        raise usage_error(msg("build.one-file-plans", output=str(output), n=plans))
    return chosen, True


def fails_check(checked: CheckedPlan, strict: bool | None) -> bool:
    """Whether findings stop the build: errors, or warnings too under ``strict``."""
    return bool(checked.errors or (strict and checked.warnings))


def render_plan(source: Path, options: BuildOptions, jobs: int = 1,
                pass_over_non_plans: bool = False) -> RenderedPlan:
    """Check the plan at ``source`` and render every format into memory; write nothing.

    With ``jobs`` above 1, the formats render side by side in forked processes. Under
    ``pass_over_non_plans`` (a file found in a folder), a YAML file that is not a plan
    is passed over.
    """
    try:
        config = config_for(source)
        checked = check_found_file(source, display_path(source), pass_over_non_plans,
                                   config.rule_defaults)
    except (MktplanError, OSError) as exc:
        return RenderedPlan(source, None, problem=error_message(exc))
    if checked is None:
        return RenderedPlan(source, None, passed_over=True)
    if checked.unreadable:
        from mktplan.text.messages import choose, text

        reason = text(checked.findings[0], choose(options.lang))
        return RenderedPlan(source, None, problem=f"{checked.file}: {reason}")
    options = options.for_plan(config)
    # results cross process boundaries: keep them small, their findings already worded
    portable = _without_plan(in_language(checked, options.lang, config.language))
    if checked.plan is None or fails_check(checked, options.strict):
        return RenderedPlan(source, portable, options=options)
    plan = checked.plan
    contents, problem = _render_checked(checked, _compare_spec(source, plan, options),
                                        options, jobs, Path(checked.file))
    if problem is not None:
        return RenderedPlan(source, portable, plan.meta.id, options=options,
                            problem=msg("files.at", file=str(source), reason=problem))
    return RenderedPlan(source, portable, plan.meta.id, contents, options=options)


def _compare_spec(source: Path, plan: Plan, options: BuildOptions) -> tuple[str, str] | None:
    """The plan to compare with and its name in the chapter, if any.

    ``--compare``, else ``meta.compare`` from the plan file's folder (or ``REV:path``, see
    :func:`~mktplan.rules.pipeline.compare_target`); the chapter names a file from the
    plan's folder, so that the build does not depend on the working directory.
    """
    folder = Path.cwd() if source == STDIN else source.parent
    if options.compare is not None:
        return options.compare, _from_folder(options.compare, folder)
    target = compare_target(plan, source)
    if target is None or plan.meta.compare is None:
        return None
    return target, plan.meta.compare


def _from_folder(spec: str, folder: Path) -> str:
    """A plan file named from ``folder`` (``REV:path`` as given), as the chapter shows it."""
    path = Path(spec)
    if not path.is_file():
        return spec
    try:
        return Path(os.path.relpath(path.absolute(), folder.absolute())).as_posix()
    except ValueError:  # another drive (Windows)
        return spec


def _render_checked(checked: CheckedPlan, compare: tuple[str, str] | None,
                    options: BuildOptions, jobs: int,
                    shown: Path) -> tuple[dict[str, bytes], Problem | None]:
    from mktplan.render.comparison import compare_with
    from mktplan.render.context import build_view
    from mktplan.render.labels import load_catalog

    plan = checked.plan
    assert plan is not None
    try:
        logo = _logo(plan, plan_folder(str(shown)))
        view = build_view(plan, load_catalog(plan.meta.language, options.templates), logo=logo)
        if compare is not None:
            view = replace(view, comparison=compare_with(checked, compare[0], view.fmt,
                                                         view.catalog, compare[1]))
    except ImageError as exc:  # changed since the check, which reports it as references-logo
        return {}, msg("build.logo", logo=plan.meta.logo, reason=exc.detail or str(exc))
    except MktplanError as exc:  # the user's label catalog: its message names file:line:col
        return {}, error_message(exc)
    # the label catalog may be the user's own file: whatever goes wrong becomes a message
    except Exception as exc:
        return {}, msg("build.view-failed", error=f"{type(exc).__name__}: {exc}")
    return render_formats(view, options, jobs)


def _logo(plan: Plan, folder: Path) -> Image | None:
    """The title page's logo, read from the plan's folder (``check`` has vouched for it)."""
    written = plan.meta.logo
    return None if written is None else read_image(resolve_inside(folder, written), written)


# --- rendering the formats -----------------------------------------------------------------
def render_formats(view: PlanView, options: BuildOptions,
                   jobs: int = 1) -> tuple[dict[str, bytes], Problem | None]:
    """Every format's bytes by file extension, or why one could not be rendered.

    Formats are independent and each takes a while on a big plan (python-docx, XlsxWriter,
    Jinja), so with ``jobs`` above 1 and ``fork`` available, all formats but the first
    render in forked processes, which inherit the view instead of receiving a copy,
    while this process renders the first. Two formats with one renderer (the Word file
    and the PDF made from it) render once. A converted format's bytes are its source's
    (the PDF's are the Word file's): :func:`build` converts them.
    """
    same = _renderer_shared(options.formats)
    names = tuple(name for name in options.formats if same[name] == name)
    workers = min(jobs, len(names)) - 1
    if workers < 1 or "fork" not in multiprocessing.get_all_start_methods():
        return _shared(options.formats, same, *_render_here(names, view, options.templates))
    from concurrent.futures import ProcessPoolExecutor

    pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"),
                               initializer=_adopt,
                               initargs=(view, options.templates, os.getpid()))
    try:
        futures = {name: pool.submit(_render_adopted, name) for name in names[1:]}
        done = {names[0]: _render_one(names[0], view, options.templates)}
        done.update((name, future.result()) for name, future in futures.items())
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
    return _shared(options.formats, same, *_collect(names, done))


def _renderer_shared(names: Sequence[str]) -> dict[str, str]:
    """Each format → the first of ``names`` with the same renderer (itself, mostly)."""
    first: dict[str, str] = {}
    return {name: first.setdefault(FORMATS[name].target, name) for name in names}


def _shared(names: Sequence[str], same: dict[str, str], contents: dict[str, bytes],
            problem: Problem | None) -> tuple[dict[str, bytes], Problem | None]:
    """The contents of every format in ``names`` order, rendered once per renderer."""
    if problem is not None:
        return contents, problem
    return {FORMATS[name].extension: contents[FORMATS[same[name]].extension]
            for name in names}, None


RenderOutcome = tuple[bytes, Problem | None]
_adopted: tuple[PlanView, Path | None] | None = None  # a format worker's view and templates


def _render_here(names: Sequence[str], view: PlanView,
                 templates: Path | None) -> tuple[dict[str, bytes], Problem | None]:
    done: dict[str, RenderOutcome] = {}
    for name in names:
        done[name] = _render_one(name, view, templates)
        if done[name][1] is not None:
            break
    return _collect(names, done)


def _render_one(name: str, view: PlanView, templates: Path | None) -> RenderOutcome:
    """A format's bytes, or no bytes and why: in a worker too, so no exception is pickled."""
    output_format = FORMATS[name]
    try:
        return output_format.load()(view, templates), None
    except MktplanError as exc:  # a renderer's own message names the template and the line
        return b"", msg("build.format-failed", extension=output_format.extension,
                        reason=error_message(exc))
    # renderers run the user's own templates: whatever goes wrong becomes a message
    except Exception as exc:
        return b"", msg("build.format-crashed", extension=output_format.extension,
                        error=f"{type(exc).__name__}: {exc}")


def _collect(names: Sequence[str],
             done: dict[str, RenderOutcome]) -> tuple[dict[str, bytes], Problem | None]:
    contents: dict[str, bytes] = {}
    for name in names:  # the first failure in format order is the one reported
        content, failure = done[name]
        if failure is not None:
            return {}, failure
        contents[FORMATS[name].extension] = content
    return contents, None


def _adopt(view: PlanView, templates: Path | None, parent: int) -> None:
    global _adopted
    _adopted = (view, templates)
    become_worker(parent)


def _render_adopted(name: str) -> RenderOutcome:
    assert _adopted is not None, "a format worker starts with the view"
    return _render_one(name, *_adopted)


def _without_plan(checked: CheckedPlan) -> CheckedPlan:
    document = checked.document
    slim = LoadedDocument(document.file, document.text, None, SourceMap(), [])
    return CheckedPlan(slim, None, checked.findings, language=checked.language)


def build(sources: Sequence[Path], options: BuildOptions, jobs: int | None = None,
          on_done: Callable[[Path], None] | None = None,
          found: Collection[Path] = ()) -> list[PlanBuild]:
    """Build (or, with ``check_only``, compare) every plan; results in the order given.

    ``jobs`` worker processes render plans in parallel (default: one per core);
    1, or a single plan, renders in this process. ``on_done`` is called with each plan's
    source once it is rendered. Every file is staged first (written to a temp file
    beside its target); only when every plan is rendered and no two plans share an id
    are they renamed into place, each plan's files together. The sources in ``found``
    were found in a folder: those that are not plans are passed over.
    """
    prepared: list[_Prepared] = []
    cleaned: set[Path] = set()
    conversions = _Conversions.for_build(options)
    try:
        for made in _render_all(sources, options, jobs or os.cpu_count() or 1, found):
            rendered = conversions.apply(made)
            folder = rendered.options.folder if rendered.options is not None else None
            if folder is not None and not options.check_only and folder not in cleaned:
                remove_stale_temp_files(folder)
                cleaned.add(folder)
            prepared.append(_prepare(rendered))
            if on_done is not None:
                on_done(rendered.source)
        clashes = _id_clashes(prepared)
        if clashes:
            return [_refused(item, clashes) for item in prepared]
        return [_commit(item) for item in prepared]
    finally:
        conversions.close()
        for item in prepared:
            discard(item.staged)  # what was committed is no longer there to remove


class _Conversions:
    """A build's LibreOffice: the PDF, and the page numbers of the Word file's contents.

    One office for the whole build, started for the first plan that needs it. A build
    asking for a PDF looks for LibreOffice before anything renders, so that where it is
    missing the build stops (:class:`UsageError`) before it writes anything; a build of
    the Word file alone looks for it when the first plan is rendered, and without it
    writes the Word file with no page numbers and a notice.
    """

    def __init__(self, office: LibreOffice | None) -> None:
        self.office = office
        self.converter: PdfConverter | None = None
        self._looked = office is not None

    @classmethod
    def for_build(cls, options: BuildOptions) -> _Conversions:
        if not any(FORMATS[name].converted for name in options.formats):
            return cls(None)
        if options.check_only:
            raise usage_error(msg("build.check-pdf"))
        return cls(find_libreoffice())

    def apply(self, rendered: RenderedPlan) -> RenderedPlan:
        """The plan with its PDF made from its Word file, whose contents gain page numbers."""
        if ".pdf" in rendered.contents:
            return self._convert(rendered)
        if ".docx" in rendered.contents and rendered.options and rendered.options.toc_pages:
            return self._paginate(rendered)
        return rendered

    def _convert(self, rendered: RenderedPlan) -> RenderedPlan:
        from mktplan.render.docx.pages import with_page_numbers

        try:
            converted = self._converter().convert(rendered.contents[".pdf"])
        except MktplanError as exc:
            failed = msg("build.format-failed", extension=".pdf", reason=error_message(exc))
            return replace(rendered, contents={},
                           problem=msg("files.at", file=str(rendered.source), reason=failed))
        contents = dict(rendered.contents)
        contents[".pdf"] = converted.pdf
        if ".docx" in contents:
            contents[".docx"] = with_page_numbers(contents[".docx"], converted.toc_pages)
        return replace(rendered, contents=contents)

    def _paginate(self, rendered: RenderedPlan) -> RenderedPlan:
        """The Word file with its contents' page numbers, from LibreOffice's layout of it."""
        from mktplan.render.docx.pages import with_page_numbers

        if not self._found():
            return replace(rendered, notice="build.toc-unpaged")
        try:
            pages = self._converter().toc_pages(rendered.contents[".docx"])
        except MktplanError as exc:
            failed = msg("build.toc-pages-failed", reason=error_message(exc))
            return replace(rendered, contents={},
                           problem=msg("files.at", file=str(rendered.source), reason=failed))
        contents = dict(rendered.contents)
        contents[".docx"] = with_page_numbers(contents[".docx"], pages)
        return replace(rendered, contents=contents)

    def _found(self) -> bool:
        """Whether there is a LibreOffice, looked for once per build."""
        if not self._looked:
            self._looked = True
            try:
                self.office = find_libreoffice()
            except UsageError:
                self.office = None
        return self.office is not None

    def _converter(self) -> PdfConverter:
        assert self.office is not None, "a conversion needs the office found"
        if self.converter is None:
            self.converter = PdfConverter(self.office)
        return self.converter

    def close(self) -> None:
        """Stop the office, if one was started."""
        if self.converter is not None:
            self.converter.close()


@dataclass
class _Prepared:
    """A plan rendered and its changed files staged, before they are renamed into place."""

    source: Path
    checked: CheckedPlan | None
    plan_id: str
    files: list[OutputFile]
    """Every output in format order: ``--check``'s comparisons, or what committing makes of
    each file (``written`` for a staged one, ``unchanged`` for one left alone)."""
    staged: list[Staged] = field(default_factory=list)
    kept: list[Kept] = field(default_factory=list)
    """The unchanged files, as they were when compared (see :func:`commit`)."""
    problem: Problem | None = None
    passed_over: bool = False
    options: BuildOptions | None = None
    notice: str | None = None


def _render_all(sources: Sequence[Path], options: BuildOptions, jobs: int,
                found: Collection[Path]) -> Iterator[RenderedPlan]:
    pass_over = [source in found for source in sources]
    # a worker process cannot read the plan on standard input: that build stays here
    if jobs <= 1 or len(sources) <= 1 or STDIN in sources:
        yield from map(render_plan, sources, repeat(options), repeat(jobs), pass_over)
        return
    from concurrent.futures import ProcessPoolExecutor  # only for several plans at once

    pool = ProcessPoolExecutor(max_workers=min(jobs, len(sources)),
                               initializer=become_worker, initargs=(os.getpid(),))
    try:
        yield from pool.map(render_plan, sources, repeat(options), repeat(1), pass_over)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _prepare(rendered: RenderedPlan) -> _Prepared:
    """Compare (``--check``) or stage a rendered plan's files; nothing is replaced yet."""
    source, checked, plan_id = rendered.source, rendered.checked, rendered.plan_id
    options = rendered.options
    if rendered.passed_over:
        return _Prepared(source, None, plan_id, [], passed_over=True)
    if rendered.problem is not None or not rendered.contents or options is None:
        return _Prepared(source, checked, plan_id, [], problem=rendered.problem,
                         options=options)
    targets = {options.target(plan_id, extension): content
               for extension, content in rendered.contents.items()}
    if options.check_only:
        return _Prepared(source, checked, plan_id,
                         [_compare(path, data) for path, data in targets.items()],
                         options=options, notice=rendered.notice)
    prepared = _Prepared(source, checked, plan_id, [], options=options,
                         notice=rendered.notice)
    try:
        for path, data in targets.items():
            current = path  # for the message, should this file fail
            kept = _holds(path, data)
            if kept is not None:
                prepared.kept.append(kept)
                prepared.files.append(OutputFile(path, len(data), FileState.UNCHANGED))
                continue
            prepared.staged.append(stage(path, data))
            prepared.files.append(OutputFile(path, len(data), FileState.WRITTEN))
    except OSError as exc:
        discard(prepared.staged)
        problem = msg("build.cannot-write", file=str(current), reason=os_reason(exc))
        return _Prepared(source, checked, plan_id, [], problem=problem, options=options)
    except BaseException:
        discard(prepared.staged)
        raise
    return prepared


def _compare(path: Path, data: bytes) -> OutputFile:
    if not path.is_symlink() and not path.exists():
        return OutputFile(path, len(data), FileState.MISSING)
    try:
        fresh = _holds(path, data) is not None
    except OSError:  # unreadable: it cannot be the file the plan builds
        fresh = False
    return OutputFile(path, len(data), FileState.FRESH if fresh else FileState.STALE)


def _holds(path: Path, data: bytes) -> Kept | None:
    """The file as it is, if it is a regular file that already holds exactly ``data``.

    An output folder may come from a repository, where an output can be a link to a
    device or a FIFO: such a file is never read (see :mod:`mktplan.files.reading`), and no
    file is read past the size of ``data``.
    """
    try:
        before = identity(path)
        same = before[2] == len(data) and read_regular_file(path, len(data)) == data
    except (FileNotFoundError, InputError):  # missing, or not a regular file of this size
        return None
    return Kept(path, before) if same else None


def _id_clashes(prepared: Sequence[_Prepared]) -> dict[Path, Message]:
    """Each plan whose ``meta.id`` another plan of the build has too → why nothing is written."""
    sharing: dict[tuple[Path | None, str], list[Path]] = {}
    for item in prepared:
        if item.plan_id:
            sharing.setdefault(_output_key(item), []).append(item.source)
    clashes: dict[Path, Message] = {}
    for item in prepared:
        others = [str(path) for path in sharing.get(_output_key(item), [])
                  if path != item.source]
        if item.plan_id and others:
            clashes[item.source] = msg("build.id-clash", file=str(item.source), id=item.plan_id,
                                       others=tuple(others))
    return clashes


def _output_key(item: _Prepared) -> tuple[Path | None, str]:
    """Plans clash when they write the same names into the same folder."""
    folder = item.options.folder if item.options is not None else None
    return folder, item.plan_id.casefold()


def _refused(item: _Prepared, clashes: dict[Path, Message]) -> PlanBuild:
    """Two plans share an id: no file of any plan is replaced, and each plan says why."""
    if item.passed_over:
        return PlanBuild(item.source, None, [], passed_over=True)
    problem: Problem | None = clashes.get(item.source) or item.problem
    if problem is None and item.staged:
        problem = msg("build.not-written-clash", file=str(item.source))
    kept = [file for file in item.files if file.state is not FileState.WRITTEN]
    return PlanBuild(item.source, item.checked, [] if item.source in clashes else kept, problem,
                     options=item.options)


def _commit(item: _Prepared) -> PlanBuild:
    if item.passed_over:
        return PlanBuild(item.source, None, [], passed_over=True)
    try:
        commit(item.staged, item.kept)
    except ReplacedMeanwhileError as exc:
        problem = msg("build.replaced", file=str(exc.filename), source=str(item.source))
        return PlanBuild(item.source, item.checked, [], problem, options=item.options)
    except OSError as exc:
        problem = msg("build.cannot-move", file=str(exc.filename or item.source),
                      reason=os_reason(exc))
        return PlanBuild(item.source, item.checked, [], problem, options=item.options)
    item.staged = []  # renamed: nothing left to discard
    return PlanBuild(item.source, item.checked, item.files, item.problem, options=item.options,
                     notice=item.notice)


def exit_code(results: Iterable[PlanBuild], options: BuildOptions) -> int:
    """2 for any I/O or rendering problem, else 1 for failed checks or outdated files, else 0."""
    results = list(results)
    if any(result.problem for result in results):
        return EXIT_USAGE
    if any(result.stopped(options) for result in results):
        return EXIT_FINDINGS
    if options.check_only and any(result.outdated for result in results):
        return EXIT_FINDINGS
    return EXIT_CLEAN
