"""Reading a file as it was at a git revision, named ``REV:path`` as ``git show`` names it.

``main:plans/acme.yaml`` is ``plans/acme.yaml`` (from the top of the repository)
at ``main``; ``HEAD~1:./acme.yaml`` is relative to the current folder; ``:acme.yaml``
is the staged version. The bytes come from ``git cat-file blob``, the plumbing
behind ``git show`` that never runs a pager or a textconv filter, so a configured
``diff.mktplan.textconv`` cannot change what is read.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path

from mktplan.errors import InputError

_WINDOWS_SEPARATORS = ("\\", "/")


@dataclass(frozen=True)
class RevisionPath:
    """A file at a git revision."""

    revision: str
    path: str

    def __str__(self) -> str:
        return f"{self.revision}:{self.path}"


def parse_revision_path(text: str) -> RevisionPath | None:
    r"""``REV:path`` split in two; None when ``text`` is not of that form.

    A drive letter (``C:/plans/acme.yaml``, ``C:\plans``) is not a revision.
    """
    revision, colon, path = text.partition(":")
    if not colon or not path:
        return None
    if len(revision) == 1 and revision.isalpha() and path.startswith(_WINDOWS_SEPARATORS):
        return None
    return RevisionPath(revision, path)


def _git_problem(stderr: bytes) -> str:
    lines = stderr.decode("utf-8", errors="replace").strip().splitlines()
    message = next((line for line in lines if line.startswith(("fatal:", "error:"))),
                   lines[0] if lines else "git failed")
    return message.removeprefix("fatal:").removeprefix("error:").strip()


def read_revision(target: RevisionPath, max_bytes: int, cwd: Path | None = None) -> bytes:
    """The bytes of ``target``; raises :class:`InputError` when git cannot give them."""
    if target.revision.startswith("-"):
        raise InputError(f"{target}: '{target.revision}' is not a git revision")
    try:
        result = subprocess.run(
            ["git", "cat-file", "blob", str(target)],
            cwd=cwd, capture_output=True, check=False,
        )
    except FileNotFoundError as exc:
        raise InputError(f"{target}: reading a git revision needs git, which is not "
                         "installed or not on PATH") from exc
    except OSError as exc:
        raise InputError(f"{target}: cannot run git ({exc.strerror})") from exc
    if result.returncode != 0:
        raise InputError(f"{target}: {_git_problem(result.stderr)}")
    if len(result.stdout) > max_bytes:
        raise InputError(f"{target}: the file is {len(result.stdout):,} bytes, over the "
                         f"{max_bytes:,}-byte limit (raise it with MKTPLAN_MAX_BYTES)")
    return result.stdout
