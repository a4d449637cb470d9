"""Typing slips of a Chinese keyboard, told apart from other YAML problems.

On a Chinese input method the punctuation YAML needs is one key away from its
full-width twin: ``：`` for ``:``, ``，`` for ``,``, ``“ ”`` for ``"``, and an
ideographic space (U+3000) for a space. PyYAML then reports something that points
elsewhere (``could not find expected ':'`` on the *next* line) or nothing at all,
because the slip still parses, only into something else (``title：计划`` under
``meta:`` is text, ``[Small team: one designer]`` a list of one mapping).

Two entry points, each giving a located finding at the slip itself:

- :func:`diagnose_failure`, when the text does not parse: the lines the parser names
  are searched for a slip; None when there is none, and the syntax error stands.
- :class:`SlipWatch`, while a text that parses is built: a plain scalar or a flow
  mapping that can only be a slip. Valid text that merely contains ``：`` (``title:
  目标：增长``) is never flagged: a full-width colon counts only right after an ASCII
  word where a key stands (mktplan's keys are ASCII words), a full-width comma only in an
  unquoted item of a ``[...]`` list.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from mktplan.findings import Finding, Message, Severity, msg
from mktplan.text.messages import english

FULL_COLON = "："
FULL_COMMA = "，"
IDEOGRAPHIC_SPACE = "\u3000"
OPEN_QUOTE, CLOSE_QUOTE = "“", "”"
COMMA_SLIP = "schema-fullwidth-comma"
COLON_IN_LIST_SLIP = "schema-colon-in-list"
#: slips after which the document's shape is not what its writer meant: loading stops
FATAL_SLIPS = frozenset({"schema-fullwidth-colon", "schema-indentation"})
#: characters one of which a text must hold for a slip to be possible at all
SLIP_CHARACTERS = (FULL_COLON, FULL_COMMA, IDEOGRAPHIC_SPACE, OPEN_QUOTE, "\t")

_LINE_BREAK = re.compile(r"\r\n|\r|\n")
#: an ASCII word followed by a full-width colon, where a key stands
_KEY_SLIP = re.compile(r"[A-Za-z_][A-Za-z0-9_.-]*[ \t]*" + FULL_COLON)
#: what may stand before a key on its line: indentation and list dashes
_KEY_LEAD = re.compile(r"[ \t\u3000]*(?:-[ \t]+)*")
_INDENT = re.compile(r"[ \t\u3000]*")

Mark = tuple[int, int]


def _finding(rule: str, message: Message, mark: Mark) -> Finding:
    text, detail = english(message)
    return Finding(rule, Severity.ERROR, text, (), mark[0], mark[1], detail=detail)


def colon_finding(mark: Mark) -> Finding:
    """A full-width colon where a key ends."""
    return _finding("schema-fullwidth-colon", msg("load.slip.colon"), mark)


def comma_finding(mark: Mark) -> Finding:
    """A full-width comma between the items of a flow list or mapping."""
    return _finding(COMMA_SLIP, msg("load.slip.comma"), mark)


def indentation_finding(mark: Mark, character: str) -> Finding:
    """A tab or an ideographic space in a line's indentation."""
    what = "tab" if character == "\t" else "ideographic-space"
    return _finding("schema-indentation", msg(f"load.slip.indentation.{what}"), mark)


def quotes_finding(mark: Mark) -> Finding:
    """Chinese quotation marks used where YAML needs quotes."""
    return _finding("schema-chinese-quotes", msg("load.slip.quotes"), mark)


def colon_in_list_finding(mark: Mark) -> Finding:
    """An unquoted ``key: value`` inside a flow list, which YAML reads as a mapping."""
    return _finding(COLON_IN_LIST_SLIP, msg("load.slip.colon-in-list"), mark)


def lines_of(text: str) -> list[str]:
    """The lines of ``text``, split where the YAML parser counts line breaks."""
    return _LINE_BREAK.split(text)


def _line(lines: list[str], number: int) -> str:
    return lines[number - 1] if 1 <= number <= len(lines) else ""


def _indentation_slip(lines: list[str], number: int) -> Finding | None:
    line = _line(lines, number)
    lead = _INDENT.match(line)
    indentation = lead.group() if lead else ""
    for column, character in enumerate(indentation, 1):
        if character in "\t" + IDEOGRAPHIC_SPACE:
            return indentation_finding((number, column), character)
    return None


def _key_slip(lines: list[str], number: int) -> Finding | None:
    line = _line(lines, number)
    lead = _KEY_LEAD.match(line)
    start = lead.end() if lead else 0
    for opener in ("{", "[", ""):  # a key after an opening brace, or at the line's start
        at = start + len(opener)
        if opener and not line.startswith(opener, start):
            continue
        key = _KEY_SLIP.match(line, at + _spaces(line, at))
        if key is not None:
            return colon_finding((number, key.end()))
    return None


def _spaces(line: str, at: int) -> int:
    return len(line) - at - len(line[at:].lstrip(" "))


def _open_span(line: str, column: int, opener: str, closer: str) -> int | None:
    """The 0-based index of an ``opener`` before ``column`` that is not closed before it."""
    before = line[: max(column - 1, 0)]
    at = before.rfind(opener)
    if at < 0 or closer in before[at:]:
        return None
    return at


def _quotes_slip(lines: list[str], mark: Mark) -> Finding | None:
    at = _open_span(_line(lines, mark[0]), mark[1], OPEN_QUOTE, CLOSE_QUOTE)
    return None if at is None else quotes_finding((mark[0], at + 1))


def _comma_slip(lines: list[str], mark: Mark) -> Finding | None:
    line = _line(lines, mark[0])
    before = line[: max(mark[1] - 1, 0)]
    at = before.rfind(FULL_COMMA)
    if at < 0 or not ({"[", "{"} & set(before[:at])):
        return None
    return comma_finding((mark[0], at + 1))


def _marks(exc: Any) -> tuple[Mark | None, Mark | None]:
    def mark(value: Any) -> Mark | None:
        return None if value is None else (value.line + 1, value.column + 1)

    return mark(exc.problem_mark), mark(exc.context_mark)


def diagnose_failure(text: str, exc: Any) -> Finding | None:
    """The typing slip that explains the YAML error ``exc`` in ``text``, if there is one."""
    if not any(character in text for character in SLIP_CHARACTERS):
        return None
    problem, context = _marks(exc)
    if problem is None:
        return None
    lines = lines_of(text)
    numbers = [problem[0]]
    if context is not None and context[0] not in numbers:
        numbers.insert(0, context[0])
    for number in numbers:
        found = _indentation_slip(lines, number)
        if found is not None:
            return found
    for number in [*numbers, problem[0] - 1]:
        found = _key_slip(lines, number)
        if found is not None:
            return found
    return _quotes_slip(lines, problem) or _comma_slip(lines, problem)


@dataclass(slots=True)
class SlipWatch:
    """Looks at what a parsed text is built from for slips that still parse.

    The builder calls :meth:`scalar` for each plain scalar and :meth:`flow_pair` for each
    single-pair mapping inside a flow list; each returns the finding or None.
    """

    text: str
    _lines: list[str] | None = None

    @property
    def lines(self) -> list[str]:
        """The text's lines, split once when first needed."""
        if self._lines is None:
            self._lines = lines_of(self.text)
        return self._lines

    def scalar(self, value: str, line: int, column: int, *, is_key: bool, below_key: bool,
               in_flow_list: bool) -> Finding | None:
        """A slip in the plain scalar ``value`` that starts at 0-based ``line``, ``column``.

        ``is_key``: the scalar is a mapping key; ``below_key``: it is a mapping's value,
        on a line of its own below its key (where ``title：计划`` under ``meta:`` lands);
        ``in_flow_list``: it is an item of a ``[...]`` list. A list item of a block list
        (``- KPI：UV``) is text: only a parse failure makes it a slip.
        """
        if value.startswith(IDEOGRAPHIC_SPACE) and self._at_indentation(line, column):
            return indentation_finding((line + 1, column + 1), IDEOGRAPHIC_SPACE)
        if FULL_COLON in value:
            key = _KEY_SLIP.match(value)
            at_key = is_key or (below_key and self._at_key_position(line, column))
            if key is not None and at_key:
                return colon_finding((line + 1, column + key.end()))
        if in_flow_list and FULL_COMMA in value:
            return comma_finding(self._find(FULL_COMMA, line, column))
        if value.startswith(OPEN_QUOTE) and CLOSE_QUOTE not in value:
            return quotes_finding((line + 1, column + 1))  # the rest went to a comment
        return None

    def flow_pair(self, line: int, column: int) -> Finding | None:
        """A mapping starting at 0-based ``line``, ``column`` inside a flow list."""
        source = _line(self.lines, line + 1)
        if source[column : column + 1] == "{":
            return None  # written as a mapping on purpose
        colon = self._find(":", line, column)
        return colon_in_list_finding(colon)

    def _at_indentation(self, line: int, column: int) -> bool:
        before = _line(self.lines, line + 1)[:column]
        return not before.strip(" ")

    def _at_key_position(self, line: int, column: int) -> bool:
        before = _line(self.lines, line + 1)[:column]
        lead = _KEY_LEAD.match(before)
        return lead is not None and lead.end() == len(before)

    def _find(self, character: str, line: int, column: int) -> Mark:
        """The first ``character`` from 0-based ``line``, ``column`` on (1-based)."""
        lines = self.lines
        for number in range(line, len(lines)):
            at = lines[number].find(character, column if number == line else 0)
            if at >= 0:
                return (number + 1, at + 1)
        return (line + 1, column + 1)
