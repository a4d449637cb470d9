"""Writing deliverables safely: temp files in the target folder, fsync, then rename.

A plan's files are written in two steps: :func:`stage` writes each into a temp file
beside its target (fsynced), and only when every one of them is written does
:func:`commit` rename them into place, with Ctrl-C held off between the renames and
other builds into the same folder waiting. So an exception, a full disk or a kill never
leaves a half-written file in place of the last good one, nor a new ``.docx`` beside an
old ``.md``.

Temp files belong to their build: they are named ``.mktplan-<pid>-<random>.tmp``, and
:func:`remove_stale_temp_files` deletes one only when it is older than
:data:`STALE_AFTER_SECONDS` *and* the process that made it is gone, so two builds into
one folder at once never delete each other's files. (A lock file per folder held for
the whole build would do too, but it would stay in a folder of deliverables that is
often committed, and ``flock`` is unreliable on network filesystems.) On a folder shared
between machines or containers, a pid cannot be checked, and the age alone decides: a
build must not keep a temp file longer than that. The renames themselves take a short
``flock`` on the folder's own descriptor, which leaves nothing behind.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import signal
import tempfile
import time
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import NamedTuple

TEMP_PREFIX = ".mktplan-"
TEMP_SUFFIX = ".tmp"
STALE_AFTER_SECONDS = 3600
"""A temp file whose build is gone is removed once it is this old (an hour)."""
_OWNER = re.compile(rf"^{re.escape(TEMP_PREFIX)}(\d+)-")


class Staged(NamedTuple):
    """A file written to a temp file beside its target, waiting to be renamed into place."""

    target: Path
    temp: Path


def _file_mode(path: Path) -> int:
    """The mode the new file gets: the old file's, else what the umask allows."""
    try:
        return path.stat().st_mode & 0o777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def stage(path: Path, data: bytes) -> Staged:
    """Write ``data`` to a new temp file beside ``path`` and fsync it; ``path`` is untouched."""
    path.parent.mkdir(parents=True, exist_ok=True)
    mode = _file_mode(path)
    fd, temp_name = tempfile.mkstemp(prefix=f"{TEMP_PREFIX}{os.getpid()}-", suffix=TEMP_SUFFIX,
                                     dir=path.parent)
    try:
        os.fchmod(fd, mode)  # mkstemp makes 0600 files; a deliverable is shared
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp_name)
        raise
    return Staged(path, Path(temp_name))


class Kept(NamedTuple):
    """A file left alone because it already holds the right bytes, as it was when compared."""

    path: Path
    identity: tuple[int, int, int, int]
    """Device, inode, size and modification time: a replaced file has another."""


class ReplacedMeanwhileError(OSError):
    """A file this build left alone was replaced by another build before it could commit."""


def identity(path: Path) -> tuple[int, int, int, int]:
    """What tells a file apart from one put in its place (raises OSError if it is gone)."""
    info = path.stat()
    return (info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns)


def commit(staged: Sequence[Staged], kept: Sequence[Kept] = ()) -> None:
    """Rename the staged files into place, together, holding off Ctrl-C and other builds.

    A rename needs no space, so once every file is staged the set is replaced whole.
    Builds into the same folder commit one at a time (a lock on the folder itself, where
    the system has one), and a build whose ``kept`` files were replaced meanwhile raises
    :class:`ReplacedMeanwhileError` and replaces nothing: its set would be mixed (two
    different plans with one id, built at once).
    """
    if not staged:
        return  # nothing to replace, so nothing to mix
    folders = {file.target.parent for file in staged} | {file.path.parent for file in kept}
    with _interrupts_held(), contextlib.ExitStack() as locks:
        for folder in sorted(folders):
            locks.enter_context(_folder_locked(folder))
        for unchanged in kept:
            try:
                replaced = identity(unchanged.path) != unchanged.identity
            except OSError:
                replaced = True
            if replaced:
                raise ReplacedMeanwhileError(
                    errno.EAGAIN, "another build replaced it while this one ran; build again",
                    str(unchanged.path))
        for file in staged:
            os.replace(file.temp, file.target)


@contextlib.contextmanager
def _folder_locked(folder: Path) -> Iterator[None]:
    """An exclusive lock on the folder (``flock`` on its descriptor) while the block runs.

    Without ``fcntl`` (Windows), or where the filesystem refuses (some network mounts),
    the block runs unlocked: each file is still replaced atomically.
    """
    try:
        import fcntl
    except ImportError:
        yield
        return
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        yield
        return
    try:
        with contextlib.suppress(OSError):
            fcntl.flock(descriptor, fcntl.LOCK_EX)
        yield
    finally:
        os.close(descriptor)  # closing it releases the lock


def discard(staged: Iterable[Staged]) -> None:
    """Remove staged temp files that will not be committed (whatever is already gone)."""
    for file in staged:
        with contextlib.suppress(OSError):
            os.unlink(file.temp)


def write_atomic(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` atomically."""
    staged = stage(path, data)
    try:
        commit([staged])
    except BaseException:
        discard([staged])
        raise


@contextlib.contextmanager
def _interrupts_held() -> Iterator[None]:
    """Hold Ctrl-C (and SIGTERM) until the block ends, where POSIX allows it."""
    held = {signal.SIGINT, signal.SIGTERM}
    try:
        previous = signal.pthread_sigmask(signal.SIG_BLOCK, held)
    except (AttributeError, OSError, ValueError):  # not POSIX: no signal mask to set
        yield
        return
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def temp_owner(path: Path) -> int | None:
    """The pid of the build that made a temp file, from its name (None for older names)."""
    match = _OWNER.match(path.name)
    return int(match.group(1)) if match else None


def _running(pid: int) -> bool:
    """Whether a process with this pid runs on this machine (True when it cannot be told)."""
    if os.name != "posix":
        return True  # os.kill(pid, 0) would end the process on Windows
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # e.g. another user's process: it exists
        return True
    return True


def is_stale(path: Path, now: float | None = None) -> bool:
    """Whether a temp file is an interrupted build's: old enough, and its process is gone."""
    try:
        age = (time.time() if now is None else now) - path.stat().st_mtime
    except OSError:
        return False
    if age < STALE_AFTER_SECONDS:
        return False
    owner = temp_owner(path)
    return owner is None or (owner != os.getpid() and not _running(owner))


def remove_stale_temp_files(folder: Path) -> list[Path]:
    """Delete the temp files that interrupted earlier builds left in ``folder``."""
    removed = []
    if folder.is_dir():
        for temp in folder.glob(f"{TEMP_PREFIX}*{TEMP_SUFFIX}"):
            if is_stale(temp):
                with contextlib.suppress(OSError):
                    temp.unlink()
                    removed.append(temp)
    return removed
