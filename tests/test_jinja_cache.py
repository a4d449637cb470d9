"""Compiled templates are cached on disk, never served stale, and only ever this user's."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from mktplan.render.jinja import PrivateBytecodeCache, cache_dir, make_environment
from mktplan.text.formatter import Formatter


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


# --- the cache runs only what this user wrote ------------------------------------------------
def test_the_cache_folder_is_made_private(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MKTPLAN_CACHE_DIR", str(tmp_path / "cache" / "jinja"))
    assert isinstance(make_environment(Formatter()).bytecode_cache, PrivateBytecodeCache)
    assert stat.S_IMODE((tmp_path / "cache" / "jinja").stat().st_mode) == 0o700


@pytest.mark.parametrize("mode", [0o777, 0o770, 0o702])
def test_a_folder_others_may_write_is_not_used(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                               mode: int) -> None:
    folder = tmp_path / "cache"
    folder.mkdir()
    folder.chmod(mode)
    monkeypatch.setenv("MKTPLAN_CACHE_DIR", str(folder))
    assert make_environment(Formatter()).bytecode_cache is None
    folder.chmod(0o755)  # readable by others is fine: only writing is a risk
    assert make_environment(Formatter()).bytecode_cache is not None


def test_a_link_as_the_cache_folder_is_not_used(tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "real").mkdir(mode=0o700)
    (tmp_path / "link").symlink_to(tmp_path / "real")
    monkeypatch.setenv("MKTPLAN_CACHE_DIR", str(tmp_path / "link"))
    assert make_environment(Formatter()).bytecode_cache is None


@pytest.mark.skipif(os.getuid() != 0, reason="only root can give a folder to another user")
def test_a_folder_of_another_user_is_not_used(tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "cache"
    folder.mkdir(mode=0o700)
    os.chown(folder, 65534, 65534)
    monkeypatch.setenv("MKTPLAN_CACHE_DIR", str(folder))
    assert make_environment(Formatter()).bytecode_cache is None


def _plant(override: Path) -> Path:
    """Write compiled code of 'planted' into the cache entry of markdown/note.md.j2."""
    env = make_environment(Formatter(), override=override)
    cache = env.bytecode_cache
    assert isinstance(cache, PrivateBytecodeCache)
    name, path = "markdown/note.md.j2", override / "markdown" / "note.md.j2"
    bucket = cache.get_bucket(env, name, str(path), path.read_text(encoding="utf-8"))
    bucket.code = env.compile("planted", name, str(path))
    cache.set_bucket(bucket)
    entry = Path(cache.directory) / (cache.pattern % bucket.key)
    assert entry.is_file()
    return entry


def test_a_cache_file_someone_else_could_write_is_not_run(tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MKTPLAN_CACHE_DIR", str(tmp_path / "cache"))
    override = _template(tmp_path / "mine", "the real template")
    entry = _plant(override)

    def rendered() -> str:
        env = make_environment(Formatter(), override=override)
        return env.get_template("markdown/note.md.j2").render()

    assert rendered() == "planted"  # the cache does run what it holds: so it must be ours
    entry.chmod(0o666)
    assert rendered() == "the real template"
    entry.chmod(0o600)
    if os.getuid() == 0:
        os.chown(entry, 65534, 65534)
        assert rendered() == "the real template"
