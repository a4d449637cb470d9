"""How a template's failure is told: where in the template, and what went wrong.

A template is the user's (or a colleague's) code, so anything can go wrong in it: a
syntax error, an undefined name, a call the sandbox refuses, a limit, a division by
zero, a macro that calls itself for ever. Whatever it is becomes one line naming the
template file and line, never a traceback. Jinja rewrites the traceback of an error
in a template so that its frames carry the template's file name and line; the
innermost such frame is where the template went wrong.
"""

from __future__ import annotations

import re
from types import TracebackType
from typing import Final

from jinja2.exceptions import (
    SecurityError,
    TemplateNotFound,
    TemplateSyntaxError,
    UndefinedError,
)

from mktplan.errors import MktplanError
from mktplan.render.limits import TemplateLimitError

STRING_TEMPLATE: Final = "<template>"
"""The file name Jinja gives a template made from a string (a Word template's part)."""
_TAG: Final = re.compile(r"<[^>]*>")
_QUOTE_LENGTH: Final = 80


def describe_failure(exc: BaseException, *, part: str | None = None,
                     source: str | None = None) -> str:
    """``file:line: what went wrong`` for an exception raised while rendering a template.

    ``part`` names a template made from a string (``word/document.xml``) and
    ``source`` is its text, so that the line can be quoted without its XML tags.
    """
    where = _location(exc)
    if where is None:
        return _what(exc)
    file, line = where
    if file == STRING_TEMPLATE:  # docxtpl's line numbers mean nothing in Word: quote the text
        quoted = _quote(source, line)
        place = f"{part or 'the template'}, in the paragraph {quoted}" if quoted \
            else f"{part or 'the template'}:{line}"
        return f"{place}: {_what(exc)}"
    return f"{file}:{line}: {_what(exc)}"


def _location(exc: BaseException) -> tuple[str, int] | None:
    if isinstance(exc, TemplateSyntaxError) and exc.lineno:
        return exc.filename or exc.name or STRING_TEMPLATE, exc.lineno
    found = None
    tb: TracebackType | None = exc.__traceback__
    while tb is not None:
        if "__jinja_exception__" in tb.tb_frame.f_globals:  # a frame Jinja made for a template
            found = (tb.tb_frame.f_code.co_filename, tb.tb_lineno)
        tb = tb.tb_next
    return found


def _quote(source: str | None, line: int) -> str:
    if source is None:
        return ""
    lines = source.splitlines()
    text = " ".join(_TAG.sub("", lines[line - 1]).split()) if 0 < line <= len(lines) else ""
    if len(text) > _QUOTE_LENGTH:
        text = text[:_QUOTE_LENGTH - 1] + "…"
    return repr(text) if text else ""


def _what(exc: BaseException) -> str:
    if isinstance(exc, MktplanError):
        return str(exc)
    if isinstance(exc, TemplateSyntaxError):
        return f"syntax error: {exc.message}"
    if isinstance(exc, TemplateNotFound):
        return f"there is no template {exc.name!r}"
    if isinstance(exc, SecurityError):
        return f"not allowed: {exc}"
    if isinstance(exc, TemplateLimitError):
        return f"over a limit: {exc}"
    if isinstance(exc, UndefinedError):
        return str(exc)
    if isinstance(exc, RecursionError):
        return ("a macro, include or recursive loop goes too deep (does it call itself "
                "without end?)")
    if isinstance(exc, MemoryError):
        return "out of memory"
    return f"{type(exc).__name__}: {exc}"
