"""The workbook itself: an in-memory XlsxWriter workbook, saved reproducibly.

XlsxWriter writes what openpyxl cannot: each formula with the value it computes
(so previewers show the totals), and native charts. It is told never to guess:
a string stays a string (no numbers, formulas or links made of plan text). The
document properties carry a fixed date, and the zip is normalised, so the same
plan always gives the same bytes. It works in memory, never in temporary files.
"""

from __future__ import annotations

import io
from datetime import datetime
from typing import Any

from xlsxwriter import Workbook

from mktplan.render.ooxml import normalize_zip
from mktplan.render.xlsx.styles import base_properties

FIXED_TIME = datetime(2000, 1, 1)
"""The created/modified time written into every workbook, so that builds are reproducible."""


def new_workbook(title: str, font: str) -> tuple[Any, io.BytesIO]:
    """An empty workbook writing into memory, with fixed document properties."""
    buffer = io.BytesIO()
    workbook = Workbook(buffer, {
        "in_memory": True,
        "strings_to_numbers": False,
        "strings_to_formulas": False,
        "strings_to_urls": False,
        "default_format_properties": base_properties(font),
        "use_zip64": True,
    })
    workbook.set_properties({"title": title, "author": "mktplan", "created": FIXED_TIME})
    return workbook, buffer


def save(workbook: Any, buffer: io.BytesIO) -> bytes:
    """The workbook's file: fixed times inside, a normalised zip outside."""
    workbook.close()
    return normalize_zip(buffer.getvalue())
