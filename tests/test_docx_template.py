"""The default Word template: fresh, reproducible, Chinese-ready, and renderable by docxtpl."""

from __future__ import annotations

import importlib.util
import io
import sys
import zipfile
from pathlib import Path
from types import ModuleType
from typing import Any

import docx
import pytest
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml.ns import qn
from docxtpl import DocxTemplate
from jinja2 import StrictUndefined
from jinja2.sandbox import ImmutableSandboxedEnvironment

from .conftest import ROOT

TEMPLATE_DIR = ROOT / "templates" / "docx"
TEMPLATE = TEMPLATE_DIR / "report.docx"
THEME_ATTRIBUTES = ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme")


@pytest.fixture(scope="module")
def builder() -> ModuleType:
    """templates/docx/build_template.py, imported from its path (it is a script)."""
    spec = importlib.util.spec_from_file_location(
        "build_template", TEMPLATE_DIR / "build_template.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def _styles_xml(package: bytes) -> Any:
    return docx.Document(io.BytesIO(package)).styles.element


def test_committed_template_is_fresh_and_reproducible(builder: ModuleType) -> None:
    built = builder.build_template()
    assert built == builder.build_template()
    assert TEMPLATE.read_bytes() == built, "run templates/docx/build_template.py"


def test_every_font_is_explicit_and_east_asian_is_chinese(builder: ModuleType) -> None:
    package = TEMPLATE.read_bytes()
    styles = _styles_xml(package)
    rfonts = list(styles.iter(qn("w:rFonts")))
    assert len(rfonts) > 50  # doc defaults, styles and table-style conditionals
    for element in rfonts:
        assert not {qn(f"w:{a}") for a in THEME_ATTRIBUTES} & set(element.attrib)
        for slot in ("ascii", "hAnsi", "eastAsia", "cs"):
            assert element.get(qn(f"w:{slot}")), (slot, element.getparent().getparent())
    defaults = styles.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}")
    assert defaults.find(qn("w:rFonts")).get(qn("w:eastAsia")) == "Microsoft YaHei"
    assert defaults.find(qn("w:rFonts")).get(qn("w:ascii")) == "Calibri"
    lang = defaults.find(qn("w:lang"))
    assert (lang.get(qn("w:val")), lang.get(qn("w:eastAsia"))) == ("en-US", "zh-CN")

    with zipfile.ZipFile(io.BytesIO(package)) as archive:
        settings = archive.read("word/settings.xml").decode()
        fonts = archive.read("word/fontTable.xml").decode()
        assert "stylesWithEffects" not in " ".join(archive.namelist())
    assert '<w:updateFields w:val="true"/>' in settings
    assert '<w:themeFontLang w:val="en-US" w:eastAsia="zh-CN"/>' in settings
    assert "ja-JP" not in settings
    assert "Microsoft YaHei" in fonts
    assert "ＭＳ" not in fonts


def test_fonts_are_configurable(builder: ModuleType) -> None:
    fonts = builder.Fonts(latin="Arial", east_asian="SimSun", heading_east_asian="SimHei")
    styles = _styles_xml(builder.build_template(fonts))
    by_id = {s.get(qn("w:styleId")): s for s in styles.iter(qn("w:style"))}

    def east_asian(style_id: str) -> str:
        element = by_id[style_id].find(f"{qn('w:rPr')}/{qn('w:rFonts')}")
        return str(element.get(qn("w:eastAsia")))

    assert east_asian("Heading1") == "SimHei"
    assert east_asian("Title") == "SimHei"
    assert east_asian("mktplanTable") == "SimSun"


def test_styles_the_renderer_uses(builder: ModuleType) -> None:
    document = docx.Document(str(TEMPLATE))
    names = {style.name for style in document.styles}
    for name in ("Title", "Subtitle", "Normal", "List Bullet", "Caption", "TOC Heading"):
        assert name in names
    table_style = document.styles[builder.TABLE_STYLE_NAME]
    assert table_style.type == WD_STYLE_TYPE.TABLE
    first_row = table_style.element.find(qn("w:tblStylePr"))
    assert first_row.get(qn("w:type")) == "firstRow"

    numbering = document.part.numbering_part.element
    for level in (1, 2, 3):
        num_pr = document.styles[f"Heading {level}"].element.find(f"{qn('w:pPr')}/{qn('w:numPr')}")
        num_id = num_pr.find(qn("w:numId")).get(qn("w:val"))
        (abstract_id,) = numbering.xpath(f"w:num[@w:numId='{num_id}']/w:abstractNumId/@w:val")
        (text,) = numbering.xpath(
            f"w:abstractNum[@w:abstractNumId='{abstract_id}']"
            f"/w:lvl[@w:ilvl='{level - 1}']/w:lvlText/@w:val"
        )
        assert text == ".".join(f"%{n}" for n in range(1, level + 1))


def test_template_variables(builder: ModuleType) -> None:
    variables = DocxTemplate(str(TEMPLATE)).get_undeclared_template_variables()
    assert variables == set(builder.TEMPLATE_VARIABLES)


def test_renders_a_chinese_title_page_escaped_and_sandboxed(tmp_path: Path) -> None:
    """The template's own tags render in a sandboxed, autoescaping environment."""
    template = DocxTemplate(str(TEMPLATE))
    context = {
        "title": "2026 年度营销计划 A&B <Brand>",
        "subtitle": "",
        "organization": "某某咨询",
        "author": None,
        "version": "1.0",
        "date": "2026年1月1日至2026年12月31日",
        "client": "",
        "issued": "2026年1月15日",
        "confidential": "保密文件：仅供内部使用，未经书面许可不得转发。",
        "colon": "：",
        "logo": "",
        "toc_title": "目录",
        "body": "",
        **{f"{name}_label": label for name, label in (
            ("client", "客户"), ("organization", "编制单位"), ("author", "编制人"),
            ("version", "版本"), ("date", "计划周期"), ("issued", "编制日期"))},
    }
    environment = ImmutableSandboxedEnvironment(autoescape=True, undefined=StrictUndefined)
    template.render(context, jinja_env=environment, autoescape=True)
    output = tmp_path / "plan.docx"
    template.save(str(output))

    rendered = docx.Document(str(output))
    texts = [(p.style.name if p.style else None, p.text) for p in rendered.paragraphs if p.text]
    assert texts[0] == ("Title", "2026 年度营销计划 A&B <Brand>")
    assert ("Normal", "编制单位：某某咨询") in texts
    assert ("Normal", "编制日期：2026年1月15日") in texts
    assert not any(text.startswith(("编制人", "客户")) for _, text in texts)  # empty: dropped
    assert ("TOC Heading", "目录") in texts
    assert not any(style == "Subtitle" for style, _ in texts)  # empty: paragraph dropped
    assert not any("{" in text for _, text in texts)
    assert rendered.sections[0].header.paragraphs[0].text == context["title"]
    with zipfile.ZipFile(output) as archive:
        assert r'TOC \o "1-3" \h \z \u' in archive.read("word/document.xml").decode()
