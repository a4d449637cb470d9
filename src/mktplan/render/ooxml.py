"""Helpers shared by the Office Open XML writers (Word ``.docx``, Excel ``.xlsx``).

An OOXML file is a zip archive, and its bytes depend on more than its content:
every zip entry carries a modification time, the host system and permission
bits of the machine that wrote it, and the entries come in whatever order the
writing library chose. python-docx stamps entries with the current
time, so saving the same document twice gives two different files.

:func:`normalize_zip` rewrites an archive so that the same entries always give
the same bytes: fixed timestamps and attributes, a fixed entry order, one
compression method and level. Use it on everything mktplan saves (templates,
deliverables, golden test files) so that builds are reproducible and a changed
checksum means changed content.

It does not touch the *content* of the entries: timestamps inside the
document (``docProps/core.xml``) are the writer's business.
"""

from __future__ import annotations

import io
import os
import zipfile
from collections import Counter
from pathlib import Path
from typing import Final

__all__ = ["FIXED_ZIP_DATE_TIME", "normalize_zip"]

FIXED_ZIP_DATE_TIME: Final[tuple[int, int, int, int, int, int]] = (1980, 1, 1, 0, 0, 0)
"""The timestamp written on every entry: the earliest a zip file can hold."""

_LEADING_ENTRIES: Final[tuple[str, ...]] = ("[Content_Types].xml", "_rels/.rels")
"""Entries written first, in this order, as Office itself does; the rest follow by name."""

_COMPRESS_LEVEL: Final = 6
"""zlib's default level, stated so the output never depends on a library default."""

_UNIX: Final = 3
"""``create_system``: stated, because ``ZipInfo`` records the current platform."""

_FILE_ATTRIBUTES: Final = 0o100644 << 16
"""A regular file, ``rw-r--r--``: stated, because ``zipfile`` replaces 0 by ``rw-------``."""

_DIRECTORY_ATTRIBUTES: Final = (0o40755 << 16) | 0x10
"""A directory, ``rwxr-xr-x``, with the MS-DOS directory flag."""


def _entry_order(name: str) -> tuple[int, str]:
    """Sort key: the leading entries first, then every other name in code-point order."""
    if name in _LEADING_ENTRIES:
        return (_LEADING_ENTRIES.index(name), name)
    return (len(_LEADING_ENTRIES), name)


def normalize_zip(source: bytes | str | os.PathLike[str]) -> bytes:
    """Return the zip archive ``source`` rewritten into a canonical, reproducible form.

    ``source`` is either the archive itself (``bytes``) or the path of a file to
    read; nothing is written anywhere, the caller saves the result (atomically).

    Every entry keeps its name and content; in the result it has the timestamp
    :data:`FIXED_ZIP_DATE_TIME`, Unix as host system with fixed permissions
    (``rw-r--r--``), no extra field or comment, and is compressed with
    ``ZIP_DEFLATED`` at level 6.
    ``[Content_Types].xml`` and ``_rels/.rels`` come first, then all other entries
    sorted by name. Two archives with the same entries therefore give the same
    bytes, whatever wrote them and when, on a given zlib build.

    Normalizing is idempotent: ``normalize_zip(normalize_zip(x)) == normalize_zip(x)``.

    Raises:
        zipfile.BadZipFile: ``source`` is not a zip archive.
        ValueError: the archive holds two entries with the same name (the result
            would depend on which one a reader picks).
        OSError: ``source`` is a path that cannot be read.

    """
    data = source if isinstance(source, bytes) else Path(source).read_bytes()
    output = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        entries = archive.infolist()
        duplicates = sorted(
            name for name, count in Counter(e.filename for e in entries).items() if count > 1
        )
        if duplicates:
            msg = f"zip archive has duplicate entries: {', '.join(duplicates)}"
            raise ValueError(msg)
        with zipfile.ZipFile(output, mode="w") as normalized:
            for entry in sorted(entries, key=lambda e: _entry_order(e.filename)):
                info = zipfile.ZipInfo(entry.filename, date_time=FIXED_ZIP_DATE_TIME)
                info.create_system = _UNIX
                info.external_attr = _DIRECTORY_ATTRIBUTES if entry.is_dir() else _FILE_ATTRIBUTES
                normalized.writestr(
                    info,
                    archive.read(entry),
                    compress_type=zipfile.ZIP_DEFLATED,
                    compresslevel=_COMPRESS_LEVEL,
                )
    return output.getvalue()


def same_header(entry: zipfile.ZipInfo) -> zipfile.ZipInfo:
    """A header like ``entry``'s (name, date, system, attributes, compression) for a rewrite."""
    info = zipfile.ZipInfo(entry.filename, date_time=entry.date_time)
    info.create_system = entry.create_system
    info.external_attr = entry.external_attr
    info.compress_type = entry.compress_type
    return info
