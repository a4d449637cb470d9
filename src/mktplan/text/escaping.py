r"""Plan text made inert: for Markdown (the deliverable and the diff) and for a terminal.

Markdown has no autoescape, so text from a plan becomes markup unless it is escaped.
:func:`escape_inline` HTML-escapes ``&``, ``<`` and ``>`` (no raw HTML such as
``<img src=…>``, no ``<http://…>`` autolink) and puts a backslash before every
character that starts inline markup: ``\ ` * _ [ ] | ~``. So ``[x](javascript:…)``
is not a link, ``![](http://…/pixel.png)`` is not a remote image, ``**`` is not bold
and ``|`` does not split a table cell. A bare ``https://…`` stays a link in
GitHub's Markdown, showing where it leads.

What starts a *line* (``#``, ``-``, ``1.``) and line breaks are the caller's business:
a table cell, a bullet and a paragraph each need something else.

:func:`printable` escapes control and bidi characters, so plan text shown on a terminal
(findings, the diff, textconv) cannot drive it.
"""

from __future__ import annotations

import unicodedata
from typing import Final

_BIDI_CONTROLS: Final = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
                                  "\u2066\u2067\u2068\u2069")
_INLINE: Final = str.maketrans({
    "&": "&amp;", "<": "&lt;", ">": "&gt;",
    **{mark: f"\\{mark}" for mark in "\\`*_[]|~"},
})


def escape_inline(text: str) -> str:
    """``text`` with HTML escaped and inline Markdown markup backslash-escaped."""
    return text.translate(_INLINE)


def printable(text: str) -> str:
    r"""``text`` with control and bidi characters escaped (as ``\x1b``), tabs as spaces."""
    return "".join(_printable_char(char) for char in text)


def _printable_char(char: str) -> str:
    if char == "\t":
        return " "
    if char in _BIDI_CONTROLS or unicodedata.category(char) == "Cc":
        code = ord(char)
        return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"
    return char
