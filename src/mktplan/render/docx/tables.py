"""Tables built by cloning prepared rows, so that a 6,000-row table costs linear time.

python-docx's ``table.cell()`` is quadratic and ``add_row().cells`` costs about
1.7 ms a row; deep-copying a prepared ``w:tr`` and setting its ``w:t`` texts costs
a few microseconds a cell. Each kind of row (plain, group heading, subtotal,
total) has one prototype, made once per table.

Widths are explicit (``w:tblW``, ``w:gridCol``, ``w:tcW`` in twips) and add up to
the text width of the template's page: a table without them takes python-docx's
US-Letter default, too wide for A4.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Final, Literal

from lxml import etree

from mktplan.render.docx.xml import (
    PPR,
    RPR,
    B,
    P,
    R,
    T,
    element_w,
    fill_text,
    shading,
    sub,
    w,
)

TBL, TBLPR, TR, TRPR, TC, TCPR, TCW = w("tbl"), w("tblPr"), w("tr"), w("trPr"), w("tc"), \
    w("tcPr"), w("tcW")
Align = Literal["left", "center", "right"]
RowKind = Literal["plain", "group", "subtotal", "total", "note"]

ROWS_MARK: Final = "mktplan-rows-"
"""Text of the comment that stands for a table's rows until the package is written."""
_DRAIN_BATCH: Final = 512
SUBTOTAL_FILL: Final = "EDEDED"
TOTAL_FILL: Final = "D9D9D9"
ROW_FILLS: Final[dict[RowKind, str | None]] = {
    "plain": None, "group": None, "subtotal": SUBTOTAL_FILL, "total": TOTAL_FILL, "note": None,
}
# tcPr children that come after w:shd in schema order (ECMA-376 CT_TcPr)
_TCPR_AFTER_SHD: Final = {w(tag) for tag in (
    "noWrap", "tcMar", "textDirection", "tcFitText", "vAlign", "hideMark")}


@dataclass(frozen=True)
class Column:
    """A table column: its heading, relative width (fixed tables) and text alignment.

    ``nowrap`` cells (ids, dates) never break across lines, nor do right-aligned ones
    (numbers and amounts).
    """

    header: str
    weight: float = 1.0
    align: Align = "left"
    nowrap: bool = False

    @property
    def whole(self) -> bool:
        """Whether a cell of this column stays on one line."""
        return self.nowrap or self.align == "right"


def split_width(weights: Sequence[float], total: int) -> list[int]:
    """Integer widths in proportion to ``weights`` that add up to exactly ``total``."""
    whole = sum(weights) or 1.0
    widths = [int(total * weight / whole) for weight in weights]
    widths[-1] += total - sum(widths)
    return widths


def shade_cell(cell: etree._Element, fill: str) -> None:
    """Give ``cell`` (a ``w:tc``) the background colour ``fill``, replacing any other."""
    properties = cell.find(TCPR)
    if properties is None:
        properties = element_w(TCPR)
        cell.insert(0, properties)
    for old in properties.findall(w("shd")):
        properties.remove(old)
    later = [index for index, child in enumerate(properties) if child.tag in _TCPR_AFTER_SHD]
    properties.insert(later[0] if later else len(properties), shading(fill))


@dataclass(frozen=True)
class CellFormat:
    """How the cells of one prototype row look."""

    bold: bool = False
    fill: str | None = None
    size_half_points: int | None = None


class Table:
    """A ``w:tbl`` under construction: a header row, then rows cloned from prototypes.

    Only the table's properties and header row stay in the document tree. Every
    other row is serialised as soon as the next one is added (so that it can be
    changed until then) and kept as bytes in :attr:`rows`; the tree holds a
    comment, :attr:`marker`, where they go (see :mod:`mktplan.render.docx.package`).
    A tree costs about 2 KB a cell: a 6,000-task Gantt table would need 500 MB.
    """

    def __init__(self, parent: etree._Element, columns: Sequence[Column], *, style_id: str | None,
                 width: int, number: int, size_half_points: int | None = None,
                 header: bool = True) -> None:
        self.columns = list(columns)
        self.widths = split_width([c.weight for c in columns], width)
        self.size = size_half_points
        self.element = sub(parent, TBL)
        self._properties(style_id, width, header)
        grid = sub(self.element, w("tblGrid"))
        for column_width in self.widths:
            sub(grid, w("gridCol"), w=str(column_width))
        self._prototypes: dict[RowKind, etree._Element] = {}
        if header:
            heading = self.row([column.header for column in columns])
            mark_header(heading)
            self.element.append(heading)
        self.marker = f"{ROWS_MARK}{number}"
        self.element.append(etree.Comment(self.marker))
        self.rows: list[bytes] = []
        self._pending: etree._Element | None = None

    def _properties(self, style_id: str | None, width: int, header: bool) -> None:
        self.element.append(table_properties(style_id, width, header))

    def set_cell_margins(self, twips: int) -> None:
        """Narrow (or widen) the left and right padding of every cell."""
        properties = self.element.find(TBLPR)
        look = None if properties is None else properties.find(w("tblLook"))
        if look is None:
            return
        margins = element_w(w("tblCellMar"))
        for side in ("left", "right"):
            sub(margins, w(side), w=str(twips), type="dxa")
        look.addprevious(margins)

    def row(self, values: Sequence[str], kind: RowKind = "plain") -> etree._Element:
        """A detached row of ``kind`` showing ``values`` (one value for a ``group`` row)."""
        row = copy.deepcopy(self._prototype(kind))
        for element, value in zip(row.iter(T), values, strict=False):
            if value:
                fill_text(element, value)
        return row

    def add(self, values: Sequence[str], kind: RowKind = "plain") -> etree._Element:
        """Append a row showing ``values``; return its ``w:tr``, which may change until the next."""
        row = self.row(values, kind)
        self.append(row)
        return row

    def append(self, row: etree._Element) -> None:
        """Append a prepared ``w:tr``; the first is kept with the second, as the header with it."""
        if not self.rows and self._pending is None:
            keep_with_next(row)
        self._flush()
        self._pending = row

    def drain(self) -> Iterator[bytes]:
        """The rows' XML, in chunks; the table lets go of each chunk as it is taken."""
        self._flush()
        while self.rows:
            batch, self.rows = self.rows[:_DRAIN_BATCH], self.rows[_DRAIN_BATCH:]
            yield b"".join(batch)

    def _flush(self) -> None:
        if self._pending is not None:
            self.rows.append(etree.tostring(self._pending, encoding="UTF-8",
                                            xml_declaration=False))
            self._pending = None

    def _prototype(self, kind: RowKind) -> etree._Element:
        prototype = self._prototypes.get(kind)
        if prototype is None:
            cell_format = CellFormat(bold=kind != "plain", fill=ROW_FILLS[kind],
                                     size_half_points=self.size)
            if kind == "group":
                prototype = self.row_prototype([(sum(self.widths), "left")], cell_format)
                span = element_w(w("gridSpan"))
                span.set(w("val"), str(len(self.widths)))
                prototype[0][0].insert(1, span)  # after w:tcW
            else:
                cells = [(width, column.align) for width, column in zip(
                    self.widths, self.columns, strict=True)]
                prototype = self.row_prototype(cells, cell_format)
            self._prototypes[kind] = prototype
        return prototype

    def cells(self, row: etree._Element) -> list[etree._Element]:
        """The ``w:tc`` elements of ``row``."""
        return list(row.iterfind(TC))

    @staticmethod
    def row_prototype(cells: Sequence[tuple[int, Align]], cell_format: CellFormat,
                      ) -> etree._Element:
        """A detached ``w:tr`` with one empty text per cell, formatted as ``cell_format`` says."""
        row = element_w(TR)
        sub(sub(row, TRPR), w("cantSplit"))  # a row never splits across pages
        for width, align in cells:
            cell = sub(row, TC)
            sub(sub(cell, TCPR), TCW, w=str(width), type="dxa")
            if cell_format.fill:
                shade_cell(cell, cell_format.fill)
            paragraph = sub(cell, P)
            if align != "left":
                sub(sub(paragraph, PPR), w("jc"), val=align)
            run = sub(paragraph, R)
            if cell_format.bold or cell_format.size_half_points:
                run_properties = sub(run, RPR)
                if cell_format.bold:
                    sub(run_properties, B)
                if cell_format.size_half_points:
                    size = str(cell_format.size_half_points)
                    sub(run_properties, w("sz"), val=size)
                    sub(run_properties, w("szCs"), val=size)
            sub(run, T)
        return row


def table_properties(style_id: str | None, width: int, header: bool,
                     cell_margin: int | None = None) -> etree._Element:
    """A ``w:tblPr``: the style, a fixed layout ``width`` twips wide, the look of a header row."""
    properties = element_w(TBLPR)
    if style_id:
        sub(properties, w("tblStyle"), val=style_id)
    sub(properties, w("tblW"), w=str(width), type="dxa")
    sub(properties, w("tblLayout"), type="fixed")
    if cell_margin is not None:
        margins = sub(properties, w("tblCellMar"))
        for side in ("left", "right"):
            sub(margins, w(side), w=str(cell_margin), type="dxa")
    # w:val repeats the flags as a bit mask (0x20 first row, 0x400 no vertical banding)
    sub(properties, w("tblLook"), val="0420" if header else "0400",
        firstRow="1" if header else "0", lastRow="0", firstColumn="0",
        lastColumn="0", noHBand="0", noVBand="1")
    return properties


def mark_header(row: etree._Element) -> None:
    """Make ``row`` the table's header: repeated on every page, kept with the next row."""
    properties = row.find(TRPR)
    if properties is None:
        properties = element_w(TRPR)
        row.insert(0, properties)
    sub(properties, w("tblHeader"))  # after w:cantSplit, as the schema orders them
    keep_with_next(row)


def keep_with_next(row: etree._Element) -> None:
    """Keep ``row`` on the page of the row after it (``w:keepNext`` on its paragraphs)."""
    for paragraph in row.iter(P):
        properties = paragraph.find(PPR)
        if properties is None:
            properties = element_w(PPR)
            paragraph.insert(0, properties)
        if properties.find(w("keepNext")) is None:
            properties.insert(0, element_w(w("keepNext")))


def no_wrap(cell: etree._Element) -> None:
    """Keep the text of ``cell`` (a ``w:tc``) on one line."""
    properties = cell.find(TCPR)
    if properties is None:
        properties = element_w(TCPR)
        cell.insert(0, properties)
    later = [index for index, child in enumerate(properties) if child.tag in _TCPR_AFTER_SHD]
    properties.insert(later[0] if later else len(properties), element_w(w("noWrap")))


def clear_cell(cell: etree._Element) -> etree._Element:
    """Remove the paragraphs of ``cell`` so that new ones can be appended; return the cell."""
    for child in cell.findall(P):
        cell.remove(child)
    return cell
