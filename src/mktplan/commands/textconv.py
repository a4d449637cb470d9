"""The ``textconv`` command: a plan as stable lines, for ``git diff`` and ``git log -p``.

Set up once per repository::

    echo '*.plan.yaml diff=mktplan' >> .gitattributes
    git config diff.mktplan.textconv 'mktplan textconv'

Git then compares the renderings instead of the YAML. A file that does not load as
a plan is printed as written (git needs output, not a failure); exit code 2 only
when the file cannot be read at all.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from mktplan.commands.common import PlainCommand
from mktplan.direct import run_textconv


def register(app: typer.Typer) -> None:
    """Add the command to the app."""
    app.command(cls=PlainCommand, hidden=True)(textconv)


def textconv(
    path: Annotated[Path, typer.Argument(metavar="FILE", show_default=False,
                                         help="The plan file (git passes a temporary copy).")],
) -> None:
    """Print a plan as stable, normalised lines, so that git diffs show plan-level changes."""
    raise typer.Exit(run_textconv(path, sys.stdout.buffer, sys.stderr))
