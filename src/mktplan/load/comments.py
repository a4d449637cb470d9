"""The ``# mktplan: …`` comments of a plan, found the way YAML reads comments.

libyaml's parse events, from which the loader builds the data, carry no comments, and a
``#`` is not always a comment: inside a quoted scalar (``title: "Q1 # launch"``), a
block scalar (``notes: |`` and its lines) or a plain scalar that it does not follow a
space in (``tag: a#b``), it is text. So the text is first searched for the directive's
prefix (most plans have none, and pay only for that search); where one appears, the
YAML scanner's tokens give the exact stretch of every scalar, and a ``#`` outside all
of them is a comment.
"""

from __future__ import annotations

import re
from typing import Any, NamedTuple

import yaml

from mktplan.load.source import token_parser

_DIRECTIVE = re.compile(r"#[ \t]*mktplan[ \t]*:[ \t]*(?P<body>[A-Za-z][\w-]*[ \t]*=.*)$",
                        re.MULTILINE)
_LINE_START = re.compile(r"^", re.MULTILINE)


class Directive(NamedTuple):
    """A ``# mktplan: kind=…`` comment: where it is, and what follows ``mktplan:``."""

    line: int
    """1-based line of the ``#``."""
    column: int
    """1-based column of the ``#``."""
    body: str
    """The text after ``mktplan:`` (``disable=budget -- why``), trailing spaces removed."""
    body_column: int
    """1-based column where ``body`` starts."""
    own_line: bool
    """Whether nothing but spaces stands before the comment on its line."""


def directives(text: str) -> list[Directive]:
    """Every ``# mktplan: kind=…`` comment of ``text``, in order; none inside a scalar."""
    candidates = list(_DIRECTIVE.finditer(text))
    if not candidates:
        return []
    starts = [match.start() for match in _LINE_START.finditer(text)]
    places = [_place(starts, match.start()) for match in candidates]
    found = []
    inside = _inside_scalars(text, places)
    for match, (line, column), in_scalar in zip(candidates, places, inside, strict=True):
        if in_scalar:
            continue
        line_start = starts[line]
        own_line = not text[line_start:match.start()].strip()
        body = match.group("body").rstrip()
        found.append(Directive(line + 1, column + 1, body,
                               match.start("body") - line_start + 1, own_line))
    return found


def _place(starts: list[int], offset: int) -> tuple[int, int]:
    """0-based line and column of a character offset."""
    import bisect

    line = bisect.bisect_right(starts, offset) - 1
    return line, offset - starts[line]


def _inside_scalars(text: str, places: list[tuple[int, int]]) -> list[bool]:
    """For each (line, column), whether a scalar token of ``text`` covers it."""
    inside = [False] * len(places)
    try:
        for token in _tokens(text):
            if not isinstance(token, yaml.ScalarToken):
                continue
            start = (token.start_mark.line, token.start_mark.column)
            end = (token.end_mark.line, token.end_mark.column)
            for index, place in enumerate(places):
                if start <= place < end:
                    inside[index] = True
    except yaml.YAMLError:  # cannot happen for a plan that loaded; then no comment is sure
        return [True] * len(places)
    return inside


def _tokens(text: str) -> Any:
    parser = token_parser(text)
    token = parser.get_token()
    while token is not None:
        yield token
        token = parser.get_token()
