"""Opening one side of a diff: a plan file, or ``REV:path`` read from git; checked once.

Each side is checked under the project configuration (:mod:`mktplan.project`) of its
file's folder; a ``REV:path`` side, which has no folder of its own, under the working
directory's.
"""

from __future__ import annotations

from pathlib import Path

from mktplan.errors import FileTooLargeError
from mktplan.files.git import parse_revision_path, read_revision
from mktplan.load.source import max_bytes_from_env, too_large_document
from mktplan.project import config_for
from mktplan.rules.pipeline import CheckedPlan, check_bytes, check_document, check_file


def _is_file(text: str) -> bool:
    try:
        return Path(text).exists()
    except (OSError, ValueError):  # a name the file system cannot even look up
        return False


def open_side(spec: str, cwd: Path | None = None) -> CheckedPlan:
    """Load and check a plan file, or a file at a git revision when no such file exists.

    Raises :class:`~mktplan.errors.InputError` when it cannot be read at all.
    """
    revision = None if _is_file(spec) else parse_revision_path(spec)
    if revision is None:
        return check_file(Path(spec), spec, config_for(Path(spec)).rule_defaults)
    defaults = config_for(cwd or Path.cwd()).rule_defaults
    try:
        raw = read_revision(revision, max_bytes_from_env(), cwd)
    except FileTooLargeError as exc:  # a finding, as for a file over the limit
        return check_document(too_large_document(exc), defaults)
    return check_bytes(raw, spec, defaults)
