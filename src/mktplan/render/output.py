"""Writing deliverables safely: temp file in the target folder, fsync, then rename.

An exception or a kill during writing never leaves a half-written file in place of
the last good one; stale temp files from an earlier crash are removed.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

TEMP_PREFIX = ".mktplan-"
TEMP_SUFFIX = ".tmp"


def _file_mode(path: Path) -> int:
    """The mode the new file gets: the old file's, else what the umask allows."""
    try:
        return path.stat().st_mode & 0o777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def write_atomic(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` atomically."""
    path.parent.mkdir(parents=True, exist_ok=True)
    mode = _file_mode(path)
    fd, temp_name = tempfile.mkstemp(prefix=TEMP_PREFIX, suffix=TEMP_SUFFIX, dir=path.parent)
    try:
        os.fchmod(fd, mode)  # mkstemp makes 0600 files; a deliverable is shared
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp_name, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp_name)
        raise


def remove_stale_temp_files(folder: Path) -> list[Path]:
    """Delete temp files an interrupted earlier build left in ``folder``."""
    removed = []
    if folder.is_dir():
        for stale in folder.glob(f"{TEMP_PREFIX}*{TEMP_SUFFIX}"):
            with contextlib.suppress(OSError):
                stale.unlink()
                removed.append(stale)
    return removed
