"""The Typer app: parse arguments → call the core → report → exit code.

Commands live in :mod:`mktplan.commands`, one module each; this module only wires
them up. Nothing heavy is imported here, so ``mktplan --help`` stays fast. The console
script enters through :mod:`mktplan.launch`, which sets up the process and hands every
command line but a plain ``check`` to :data:`app`.
"""

from __future__ import annotations

import typer

from mktplan import __version__
from mktplan.commands import (
    build,
    check,
    completion,
    config,
    diff,
    init,
    review,
    rules,
    schema,
    templates,
    textconv,
)
from mktplan.commands.usage import LanguageGroup

app = typer.Typer(
    cls=LanguageGroup,
    name="mktplan",
    help="Check a YAML marketing plan and build Word, Excel and Markdown deliverables.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)

# in the order people use them; ``mktplan --help`` lists them so (textconv is hidden)
for command in (init, check, build, diff, review, rules, schema, config, templates, completion,
                textconv):
    command.register(app)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"mktplan {__version__}")
        raise typer.Exit(0)


@app.callback()
def _main(
    version: bool = typer.Option(False, "--version", "-V", callback=_version, is_eager=True,
                                 help="Show the version and exit."),
) -> None:
    """Check a YAML marketing plan and build Word, Excel and Markdown deliverables."""

