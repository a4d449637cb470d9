"""The Typer app: parse arguments → call the core → report → exit code.

Commands live in :mod:`mktplan.commands`, one module each; this module only wires
them up. Nothing heavy is imported here, so ``mktplan --help`` stays fast.
"""

from __future__ import annotations

import io
import os
import sys

import typer

from mktplan import __version__
from mktplan.commands import build, check, diff, init, rules, schema, textconv

app = typer.Typer(
    name="mktplan",
    help="Check a YAML marketing plan and build Word, Excel and Markdown deliverables.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)

for command in (check, rules, schema, diff, textconv, build, init):
    command.register(app)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"mktplan {__version__}")
        raise typer.Exit(0)


@app.callback()
def _main(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                 help="Show the version and exit."),
) -> None:
    """Check a YAML marketing plan and build Word, Excel and Markdown deliverables."""


def main() -> None:
    """Entry point of the ``mktplan`` console script."""
    # a console that cannot show a character (cp1252 and Chinese text) gets an escape,
    # not a UnicodeEncodeError in the middle of a report
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(errors="backslashreplace")
    # pydantic scans every installed package's entry points for plugins on the first
    # model (10-20 ms of each run); mktplan uses none. An explicit setting is respected.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    try:
        app()
    except Exception as exc:  # a bug must still end with a message and exit 2, not a traceback
        if os.environ.get("MKTPLAN_DEBUG"):
            raise
        sys.stderr.write(
            f"mktplan: internal error ({type(exc).__name__}: {exc}); please report it "
            "with the plan that caused it (set MKTPLAN_DEBUG=1 to see the traceback)\n")
        sys.exit(2)
