"""The ``rules`` command: list the rules, or show one rule's documentation and options."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from mktplan.commands.common import PlainCommand, format_parser
from mktplan.registry import default
from mktplan.report import RULE_WRITERS


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
) -> None:
    """List every rule: id, family, default severity and summary; or show one rule in full."""
    from mktplan.rules.base import FAMILIES
    from mktplan.rules.registry import RULES_BY_ID

    if name is not None and name not in RULES_BY_ID and name not in FAMILIES:
        sys.stderr.write(f"mktplan: {_unknown(name, [*RULES_BY_ID, *FAMILIES])}\n")
        raise typer.Exit(2)
    whole = name is not None and name in RULES_BY_ID
    listed = [rule for rule in RULES_BY_ID.values() if name in (None, rule.family, rule.id)]
    RULE_WRITERS[output_format].load()(listed, whole, sys.stdout)


def _unknown(name: str, known: list[str]) -> str:
    import difflib

    guess = difflib.get_close_matches(name, known, n=1)
    hint = f"did you mean '{guess[0]}'?" if guess else "run 'mktplan rules' for the list"
    return f"unknown rule or family '{name}'; {hint}"
