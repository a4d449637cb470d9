"""Printing a plan as stable lines for git, without Typer: the core of ``textconv``.

:mod:`mktplan.commands.textconv` wires :func:`run_textconv` into the Typer app. Git
runs ``mktplan textconv FILE`` once per changed plan in every ``git diff`` and
``git log -p``, so the console script (:mod:`mktplan.launch`) runs that exact line
itself (:func:`plain_textconv_path`) and leaves any other to Typer.
``tests/test_launch.py`` keeps the two readings in agreement.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO, TextIO

from mktplan.commands.checking import is_plain_path
from mktplan.exits import EXIT_CLEAN, EXIT_USAGE

if TYPE_CHECKING:
    from mktplan.errors import InputError

_PIECE = 1 << 20


def plain_textconv_path(argv: Sequence[str]) -> Path | None:
    """The file of a plain ``textconv FILE`` line (as git writes it), or None for Typer."""
    if len(argv) == 2 and argv[0] == "textconv" and is_plain_path(argv[1]):
        return Path(argv[1])
    return None


def run_textconv(path: Path, out: BinaryIO, err: TextIO) -> int:
    """Write the rendering of ``path`` to ``out`` as UTF-8; return the exit code.

    Only a regular file is read (see :mod:`mktplan.reading`). One over the size limit is
    copied through as written, a piece at a time, after a comment that says why.
    """
    from mktplan.diff.textconv import textconv as render
    from mktplan.errors import FileTooLargeError, InputError
    from mktplan.load.source import max_bytes_from_env
    from mktplan.reading import read_regular_file

    limit = max_bytes_from_env()
    try:
        try:
            out.write(render(read_regular_file(path, limit), str(path), limit).encode("utf-8"))
        except FileTooLargeError as exc:
            _copy_as_written(path, exc, out)
    except InputError as exc:
        err.write(f"mktplan: {exc}\n")
        return EXIT_USAGE
    out.flush()
    return EXIT_CLEAN


def _copy_as_written(path: Path, problem: InputError, out: BinaryIO) -> None:
    from mktplan.diff.textconv import as_written_header
    from mktplan.reading import open_regular_file, read_at_most

    with open_regular_file(path) as (stream, size):
        out.write(as_written_header(str(path), [problem.reason]).encode("utf-8"))
        left = size  # what the file held when it was opened, and no more
        while left > 0:
            piece = read_at_most(stream, min(left, _PIECE))
            if not piece:
                break
            out.write(piece)
            left -= len(piece)
