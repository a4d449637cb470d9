"""The Word (.docx) renderer: a docxtpl template around a body generated with lxml.

:func:`render` fills the template's title page (:mod:`.frame`), makes its fonts
Chinese-ready (:mod:`.fonts`), writes every section of the plan (:mod:`.sections`)
with tables cloned from prototype rows (:mod:`.tables`, :mod:`.gantt`), stores the
table of contents (:mod:`.toc`) and returns reproducible bytes.
"""

from __future__ import annotations

from pathlib import Path

from mktplan.render.context import PlanView
from mktplan.render.docx import deferred  # noqa: F401  (before python-pptx: see its docstring)
from mktplan.render.docx.body import Body, StyleIds, holder
from mktplan.render.docx.chartparts import Charts
from mktplan.render.docx.charts import ChartWriter, chart_fonts
from mktplan.render.docx.compare import write_comparison
from mktplan.render.docx.fonts import fix_east_asian_fonts
from mktplan.render.docx.frame import (
    body_slot,
    next_bookmark_id,
    plain_subtitle,
    render_frame,
    section_of,
    set_core_properties,
    text_width,
)
from mktplan.render.docx.package import write_package
from mktplan.render.docx.sections import write_sections
from mktplan.render.docx.summary import write_summary
from mktplan.render.docx.toc import (
    fill_table_of_contents,
    fit_to_page,
    remove_update_on_open,
)

__all__ = ["render"]


def render(view: PlanView, templates: Path | None) -> bytes:
    """The plan as a Word document, from ``docx/report.docx`` in ``templates`` or the default.

    Raises :class:`~mktplan.errors.UsageError` when the template cannot be used.
    The same view and template always give the same bytes.
    """
    template = render_frame(view, templates)
    document = template.docx
    fix_east_asian_fonts(document)
    if view.fmt.chinese:
        plain_subtitle(document)
    slot = body_slot(template)
    styles = StyleIds.from_styles(document.styles.element)
    body = Body(styles, text_width(slot), holder(slot),
                first_bookmark_id=next_bookmark_id(document),
                colon="：" if view.fmt.chinese else ": ", section=section_of(slot))
    charts = ChartWriter(Charts(document), chart_fonts(document.styles.element))
    write_summary(body, view)
    write_sections(body, view, charts)
    write_comparison(body, view, charts)  # last year's plan beside this one
    body.finish()
    listed, depth = fit_to_page(body.headings, document.styles.element, styles)
    fill_table_of_contents(document.element.body, listed, styles, body.width, depth)
    remove_update_on_open(document.settings.element)
    body.move_before(slot)
    set_core_properties(document, view)
    return write_package(template, body.table_rows())
