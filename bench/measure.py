"""Timing whole processes: wall time with ``perf_counter``, peak memory from ``wait4``.

Each child's own ``ru_maxrss`` comes from ``os.wait4`` (``getrusage(RUSAGE_CHILDREN)``
would give the largest child so far, not this one). On Linux it starts at the parent's
peak (it survives fork and exec), so the runner keeps itself small. Output goes to a temporary file
so that a failure can be shown, and never fills a pipe.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

TIMEOUT_SECONDS = 1800
MIB = 1024 * 1024


@dataclass(frozen=True)
class Command:
    """One thing to time: a name in the report, the argv, and the exit codes that mean success."""

    name: str
    argv: tuple[str, ...]
    ok_codes: frozenset[int] = frozenset({0})


@dataclass(frozen=True)
class Sample:
    """One run: wall and CPU (user + system) seconds, peak resident bytes, exit code.

    CPU time and peak memory are None where ``os.wait4`` does not exist (Windows).
    """

    seconds: float
    cpu_seconds: float | None
    peak_bytes: int | None
    code: int


@dataclass
class Measurement:
    """Every timed run of one command on one plan size, and how it went."""

    command: str
    size: str
    samples: list[Sample] = field(default_factory=list)
    status: str = "ok"  # ok | failed | skipped | not available
    note: str = ""

    @property
    def median(self) -> float | None:
        """Median wall time in seconds, None when nothing usable was measured."""
        return statistics.median(s.seconds for s in self.samples) if self.usable else None

    @property
    def cpu_median(self) -> float | None:
        """Median CPU time (user + system) in seconds: steadier than wall time on a busy host."""
        times = [s.cpu_seconds for s in self.samples if s.cpu_seconds is not None]
        return statistics.median(times) if times and self.usable else None

    @property
    def peak_mib(self) -> float | None:
        """Highest peak resident memory of the runs, in MiB."""
        peaks = [s.peak_bytes for s in self.samples if s.peak_bytes is not None]
        return max(peaks) / MIB if peaks and self.usable else None

    @property
    def usable(self) -> bool:
        """Whether every run succeeded and there are samples."""
        return self.status == "ok" and bool(self.samples)

    def to_dict(self) -> dict[str, object]:
        """The measurement as JSON data."""
        return {
            "command": self.command, "size": self.size, "status": self.status,
            "note": self.note, "median_s": self.median, "cpu_median_s": self.cpu_median,
            "peak_rss_mib": self.peak_mib,
            "runs_s": [round(s.seconds, 4) for s in self.samples],
        }


def _peak_bytes(max_rss: int) -> int:
    # Linux reports kibibytes, macOS bytes
    return max_rss if sys.platform == "darwin" else max_rss * 1024


def run_once(argv: tuple[str, ...], env: dict[str, str], cwd: Path,
             timeout: float = TIMEOUT_SECONDS) -> tuple[Sample, str]:
    """Run ``argv`` once; its sample and the tail of its output (for failure reports)."""
    with tempfile.TemporaryFile() as output:
        start = time.perf_counter()
        process = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=output,
                                   stderr=subprocess.STDOUT, env=env, cwd=cwd)
        timer = threading.Timer(timeout, process.kill)
        timer.start()
        try:
            code, cpu, peak = _wait(process)
        finally:
            timer.cancel()
        seconds = time.perf_counter() - start
        output.seek(0)
        tail = output.read()[-4000:].decode("utf-8", errors="replace")
    return Sample(seconds, cpu, peak, code), tail


def _wait(process: subprocess.Popen[bytes]) -> tuple[int, float | None, int | None]:
    if not hasattr(os, "wait4"):  # Windows: wall time only
        return process.wait(), None, None
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)  # reaped: Popen must not wait again
    return (process.returncode, usage.ru_utime + usage.ru_stime,
            _peak_bytes(usage.ru_maxrss))
