"""Tables laid out from their content: the plan's own tables (all but the Gantt and SWOT).

A :class:`FitTable` keeps its rows as values until :meth:`~FitTable.finish`, when every
row is known: then its columns get widths from what they hold (:mod:`.widths`), columns
empty in every row are dropped, and it learns whether it needs a landscape page. Its
rows are made from prototypes only when the package is written (:meth:`~FitTable.drain`),
so a long table costs its texts, not a tree of elements.

Every row is kept on one page (``w:cantSplit``), the header row repeats on every page
(``w:tblHeader``) and is kept with the first row, which is kept with the second (so that
a heading is never left with a header row alone at the foot of a page), and cells of
ids, dates and amounts never wrap (``w:noWrap``).
"""

from __future__ import annotations

import copy
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Final

from lxml import etree

from mktplan.render.docx.tables import (
    ROW_FILLS,
    ROWS_MARK,
    TBL,
    TC,
    Align,
    CellFormat,
    Column,
    RowKind,
    Table,
    keep_with_next,
    mark_header,
    no_wrap,
    shade_cell,
    table_properties,
)
from mktplan.render.docx.widths import (
    CELL_MARGIN_TWIPS,
    Breaks,
    Measure,
    allocate,
    fits,
    unit_words,
)
from mktplan.render.docx.xml import T, element_w, fill_text, sub, w

DEFAULT_HALF_POINTS: Final = 20
"""The shipped table style's text size (10 pt)."""
WIDE_TABLE_COLUMNS: Final = 7
WIDE_TABLE_HALF_POINTS: Final = 18
"""Tables with many columns use 9 pt text."""
SMALLEST_HALF_POINTS: Final = 16
"""A table is made at most a point smaller, and never below 8 pt, to fit its page."""
KEPT_FIRST_ROWS: Final = 1
"""Rows after the header row kept with the row that follows them."""
_DRAIN_BATCH: Final = 512


def _breaks(column: Column) -> Breaks:
    if column.nowrap:
        return "nowhere"
    return "spaces" if column.align == "right" else "anywhere"

_SPANNING: Final = frozenset({"group", "note"})


@dataclass(frozen=True)
class _Row:
    values: tuple[str, ...]
    kind: RowKind
    fills: Mapping[int, str] = field(default_factory=dict)
    keep_next: bool = False


class FitTable:
    """A ``w:tbl`` whose widths and columns follow its rows, decided by :meth:`finish`."""

    def __init__(self, parent: etree._Element, columns: Sequence[Column], *, style_id: str | None,
                 number: int, size_half_points: int | None = None, header: bool = True) -> None:
        self.columns = list(columns)
        self.style_id = style_id
        self.size = size_half_points
        self.header = header
        self.element = sub(parent, TBL)
        self.marker = f"{ROWS_MARK}{number}"
        self.element.append(etree.Comment(self.marker))
        self.measures = [Measure() for _ in columns]
        if header:
            for measure, column in zip(self.measures, self.columns, strict=True):
                measure.take(column.header, breaks="anywhere", bold=True, hard=True)
        self.rows: list[_Row] = []
        self.kept: list[int] = list(range(len(columns)))
        self.widths: list[int] = []
        self.landscape = False
        self._prototypes: dict[RowKind, etree._Element] = {}
        self.cell_margin = CELL_MARGIN_TWIPS

    def set_cell_margins(self, twips: int) -> None:
        """Narrow (or widen) the left and right padding of every cell."""
        self.cell_margin = twips

    def add(self, values: Sequence[str], kind: RowKind = "plain", *,
            fills: Mapping[int, str] | None = None, keep_next: bool = False) -> None:
        """A row showing ``values``: one value spanning the row for ``group`` and ``note``.

        ``fills`` shades cells by column index; ``keep_next`` keeps the row on the page
        of the next one.
        """
        if kind not in _SPANNING:
            for measure, column, value in zip(self.measures, self.columns, values, strict=False):
                if value:
                    measure.take(value, breaks=_breaks(column), bold=kind != "plain")
                    measure.filled = True
        self.rows.append(_Row(tuple(values), kind, dict(fills or {}), keep_next))

    def finish(self, width: int, landscape_width: int) -> bool:
        """Decide columns and widths; True when the table needs a landscape page."""
        if self.header:
            filled = [index for index, measure in enumerate(self.measures) if measure.filled]
            self.kept = filled or self.kept
        measures = [self.measures[index] for index in self.kept]
        size = self.size or (WIDE_TABLE_HALF_POINTS if len(self.kept) >= WIDE_TABLE_COLUMNS
                             else DEFAULT_HALF_POINTS)
        smaller = max(size - 2, SMALLEST_HALF_POINTS)
        # a size's half-points are the twips in a tenth of its em (see .widths)
        if not fits(measures, width, size) and fits(measures, width, smaller):
            size = smaller  # a point smaller on the portrait page, rather than a landscape one
        self.landscape = (not fits(measures, width, size) and landscape_width > width
                          and fits(measures, landscape_width, size))
        if size != DEFAULT_HALF_POINTS:
            self.size = size
        total = landscape_width if self.landscape else width
        self.widths = allocate(measures, total, size)
        self._write_frame(total)
        return self.landscape

    def _write_frame(self, total: int) -> None:
        marker = self.element[0]
        marker.addprevious(table_properties(self.style_id, total, self.header,
                                            self.cell_margin))
        grid = element_w(w("tblGrid"))
        for column_width in self.widths:
            sub(grid, w("gridCol"), w=str(column_width))
        marker.addprevious(grid)
        if self.header:
            heading = self._row(_Row(tuple(c.header for c in self.columns), "plain"))
            mark_header(heading)
            marker.addprevious(heading)

    def drain(self) -> Iterator[bytes]:
        """The rows' XML, in chunks, made as they are taken."""
        batch: list[bytes] = []
        rows, self.rows = self.rows, []
        for index, row in enumerate(rows):
            element = self._row(row)
            if row.keep_next or index < KEPT_FIRST_ROWS:
                keep_with_next(element)
            batch.append(etree.tostring(element, encoding="UTF-8", xml_declaration=False))
            if len(batch) >= _DRAIN_BATCH:
                yield b"".join(batch)
                batch = []
        if batch:
            yield b"".join(batch)

    def _row(self, row: _Row) -> etree._Element:
        element = copy.deepcopy(self._prototype(row.kind))
        values = row.values[:1] if row.kind in _SPANNING else \
            [row.values[i] if i < len(row.values) else "" for i in self.kept]
        for text, value in zip(element.iter(T), values, strict=False):
            if value:
                fill_text(text, value)
        if row.kind not in _SPANNING:
            for cell, index in zip(element.iterfind(TC), self.kept, strict=True):
                value = row.values[index] if index < len(row.values) else ""
                if self.columns[index].align == "right" and value and \
                        all(len(unit_words(line)) == 1 for line in value.split("\n")):
                    no_wrap(cell)  # an amount, or a number without a unit after a space
        if row.fills:
            cells = list(element.iterfind(TC))
            for index, fill in row.fills.items():
                if index in self.kept:
                    shade_cell(cells[self.kept.index(index)], fill)
        return element

    def _prototype(self, kind: RowKind) -> etree._Element:
        prototype = self._prototypes.get(kind)
        if prototype is None:
            cell_format = CellFormat(bold=kind not in ("plain", "note"),
                                     fill=ROW_FILLS[kind], size_half_points=self.size)
            if kind in _SPANNING:
                prototype = Table.row_prototype([(sum(self.widths), "left")], cell_format)
                span = element_w(w("gridSpan"))
                span.set(w("val"), str(len(self.widths)))
                prototype.find(TC)[0].insert(1, span)  # after w:tcW  # type: ignore[index]
            else:
                cells: list[tuple[int, Align]] = [
                    (width, self.columns[index].align)
                    for width, index in zip(self.widths, self.kept, strict=True)]
                prototype = Table.row_prototype(cells, cell_format)
                for cell, index in zip(prototype.iterfind(TC), self.kept, strict=True):
                    if self.columns[index].nowrap:
                        no_wrap(cell)
            self._prototypes[kind] = prototype
        return prototype


