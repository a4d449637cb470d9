"""The ``completion`` command: print the shell completion script for bash, zsh or fish.

::

    mktplan completion bash > ~/.local/share/bash-completion/completions/mktplan
    mktplan completion zsh > "${fpath[1]}/_mktplan"
    mktplan completion fish > ~/.config/fish/completions/mktplan.fish

The script calls ``mktplan`` back with ``_MKTPLAN_COMPLETE`` set for each completion;
the console script (:mod:`mktplan.launch`) hands such a call to Typer, and :mod:`mktplan.cli`
loads Typer's completion support only then, so that no other command pays for it.
"""

from __future__ import annotations

import sys
from enum import Enum
from typing import Annotated

import typer

from mktplan.commands.common import PlainCommand

PROGRAM = "mktplan"
COMPLETE_VARIABLE = "_MKTPLAN_COMPLETE"
"""The variable the scripts set when they call mktplan back (Typer's ``_<PROG>_COMPLETE``)."""


class Shell(str, Enum):
    """The shells mktplan writes a completion script for."""

    bash = "bash"
    zsh = "zsh"
    fish = "fish"


def register(app: typer.Typer) -> None:
    """Add the command to the app."""
    app.command(cls=PlainCommand)(completion)


def completion(
    shell: Annotated[Shell, typer.Argument(
        metavar="bash|zsh|fish", show_default=False, help="The shell to complete in.")],
) -> None:
    """Print the shell completion script (source it, or save it where your shell looks)."""
    sys.stdout.write(completion_script(shell.value) + "\n")


def completion_script(shell: str) -> str:
    """The completion script of ``shell`` for the ``mktplan`` command."""
    from typer._completion_shared import get_completion_script

    return get_completion_script(prog_name=PROGRAM, complete_var=COMPLETE_VARIABLE,
                                 shell=shell)


def enable_completion() -> None:
    """Let Typer answer a completion script's call (only such a call needs its classes)."""
    from typer._completion_classes import completion_init

    completion_init()
