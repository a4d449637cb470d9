"""Expanding the paths given on the command line into the plan files to check.

A path is a file (checked whatever its name, and reported as unreadable when it does
not exist) or a folder, meaning every ``*.yaml`` and ``*.yml`` file below it, sorted.
Hidden files and folders (``.git``, ``.github``, ``.pre-commit-config.yaml``) inside a
folder are skipped: they are tooling, not plans. A file found in a folder is *found*,
not named: the commands pass it over when it turns out not to be a plan (no top-level
``mktplan:`` key), since plan folders may hold other YAML too.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from typing import NamedTuple

from mktplan.errors import InputError, UsageError
from mktplan.files.reading import STDIN, STDIN_NAME, os_reason
from mktplan.findings import msg

PLAN_SUFFIXES = (".yaml", ".yml")


class PlanPath(NamedTuple):
    """A file to check, and whether it was named on the command line or found in a folder."""

    path: Path
    named: bool


def expand_paths(arguments: Iterable[Path]) -> list[PlanPath]:
    """The plan files named by ``arguments``, in order, each once.

    A path that does not exist is kept, as a named file, so that the command reports it
    beside the others. A file both named and found counts as named. Raises
    :class:`UsageError` for a folder without ``*.yaml``/``*.yml`` files, and
    :class:`InputError` for a folder that cannot be listed.
    """
    named: dict[Path, bool] = {}
    for argument in arguments:
        for path, is_named in _expand(argument):
            named[path] = named.get(path, False) or is_named
    return [PlanPath(path, is_named) for path, is_named in named.items()]


def _expand(argument: Path) -> list[tuple[Path, bool]]:
    if argument.is_dir():
        found = plan_files_in(argument)
        if not found:
            raise UsageError(f"{argument}: the folder holds no *.yaml or *.yml files",
                             msg("files.no-plans", folder=str(argument)))
        return [(path, False) for path in found]
    return [(argument, True)]


def plan_files_in(folder: Path) -> list[Path]:
    """Every ``*.yaml``/``*.yml`` file below ``folder`` (hidden entries skipped), sorted."""
    found: list[Path] = []
    for root, folders, names in os.walk(folder, onerror=_cannot_list):
        folders[:] = [name for name in folders if not name.startswith(".")]
        found.extend(Path(root, name) for name in names if _is_plan_name(name))
    return sorted(found)


def _is_plan_name(name: str) -> bool:
    return not name.startswith(".") and name.lower().endswith(PLAN_SUFFIXES)


def _cannot_list(error: OSError) -> None:
    reason = error.strerror or str(error)
    raise InputError(str(error.filename), f"cannot list the folder ({reason})",
                     msg("files.cannot-list", error=os_reason(error)))


def display_path(path: Path, cwd: Path | None = None) -> str:
    """How every report names a file: relative to the working directory when inside it.

    ``./plans/a.yaml`` and ``/repo/plans/a.yaml`` (run in ``/repo``) are both
    ``plans/a.yaml``; a file outside the working directory keeps the name it was
    given, tidied (``../other/a.yaml``, ``/srv/a.yaml``). Links are not followed, so the
    name stays the one the user knows. Standard input is ``<stdin>``.
    """
    if path == STDIN:
        return STDIN_NAME
    given = os.path.normpath(path)
    try:
        base = os.path.abspath(cwd if cwd is not None else os.getcwd())
    except OSError:  # the working directory was removed
        return given
    absolute = os.path.abspath(given)
    if absolute == base or not absolute.startswith(base.rstrip(os.sep) + os.sep):
        return given
    return os.path.relpath(absolute, base)
