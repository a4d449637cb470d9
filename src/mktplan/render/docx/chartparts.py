"""Native Word charts: the chart part, its embedded workbook and the inline drawing.

A chart made by Word's Insert Chart is three things, and this module makes the same:

* ``word/charts/chartN.xml``, a DrawingML ``c:chartSpace`` with the series and their
  cached values, related to the document part (``…/relationships/chart``);
* ``word/embeddings/Microsoft_Excel_WorksheetN.xlsx``, the workbook with the data,
  related to the chart part (``…/relationships/package``) and named by the chart's
  ``c:externalData``: Word's Edit Data opens it;
* a ``w:drawing`` with a ``wp:inline`` in a run of the body, pointing at the chart.

The chart XML and the workbook come from python-pptx (:class:`ChartXmlWriter` and its
workbook writer): DrawingML charts are the same in a presentation and a document, and
python-pptx's object model (:class:`pptx.chart.chart.Chart`) styles the parsed XML
(series fills, axes, labels), which spares this project a chart serialiser of its own.
The workbook is stamped with a fixed date, so the same plan gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Final

from docx.document import Document
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from lxml import etree
from pptx.chart.chart import Chart
from pptx.chart.data import CategoryChartData
from pptx.chart.xlsx import CategoryWorkbookWriter
from pptx.chart.xmlwriter import ChartXmlWriter
from pptx.oxml import parse_xml
from xlsxwriter import Workbook

from mktplan.render.docx.xml import R, sub, w

A_NS: Final = "http://schemas.openxmlformats.org/drawingml/2006/main"
C_NS: Final = "http://schemas.openxmlformats.org/drawingml/2006/chart"
R_NS: Final = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
WP_NS: Final = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
CHART_URI: Final = C_NS
EMU_PER_TWIP: Final = 635
FIXED_CREATED: Final = dt.datetime(2000, 1, 1)
"""The embedded workbooks' creation date: fixed, so builds are reproducible."""
_DOCPR_IDS: Final = etree.XPath(".//wp:docPr/@id", namespaces={"wp": WP_NS})

Styler = Callable[[Chart], None]


class _FixedDateWorkbookWriter(CategoryWorkbookWriter):
    """python-pptx's category workbook, with a creation date that does not change."""

    @contextmanager
    def _open_worksheet(self, xlsx_file: io.BytesIO) -> Iterator[tuple[Any, Any]]:
        workbook = Workbook(xlsx_file, {"in_memory": True})
        workbook.set_properties({"created": FIXED_CREATED})
        worksheet = workbook.add_worksheet()
        yield workbook, worksheet
        workbook.close()


class ChartData(CategoryChartData):
    """Categories and series of one chart, written with :class:`_FixedDateWorkbookWriter`."""

    @property
    def _workbook_writer(self) -> CategoryWorkbookWriter:
        writer = self.__dict__.get("_fixed_writer")
        if writer is None:
            writer = self.__dict__["_fixed_writer"] = _FixedDateWorkbookWriter(self)
        return writer


@dataclass(frozen=True)
class Fonts:
    """The typefaces chart text uses: the document's body fonts."""

    latin: str
    east_asian: str


def chart_xml(chart_type: Any, data: ChartData, style: Styler, fonts: Fonts) -> bytes:
    """The ``c:chartSpace`` of a chart of ``chart_type``, styled by ``style``.

    Its ``c:externalData`` names the embedded workbook as ``rId1``, the first and only
    relationship of the chart part (see :meth:`Charts.add`).
    """
    space = parse_xml(ChartXmlWriter(chart_type, data).xml.encode("utf-8"))
    chart = Chart(space, None)
    style(chart)
    _set_fonts(space, fonts)
    external = etree.SubElement(space, f"{{{C_NS}}}externalData")
    external.set(f"{{{R_NS}}}id", "rId1")
    etree.SubElement(external, f"{{{C_NS}}}autoUpdate").set("val", "0")
    result: bytes = etree.tostring(space, xml_declaration=True, encoding="UTF-8",
                                   standalone=True)
    return result


def _set_fonts(space: etree._Element, fonts: Fonts) -> None:
    """Every text property of the chart names the document's Latin and East Asian fonts."""
    chart = space.find(f"{{{C_NS}}}chart")
    tx_pr = space.find(f"{{{C_NS}}}txPr")
    if tx_pr is None:
        tx_pr = etree.Element(f"{{{C_NS}}}txPr")
        for tag in ("bodyPr", "lstStyle"):
            etree.SubElement(tx_pr, f"{{{A_NS}}}{tag}")
        paragraph = etree.SubElement(tx_pr, f"{{{A_NS}}}p")
        etree.SubElement(etree.SubElement(paragraph, f"{{{A_NS}}}pPr"), f"{{{A_NS}}}defRPr")
        etree.SubElement(paragraph, f"{{{A_NS}}}endParaRPr", lang="zh-CN")
        if chart is not None:
            chart.addnext(tx_pr)
    for properties in space.iter(f"{{{A_NS}}}defRPr", f"{{{A_NS}}}rPr"):
        for tag in ("latin", "ea", "cs"):
            for old in properties.findall(f"{{{A_NS}}}{tag}"):
                properties.remove(old)
        # a:latin, a:ea and a:cs follow the fill and effect children of a run's properties
        at = _font_position(properties)
        for offset, (tag, face) in enumerate((("latin", fonts.latin), ("ea", fonts.east_asian),
                                              ("cs", fonts.latin))):
            font = etree.Element(f"{{{A_NS}}}{tag}", typeface=face)
            properties.insert(at + offset, font)


_BEFORE_FONTS: Final = frozenset(f"{{{A_NS}}}{tag}" for tag in (
    "ln", "noFill", "solidFill", "gradFill", "blipFill", "pattFill", "grpFill", "effectLst",
    "effectDag", "highlight", "uLnTx", "uLn", "uFillTx", "uFill"))


def _font_position(properties: etree._Element) -> int:
    return sum(1 for child in properties if child.tag in _BEFORE_FONTS)


@dataclass
class Charts:
    """Adds chart parts to a document and the drawings that show them."""

    document: Document
    added: int = 0
    next_drawing_id: int = field(default=0)

    def __post_init__(self) -> None:
        ids = [int(value) for value in _DOCPR_IDS(self.document.element.body)
               if str(value).isdigit()]
        self.next_drawing_id = max(ids, default=0) + 1

    def add(self, xml: bytes, workbook: bytes) -> str:
        """Store a chart and its workbook in the package; the document's id for the chart."""
        self.added += 1
        package = self.document.part.package
        sheet = Part(PackURI(f"/word/embeddings/Microsoft_Excel_Worksheet{self.added}.xlsx"),
                     CT.SML_SHEET, workbook, package)
        chart = Part(PackURI(f"/word/charts/chart{self.added}.xml"), CT.DML_CHART, xml,
                     package)
        assert chart.relate_to(sheet, RT.PACKAGE) == "rId1", "a new part's first relationship"
        return str(self.document.part.relate_to(chart, RT.CHART))

    def drawing(self, paragraph: etree._Element, relationship: str, size: tuple[int, int],
                description: str) -> None:
        """A run in ``paragraph`` with the chart ``relationship`` inline, ``size`` in twips."""
        number = self.next_drawing_id
        self.next_drawing_id += 1
        inline = etree.SubElement(sub(sub(paragraph, R), w("drawing")), f"{{{WP_NS}}}inline",
                                  distT="0", distB="0", distL="0", distR="0")
        width, height = (str(twips * EMU_PER_TWIP) for twips in size)
        etree.SubElement(inline, f"{{{WP_NS}}}extent", cx=width, cy=height)
        etree.SubElement(inline, f"{{{WP_NS}}}effectExtent", l="0", t="0", r="0", b="0")
        etree.SubElement(inline, f"{{{WP_NS}}}docPr", id=str(number), name=f"Chart {number}",
                         descr=description)
        etree.SubElement(inline, f"{{{WP_NS}}}cNvGraphicFramePr")
        graphic = etree.SubElement(inline, f"{{{A_NS}}}graphic", nsmap={"a": A_NS})
        data = etree.SubElement(graphic, f"{{{A_NS}}}graphicData", uri=CHART_URI)
        chart = etree.SubElement(data, f"{{{C_NS}}}chart", nsmap={"c": C_NS, "r": R_NS})
        chart.set(f"{{{R_NS}}}id", relationship)
