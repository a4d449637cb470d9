"""``mktplan init``: every skeleton checks clean, whatever the date; no silent overwrite."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mktplan.cli import app
from mktplan.commands.init import Kind, Language, plan_id_for, run_init
from mktplan.render.resources import default_templates_dir
from mktplan.rules.pipeline import check_file

KINDS = [kind.value for kind in Kind]
LANGUAGES = [language.value for language in Language]
#: a month start, and the two ends of a year (the plan period then spans two years)
TODAYS = [date(2027, 1, 1), date(2026, 11, 30), date(2026, 12, 31)]


def create(path: Path, language: str = "en", kind: str = "sme", force: bool = False,
           today: date = date(2027, 1, 1)) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = run_init(path, language, kind, force, out, err, today)
    return code, out.getvalue(), err.getvalue()


def test_there_is_one_skeleton_per_kind_and_language() -> None:
    skeletons = {p.name for p in (default_templates_dir() / "skeletons").glob("*.yaml")}
    assert skeletons == {f"{kind}.{language}.yaml" for kind in KINDS for language in LANGUAGES}


@pytest.mark.parametrize("today", TODAYS, ids=str)
@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("kind", KINDS)
def test_every_skeleton_checks_with_no_errors_and_no_warnings(
        tmp_path: Path, kind: str, language: str, today: date) -> None:
    path = tmp_path / "new-plan.yaml"
    code, stdout, stderr = create(path, language, kind, today=today)
    assert (code, stderr) == (0, "")
    assert f"mktplan check {path}" in stdout
    result = check_file(path)
    assert result.findings == [], "\n".join(
        f"{f.line}: {f.rule} {f.message}" for f in result.findings)
    assert result.plan is not None
    assert result.plan.meta.id == "new-plan"
    assert result.plan.meta.language == language
    assert result.plan.meta.period.start > today


def test_skeletons_explain_themselves_in_their_language(tmp_path: Path) -> None:
    create(tmp_path / "en.yaml", "en", "campaign")
    create(tmp_path / "zh.yaml", "zh-CN", "campaign")
    english = (tmp_path / "en.yaml").read_text(encoding="utf-8")
    chinese = (tmp_path / "zh.yaml").read_text(encoding="utf-8")
    assert english.count("\n#") > 5 and "# Dates:" in english
    assert "# 日期：" in chinese and "上市日" in chinese
    assert "mktplan build zh.yaml" in chinese


def test_an_existing_file_is_never_overwritten_without_force(tmp_path: Path) -> None:
    path = tmp_path / "plan.yaml"
    path.write_text("my work\n", encoding="utf-8")
    code, _, stderr = create(path)
    assert code == 2
    assert stderr == (f"mktplan: {path} already exists; choose another name, "
                      "or use --force to replace it\n")
    assert path.read_text(encoding="utf-8") == "my work\n"
    assert create(path, force=True)[0] == 0
    assert path.read_text(encoding="utf-8").startswith("# A marketing plan")


def test_a_folder_or_an_unwritable_place_exits_2(tmp_path: Path) -> None:
    assert create(tmp_path)[0] == 2
    blocker = tmp_path / "file"
    blocker.write_text("")
    code, _, stderr = create(blocker / "plan.yaml")
    assert code == 2 and stderr.startswith(f"mktplan: {blocker / 'plan.yaml'}: cannot write")


@pytest.mark.parametrize(("name", "plan_id"), [
    ("plan.yaml", "plan"),
    ("Acme Spring 2027.yaml", "acme-spring-2027"),
    ("_draft_.v2.yml", "draft_.v2"),
    ("计划.yaml", "plan"),
    ("null.yaml", "null"),
])
def test_plan_id_comes_from_the_file_name(name: str, plan_id: str) -> None:
    assert plan_id_for(Path(name)) == plan_id


def test_odd_file_names_still_give_a_clean_plan(tmp_path: Path) -> None:
    for name in ("null.yaml", "line\nbreak.yaml", "next\u2028line.yaml"):
        path = tmp_path / name
        assert create(path)[0] == 0
        assert check_file(path).findings == [], name


def test_command_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    result = runner.invoke(app, ["init", "--lang", "zh-cn", "--kind", "account", "plan.yaml"])
    assert result.exit_code == 0, result.output
    assert check_file(tmp_path / "plan.yaml").findings == []
    assert "  language: zh-CN " in (tmp_path / "plan.yaml").read_text(encoding="utf-8")
    again = runner.invoke(app, ["init", "plan.yaml"])
    assert again.exit_code == 2 and "already exists" in again.stderr
    assert runner.invoke(app, ["init", "--kind", "party", "x.yaml"]).exit_code == 2


def test_help_offers_the_languages_as_plans_write_them() -> None:
    result = CliRunner().invoke(app, ["init", "--help"])
    assert result.exit_code == 0
    assert "[en|zh-CN]" in result.stdout and "zh-cn" not in result.stdout
