"""The ``mktplan`` console script: plain ``check`` and ``textconv`` lines skip Typer.

Pre-commit hooks and CI run ``mktplan check PATH…`` on every push, and git runs
``mktplan textconv FILE`` for every changed plan it shows; importing Typer and letting
it build the whole command tree costs about 15 % of such a run. A command line that
:func:`~mktplan.direct.plain_check_request` or
:func:`~mktplan.direct.plain_textconv_path` recognises is run without
Typer; every other one (help, other commands, any mistake) goes to the Typer app in
:mod:`mktplan.cli`, which owns all messages about the command line itself.
"""

from __future__ import annotations

import io
import os
import sys

from mktplan.exits import EXIT_INTERRUPTED, EXIT_USAGE

EXIT_BROKEN_PIPE = 1  # as Typer exits when the reader of its output has gone
#: the name in usage lines, also under ``python -m mktplan``; Typer derives the variable
#: that shell completion sets (``_MKTPLAN_COMPLETE``) from it
PROGRAM = "mktplan"


def main() -> None:
    """Entry point of the ``mktplan`` console script and of ``python -m mktplan``.

    Runs the command line, then ends the process without tearing the interpreter down:
    after a huge plan, freeing millions of objects one by one takes a tenth of a second
    or more, and nothing is left to do (mypy ends the same way). Every output file is
    complete and closed by then; only the standard streams need flushing. For the same
    reason, what loading makes is frozen out of the garbage collector's reach.
    """
    from mktplan.load.collector import freeze_what_loading_makes

    freeze_what_loading_makes()
    code = run(sys.argv[1:])
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except BrokenPipeError:
        code = EXIT_BROKEN_PIPE
    os._exit(code)


def run(argv: list[str]) -> int:
    """Run one command line and return its exit code; a bug gives 2 and a message."""
    _prepare_process()
    try:
        return _run(argv)
    except SystemExit as exc:  # Typer ends its commands this way
        return _exit_code(exc)
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        _silence_stdout()  # the reader (``| head``) has gone: stop quietly, like Typer
        return EXIT_BROKEN_PIPE
    except Exception as exc:  # a bug must still end with a message and exit 2, not a traceback
        if os.environ.get("MKTPLAN_DEBUG"):
            raise
        sys.stderr.write(f"mktplan: {_internal_error(exc)}\n")
        return EXIT_USAGE


def _internal_error(exc: Exception) -> str:
    """What a bug says, in the reader's language (in English should the catalogue fail too)."""
    error = f"{type(exc).__name__}: {exc}"
    try:
        from mktplan.text.messages import choose, say

        return say("cli.internal-error", choose(), error=error)
    except Exception:  # the catalogue itself may be what is broken
        return (f"internal error ({error}); please report it with the plan that caused it "
                "(set MKTPLAN_DEBUG=1 to see the traceback)")


def _run(argv: list[str]) -> int:
    from mktplan.direct import plain_check_request, run_check

    # shell completion is Typer's business (it reads this variable before parsing)
    completing = "_MKTPLAN_COMPLETE" in os.environ
    request = None if completing else plain_check_request(argv)
    if request is not None:
        code = run_check(request, sys.stdout, sys.stderr)
        sys.stdout.flush()  # a closed pipe must show up here, inside run()'s handlers
        return code
    from mktplan.direct import plain_textconv_path, run_textconv

    textconv_path = None if completing else plain_textconv_path(argv)
    if textconv_path is not None:
        return run_textconv(textconv_path, sys.stdout.buffer, sys.stderr)
    from mktplan.cli import app

    if completing:
        from mktplan.commands.completion import enable_completion

        enable_completion()
    app(argv, prog_name=PROGRAM)  # Typer ends with SystemExit, carrying the command's exit code
    return 0


def _exit_code(exc: SystemExit) -> int:
    """The exit code ``sys.exit`` would give: None is 0, a message is printed and gives 1."""
    if exc.code is None or isinstance(exc.code, int):
        return exc.code or 0
    sys.stderr.write(f"{exc.code}\n")
    return 1


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
