"""The package list in pyproject.toml covers every package, and templates ship with it."""

from __future__ import annotations

import tomllib

from mktplan.render.resources import default_templates_dir

from .conftest import ROOT


def test_every_package_under_src_is_listed() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    listed = set(config["tool"]["setuptools"]["packages"])
    found = {
        ".".join(init.parent.relative_to(ROOT / "src").parts)
        for init in (ROOT / "src").rglob("__init__.py")
    }
    assert found | {"mktplan.templates"} == listed


def test_default_templates_are_found() -> None:
    folder = default_templates_dir()
    assert (folder / "docx" / "report.docx").is_file()
    assert (folder / "i18n" / "zh-CN.yaml").is_file()
    assert (folder / "markdown").is_dir()
