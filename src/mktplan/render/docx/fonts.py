"""Chinese that looks right: explicit East Asian fonts, no theme fonts, ``zh-CN`` language.

``font.name`` in python-docx sets only the Latin font, and Word's default styles
name *theme* fonts (``w:eastAsiaTheme="minorEastAsia"``) whose East Asian face is
empty or Japanese, so Chinese falls back to ＭＳ 明朝. The shipped template is
already fixed; a consultancy's own template, restyled in Word, often is not. So
every output goes through :func:`fix_east_asian_fonts`:

* a theme attribute is replaced by the font the theme names (the East Asian slot
  by the theme's Simplified Chinese face, else :data:`DEFAULT_EAST_ASIAN`);
* every ``w:rFonts`` in the styles gets an explicit ``w:eastAsia``: the one its
  style inherits (``w:basedOn``), down to the document defaults;
* ``w:lang`` says East Asian text is ``zh-CN``, in the styles and the settings.
"""

from __future__ import annotations

from typing import Final

from docx.document import Document
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from lxml import etree

from mktplan.render.docx.xml import element_w, w

DEFAULT_EAST_ASIAN: Final = "Microsoft YaHei"
EAST_ASIAN_LANGUAGE: Final = "zh-CN"
A_NS: Final = "http://schemas.openxmlformats.org/drawingml/2006/main"
RFONTS, EAST_ASIA, LANG = w("rFonts"), w("eastAsia"), w("lang")
# (explicit slot, its theme attribute)
SLOTS: Final = (("ascii", "asciiTheme"), ("hAnsi", "hAnsiTheme"), ("eastAsia", "eastAsiaTheme"),
                ("cs", "cstheme"))
# w:settings children that follow w:themeFontLang (ECMA-376 CT_Settings)
_AFTER_THEME_FONT_LANG: Final = tuple(w(tag) for tag in (
    "clrSchemeMapping", "doNotIncludeSubdocsInStats", "doNotAutoCompressPictures",
    "forceUpgrade", "captions", "readModeInkLockDown", "smartTagType", "shapeDefaults",
    "doNotEmbedSmartTags", "decimalSymbol", "listSeparator"))
_RPR_BEFORE_RFONTS: Final = {w("rStyle")}
_RPR_AFTER_LANG: Final = {w("eastAsianLayout"), w("specVanish"), w("oMath")}


def fix_east_asian_fonts(document: Document) -> None:
    """Make every font explicit and Chinese-ready in ``document`` (see the module docstring)."""
    theme = _theme_fonts(document)
    styles = document.styles.element
    for root in [styles, document.element, *_header_footer_elements(document)]:
        for rfonts in root.iter(RFONTS):
            _resolve_theme(rfonts, theme)
    default = _default_rfonts(styles)
    if default.get(EAST_ASIA) is None:
        default.set(EAST_ASIA, theme.get("minorEastAsia") or DEFAULT_EAST_ASIAN)
    _inherit_east_asian(styles, str(default.get(EAST_ASIA)))
    _set_languages(styles)
    _set_theme_font_language(document.settings.element)


def _header_footer_elements(document: Document) -> list[etree._Element]:
    return [rel.target_part.element for rel in document.part.rels.values()
            if rel.reltype in (RT.HEADER, RT.FOOTER) and not rel.is_external]


def _theme_fonts(document: Document) -> dict[str, str]:
    """The theme's fonts by theme-attribute value: ``{"minorHAnsi": "Calibri", …}``."""
    try:
        part = document.part.part_related_by(RT.THEME)
    except KeyError:
        return {}
    scheme = etree.fromstring(part.blob)
    fonts: dict[str, str] = {}
    for kind in ("major", "minor"):
        font = scheme.find(f".//{{{A_NS}}}{kind}Font")
        if font is None:
            continue
        latin = _typeface(font, "latin")
        fonts[f"{kind}Ascii"] = fonts[f"{kind}HAnsi"] = latin
        fonts[f"{kind}Bidi"] = _typeface(font, "cs") or latin
        hans = font.find(f"{{{A_NS}}}font[@script='Hans']")
        fonts[f"{kind}EastAsia"] = (str(hans.get("typeface", "")) if hans is not None else "") \
            or _typeface(font, "ea")
    return {key: value for key, value in fonts.items() if value}


def _typeface(font: etree._Element, slot: str) -> str:
    element = font.find(f"{{{A_NS}}}{slot}")
    return "" if element is None else str(element.get("typeface", ""))


def _resolve_theme(rfonts: etree._Element, theme: dict[str, str]) -> None:
    """Replace theme attributes by explicit names (an explicit name already there wins)."""
    for slot, theme_slot in SLOTS:
        reference = rfonts.get(w(theme_slot))
        if reference is None:
            continue
        del rfonts.attrib[w(theme_slot)]
        if rfonts.get(w(slot)) is None:
            fallback = DEFAULT_EAST_ASIAN if slot == "eastAsia" else None
            name = theme.get(reference) or fallback
            if name:
                rfonts.set(w(slot), name)


def _default_rfonts(styles: etree._Element) -> etree._Element:
    """The ``w:rFonts`` of the document defaults, created when missing."""
    defaults = styles.find(w("docDefaults"))
    if defaults is None:
        defaults = element_w(w("docDefaults"))
        styles.insert(0, defaults)
    run_default = defaults.find(w("rPrDefault"))
    if run_default is None:
        run_default = element_w(w("rPrDefault"))
        defaults.insert(0, run_default)
    properties = run_default.find(w("rPr"))
    if properties is None:
        properties = etree.SubElement(run_default, w("rPr"))
    rfonts = properties.find(RFONTS)
    if rfonts is None:
        rfonts = element_w(RFONTS)
        position = sum(1 for child in properties if child.tag in _RPR_BEFORE_RFONTS)
        properties.insert(position, rfonts)
    return rfonts


def _inherit_east_asian(styles: etree._Element, default: str) -> None:
    """Give every style's ``w:rFonts`` the East Asian font it would inherit."""
    by_id = {str(style.get(w("styleId"))): style for style in styles.iterfind(w("style"))}
    resolved: dict[str, str] = {}

    def effective(style_id: str, seen: frozenset[str]) -> str:
        if style_id in resolved:
            return resolved[style_id]
        style = by_id.get(style_id)
        if style is None or style_id in seen:
            return default
        own = style.find(f"{w('rPr')}/{RFONTS}")
        if own is not None and own.get(EAST_ASIA):
            name = str(own.get(EAST_ASIA))
        else:
            based_on = style.find(w("basedOn"))
            parent = None if based_on is None else based_on.get(w("val"))
            name = effective(str(parent), seen | {style_id}) if parent else default
        resolved[style_id] = name
        return name

    for style_id, style in by_id.items():
        name = effective(style_id, frozenset())
        for rfonts in style.iter(RFONTS):
            if rfonts.get(EAST_ASIA) is None:
                rfonts.set(EAST_ASIA, name)


def _set_languages(styles: etree._Element) -> None:
    """East Asian text is Chinese, in the defaults and wherever a style names a language."""
    default_rfonts = _default_rfonts(styles)
    properties = default_rfonts.getparent()
    if properties is not None and properties.find(LANG) is None:
        language = element_w(LANG)
        language.set(w("val"), "en-US")
        later = [index for index, child in enumerate(properties) if child.tag in _RPR_AFTER_LANG]
        properties.insert(later[0] if later else len(properties), language)
    for language in styles.iter(LANG):
        language.set(EAST_ASIA, EAST_ASIAN_LANGUAGE)


def _set_theme_font_language(settings: etree._Element) -> None:
    element = settings.find(w("themeFontLang"))
    if element is None:
        element = element_w(w("themeFontLang"))
        later = [index for index, child in enumerate(settings)
                 if child.tag in _AFTER_THEME_FONT_LANG]
        settings.insert(later[0] if later else len(settings), element)
    element.set(EAST_ASIA, EAST_ASIAN_LANGUAGE)
