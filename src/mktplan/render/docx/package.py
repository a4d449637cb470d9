"""Writing the .docx: the tree is saved and made canonical, then the table rows go in.

Table rows are kept as XML bytes, not in the tree (see :class:`~.tables.Table`):
each table holds a comment ``<!--mktplan-rows-N-->`` where they go. Plan text is
escaped in the tree, so it can never produce such a comment.

The package without the rows is small, so :func:`~mktplan.render.ooxml.normalize_zip`
makes it canonical cheaply. The rows are then streamed into a copy of it, table
by table, with every entry header as the canonical package has it: the document
never has to be in memory as one string, and it is compressed once. The result
is what ``normalize_zip`` would make of it (a test checks that it is a fixed point).
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterable, Mapping
from typing import IO, Final

from docxtpl import DocxTemplate

from mktplan.render.docx.tables import ROWS_MARK
from mktplan.render.ooxml import normalize_zip, same_header

_MARKER: Final = re.compile(b"<!--(" + re.escape(ROWS_MARK.encode()) + rb"\d+)-->")


def write_package(template: DocxTemplate, rows: Mapping[str, Iterable[bytes]]) -> bytes:
    """The rendered template as .docx bytes, with the table ``rows`` in place of their markers.

    ``rows`` maps a marker to the chunks of XML that replace it. The same content
    always gives the same bytes.
    """
    saved = io.BytesIO()
    template.save(saved)
    document_entry = template.docx.part.partname.lstrip("/")
    return insert_rows(normalize_zip(saved.getvalue()), document_entry, rows)


def insert_rows(package: bytes, entry_name: str, rows: Mapping[str, Iterable[bytes]]) -> bytes:
    """A copy of the canonical ``package`` with the markers in ``entry_name`` replaced by rows."""
    output = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(package)) as source, \
            zipfile.ZipFile(output, "w") as target:
        for entry in source.infolist():
            data = source.read(entry)
            # zlib's default level, as normalize_zip's level 6
            with target.open(same_header(entry), "w") as stream:
                if entry.filename == entry_name:
                    _write_with_rows(stream, data, rows)
                else:
                    stream.write(data)
    return output.getvalue()



def _write_with_rows(stream: IO[bytes], data: bytes, rows: Mapping[str, Iterable[bytes]]) -> None:
    position = 0
    for marker in _MARKER.finditer(data):
        stream.write(data[position:marker.start()])
        for chunk in rows.get(marker.group(1).decode(), ()):
            stream.write(chunk)
        position = marker.end()
    stream.write(data[position:])
