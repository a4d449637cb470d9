"""The few exception types mktplan raises across layers.

Findings about a plan are *values* (see :mod:`mktplan.findings`), never exceptions.
Exceptions are kept for conditions that stop a command before any plan is read.
"""

from __future__ import annotations


class MktplanError(Exception):
    """Base class of every mktplan exception."""


class InputError(MktplanError):
    """Raised by the readers when a file cannot be read at all (missing, unreadable).

    ``file`` and ``reason`` are the two halves of the message (``plan.yaml: no such
    file``), for reports that show a file name in its own place. The CLI turns it into
    exit code 2; ``check`` reports it as a ``schema-file-unreadable`` record.
    ``detail`` is the reason as a catalogue message (a :class:`mktplan.findings.Message`,
    which this module cannot name), for readers of other languages; None: English only.
    """

    def __init__(self, file: str, reason: str, detail: object = None) -> None:
        super().__init__(f"{file}: {reason}")
        self.file = file
        self.reason = reason
        self.detail = detail


class FileTooLargeError(InputError):
    """Raised by the readers when a file is over the size limit, before it is read.

    ``size`` is None when the file grew past the limit while it was read. The plan
    loader turns it into a ``schema-file-too-large`` finding.
    """

    def __init__(self, file: str, size: int | None, limit: int) -> None:
        told = f"{size:,} bytes, over" if size is not None else "over"
        super().__init__(file, f"the file is {told} the {limit:,}-byte limit "
                               "(raise it with MKTPLAN_MAX_BYTES)")
        self.size = size
        self.limit = limit


class UsageError(MktplanError):
    """Raised by the core when the caller's arguments cannot be honoured.

    The CLI turns it into exit code 2. ``detail``, as :class:`InputError`'s, is the
    message as a catalogue message for readers of other languages (None: English only).
    """

    def __init__(self, message: str, detail: object = None) -> None:
        super().__init__(message)
        self.detail = detail


class ExpansionLimitError(MktplanError, ValueError):
    """Raised by the view builder and the monthly spend for a plan that expands too far.

    :mod:`mktplan.model.expansion` counts what a plan expands to; ``check`` reports a plan
    over the limit (``schema-expansion-too-large``), so ``build`` never renders one. A
    caller that skips the check gets this instead of a build that exhausts memory.
    """
