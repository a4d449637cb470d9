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
from typing import BinaryIO, TextIO

from mktplan.commands.checking import is_plain_path
from mktplan.exits import EXIT_CLEAN, EXIT_USAGE


def plain_textconv_path(argv: Sequence[str]) -> Path | None:
    """The file of a plain ``textconv FILE`` line (as git writes it), or None for Typer."""
    if len(argv) == 2 and argv[0] == "textconv" and is_plain_path(argv[1]):
        return Path(argv[1])
    return None


def run_textconv(path: Path, out: BinaryIO, err: TextIO) -> int:
    """Write the rendering of ``path`` to ``out`` as UTF-8; return the exit code."""
    from mktplan.diff.textconv import textconv as render
    from mktplan.load.source import max_bytes_from_env

    try:
        raw = path.read_bytes()
    except OSError as exc:
        err.write(f"mktplan: {path}: cannot read ({exc.strerror})\n")
        return EXIT_USAGE
    out.write(render(raw, str(path), max_bytes_from_env()).encode("utf-8"))
    out.flush()
    return EXIT_CLEAN
