r"""Plan text made inert for Markdown: one escape for the Markdown deliverable and the diff report.

Markdown has no autoescape, so text from a plan becomes markup unless it is escaped.
:func:`escape_inline` HTML-escapes ``&``, ``<`` and ``>`` (no raw HTML such as
``<img src=…>``, no ``<http://…>`` autolink) and puts a backslash before every
character that starts inline markup: ``\ ` * _ [ ] | ~``. So ``[x](javascript:…)``
is not a link, ``![](http://…/pixel.png)`` is not a remote image, ``**`` is not bold
and ``|`` does not split a table cell. A bare ``https://…`` stays a link in
GitHub's Markdown, showing where it leads.

What starts a *line* (``#``, ``-``, ``1.``) and line breaks are the caller's business:
a table cell, a bullet and a paragraph each need something else.
"""

from __future__ import annotations

from typing import Final

_INLINE: Final = str.maketrans({
    "&": "&amp;", "<": "&lt;", ">": "&gt;",
    **{mark: f"\\{mark}" for mark in "\\`*_[]|~"},
})


def escape_inline(text: str) -> str:
    """``text`` with HTML escaped and inline Markdown markup backslash-escaped."""
    return text.translate(_INLINE)
