"""The ``mktplan`` console script: plain ``check`` runs go straight to the checker.

Pre-commit hooks and CI run ``mktplan check PATH…`` on every push; importing Typer and
letting it build the whole command tree costs about 15 % of such a run. A command
line that :func:`~mktplan.commands.checking.plain_check_request` recognises is run
without Typer; every other one (help, other commands, any mistake) goes to the Typer
app in :mod:`mktplan.cli`, which owns all messages about the command line itself.
"""

from __future__ import annotations

import io
import os
import sys

EXIT_INTERRUPTED = 130  # as Typer exits on Ctrl-C


def main() -> None:
    """Entry point of the ``mktplan`` console script and of ``python -m mktplan``."""
    _prepare_process()
    try:
        sys.exit(_run(sys.argv[1:]))
    except KeyboardInterrupt:
        sys.exit(EXIT_INTERRUPTED)
    except BrokenPipeError:
        _silence_stdout()  # the reader (``| head``) has gone: stop quietly, like Typer
        sys.exit(1)
    except Exception as exc:  # a bug must still end with a message and exit 2, not a traceback
        if os.environ.get("MKTPLAN_DEBUG"):
            raise
        sys.stderr.write(
            f"mktplan: internal error ({type(exc).__name__}: {exc}); please report it "
            "with the plan that caused it (set MKTPLAN_DEBUG=1 to see the traceback)\n")
        sys.exit(2)


def _run(argv: list[str]) -> int:
    """Run one command line; return its exit code."""
    from mktplan.commands.checking import plain_check_request, run_check

    # shell completion is Typer's business (it reads this variable before parsing)
    request = None if "_MKTPLAN_COMPLETE" in os.environ else plain_check_request(argv)
    if request is not None:
        code = run_check(request.paths, request.output_format, request.strict,
                         sys.stdout, sys.stderr)
        sys.stdout.flush()  # a closed pipe must show up here, inside main()'s handlers
        return code
    from mktplan.cli import app

    app()  # Typer ends the process itself with the command's exit code
    return 0


def _prepare_process() -> None:
    # a console that cannot show a character (cp1252 and Chinese text) gets an escape,
    # not a UnicodeEncodeError in the middle of a report
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(errors="backslashreplace")
    # pydantic scans every installed package's entry points for plugins on the first
    # model (10-20 ms of each run); mktplan uses none. An explicit setting is respected.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")


def _silence_stdout() -> None:
    """Point stdout at the null device so that the interpreter's final flush cannot fail."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
