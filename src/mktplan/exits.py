"""The exit codes every command shares: the contract that CI jobs and hooks rely on.

0: clean (no errors; for ``diff --exit-code``, no change). 1: the plan has errors (or
warnings under ``--strict``), deliverables are stale, or the plans differ. 2: a usage or
I/O problem, and any internal error. 130: interrupted (Ctrl-C), as Typer exits.
"""

EXIT_CLEAN = 0
EXIT_FINDINGS = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130
