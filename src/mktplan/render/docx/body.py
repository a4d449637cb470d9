"""The generated part of the document: headings, paragraphs, lists and tables, in order.

Everything is appended under a temporary element of the rendered template and
moved into the place of the ``{{p body }}`` paragraph at the end; table rows are
kept aside as bytes (see :class:`~.tables.Table`). Styles are named by the ids the
template gives them, looked up by their names (a Word with a Chinese interface
stores "Heading 1" under an id such as ``1``), so a restyled template is honoured.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Final

from lxml import etree

from mktplan.render.context import PlanView
from mktplan.render.docx.fitted import WIDE_TABLE_COLUMNS, WIDE_TABLE_HALF_POINTS, FitTable
from mktplan.render.docx.tables import Column, Table
from mktplan.render.docx.xml import PPR, PSTYLE, W_NS, add_run, element_w, paragraph, sub, w

SECT_PR: Final = w("sectPr")
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
    """The ``w:sectPr`` of the section the body is in (None: no landscape pages)."""
    headings: list[Heading] = field(default_factory=list)
    tables: list[Table | FitTable] = field(default_factory=list)
    _widths: dict[int, tuple[int, int]] = field(default_factory=dict)
    _landscape_breaks: list[etree._Element] = field(default_factory=list)
    _portrait_breaks: list[etree._Element] = field(default_factory=list)

    @property
    def landscape_width(self) -> int:
        """Text width of a landscape page of the body's section, in twips."""
        if self.section is None:
            return self.width
        size, margins = self.section.find(w("pgSz")), self.section.find(w("pgMar"))
        try:
            height = int(float(size.get(w("h"), 0))) if size is not None else 0
            left = int(float(margins.get(w("left"), 1440))) if margins is not None else 1440
            right = int(float(margins.get(w("right"), 1440))) if margins is not None else 1440
        except (TypeError, ValueError):
            return self.width
        return max(self.width, height - left - right)

    def heading(self, text: str, level: int, *, numbered: bool = True) -> bool:
        """A heading of ``level`` 1–3, with a bookmark the table of contents links to.

        A heading that would only repeat the one it is under ("4 Audience › 4.1
        Audience") is left out: then False, and the headings meant to go under it
        belong one level higher. An unnumbered one leaves the heading style's outline
        numbering (``numId`` 0).
        """
        parent = next((h for h in reversed(self.headings) if h.level < level), None)
        if parent is not None and parent.text == text and level > 1:
            return False
        element = paragraph(self.root, self.styles.headings[level - 1])
        properties = keep_next(element)  # whatever the template's style says
        if not numbered:
            numbering = sub(properties, w("numPr"))
            sub(numbering, w("ilvl"), val="0")
            sub(numbering, w("numId"), val="0")
        number = self.first_bookmark_id + len(self.headings)
        bookmark = f"_Toc{number:08d}"
        sub(element, w("bookmarkStart"), id=str(number), name=bookmark)
        add_run(element, text)
        sub(element, w("bookmarkEnd"), id=str(number))
        self.headings.append(Heading(level, text, bookmark, numbered))
        return True

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
            lead = paragraph(self.root, None)
            keep_next(lead)
            add_run(lead, f"{label}{self.colon.rstrip()}", bold=True)
            self.bullets(items)

    def bullets(self, items: Iterable[str]) -> None:
        """One bulleted paragraph per item; the last two share a page.

        A list's last item alone at the top of a page reads as a stray line (the last
        review step of a plan did, on a page of its own).
        """
        written = [paragraph(self.root, self.styles.bullet, item) for item in items]
        if len(written) > 1:
            keep_next(written[-2])

    def table(self, columns: Sequence[Column], *, size_half_points: int | None = None,
              header: bool = True) -> FitTable:
        """A new full-width table laid out from its content (see :mod:`.fitted`).

        It has a row of column headings unless ``header`` is False; :meth:`finish` lays
        it out once every row is in.
        """
        table = FitTable(self.root, columns, style_id=self.styles.table,
                         number=len(self.tables), size_half_points=size_half_points,
                         header=header)
        self._widths[id(table)] = (self.width, self.landscape_width)
        self.tables.append(table)
        self._space_after_table()
        return table

    def fixed_table(self, columns: Sequence[Column], *, size_half_points: int | None = None,
                    header: bool = True) -> Table:
        """A full-width table whose column widths are in proportion to their weights."""
        if size_half_points is None and len(columns) >= WIDE_TABLE_COLUMNS:
            size_half_points = WIDE_TABLE_HALF_POINTS
        table = Table(self.root, columns, style_id=self.styles.table, width=self.width,
                      number=len(self.tables), size_half_points=size_half_points,
                      header=header)
        self.tables.append(table)
        self._space_after_table()
        return table

    @contextmanager
    def landscape(self) -> Iterator[int]:
        """Write what the block writes on landscape pages; it is given their text width.

        ``with body.landscape() as width: body.heading(…); body.fixed_table(…)``. Without
        a section to copy (:attr:`section`), the block is written on the pages it is on.
        """
        first, portrait = len(self.root), self.width
        self.width = self.landscape_width
        try:
            yield self.width
        finally:
            self.width = portrait
            if len(self.root) > first and self.section is not None:
                self._turn(self.root[first], self.root[-1])

    def finish(self) -> None:
        """Lay out every table laid out from its content; put wide ones on landscape pages."""
        for table in self.tables:
            if isinstance(table, FitTable):
                width, landscape_width = self._widths[id(table)]
                if table.finish(width, landscape_width) and self.section is not None:
                    spacer = table.element.getnext()
                    self._turn(self._headed(table.element),
                               table.element if spacer is None else spacer)
        if self.section is not None and self._landscape_breaks:
            title_pages = self.section.findall(w("titlePg"))
            first_break = next(p for p in self.root.iter(w("p")) if p.find(f"{PPR}/{SECT_PR}")
                               is not None)
            first_section = first_break.find(f"{PPR}/{SECT_PR}")
            for title_page in title_pages:  # the title page is in the first section only
                self.section.remove(title_page)
                if first_section is not None:
                    _insert_title_page(first_section, title_page)

    def _headed(self, element: etree._Element) -> etree._Element:
        """The first of the headings right before ``element``, else ``element``."""
        first = element
        headings = {style for style in self.styles.headings if style}
        previous = first.getprevious()
        while previous is not None and _style_of(previous) in headings:
            first, previous = previous, previous.getprevious()
        return first

    def _turn(self, first: etree._Element, last: etree._Element) -> None:
        """Put ``first`` … ``last`` (siblings under :attr:`root`) on landscape pages."""
        assert self.section is not None
        before = first.getprevious()
        if before is not None and _among(before, self._landscape_breaks):
            self._landscape_breaks.remove(before)  # continue the landscape section before
            self.root.remove(before)
        else:
            start = self._break(landscape=False)
            first.addprevious(start)
            self._portrait_breaks.append(start)
        after = last.getnext()
        if after is not None and _among(after, self._portrait_breaks):
            self._portrait_breaks.remove(after)  # run on into the landscape section after
            self.root.remove(after)
            return
        end = self._break(landscape=True)
        last.addnext(end)
        self._landscape_breaks.append(end)

    def _break(self, *, landscape: bool) -> etree._Element:
        """An empty paragraph ending a section: a copy of :attr:`section`, turned if asked.

        No copy has a title page (``w:titlePg``): :meth:`finish` gives it back to the
        first section only, which holds the title page.
        """
        assert self.section is not None
        properties = copy.deepcopy(self.section)
        for title_page in properties.findall(w("titlePg")):
            properties.remove(title_page)
        size = properties.find(w("pgSz"))
        if landscape and size is not None:
            width, height = size.get(w("w"), "11906"), size.get(w("h"), "16838")
            size.set(w("w"), height)
            size.set(w("h"), width)
            size.set(w("orient"), "landscape")
        mark = element_w(w("p"))
        sub(mark, PPR).append(properties)
        return mark

    @property
    def turned(self) -> bool:
        """Whether some of the body is on landscape pages."""
        return bool(self._landscape_breaks)

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


_AFTER_TITLE_PAGE: Final = {w(tag) for tag in (
    "textDirection", "bidi", "rtlGutter", "docGrid", "printerSettings", "sectPrChange")}


def _insert_title_page(section: etree._Element, title_page: etree._Element) -> None:
    later = [child for child in section if child.tag in _AFTER_TITLE_PAGE]
    if later:
        later[0].addprevious(title_page)
    else:
        section.append(title_page)


def _among(element: etree._Element, elements: list[etree._Element]) -> bool:
    return any(element is other for other in elements)


def _style_of(element: etree._Element) -> str | None:
    style = element.find(f"{PPR}/{w('pStyle')}")
    return None if style is None else str(style.get(w("val")))


def holder(slot: etree._Element) -> etree._Element:
    """A temporary element beside ``slot`` to build the body under.

    It must belong to the target document: lxml moves a subtree from one document
    to another in time that grows with the square of its size (seconds for a
    table of a few hundred rows), within one document in constant time.
    """
    return etree.SubElement(slot.getparent(), w("body"))


def keep_next(element: etree._Element) -> etree._Element:
    """Keep the paragraph ``element`` on the page of the one after it; its properties."""
    properties = element.find(PPR)
    if properties is None:
        properties = sub(element, PPR)
    if properties.find(w("keepNext")) is None:
        style = properties.find(PSTYLE)
        properties.insert(0 if style is None else 1, element_w(w("keepNext")))
    return properties
