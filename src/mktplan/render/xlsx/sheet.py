"""A worksheet described as data: its rows of cell specs and everything printed around them.

Each sheet module builds a :class:`SheetContent`: rows of cell specs, frozen panes,
autofilter, conditional formats, data validation lists, charts, and what printing
needs (the rows and columns repeated on every page). :mod:`.writer` measures the
column widths and row heights and writes it; nothing here touches the writer library.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Literal

from mktplan.render.xlsx.cells import Row, Spec, safe_text

_FORBIDDEN_IN_TITLE = str.maketrans({character: " " for character in "[]:*?/\\"})
_MAX_TITLE = 31


@dataclass(frozen=True)
class Span:
    """A rectangle of cells of the sheet (1-based, inclusive): one column's or one row's."""

    first_row: int
    first_column: int
    last_row: int
    last_column: int

    @classmethod
    def down(cls, column: int, first: int, last: int) -> Span:
        """One column's cells from row ``first`` to row ``last``."""
        return cls(first, column, last, column)

    @classmethod
    def across(cls, row: int, first: int, last: int) -> Span:
        """One row's cells from column ``first`` to column ``last``."""
        return cls(row, first, row, last)


@dataclass(frozen=True)
class ChartSpec:
    """A native chart over cells, placed at ``row`` (1-based) below the sheet's tables.

    ``title`` names what the values are; for a pie, each slice is labelled with its
    category and its percentage of the slices' sum.
    """

    kind: Literal["pie", "bar"]
    title: str
    categories: Span
    values: Span
    column: int = 2
    series_name: str | None = None
    """A bar chart's name of ``values`` in its legend, when ``more`` adds other series."""
    more: tuple[tuple[str, Span], ...] = ()
    """Further series of a bar chart over the same categories, each (name, values), with a
    legend: last year's and this year's budget by category side by side."""


@dataclass(frozen=True)
class Conditional:
    """A fill applied where ``formula`` holds, over ``cells`` (an A1 range)."""

    cells: str
    formula: str
    fill: str
    stop: bool = False


@dataclass(frozen=True)
class Validation:
    """A drop-down of allowed values on one column's rows; ``source`` is a range formula."""

    column: int
    first: int
    last: int
    source: str


@dataclass(frozen=True)
class Print:
    """How the sheet prints: rows and columns repeated on every page (1-based, inclusive)."""

    title_rows: tuple[int, int] | None = (1, 1)
    title_columns: tuple[int, int] | None = None


class Rows:
    """Rows made on demand, each time they are iterated (to measure, then to write).

    A big table (50,000 calendar slots) then never sits in memory as cell specs.
    """

    def __init__(self, make: Callable[[], Iterable[Row]]) -> None:
        self._make = make

    def __iter__(self) -> Iterator[Row]:
        return iter(self._make())


@dataclass
class SheetContent:
    """Everything one worksheet shows; ``rows`` is a list or :class:`Rows`."""

    title: str
    rows: list[Row] | Rows
    freeze: str | None = "A2"
    autofilter: str | None = None
    conditional: list[Conditional] = field(default_factory=list)
    validations: list[Validation] = field(default_factory=list)
    charts: list[ChartSpec] = field(default_factory=list)
    printing: Print = field(default_factory=Print)
    hidden: bool = False
    page_breaks: list[int] = field(default_factory=list)
    """Rows (1-based) that start a new printed page."""
    widths: dict[int, float] = field(default_factory=dict)
    """Columns whose width is fixed rather than measured (an id column, narrow)."""


class RowBuffer:
    """Rows being laid out; a row is added as ``{column: spec}`` and its number returned."""

    def __init__(self, first: int = 1) -> None:
        self.rows: list[Row] = []
        self.first = first
        """The number of the buffer's first row (rows before it are laid out elsewhere)."""

    @property
    def next(self) -> int:
        """The number the next added row will get."""
        return self.first + len(self.rows)

    def add(self, cells: dict[int, Spec | None] | None = None) -> int:
        """Append a row (blank without cells); return its 1-based number."""
        row: Row = []
        if cells:
            row = [cells.get(column) for column in range(1, max(cells) + 1)]
        self.rows.append(row)
        return self.next - 1

    def skip(self) -> None:
        """Leave a blank row unless the sheet is still empty."""
        if self.rows:
            self.add()


def column_letter(column: int) -> str:
    """The letters of a 1-based column number: 1 → ``A``, 27 → ``AA``."""
    letters = ""
    while column:
        column, rest = divmod(column - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def quote_sheetname(sheet: str) -> str:
    """A sheet name as a formula refers to it: always quoted, quotes doubled."""
    return "'" + sheet.replace("'", "''") + "'"


def cell_ref(sheet: str, column: int, row: int) -> str:
    """An absolute reference to a cell of another sheet: ``'Budget'!$J$12``."""
    return f"{quote_sheetname(sheet)}!{absolute(column, row)}"


def range_ref(sheet: str, column: int, first: int, last: int) -> str:
    """An absolute reference to one column's rows on a sheet: ``'Lists'!$A$1:$A$9``."""
    return f"{quote_sheetname(sheet)}!{absolute(column, first)}:{absolute(column, last)}"


def address(column: int, row: int) -> str:
    """A relative A1 address."""
    return f"{column_letter(column)}{row}"


def absolute(column: int, row: int) -> str:
    """An absolute A1 address: ``$J$12``."""
    return f"${column_letter(column)}${row}"


def excel_string(value: str) -> str:
    """A string literal for a formula."""
    return '"' + value.replace('"', '""') + '"'


def sheet_titles(wanted: dict[str, str]) -> dict[str, str]:
    """Legal, distinct worksheet names for the wanted ones (key → title)."""
    titles: dict[str, str] = {}
    taken: set[str] = set()
    for key, name in wanted.items():
        base = safe_text(name).translate(_FORBIDDEN_IN_TITLE).strip().strip("'")[:_MAX_TITLE]
        candidate, number = base or key, 2
        while candidate.casefold() in taken:
            suffix = f" ({number})"
            candidate = (base or key)[: _MAX_TITLE - len(suffix)] + suffix
            number += 1
        taken.add(candidate.casefold())
        titles[key] = candidate
    return titles
