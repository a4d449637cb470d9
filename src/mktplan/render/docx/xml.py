"""WordprocessingML building blocks: tag names, text cleaning and small element builders.

The body of a deliverable can hold hundreds of thousands of paragraphs, so it is
built with lxml directly rather than through python-docx's object layer, which
looks styles up and validates on every call.
"""

from __future__ import annotations

import re
from typing import Final

from lxml import etree

W_NS: Final = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
XML_SPACE: Final = "{http://www.w3.org/XML/1998/namespace}space"


def w(local: str) -> str:
    """The Clark name of a ``w:`` element or attribute: ``w("p")`` → ``{…main}p``."""
    return f"{{{W_NS}}}{local}"


P, PPR, PSTYLE, R, RPR, T, BR, B = w("p"), w("pPr"), w("pStyle"), w("r"), w("rPr"), w("t"), \
    w("br"), w("b")
VAL, JC, SHD, FILL, COLOR = w("val"), w("jc"), w("shd"), w("fill"), w("color")

# Characters XML 1.0 forbids (lxml raises on them); tab, newline and carriage return are legal.
_XML_ILLEGAL: Final = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_LINE_BREAKS: Final = re.compile("\r\n?")


def clean(text: str) -> str:
    """``text`` without the characters XML cannot hold, every line break a newline."""
    return _LINE_BREAKS.sub("\n", _XML_ILLEGAL.sub("", text))


def element_w(tag: str) -> etree._Element:
    """A detached element that declares the ``w:`` prefix.

    Inserted under a parent that declares it too, the copy is dropped. Without
    it lxml invents ``ns0:``, which stays on every inserted subtree and makes
    moving a big table into the document quadratic in its rows.
    """
    return etree.Element(tag, nsmap={"w": W_NS})


def sub(parent: etree._Element, tag: str, **attributes: str) -> etree._Element:
    """Append a ``w:`` child: ``sub(p, PSTYLE, val="Heading1")``."""
    return etree.SubElement(parent, tag, {w(key): value for key, value in attributes.items()})


def set_run_text(run: etree._Element, text: str) -> None:
    """Replace the text of ``run`` by ``text``, cleaned; a newline becomes a line break."""
    for child in run.findall(T) + run.findall(BR):
        run.remove(child)
    for index, line in enumerate(clean(text).split("\n")):
        if index:
            sub(run, BR)
        _add_text(run, line)


def _add_text(run: etree._Element, line: str) -> None:
    element = sub(run, T)
    element.text = line
    if line != line.strip():
        element.set(XML_SPACE, "preserve")


def fill_text(element: etree._Element, text: str) -> None:
    """Set a prepared ``w:t`` to ``text``; a text with a line break rewrites its run."""
    text = clean(text)
    if "\n" in text:
        run = element.getparent()
        if run is not None:
            set_run_text(run, text)
            return
    element.text = text
    if text != text.strip():
        element.set(XML_SPACE, "preserve")


def add_run(paragraph: etree._Element, text: str, *, bold: bool = False) -> etree._Element:
    """Append a run holding ``text`` to ``paragraph``."""
    run = sub(paragraph, R)
    if bold:
        sub(sub(run, RPR), B)
    set_run_text(run, text)
    return run


def paragraph(parent: etree._Element, style_id: str | None, text: str = "") -> etree._Element:
    """Append a paragraph in ``style_id`` (None: the default style) holding ``text``."""
    element = sub(parent, P)
    if style_id:
        sub(sub(element, PPR), PSTYLE, val=style_id)
    if text:
        add_run(element, text)
    return element


def shading(fill: str) -> etree._Element:
    """A detached ``w:shd`` that fills a cell or paragraph with the hex colour ``fill``."""
    element = element_w(SHD)
    element.set(VAL, "clear")
    element.set(COLOR, "auto")
    element.set(FILL, fill)
    return element
