"""Building deliverables: check each plan, render every format, write the files safely.

A plan is built in two steps. :func:`render_plan` checks it and renders each format
into memory; it runs in worker processes when many plans are built in parallel, and
returns findings and bytes, never writing anything. :func:`build` then, in the calling
process and in plan order, either writes the files (each atomically, and only when its
bytes changed) or, for ``build --check``, compares them with the files on disk.

So a plan that fails its check writes nothing, a renderer that raises writes nothing
(all formats are rendered before the first file is written), an interrupt never leaves
a half-written file, and two plans with the same ``meta.id`` cannot overwrite each
other's outputs. Nothing here prints: results are values for the command to show.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from enum import Enum
from itertools import repeat
from pathlib import Path
from typing import TYPE_CHECKING

from mktplan.errors import MktplanError, UsageError
from mktplan.exits import EXIT_CLEAN, EXIT_FINDINGS, EXIT_USAGE
from mktplan.load.source import LoadedDocument, SourceMap
from mktplan.pipeline import CheckedPlan, check_file
from mktplan.render.formats import FORMATS
from mktplan.render.output import remove_stale_temp_files, write_atomic

if TYPE_CHECKING:
    from mktplan.render.context import PlanView

DEFAULT_FORMATS: tuple[str, ...] = tuple(FORMATS)


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
    """What to build and where."""

    output: Path
    formats: tuple[str, ...] = DEFAULT_FORMATS
    templates: Path | None = None
    strict: bool = False
    check_only: bool = False


@dataclass(frozen=True)
class RenderedPlan:
    """A plan checked and rendered in memory: findings, and each output's bytes."""

    source: Path
    checked: CheckedPlan | None
    """None when the file could not be read (see ``problem``)."""
    plan_id: str = ""
    contents: dict[str, bytes] = field(default_factory=dict)
    """File extension (``.md``) → bytes; empty when the check failed."""
    problem: str | None = None
    """Why the plan could not be read or rendered."""


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
    problem: str | None = None
    """An I/O or rendering problem; nothing of this plan was written after it."""

    @property
    def outdated(self) -> list[OutputFile]:
        """``--check``: the files that are missing or stale."""
        return [file for file in self.files if file.state in OUTDATED]


def parse_formats(text: str) -> tuple[str, ...]:
    """``"docx,xlsx"`` → ``("docx", "xlsx")``; raises :class:`UsageError` for unknown names."""
    names = [name.strip().lower() for name in text.split(",") if name.strip()]
    unknown = [name for name in names if name not in FORMATS]
    if unknown or not names:
        shown = ", ".join(repr(name) for name in unknown) or "no format"
        raise UsageError(f"unknown output format {shown}; choose from: {', '.join(FORMATS)}")
    return tuple(dict.fromkeys(names))


def fails_check(checked: CheckedPlan, strict: bool) -> bool:
    """Whether findings stop the build: errors, or warnings too under ``strict``."""
    return bool(checked.errors or (strict and checked.warnings))


def render_plan(source: Path, options: BuildOptions, jobs: int = 1) -> RenderedPlan:
    """Check the plan at ``source`` and render every format into memory; write nothing.

    With ``jobs`` above 1, the formats render side by side in forked processes.
    """
    try:
        checked = check_file(source, str(source))
    except (MktplanError, OSError) as exc:
        return RenderedPlan(source, None, problem=str(exc))
    portable = _without_plan(checked)  # results cross process boundaries: keep them small
    if checked.plan is None or fails_check(checked, options.strict):
        return RenderedPlan(source, portable)
    from mktplan.render.context import build_view
    from mktplan.render.labels import load_catalog

    plan = checked.plan
    try:
        view = build_view(plan, load_catalog(plan.meta.language, options.templates))
    except MktplanError as exc:  # the user's label catalog: its message names file:line:col
        return RenderedPlan(source, portable, plan.meta.id, problem=f"{source}: {exc}")
    # the label catalog may be the user's own file: whatever goes wrong becomes a message
    except Exception as exc:
        problem = f"{source}: cannot build the view ({type(exc).__name__}: {exc})"
        return RenderedPlan(source, portable, plan.meta.id, problem=problem)
    contents, failure = render_formats(view, options, jobs)
    if failure is not None:
        return RenderedPlan(source, portable, plan.meta.id, problem=f"{source}: {failure}")
    return RenderedPlan(source, portable, plan.meta.id, contents)


# --- rendering the formats -----------------------------------------------------------------
def render_formats(view: PlanView, options: BuildOptions,
                   jobs: int = 1) -> tuple[dict[str, bytes], str | None]:
    """Every format's bytes by file extension, or why one could not be rendered.

    Formats are independent and each takes a while on a big plan (python-docx, openpyxl,
    Jinja), so with ``jobs`` above 1 and ``fork`` available, all formats but the first
    render in forked processes, which inherit the view instead of receiving a copy,
    while this process renders the first.
    """
    names = options.formats
    workers = min(jobs, len(names)) - 1
    if workers < 1 or "fork" not in multiprocessing.get_all_start_methods():
        return _render_here(names, view, options.templates)
    from concurrent.futures import ProcessPoolExecutor

    pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"),
                               initializer=_adopt, initargs=(view, options.templates))
    try:
        futures = {name: pool.submit(_render_adopted, name) for name in names[1:]}
        done = {names[0]: _render_one(names[0], view, options.templates)}
        done.update((name, future.result()) for name, future in futures.items())
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
    return _collect(names, done)


RenderOutcome = tuple[bytes, str | None]
_adopted: tuple[PlanView, Path | None] | None = None  # a format worker's view and templates


def _render_here(names: Sequence[str], view: PlanView,
                 templates: Path | None) -> tuple[dict[str, bytes], str | None]:
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
        return output_format.renderer()(view, templates), None
    except MktplanError as exc:  # a renderer's own message names the template and the line
        return b"", f"cannot build the {output_format.extension} file: {exc}"
    # renderers run the user's own templates: whatever goes wrong becomes a message
    except Exception as exc:
        return b"", f"cannot build the {output_format.extension} file ({type(exc).__name__}: {exc})"


def _collect(names: Sequence[str],
             done: dict[str, RenderOutcome]) -> tuple[dict[str, bytes], str | None]:
    contents: dict[str, bytes] = {}
    for name in names:  # the first failure in format order is the one reported
        content, failure = done[name]
        if failure is not None:
            return {}, failure
        contents[FORMATS[name].extension] = content
    return contents, None


def _adopt(view: PlanView, templates: Path | None) -> None:
    global _adopted
    _adopted = (view, templates)
    _leave_interrupts_to_the_parent()


def _render_adopted(name: str) -> RenderOutcome:
    assert _adopted is not None, "a format worker starts with the view"
    return _render_one(name, *_adopted)


def _without_plan(checked: CheckedPlan) -> CheckedPlan:
    document = checked.document
    slim = LoadedDocument(document.file, document.text, None, SourceMap(), [])
    return CheckedPlan(slim, None, checked.findings)


def build(sources: Sequence[Path], options: BuildOptions, jobs: int | None = None,
          on_done: Callable[[PlanBuild], None] | None = None) -> list[PlanBuild]:
    """Build (or, with ``check_only``, compare) every plan; results in the order given.

    ``jobs`` worker processes render plans in parallel (default: one per core);
    1, or a single plan, renders in this process. ``on_done`` is called after each plan.
    """
    if not options.check_only:
        remove_stale_temp_files(options.output)
    claimed: dict[str, Path] = {}
    results: list[PlanBuild] = []
    for rendered in _render_all(sources, options, jobs or os.cpu_count() or 1):
        result = _finish(rendered, options, claimed)
        results.append(result)
        if on_done is not None:
            on_done(result)
    return results


def _render_all(sources: Sequence[Path], options: BuildOptions,
                jobs: int) -> Iterator[RenderedPlan]:
    if jobs <= 1 or len(sources) <= 1:
        yield from (render_plan(source, options, jobs) for source in sources)
        return
    from concurrent.futures import ProcessPoolExecutor  # only for several plans at once

    pool = ProcessPoolExecutor(max_workers=min(jobs, len(sources)),
                               initializer=_leave_interrupts_to_the_parent)
    try:
        yield from pool.map(render_plan, sources, repeat(options))
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _leave_interrupts_to_the_parent() -> None:
    # Ctrl-C reaches the whole process group; the parent stops the build, and a worker
    # only renders into memory, so it may finish its plan quietly instead of a traceback.
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _finish(rendered: RenderedPlan, options: BuildOptions,
            claimed: dict[str, Path]) -> PlanBuild:
    source, checked = rendered.source, rendered.checked
    if rendered.problem is not None or not rendered.contents:
        return PlanBuild(source, checked, [], rendered.problem)
    owner = claimed.setdefault(rendered.plan_id.casefold(), source)
    if owner != source:
        problem = (f"{source}: its meta.id '{rendered.plan_id}' is also the id of {owner}, so "
                   "their outputs would overwrite each other; give each plan its own id")
        return PlanBuild(source, checked, [], problem)
    targets = {options.output / f"{rendered.plan_id}{extension}": content
               for extension, content in rendered.contents.items()}
    if options.check_only:
        return PlanBuild(source, checked, [_compare(path, data) for path, data in targets.items()])
    return _write(source, checked, targets)


def _compare(path: Path, data: bytes) -> OutputFile:
    try:
        current = path.read_bytes()
    except FileNotFoundError:
        return OutputFile(path, len(data), FileState.MISSING)
    except OSError:  # unreadable: it cannot be the file the plan builds
        return OutputFile(path, len(data), FileState.STALE)
    return OutputFile(path, len(data), FileState.FRESH if current == data else FileState.STALE)


def _write(source: Path, checked: CheckedPlan | None, targets: dict[Path, bytes]) -> PlanBuild:
    files: list[OutputFile] = []
    for path, data in targets.items():
        try:
            if _holds(path, data):
                files.append(OutputFile(path, len(data), FileState.UNCHANGED))
                continue
            write_atomic(path, data)
        except OSError as exc:
            reason = exc.strerror or str(exc)
            problem = f"{path}: cannot write the file ({reason}); check the output folder"
            return PlanBuild(source, checked, files, problem)
        files.append(OutputFile(path, len(data), FileState.WRITTEN))
    return PlanBuild(source, checked, files)


def _holds(path: Path, data: bytes) -> bool:
    try:
        return path.stat().st_size == len(data) and path.read_bytes() == data
    except FileNotFoundError:
        return False


def exit_code(results: Iterable[PlanBuild], options: BuildOptions) -> int:
    """2 for any I/O or rendering problem, else 1 for failed checks or outdated files, else 0."""
    results = list(results)
    if any(result.problem for result in results):
        return EXIT_USAGE
    if any(result.checked is not None and fails_check(result.checked, options.strict)
           for result in results):
        return EXIT_FINDINGS
    if options.check_only and any(result.outdated for result in results):
        return EXIT_FINDINGS
    return EXIT_CLEAN
