"""``build --compare OLD``: the Markdown deliverable compared with last year's plan."""

from __future__ import annotations

from pathlib import Path

from .conftest import run_cli, write_file


def _plans(tmp_path: Path, base_text: str, language: str) -> tuple[Path, Path]:
    text = base_text.replace("language: en", f"language: {language}")
    old = write_file(tmp_path, "plan-2026.yaml", text.replace('amount: "75万"', 'amount: "60万"'))
    new = write_file(tmp_path, "plan-2027.yaml", text)
    return old, new


def test_a_chinese_plan_gets_its_comparison_in_chinese(tmp_path: Path, base_text: str) -> None:
    old, new = _plans(tmp_path, base_text, "zh-CN")
    out = tmp_path / "out"
    code, _, err = run_cli("build", new, "--compare", old, "-f", "md", "-o", out)
    assert code == 0, err
    markdown = (out / "base.md").read_text(encoding="utf-8")
    section = markdown.split("## 与上年对比\n", 1)[1]
    assert "| 预算项合计 | 80万元 | 95万元 | +15万元 (+18.8%) |" in section
    assert "预算明细" in section and "`ads`" in section
    code, out_text, _ = run_cli("build", new, "--compare", old, "-f", "md", "-o", out, "--check")
    assert code == 0 and "全部是最新的" in out_text
    code, _, _ = run_cli("build", new, "-f", "md", "-o", out, "--check")
    assert code == 1  # without the comparison the file is stale


def test_an_english_plan_gets_compared_with_last_year(tmp_path: Path, base_text: str) -> None:
    old, new = _plans(tmp_path, base_text, "en")
    code, _, err = run_cli("build", new, "--compare", old, "-f", "md", "-o", tmp_path / "out")
    assert code == 0, err
    markdown = (tmp_path / "out" / "base.md").read_text(encoding="utf-8")
    assert "## Compared with last year\n" in markdown
    assert "| Budget lines | CNY 800,000 | CNY 950,000 | +CNY 150,000 (+18.8%) |" in markdown


def test_a_missing_plan_to_compare_with_is_an_io_error(tmp_path: Path, base_text: str) -> None:
    _, new = _plans(tmp_path, base_text, "en")
    code, _, err = run_cli("build", new, "--compare", tmp_path / "nope.yaml", "-f", "md",
                           "-o", tmp_path / "out")
    assert code == 2 and "nope.yaml: no such file" in err
    assert not (tmp_path / "out" / "base.md").exists()


def test_compare_takes_one_plan(tmp_path: Path, base_text: str) -> None:
    old, new = _plans(tmp_path, base_text, "en")
    code, _, err = run_cli("build", new, old, "--compare", old, "-o", tmp_path / "out")
    assert code == 2 and "--compare compares one plan with another" in err


def test_meta_compare_is_read_from_the_plans_folder(tmp_path: Path, base_text: str) -> None:
    old, _ = _plans(tmp_path, base_text, "zh-CN")
    plans = tmp_path / "plans"
    plans.mkdir()
    old.rename(plans / "plan-2026.yaml")
    new = write_file(plans, "plan-2027.yaml", base_text.replace("language: en", (
        "language: zh-CN\n  compare: plan-2026.yaml")))
    code, _, err = run_cli("build", new, "-f", "md", "-o", tmp_path / "out")
    assert code == 0, err
    assert "## 与上年对比" in (tmp_path / "out" / "base.md").read_text(encoding="utf-8")


def test_a_missing_meta_compare_is_a_located_error(tmp_path: Path, base_text: str) -> None:
    plan = write_file(tmp_path, "plan.yaml", base_text.replace(
        "  language: en\n", "  language: en\n  compare: plan-2025.yaml\n"))
    code, out, _ = run_cli("check", plan)
    line = base_text.splitlines().index("  language: en") + 2
    assert code == 1
    assert f"plan.yaml:{line}:12: error [references-missing-file] meta.compare names " \
           "'plan-2025.yaml', but there is no such file" in out
    code, out, _ = run_cli("build", plan, "-o", tmp_path / "out")
    assert code == 1 and "references-missing-file" in out
