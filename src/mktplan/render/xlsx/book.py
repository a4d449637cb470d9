"""The workbook itself: a streaming (write-only) openpyxl workbook, saved reproducibly."""

from __future__ import annotations

import io
import zipfile
from datetime import datetime
from typing import Any

from openpyxl import Workbook
from openpyxl.writer.excel import ExcelWriter

from mktplan.render.ooxml import normalize_zip

FIXED_TIME = datetime(2000, 1, 1)
"""The created/modified time written into every workbook, so that builds are reproducible."""


def new_workbook(title: str, language: str) -> Any:
    """An empty write-only workbook with fixed document properties."""
    workbook = Workbook(write_only=True)
    properties = workbook.properties
    properties.creator = "mktplan"
    properties.title = title
    properties.language = language
    properties.created = properties.modified = FIXED_TIME
    return workbook


def save(workbook: Any) -> bytes:
    """The workbook's file: fixed times inside, a normalised zip outside."""
    # ExcelWriter directly: Workbook.save() would stamp the current time as "modified"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
        ExcelWriter(workbook, archive).save()
    return normalize_zip(buffer.getvalue())
