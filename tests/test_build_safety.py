"""``build`` under pressure: temp files, builds at once, shared ids, sets, workers, memory.

Temp files belong to their build; builds at once into one folder both succeed; plans
sharing an id are an error; a plan's files are replaced together; workers die with the
build; a plan at the expansion limit builds within the documented memory.
"""

from __future__ import annotations

import io
import os
import signal
import subprocess
import sys
import textwrap
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from mktplan.commands.build import run_build
from mktplan.files import writing
from mktplan.files.writing import STALE_AFTER_SECONDS, TEMP_PREFIX, TEMP_SUFFIX
from mktplan.model import expansion
from mktplan.registry import registry
from mktplan.render import deliverables
from mktplan.render.formats import FORMATS, OutputFormat

from .conftest import FIXTURES
from .test_expansion import gantt_plan

BASE = (FIXTURES / "_base.yaml").read_text(encoding="utf-8")
#: every format but the PDF, which LibreOffice makes (and stamps with the time, so it is
#: never "unchanged"); tests/test_pdf.py builds it
RENDERED = [name for name, entry in FORMATS.items() if not entry.converted]
ALL_FORMATS = ",".join(RENDERED)
LINUX = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc")
#: the address-space bound (prlimit --as) documented in docs/security.md, in MiB
DOCUMENTED_ADDRESS_SPACE_MIB = 1024


def write_plan(folder: Path, name: str = "plan.yaml", text: str = BASE) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def run(*paths: Path, output_folder: Path, formats: str = "md",
        jobs: int = 1, check: bool = False) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = run_build(list(paths), output_folder, formats, jobs, None, check, False, out, err)
    return code, out.getvalue(), err.getvalue()


def temp_files(folder: Path) -> list[Path]:
    return sorted(folder.glob(f"{TEMP_PREFIX}*")) if folder.is_dir() else []


def mktplan(*args: str | Path) -> list[str]:
    return [sys.executable, "-m", "mktplan", *(str(arg) for arg in args)]


def dead_pid() -> int:
    """The pid of a process that has ended (and been reaped)."""
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


# --- temp files belong to their build ------------------------------------------------------
def old_temp_file(folder: Path, owner: int | None, age: float = STALE_AFTER_SECONDS + 60,
                  ) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    name = f"{TEMP_PREFIX}{owner}-abc123{TEMP_SUFFIX}" if owner else f"{TEMP_PREFIX}x1{TEMP_SUFFIX}"
    path = folder / name
    path.write_bytes(b"half a file")
    then = time.time() - age
    os.utime(path, (then, then))
    return path


def test_temp_files_are_named_by_their_build(tmp_path: Path) -> None:
    staged = writing.stage(tmp_path / "plan.md", b"text")
    try:
        assert staged.temp.parent == tmp_path and staged.temp.name.startswith(TEMP_PREFIX)
        assert writing.temp_owner(staged.temp) == os.getpid()
        assert not (tmp_path / "plan.md").exists()
    finally:
        writing.discard([staged])
    assert temp_files(tmp_path) == []


def test_only_old_temp_files_of_ended_builds_are_removed(tmp_path: Path) -> None:
    out = tmp_path / "out"
    ended_old = old_temp_file(out, dead_pid())
    ended_new = old_temp_file(out, dead_pid(), age=60)
    with subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"]) as running:
        try:
            running_old = old_temp_file(out, running.pid)
            mine_old = old_temp_file(out, os.getpid())
            unnamed_old = old_temp_file(out, None)
            assert run(write_plan(tmp_path), output_folder=out)[0] == 0
            assert not ended_old.exists() and not unnamed_old.exists()
            assert ended_new.exists() and running_old.exists() and mine_old.exists()
        finally:
            running.kill()


# --- builds at once into one folder ---------------------------------------------------------
PAUSED_BUILD = textwrap.dedent("""
    # a build that stops with its files staged, and makes them look old, until told to go on
    import os, sys, time
    from pathlib import Path
    import mktplan.render.deliverables as build

    ready, go = Path(sys.argv[1]), Path(sys.argv[2])
    real_commit = build.commit

    def paused_commit(staged, kept=()):
        for file in staged:
            os.utime(file.temp, (time.time() - 7200,) * 2)
        ready.touch()
        deadline = time.monotonic() + 60
        while not go.exists() and time.monotonic() < deadline:
            time.sleep(0.02)
        real_commit(staged, kept)

    build.commit = paused_commit
    from mktplan.launch import run
    sys.exit(run(sys.argv[3:]))
""")


def test_a_build_does_not_remove_the_files_another_build_has_staged(tmp_path: Path) -> None:
    plan, out = write_plan(tmp_path), tmp_path / "out"
    ready, go = tmp_path / "ready", tmp_path / "go"
    first = subprocess.Popen([sys.executable, "-c", PAUSED_BUILD, ready, go, "build", plan,
                              "-o", out, "-f", ALL_FORMATS], stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 60
        while not ready.exists() and first.poll() is None and time.monotonic() < deadline:
            time.sleep(0.02)
        assert ready.exists(), first.communicate()
        staged = temp_files(out)
        assert len(staged) == len(RENDERED)
        # the second build removes stale temp files first: these look stale but their build runs
        second = subprocess.run(mktplan("build", plan, "-o", out, "-f", ALL_FORMATS),
                                capture_output=True, text=True, timeout=120)
        assert second.returncode == 0, second.stderr
        assert all(path.exists() for path in staged)
    finally:
        go.touch()
        stdout, stderr = first.communicate(timeout=120)
    assert first.returncode == 0, stderr
    assert "3 files written" in stdout or "files written" in stdout
    assert temp_files(out) == []


def test_two_builds_started_at_once_into_one_folder_both_succeed(tmp_path: Path) -> None:
    plans = [write_plan(tmp_path, f"{name}.yaml", BASE.replace("id: base", f"id: {name}"))
             for name in ("one", "two")]
    out = tmp_path / "out"
    for round_number in range(3):
        # both plans change every round, so both builds write all their files every time
        for plan in plans:
            plan.write_text(plan.read_text().replace("title: ", f"title: R{round_number} "))
        builds = [subprocess.Popen(mktplan("build", *plans, "-o", out, "-f", ALL_FORMATS),
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
                  for _ in range(2)]
        results = [(build.wait(timeout=180), build.communicate()) for build in builds]
        assert [code for code, _ in results] == [0, 0], results
        assert temp_files(out) == []
        for name in ("one", "two"):
            with zipfile.ZipFile(out / f"{name}.docx") as docx:
                assert docx.testzip() is None
            markdown = (out / f"{name}.md").read_text(encoding="utf-8")
            assert markdown.startswith(f"# R{round_number} ")


def test_a_set_is_not_mixed_with_another_builds_files(tmp_path: Path) -> None:
    plan, out = write_plan(tmp_path), tmp_path / "out"
    assert run(plan, output_folder=out, formats=ALL_FORMATS)[0] == 0
    docx = out / "base.docx"
    kept = writing.Kept(docx, writing.identity(docx))
    staged = writing.stage(out / "base.md", b"# new\n")
    os.replace(writing.stage(docx, b"another build's file").temp, docx)
    with pytest.raises(writing.ReplacedMeanwhileError):
        writing.commit([staged], [kept])
    assert (out / "base.md").read_text(encoding="utf-8") != "# new\n"
    writing.discard([staged])


# --- plans sharing an id ----------------------------------------------------------------------
def test_two_plans_with_one_id_are_an_error_before_anything_is_written(tmp_path: Path) -> None:
    plans = tmp_path / "plans"
    first = write_plan(plans, "a.yaml")
    second = write_plan(plans, "b.yaml", BASE.replace("title: Base plan", "title: Other"))
    other = write_plan(plans, "c.yaml", BASE.replace("id: base", "id: other"))
    out = tmp_path / "out"
    for jobs in (1, 2):
        code, stdout, stderr = run(plans, output_folder=out, jobs=jobs)
        assert code == 2
        assert (f"{first}: its meta.id 'base' is also the id of {second}, so their outputs "
                "would overwrite each other") in stderr
        assert f"{second}: its meta.id 'base' is also the id of {first}" in stderr
        assert f"{other}: not written, because two plans of this build share an id" in stderr
        assert temp_files(out) == [] and not any(out.glob("*.md"))
        assert "written" not in stdout
    assert run(first, other, output_folder=out)[0] == 0  # one of them: fine
    code, _, stderr = run(first, second, output_folder=out, check=True)
    assert code == 2 and "is also the id of" in stderr


# --- a plan's files are replaced together ------------------------------------------------------
def fail_on(monkeypatch: pytest.MonkeyPatch, suffix: str) -> None:
    """Make writing the temp file of the ``suffix`` output fail as a full disk does."""
    real_stage = writing.stage

    def stage(path: Path, data: bytes) -> writing.Staged:
        if path.suffix == suffix:
            raise OSError(28, "No space left on device")
        return real_stage(path, data)

    monkeypatch.setattr("mktplan.render.deliverables.stage", stage)


def test_a_full_disk_at_the_last_format_replaces_no_file(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    plan, out = write_plan(tmp_path), tmp_path / "out"
    assert run(plan, output_folder=out, formats=ALL_FORMATS)[0] == 0
    before = {path.name: path.read_bytes() for path in out.iterdir()}
    plan.write_text(BASE.replace("title: Base plan", "title: Changed"), encoding="utf-8")
    last = FORMATS[RENDERED[-1]].extension
    fail_on(monkeypatch, last)
    code, stdout, stderr = run(plan, output_folder=out, formats=ALL_FORMATS)
    assert code == 2
    assert f"{out / ('base' + last)}: cannot write the file (No space left on device)" in stderr
    assert {path.name: path.read_bytes() for path in out.iterdir()} == before
    assert "written" not in stdout


def test_a_renderer_failing_last_replaces_no_file(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from . import test_build

    failing = OutputFormat("boom", f"{test_build.__name__}:render", ".boom")
    monkeypatch.setattr(deliverables, "FORMATS", registry([*FORMATS.values(), failing]))
    plan, out = write_plan(tmp_path), tmp_path / "out"
    assert run(plan, output_folder=out, formats=ALL_FORMATS)[0] == 0
    before = {path.name: path.read_bytes() for path in out.iterdir()}
    plan.write_text(BASE.replace("title: Base plan", "title: Changed"), encoding="utf-8")
    code, _, stderr = run(plan, output_folder=out, formats=f"{ALL_FORMATS},boom", jobs=2)
    assert code == 2 and "cannot build the .boom file" in stderr
    assert {path.name: path.read_bytes() for path in out.iterdir()} == before


def test_unchanged_and_check_still_work_with_staging(tmp_path: Path) -> None:
    plan, out = write_plan(tmp_path), tmp_path / "out"
    assert run(plan, output_folder=out, formats=ALL_FORMATS)[0] == 0
    code, stdout, _ = run(plan, output_folder=out, formats=ALL_FORMATS)
    assert code == 0 and f"0 files written, {len(RENDERED)} unchanged" in stdout
    plan.write_text(BASE.replace("title: Base plan", "title: Changed"), encoding="utf-8")
    code, stdout, _ = run(plan, output_folder=out, formats=ALL_FORMATS, check=True)
    assert code == 1 and "missing or stale" in stdout and temp_files(out) == []
    code, stdout, _ = run(plan, output_folder=out, formats=ALL_FORMATS)
    assert code == 0 and f"{len(RENDERED)} files written" in stdout


# --- workers die with the build -----------------------------------------------------------------
def children_of(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state not in ("Z", "X")  # a zombie has ended; only its exit status is left


@LINUX
@pytest.mark.parametrize("several_plans", [False, True], ids=["format workers", "plan workers"])
def test_workers_end_when_the_build_is_killed(tmp_path: Path, several_plans: bool) -> None:
    plan = write_plan(tmp_path, "big.yaml", gantt_plan(6000, plan_id="big"))
    paths = [plan, write_plan(tmp_path, "big2.yaml", gantt_plan(6000, plan_id="big2"))]
    arguments = paths if several_plans else paths[:1]
    build = subprocess.Popen(mktplan("build", *arguments, "-o", tmp_path / "out", "-j", "3",
                                     "-f", ALL_FORMATS),
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        workers = wait_for_children(build)
        assert workers, "the build started no worker"
        os.kill(build.pid, signal.SIGKILL)
        build.wait(timeout=30)
        deadline = time.monotonic() + 5
        while any(alive(pid) for pid in workers) and time.monotonic() < deadline:
            time.sleep(0.05)
        survivors = [pid for pid in workers if alive(pid)]
    finally:
        build.kill()
    for pid in survivors:
        os.kill(pid, signal.SIGKILL)
    assert survivors == []


def wait_for_children(process: subprocess.Popen[bytes]) -> list[int]:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and process.poll() is None:
        workers = children_of(process.pid)
        if workers:
            time.sleep(0.3)  # let the pool start all of them
            return children_of(process.pid)
        time.sleep(0.02)
    return []


def test_a_worker_whose_parent_is_gone_ends(tmp_path: Path) -> None:
    script = textwrap.dedent("""
        import os, sys, time
        from mktplan.render import workers
        workers.become_worker(os.getppid() + 1 if len(sys.argv) > 1 else os.getppid())
        time.sleep(30)
    """)
    started = time.monotonic()
    result = subprocess.run([sys.executable, "-c", script, "orphan"], timeout=60)
    assert result.returncode == 1 and time.monotonic() - started < 20


# --- memory at the expansion limit -------------------------------------------------------------
def plan_at_the_limit() -> str:
    """The costliest plan at the limit found: Gantt rows over 36 months, just under it."""
    rows = (expansion.DEFAULT_MAX_EXPANDED - 36) // 36
    return gantt_plan(rows, plan_id="at-limit")


@pytest.fixture(scope="module")
def at_limit(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    folder = tmp_path_factory.mktemp("limit")
    yield write_plan(folder, "at-limit.yaml", plan_at_the_limit())


@LINUX
def test_a_plan_at_the_limit_builds_within_the_documented_memory(at_limit: Path) -> None:
    from mktplan.rules.pipeline import check_file

    measured = expansion.measure(check_file(at_limit).plan)  # type: ignore[arg-type]
    assert expansion.DEFAULT_MAX_EXPANDED - 36 < measured.total <= expansion.DEFAULT_MAX_EXPANDED
    limit = DOCUMENTED_ADDRESS_SPACE_MIB * 1024 * 1024
    script = (f"import resource, sys; resource.setrlimit(resource.RLIMIT_AS, ({limit}, {limit}));"
              " from mktplan.launch import run; sys.exit(run(sys.argv[1:]))")
    # mktplan's own memory: LibreOffice's layout for the contents' pages is another program
    result = subprocess.run([sys.executable, "-c", script, "build", at_limit, "-o",
                             at_limit.parent / "out", "-f", ALL_FORMATS, "--no-toc-pages"],
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    assert f"{len(RENDERED)} files written" in result.stdout
    documented = (Path(__file__).resolve().parent.parent / "docs" / "security.md").read_text()
    assert f"{DOCUMENTED_ADDRESS_SPACE_MIB:,} MiB" in documented


def test_one_row_more_than_the_limit_is_refused(at_limit: Path, tmp_path: Path) -> None:
    over = write_plan(tmp_path, "over.yaml", at_limit.read_text(encoding="utf-8").replace(
        "  tasks:\n", "  tasks:\n    - {id: extra, name: One more, owner: ops, start: 2027-01-01,"
        " duration_days: 2}\n", 1))
    code, stdout, _ = run(over, output_folder=tmp_path / "out")
    assert code == 1 and "schema-expansion-too-large" in stdout
    assert not (tmp_path / "out").exists()
