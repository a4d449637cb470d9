"""Project configuration: .mktplan.yaml or [tool.mktplan], found from the plan upward."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from mktplan.project import ConfigError, config_for
from mktplan.project.reading import TomlPositions

from .conftest import FIXTURES, run_cli, write_file

BASE = (FIXTURES / "_base.yaml").read_text(encoding="utf-8")
#: one warning: budget-unallocated at 39:10 (15% of the total in no line)
UNALLOCATED = BASE.replace('amount: "75万"', 'amount: "60万"')

pytestmark = pytest.mark.usefixtures("plain_terminal")


def project(tmp_path: Path, config: str, plan: str = UNALLOCATED,
            name: str = ".mktplan.yaml") -> Path:
    """A repository with ``config`` at its top and one plan two folders down."""
    write_file(tmp_path, name, config)
    return write_file(tmp_path, "plans/2027/plan.yaml", plan)


def rules_found(plan: Path) -> list[str]:
    code, out, _ = run_cli("check", plan, "--format", "json")
    assert code in (0, 1)
    return [finding["rule"] for file in json.loads(out)["files"] for finding in file["findings"]]


# -- finding the configuration ---------------------------------------------------------


def test_a_configuration_above_the_plan_applies(tmp_path: Path) -> None:
    plan = project(tmp_path, "rules: {budget-unallocated: off}\n")
    assert rules_found(plan) == []
    assert config_for(plan).file == tmp_path / ".mktplan.yaml"


def test_without_a_configuration_the_defaults_apply(tmp_path: Path) -> None:
    plan = write_file(tmp_path, "plan.yaml", UNALLOCATED)
    assert rules_found(plan) == ["budget-unallocated"]


def test_the_nearest_configuration_decides_and_nothing_is_merged(tmp_path: Path) -> None:
    plan = project(tmp_path, "rules: {budget-unallocated: off}\nstrict: true\n")
    write_file(tmp_path, "plans/.mktplan.yml", "output: out\n")
    config = config_for(plan)
    assert (config.file, config.strict, config.rule_defaults) == (
        tmp_path / "plans" / ".mktplan.yml", None, None)
    assert rules_found(plan) == ["budget-unallocated"]


def test_mktplan_yaml_wins_over_pyproject_in_the_same_folder(tmp_path: Path) -> None:
    plan = project(tmp_path, "strict: true\n")
    write_file(tmp_path, "pyproject.toml", "[tool.mktplan]\nstrict = false\n")
    assert config_for(plan).strict is True


def test_a_pyproject_without_a_mktplan_table_is_passed_over(tmp_path: Path) -> None:
    plan = project(tmp_path, "[tool.mktplan]\nrules = {budget-unallocated = 'off'}\n",
                   name="pyproject.toml")
    write_file(tmp_path, "plans/pyproject.toml", "[project]\nname = 'plans'\n"
               "[tool.ruff]\nline-length = 100\n")
    assert config_for(plan).file == tmp_path / "pyproject.toml"
    assert rules_found(plan) == []


def test_a_pyproject_that_does_not_mention_mktplan_is_not_parsed(tmp_path: Path) -> None:
    write_file(tmp_path, "pyproject.toml", "[project]\nname = 'plans'\n")
    plan = write_file(tmp_path, "plan.yaml", BASE)
    probe = ("import sys; from mktplan.launch import run; "
             f"code = run(['check', {str(plan)!r}]); "
             "print(code, 'tomllib' in sys.modules, file=sys.stderr)")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          check=False)
    assert done.stderr == "0 False\n"


def test_standard_input_takes_the_working_directorys_configuration(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_file(tmp_path, ".mktplan.yaml", "rules: {budget: off}\n")
    monkeypatch.chdir(tmp_path)
    done = subprocess.run([sys.executable, "-m", "mktplan", "check", "-"], input=UNALLOCATED,
                          capture_output=True, text=True, check=False)
    assert (done.returncode, done.stdout) == (0, "The plan is clean\n")


# -- rules and strict ------------------------------------------------------------------


def test_the_plans_own_rules_have_the_last_word(tmp_path: Path) -> None:
    plan = project(tmp_path, "rules: {budget: off}\n",
                   plan=UNALLOCATED + "rules: {budget-unallocated: warning}\n")
    assert rules_found(plan) == ["budget-unallocated"]


def test_options_set_by_the_project_stay_under_the_plans_entry(tmp_path: Path) -> None:
    growth = BASE.replace("baseline: 20000", "baseline: 2000")  # 15x growth: over 3x
    plan = project(tmp_path, "rules: {smart-achievable: {max_growth: 20}}\n",
                   plan=growth + "rules: {smart-achievable: {severity: warning}}\n")
    assert "smart-achievable" not in rules_found(plan)
    alone = write_file(tmp_path.parent / f"{tmp_path.name}-alone", "plan.yaml", growth)
    assert "smart-achievable" in rules_found(alone)


def test_strict_from_the_project_and_its_override(tmp_path: Path) -> None:
    plan = project(tmp_path, "strict: true\n")
    assert run_cli("check", plan)[0] == 1
    assert run_cli("check", plan, "--no-strict")[0] == 0
    loose = project(tmp_path / "loose", "strict: false\n")
    assert run_cli("check", loose)[0] == 0
    assert run_cli("check", loose, "--strict")[0] == 1


def test_the_plain_check_path_reads_the_configuration_too(tmp_path: Path) -> None:
    plan = project(tmp_path, "strict: true\nrules: {completeness: off}\n")
    done = subprocess.run([sys.executable, "-m", "mktplan", "check", str(plan)],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 1
    assert "[budget-unallocated]" in done.stdout


def test_each_plan_has_its_own_project(tmp_path: Path) -> None:
    strict_plan = project(tmp_path / "a", "strict: true\n")
    loose_plan = project(tmp_path / "b", "rules: {budget-unallocated: off}\n")
    assert run_cli("check", loose_plan)[0] == 0
    assert run_cli("check", strict_plan, loose_plan)[0] == 1


# -- build and init --------------------------------------------------------------------


def test_build_takes_output_templates_and_strict_from_the_project(tmp_path: Path) -> None:
    plan = project(tmp_path, "output: deliverables\ntemplates: brand\n", plan=BASE)
    write_file(tmp_path, "brand/i18n/en.yaml", "sections: {goals: Our targets}\n")
    code, out, err = run_cli("build", plan, "-f", "md")
    assert code == 0, err
    built = tmp_path / "deliverables" / "base.md"
    assert f"written {built}" in out
    assert "## 3. Our targets" in built.read_text("utf-8") or "Our targets" in built.read_text(
        "utf-8")
    code, _, err = run_cli("build", plan, "-f", "md", "-o", tmp_path / "here")
    assert code == 0, err
    assert (tmp_path / "here" / "base.md").exists()


def test_build_is_strict_when_the_project_says(tmp_path: Path) -> None:
    plan = project(tmp_path, "strict: true\noutput: out\n")
    code, out, _ = run_cli("build", plan, "-f", "md")
    assert code == 1
    assert "not built" in out
    assert not (tmp_path / "out").exists()
    assert run_cli("build", plan, "-f", "md", "--no-strict")[0] == 0


def test_a_missing_templates_folder_of_the_project_is_a_usage_error(tmp_path: Path) -> None:
    plan = project(tmp_path, "templates: nowhere\n", plan=BASE)
    code, _, err = run_cli("build", plan, "-o", tmp_path / "out")
    assert code == 2
    assert ".mktplan.yaml:1:1: the templates folder" in err


def test_init_takes_the_projects_language(tmp_path: Path) -> None:
    write_file(tmp_path, ".mktplan.yaml", "language: zh-cn\n")
    code, out, _ = run_cli("init", tmp_path / "new.yaml")
    assert code == 0
    assert "（中小企业年度计划，zh-CN）" in out  # said in the new plan's language
    assert "language: zh-CN" in (tmp_path / "new.yaml").read_text("utf-8")
    code, out, _ = run_cli("init", tmp_path / "other.yaml", "--lang", "en")
    assert "(sme plan, en)" in out


def test_diff_checks_each_side_under_its_project(tmp_path: Path) -> None:
    plan = project(tmp_path, "rules: {budget-unallocated: error}\n")
    code, out, _ = run_cli("diff", plan, plan)
    assert code == 0
    assert "the old plan (" in out and "has 1 error" in out  # as the project wants
    alone = write_file(tmp_path.parent / f"{tmp_path.name}-alone", "plan.yaml", UNALLOCATED)
    assert "has 1 error" not in run_cli("diff", alone, alone)[1]


# -- mistakes are located errors -------------------------------------------------------


@pytest.mark.parametrize(("config", "messages"), [
    ("strcit: true\n", [".mktplan.yaml:1:1: unknown key 'strcit' in the mktplan "
                        "configuration; did you mean 'strict'?"]),
    ("strict: yes\n", [".mktplan.yaml:1:1: 'strict' must be true or false, not 'yes'"]),
    ("toc-pages: 0\n", [".mktplan.yaml:1:1: 'toc-pages' must be true or false, not '0'"]),
    ("language: fr\n", [".mktplan.yaml:1:1: 'language' must be zh-CN or en, not 'fr'"]),
    ("output: [a]\n", [".mktplan.yaml:1:1: 'output' must name a folder, not a list"]),
    ("output: ../../elsewhere\n", [".mktplan.yaml:1:1: 'output' must be a folder inside the "
                                   "configuration's own folder, not '../../elsewhere'"]),
    ("templates: /etc\n", [".mktplan.yaml:1:1: 'templates' must be a folder inside"]),
    ("rules:\n  budget-unalocated: off\n  smart-achievable: {max_grwth: 5}\n", [
        ".mktplan.yaml:2:3: unknown rule or family 'budget-unalocated'; did you mean "
        "'budget-unallocated'? [schema-rules-config]",
        ".mktplan.yaml:3:3: 'smart-achievable': unknown option 'max_grwth'"]),
    ("rules: {schema-yaml-syntax: off}\n", [
        ".mktplan.yaml:1:9: 'schema-yaml-syntax': schema rules cannot be switched off"]),
    ("strict: true\nstrict: false\n", [".mktplan.yaml:2:1: duplicate key 'strict'"]),
    ("- strict\n", [".mktplan.yaml:1:1: a configuration is a mapping of settings"]),
])
def test_mistakes_in_the_yaml_configuration(tmp_path: Path, config: str,
                                            messages: list[str]) -> None:
    plan = project(tmp_path, config)
    code, out, err = run_cli("check", plan)
    assert (code, out) == (2, "")
    lines = err.splitlines()
    assert len(lines) == len(messages), err
    for line, message in zip(lines, messages, strict=True):
        assert line.startswith("mktplan: ")
        assert message in line.replace(str(tmp_path) + "/", ""), line


@pytest.mark.parametrize(("table", "where"), [
    ("[tool.mktplan]\nstrict = 'yes'\n", "2:1"),
    ("[tool.mktplan]\nstrict = true\n\n[tool.mktplan.rules]\nbudget-unalocated = 'off'\n",
     "5:1"),
    ("[tool.mktplan]\nrules = {budget-unallocated = 'off', smart-achievable = "
     "{max_grow = 5}}\n", "2:38"),
    ("[tool.mktplan]\nrules.smart-achievable.max_grow = 5\n", "2:1"),
    ("[tool.mktplan.rules.smart-achievable]\nmax_grow = 5\n", "1:1"),
    ('[tool."mktplan"]\n"strcit" = true\n', "2:1"),
    ("[tool]\nmktplan = {strcit = true}\n", "2:12"),
    ("[tool.mktplan]\nstrict = \n", "2:10"),
])
def test_mistakes_in_pyproject_are_located(tmp_path: Path, table: str, where: str) -> None:
    plan = project(tmp_path, table, name="pyproject.toml")
    code, _, err = run_cli("check", plan)
    assert code == 2
    assert err.startswith("mktplan: "), err
    assert f"pyproject.toml:{where}:" in err, err


def test_toml_positions_of_the_forms_people_write() -> None:
    text = ("[project]\nname = 'x'\n\n[tool.mktplan]\nstrict = true\n"
            "output = 'out'  # comment\n\n[tool.mktplan.rules]\nbudget = 'off'\n"
            "'smart-achievable' = {max_growth = 5}\n")
    positions = TomlPositions(text)
    assert positions.locate(()) == (4, 1)
    assert positions.locate(("strict",)) == (5, 1)
    assert positions.locate(("output",)) == (6, 1)
    assert positions.locate(("rules",)) == (8, 1)
    assert positions.locate(("rules", "budget")) == (9, 1)
    assert positions.locate(("rules", "smart-achievable")) == (10, 1)
    assert positions.locate(("language",)) == (4, 1)  # not written: the table's header


def test_config_error_is_raised_with_every_problem(tmp_path: Path) -> None:
    plan = project(tmp_path, "strcit: true\nlanguage: fr\n")
    with pytest.raises(ConfigError) as raised:
        config_for(plan)
    assert len(raised.value.problems) == 2


# -- mktplan config --------------------------------------------------------------------


def test_config_shows_each_setting_and_where_it_came_from(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project(tmp_path, "rules:\n  budget-unallocated: off\n  smart-achievable: {max_growth: 5}\n"
                      "strict: true\ntoc-pages: false\n",
            plan=BASE + "rules: {smart-achievable: warning}\n")
    monkeypatch.chdir(tmp_path)
    code, out, _ = run_cli("config", "plans/2027/plan.yaml")
    assert code == 0
    lines = [" ".join(line.split()) for line in out.splitlines()]
    assert lines[0] == "configuration: .mktplan.yaml"
    assert "strict true .mktplan.yaml:4:1" in lines
    assert "output build default" in lines
    assert "toc-pages false .mktplan.yaml:5:1" in lines
    assert "budget-unallocated off .mktplan.yaml:2:3" in lines
    plan_line = BASE.count("\n") + 1
    assert (f"smart-achievable warning, max_growth=5 plans/2027/plan.yaml:{plan_line}:9 "
            "(the plan's rules:), over .mktplan.yaml:3:3") in lines


def test_config_as_json(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_file(tmp_path, "pyproject.toml", "[tool.mktplan]\noutput = 'out'\n")
    monkeypatch.chdir(tmp_path)
    code, out, _ = run_cli("config", "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert data["configuration"] == "pyproject.toml"
    assert {"name": "output", "value": "out", "source": "pyproject.toml:2:1"} in data[
        "settings"]
    assert {"name": "toc-pages", "value": True, "source": "default"} in data["settings"]
    assert data["rules"] == []


def test_config_without_a_configuration(tmp_path: Path) -> None:
    code, out, _ = run_cli("config", tmp_path)
    assert code == 0
    assert out.startswith("configuration: none\n")


def test_config_reports_a_broken_configuration(tmp_path: Path) -> None:
    project(tmp_path, "strcit: true\n")
    code, _, err = run_cli("config", tmp_path)
    assert code == 2
    assert "unknown key 'strcit'" in err
