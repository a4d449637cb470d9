"""The garbage collector around big steps: paused while they run, frozen after in the CLI."""

from __future__ import annotations

import gc
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from mktplan.load import collector

EXAMPLE = Path(__file__).parent.parent / "examples" / "sme-growth.en.yaml"


@pytest.fixture
def collector_on() -> Iterator[None]:
    """The collector enabled, with nothing frozen, as in a fresh process; restored after."""
    was_enabled = gc.isenabled()
    gc.unfreeze()
    gc.enable()
    try:
        yield
    finally:
        gc.unfreeze()
        if not was_enabled:
            gc.disable()


@pytest.mark.usefixtures("collector_on")
def test_the_collector_is_paused_inside_and_enabled_after() -> None:
    with collector.collector_paused():
        inside = gc.isenabled()
    assert (inside, gc.isenabled()) == (False, True)


@pytest.mark.usefixtures("collector_on")
def test_a_library_caller_gets_nothing_frozen(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(collector, "_freeze_after_pause", False)
    with collector.collector_paused():
        made = [{"kept": [1, 2]} for _ in range(100)]
    assert gc.get_freeze_count() == 0
    assert made


@pytest.mark.usefixtures("collector_on")
def test_under_the_policy_what_the_step_made_is_frozen(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(collector, "_freeze_after_pause", False)
    collector.freeze_what_loading_makes()
    with collector.collector_paused():
        made = [{"kept": [1, 2]} for _ in range(100)]
    assert gc.get_freeze_count() >= len(made)
    assert gc.isenabled()


def test_a_paused_collector_stays_paused_and_freezes_nothing(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(collector, "_freeze_after_pause", True)
    was_enabled = gc.isenabled()
    gc.unfreeze()
    gc.disable()
    try:
        with collector.collector_paused():  # e.g. the check inside a diff's pause
            pass
        assert (gc.isenabled(), gc.get_freeze_count()) == (False, 0)
    finally:
        if was_enabled:
            gc.enable()


def test_the_console_script_freezes_the_checked_plan() -> None:
    probe = ("import gc, os, sys; from mktplan import launch; "
             "os._exit = lambda code: print(code, gc.get_freeze_count() > 0, gc.isenabled(), "
             "file=sys.stderr); "
             f"sys.argv = ['mktplan', 'check', {str(EXAMPLE)!r}]; launch.main()")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          check=False)
    assert (done.returncode, done.stdout, done.stderr) == (0, "The plan is clean\n",
                                                            "0 True True\n")
