"""A consultancy's own templates: errors at file:line:col, and exporting the shipped ones."""

from __future__ import annotations

from pathlib import Path

import pytest
from jinja2 import Environment, TemplateSyntaxError, UndefinedError

from mktplan.render.failures import column_in
from mktplan.render.resources import default_templates_dir, shipped_templates

from .conftest import EXAMPLES, FIXTURES, run_cli, write_file

BASE = (FIXTURES / "_base.yaml").read_text(encoding="utf-8")


def build_with(tmp_path: Path, template: str) -> str:
    write_file(tmp_path / "templates", "markdown/plan.md.j2", template)
    plan = write_file(tmp_path, "plan.yaml", BASE)
    code, _, err = run_cli("build", plan, "-f", "md", "-o", tmp_path / "out",
                           "--templates", tmp_path / "templates")
    assert code == 2
    return err


@pytest.mark.parametrize(("template", "where", "what"), [
    ("# {{ view.title }}\nHi {{ view.title }} and {{ foo( }}\n", "2:33",
     "syntax error: unexpected '}', expected ')'"),
    ("# title\n\n  {{ view.meta bar }}\n", "3:16",
     "syntax error: expected token 'end of print statement', got 'bar'"),
    ("# {{ view.title }}\n\nHi {{ view.titl }}\n", "3:12", "has no attribute 'titl'"),
    ("# {{ view.title }} {{ nope }}\n", "1:23", "'nope' is undefined"),
    ("text\n    {% for x in y %}\n", "2:8", "syntax error: Unexpected end of template"),
])
def test_a_template_error_names_file_line_and_column(tmp_path: Path, template: str,
                                                     where: str, what: str) -> None:
    err = build_with(tmp_path, template)
    shown = tmp_path / "templates" / "markdown" / "plan.md.j2"
    assert f"{shown}:{where}: " in err, err
    assert what in err


def test_column_of_a_syntax_error_is_in_the_tag_that_does_not_parse() -> None:
    line = "{{ a }} {{ b }} {{ c + }}"
    try:
        Environment().parse(line)
    except TemplateSyntaxError as exc:
        assert column_in(line, exc) == line.index("{{ c") + 1
    else:
        pytest.fail("the template parsed")


def test_column_of_a_runtime_error_is_the_name_the_message_quotes() -> None:
    line = "  {{ x.y }} {{ total }}"
    assert column_in(line, UndefinedError("'total' is undefined")) == line.index("total") + 1
    assert column_in(line, UndefinedError("'tot' is undefined")) == 3  # not a whole word: tag
    assert column_in("plain text", ValueError("boom")) == 1


def test_export_copies_every_template_a_folder_may_override(tmp_path: Path) -> None:
    code, out, _ = run_cli("templates", "export", tmp_path / "mine")
    assert code == 0
    names = shipped_templates()
    assert {"docx/report.docx", "markdown/plan.md.j2", "i18n/en.yaml",
            "i18n/zh-CN.yaml"} <= set(names)
    assert not any(name.startswith("skeletons/") or name.endswith(".py") for name in names)
    for name in names:
        assert (tmp_path / "mine" / name).read_bytes() == (
            default_templates_dir() / name).read_bytes()
    assert out.splitlines()[-1].startswith(f"{len(names)} templates in ")


def test_exported_templates_build_the_same_files(tmp_path: Path) -> None:
    assert run_cli("templates", "export", tmp_path / "mine")[0] == 0
    plan = EXAMPLES / "sme-growth.en.yaml"
    assert run_cli("build", plan, "-o", tmp_path / "shipped")[0] == 0
    assert run_cli("build", plan, "-o", tmp_path / "own", "--templates", tmp_path / "mine",
                   )[0] == 0
    for built in (tmp_path / "shipped").iterdir():
        assert (tmp_path / "own" / built.name).read_bytes() == built.read_bytes(), built.name


def test_export_refuses_to_replace_files_without_force(tmp_path: Path) -> None:
    edited = write_file(tmp_path / "mine", "i18n/en.yaml", "sections: {goals: Ours}\n")
    code, _, err = run_cli("templates", "export", tmp_path / "mine")
    assert code == 2
    assert "en.yaml already exists; use --force" in err
    assert edited.read_text("utf-8") == "sections: {goals: Ours}\n"
    assert not (tmp_path / "mine" / "markdown").exists()  # nothing written
    assert run_cli("templates", "export", tmp_path / "mine", "--force")[0] == 0
    assert edited.read_bytes() == (default_templates_dir() / "i18n" / "en.yaml").read_bytes()


def test_export_into_a_file_is_a_usage_error(tmp_path: Path) -> None:
    target = write_file(tmp_path, "file.txt", "x")
    code, _, err = run_cli("templates", "export", target)
    assert code == 2
    assert "is a file" in err
