"""The command line's own mistakes (an unknown option, a missing argument) in the reader's language.

Typer (its copy of Click) tells them in English: ``Usage: …``, ``Try 'mktplan build -h'
for help.``, ``Error: No such option: --formt``. :class:`LanguageGroup`, the app's
group, lets English be told so, word for word, and tells Chinese itself: the usage line
(a command's synopsis, as written), the hint and the error, each kind of mistake in its
own words; a value that a parser of mktplan's refused carries that parser's message
(:func:`bad_parameter`). The language is the command line's ``--lang``, else as every
message's (:func:`mktplan.text.messages.choose`), for the command line is read before any
plan.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import Any

import typer
from typer._click import exceptions as click_errors
from typer.core import TyperGroup

from mktplan.findings import Message, MessagePatterns, msg

#: the rest of Click's own messages that mktplan says in Chinese, each with its key
_CLICK_SAYS = MessagePatterns(
    ("usage.no-such-command", r"^No such command '(?P<name>.+)'\.$"),
    ("usage.needs-value", r"^Option '(?P<option>.+)' requires an argument\.$"),
    ("usage.needs-values", r"^Option '(?P<option>.+)' requires (?P<n>\d+) arguments\.$"),
    ("usage.takes-no-value", r"^Option '(?P<option>.+)' does not take a value\.$"),
    ("usage.extra-arguments",
     r"^Got unexpected extra argument(?:s|\(s\))? \((?P<extra>.+)\)$"),
)


def bad_parameter(message: Message) -> typer.BadParameter:
    """A refused value, told in English and, by :class:`LanguageGroup`, in Chinese."""
    from mktplan.text.messages import ENGLISH, render

    error = typer.BadParameter(render(message, ENGLISH))
    error.detail = message  # type: ignore[attr-defined]
    return error


def language_of(args: Sequence[str]) -> str:
    """The language of the command line's own messages: its ``--lang``, else the usual."""
    from mktplan.text.messages import choose

    written = None
    for index, arg in enumerate(args):
        if arg == "--":
            break
        if arg == "--lang" and index + 1 < len(args):
            written = args[index + 1]
        elif arg.startswith("--lang="):
            written = arg.removeprefix("--lang=")
    return choose(written)


class LanguageGroup(TyperGroup):
    """The app's group: as Typer's, but a mistake in the command line is told in Chinese too."""

    def main(self, args: Sequence[str] | None = None, prog_name: str | None = None,
             complete_var: str | None = None, standalone_mode: bool = True,
             windows_expand_args: bool = True, **extra: Any) -> Any:
        """Run the command line; a mistake in it ends the process with exit code 2."""
        from mktplan.text.messages import ENGLISH

        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode,
                                windows_expand_args, **extra)
        given = list(sys.argv[1:] if args is None else args)
        try:
            code = super().main(given, prog_name, complete_var, False, windows_expand_args,
                                **extra)
        except typer.Abort:
            sys.stderr.write("Aborted!\n")
            sys.exit(1)
        except click_errors.ClickException as error:
            language = language_of(given)
            if language == ENGLISH or isinstance(error, click_errors.NoArgsIsHelpError):
                error.show()
            else:
                sys.stderr.write(told(error, language))
            sys.exit(error.exit_code)
        sys.exit(code if isinstance(code, int) else 0)


def told(error: click_errors.ClickException, language: str) -> str:
    """The usage line, the hint and the error, as the reader of ``language`` reads them."""
    from mktplan.text.messages import render, say

    lines = []
    context = getattr(error, "ctx", None)
    if context is not None:
        usage = context.get_usage().removeprefix("Usage: ")
        lines.append(say("usage.usage", language, usage=usage))
        if context.command.get_help_option(context) is not None:
            lines.append(say("usage.hint", language, command=context.command_path,
                             option=context.help_option_names[0]))
        lines.append("")
    lines.append(say("usage.error", language, message=render(_what(error), language)))
    return "\n".join(lines) + "\n"


def _what(error: click_errors.ClickException) -> Message:
    if isinstance(error, click_errors.NoSuchOption):
        if error.possibilities:
            return msg("usage.no-such-option.possible", option=error.option_name,
                       possible=tuple(sorted(error.possibilities)))
        return msg("usage.no-such-option", option=error.option_name)
    if isinstance(error, click_errors.MissingParameter):
        hint = _hint(error)
        return msg("usage.missing-option" if error.param_type == "option"
                   or getattr(error.param, "param_type_name", "") == "option"
                   else "usage.missing-argument", name=hint)
    if isinstance(error, click_errors.BadParameter):
        detail = getattr(error, "detail", None)
        reason: Message | str = detail if isinstance(detail, Message) else msg(
            "usage.quoted", text=error.message)
        name = _hint(error)
        if not name:  # a value read after parsing, not by an option's parser
            return msg("usage.bad-value-unnamed", reason=reason)
        return msg("usage.bad-value", name=name, reason=reason)
    said = error.format_message()
    return _CLICK_SAYS.message(said) or msg("usage.other", text=said)


def _hint(error: click_errors.BadParameter) -> str:
    """How the parameter is named in the message: ``'--format' / '-f'``, ``'OLD'``."""
    hint: Sequence[str] | str | None = error.param_hint
    if hint is None and error.param is not None:
        hint = error.param.get_error_hint()
    if hint is None:
        return ""
    return " / ".join(f"'{part}'" for part in hint) if not isinstance(hint, str) else hint
