"""Reading the files a repository may hold: regular files only, never past a size limit.

Plans, deliverables compared by ``build --check`` and a ``--templates`` folder's files
come from repositories, and a repository can hold a symbolic link to ``/dev/zero``
(size 0, content without end), a FIFO (opening it waits for a writer that never comes)
or a link to ``/proc/self/environ`` (a "regular" file of size 0 holding the process's
environment, CI secrets included). So a file is read only when it is a regular file
whose size the file system knows: its name is looked up first, so that a device is
never opened; it is opened without waiting (``O_NONBLOCK``) and looked up again
through the open descriptor, in case the name was swapped meanwhile; and at most its
size plus one byte is read. A file that then holds more or fewer bytes than its size
said is refused too, which is what a pseudo-file under ``/proc`` does. Nothing of a
refused file's content is returned, so nothing of it can be shown.
"""

from __future__ import annotations

import errno
import io
import os
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from mktplan.errors import FileTooLargeError, InputError
from mktplan.findings import Message, msg

_OPEN_FLAGS = (os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
               | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0))
#: each kind of file that is not a regular file: its English name and its catalogue key
#: (``files.kind.fifo``)
_KINDS = {
    stat.S_IFDIR: ("a folder", "folder"),
    stat.S_IFCHR: ("a character device", "character-device"),
    stat.S_IFBLK: ("a block device", "block-device"),
    stat.S_IFIFO: ("a named pipe (FIFO)", "fifo"),
    stat.S_IFSOCK: ("a socket", "socket"),
}
_OTHER_KIND = ("not a regular file", "other")
STDIN = Path("-")
"""The path that means standard input on the command line (``mktplan check -``)."""
STDIN_NAME = "<stdin>"
"""How findings and messages name a plan read from standard input."""
CHANGED_WHILE_READ = ("the file changed while it was read, or is not a real file (as those "
                      "under /proc are); nothing of it is used")


def read_regular_file(path: Path, limit: int, name: str | None = None) -> bytes:
    """The bytes of ``path``, a regular file of at most ``limit`` bytes.

    ``name`` is how messages call the file (default: ``path``). Raises
    :class:`~mktplan.errors.FileTooLargeError` over the limit and
    :class:`~mktplan.errors.InputError` when the file is missing, is not a regular
    file, cannot be read, or does not hold as many bytes as its size says.
    """
    shown = str(path) if name is None else name
    with open_regular_file(path, shown) as (stream, size):
        if size > limit:
            raise FileTooLargeError(shown, size, limit)
        try:
            data = read_at_most(stream, size + 1)
        except OSError as exc:
            raise _problem(shown, path, exc) from exc
    if len(data) != size:
        raise InputError(shown, CHANGED_WHILE_READ, msg("files.changed"))
    return data


def read_standard_input(limit: int) -> bytes:
    """What standard input holds, up to its end, refused past ``limit`` bytes.

    Standard input is what the user chose to pipe in, so it may be a pipe or a terminal;
    at most one byte past the limit is read. Raises
    :class:`~mktplan.errors.FileTooLargeError` over the limit and
    :class:`~mktplan.errors.InputError` when it cannot be read (closed).
    """
    import sys

    stream = getattr(sys.stdin, "buffer", None)
    if stream is None:
        raise InputError(STDIN_NAME, "standard input is closed", msg("files.stdin-closed"))
    try:
        data = read_at_most(stream, limit + 1)
    except (OSError, ValueError) as exc:  # ValueError: closed
        raise InputError(STDIN_NAME, f"cannot read standard input ({exc})",
                         msg("files.stdin-unreadable", error=str(exc))) from exc
    if len(data) > limit:
        raise FileTooLargeError(STDIN_NAME, None, limit)
    return data


@contextmanager
def open_regular_file(path: Path, name: str | None = None) -> Iterator[tuple[io.FileIO, int]]:
    """``path`` opened for reading, with its size; only if it is a regular file.

    Raises :class:`~mktplan.errors.InputError` otherwise, before anything is read.
    """
    shown = str(path) if name is None else name
    try:
        _refuse_special(path, shown, os.stat(path).st_mode)
        descriptor = os.open(path, _OPEN_FLAGS)
    except OSError as exc:
        raise _problem(shown, path, exc) from exc
    with io.FileIO(descriptor, "rb") as stream:
        try:
            status = os.fstat(descriptor)
        except OSError as exc:
            raise _problem(shown, path, exc) from exc
        _refuse_special(path, shown, status.st_mode)
        yield stream, status.st_size


def read_at_most(stream: IO[bytes] | io.RawIOBase, count: int) -> bytes:
    """Up to ``count`` bytes of ``stream``, fewer only when it ends first.

    A regular file gives them in one read, so no copy is made to join pieces.
    """
    chunks: list[bytes] = []
    left = count
    while left > 0:
        chunk = stream.read(left)
        if not chunk:
            break
        chunks.append(chunk)
        left -= len(chunk)
    return chunks[0] if len(chunks) == 1 else b"".join(chunks)


def kind_of(mode: int) -> str | None:
    """What a file that is not a regular file is (``a named pipe (FIFO)``); None if regular."""
    if stat.S_ISREG(mode):
        return None
    return _KINDS.get(stat.S_IFMT(mode), _OTHER_KIND)[0]


def _refuse_special(path: Path, shown: str, mode: int) -> None:
    kind = kind_of(mode)
    if kind is None:
        return
    link = "a symbolic link to " if path.is_symlink() else ""
    if kind == "a folder" and not link:
        raise InputError(shown, "is a folder, not a file", msg("files.folder"))
    key = "files.special-link" if link else "files.special"
    kind_key = _KINDS.get(stat.S_IFMT(mode), _OTHER_KIND)[1]
    named = msg(f"files.kind.{kind_key}")
    raise InputError(shown, f"is {link}{kind}, not a regular file; mktplan reads regular "
                            "files only", msg(key, kind=named))


#: the system's reasons mktplan says in every language (the English is Linux's strerror)
OS_REASONS = {errno.ENOENT: "no-entry", errno.EACCES: "access", errno.EPERM: "not-permitted",
               errno.ENOSPC: "no-space", errno.EROFS: "read-only", errno.EISDIR: "is-folder",
               errno.ENOTDIR: "not-folder", errno.EEXIST: "exists",
               errno.ENAMETOOLONG: "name-too-long", errno.EDQUOT: "quota",
               errno.EBUSY: "busy", errno.EMFILE: "too-many-open", errno.EIO: "io"}


def os_reason(exc: OSError) -> Message | str:
    """Why the system refused, as a catalogue message where it is a common reason."""
    key = OS_REASONS.get(exc.errno or 0)
    return msg(f"os.{key}") if key is not None else str(exc.strerror or exc)


def _problem(shown: str, path: Path, exc: OSError) -> InputError:
    """The error for ``exc``, its reason in English and as a catalogue message."""
    if isinstance(exc, FileNotFoundError | NotADirectoryError):
        if path.is_symlink():
            return InputError(shown, "is a symbolic link to a missing file",
                              msg("files.missing-link"))
        return InputError(shown, "no such file", msg("files.missing"))
    if exc.errno == errno.ELOOP:
        return InputError(shown, "is a symbolic link that leads round in a loop",
                          msg("files.link-loop"))
    error = str(exc.strerror or exc)
    return InputError(shown, f"cannot read ({error})",
                      msg("files.cannot-read", error=os_reason(exc)))
