"""``build --format pdf``: the Word file through LibreOffice, one office per build.

These run LibreOffice (the ``soffice`` fixture: its absence fails them) and read the
PDFs back with poppler's ``pdftotext`` and ``pdfinfo``.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from pathlib import Path
from typing import ClassVar

import pytest

from mktplan.render import deliverables
from mktplan.render.pdf import PdfConverter

from .conftest import EXAMPLES, ROOT, run_cli
from .test_docx import view_of

PLANS_DIR = ROOT / "tests" / "plans"
"""Clean plans beyond the examples (fixtures each plant a mistake)."""
PLANS = [*sorted(EXAMPLES.glob("*.yaml")), PLANS_DIR / "campaign-618.zh-CN.yaml"]
TOC_LINE = re.compile(r"^\s*(\d+(\.\d+)*\s+)?\S.*?\.{4,}\s*(\d+)\s*$", re.MULTILINE)


def _poppler(tool: str) -> str:
    path = shutil.which(tool)
    assert path is not None, f"{tool} is part of the PDF tests: apt-get install poppler-utils"
    return path


def pdf_text(path: Path, *options: str) -> str:
    return subprocess.run([_poppler("pdftotext"), *options, str(path), "-"],
                          capture_output=True, text=True, check=True).stdout


def page_count(path: Path) -> int:
    info = subprocess.run([_poppler("pdfinfo"), str(path)], capture_output=True, text=True,
                          check=True).stdout
    match = re.search(r"^Pages:\s+(\d+)", info, re.MULTILINE)
    assert match is not None, info
    return int(match.group(1))


class _Counted(PdfConverter):
    made: ClassVar[list[_Counted]] = []

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        _Counted.made.append(self)


@pytest.fixture(scope="module")
def batch(tmp_path_factory: pytest.TempPathFactory, soffice: str) -> Path:
    """Every example and the 618 campaign built to docx and pdf in one build."""
    output = tmp_path_factory.mktemp("pdf")
    patch = pytest.MonkeyPatch()
    patch.setattr(deliverables, "PdfConverter", _Counted)
    _Counted.made.clear()
    try:
        code, out, err = run_cli("build", *PLANS, "-o", output, "--format", "docx,pdf")
    finally:
        patch.undo()
    assert code == 0, out + err
    return output


def _plan_ids() -> list[str]:
    return [view_of(path.read_text(encoding="utf-8")).plan_id for path in PLANS]


def test_one_libreoffice_for_the_whole_batch(batch: Path) -> None:
    assert len(_Counted.made) == 1 and _Counted.made[0].started == 1
    assert sorted(path.name for path in batch.glob("*.pdf")) == sorted(
        f"{plan}.pdf" for plan in _plan_ids())


@pytest.mark.parametrize("plan", PLANS, ids=lambda path: path.name)
def test_the_contents_shows_page_numbers(batch: Path, plan: Path) -> None:
    view = view_of(plan.read_text(encoding="utf-8"))
    pdf = batch / f"{view.plan_id}.pdf"
    pages = page_count(pdf)
    assert 5 <= pages <= 40
    contents = pdf_text(pdf, "-layout", "-f", "2", "-l", "3")
    entries = TOC_LINE.findall(contents)
    first_chapter = view.catalog.sections[view.sections[0]]
    assert len(entries) >= len(view.sections)
    assert re.search(rf"^\s*1\s+{re.escape(first_chapter)}\s*\.{{4,}}\s*\d+\s*$", contents,
                     re.MULTILINE), contents
    assert all(2 < int(entry[2]) <= pages for entry in entries)


@pytest.mark.parametrize("plan", PLANS, ids=lambda path: path.name)
def test_every_goal_id_is_whole_on_one_line(batch: Path, plan: Path) -> None:
    view = view_of(plan.read_text(encoding="utf-8"))
    text = pdf_text(batch / f"{view.plan_id}.pdf", "-layout")
    for goal in view.goals:
        assert re.search(rf"(?<![\w-]){re.escape(goal.id)}(?![\w-])", text), goal.id


def test_the_word_file_of_the_batch_has_the_pdfs_page_numbers(batch: Path) -> None:
    plan = _plan_ids()[0]
    with zipfile.ZipFile(batch / f"{plan}.docx") as archive:
        document = archive.read("word/document.xml").decode()
    anchors = re.findall(r'<w:hyperlink w:anchor="(_Toc\d+)"', document)
    assert re.findall(r"PAGEREF (_Toc\d+) \\h", document) == anchors
    toc = TOC_LINE.findall(pdf_text(batch / f"{plan}.pdf", "-layout", "-f", "2", "-l", "3"))
    stored = re.findall(r'PAGEREF _Toc\d+ \\h </w:instrText></w:r><w:r><w:fldChar '
                        r'w:fldCharType="separate"/></w:r><w:r><w:t>(\d+)</w:t>', document)
    assert stored == [entry[2] for entry in toc]


def test_without_libreoffice_the_build_names_the_packages_and_writes_nothing(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    empty = tmp_path / "bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    monkeypatch.delenv("MKTPLAN_UNO_PYTHON", raising=False)
    output = tmp_path / "out"
    code, _, err = run_cli("build", PLANS[0], "-o", output, "--format", "docx,xlsx,md,pdf")
    assert code == 2
    assert "apt-get install libreoffice-writer-nogui python3-uno fonts-noto-cjk" in err
    assert not output.exists() or not any(output.iterdir())


def test_check_refuses_pdf(tmp_path: Path) -> None:
    code, _, err = run_cli("build", PLANS[0], "-o", tmp_path, "--format", "pdf", "--check")
    assert code == 2 and "--check cannot compare PDF files" in err


# --- the Word file's contents numbered without the PDF ------------------------------------
STORED_PAGE = re.compile(r'PAGEREF _Toc\d+ \\h </w:instrText></w:r><w:r><w:fldChar '
                         r'w:fldCharType="separate"/></w:r><w:r><w:t>(\d+)</w:t>')


def _document(docx: Path) -> str:
    with zipfile.ZipFile(docx) as archive:
        return archive.read("word/document.xml").decode()


@pytest.fixture
def counted(monkeypatch: pytest.MonkeyPatch) -> list[_Counted]:
    monkeypatch.setattr(deliverables, "PdfConverter", _Counted)
    _Counted.made.clear()
    return _Counted.made


@pytest.mark.toc_pages
def test_a_word_build_has_the_page_numbers_of_the_pdf_build(
        batch: Path, tmp_path: Path, counted: list[_Counted]) -> None:
    code, out, err = run_cli("build", PLANS[0], PLANS[-1], "-o", tmp_path, "--format", "docx")
    assert code == 0, out + err
    assert len(counted) == 1 and counted[0].started == 1  # one office for the build
    for plan in (_plan_ids()[0], _plan_ids()[-1]):
        document = _document(tmp_path / f"{plan}.docx")
        pages = STORED_PAGE.findall(document)
        assert pages and pages == STORED_PAGE.findall(_document(batch / f"{plan}.docx"))
        # the same pages make the same bytes as the Word file of the PDF build
        assert (tmp_path / f"{plan}.docx").read_bytes() == (batch / f"{plan}.docx").read_bytes()
    assert "LibreOffice" not in err


@pytest.mark.toc_pages
@pytest.mark.parametrize(("lang", "words"), [("en", "has no page numbers"),
                                             ("zh-CN", "目录没有页码")])
def test_without_libreoffice_the_word_file_is_written_with_a_notice(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lang: str, words: str) -> None:
    empty = tmp_path / "bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    monkeypatch.delenv("MKTPLAN_UNO_PYTHON", raising=False)
    output = tmp_path / "out"
    code, out, err = run_cli("build", PLANS[0], PLANS[1], "-o", output, "--format", "docx,md",
                             "--lang", lang)
    assert code == 0, out + err
    assert err.count("libreoffice-writer-nogui") == 1 and words in err  # once for the build
    plan = _plan_ids()[0]
    assert (output / f"{plan}.md").is_file()
    document = _document(output / f"{plan}.docx")
    assert "_Toc" in document and "PAGEREF" not in document


@pytest.mark.toc_pages
def test_no_toc_pages_starts_no_libreoffice(tmp_path: Path, counted: list[_Counted]) -> None:
    code, out, err = run_cli("build", PLANS[0], "-o", tmp_path / "flag", "--format", "docx",
                             "--no-toc-pages")
    assert code == 0, out + err
    project = tmp_path / "project"
    project.mkdir()
    (project / ".mktplan.yaml").write_text("toc-pages: false\n", encoding="utf-8")
    shutil.copytree(EXAMPLES / "brand", project / "brand")  # the plan's logo
    plan = project / PLANS[0].name
    plan.write_bytes(PLANS[0].read_bytes())
    code, out, err = run_cli("build", plan, "-o", tmp_path / "config", "--format", "docx")
    assert code == 0, out + err
    assert counted == [] and err == ""
    name = f"{_plan_ids()[0]}.docx"
    assert "PAGEREF" not in _document(tmp_path / "flag" / name)
    assert (tmp_path / "flag" / name).read_bytes() == (tmp_path / "config" / name).read_bytes()
