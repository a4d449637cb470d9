"""Python's cyclic garbage collector around the big steps: paused while they run, then frozen.

Loading, checking and diffing a big plan make about a million long-lived objects and
no garbage cycles, which the collector can only slow down. Kept apart from
:mod:`mktplan.rules.pipeline` so that the console script can set the policy without
importing pydantic.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

_freeze_after_pause = False


def freeze_what_loading_makes() -> None:
    """From now on, freeze the objects that exist when a load ends (see :func:`collector_paused`).

    The console script turns this on: there the plan lives as long as the process.
    A program that uses mktplan as a library keeps the default, because freezing
    takes *every* object out of the collector's reach, its own garbage cycles too.
    """
    global _freeze_after_pause
    _freeze_after_pause = True


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector, restoring its state afterwards.

    Loading a big plan makes about a million objects and no garbage cycles; meanwhile
    the collector would scan the growing heap again and again. Afterwards all those
    objects are in the youngest generation, so the next collections would walk all of
    the plan, each generation in turn (on the huge benchmark plan that walk caused 70 %
    of a ``check``'s cache misses on reads). Under :func:`freeze_what_loading_makes`
    they are frozen instead, out of the collector's reach; reference counting still
    frees them.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            if _freeze_after_pause:
                gc.freeze()
            gc.enable()
