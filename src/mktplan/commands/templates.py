"""The ``templates`` commands: ``mktplan templates export DIR`` copies the shipped templates.

A consultancy that wants its own look exports the templates, edits them (fonts and
logo in ``docx/report.docx``, headings in ``i18n/<language>.yaml``, the Markdown
partials) and builds with ``--templates DIR`` (or ``templates:`` in its project
configuration). ``--templates`` overrides file by file, so files left as exported can
be deleted and keep following mktplan's own. Exit codes: 0 exported, 2 when a file is
there already (without ``--force``) or cannot be written.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, TextIO

import typer

from mktplan.commands.common import PlainCommand
from mktplan.exits import EXIT_CLEAN, EXIT_USAGE

templates_app = typer.Typer(
    name="templates", no_args_is_help=True, rich_markup_mode=None,
    help="The templates deliverables are built from: export the shipped ones to edit.",
    context_settings={"help_option_names": ["-h", "--help"]},
)


def register(app: typer.Typer) -> None:
    """Add the command group to the app."""
    app.add_typer(templates_app)


@templates_app.command(cls=PlainCommand)
def export(
    folder: Annotated[Path, typer.Argument(
        metavar="DIR", show_default=False, help="The folder to copy the templates into.")],
    force: Annotated[bool, typer.Option(
        "--force", help="Replace files that are there already.")] = False,
) -> None:
    """Copy the shipped templates into DIR, to edit and build with --templates DIR."""
    raise typer.Exit(run_export(folder, force, sys.stdout, sys.stderr))


def run_export(folder: Path, force: bool, out: TextIO, err: TextIO) -> int:
    """Export the templates into ``folder``; return the exit code."""
    from mktplan.errors import UsageError
    from mktplan.render.resources import export_templates
    from mktplan.text.messages import choose, error_text, say

    language = choose()
    try:
        written = export_templates(folder, force)
    except UsageError as exc:
        err.write(f"mktplan: {error_text(exc, language)}\n")
        return EXIT_USAGE
    except OSError as exc:
        from mktplan.files.reading import os_reason

        file = str(exc.filename or folder)
        told = say("templates.cannot-write", language, file=file, error=os_reason(exc))
        err.write(f"mktplan: {told}\n")
        return EXIT_USAGE
    for path in written:
        out.write(say("templates.exported", language, path=str(path)) + "\n")
    out.write(say("templates.done", language, n=len(written), folder=str(folder)) + "\n")
    return EXIT_CLEAN
