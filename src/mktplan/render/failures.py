"""How a template's failure is told: where in the template, and what went wrong.

A template is the user's (or a colleague's) code, so anything can go wrong in it: a
syntax error, an undefined name, a call the sandbox refuses, a limit, a division by
zero, a macro that calls itself for ever. Whatever it is becomes one line naming the
template file, line and column, never a traceback. Jinja rewrites the traceback of an
error in a template so that its frames carry the template's file name and line; the
innermost such frame is where the template went wrong.

Jinja knows lines, not columns, so the column is found in the line's text: for a syntax
error, the first ``{{ … }}`` of the line that does not parse on its own (else the
line's first tag), and within it the token the message quotes (``got 'bar'``); for an
error while rendering, the name the message quotes (``'titl' is undefined``) where the
line holds it, else the line's first tag.
"""

from __future__ import annotations

import re
from pathlib import Path
from types import TracebackType
from typing import Final

from jinja2 import Environment
from jinja2.exceptions import (
    SecurityError,
    TemplateNotFound,
    TemplateSyntaxError,
    UndefinedError,
)

from mktplan.errors import InputError, MktplanError
from mktplan.files.reading import read_regular_file
from mktplan.findings import Message, MessagePatterns, msg
from mktplan.render.limits import TemplateLimitError, TemplateRefusal

STRING_TEMPLATE: Final = "<template>"
"""The file name Jinja gives a template made from a string (a Word template's part)."""
_TAG: Final = re.compile(r"<[^>]*>")
_QUOTE_LENGTH: Final = 80
_OPENING: Final = re.compile(r"\{[{%#]")
_PRINT_TAG: Final = re.compile(r"\{\{.*?\}\}")
_QUOTED: Final = re.compile(r"'([^'\n]+)'")
MAX_SOURCE_BYTES: Final = 1024 * 1024
"""A template is read again (to find the column) only up to the templates' size limit."""
#: parses a single tag to see whether it holds the syntax error; nothing is rendered
_PARSER: Final = Environment()


def describe_failure(exc: BaseException, *, part: str | None = None,
                     source: str | None = None) -> Message:
    """``file:line: what went wrong`` for an exception raised while rendering a template.

    ``part`` names a template made from a string (``word/document.xml``) and
    ``source`` is its text, so that the line can be quoted without its XML tags. Jinja's
    and Python's own words (``'titl' is undefined``) are quoted as they are.
    """
    where = _location(exc)
    if where is None:
        return _what(exc)
    file, line = where
    if file == STRING_TEMPLATE:  # docxtpl's line numbers mean nothing in Word: quote the text
        quoted = _quote(source, line)
        named: Message | str = part or msg("templates.the-template")
        place = (msg("templates.in-paragraph", part=named, quoted=quoted) if quoted
                 else msg("templates.line", part=named, line=str(line)))
        return msg("templates.at", place=place, what=_what(exc))
    text = _line_text(exc, file, line)
    return msg("templates.at", place=f"{file}:{line}:{column_in(text, exc)}", what=_what(exc))


def column_in(text: str, exc: BaseException) -> int:
    """The 1-based column in the line ``text`` where ``exc`` went wrong (see above)."""
    opening = _OPENING.search(text)
    start = opening.start() if opening else len(text) - len(text.lstrip())
    end = len(text)
    if isinstance(exc, TemplateSyntaxError):
        failing = _failing_tag(text)
        if failing is not None:
            start, end = failing
    message = exc.message if isinstance(exc, TemplateSyntaxError) else str(exc)
    for name in _QUOTED.findall(message or ""):
        pattern = (rf"(?<!\w){re.escape(name)}(?!\w)" if name.isidentifier()
                   else re.escape(name))
        found = re.compile(pattern).search(text, start, end)
        if found:
            return found.start() + 1
    return start + 1


def _failing_tag(text: str) -> tuple[int, int] | None:
    """The span of the first ``{{ … }}`` of ``text`` that does not parse on its own."""
    for tag in _PRINT_TAG.finditer(text):
        try:
            _PARSER.parse(tag.group())
        except TemplateSyntaxError:
            return tag.span()
    return None


def _line_text(exc: BaseException, file: str, line: int) -> str:
    """Line ``line`` of the template: from the error when Jinja kept the source, else read."""
    source = exc.source if isinstance(exc, TemplateSyntaxError) else None
    if source is None:
        try:
            source = read_regular_file(Path(file), MAX_SOURCE_BYTES).decode("utf-8", "replace")
        except (InputError, OSError):
            return ""
    lines = source.splitlines()
    return lines[line - 1] if 0 < line <= len(lines) else ""


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


#: Jinja's words for a mistake in a template, each with its message key (their English is
#: Jinja's own); what is not here is quoted as Jinja wrote it
_JINJA_SAYS: Final = MessagePatterns(
    ("templates.jinja.unexpected", r"^unexpected '(?P<token>[^']+)'$"),
    ("templates.jinja.unexpected-char", r"^unexpected char (?P<char>'.'|\".\") at (?P<at>\d+)$"),
    ("templates.jinja.expected-token",
     r"^expected token '(?P<expected>[^']+)', got '(?P<got>[^']+)'$"),
    ("templates.jinja.expected-expression", r"^Expected an expression, got '(?P<got>[^']+)'$"),
    ("templates.jinja.expected-name", r"^expected name or number$"),
    ("templates.jinja.unknown-tag", r"^Encountered unknown tag '(?P<tag>[^']+)'\.$"),
    ("templates.jinja.unknown-tag-in", r"^Encountered unknown tag '(?P<tag>[^']+)'\. Jinja was "
     r"looking for the following tags: (?P<tags>.+)\. The innermost block that needs to be "
     r"closed is '(?P<block>[^']+)'\.$"),
    ("templates.jinja.unclosed", r"^Unexpected end of template\. Jinja was looking for the "
     r"following tags: (?P<tags>.+)\. The innermost block that needs to be closed is "
     r"'(?P<block>[^']+)'\.$"),
    ("templates.undefined", r"^'(?P<name>[^'\n]+)' is undefined$"),
    ("templates.jinja.no-attribute",
     r"^'(?P<owner>[^'\n]+)' has no attribute '(?P<name>[^'\n]+)'$"),
)


def _catalogued(text: str, patterns: MessagePatterns) -> Message:
    """``text`` as the message of the first pattern it matches, else quoted as it is."""
    return patterns.message(text) or msg("templates.said", text=text)


#: the refusals that come as text, each with its message key: Jinja's own, and the one
#: mktplan's sandbox hands to Jinja's Undefined (the others are TemplateRefusal)
_REFUSALS: Final = MessagePatterns(
    ("templates.refused.attribute", r"^(?P<attribute>\S+) is not available in templates "
     r"\(they see plain data and a few functions; see docs/security\.md\)$"),
    ("templates.refused.unsafe", r"^access to attribute '(?P<attribute>.+)' of "
     r"'(?P<type>.+)' object is unsafe\.$"),
)


def _what(exc: BaseException) -> Message:
    from mktplan.text.messages import error_message

    if isinstance(exc, MktplanError):
        told = error_message(exc)
        return told if isinstance(told, Message) else msg("templates.said", text=str(exc))
    if isinstance(exc, TemplateSyntaxError):
        return msg("templates.syntax", problem=_catalogued(exc.message or "", _JINJA_SAYS))
    if isinstance(exc, TemplateNotFound):
        return msg("templates.not-found", name=repr(exc.name))
    if isinstance(exc, TemplateRefusal):
        return msg("templates.not-allowed", error=exc.detail)
    if isinstance(exc, SecurityError):
        return msg("templates.not-allowed", error=_catalogued(str(exc), _REFUSALS))
    if isinstance(exc, TemplateLimitError):
        return msg("templates.over-limit", error=exc.detail or str(exc))
    if isinstance(exc, UndefinedError):
        return _catalogued(str(exc), _JINJA_SAYS)
    if isinstance(exc, RecursionError):
        return msg("templates.too-deep")
    if isinstance(exc, MemoryError):
        return msg("templates.out-of-memory")
    return msg("templates.crashed", error=f"{type(exc).__name__}: {exc}")
