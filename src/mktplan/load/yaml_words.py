"""libyaml's and PyYAML's words for a syntax error, as catalogue messages.

A ``schema-yaml-syntax`` finding quotes the YAML parser's problem (``could not find
expected ':'``) and its context (``while scanning a simple key``). Those the parser
writes most are catalogue messages whose English is the parser's own text, so that
English output is unchanged and a Chinese reader reads Chinese; anything else is shown
as the parser wrote it.
"""

from __future__ import annotations

import re
from typing import Final

from mktplan.findings import Message, msg

#: the parser's problem → its message key (``yaml.problem.<key>``)
PROBLEMS: Final = {
    "found character that cannot start any token": "bad-character",
    "could not find expected ':'": "no-colon",
    "found unexpected end of stream": "end-of-stream",
    "did not find expected comment or line break": "no-line-break",
    "found a tab character that violates indentation": "tab-indentation",
    "found a tab character where an indentation space is expected": "tab-space",
    "found unknown escape character": "unknown-escape",
    "found unexpected document indicator": "document-indicator",
    "mapping values are not allowed in this context": "mapping-value",
    "mapping values are not allowed here": "mapping-value-here",
    "block sequence entries are not allowed in this context": "sequence-entry",
    "mapping keys are not allowed in this context": "mapping-key",
    "did not find expected node content": "no-node",
    "did not find expected key": "no-key",
    "did not find expected '-' indicator": "no-dash",
    "did not find expected ',' or ']'": "no-comma-bracket",
    "did not find expected ',' or '}'": "no-comma-brace",
    "did not find expected <document start>": "no-document-start",
    "found undefined tag handle": "undefined-tag",
}
#: the parser's context → its message key (``yaml.context.<key>``)
CONTEXTS: Final = {
    "while scanning a simple key": "simple-key",
    "while scanning a quoted scalar": "quoted-scalar",
    "while parsing a quoted scalar": "quoted-scalar-parsing",
    "while scanning a block scalar": "block-scalar",
    "while scanning a plain scalar": "plain-scalar",
    "while scanning an anchor": "anchor",
    "while scanning an alias": "alias",
    "while scanning a tag": "tag",
    "while scanning for the next token": "next-token",
    "while parsing a block mapping": "block-mapping",
    "while parsing a block collection": "block-collection",
    "while parsing a flow sequence": "flow-sequence",
    "while parsing a flow mapping": "flow-mapping",
    "while parsing a block node": "block-node",
    "while parsing a flow node": "flow-node",
    "while parsing a node": "node",
}
#: PyYAML's own parser: ``expected <block end>, but found '<scalar>'``
_EXPECTED = re.compile(r"^expected (?P<expected>.+?), but (?:found|got) (?P<found>.+)$")


def problem_words(problem: str) -> Message | str:
    """The parser's problem as a message where the catalogue has it, else as written."""
    key = PROBLEMS.get(problem)
    if key is not None:
        return msg(f"yaml.problem.{key}")
    expected = _EXPECTED.match(problem)
    if expected is not None:
        return msg("yaml.problem.expected", expected=expected["expected"],
                   found=expected["found"])
    return problem


def context_words(context: str) -> Message | str:
    """The parser's context as a message where the catalogue has it, else as written."""
    key = CONTEXTS.get(context)
    return msg(f"yaml.context.{key}") if key is not None else context
