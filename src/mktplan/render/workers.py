"""Worker processes that never outlive their build.

``build`` renders in forked worker processes. A worker waits for its next job on a
pipe whose writing end the other workers inherited too, so when the build itself is
killed (``kill -9``, the OOM killer) nothing ever closes that pipe, and without more
a worker would wait there for ever. :func:`become_worker` makes a worker follow its
parent: on Linux the kernel sends it SIGKILL when the parent dies
(``prctl(PR_SET_PDEATHSIG)``); everywhere, a small thread notices that the parent
changed (the worker was handed to another process) within :data:`WATCH_SECONDS` and
ends the worker. A worker only renders into memory, so ending it loses nothing.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
import time

WATCH_SECONDS = 0.5
"""How often a worker looks whether its parent is still there, where the kernel cannot tell."""
_PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>


def become_worker(parent: int) -> None:
    """Run at a worker's start: follow the parent ``parent`` (its pid) and leave Ctrl-C to it."""
    # Ctrl-C reaches the whole process group; the parent stops the build, and a worker
    # only renders into memory, so it may finish its job quietly instead of a traceback.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _ask_for_a_signal_when_the_parent_dies()
    if os.getppid() != parent:  # it died before the kernel was asked
        os._exit(1)
    threading.Thread(target=_watch, args=(parent,), name="mktplan-parent-watch",
                     daemon=True).start()


def _ask_for_a_signal_when_the_parent_dies() -> bool:
    """Linux only: the kernel kills this process when its parent ends. False elsewhere."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        return bool(libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0)
    except (OSError, AttributeError):  # no C library to call: the watch still works
        return False


def _watch(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(WATCH_SECONDS)
    os._exit(1)
