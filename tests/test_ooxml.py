"""normalize_zip: same entries give the same bytes, whatever wrote them and when."""

from __future__ import annotations

import io
import warnings
import zipfile
from pathlib import Path

import pytest

from mktplan.render.ooxml import FIXED_ZIP_DATE_TIME, normalize_zip

ENTRIES = {
    "word/document.xml": b"<w:document/>",
    "[Content_Types].xml": b"<Types/>",
    "docProps/core.xml": "<cp:coreProperties>标题</cp:coreProperties>".encode(),
    "_rels/.rels": b"<Relationships/>",
    "word/_rels/document.xml.rels": b"<Relationships/>",
}


def make_zip(
    names: list[str],
    date_time: tuple[int, int, int, int, int, int],
    compression: int = zipfile.ZIP_DEFLATED,
) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name in names:
            info = zipfile.ZipInfo(name, date_time=date_time)
            info.external_attr = 0o600 << 16
            info.create_system = 0
            archive.writestr(info, ENTRIES[name], compress_type=compression)
    return buffer.getvalue()


def test_same_entries_give_same_bytes_whatever_the_time_order_and_method() -> None:
    first = make_zip(list(ENTRIES), (2024, 5, 6, 7, 8, 10))
    second = make_zip(sorted(ENTRIES, reverse=True), (2031, 1, 2, 3, 4, 6), zipfile.ZIP_STORED)
    assert first != second
    assert normalize_zip(first) == normalize_zip(second)


def test_entries_are_canonical_and_content_is_kept() -> None:
    result = normalize_zip(make_zip(list(ENTRIES), (2024, 5, 6, 7, 8, 10)))
    with zipfile.ZipFile(io.BytesIO(result)) as archive:
        infos = archive.infolist()
        assert [i.filename for i in infos] == [
            "[Content_Types].xml",
            "_rels/.rels",
            "docProps/core.xml",
            "word/_rels/document.xml.rels",
            "word/document.xml",
        ]
        for info in infos:
            assert info.date_time == FIXED_ZIP_DATE_TIME
            assert info.compress_type == zipfile.ZIP_DEFLATED
            assert (info.create_system, info.external_attr) == (3, 0o100644 << 16)
            assert archive.read(info) == ENTRIES[info.filename]


def test_idempotent_and_path_equals_bytes(tmp_path: Path) -> None:
    once = normalize_zip(make_zip(list(ENTRIES), (2024, 5, 6, 7, 8, 10)))
    assert normalize_zip(once) == once
    path = tmp_path / "report.docx"
    path.write_bytes(once)
    assert normalize_zip(path) == once
    assert normalize_zip(str(path)) == once


def test_duplicate_entries_are_refused() -> None:
    buffer = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns "Duplicate name"; that is the point
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr("word/document.xml", b"one")
            archive.writestr("word/document.xml", b"two")
    with pytest.raises(ValueError, match=r"duplicate entries: word/document\.xml"):
        normalize_zip(buffer.getvalue())


def test_not_a_zip() -> None:
    with pytest.raises(zipfile.BadZipFile):
        normalize_zip(b"not a zip")
