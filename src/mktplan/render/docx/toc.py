"""A table of contents that shows before anyone refreshes it.

The template holds a ``TOC`` field marked dirty, and its settings ask Word to
update fields on opening (Word asks first). Until then, and in viewers that never
compute fields, a field shows its stored result: here that result is written out
as the real list of headings (numbered like the headings, without page numbers),
each entry a link to its heading's bookmark. Word replaces it when it updates.
"""

from __future__ import annotations

from collections.abc import Sequence

from lxml import etree

from mktplan.render.docx.body import Heading, StyleIds
from mktplan.render.docx.xml import PPR, PSTYLE, P, R, add_run, element_w, sub, w

FLDCHAR, INSTR = w("fldChar"), w("instrText")
FIELD_TYPE = w("fldCharType")


def fill_table_of_contents(document_element: etree._Element, headings: Sequence[Heading],
                           styles: StyleIds) -> bool:
    """Write ``headings`` as the stored result of the document's TOC field.

    Returns False, changing nothing, when there is no headings or no TOC field
    whose begin, separator and end lie in one paragraph (as in the shipped
    template); Word still builds that table when it updates the fields.
    """
    field = _toc_field(document_element)
    if field is None or not headings:
        return False
    first, separate, end = field
    for run in _runs_between(first, separate, end):
        first.remove(run)
    first.remove(end)
    numbers = _numbers(headings) if styles.numbered_headings else [""] * len(headings)
    paragraph = first
    for index, (heading, number) in enumerate(zip(headings, numbers, strict=True)):
        if index:
            paragraph = _next_paragraph(paragraph)
        _set_style(paragraph, styles.toc[heading.level - 1])
        link = sub(paragraph, w("hyperlink"), anchor=heading.bookmark, history="1")
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
