"""Import openpyxl without numpy, before any other module of this package imports it.

openpyxl imports numpy whenever it is installed, only so that numpy scalars are
accepted as cell values. mktplan writes Decimals, ints, dates and strings, never numpy
values, and importing numpy costs about 12 MiB of memory and 60 ms, more than the whole
Excel renderer needs for a typical plan. So openpyxl is imported here with
``import numpy`` made to fail (a ``None`` entry in ``sys.modules``); the entry is
removed at once, so numpy stays importable for anything else afterwards. When numpy or
openpyxl is already loaded there is nothing to save and nothing is done.
"""

from __future__ import annotations

import sys


def import_openpyxl_without_numpy() -> None:
    """Import openpyxl with its optional numpy support switched off."""
    if "numpy" in sys.modules or "openpyxl" in sys.modules:
        return
    sys.modules["numpy"] = None  # type: ignore[assignment]  # makes ``import numpy`` fail
    try:
        import openpyxl  # noqa: F401
    finally:
        del sys.modules["numpy"]


import_openpyxl_without_numpy()
