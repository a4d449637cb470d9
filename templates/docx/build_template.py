"""Build the default Word template ``templates/docx/report.docx``, reproducibly.

Run ``python templates/docx/build_template.py`` after changing this script and
commit the rebuilt ``report.docx``; ``--check`` exits 1 when the committed file
is stale. The same arguments always give the same bytes.

The result is a docxtpl template: python-docx's default document, restyled for
mixed Chinese/Latin text, with a title page, a table of contents and one
``{{p body }}`` paragraph that the Word renderer replaces with the generated
plan (headings, paragraphs and tables). The Jinja variables it expects are listed in
``templates/docx/README.md`` (and in :data:`TEMPLATE_VARIABLES`).

What is done to python-docx's default document, and why:

* Fonts. Its styles name *theme* fonts (``w:asciiTheme``, ``w:eastAsiaTheme``, ...)
  and its settings say the East Asian theme language is Japanese, so Word shows
  Chinese in ＭＳ 明朝. Every ``w:rFonts`` in ``styles.xml`` (document defaults,
  styles, table-style conditional formats) gets explicit ``w:ascii``/``w:hAnsi``/
  ``w:eastAsia``/``w:cs`` names and loses its theme attributes; the default
  language becomes ``en-US`` with ``zh-CN`` for East Asian text.
* Headings 1-3 are numbered 1 / 1.1 / 1.1.1 by a multilevel list attached to
  the styles; "TOC Heading" is kept out of that list and out of the TOC.
* A real table style, "mktplan Table", for the tables the renderer writes.
* Settings: ``updateFields`` so Word rebuilds the TOC on open; compatibility
  mode 15 (no "[Compatibility Mode]" banner); no revision ids.
* Reproducibility: fixed core properties, no thumbnail, no rsids, and the zip
  normalised by :func:`mktplan.render.ooxml.normalize_zip`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import os
import re
import sys
import tempfile
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Final

import docx
from docx.document import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_TAB_ALIGNMENT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.oxml import serialize_part_xml
from docx.opc.part import XmlPart
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shared import Mm, Pt, RGBColor
from docx.text.paragraph import Paragraph

try:
    from mktplan.render.ooxml import normalize_zip
except ImportError:  # running from a checkout where mktplan is not installed
    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "src"))
    from mktplan.render.ooxml import normalize_zip

DEFAULT_OUTPUT: Final = Path(__file__).resolve().parent / "report.docx"

OPTIONAL_TITLE_PAGE_FIELDS: Final[tuple[str, ...]] = (
    "client",
    "organization",
    "author",
    "version",
    "date",
    "issued",
)
"""The labelled lines of the title page, in order: ``{{ client_label }}：{{ client }}`` …"""

TEMPLATE_VARIABLES: Final[tuple[str, ...]] = (
    "logo",
    "title",
    "subtitle",
    *OPTIONAL_TITLE_PAGE_FIELDS,
    *(f"{name}_label" for name in OPTIONAL_TITLE_PAGE_FIELDS),
    "colon",
    "confidential",
    "toc_title",
    "body",
)
"""Every name the template uses. All must be in the context (StrictUndefined);
``logo``, ``subtitle``, the title-page fields and ``confidential`` may be empty or None,
which drops their paragraph; ``body`` marks where the generated plan goes."""

FIXED_TIMESTAMP: Final = dt.datetime(2000, 1, 1, tzinfo=dt.timezone.utc)

TABLE_STYLE_NAME: Final = "mktplan Table"
TABLE_STYLE_ID: Final = "mktplanTable"
HEADING_LIST_NAME: Final = "mktplan Headings"
HEADING_LIST_NSID: Final = "4D4B5450"  # "MKTP": a fixed id keeps the build reproducible

TOC_INSTRUCTION: Final = r' TOC \o "1-3" \h \z \u '
TOC_PLACEHOLDER: Final = "Table of contents: Word updates it on opening (or press F9 on it)."

W_NS: Final = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W14_NS: Final = "http://schemas.microsoft.com/office/word/2010/wordml"
STYLES_WITH_EFFECTS: Final = (
    "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"
)

THEME_FONT_ATTRIBUTES: Final = ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")

# Children that must follow a given element, in schema order (ECMA-376 part 1).
_PPR_AFTER_NUMPR: Final = (
    "w:suppressLineNumbers", "w:pBdr", "w:shd", "w:tabs", "w:suppressAutoHyphens",
    "w:kinsoku", "w:wordWrap", "w:overflowPunct", "w:topLinePunct", "w:autoSpaceDE",
    "w:autoSpaceDN", "w:bidi", "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind",
    "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap", "w:jc",
    "w:textDirection", "w:textAlignment", "w:textboxTightWrap", "w:outlineLvl",
    "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange",
)  # fmt: skip
_STYLE_AFTER_PPR: Final = ("w:rPr", "w:tblPr", "w:trPr", "w:tcPr", "w:tblStylePr")
_RPR_AFTER_LANG: Final = ("w:eastAsianLayout", "w:specVanish", "w:oMath")
_SUCCESSORS_OF_RFONTS: Final = (
    "w:bCs", "w:i", "w:iCs", "w:caps", "w:smallCaps", "w:strike", "w:dstrike",
    "w:outline", "w:shadow", "w:emboss", "w:imprint", "w:noProof", "w:snapToGrid",
    "w:vanish", "w:webHidden", "w:color", "w:spacing", "w:w", "w:kern", "w:position",
    "w:sz", "w:szCs", "w:highlight", "w:u", "w:effect", "w:bdr", "w:shd", "w:fitText",
    "w:vertAlign", "w:rtl", "w:cs", "w:em", "w:lang", "w:eastAsianLayout",
    "w:specVanish", "w:oMath",
)  # fmt: skip
_SETTINGS_AFTER_UPDATE_FIELDS: Final = (
    "w:hdrShapeDefaults", "w:footnotePr", "w:endnotePr", "w:compat", "w:docVars",
    "w:rsids", "m:mathPr", "w:attachedSchema", "w:themeFontLang", "w:clrSchemeMapping",
    "w:doNotIncludeSubdocsInStats", "w:doNotAutoCompressPictures", "w:forceUpgrade",
    "w:captions", "w:readModeInkLockDown", "w:smartTagType", "sl:schemaLibrary",
    "w:shapeDefaults", "w:doNotEmbedSmartTags", "w:decimalSymbol", "w:listSeparator",
)  # fmt: skip
_SETTINGS_AFTER_THEME_FONT_LANG: Final = _SETTINGS_AFTER_UPDATE_FIELDS[
    _SETTINGS_AFTER_UPDATE_FIELDS.index("w:themeFontLang") + 1 :
]

# fontTable.xml entries for well-known CJK fonts, so Word can substitute sensibly
# on a machine without them; other fonts get an entry with their name only.
_KNOWN_FONTS: Final[dict[str, str]] = {
    "Microsoft YaHei": (
        '<w:altName w:val="微软雅黑"/><w:panose1 w:val="020B0503020204020204"/>'
        '<w:charset w:val="86"/><w:family w:val="swiss"/><w:pitch w:val="variable"/>'
    ),
    "SimSun": (
        '<w:altName w:val="宋体"/><w:panose1 w:val="02010600030101010101"/>'
        '<w:charset w:val="86"/><w:family w:val="auto"/><w:pitch w:val="variable"/>'
    ),
    "SimHei": (
        '<w:altName w:val="黑体"/><w:panose1 w:val="02010609060101010101"/>'
        '<w:charset w:val="86"/><w:family w:val="modern"/><w:pitch w:val="fixed"/>'
    ),
}
_SHIFT_JIS_CHARSET: Final = "80"


@dataclass(frozen=True)
class Fonts:
    """The font names written into the template: one pair for body text, one for headings."""

    latin: str = "Calibri"
    east_asian: str = "Microsoft YaHei"
    heading_latin: str = "Calibri"
    heading_east_asian: str = "Microsoft YaHei"

    def names(self) -> list[str]:
        """Every distinct font name, in a stable order."""
        fonts = (self.latin, self.east_asian, self.heading_latin, self.heading_east_asian)
        return list(dict.fromkeys(fonts))


@dataclass(frozen=True)
class PageSize:
    """Paper size and margins of the template's single section."""

    width_mm: float
    height_mm: float
    margin_mm: float = 25.4


PAGE_SIZES: Final[dict[str, PageSize]] = {
    "a4": PageSize(210, 297),
    "letter": PageSize(215.9, 279.4),
}


# --------------------------------------------------------------------------- XML


def _xml(fragment: str) -> BaseOxmlElement:
    """Parse one WordprocessingML element written with the usual ``w:`` prefix."""
    tag = re.match(r"<[\w:]+", fragment)
    if tag is None:
        msg = f"not an XML element: {fragment[:40]!r}"
        raise ValueError(msg)
    return parse_xml(f"{tag.group()} {nsdecls('w')}{fragment[tag.end() :]}")


def _style_element(doc: Document, style_id: str) -> BaseOxmlElement | None:
    """The ``w:style`` element with ``style_id``, if the document defines it."""
    found: list[BaseOxmlElement] = doc.styles.element.xpath(f"w:style[@w:styleId='{style_id}']")
    return found[0] if found else None


def _require_style(doc: Document, style_id: str) -> BaseOxmlElement:
    style = _style_element(doc, style_id)
    if style is None:
        msg = f"python-docx's default template has no style {style_id!r}"
        raise LookupError(msg)
    return style


def _child(parent: BaseOxmlElement, tag: str) -> BaseOxmlElement | None:
    found: BaseOxmlElement | None = parent.find(qn(tag))
    return found


def _get_or_insert(parent: BaseOxmlElement, tag: str, successors: Sequence[str]) -> BaseOxmlElement:
    """The ``tag`` child of ``parent``, created in schema order when missing."""
    existing = _child(parent, tag)
    if existing is not None:
        return existing
    element = _xml(f"<{tag} />")
    parent.insert_element_before(element, *successors)
    return element


# ------------------------------------------------------------------------- fonts


def _set_rfonts(rfonts: BaseOxmlElement, latin: str, east_asian: str) -> None:
    """Give ``rfonts`` explicit names for all four scripts and drop theme references.

    An explicit name already there without a theme attribute for the same slot is
    kept (e.g. Courier in the "Macro Text" style).
    """
    slots = (
        ("w:ascii", "w:asciiTheme", latin),
        ("w:hAnsi", "w:hAnsiTheme", latin),
        ("w:eastAsia", "w:eastAsiaTheme", east_asian),
        ("w:cs", "w:cstheme", latin),
    )
    for name_attr, theme_attr, font in slots:
        if rfonts.get(qn(theme_attr)) is not None or rfonts.get(qn(name_attr)) is None:
            rfonts.set(qn(name_attr), font)
    for theme_attr in THEME_FONT_ATTRIBUTES:
        rfonts.attrib.pop(qn(theme_attr), None)


def _is_heading_font(rfonts: BaseOxmlElement) -> bool:
    """Whether ``rfonts`` referred to the theme's *major* (heading) fonts."""
    return any((rfonts.get(qn(attr)) or "").startswith("major") for attr in THEME_FONT_ATTRIBUTES)


def fix_fonts(doc: Document, fonts: Fonts) -> None:
    """Make every ``w:rFonts`` in ``styles.xml`` explicit, and Chinese the East Asian language.

    Theme *major* fonts become the heading pair, everything else the body pair;
    ``w:docDefaults`` gets the body pair and ``w:lang w:val="en-US"
    w:eastAsia="zh-CN"``.
    """
    styles = doc.styles.element
    r_pr: BaseOxmlElement = styles.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}")
    default_fonts = _get_or_insert(r_pr, "w:rFonts", ("w:b", *_SUCCESSORS_OF_RFONTS))
    _set_rfonts(default_fonts, fonts.latin, fonts.east_asian)
    lang = _get_or_insert(r_pr, "w:lang", _RPR_AFTER_LANG)
    lang.set(qn("w:val"), "en-US")
    lang.set(qn("w:eastAsia"), "zh-CN")

    for rfonts in styles.iter(qn("w:rFonts")):
        if rfonts is default_fonts:
            continue
        if _is_heading_font(rfonts):
            _set_rfonts(rfonts, fonts.heading_latin, fonts.heading_east_asian)
        else:
            _set_rfonts(rfonts, fonts.latin, fonts.east_asian)


def rewrite_font_table(font_table: bytes, fonts: Fonts) -> bytes:
    """Drop the Japanese (Shift-JIS) fonts of the default font table; list ours."""
    root = parse_xml(font_table)
    for font in list(root.iter(qn("w:font"))):
        charset = _child(font, "w:charset")
        if charset is not None and charset.get(qn("w:val")) == _SHIFT_JIS_CHARSET:
            root.remove(font)
    listed = {font.get(qn("w:name")) for font in root.iter(qn("w:font"))}
    for name in fonts.names():
        if name not in listed:
            font = _xml('<w:font w:name="">' + _KNOWN_FONTS.get(name, "") + "</w:font>")
            font.set(qn("w:name"), name)
            root.append(font)
    return serialize_part_xml(root)


# ------------------------------------------------------------------------ styles


def _heading_numbering_xml(abstract_num_id: int) -> str:
    levels = []
    # hanging indents wide enough for two-digit numbers ("10", "10.12", "10.12.3"), so that
    # the tab after the number always reaches the text: a gap, never "10KPI"
    for level, indent in enumerate((567, 850, 1080)):
        text = ".".join(f"%{n}" for n in range(1, level + 2))
        levels.append(
            f'<w:lvl w:ilvl="{level}"><w:start w:val="1"/><w:numFmt w:val="decimal"/>'
            f'<w:pStyle w:val="Heading{level + 1}"/><w:lvlText w:val="{text}"/>'
            f'<w:lvlJc w:val="left"/>'
            f'<w:pPr><w:ind w:left="{indent}" w:hanging="{indent}"/></w:pPr></w:lvl>'
        )
    return (
        f'<w:abstractNum w:abstractNumId="{abstract_num_id}">'
        f'<w:nsid w:val="{HEADING_LIST_NSID}"/><w:multiLevelType w:val="multilevel"/>'
        f'<w:name w:val="{HEADING_LIST_NAME}"/>{"".join(levels)}</w:abstractNum>'
    )


def _set_num_pr(style: BaseOxmlElement, num_id: int, level: int | None) -> None:
    """Attach ``style`` to list ``num_id`` (0 = no list) at ``level``."""
    p_pr = _get_or_insert(style, "w:pPr", _STYLE_AFTER_PPR)
    p_pr.remove_all("w:numPr")
    ilvl = "" if level is None else f'<w:ilvl w:val="{level}"/>'
    p_pr.insert_element_before(
        _xml(f'<w:numPr>{ilvl}<w:numId w:val="{num_id}"/></w:numPr>'), *_PPR_AFTER_NUMPR
    )


def add_heading_numbering(doc: Document) -> int:
    """Number Heading 1-3 as 1 / 1.1 / 1.1.1; return the ``w:numId`` used."""
    numbering = doc.part.numbering_part.element
    abstract_ids = [int(v) for v in numbering.xpath("w:abstractNum/@w:abstractNumId")]
    num_ids = [int(v) for v in numbering.xpath("w:num/@w:numId")]
    abstract_num_id = max(abstract_ids, default=-1) + 1
    num_id = max(num_ids, default=0) + 1
    numbering.insert_element_before(
        _xml(_heading_numbering_xml(abstract_num_id)), "w:num", "w:numIdMacAtCleanup"
    )
    numbering.insert_element_before(
        _xml(f'<w:num w:numId="{num_id}"><w:abstractNumId w:val="{abstract_num_id}"/></w:num>'),
        "w:numIdMacAtCleanup",
    )
    for level in range(3):
        heading = _require_style(doc, f"Heading{level + 1}")
        _set_num_pr(heading, num_id, None if level == 0 else level)
    return num_id


def _toc_level_style_xml(level: int) -> str:
    indent = 220 * (level - 1)
    return (
        f'<w:style w:type="paragraph" w:styleId="TOC{level}">'
        f'<w:name w:val="toc {level}"/><w:basedOn w:val="Normal"/>'
        f'<w:next w:val="Normal"/><w:autoRedefine/><w:uiPriority w:val="39"/>'
        f"<w:unhideWhenUsed/>"
        f'<w:pPr><w:spacing w:after="100"/><w:ind w:left="{indent}"/></w:pPr></w:style>'
    )


def _table_style(fonts: Fonts) -> BaseOxmlElement:
    """The "mktplan Table" style: thin grey grid, shaded bold header row, banded rows."""
    rfonts = "<w:rFonts/>"  # filled below: font names are not spliced into XML text
    border = 'w:val="single" w:sz="4" w:space="0" w:color="A6A6A6"'
    borders = "".join(
        f"<w:{side} {border}/>" for side in ("top", "left", "bottom", "right", "insideH", "insideV")
    )
    style = _xml(
        f'<w:style w:type="table" w:customStyle="1" w:styleId="{TABLE_STYLE_ID}">'
        f'<w:name w:val="{TABLE_STYLE_NAME}"/><w:basedOn w:val="TableNormal"/>'
        f'<w:uiPriority w:val="59"/>'
        f'<w:pPr><w:spacing w:before="40" w:after="40" w:line="240" w:lineRule="auto"/></w:pPr>'
        f'<w:rPr>{rfonts}<w:sz w:val="20"/><w:szCs w:val="20"/></w:rPr>'
        f'<w:tblPr><w:tblStyleRowBandSize w:val="1"/><w:tblStyleColBandSize w:val="1"/>'
        f"<w:tblBorders>{borders}</w:tblBorders>"
        f'<w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/>'
        f'<w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar>'
        f"</w:tblPr>"
        f'<w:tblStylePr w:type="firstRow">'
        f"<w:rPr>{rfonts}<w:b/><w:bCs/></w:rPr>"
        f'<w:tcPr><w:shd w:val="clear" w:color="auto" w:fill="D9E2F3"/></w:tcPr>'
        f"</w:tblStylePr>"
        f'<w:tblStylePr w:type="band1Horz">'
        f'<w:tcPr><w:shd w:val="clear" w:color="auto" w:fill="F2F2F2"/></w:tcPr>'
        f"</w:tblStylePr>"
        f"</w:style>"
    )
    for element in style.iter(qn("w:rFonts")):
        _set_rfonts(element, fonts.latin, fonts.east_asian)
    return style


def configure_styles(doc: Document, fonts: Fonts) -> None:
    """Add the styles the renderer uses and tidy the ones it inherits."""
    styles = doc.styles.element
    num_id = add_heading_numbering(doc)
    del num_id  # the headings carry it; nothing else refers to it

    # "TOC Heading" is based on Heading 1: keep it out of the numbered list (numId 0)
    # and out of the TOC (outline level 9 = body text, already set), and show it.
    toc_heading = _require_style(doc, "TOCHeading")
    _set_num_pr(toc_heading, 0, 0)
    toc_heading.remove_all("w:semiHidden")

    # The default Subtitle has a stray <w:numPr><w:ilvl w:val="1"/></w:numPr>.
    subtitle_ppr = _child(_require_style(doc, "Subtitle"), "w:pPr")
    if subtitle_ppr is not None:
        subtitle_ppr.remove_all("w:numPr")
        if len(subtitle_ppr) == 0:
            subtitle_ppr.getparent().remove(subtitle_ppr)

    for level in (1, 2, 3):
        if _style_element(doc, f"TOC{level}") is None:
            styles.append(_xml(_toc_level_style_xml(level)))
    if _style_element(doc, TABLE_STYLE_ID) is None:
        styles.append(_table_style(fonts))

    caption = doc.styles["Caption"]
    caption.hidden = False
    header = doc.styles["Header"].font
    header.size = Pt(8)
    header.color.rgb = RGBColor(0x59, 0x59, 0x59)
    doc.styles["Footer"].font.size = Pt(9)


# ---------------------------------------------------------------------- settings


def configure_settings(doc: Document) -> None:
    """Refresh fields on open, Chinese theme language, Word 2013+ mode, no rsids."""
    settings = doc.settings.element
    update = _get_or_insert(settings, "w:updateFields", _SETTINGS_AFTER_UPDATE_FIELDS)
    update.set(qn("w:val"), "true")
    theme_lang = _get_or_insert(settings, "w:themeFontLang", _SETTINGS_AFTER_THEME_FONT_LANG)
    theme_lang.set(qn("w:val"), "en-US")
    theme_lang.set(qn("w:eastAsia"), "zh-CN")
    for setting in settings.xpath("w:compat/w:compatSetting[@w:name='compatibilityMode']"):
        setting.set(qn("w:val"), "15")
    settings.remove_all("w:rsids")


# -------------------------------------------------------------------------- body


def _add_field(
    paragraph: Paragraph, instruction: str, placeholder: str, *, dirty: bool = False
) -> None:
    """Append a complex field (begin, instruction, separate, result, end) to ``paragraph``.

    ``placeholder`` is the field's result until Word computes it; a ``dirty`` field
    is recomputed when the document is opened.
    """
    begin = _xml('<w:fldChar w:fldCharType="begin"/>')
    if dirty:
        begin.set(qn("w:dirty"), "true")
    paragraph.add_run().element.append(begin)
    instr = _xml('<w:instrText xml:space="preserve">x</w:instrText>')
    instr.text = instruction
    paragraph.add_run().element.append(instr)
    paragraph.add_run().element.append(_xml('<w:fldChar w:fldCharType="separate"/>'))
    paragraph.add_run(placeholder)
    paragraph.add_run().element.append(_xml('<w:fldChar w:fldCharType="end"/>'))


def write_body(doc: Document) -> None:
    """Title page, page break, TOC, page break, then the ``{{p body }}`` slot."""
    doc.add_paragraph("{%p if logo %}")
    doc.add_paragraph("{{ logo }}")
    doc.add_paragraph("{%p endif %}")
    doc.add_paragraph("{{ title }}", style="Title")
    doc.add_paragraph("{%p if subtitle %}")
    doc.add_paragraph("{{ subtitle }}", style="Subtitle")
    doc.add_paragraph("{%p endif %}")
    for name in OPTIONAL_TITLE_PAGE_FIELDS:
        doc.add_paragraph(f"{{%p if {name} %}}")
        line = doc.add_paragraph()  # Normal: a bold label, then the value
        line.add_run(f"{{{{ {name}_label }}}}{{{{ colon }}}}").bold = True
        line.add_run(f"{{{{ {name} }}}}")
        doc.add_paragraph("{%p endif %}")
    doc.add_paragraph("{%p if confidential %}")
    notice = doc.add_paragraph()
    notice.paragraph_format.space_before = Pt(36)
    notice.add_run("{{ confidential }}").font.size = Pt(9)
    doc.add_paragraph("{%p endif %}")
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    doc.add_paragraph("{{ toc_title }}", style="TOC Heading")
    _add_field(doc.add_paragraph(), TOC_INSTRUCTION, TOC_PLACEHOLDER, dirty=True)
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    doc.add_paragraph("{{p body }}")


def write_page_setup(doc: Document, page: PageSize) -> None:
    """Paper size and margins; ``{{ title }}`` in the header; page number in the footer.

    The title page has its own (empty) header and footer.
    """
    section = doc.sections[0]
    section.page_width = Mm(page.width_mm)
    section.page_height = Mm(page.height_mm)
    for side in ("top_margin", "bottom_margin", "left_margin", "right_margin"):
        setattr(section, side, Mm(page.margin_mm))
    section.header_distance = Mm(12.5)
    section.footer_distance = Mm(12.5)

    # The default tab stops (centre 3.25", right 6.5") fit US Letter with 1.25"
    # margins; put them at the centre and right edge of this page's text area.
    text_width = page.width_mm - 2 * page.margin_mm
    for name in ("Header", "Footer"):
        tab_stops = doc.styles[name].paragraph_format.tab_stops
        tab_stops.clear_all()
        tab_stops.add_tab_stop(Mm(text_width / 2), WD_TAB_ALIGNMENT.CENTER)
        tab_stops.add_tab_stop(Mm(text_width), WD_TAB_ALIGNMENT.RIGHT)

    section.different_first_page_header_footer = True
    section.first_page_header.is_linked_to_previous = False
    section.first_page_footer.is_linked_to_previous = False

    header = section.header.paragraphs[0]
    header.style = doc.styles["Header"]
    header.add_run("{{ title }}")

    footer = section.footer.paragraphs[0]
    footer.style = doc.styles["Footer"]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _add_field(footer, " PAGE ", "1")


# ------------------------------------------------------------------ package-wide


def set_fixed_core_properties(doc: Document) -> None:
    """Core properties that do not change from one build to the next.

    Only the ``dc:``/``dcterms:`` properties are set. The ``cp:`` ones (keywords,
    category, last modified by, revision) are left as python-docx's default
    template has them (empty, revision 1): importing docxtpl's Subdoc support
    (docxcompose) rebinds python-docx's global ``cp`` prefix to the
    custom-properties namespace, after which setting them writes a second,
    foreign element that Word reports as corrupt (docxtpl issue #471).

    They hold no Jinja tags: docxtpl renders core properties through the same
    (autoescaping) environment, which would double-escape ``&``. The renderer
    sets title and author itself after rendering.
    """
    props = doc.core_properties
    props.author = ""
    props.title = ""
    props.subject = ""
    props.comments = ""
    props.created = FIXED_TIMESTAMP
    props.modified = FIXED_TIMESTAMP


def drop_noise(doc: Document) -> None:
    """Remove parts and attributes that are stale or change between Word sessions.

    The thumbnail shows the default template's blank page; ``stylesWithEffects``
    is Word 2010's copy of the styles, which would keep the Japanese theme fonts;
    revision ids (``w:rsid*``) and paragraph ids (``w14:paraId``) record editing
    sessions.
    """
    package = doc.part.package
    for rel_id, rel in list(package.rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            del package.rels[rel_id]
    for rel_id, rel in list(doc.part.rels.items()):
        if rel.reltype == STYLES_WITH_EFFECTS:
            doc.part.drop_rel(rel_id)

    for part in package.iter_parts():
        if not isinstance(part, XmlPart):
            continue
        for element in list(part.element.iter(qn("w:rsid"))):
            element.getparent().remove(element)
        for element in part.element.iter():
            for attribute in [a for a in element.attrib if _is_noise(a)]:
                del element.attrib[attribute]


def _is_noise(attribute: str) -> bool:
    """Whether ``attribute`` is a ``w:rsid*`` or ``w14:paraId``/``w14:textId``."""
    namespace, _, local = attribute.rpartition("}")
    if namespace == "{" + W_NS:
        return local.startswith("rsid")
    return namespace == "{" + W14_NS and local in {"paraId", "textId"}


def _rewrite_entries(package: bytes, fonts: Fonts) -> bytes:
    """Return ``package`` with its font table rewritten (see :func:`rewrite_font_table`)."""
    output = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(package)) as source,
        zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for entry in source.infolist():
            data = source.read(entry)
            if entry.filename == "word/fontTable.xml":
                data = rewrite_font_table(data, fonts)
            target.writestr(entry.filename, data)
    return output.getvalue()


def build_template(fonts: Fonts | None = None, paper: str = "a4") -> bytes:
    """Return the bytes of ``report.docx``; the same arguments give the same bytes."""
    fonts = fonts or Fonts()
    doc = docx.Document()
    drop_noise(doc)
    set_fixed_core_properties(doc)
    configure_styles(doc, fonts)
    fix_fonts(doc, fonts)
    configure_settings(doc)
    write_page_setup(doc, PAGE_SIZES[paper])
    write_body(doc)
    drop_noise(doc)  # the header and footer parts added since come with rsids too
    saved = io.BytesIO()
    doc.save(saved)
    return normalize_zip(_rewrite_entries(saved.getvalue(), fonts))


# --------------------------------------------------------------------------- CLI


def write_atomically(path: Path, data: bytes) -> None:
    """Replace ``path`` by ``data`` without ever leaving a partial file in its place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor, temporary = tempfile.mkstemp(
        prefix=f".{path.name}.", suffix=".tmp", dir=path.parent
    )
    try:
        with os.fdopen(descriptor, "wb") as handle:
            os.fchmod(handle.fileno(), 0o644)  # mkstemp's 0600 would survive os.replace
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _font_name(value: str) -> str:
    """Argument type: a non-blank font name without control characters."""
    name = value.strip()
    if not name or any(ord(c) < 0x20 or c == "\x7f" for c in name):
        msg = f"not a font name: {value!r}"
        raise argparse.ArgumentTypeError(msg)
    return name


def _parse_args(argv: Iterable[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT, help="where to write")
    defaults = Fonts()
    parser.add_argument(
        "--latin-font",
        type=_font_name,
        default=defaults.latin,
        help=f"body font for Latin text (default: {defaults.latin})",
    )
    parser.add_argument(
        "--east-asian-font",
        type=_font_name,
        default=defaults.east_asian,
        help=f"body font for Chinese text (default: {defaults.east_asian})",
    )
    parser.add_argument(
        "--heading-latin-font",
        type=_font_name,
        help="heading font for Latin text (default: --latin-font)",
    )
    parser.add_argument(
        "--heading-east-asian-font",
        type=_font_name,
        help="heading font for Chinese text (default: --east-asian-font)",
    )
    parser.add_argument("--paper", choices=sorted(PAGE_SIZES), default="a4")
    parser.add_argument(
        "--check", action="store_true", help="write nothing; exit 1 if --output is not up to date"
    )
    return parser.parse_args(None if argv is None else list(argv))


def main(argv: Iterable[str] | None = None) -> int:
    """Build the template (or, with ``--check``, compare it with the file on disk)."""
    args = _parse_args(argv)
    fonts = Fonts(
        latin=args.latin_font,
        east_asian=args.east_asian_font,
        heading_latin=args.heading_latin_font or args.latin_font,
        heading_east_asian=args.heading_east_asian_font or args.east_asian_font,
    )
    data = build_template(fonts, args.paper)
    output: Path = args.output
    if args.check:
        if output.is_file() and output.read_bytes() == data:
            return 0
        print(f"{output} is out of date: run {Path(__file__).name}", file=sys.stderr)
        return 1
    write_atomically(output, data)
    print(f"wrote {output} ({len(data)} bytes)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
