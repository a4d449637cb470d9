"""A Word template is someone else's zip archive: its sizes are checked before it is opened.

python-docx and docxtpl read every part of the template into memory, and docxtpl
compiles the document, its headers and footers as Jinja templates. A 2 MB zip bomb
inflates to gigabytes; so before either library sees the file, the archive's
directory is read (that costs nothing) and the template is refused when it has too
many entries, too much content in all, a part too large to compile, or an entry
that inflates suspiciously much. Python's zip reader stops at an entry's declared
size (and then fails its checksum), so declared sizes are the sizes read.
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Final

from mktplan.findings import msg
from mktplan.text.messages import usage_error

MAX_ENTRIES: Final = 1000
MAX_TOTAL_BYTES: Final = 128 * 1024 * 1024
"""Uncompressed content in all: pictures and fonts included."""
MAX_PART_BYTES: Final = 16 * 1024 * 1024
"""One XML part, as docxtpl compiles it: the document, a header, the styles."""
MAX_RATIO: Final = 100
"""Uncompressed to compressed, for an entry over :data:`_RATIO_FROM` (Word's XML: 5–30)."""
_RATIO_FROM: Final = 1024 * 1024


def check_template_archive(path: Path) -> None:
    """Raise :class:`UsageError` unless ``path`` is a zip archive of a sane size.

    A file that is not a zip archive at all is left for python-docx to report.
    """
    try:
        with zipfile.ZipFile(path) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return
    shown = str(path)
    if len(entries) > MAX_ENTRIES:
        raise usage_error(msg("word.entries", path=shown, n=len(entries), limit=MAX_ENTRIES))
    total = sum(entry.file_size for entry in entries)
    if total > MAX_TOTAL_BYTES:
        raise usage_error(msg("word.unpacks", path=shown, size=total, limit=MAX_TOTAL_BYTES))
    for entry in entries:
        if entry.filename.endswith((".xml", ".rels")) and entry.file_size > MAX_PART_BYTES:
            raise usage_error(msg("word.part", path=shown, part=entry.filename,
                                  size=entry.file_size, limit=MAX_PART_BYTES))
        if entry.file_size > _RATIO_FROM and entry.file_size > MAX_RATIO * entry.compress_size:
            raise usage_error(msg("word.inflates", path=shown, part=entry.filename,
                                  n=entry.file_size // max(entry.compress_size, 1)))
