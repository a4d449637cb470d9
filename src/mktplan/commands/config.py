"""The ``config`` command: the settings in force for a plan, and where each one came from.

``mktplan config plans/acme.yaml`` names the project configuration that applies (the
first ``.mktplan.yaml`` or ``pyproject.toml`` with ``[tool.mktplan]`` from the plan's
folder upward), each setting with the ``file:line:col`` that made it (or ``default``),
and every rule that the configuration or the plan's own ``rules:`` section changes.
Exit codes: 0, or 2 when the configuration cannot be used (its message is located).
"""

from __future__ import annotations

import json
import sys
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, TextIO, TypeVar

import typer

from mktplan.commands.common import LANGUAGE_HELP, PlainCommand, language_parser
from mktplan.exits import EXIT_CLEAN, EXIT_USAGE

if TYPE_CHECKING:
    from mktplan.project.explain import Explanation, RuleShown, Shown

_Row = TypeVar("_Row", "Shown", "RuleShown")


class ConfigFormat(str, Enum):
    """How ``mktplan config`` writes what it found."""

    text = "text"
    json = "json"


def register(app: typer.Typer) -> None:
    """Add the command to the app."""
    app.command(cls=PlainCommand)(config)


def config(
    path: Annotated[Path, typer.Argument(
        metavar="[PATH]", show_default=False,
        help="A plan, or a folder (default: the working directory).")] = Path("."),
    output_format: Annotated[ConfigFormat, typer.Option(
        "--format", "-f", metavar="[text|json]", help="text for people, json for tools.",
    )] = ConfigFormat.text,
    lang: Annotated[str | None, typer.Option(
        "--lang", metavar="LANG", parser=language_parser, help=LANGUAGE_HELP)] = None,
) -> None:
    """Show the settings in force for a plan and where each came from."""
    raise typer.Exit(run_config(path, output_format.value, sys.stdout, sys.stderr, lang))


def run_config(path: Path, output_format: str, out: TextIO, err: TextIO,
               lang: str | None = None) -> int:
    """Write what applies to ``path`` to ``out``; return the exit code.

    The text is in the language chosen as ``check`` chooses it (``lang`` is ``--lang``);
    JSON names every source in English, for tools.
    """
    from mktplan.errors import UsageError
    from mktplan.project.explain import DEFAULT, explain
    from mktplan.text.messages import ENGLISH, choose, error_text

    try:
        found = explain(path)
    except UsageError as exc:
        err.write(f"mktplan: {error_text(exc, choose(lang))}\n")
        return EXIT_USAGE
    if output_format == ConfigFormat.json.value:
        json.dump({
            "configuration": found.configuration,
            "settings": [_told(shown, ENGLISH)._asdict() for shown in found.settings],
            "rules": [_told(shown, ENGLISH)._asdict() for shown in found.rules],
        }, out, indent=2, default=str)
        out.write("\n")
        return EXIT_CLEAN
    project = next((shown.value for shown in found.settings
                    if shown.name == "language" and shown.source != DEFAULT), None)
    _write_text(found, choose(lang, found.plan_language, project), out)
    return EXIT_CLEAN


def _write_text(found: Explanation, language: str, out: TextIO) -> None:
    from mktplan.text.messages import say

    out.write(say("project.shown.configuration", language, file=found.configuration)
              if found.configuration else say("project.shown.no-configuration", language))
    out.write("\n")
    settings = [_told(shown, language) for shown in found.settings]
    rules = [_told(shown, language) for shown in found.rules]
    names = [shown.name for shown in found.settings] + [f"  {r.rule}" for r in found.rules]
    width = max(len(name) for name in names) + 2
    values = [_value(shown.value) for shown in found.settings]
    values += [_rule_value(shown.severity, shown.options) for shown in found.rules]
    value_width = max(len(value) for value in values) + 2
    sources = [str(shown.source) for shown in settings] + [str(r.source) for r in rules]
    rows = list(zip(names, values, sources, strict=True))
    for name, value, source in rows[:len(found.settings)]:
        out.write(f"{name:<{width}}{value:<{value_width}}{source}\n")
    out.write(say("project.shown.rules", language) + "\n")
    for name, value, source in rows[len(found.settings):]:
        out.write(f"{name:<{width}}{value:<{value_width}}{source}\n")
    out.write(f"  {say('project.shown.other-rules', language)}\n")


def _told(shown: _Row, language: str) -> _Row:
    """``shown`` with its source written in ``language``."""
    from mktplan.text.messages import problem_text

    return shown._replace(source=problem_text(shown.source, language))


def _value(value: object) -> str:
    if value is None:
        return "-"
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _rule_value(severity: str, options: dict[str, object]) -> str:
    return ", ".join([severity, *(f"{name}={value}" for name, value in options.items())])
