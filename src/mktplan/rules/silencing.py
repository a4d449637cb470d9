"""How ``# mktplan: disable=…`` comments silence findings (see :mod:`mktplan.rules.suppression`).

Imported only for a plan that holds such a comment.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import NamedTuple

from mktplan.findings import Finding, Message, msg
from mktplan.load.comments import Directive, directives
from mktplan.rules.base import FAMILIES, Rule
from mktplan.rules.config import Setting
from mktplan.rules.suppression import DISABLE, DISABLE_FILE, INVALID, UNUSED
from mktplan.text.messages import english

_UNSUPPRESSIBLE = ("schema", "suppression")
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*")
_NOTHING_FOLLOWS = 0


class Suppression(NamedTuple):
    """One name of one comment: what it silences and where."""

    name: str
    line: int
    column: int
    """Where the name is written in the comment (1-based)."""
    scope: int | None
    """The line it silences; None for the whole file, 0 when no line follows."""


def apply(findings: Sequence[Finding], text: str, settings: Mapping[str, Setting],
          rules: Mapping[str, Rule], file: str) -> list[Finding]:
    """``findings`` without the suppressed ones, with the suppressions' own findings."""
    found = directives(text)
    if not found:
        return list(findings)
    suppressions, problems = _read(found, _LINE_BREAK.split(text), rules)
    used: set[Suppression] = set()
    kept = []
    for finding in findings:
        silencing = [entry for entry in suppressions if _silences(entry, finding)]
        used.update(silencing)
        if not silencing:
            kept.append(finding)
    reported = [*problems, *(_unused(entry) for entry in suppressions
                             if entry not in used and not _judged_elsewhere(entry.name))]
    for rule_id, line, column, message in reported:
        severity = settings[rule_id].severity
        if severity is not None:
            text, detail = english(message)
            kept.append(Finding(rule_id, severity, text, (), line, column, file, detail))
    return kept


def unsilenced(findings: Sequence[Finding], text: str, rules: Mapping[str, Rule]
               ) -> list[Finding]:
    """``findings`` without the ones a comment silences, and nothing about the comments.

    For the findings another command adds to a checked plan (``mktplan review``): the
    comments' own findings were the check's.
    """
    found = directives(text)
    if not found:
        return list(findings)
    suppressions, _problems = _read(found, _LINE_BREAK.split(text), rules)
    return [finding for finding in findings
            if not any(_silences(entry, finding) for entry in suppressions)]


#: families whose findings come from another command than ``check`` (``mktplan review``):
#: a check cannot tell whether a comment naming them silences anything
_ELSEWHERE = ("review",)


def _judged_elsewhere(name: str) -> bool:
    return name.split("-", 1)[0] in _ELSEWHERE


class _Report(NamedTuple):
    rule: str
    line: int
    column: int
    message: Message


def _silences(entry: Suppression, finding: Finding) -> bool:
    family = finding.rule.split("-", 1)[0]
    if family in _UNSUPPRESSIBLE:
        return False
    return (entry.scope is None or entry.scope == finding.line) and entry.name in (
        finding.rule, family)


def _read(found: Sequence[Directive], lines: Sequence[str], rules: Mapping[str, Rule]
          ) -> tuple[list[Suppression], list[_Report]]:
    suppressions: list[Suppression] = []
    problems: list[_Report] = []
    for directive in found:
        kind, _, rest = directive.body.partition("=")
        kind = kind.strip()
        if kind not in (DISABLE, DISABLE_FILE):
            problems.append(_Report(INVALID, directive.line, directive.body_column,
                                    msg("suppression.unknown-directive", kind=kind,
                                        disable=DISABLE, file=DISABLE_FILE)))
            continue
        names = rest.partition("--")[0]
        if not names.strip():
            problems.append(_Report(INVALID, directive.line, directive.body_column,
                                    msg("suppression.no-names", kind=kind)))
            continue
        scope = None if kind == DISABLE_FILE else _scope(directive, lines)
        for name, column in _names(names, directive.body_column + directive.body.index("=") + 1):
            problem = _problem(name, rules)
            if problem is not None:
                problems.append(_Report(INVALID, directive.line, column, problem))
            else:
                suppressions.append(Suppression(name, directive.line, column, scope))
    return suppressions, problems


def _names(text: str, first_column: int) -> list[tuple[str, int]]:
    """Each comma-separated name of ``text`` with the column it starts at."""
    named = []
    column = first_column
    for part in text.split(","):
        stripped = part.strip()
        named.append((stripped, column + len(part) - len(part.lstrip())))
        column += len(part) + 1
    return named


def _scope(directive: Directive, lines: Sequence[str]) -> int:
    """The line a ``disable=`` silences: its own, or for a comment alone, the next content."""
    if not directive.own_line:
        return directive.line
    for index in range(directive.line, len(lines)):
        stripped = lines[index].strip()
        if stripped and not stripped.startswith("#"):
            return index + 1
    return _NOTHING_FOLLOWS


def _problem(name: str, rules: Mapping[str, Rule]) -> Message | None:
    """Why ``name`` cannot be suppressed, or None when it can."""
    if not _NAME.fullmatch(name):
        return msg("suppression.not-a-name", name=name)
    family = name.split("-", 1)[0]
    if family == "schema":
        return msg("suppression.schema", name=name)
    if family == "suppression":
        return msg("suppression.suppression", name=name)
    if name in rules or name in FAMILIES:
        return None
    import difflib

    known = [rule_id for rule_id in [*rules, *FAMILIES]
             if rule_id.split("-", 1)[0] not in _UNSUPPRESSIBLE]
    guess = difflib.get_close_matches(name, known, n=1)
    if guess:
        return msg("suppression.unknown.guess", name=name, guess=guess[0])
    return msg("suppression.unknown", name=name)


def _unused(entry: Suppression) -> _Report:
    if entry.scope is None:
        where = msg("suppression.where.file")
    elif entry.scope == _NOTHING_FOLLOWS:
        where = msg("suppression.where.nothing-follows")
    else:
        where = msg("suppression.where.line", line=str(entry.scope))
    return _Report(UNUSED, entry.line, entry.column,
                   msg("suppression.unused", name=entry.name, where=where))


