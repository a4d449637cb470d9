"""A table of contents that is right when the file is opened, with no question asked.

Word, WPS and LibreOffice all show a ``TOC`` field's stored result until someone
updates it (docs/word-toc.md), so that result is written out as the real list of
headings (numbered like the headings), each entry a link to its heading's bookmark,
with a right-aligned, dotted tab stop for its page number. The page numbers come from
a layout: when the same build makes the PDF, :func:`with_page_numbers` adds each
entry's page, as LibreOffice laid the document out, as a ``PAGEREF`` field whose
stored result is that page (Word's own shape of an entry, so an update in Word keeps
it). Nothing asks Word to update fields on opening: the template's ``w:updateFields``
and the field's ``w:dirty`` are removed, as Word otherwise asks on every opening.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Final

from lxml import etree

from mktplan.render.docx.body import Heading, StyleIds
from mktplan.render.docx.xml import PPR, PSTYLE, RPR, P, R, add_run, element_w, sub, w

FLDCHAR, INSTR = w("fldChar"), w("instrText")
FIELD_TYPE = w("fldCharType")
HYPERLINK = w("hyperlink")
PAGE_ENTRIES: Final = 28
"""Entries the table of contents' page holds in the template's TOC styles (Chinese text,
whose lines are the taller, included)."""
COMPACT_PAGE_ENTRIES: Final = 44
"""Entries it holds in compact TOC styles: single-spaced 10 pt lines with no space after."""
COMPACT_HALF_POINTS: Final = 20
_LEVELS: Final = re.compile(r'\\o\s+"1-\d"')


def fit_to_page(headings: Sequence[Heading], styles: etree._Element,
                style_ids: StyleIds) -> tuple[list[Heading], int]:
    """The headings the table of contents lists, and its depth, so that it fits one page.

    A contents page that runs over by a few lines leaves a nearly empty page: the TOC
    styles are made compact when the entries need it, and the third level is left out
    when even that is not enough. A plan with more chapters than that has a contents of
    several pages.
    """
    shown, depth = list(headings), 3
    if len(shown) > COMPACT_PAGE_ENTRIES and any(h.level == 3 for h in shown):
        shown, depth = [heading for heading in shown if heading.level <= 2], 2
    if len(shown) > PAGE_ENTRIES:
        for style_id in style_ids.toc:
            if style_id is not None:
                _compact(styles, style_id)
    return shown, depth


def _compact(styles: etree._Element, style_id: str) -> None:
    for style in styles.iterfind(w("style")):
        if style.get(w("styleId")) != style_id:
            continue
        properties = style.find(PPR)
        if properties is None:
            properties = sub(style, PPR)
        for old in properties.findall(w("spacing")):
            properties.remove(old)
        spacing = element_w(w("spacing"))
        spacing.set(w("before"), "0")
        spacing.set(w("after"), "0")
        spacing.set(w("line"), "240")
        spacing.set(w("lineRule"), "auto")
        properties.insert(0, spacing)
        run = style.find(RPR)
        if run is None:
            run = sub(style, RPR)
        for tag in ("sz", "szCs"):
            for old in run.findall(w(tag)):
                run.remove(old)
            sub(run, w(tag), val=str(COMPACT_HALF_POINTS))


def fill_table_of_contents(document_element: etree._Element, headings: Sequence[Heading],
                           styles: StyleIds, width: int, depth: int = 3) -> bool:
    """Write ``headings`` as the stored result of the document's TOC field.

    Each entry has a page-number tab stop at ``width`` (twips). Returns False,
    changing nothing, when there is no headings or no TOC field whose begin,
    separator and end lie in one paragraph (as in the shipped template); Word still
    builds that table when it updates the fields.
    """
    field = _toc_field(document_element)
    if field is None or not headings:
        return False
    first, separate, end = field
    for char in first.iter(FLDCHAR):
        char.attrib.pop(w("dirty"), None)
    for instruction in first.iter(INSTR):
        instruction.text = _LEVELS.sub(f'\\\\o "1-{depth}"', instruction.text or "")
    for run in _runs_between(first, separate, end):
        first.remove(run)
    first.remove(end)
    numbers = _numbers(headings) if styles.numbered_headings else [""] * len(headings)
    paragraph = first
    for index, (heading, number) in enumerate(zip(headings, numbers, strict=True)):
        if index:
            paragraph = _next_paragraph(paragraph)
        _set_style(paragraph, styles.toc[heading.level - 1])
        _page_tab(paragraph, width)
        link = sub(paragraph, HYPERLINK, anchor=heading.bookmark, history="1")
        add_run(link, f"{number} {heading.text}" if number else heading.text)
    paragraph.append(end)
    return True


def _toc_field(root: etree._Element,
               ) -> tuple[etree._Element, etree._Element, etree._Element] | None:
    """The paragraph holding a whole TOC field, with its separate and end runs."""
    for instruction in root.iter(INSTR):
        if not (instruction.text or "").strip().upper().startswith("TOC"):
            continue
        run = instruction.getparent()
        paragraph = None if run is None else run.getparent()
        if paragraph is None or paragraph.tag != P:
            return None
        separate = _field_char_run(paragraph, "separate")
        end = _field_char_run(paragraph, "end")
        if separate is None or end is None:
            return None
        return paragraph, separate, end
    return None


def _toc_paragraph(root: etree._Element) -> etree._Element | None:
    """The paragraph where the TOC field begins (its entries may go on after it)."""
    for instruction in root.iter(INSTR):
        if (instruction.text or "").strip().upper().startswith("TOC"):
            run = instruction.getparent()
            return None if run is None else run.getparent()
    return None


def _field_char_run(paragraph: etree._Element, kind: str) -> etree._Element | None:
    for run in paragraph.iterfind(R):
        char = run.find(FLDCHAR)
        if char is not None and char.get(FIELD_TYPE) == kind:
            return run
    return None


def _runs_between(paragraph: etree._Element, after: etree._Element,
                  before: etree._Element) -> list[etree._Element]:
    children = list(paragraph)
    return children[children.index(after) + 1:children.index(before)]


def _numbers(headings: Sequence[Heading]) -> list[str]:
    """Outline numbers as the heading styles' list shows them: 1, 1.1, 1.1.1."""
    counters = [0, 0, 0]
    numbers = []
    for heading in headings:
        if not heading.numbered:
            numbers.append("")
            continue
        level = heading.level - 1
        counters[level] += 1
        counters[level + 1:] = [0] * (2 - level)
        numbers.append(".".join(str(n) for n in counters[:level + 1]))
    return numbers


def _next_paragraph(paragraph: etree._Element) -> etree._Element:
    following = element_w(P)
    paragraph.addnext(following)
    return following


def _set_style(paragraph: etree._Element, style_id: str | None) -> None:
    properties = paragraph.find(PPR)
    if properties is None:
        properties = element_w(PPR)
        paragraph.insert(0, properties)
    for old in properties.findall(PSTYLE):
        properties.remove(old)
    if style_id:
        style = element_w(PSTYLE)
        style.set(w("val"), style_id)
        properties.insert(0, style)


def _page_tab(paragraph: etree._Element, width: int) -> None:
    """A right-aligned tab stop with a dotted leader at the text's right edge."""
    properties = paragraph.find(PPR)
    if properties is None:
        properties = element_w(PPR)
        paragraph.insert(0, properties)
    style = properties.find(PSTYLE)
    tabs = element_w(w("tabs"))
    sub(tabs, w("tab"), val="right", leader="dot", pos=str(width))
    if style is not None:
        style.addnext(tabs)
    else:
        properties.insert(0, tabs)


def remove_update_on_open(settings: etree._Element) -> None:
    """Drop ``w:updateFields``: with it, Word asks to update fields on every opening."""
    for update in settings.findall(w("updateFields")):
        settings.remove(update)


def entry_links(document_element: etree._Element) -> list[etree._Element]:
    """The hyperlinks of the table of contents' entries, in order (none without a TOC field)."""
    paragraph = _toc_paragraph(document_element)
    links: list[etree._Element] = []
    while paragraph is not None and paragraph.tag == P:
        links.extend(link for link in paragraph.iterfind(HYPERLINK)
                     if str(link.get(w("anchor"), "")).startswith("_Toc"))
        if any(char.get(FIELD_TYPE) == "end" for char in paragraph.iter(FLDCHAR)):
            break
        paragraph = paragraph.getnext()
    return links


def add_page_number(link: etree._Element, page: str) -> None:
    """A tab and a ``PAGEREF`` field to the entry's bookmark, its stored result ``page``."""
    sub(sub(link, R), w("tab"))
    sub(sub(link, R), FLDCHAR, fldCharType="begin")
    instruction = sub(sub(link, R), INSTR)
    instruction.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    instruction.text = f" PAGEREF {link.get(w('anchor'))} \\h "
    sub(sub(link, R), FLDCHAR, fldCharType="separate")
    add_run(link, page)
    sub(sub(link, R), FLDCHAR, fldCharType="end")
