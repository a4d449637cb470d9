"""The generated part of the document: headings, paragraphs, lists and tables, in order.

Everything is appended under a temporary element of the rendered template and
moved into the place of the ``{{p body }}`` paragraph at the end; table rows are
kept aside as bytes (see :class:`~.tables.Table`). Styles are named by the ids the
template gives them, looked up by their names (a Word with a Chinese interface
stores "Heading 1" under an id such as ``1``), so a restyled template is honoured.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Final

from lxml import etree

from mktplan.render.context import PlanView
from mktplan.render.docx.tables import Column, Table
from mktplan.render.docx.xml import PPR, W_NS, add_run, paragraph, sub, w

WIDE_TABLE_COLUMNS: Final = 7
WIDE_TABLE_HALF_POINTS: Final = 18
"""Tables with many columns use 9 pt text, so that words are not broken across lines."""
_NUMBERED = etree.XPath("w:pPr/w:numPr/w:numId[@w:val!='0']", namespaces={"w": W_NS})


def label(view: PlanView, key: str) -> str:
    """The catalog's label for ``key`` (the key itself when a custom catalog lacks it)."""
    return view.catalog.labels.get(key, key)


def subsection(view: PlanView, key: str) -> str:
    """The catalog's subsection heading for ``key``."""
    return view.catalog.subsections.get(key, key)


def lines(items: Iterable[str]) -> str:
    """List items for one table cell, one per line."""
    return "\n".join(items)


@dataclass(frozen=True)
class StyleIds:
    """The template's ids of the styles the generated body uses (None: not defined)."""

    headings: tuple[str | None, str | None, str | None]
    bullet: str | None
    table: str | None
    toc: tuple[str | None, str | None, str | None]
    numbered_headings: bool

    @classmethod
    def from_styles(cls, styles: etree._Element) -> StyleIds:
        """Look the styles up by name in a ``w:styles`` element."""
        by_name: dict[str, etree._Element] = {}
        for style in styles.iterfind(w("style")):
            name = style.find(w("name"))
            if name is not None:
                by_name.setdefault(str(name.get(w("val"), "")).lower(), style)

        def style_id(*names: str) -> str | None:
            for name in names:
                if name in by_name:
                    return str(by_name[name].get(w("styleId")))
            return None

        heading_1 = by_name.get("heading 1")
        numbered = heading_1 is not None and bool(_NUMBERED(heading_1))
        return cls(
            headings=(style_id("heading 1"), style_id("heading 2"), style_id("heading 3")),
            bullet=style_id("list bullet", "list paragraph"),
            table=style_id("mktplan table", "table grid"),
            toc=(style_id("toc 1"), style_id("toc 2"), style_id("toc 3")),
            numbered_headings=numbered,
        )


@dataclass(frozen=True)
class Heading:
    """A heading written into the body, for the table of contents."""

    level: int
    text: str
    bookmark: str
    numbered: bool = True
    """False for a heading outside the chapters' numbering (the summary)."""


@dataclass
class Body:
    """Appends the plan's content, in reading order, under :attr:`root`."""

    styles: StyleIds
    width: int
    """Text width of the page in twips: tables fill it."""
    root: etree._Element
    """Where the content goes: an element of the target document (see :func:`holder`)."""
    first_bookmark_id: int = 1
    colon: str = ": "
    """Between a label and its value: ``": "``, or ``"："`` in Chinese."""
    section: etree._Element | None = None
    """The ``w:sectPr`` of the section the body is in: what a landscape page copies."""
    headings: list[Heading] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)

    def heading(self, text: str, level: int, *, numbered: bool = True) -> None:
        """A heading of ``level`` 1–3, with a bookmark the table of contents links to.

        An unnumbered one leaves the heading style's outline numbering (``numId`` 0).
        """
        element = paragraph(self.root, self.styles.headings[level - 1])
        if not numbered:
            numbering = sub(element.find(PPR) if element.find(PPR) is not None
                            else sub(element, PPR), w("numPr"))
            sub(numbering, w("ilvl"), val="0")
            sub(numbering, w("numId"), val="0")
        number = self.first_bookmark_id + len(self.headings)
        bookmark = f"_Toc{number:08d}"
        sub(element, w("bookmarkStart"), id=str(number), name=bookmark)
        add_run(element, text)
        sub(element, w("bookmarkEnd"), id=str(number))
        self.headings.append(Heading(level, text, bookmark, numbered))

    def text(self, text: str | None) -> None:
        """A body-text paragraph; nothing when ``text`` is empty."""
        if text:
            paragraph(self.root, None, text)

    def labelled(self, label: str, value: str | None) -> None:
        """A paragraph ``Label: value`` with the label in bold; nothing when ``value`` is empty."""
        if value:
            element = paragraph(self.root, None)
            add_run(element, f"{label}{self.colon}", bold=True)
            add_run(element, value)

    def labelled_list(self, label: str, items: Sequence[str]) -> None:
        """A bold ``Label:`` paragraph followed by the items as bullets; nothing when empty."""
        if items:
            add_run(paragraph(self.root, None), f"{label}{self.colon.rstrip()}", bold=True)
            self.bullets(items)

    def bullets(self, items: Iterable[str]) -> None:
        """One bulleted paragraph per item."""
        for item in items:
            paragraph(self.root, self.styles.bullet, item)

    def table(self, columns: Sequence[Column], *, size_half_points: int | None = None,
              header: bool = True) -> Table:
        """A new full-width table, with a row of column headings unless ``header`` is False."""
        if size_half_points is None and len(columns) >= WIDE_TABLE_COLUMNS:
            size_half_points = WIDE_TABLE_HALF_POINTS
        table = Table(self.root, columns, style_id=self.styles.table, width=self.width,
                      number=len(self.tables), size_half_points=size_half_points,
                      header=header)
        self.tables.append(table)
        self._space_after_table()
        return table

    def _space_after_table(self) -> None:
        # Word merges two tables that touch into one; an empty paragraph keeps them apart.
        spacer = paragraph(self.root, None)
        sub(sub(spacer, PPR), w("spacing"), before="0", after="0")

    def table_rows(self) -> dict[str, Iterator[bytes]]:
        """Every table's rows as XML chunks, by the marker that stands for them in the tree."""
        return {table.marker: table.drain() for table in self.tables}

    def move_before(self, slot: etree._Element) -> None:
        """Put the content in place of ``slot``, which is removed with the now empty root."""
        for element in list(self.root):
            slot.addprevious(element)
        for used in (self.root, slot):
            parent = used.getparent()
            if parent is not None:
                parent.remove(used)


def holder(slot: etree._Element) -> etree._Element:
    """A temporary element beside ``slot`` to build the body under.

    It must belong to the target document: lxml moves a subtree from one document
    to another in time that grows with the square of its size (seconds for a
    table of a few hundred rows), within one document in constant time.
    """
    return etree.SubElement(slot.getparent(), w("body"))
