"""The layout of a plan: every section declared once, and every output shows what it declares.

:data:`mktplan.model.layout.LAYOUT` is what the references rules, the diff, ``textconv``
and the documents' chapter order are derived from. These tests hold it to the model
(every field of :class:`~mktplan.model.plan.Plan` is declared, in the format's order,
as what it is) and to the outputs (each declared chapter has its Word writer, Markdown
partial and headings; each declared sheet exists; the built files of the examples show
every declared section). A ``Plan`` subclass with a made-up ``partners:`` section shows
that a forgotten declaration or output place fails here.
"""

from __future__ import annotations

import dataclasses
import io
import re
import types
import typing
import zipfile
from collections.abc import Iterator, Mapping
from types import MappingProxyType
from typing import Any

import pytest
from openpyxl import load_workbook
from pydantic import BaseModel, Field

from mktplan.diff.core import diff_plans
from mktplan.diff.fields import label_of
from mktplan.diff.model import ChangeKind
from mktplan.diff.sections import compared_sections
from mktplan.diff.textconv import render_plan
from mktplan.model.base import Section
from mktplan.model.layout import (
    BY_ID,
    DOCUMENTS_ONLY,
    LAYOUT,
    Chapter,
    Compared,
    Omitted,
    PlanSection,
    chapters,
)
from mktplan.model.plan import Plan
from mktplan.model.sections import Budget, Phase, Strategy
from mktplan.model.types import Slug, Text
from mktplan.render.context import build_view
from mktplan.render.docx.sections import WRITERS
from mktplan.render.formats import FORMATS
from mktplan.render.labels import load_catalog
from mktplan.render.resources import default_templates_dir
from mktplan.render.xlsx import SHEETS
from mktplan.rules.pipeline import CheckedPlan, check_file
from mktplan.rules.references import IdList, Reference, id_lists, references
from mktplan.text.escaping import escape_inline

from .conftest import EXAMPLES, FIXTURES

Layout = Mapping[str, PlanSection]
TEMPLATES = default_templates_dir()
LANGUAGES = sorted(path.stem for path in (TEMPLATES / "i18n").glob("*.yaml"))
FULL_EXAMPLES = ("sme-growth.en.yaml", "douyin-account.zh-CN.yaml")
"""Plans that fill every section an output shows, so the outputs can be read for each."""


# --- the model's fields, as the layout must see them ------------------------------------
def _unwrap(annotation: Any) -> Any:
    """The type an annotation holds, without ``Annotated`` and without ``| None``."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _unwrap(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        (inner,) = [arg for arg in typing.get_args(annotation) if arg is not type(None)]
        return _unwrap(inner)
    return annotation


def _shape(annotation: Any) -> tuple[Any, bool]:
    """The item type of a field (``dict`` for ``dict[str, Any]``), and whether it is a list."""
    held = _unwrap(annotation)
    if typing.get_origin(held) is list:
        return _unwrap(typing.get_args(held)[0]), True
    return typing.get_origin(held) or held, False


def _is_model(kind: Any) -> bool:
    return isinstance(kind, type) and issubclass(kind, BaseModel)


@dataclasses.dataclass
class _Walk:
    """A walk over a plan model: the declared sections met, in order, and what is undeclared.

    A field is covered when its path is declared; a mapping that is not declared only
    groups sections (``strategy``), so each of its fields must be covered; inside a
    declared section, a mapping's fields are the item's facts, but a list of items is
    a section of its own (the diff leaves such lists to their own section).
    """

    layout: Layout
    met: list[str] = dataclasses.field(default_factory=list)
    undeclared: list[str] = dataclasses.field(default_factory=list)

    def group(self, model: type[BaseModel], prefix: str) -> None:
        for name, info in model.model_fields.items():
            path = prefix + name
            inner, many = _shape(info.annotation)
            if path in self.layout:
                self.section(path, inner)
            elif _is_model(inner) and not many:
                self.group(inner, f"{path}.")
            else:
                self.undeclared.append(path)

    def section(self, path: str, item: Any) -> None:
        self.met.append(path)
        self.inside(item, path)

    def inside(self, model: Any, path: str) -> None:
        if not _is_model(model):
            return
        for name, info in model.model_fields.items():
            inner, many = _shape(info.annotation)
            child = f"{path}.{name}"
            if not _is_model(inner):
                continue
            if not many:
                self.inside(inner, child)
            elif child in self.layout:
                self.section(child, inner)
            else:
                self.undeclared.append(child)


def walk(root: type[BaseModel], layout: Layout = LAYOUT) -> _Walk:
    """Walk ``root``'s fields against ``layout``."""
    result = _Walk(layout)
    result.group(root, "")
    return result


def _field_shape(root: type[BaseModel], section: PlanSection) -> tuple[Any, bool] | None:
    model: Any = root
    shape: tuple[Any, bool] | None = None
    for step in section.steps:
        if not _is_model(model) or step not in model.model_fields:
            return None
        shape = _shape(model.model_fields[step].annotation)
        model = shape[0]
    return shape


def mismatches(root: type[BaseModel], layout: Layout = LAYOUT) -> list[str]:
    """Where a declaration does not say what the model says, or names what does not exist."""
    kinds = {section.ids for section in layout.values() if section.ids}
    found = []
    for path, section in layout.items():
        shape = _field_shape(root, section)
        if shape is None:
            found.append(f"{path}: declared, but the plan has no such field")
            continue
        item, many = shape
        fields = item.model_fields if _is_model(item) else {}
        if (section.item, section.many) != (item, many):
            found.append(f"{path}: declared as {'a list of ' if section.many else ''}"
                         f"{section.item.__name__}, but it is {'a list of ' if many else ''}"
                         f"{getattr(item, '__name__', item)}")
        if isinstance(section.compared, Compared):
            if bool(section.compared.key) != many:
                found.append(f"{path}: a list is compared by a key, one mapping without one")
            found.extend(f"{path}: compared by '{name}', which its items do not have"
                         for name in section.compared.key if name not in fields)
        if section.ids is not None and "id" not in fields:
            found.append(f"{path}: declares ids, but its items have no 'id'")
        for name, named in section.refers.items():
            if name not in fields:
                found.append(f"{path}: refers through '{name}', which its items do not have")
            found.extend(f"{path}.{name}: names '{kind}', which no section's ids are"
                         for kind in named if kind not in kinds)
    return found


# --- the outputs' places, as the layout declares them -----------------------------------
def _partials() -> set[str]:
    return {path.name.removesuffix(".md.j2") for path in (TEMPLATES / "markdown").glob("*.md.j2")}


NOT_CHAPTERS = {"plan", "compare"}
"""Partials of no plan section: the document itself, and the chapter "Compared with last
year", which shows another plan beside this one (build --compare)."""


def document_gaps(layout: Layout = LAYOUT) -> list[str]:
    """What the Word and Markdown documents lack, or have left over, for ``layout``."""
    declared = chapters(layout)
    catalogs = {language: load_catalog(language) for language in LANGUAGES}
    gaps = []
    for key, shown in declared.items():
        if key not in WRITERS:
            gaps.append(f"chapter '{key}': no Word writer in render/docx/sections.py WRITERS")
        if key not in _partials():
            gaps.append(f"chapter '{key}': no Markdown partial templates/markdown/{key}.md.j2")
        for language, catalog in catalogs.items():
            if key not in catalog.sections:
                gaps.append(f"chapter '{key}': no heading sections.{key} in i18n/{language}.yaml")
            gaps.extend(f"{section.path}: no heading subsections.{heading} in i18n/{language}.yaml"
                        for section in shown
                        if (heading := _heading(section)) and heading not in catalog.subsections)
    gaps.extend(f"Word writer '{key}' is for no declared chapter"
                for key in WRITERS if key not in declared)
    gaps.extend(f"Markdown partial '{key}' is for no declared chapter"
                for key in sorted(_partials() - NOT_CHAPTERS) if key not in declared)
    return gaps


def _heading(section: PlanSection) -> str | None:
    return section.document.heading if isinstance(section.document, Chapter) else None


def workbook_gaps(layout: Layout = LAYOUT) -> list[str]:
    """What the workbook lacks, or has left over, for ``layout``."""
    declared = {section.sheet for section in layout.values() if isinstance(section.sheet, str)}
    gaps = [f"{section.path}: no sheet '{section.sheet}' in render/xlsx SHEETS"
            for section in layout.values()
            if isinstance(section.sheet, str) and section.sheet not in SHEETS]
    gaps.extend(f"sheet '{key}' lists no declared section" for key in SHEETS
                if key not in declared)
    for language in LANGUAGES:
        labels = load_catalog(language).labels
        gaps.extend(f"sheet '{key}': no title labels.sheet_{key} in i18n/{language}.yaml"
                    for key in sorted(declared) if f"sheet_{key}" not in labels)
    return gaps


def omissions_without_reason(layout: Layout = LAYOUT) -> list[str]:
    """Places that leave a section out without saying why."""
    return [f"{section.path}: {place}" for section in layout.values()
            for place, where in (("documents", section.document), ("workbook", section.sheet),
                                 ("diff", section.compared))
            if isinstance(where, Omitted) and not where.reason.strip()]


# --- the model and the layout ------------------------------------------------------------
def test_every_field_of_the_plan_is_declared() -> None:
    assert walk(Plan).undeclared == []


def test_sections_are_declared_in_the_formats_order() -> None:
    # the chapters, the diff and textconv come in the layout's order
    assert walk(Plan).met == list(LAYOUT)


def test_declarations_say_what_the_model_says() -> None:
    assert mismatches(Plan) == []


def test_every_omission_says_why() -> None:
    assert omissions_without_reason() == []


class Partner(Section):
    """A made-up section: a partner agency with an owner on the team."""

    id: Slug
    name: Text
    owner: Slug | None = None


class PlanWithPartners(Plan):
    """The plan with ``partners:``, as it was once added without telling any output."""

    partners: list[Partner] = Field(default_factory=list)


class StrategyWithPartners(Strategy):
    partners: list[Partner] = Field(default_factory=list)
    note: Text | None = None


class PlanWithStrategyPartners(Plan):
    strategy: StrategyWithPartners | None = None


class BudgetWithPhasing(Budget):
    phasing: list[Partner] = Field(default_factory=list)


class PlanWithBudgetPhasing(Plan):
    budget: BudgetWithPhasing | None = None


@pytest.mark.parametrize(("model", "missing"), [
    (PlanWithPartners, ["partners"]),
    # a list, or any field, in a mapping that only groups sections
    (PlanWithStrategyPartners, ["strategy.partners", "strategy.note"]),
    # a list of items inside a declared section is a section of its own
    (PlanWithBudgetPhasing, ["budget.phasing"]),
])
def test_a_field_declared_nowhere_is_found(model: type[Plan], missing: list[str]) -> None:
    assert walk(model).undeclared == missing


PARTNERS = PlanSection("partners", Partner, True, "Partners", Chapter("partners"),
                       DOCUMENTS_ONLY, BY_ID, "partner",
                       MappingProxyType({"owner": ("team member",)}))
WITH_PARTNERS: Layout = {**LAYOUT, "partners": PARTNERS}


def test_a_wrong_declaration_is_found() -> None:
    layout = {**LAYOUT, "execution.tasks": dataclasses.replace(
        LAYOUT["execution.tasks"], item=Phase, refers=MappingProxyType({"depends": ("job",)}))}
    stale = dataclasses.replace(PARTNERS, path="partner")
    assert mismatches(PlanWithPartners, {**layout, "partner": stale}) == [
        "execution.tasks: declared as a list of Phase, but it is a list of Task",
        "execution.tasks: refers through 'depends', which its items do not have",
        "execution.tasks.depends: names 'job', which no section's ids are",
        "partner: declared, but the plan has no such field",
    ]


def test_an_omission_without_a_reason_is_found() -> None:
    layout = {**WITH_PARTNERS, "partners": dataclasses.replace(PARTNERS, sheet=Omitted(" "))}
    assert omissions_without_reason(layout) == ["partners: workbook"]


# --- the outputs --------------------------------------------------------------------------
def test_every_output_format_is_checked_here() -> None:
    # a new format needs its own presence check in this file, like document_gaps (the
    # calendar's: test_the_calendar_shows_every_dated_item)
    # (the PDF is the Word file, converted: the docx's checks are its checks)
    assert set(FORMATS) == {"docx", "md", "xlsx", "ics", "pdf"}
    assert FORMATS["pdf"].target == FORMATS["docx"].target


def test_every_chapter_has_its_word_writer_markdown_partial_and_headings() -> None:
    assert document_gaps() == []


def test_a_chapter_no_output_knows_is_found() -> None:
    assert document_gaps(WITH_PARTNERS) == [
        "chapter 'partners': no Word writer in render/docx/sections.py WRITERS",
        "chapter 'partners': no Markdown partial templates/markdown/partners.md.j2",
        *(f"chapter 'partners': no heading sections.partners in i18n/{language}.yaml"
          for language in LANGUAGES),
    ]


def test_every_declared_sheet_is_in_the_workbook() -> None:
    assert workbook_gaps() == []


def test_a_sheet_the_workbook_lacks_is_found() -> None:
    layout = {**WITH_PARTNERS, "partners": dataclasses.replace(PARTNERS, sheet="partners")}
    assert workbook_gaps(layout) == [
        "partners: no sheet 'partners' in render/xlsx SHEETS",
        *(f"sheet 'partners': no title labels.sheet_partners in i18n/{language}.yaml"
          for language in LANGUAGES),
    ]


def _checked(name: str) -> CheckedPlan:
    checked = check_file(EXAMPLES / name)
    assert checked.plan is not None and not checked.errors, checked.findings
    return checked


def _docx_text(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        xml = archive.read("word/document.xml").decode("utf-8")
    paragraphs = re.findall(r"<w:p[ >].*?</w:p>", xml, re.DOTALL)
    texts = ("".join(re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", p)) for p in paragraphs)
    return "\n".join(texts).replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">")


def _sheet_texts(data: bytes) -> dict[str, str]:
    book = load_workbook(io.BytesIO(data), read_only=True)
    return {sheet.title: "\n".join(str(value) for row in sheet.iter_rows(values_only=True)
                                   for value in row if value is not None)
            for sheet in book.worksheets}


def _expected_texts(section: PlanSection, plan: Plan, chapter: str, catalog: Any) -> Iterator[str]:
    yield catalog.sections[chapter]
    heading = _heading(section)
    if heading:
        yield catalog.subsections[heading]
    for item in section.items(plan):
        label = label_of(item) if section.many else ""
        if label:
            yield label


def _document_misses(section: PlanSection, plan: Plan, catalog: Any, word: str,
                     markdown: str) -> Iterator[str]:
    if not isinstance(section.document, Chapter):
        return
    for text in _expected_texts(section, plan, section.document.key, catalog):
        if text not in word:
            yield f"{section.path}: '{text}' not in the Word document"
        if escape_inline(text) not in markdown:
            yield f"{section.path}: '{text}' not in the Markdown document"


def _sheet_misses(section: PlanSection, plan: Plan, catalog: Any,
                  sheets: dict[str, str]) -> Iterator[str]:
    if not isinstance(section.sheet, str):
        return
    title = catalog.labels[f"sheet_{section.sheet}"]
    if title not in sheets:
        yield f"{section.path}: no sheet '{title}' in the workbook"
        return
    labels = [label_of(item) for item in section.items(plan)] if section.many else []
    yield from (f"{section.path}: '{label}' not on the sheet '{title}'"
                for label in labels if label and label not in sheets[title])


@pytest.mark.parametrize("name", FULL_EXAMPLES)
def test_the_built_files_show_every_declared_section(name: str) -> None:
    plan = _checked(name).plan
    assert plan is not None
    catalog = load_catalog(plan.meta.language)
    view = build_view(plan, catalog)
    built = {key: output.load()(view, None) for key, output in FORMATS.items()}
    word, markdown = _docx_text(built["docx"]), built["md"].decode("utf-8")
    sheets = _sheet_texts(built["xlsx"])
    missing = []
    for section in LAYOUT.values():
        shown = isinstance(section.document, Chapter) or isinstance(section.sheet, str)
        if shown and not section.items(plan):
            missing.append(f"{section.path}: empty in {name}; fill it so its outputs are read")
        missing.extend(_document_misses(section, plan, catalog, word, markdown))
        missing.extend(_sheet_misses(section, plan, catalog, sheets))
    assert missing == [], "\n".join(missing)


#: the sections whose items the calendar export (.ics) makes events of, by name
CALENDAR_SECTIONS = ("strategy.activities", "execution.tasks", "execution.milestones")


@pytest.mark.parametrize("name", FULL_EXAMPLES)
def test_the_calendar_shows_every_dated_item(name: str) -> None:
    from icalendar import Calendar

    plan = _checked(name).plan
    assert plan is not None
    view = build_view(plan, load_catalog(plan.meta.language))
    events = Calendar.from_ical(FORMATS["ics"].load()(view, None)).walk("VEVENT")
    summaries = {str(event["SUMMARY"]) for event in events}
    uids = [str(event["UID"]) for event in events]
    missing = [f"{path}: '{item.name}' not in the calendar" for path in CALENDAR_SECTIONS
               for item in LAYOUT[path].items(plan) if item.name not in summaries]
    rules = LAYOUT["strategy.content.calendar"].items(plan)
    assert rules, f"{name} has no content calendar; fill it so the calendar's slots are read"
    missing += [f"strategy.content.calendar: no slot of {rule.pillar} in the calendar"
                for rule in rules if not any(f"/slot/{rule.pillar}/" in uid for uid in uids)]
    assert missing == [], "\n".join(missing)


# --- what is derived from the layout ------------------------------------------------------
def _with_partners(checked: CheckedPlan, partners: list[Partner]) -> CheckedPlan:
    assert checked.plan is not None
    plan = PlanWithPartners.model_construct(**dict(checked.plan), partners=partners)
    return dataclasses.replace(checked, plan=plan)


def test_a_declared_section_is_compared_shown_by_textconv_and_referenced() -> None:
    base = check_file(FIXTURES / "_base.yaml")
    old = _with_partners(base, [])
    new = _with_partners(base, [Partner(id="agency", name="Acme Agency", owner="nobody")])
    assert new.plan is not None
    # declared nowhere, the section is invisible to the diff: what walk() reports
    assert diff_plans(old, new).changes == ()
    sections = compared_sections(WITH_PARTNERS)
    changes = diff_plans(old, new, sections).changes
    assert [(c.section, c.key, c.kind) for c in changes] == [
        ("partners", "agency", ChangeKind.ADDED)]
    assert "partners[agency].name: Acme Agency\n" in render_plan(new.plan, sections)
    assert IdList(("partners",), "partner", ["agency"]) in id_lists(new.plan, WITH_PARTNERS)
    assert Reference(("partners", 0, "owner"), "nobody", ("team member",)) in list(
        references(new.plan, WITH_PARTNERS))
    assert list(chapters(WITH_PARTNERS))[-1] == "partners"


# --- the plan's navigation properties ----------------------------------------------------
PROPERTIES = {
    "personas": "audience.personas", "segments": "audience.segments",
    "channels": "strategy.channels", "pillars": "strategy.content.pillars",
    "calendar": "strategy.content.calendar", "activities": "strategy.activities",
    "phases": "execution.phases", "tasks": "execution.tasks",
    "milestones": "execution.milestones", "budget_lines": "budget.lines",
}


def _plans() -> Iterator[Plan]:
    for path in sorted(EXAMPLES.glob("*.yaml")):
        plan = check_file(path).plan
        assert plan is not None
        yield plan
        yield plan.model_copy(update={"strategy": None, "execution": None, "audience": None,
                                      "budget": None})
        if plan.strategy is not None:
            yield plan.model_copy(update={"strategy": plan.strategy.model_copy(
                update={"content": None})})


@pytest.mark.parametrize(("name", "path"), PROPERTIES.items())
def test_navigation_properties_are_the_declared_sections(name: str, path: str) -> None:
    for plan in _plans():
        assert getattr(plan, name) == LAYOUT[path].items(plan)
    assert all(path in LAYOUT for path in PROPERTIES.values())


def test_positioning_follows_the_strategy() -> None:
    plan = next(_plans())
    assert plan.strategy is not None and plan.positioning is plan.strategy.positioning
    assert plan.model_copy(update={"strategy": None}).positioning is None
