"""Reading a file as it was at a git revision, named ``REV:path`` as ``git show`` names it.

``main:plans/acme.yaml`` is ``plans/acme.yaml`` (from the top of the repository)
at ``main``; ``HEAD~1:./acme.yaml`` is relative to the current folder; ``:acme.yaml``
is the staged version. The bytes come from ``git cat-file blob``, the plumbing
behind ``git show`` that never runs a pager or a textconv filter, so a configured
``diff.mktplan.textconv`` cannot change what is read.
"""

from __future__ import annotations

import os
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from mktplan.errors import FileTooLargeError, InputError
from mktplan.files.reading import read_at_most
from mktplan.findings import MessagePatterns, msg

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


#: git's own refusals (in English: see :func:`_environment`), each with its message key;
#: the English messages are git's words
_GIT_SAYS = MessagePatterns(
    ("git.invalid-object", r"^invalid object name '(?P<revision>.+?)'\.$"),
    ("git.not-valid-object", r"^Not a valid object name (?P<revision>.+)$"),
    ("git.not-in-revision", r"^path '(?P<path>.+)' does not exist in '(?P<revision>.+)'$"),
    ("git.only-on-disk", r"^path '(?P<path>.+)' exists on disk, but not in '(?P<revision>.+)'$"),
    ("git.not-staged",
     r"^path '(?P<path>.+)' does not exist \(neither on disk nor in the index\)$"),
    ("git.only-on-disk-staged", r"^path '(?P<path>.+)' exists on disk, but not in the index$"),
    ("git.outside", r"^'(?P<path>.+)' is outside repository at '(?P<top>.+)'$"),
    ("git.no-repository",
     r"^not a git repository \(or any of the parent directories\): (?P<folder>.+)$"),
)


def _refused(target: RevisionPath, stderr: bytes) -> InputError:
    """Git's refusal, in git's words and as a catalogue message (see :data:`_GIT_SAYS`)."""
    lines = stderr.decode("utf-8", errors="replace").strip().splitlines()
    message = next((line for line in lines if line.startswith(("fatal:", "error:"))),
                   lines[0] if lines else "git failed")
    problem = message.removeprefix("fatal:").removeprefix("error:").strip()
    detail = _GIT_SAYS.message(problem) or msg("git.other", problem=problem)
    return InputError(str(target), problem, detail)


def _environment() -> dict[str, str]:
    """The environment with git's messages in English, which :data:`_GIT_SAYS` knows."""
    environment = dict(os.environ)
    every = environment.pop("LC_ALL", None)
    if every:  # it named the encoding of paths too: keep that
        environment["LC_CTYPE"] = every
    environment["LC_MESSAGES"] = "C"
    environment.pop("LANGUAGE", None)
    return environment


def read_revision(target: RevisionPath, max_bytes: int, cwd: Path | None = None) -> bytes:
    """The bytes of ``target``; raises :class:`InputError` when git cannot give them.

    Git is asked for the size first, so a blob over ``max_bytes`` is refused with
    :class:`FileTooLargeError` before any of it is read, and no more than that size
    (plus one byte, to notice a revision that moved meanwhile) is ever read.
    """
    name = str(target)
    if target.revision.startswith("-"):
        raise InputError(name, f"'{target.revision}' is not a git revision",
                         msg("git.not-a-revision", revision=target.revision))
    size_text = _run_git(["cat-file", "-s", name], target, cwd)
    size = int(size_text.strip() or b"0")
    if size > max_bytes:
        raise FileTooLargeError(name, size, max_bytes)
    return _read_blob(target, size, cwd)


def _run_git(arguments: list[str], target: RevisionPath, cwd: Path | None) -> bytes:
    try:
        result = subprocess.run(["git", *arguments], cwd=cwd, capture_output=True,
                                check=False, env=_environment())
    except OSError as exc:
        raise _git_missing(target, exc) from exc
    if result.returncode != 0:
        raise _refused(target, result.stderr)
    return result.stdout


def _read_blob(target: RevisionPath, size: int, cwd: Path | None) -> bytes:
    with tempfile.TemporaryFile() as errors:  # a pipe for both streams could fill up and block
        try:
            git = subprocess.Popen(["git", "cat-file", "blob", str(target)], cwd=cwd,
                                   stdout=subprocess.PIPE, stderr=errors, env=_environment())
        except OSError as exc:
            raise _git_missing(target, exc) from exc
        with git:
            assert git.stdout is not None  # asked for with PIPE
            data = read_at_most(git.stdout, size + 1)
            if len(data) > size:
                git.kill()
        if git.returncode != 0 and len(data) <= size:
            errors.seek(0)
            raise _refused(target, errors.read())
    if len(data) != size:
        raise InputError(str(target), "the revision changed while it was read; try again",
                         msg("git.changed"))
    return data


def _git_missing(target: RevisionPath, exc: OSError) -> InputError:
    if isinstance(exc, FileNotFoundError):
        return InputError(str(target), "reading a git revision needs git, which is not "
                                       "installed or not on PATH", msg("git.missing"))
    error = exc.strerror or str(exc)
    return InputError(str(target), f"cannot run git ({error})", msg("git.cannot-run", error=error))
