"""Label catalogs: a ``--templates`` folder's i18n override is read strictly and checked."""

from __future__ import annotations

from pathlib import Path

import pytest

from mktplan.errors import UsageError
from mktplan.render.labels import load_catalog, override_warnings
from mktplan.text.messages import ENGLISH, render

from .conftest import FIXTURES, run_cli, write_file


def _override(folder: Path, text: str, language: str = "en") -> Path:
    return write_file(folder, f"i18n/{language}.yaml", text)


def test_an_override_renames_and_adds_labels(tmp_path: Path) -> None:
    _override(tmp_path, "sections: {goals: Objectives}\nlabels: {client_logo: Logo}\n"
                        "enums: {level: {high: Severe}}\n")
    catalog = load_catalog("en", tmp_path)
    assert catalog.sections["goals"] == "Objectives"
    assert catalog.sections["budget"] == "Budget and Returns"  # the rest is the shipped one
    assert catalog.labels["client_logo"] == "Logo"  # a custom template's own label
    assert catalog.enum("level", "high") == "Severe"
    assert catalog.enum("level", "low") == "Low"


def test_an_empty_override_changes_nothing(tmp_path: Path) -> None:
    _override(tmp_path, "# nothing yet\n")
    assert load_catalog("en", tmp_path) == load_catalog("en")


@pytest.mark.parametrize(("text", "message"), [
    ("sectoins: {goals: X}\n",
     "en.yaml:1:1: unknown key 'sectoins'; a label catalog has sections, subsections"),
    ("sections:\n  goal: X\n", "en.yaml:2:3: unknown key 'goal' in 'sections'; it is none of: "
                               "background, competitors"),
    ("enums: {level: {lo: L}}\n", "en.yaml:1:17: unknown key 'lo' in 'enums.level'"),
    ("enums: {lvl: {low: L}}\n", "en.yaml:1:9: unknown enum 'lvl'"),
])
def test_an_unknown_key_is_left_out_with_a_warning(tmp_path: Path, text: str,
                                                    message: str) -> None:
    _override(tmp_path, text + "sections: {budget: Money}\n" if "sections" not in text
              else text.replace("goal: X", "goal: X\n  budget: Money"))
    catalog = load_catalog("en", tmp_path)
    assert catalog.sections["budget"] == "Money"  # what is known is still applied
    assert catalog.sections == {**load_catalog("en").sections, "budget": "Money"}
    assert catalog.enums == load_catalog("en").enums
    (warning,) = [render(each, ENGLISH) for each in override_warnings(tmp_path)]
    assert warning.endswith("; it is left out")
    assert message in warning


def test_a_catalog_of_a_language_mktplan_does_not_have_is_a_warning(tmp_path: Path) -> None:
    _override(tmp_path, "sections: {goals: Objectifs}\n", language="fr")
    (warning,) = [render(each, ENGLISH) for each in override_warnings(tmp_path)]
    assert "fr.yaml: mktplan has no catalog for 'fr' (it has en, zh-CN)" in warning


@pytest.mark.parametrize(("text", "message"), [
    ("labels: {x: [1]}\n", r"en\.yaml:1:13: 'x' must be a text, not a list"),
    ("sections: {goals: ~}\n", r"en\.yaml:1:19: 'goals' must be a text, not empty"),
    ("labels: [a, b]\n", r"en\.yaml:1:9: 'labels' must be a mapping of keys to text"),
    ("- a\n", r"en\.yaml:1:1: a label catalog is a mapping .* \[schema-wrong-type\]"),
    ("sections: {goals: A, goals: B}\n", r"en\.yaml:1:22: duplicate key 'goals'"),
    ("sections: {goals: !!python/object/apply:os.system [id]}\n",
     r"en\.yaml:1:19: YAML tags such as '!!python/object/apply:os.system'"),
    ("labels: {a: 'unclosed}\n", r"en\.yaml:\d+:\d+: .*\[schema-yaml-syntax\]"),
])
def test_a_bad_override_is_refused_with_its_position(tmp_path: Path, text: str,
                                                     message: str) -> None:
    _override(tmp_path, text)
    with pytest.raises(UsageError, match=message):
        load_catalog("en", tmp_path)


def test_an_alias_bomb_is_refused_without_expanding_it(tmp_path: Path) -> None:
    lines = ["labels:", "  l0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"  l{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 10)]
    _override(tmp_path, "\n".join(lines) + "\n")  # 10**10 strings if it were expanded
    with pytest.raises(UsageError, match=r"en\.yaml:5:\d+: aliases expand this document .* "
                                         r"alias bomb \[schema-alias\]"):
        load_catalog("en", tmp_path)


def test_an_override_that_is_not_utf8_is_refused(tmp_path: Path) -> None:
    (tmp_path / "i18n").mkdir()
    (tmp_path / "i18n" / "zh-CN.yaml").write_bytes("sections: {goals: 目标}\n".encode("gbk"))
    with pytest.raises(UsageError, match=r"zh-CN\.yaml: the label catalog is not UTF-8"):
        load_catalog("zh-CN", tmp_path)


def test_the_build_reports_the_override_and_exits_2(tmp_path: Path) -> None:
    override = _override(tmp_path / "templates", "sections: {goals: [Objectives]}\n")
    plan = write_file(tmp_path, "plan.yaml", (FIXTURES / "_base.yaml").read_text("utf-8"))
    code, stdout, stderr = run_cli("build", plan, "-o", tmp_path / "out", "-f", "md",
                                   "--templates", tmp_path / "templates")
    assert code == 2
    assert f"mktplan: {plan}: {override}:1:19: 'goals' must be a text, not a list" in stderr
    assert "Traceback" not in stdout + stderr
    assert not (tmp_path / "out").exists()


def test_the_build_warns_once_of_an_unknown_key_and_builds(tmp_path: Path) -> None:
    override = _override(tmp_path / "templates", "sections: {goal: Objectives}\n")
    plans = [write_file(tmp_path, f"plan{n}.yaml", (FIXTURES / "_base.yaml").read_text(
        "utf-8").replace("id: base", f"id: base{n}")) for n in (1, 2)]
    code, _, stderr = run_cli("build", *plans, "-o", tmp_path / "out", "-f", "md",
                              "--templates", tmp_path / "templates")
    assert code == 0
    assert stderr == (f"mktplan: warning: {override}:1:12: unknown key 'goal' in 'sections'; "
                      "it is none of: " + ", ".join(load_catalog("en").sections)
                      + "; it is left out\n")
    assert len(list((tmp_path / "out").iterdir())) == 2
