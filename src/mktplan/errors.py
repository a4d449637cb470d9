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
