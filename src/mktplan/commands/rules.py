"""The ``rules`` command: list the rules, or show one rule's documentation and options."""

from __future__ import annotations

import sys
from enum import Enum
from typing import Annotated

import typer


class RulesFormat(str, Enum):
    """How ``mktplan rules`` writes its output."""

    TEXT = "text"
    JSON = "json"
    MD = "md"


def register(app: typer.Typer) -> None:
    """Add the command to the app."""
    app.command()(rules)


def rules(
    name: Annotated[str | None, typer.Argument(
        metavar="RULE-ID|FAMILY", help="A rule id to show in full, or a family to list.",
        show_default=False)] = None,
    output_format: Annotated[RulesFormat, typer.Option(
        "--format", "-f",
        help="Output as a text table, JSON, or the Markdown reference (docs/rules.md).",
    )] = RulesFormat.TEXT,
) -> None:
    """List every rule: id, family, default severity and summary; or show one rule in full."""
    from mktplan.report import rules as show
    from mktplan.rules.base import FAMILIES
    from mktplan.rules.registry import RULES_BY_ID

    as_json = output_format is RulesFormat.JSON
    if output_format is RulesFormat.MD:
        listed_md = [rule for rule in RULES_BY_ID.values() if name in (None, rule.family, rule.id)]
        show.write_markdown(listed_md, sys.stdout)
        return
    if name is not None and name in RULES_BY_ID:
        rule = RULES_BY_ID[name]
        if as_json:
            show.write_json(show.rule_data(rule), sys.stdout)
        else:
            show.write_rule(rule, sys.stdout)
        return
    if name is not None and name not in FAMILIES:
        sys.stderr.write(f"mktplan: {_unknown(name, [*RULES_BY_ID, *FAMILIES])}\n")
        raise typer.Exit(2)
    listed = [rule for rule in RULES_BY_ID.values() if name in (None, rule.family)]
    if as_json:
        show.write_json({"rules": [show.rule_data(rule) for rule in listed]}, sys.stdout)
    else:
        show.write_table(listed, sys.stdout)


def _unknown(name: str, known: list[str]) -> str:
    import difflib

    guess = difflib.get_close_matches(name, known, n=1)
    hint = f"did you mean '{guess[0]}'?" if guess else "run 'mktplan rules' for the list"
    return f"unknown rule or family '{name}'; {hint}"
