"""What the commands share: help with plain metavars, and ``--format`` choices.

Help is written as people know it from other tools: ``PATH...``, ``[NAME]``.

Typer writes an argument as ``{PATH}...`` in the usage line and adds its Python type to
the help (``PATH <list[Path]>``, ``-o, --output <path>``). :class:`PlainCommand` writes
an argument as its metavar, ``...`` when it takes several values and ``[…]`` when it is
optional, with no type; an option shows its own metavar, so every command gives each
option that takes a value one (``tests/test_cli_habits.py`` holds every help page to it).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from typer._click import Context, HelpFormatter, Parameter
from typer.core import TyperCommand

from mktplan.registry import choice


def argument_name(param: Parameter) -> str:
    """An argument as the usage line and the help list show it: ``PATH...``."""
    name = param.metavar or (param.name or "").upper()
    return f"{name}..." if param.nargs != 1 else name


class PlainCommand(TyperCommand):
    """A command whose help shows plain metavars and no Python types."""

    def collect_usage_pieces(self, ctx: Context) -> list[str]:
        """``[OPTIONS] PATH...``: arguments by their metavars, optional ones in brackets."""
        pieces = [self.options_metavar] if self.options_metavar else []
        for param in self.get_params(ctx):
            if param.param_type_name == "argument" and not getattr(param, "hidden", False):
                name = argument_name(param)
                pieces.append(name if param.required else f"[{name}]")
        return pieces

    def format_options(self, ctx: Context, formatter: HelpFormatter) -> None:
        """The arguments, then the options, each with its help."""
        arguments: list[tuple[str, str]] = []
        options: list[tuple[str, str]] = []
        for param in self.get_params(ctx):
            record = param.get_help_record(ctx)
            if record is None:
                continue
            if param.param_type_name == "argument":
                arguments.append((argument_name(param), record[1]))
            else:
                options.append(record)
        for title, rows in (("Arguments", arguments), ("Options", options)):
            if rows:
                with formatter.section(title):
                    formatter.write_dl(rows)



def language_parser(value: str) -> str:
    """A message ``--lang``: ``en`` or ``zh-CN`` (also ``zh``, ``zh_CN``), else a usage error."""
    from mktplan.commands.usage import bad_parameter
    from mktplan.findings import msg
    from mktplan.text.messages import LANGUAGES, normalize

    language = normalize(value)
    if language is None:
        raise bad_parameter(msg("usage.unknown-language", value=value, choices=LANGUAGES))
    return language


#: the help of every command's message ``--lang``
LANGUAGE_HELP = ("Language of the messages: en or zh-CN (default: MKTPLAN_LANG, else the "
                 "plan's meta.language, else the project's language, else the locale).")


def format_parser(entries: Mapping[str, object]) -> Callable[[str], str]:
    """A ``--format`` parser: a registry key (or its alias, ``markdown``), else a usage error."""

    def parse(value: str) -> str:
        from mktplan.commands.usage import bad_parameter
        from mktplan.findings import msg

        name = choice(entries, value)
        if name is None:
            raise bad_parameter(msg("usage.unknown-format", value=value,
                                    choices=tuple(entries)))
        return name

    return parse
