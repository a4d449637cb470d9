"""The few exception types mktplan raises across layers.

Findings about a plan are *values* (see :mod:`mktplan.findings`), never exceptions.
Exceptions are kept for conditions that stop a command before any plan is read.
"""

from __future__ import annotations


class MktplanError(Exception):
    """Base class of every mktplan exception."""


class InputError(MktplanError):
    """Raised by the loaders when a file cannot be read at all (missing, unreadable).

    The CLI turns it into exit code 2.
    """


class UsageError(MktplanError):
    """Raised by the core when the caller's arguments cannot be honoured.

    The CLI turns it into exit code 2.
    """


class ExpansionLimitError(MktplanError, ValueError):
    """Raised by the view builder and the monthly spend for a plan that expands too far.

    :mod:`mktplan.model.expansion` counts what a plan expands to; ``check`` reports a plan
    over the limit (``schema-expansion-too-large``), so ``build`` never renders one. A
    caller that skips the check gets this instead of a build that exhausts memory.
    """
