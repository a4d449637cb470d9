"""The frame of the document: the docxtpl template, filled with the title-page variables.

The template (``docx/report.docx``, from ``--templates`` or the shipped one) is
rendered by docxtpl in the sandboxed, autoescaping Jinja environment. Its
``{{p body }}`` paragraph receives a marker paragraph, which the generated body
then replaces element by element. Passing the whole body through docxtpl instead
would serialise it to text, run docxtpl's regular expressions over every
paragraph and parse it back: far too slow for a plan with thousands of tasks.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path
from typing import Final

from docx.document import Document
from docx.opc.exceptions import PackageNotFoundError
from docx.shared import Mm
from docxtpl import DocxTemplate, InlineImage
from lxml import etree

from mktplan.files.images import Image
from mktplan.findings import msg
from mktplan.render.context import PlanView
from mktplan.render.docx.archive import check_template_archive
from mktplan.render.docx.xml import PPR, PSTYLE, W_NS, P, clean, w
from mktplan.render.failures import describe_failure
from mktplan.render.jinja import make_environment
from mktplan.render.limits import rendering
from mktplan.render.resources import find_template
from mktplan.text.messages import usage_error

TEMPLATE: Final = "docx/report.docx"
BODY_MARK: Final = "mktplanGeneratedBody"
"""Style id of the marker paragraph: plan text is escaped, so it can never produce one."""
COVER_LABELS: Final = ("client", "organization", "author", "version", "issued")
LOGO_MM: Final = (60, 25)
"""The largest width and height of the title page's logo, in millimetres."""
APPLICATION: Final = "mktplan"
CORE_PROPERTY_LIMIT: Final = 255
"""python-docx refuses longer core-property strings."""
A4_TEXT_WIDTH: Final = 11906 - 2 * 1440
"""Twips; used when the template's section states no page size."""
SECT_PR: Final = w("sectPr")
APP_NS: Final = "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"
_BOOKMARK_IDS: Final = etree.XPath(".//w:bookmarkStart/@w:id", namespaces={"w": W_NS})


class BodySlot:
    """Stands for ``body`` in the template: renders the marker paragraph."""

    def __html__(self) -> str:
        return f'<w:p><w:pPr><w:pStyle w:val="{BODY_MARK}"/></w:pPr></w:p>'

    def __str__(self) -> str:
        return self.__html__()


def title_context(view: PlanView) -> dict[str, object]:
    """The template variables (see ``templates/docx/README.md``), cleaned for XML.

    ``logo`` is empty here: :func:`render_frame` puts the picture in.
    """
    page, fmt, labels = view.title, view.fmt, view.catalog.labels
    period = fmt.period(page.period_start, page.period_end)
    confidential = labels.get("confidential_for", "").replace("{client}", page.client) \
        if page.client else labels.get("confidential", "")
    values = {
        "title": page.title, "subtitle": page.subtitle, "organization": page.organization,
        "author": page.author, "version": page.version, "date": period,
        "client": page.client, "issued": fmt.date(page.issued), "confidential": confidential,
        "toc_title": labels.get("toc", "Contents"), "colon": "：" if fmt.chinese else ": ",
    }
    values |= {f"{key}_label": labels.get(key, key) for key in COVER_LABELS}
    values["date_label"] = labels.get("plan_period", "Plan period")
    context: dict[str, object] = {key: clean(value) for key, value in values.items()}
    context["body"] = BodySlot()
    context["logo"] = ""
    return context


def _logo(template: DocxTemplate, logo: Image) -> InlineImage:
    """The picture at most :data:`LOGO_MM` wide and high, in its proportions."""
    width, height = LOGO_MM
    if logo.width * height > logo.height * width:
        return InlineImage(template, io.BytesIO(logo.data), width=Mm(width))
    return InlineImage(template, io.BytesIO(logo.data), height=Mm(height))


def render_frame(view: PlanView, templates: Path | None) -> DocxTemplate:
    """The template rendered with the title-page variables, the body slot still empty.

    All of the template's parts render against one budget (see
    :mod:`mktplan.render.limits`).
    """
    path = find_template(TEMPLATE, templates)
    check_template_archive(path)
    template = DocxTemplate(str(path))
    environment = make_environment(view.fmt, override=templates, autoescape=True)
    context = title_context(view)
    try:
        if view.logo is not None:
            context["logo"] = _logo(template, view.logo)
        with rendering():
            template.render(context, jinja_env=environment, autoescape=True)
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError) as error:
        raise usage_error(msg("word.not-docx", path=str(path))) from error
    except etree.XMLSyntaxError as error:  # libxml2's refusals too: an entity bomb
        raise usage_error(msg("word.bad-xml", path=str(path), error=str(error))) from error
    # the template may be anyone's: whatever goes wrong in it becomes a message
    except Exception as error:
        where = _part_name(template)
        reason = describe_failure(error, part=where, source=environment.last_source)
        raise usage_error(msg("word.not-filled", path=str(path), reason=reason)) from error
    return template


def _part_name(template: DocxTemplate) -> str | None:
    part = getattr(template, "current_rendering_part", None)
    name = getattr(part, "partname", None)
    return str(name).lstrip("/") if name else None


def body_slot(template: DocxTemplate) -> etree._Element:
    """The marker paragraph that ``{{p body }}`` became."""
    document = template.docx
    for paragraph in document.element.body.iterchildren(w("p")):
        style = paragraph.find(f"{PPR}/{PSTYLE}")
        if style is not None and style.get(w("val")) == BODY_MARK:
            return paragraph
    raise usage_error(msg("word.no-body", path=str(template.template_file)))


def text_width(slot: etree._Element) -> int:
    """Twips between the margins of the section that holds ``slot``."""
    section = section_of(slot)
    if section is None:
        return A4_TEXT_WIDTH
    size, margins = section.find(w("pgSz")), section.find(w("pgMar"))
    try:
        page = int(float(size.get(w("w")))) if size is not None else None
        left = int(float(margins.get(w("left"), 1440))) if margins is not None else 1440
        right = int(float(margins.get(w("right"), 1440))) if margins is not None else 1440
    except (TypeError, ValueError):
        return A4_TEXT_WIDTH
    if page is None or page - left - right <= 0:
        return A4_TEXT_WIDTH
    return page - left - right


def section_of(slot: etree._Element) -> etree._Element | None:
    """The ``w:sectPr`` that ends the section ``slot`` is in (a paragraph's, or the body's)."""
    for sibling in slot.itersiblings():
        if sibling.tag == SECT_PR:
            return sibling
        if sibling.tag == P:
            properties = sibling.find(f"{PPR}/{SECT_PR}")
            if properties is not None:
                return properties
    return None


def next_bookmark_id(document: Document) -> int:
    """A bookmark id above every one the template already uses."""
    ids = [int(value) for value in _BOOKMARK_IDS(document.element.body)
           if str(value).isdigit()]
    return max(ids, default=0) + 1


def set_core_properties(document: Document, view: PlanView) -> None:
    """Title, subject, author, language, application, and dates fixed by the plan.

    The application is ``mktplan``; created and modified are the plan's date of issue,
    else its first day, so that the same plan gives the same file.

    Only these ``dc:``/``dcterms:`` properties are set: docxtpl's Subdoc support
    (docxcompose) rebinds python-docx's ``cp`` prefix, after which setting
    keywords, category, last modified by or revision writes a corrupt file.
    """
    properties = document.core_properties
    page = view.title
    properties.title = clean(page.title)[:CORE_PROPERTY_LIMIT]
    properties.author = clean(page.author or page.organization)[:CORE_PROPERTY_LIMIT]
    properties.subject = clean(page.subtitle)[:CORE_PROPERTY_LIMIT]
    properties.comments = clean(page.organization)[:CORE_PROPERTY_LIMIT]
    properties.language = "zh-CN" if view.fmt.chinese else "en-US"
    day = page.issued or page.period_start
    stamp = dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)
    properties.created = stamp
    properties.modified = stamp
    _set_application(document)


def _set_application(document: Document) -> None:
    """``docProps/app.xml`` names mktplan as the application, whatever made the template."""
    for part in document.part.package.iter_parts():
        if str(part.partname) == "/docProps/app.xml":
            root = etree.fromstring(part.blob)
            for element in root.iter(f"{{{APP_NS}}}Application"):
                element.text = APPLICATION
            for element in root.iter(f"{{{APP_NS}}}AppVersion"):
                element.getparent().remove(element)  # Word's version number, not mktplan's
            part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8",
                                        standalone=True)


def plain_subtitle(document: Document) -> None:
    """No italic on the Subtitle style: Chinese has none, and Word slants it synthetically."""
    for style in document.styles.element.iterfind(w("style")):
        if style.get(w("styleId")) == "Subtitle":
            for properties in style.iterfind(w("rPr")):
                for slant in properties.findall(w("i")) + properties.findall(w("iCs")):
                    properties.remove(slant)
