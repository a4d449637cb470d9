"""Compiled templates are cached on disk, and an edited template is not served stale."""

from __future__ import annotations

from pathlib import Path

import pytest

from mktplan.render.formatting import Formatter
from mktplan.render.jinja import cache_dir, make_environment


def _template(folder: Path, text: str) -> Path:
    (folder / "markdown").mkdir(parents=True, exist_ok=True)
    (folder / "markdown" / "note.md.j2").write_text(text, encoding="utf-8")
    return folder


def test_compiled_templates_are_cached(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MKTPLAN_CACHE_DIR", str(tmp_path / "cache"))
    override = _template(tmp_path / "mine", "{{ 1000 | number }}")
    make_environment(Formatter(), override=override).get_template("markdown/note.md.j2")
    assert list((tmp_path / "cache").glob("mktplan-sandbox*.cache"))


def test_an_edited_template_is_compiled_again(tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MKTPLAN_CACHE_DIR", str(tmp_path / "cache"))
    override = _template(tmp_path / "mine", "first {{ 1000 | number }}")
    template = override / "markdown" / "note.md.j2"
    assert make_environment(Formatter(), override=override).get_template(
        "markdown/note.md.j2").render() == "first 1,000"
    template.write_text("second", encoding="utf-8")
    assert make_environment(Formatter(), override=override).get_template(
        "markdown/note.md.j2").render() == "second"


def test_an_empty_setting_switches_the_cache_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MKTPLAN_CACHE_DIR", "")
    assert cache_dir() is None
    assert make_environment(Formatter()).bytecode_cache is None


def test_an_unwritable_cache_folder_is_not_an_error(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("MKTPLAN_CACHE_DIR", str(blocker / "cache"))
    override = _template(tmp_path / "mine", "still {{ 'works' }}")
    env = make_environment(Formatter(), override=override)
    assert env.bytecode_cache is None
    assert env.get_template("markdown/note.md.j2").render() == "still works"
