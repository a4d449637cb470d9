"""The one way a report gets a Rich console: plain text, styles only where they are wanted.

Rich turns styles off when the stream is not a terminal and honours ``FORCE_COLOR`` and
``TERM=dumb``; for ``NO_COLOR`` it drops colours but still writes bold and dim. The
`no-color.org <https://no-color.org>`_ convention asks for no escape codes, so with
``NO_COLOR`` set (to anything but the empty string) a console here writes none at all.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any, TextIO

if TYPE_CHECKING:
    from rich.console import Console


def no_color() -> bool:
    """Whether the user asked for output without escape codes (``NO_COLOR``)."""
    return bool(os.environ.get("NO_COLOR"))


def console(stream: TextIO, **settings: Any) -> Console:
    """A console writing to ``stream`` without markup, emoji or highlighting of its own.

    Under ``NO_COLOR`` it has no colour system, so that it writes no escape code.
    """
    from rich.console import Console

    chosen: dict[str, Any] = {"highlight": False, "emoji": False, "markup": False, **settings}
    if no_color():
        chosen["color_system"] = None
    return Console(file=stream, **chosen)
