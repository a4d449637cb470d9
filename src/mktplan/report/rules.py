"""How ``mktplan rules`` shows the rules: a table, one rule's documentation, or JSON.

Everything shown comes from the rules' declared metadata: the id, the default
severity, the docstring (first line = summary) and the fields of the options model
(name, default and attribute docstring).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TextIO

if TYPE_CHECKING:
    from rich.console import Console

    from mktplan.rules.base import Rule, RuleOptions


@dataclass(frozen=True)
class OptionDoc:
    """One option of a rule: its name, default value and description."""

    name: str
    default: Any
    description: str


def option_docs(options: type[RuleOptions]) -> list[OptionDoc]:
    """The documented options of a rule's options model, in declaration order."""
    from mktplan.model.docstrings import field_docstrings

    docstrings = field_docstrings(options)
    return [
        OptionDoc(name, field.get_default(call_default_factory=True),
                  field.description or docstrings.get(field.alias or name, ""))
        for name, field in options.model_fields.items()
    ]


def is_configurable(rule: Rule) -> bool:
    """Whether a plan's ``rules:`` section may switch the rule off or change it."""
    return rule.family != "schema"


def rule_data(rule: Rule) -> dict[str, object]:
    """One rule as plain data (for ``--format json``)."""
    return {
        "id": rule.id,
        "family": rule.family,
        "severity": rule.severity.value,
        "summary": rule.summary,
        "doc": rule.doc,
        "configurable": is_configurable(rule),
        "options": [
            {"name": option.name, "default": option.default, "description": option.description}
            for option in option_docs(rule.options)
        ],
    }


def write_json(data: object, stream: TextIO) -> None:
    """Write data as indented JSON; Decimal and other non-JSON defaults become text."""
    json.dump(data, stream, indent=2, default=str)
    stream.write("\n")


def _console(stream: TextIO, soft_wrap: bool = False) -> Console:
    from mktplan.text.terminal import console

    return console(stream, soft_wrap=soft_wrap)


def write_table(rules: Sequence[Rule], stream: TextIO, language: str = "en") -> None:
    """A table of rules: id, family, default severity and one-line summary."""
    from rich.table import Column, Table

    from mktplan.text.messages import say

    def fixed(header: str, values: list[str]) -> Column:
        # ids are never cut or wrapped: only the summary column gives way to a narrow console
        width = max([len(header), *map(len, values)])
        return Column(header, no_wrap=True, min_width=width)

    table = Table(
        fixed(say("rule-docs.rule", language), [rule.id for rule in rules]),
        fixed(say("rule-docs.family", language), [rule.family for rule in rules]),
        fixed(say("rule-docs.severity", language), [rule.severity.value for rule in rules]),
        Column(say("rule-docs.summary", language)),
        box=None, pad_edge=False, header_style="bold",
    )
    for rule in rules:
        table.add_row(rule.id, rule.family, rule.severity.value, rule.summary)
    console = _console(stream)
    console.print(table)
    console.print(say("rule-docs.count", language, n=len(rules)), style="dim")


def write_rule(rule: Rule, stream: TextIO, language: str = "en") -> None:
    """One rule in full: metadata, documentation, options and how to configure it."""
    from mktplan.text.messages import say

    console = _console(stream, soft_wrap=True)
    console.print(rule.id, style="bold")
    console.print(say("rule-docs.meta", language, family=rule.family,
                      severity=rule.severity.value))
    console.print()
    console.print(rule.doc)
    console.print()
    for line in _option_lines(rule, language):
        console.print(line)
    console.print()
    console.print(_configure_hint(rule, language), style="dim")


def _option_lines(rule: Rule, language: str) -> list[str]:
    from mktplan.text.messages import say

    options = option_docs(rule.options)
    if not options:
        return [say("rule-docs.no-options", language)]
    lines = [say("rule-docs.options", language)]
    for option in options:
        lines.append("  " + say("rule-docs.option", language, name=option.name,
                                default=str(option.default)))
        if option.description:
            lines.append(f"      {' '.join(option.description.split())}")
    return lines


#: a rule's settings in a plan (an argument: a ``|`` in a message splits its plural forms)
_LEVELS = "off | error | warning"


def _configure_hint(rule: Rule, language: str = "en") -> str:
    from mktplan.text.messages import say

    if not is_configurable(rule):
        return say("rule-docs.schema", language)
    options = option_docs(rule.options)
    if not options:
        return say("rule-docs.hint", language, rule=rule.id, levels=_LEVELS)
    first = options[0]
    return say("rule-docs.hint-options", language, rule=rule.id, levels=_LEVELS,
               option=first.name, default=str(first.default))


def write_markdown(rules: Sequence[Rule], stream: TextIO) -> None:
    """The rules reference as Markdown: an index table, then each rule's documentation."""
    stream.write("# mktplan rules\n\n")
    stream.write("Generated from the rules' docstrings by `mktplan rules --format md`; "
                 "do not edit by hand.\n\n")
    stream.write("| Rule | Severity | Summary |\n|---|---|---|\n")
    for rule in rules:
        summary = rule.summary.replace("|", "\\|")
        stream.write(f"| [`{rule.id}`](#{rule.id}) | {rule.severity.value} | {summary} |\n")
    family = ""
    for rule in rules:
        if rule.family != family:
            family = rule.family
            stream.write(f"\n## {family}\n")
        stream.write(f"\n### {rule.id}\n\n")
        stream.write(f"Default severity: **{rule.severity.value}**.\n\n{rule.doc}\n\n")
        for option in option_docs(rule.options):
            description = " ".join(option.description.split())
            stream.write(f"- option `{option.name}` (default `{option.default}`): {description}\n")
        stream.write(f"\n{_configure_hint(rule)}\n")


# --- the formats of ``mktplan rules --format`` (see mktplan.report.RULE_WRITERS) ----------
def show_text(rules: Sequence[Rule], whole: bool, stream: TextIO,
              language: str = "en") -> None:
    """One rule in full, or a table of rules, the words around them in ``language``."""
    if whole:
        (rule,) = rules
        write_rule(rule, stream, language)
    else:
        write_table(rules, stream, language)


def show_json(rules: Sequence[Rule], whole: bool, stream: TextIO,
              language: str = "en") -> None:
    """One rule's data, or ``{"rules": [...]}``."""
    if whole:
        (rule,) = rules
        write_json(rule_data(rule), stream)
    else:
        write_json({"rules": [rule_data(rule) for rule in rules]}, stream)


def show_markdown(rules: Sequence[Rule], whole: bool, stream: TextIO,
                  language: str = "en") -> None:
    """The Markdown reference of the rules (``docs/rules.md`` is that of all of them)."""
    write_markdown(rules, stream)
