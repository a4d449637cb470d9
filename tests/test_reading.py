"""Files a repository may hold that are not plain files: FIFOs, devices, /proc, growing files.

Each hostile file is tried through the reader itself and through the commands, in a
fresh process with a deadline: before mktplan read regular files only, a FIFO hung
``check`` for ever, a link to ``/dev/zero`` grew it past 3 GB, and a link to
``/proc/self/environ`` printed the process's environment in an error excerpt.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from mktplan.errors import FileTooLargeError, InputError
from mktplan.files import reading
from mktplan.files.reading import CHANGED_WHILE_READ, read_regular_file

from .conftest import FIXTURES, write_file

BASE = (FIXTURES / "_base.yaml").read_text(encoding="utf-8")
SECRET = "mktplan-test-secret-4f1c9a"  # put in the environment of the processes run here
ENVIRON = Path("/proc/self/environ")

needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
needs_dev_zero = pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero")
needs_proc = pytest.mark.skipif(not ENVIRON.exists(), reason="no /proc/self/environ")


def mktplan(*args: str | Path, cwd: Path | None = None,
            env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run the console script with a deadline; the secret is in its environment."""
    environment = {**os.environ, "MKTPLAN_TEST_SECRET": SECRET, "NO_COLOR": "1", **(env or {})}
    return subprocess.run([sys.executable, "-m", "mktplan", *map(str, args)], cwd=cwd,
                          env=environment, capture_output=True, text=True, check=False,
                          timeout=60)


@pytest.fixture
def fifo(tmp_path: Path) -> Path:
    path = tmp_path / "fifo.yaml"
    os.mkfifo(path)
    return path


def link(tmp_path: Path, name: str, target: Path) -> Path:
    path = tmp_path / name
    path.symlink_to(target)
    return path


# -- the reader -------------------------------------------------------------------------
def test_a_regular_file_is_read_whole(tmp_path: Path) -> None:
    path = write_file(tmp_path, "plan.yaml", BASE)
    assert read_regular_file(path, len(BASE.encode())) == BASE.encode()


def test_a_file_over_the_limit_is_refused_before_it_is_read(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write_file(tmp_path, "plan.yaml", "x" * 101)
    monkeypatch.setattr(reading, "read_at_most", lambda *_: pytest.fail("it was read"))
    with pytest.raises(FileTooLargeError) as raised:
        read_regular_file(path, 100)
    assert (raised.value.size, raised.value.limit) == (101, 100)
    assert str(raised.value) == (f"{path}: the file is 101 bytes, over the 100-byte limit "
                                 "(raise it with MKTPLAN_MAX_BYTES)")


@needs_fifo
def test_a_fifo_is_refused_without_waiting_for_a_writer(fifo: Path, tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"is a named pipe \(FIFO\), not a regular file"):
        read_regular_file(fifo, 100)
    with pytest.raises(InputError, match=r"is a symbolic link to a named pipe \(FIFO\)"):
        read_regular_file(link(tmp_path, "to-fifo.yaml", fifo), 100)


@needs_dev_zero
def test_a_link_to_a_device_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InputError) as raised:
        read_regular_file(link(tmp_path, "zero.yaml", Path("/dev/zero")), 100)
    assert raised.value.reason == ("is a symbolic link to a character device, not a regular "
                                   "file; mktplan reads regular files only")


@needs_proc
def test_a_link_to_a_proc_file_is_refused_and_nothing_of_it_is_kept(tmp_path: Path) -> None:
    # /proc files call themselves regular files of size 0, and hold more than that
    with pytest.raises(InputError) as raised:
        read_regular_file(link(tmp_path, "environ.yaml", ENVIRON), 10**6)
    assert raised.value.reason == CHANGED_WHILE_READ


def test_a_file_holding_more_than_its_size_is_refused_after_size_plus_one_bytes(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write_file(tmp_path, "growing.yaml", "x" * 5000)
    real_fstat, real_read = os.fstat, reading.read_at_most
    asked: list[int] = []

    def fstat(descriptor: int) -> os.stat_result:  # the size when the file was opened
        status = list(real_fstat(descriptor))
        status[6] = 10
        return os.stat_result(status)

    def read_at_most(stream: object, count: int) -> bytes:
        asked.append(count)
        return real_read(stream, count)  # type: ignore[arg-type]

    monkeypatch.setattr(reading.os, "fstat", fstat)
    monkeypatch.setattr(reading, "read_at_most", read_at_most)
    with pytest.raises(InputError, match="the file changed while it was read"):
        read_regular_file(path, 10**6)
    assert asked == [11]


@pytest.mark.parametrize(("make", "reason"), [
    (lambda folder: folder / "nope.yaml", "no such file"),
    (lambda folder: folder, "is a folder, not a file"),
    (lambda folder: link(folder, "dangling.yaml", folder / "gone.yaml"),
     "is a symbolic link to a missing file"),
])
def test_other_unreadable_paths_say_why(tmp_path: Path, make: object, reason: str) -> None:
    path = make(tmp_path)  # type: ignore[operator]
    with pytest.raises(InputError) as raised:
        read_regular_file(path, 100)
    assert raised.value.reason == reason


# -- check --------------------------------------------------------------------------------
@pytest.fixture
def hostile(tmp_path: Path) -> Iterator[Path]:
    """A plan folder with a good plan and every kind of hostile file this machine can make."""
    folder = tmp_path / "plans"
    write_file(folder, "good.yaml", BASE)
    if hasattr(os, "mkfifo"):
        os.mkfifo(folder / "fifo.yaml")
    if Path("/dev/zero").exists():
        link(folder, "zero.yaml", Path("/dev/zero"))
    if ENVIRON.exists():
        link(folder, "environ.yaml", ENVIRON)
    yield folder


def hostile_names(folder: Path) -> list[str]:
    return sorted(str(path) for path in folder.iterdir() if path.name != "good.yaml")


@pytest.mark.parametrize("output_format", ["text", "json", "github", "sarif"])
def test_check_reports_hostile_files_beside_the_good_plan_and_shows_none_of_them(
        hostile: Path, output_format: str) -> None:
    done = mktplan("check", "--format", output_format, hostile)
    assert done.returncode == 2
    assert SECRET not in done.stdout + done.stderr
    hostile_files = hostile_names(hostile)
    assert hostile_files, "this machine can make none of the hostile files"
    for name in hostile_files:
        assert name in done.stdout
    if output_format == "json":
        data = json.loads(done.stdout)
        assert [entry["path"] for entry in data["files"]] == sorted(
            [str(hostile / "good.yaml"), *hostile_files])
        assert data["summary"]["unreadable"] == len(hostile_files)
        assert all(entry["findings"][0]["rule"] == "schema-file-unreadable"
                   for entry in data["files"] if entry["path"] in hostile_files)
    if output_format == "text":
        assert done.stdout.splitlines()[-1] == (
            f"{len(hostile_files)} of {len(hostile_files) + 1} files could not be read; "
            "the other plan is clean")


@needs_proc
@pytest.mark.parametrize("output_format", ["text", "json", "github", "sarif"])
def test_a_named_link_to_the_environment_shows_nothing_of_it(tmp_path: Path,
                                                             output_format: str) -> None:
    done = mktplan("check", "-f", output_format, link(tmp_path, "plan.yaml", ENVIRON))
    assert done.returncode == 2
    assert SECRET not in done.stdout + done.stderr
    assert "the file changed while it was read, or is not a real file" in done.stdout


@needs_fifo
def test_a_named_fifo_does_not_hang_check(fifo: Path) -> None:
    done = mktplan("check", fifo)
    assert done.returncode == 2
    assert "is a named pipe (FIFO), not a regular file" in done.stdout


# -- build, textconv, templates -------------------------------------------------------------
@pytest.fixture
def built(tmp_path: Path) -> tuple[Path, Path]:
    """A plan and its output folder, built once in Markdown."""
    plan = write_file(tmp_path, "plan.yaml", BASE)
    out = tmp_path / "out"
    done = mktplan("build", plan, "-o", out, "-f", "md", "-j", "1")
    assert done.returncode == 0, done.stderr
    return plan, out


def replace_output(out: Path, make: str) -> Path:
    output = out / "base.md"
    output.unlink()
    if make == "fifo":
        os.mkfifo(output)
    else:
        output.symlink_to(make)
    return output


@pytest.mark.parametrize("make", [
    pytest.param("fifo", marks=needs_fifo),
    pytest.param("/dev/zero", marks=needs_dev_zero),
    pytest.param(str(ENVIRON), marks=needs_proc),
])
def test_build_check_never_reads_an_output_that_is_not_a_regular_file(
        built: tuple[Path, Path], make: str) -> None:
    plan, out = built
    output = replace_output(out, make)
    done = mktplan("build", plan, "-o", out, "-f", "md", "--check")
    assert done.returncode == 1
    assert f"stale {output}" in done.stdout
    assert SECRET not in done.stdout + done.stderr
    rebuilt = mktplan("build", plan, "-o", out, "-f", "md", "-j", "1")  # replaces it: a file
    assert rebuilt.returncode == 0, rebuilt.stderr
    assert output.is_file() and not output.is_symlink()
    assert mktplan("build", plan, "-o", out, "-f", "md", "--check").returncode == 0


@needs_proc
def test_an_i18n_override_linked_to_the_environment_shows_nothing_of_it(tmp_path: Path) -> None:
    templates = tmp_path / "templates"
    (templates / "i18n").mkdir(parents=True)
    link(templates / "i18n", "en.yaml", ENVIRON)
    plan = write_file(tmp_path, "plan.yaml", BASE)
    done = mktplan("build", plan, "-o", tmp_path / "out", "-f", "md", "--templates", templates)
    assert done.returncode == 2
    assert "i18n/en.yaml leads out of the templates folder" in done.stderr
    assert SECRET not in done.stdout + done.stderr
    assert not (tmp_path / "out" / "base.md").exists()


@pytest.mark.parametrize("make", [
    pytest.param("fifo", marks=needs_fifo),
    pytest.param("/dev/zero", marks=needs_dev_zero),
    pytest.param(str(ENVIRON), marks=needs_proc),
])
def test_textconv_refuses_what_is_not_a_regular_file(tmp_path: Path, make: str) -> None:
    path = tmp_path / "plan.yaml"
    if make == "fifo":
        os.mkfifo(path)
    else:
        path.symlink_to(make)
    done = mktplan("textconv", path)
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr.startswith(f"mktplan: {path}: ")
    assert SECRET not in done.stderr


def test_textconv_copies_a_file_over_the_limit_as_written(tmp_path: Path) -> None:
    path = write_file(tmp_path, "plan.yaml", BASE)
    done = mktplan("textconv", path, env={"MKTPLAN_MAX_BYTES": "100"})
    assert done.returncode == 0
    header = (f"# mktplan textconv: {path} is shown as written; it does not load as a plan:\n"
              f"#   the file is {len(BASE.encode()):,} bytes, over the 100-byte limit "
              "(raise it with MKTPLAN_MAX_BYTES)\n")
    assert done.stdout == header + BASE


@pytest.mark.parametrize("make", [
    pytest.param("fifo", marks=needs_fifo),
    pytest.param(str(ENVIRON), marks=needs_proc),
])
def test_a_template_that_is_not_a_regular_file_is_refused_not_rendered(tmp_path: Path,
                                                                        make: str) -> None:
    templates = tmp_path / "templates"
    (templates / "markdown").mkdir(parents=True)
    template = templates / "markdown" / "plan.md.j2"
    if make == "fifo":
        os.mkfifo(template)
    else:
        template.symlink_to(make)
    plan = write_file(tmp_path, "plan.yaml", BASE)
    out = tmp_path / "out"
    done = mktplan("build", plan, "-o", out, "-f", "md", "--templates", templates,
                   env={"MKTPLAN_CACHE_DIR": ""})
    assert done.returncode == 2
    refusal = ("is a named pipe (FIFO), not a regular file" if make == "fifo"
               else "leads out of the templates folder")
    assert "cannot build the .md file: " in done.stderr
    assert f"{template}: {refusal}" in done.stderr or f"{template} {refusal}" in done.stderr
    assert SECRET not in done.stdout + done.stderr
    assert not (out / "base.md").exists()
