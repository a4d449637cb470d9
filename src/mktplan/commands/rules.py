"""The ``rules`` command: list the rules, or show one rule's documentation and options."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Annotated

import typer

from mktplan.commands.common import PlainCommand, format_parser, language_parser
from mktplan.registry import default
from mktplan.report import RULE_WRITERS

if TYPE_CHECKING:
    from mktplan.rules.base import Rule


def register(app: typer.Typer) -> None:
    """Add the command to the app."""
    app.command(cls=PlainCommand)(rules)


def rules(
    name: Annotated[str | None, typer.Argument(
        metavar="RULE-ID|FAMILY", help="A rule id to show in full, or a family to list.",
        show_default=False)] = None,
    output_format: Annotated[str, typer.Option(
        "--format", "-f", parser=format_parser(RULE_WRITERS), metavar=f"[{'|'.join(RULE_WRITERS)}]",
        help="Output as a text table, JSON, or the Markdown reference (docs/rules.md).",
    )] = default(RULE_WRITERS),
    lang: Annotated[str | None, typer.Option(
        "--lang", parser=language_parser, metavar="[en|zh-CN]", show_default=False,
        help="Language of the summaries: en or zh-CN (default: MKTPLAN_LANG, else the "
             "locale); the full documentation is English.")] = None,
) -> None:
    """List every rule: id, family, default severity and summary; or show one rule in full."""
    from mktplan.rules.base import FAMILIES
    from mktplan.rules.registry import RULES_BY_ID
    from mktplan.text.messages import choose

    language = choose(lang)
    if name is not None and name not in RULES_BY_ID and name not in FAMILIES:
        sys.stderr.write(f"mktplan: {_unknown(name, [*RULES_BY_ID, *FAMILIES], language)}\n")
        raise typer.Exit(2)
    whole = name is not None and name in RULES_BY_ID
    listed = [_summarized(rule, language) for rule in RULES_BY_ID.values()
              if name in (None, rule.family, rule.id)]
    RULE_WRITERS[output_format].load()(listed, whole, sys.stdout, language)


def _summarized(rule: Rule, language: str) -> Rule:
    """``rule`` with its summary (its documentation's first line) in ``language``.

    The rest of the documentation stays English in every language: it is a reference
    with YAML examples, kept in one place (the docstrings, docs/rules.md).
    """
    from mktplan.text.messages import ENGLISH, say

    if language == ENGLISH:
        return rule
    rest = rule.doc.strip().split("\n", 1)[1:]
    return rule._replace(doc="\n".join([say(f"rules.{rule.id}", language), *rest]))


def _unknown(name: str, known: list[str], language: str) -> str:
    import difflib

    from mktplan.text.messages import say

    guess = difflib.get_close_matches(name, known, n=1)
    if guess:
        return say("cli.unknown-rule.guess", language, name=name, guess=guess[0])
    return say("cli.unknown-rule", language, name=name)
