"""Page numbers for the table of contents of a built Word file, from a layout of it.

Word lays a document out only when it opens it, so the pages of the headings are
known from another layout: LibreOffice's, when the same build makes the PDF
(:mod:`mktplan.render.pdf`). :func:`with_page_numbers` writes them into the entries
that :mod:`.toc` stored, as ``PAGEREF`` fields whose stored results are those pages.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence
from typing import Final

from lxml import etree

from mktplan.render.docx.toc import add_page_number, entry_links

DOCUMENT: Final = "word/document.xml"


def with_page_numbers(docx: bytes, pages: Sequence[str]) -> bytes:
    """``docx`` with ``pages`` after its table of contents' entries, one each, in order.

    Returns ``docx`` unchanged when the counts differ (a template whose headings the
    layout counted otherwise): no page number is better than a wrong one.
    """
    with zipfile.ZipFile(io.BytesIO(docx)) as source:
        root = etree.fromstring(source.read(DOCUMENT), etree.XMLParser(huge_tree=True))
        links = entry_links(root)
        if not links or len(links) != len(pages) or not all(pages):
            return docx
        for link, page in zip(links, pages, strict=True):
            add_page_number(link, page)
        document = etree.tostring(root, xml_declaration=True, encoding="UTF-8",
                                  standalone=True)
        output = io.BytesIO()
        with zipfile.ZipFile(output, "w") as target:
            for entry in source.infolist():
                data = document if entry.filename == DOCUMENT else source.read(entry)
                target.writestr(_same_header(entry), data, compresslevel=6)
    return output.getvalue()


def _same_header(entry: zipfile.ZipInfo) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(entry.filename, date_time=entry.date_time)
    info.create_system = entry.create_system
    info.external_attr = entry.external_attr
    info.compress_type = entry.compress_type
    return info
