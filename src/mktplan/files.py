"""Expanding the paths given on the command line into the plan files to check.

A path is a file (checked whatever its name) or a folder, meaning every ``*.yaml`` and
``*.yml`` file below it, sorted. Hidden files and folders (``.git``, ``.github``,
``.pre-commit-config.yaml``) inside a folder are skipped: they are tooling, not plans.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from mktplan.errors import InputError, UsageError

PLAN_SUFFIXES = (".yaml", ".yml")


def expand_paths(arguments: Iterable[Path]) -> list[Path]:
    """The plan files named by ``arguments``, in order, each once.

    Raises :class:`UsageError` for a path that does not exist or a folder without plans,
    and :class:`InputError` for a folder that cannot be listed.
    """
    files: list[Path] = []
    for argument in arguments:
        files.extend(_expand(argument))
    return list(dict.fromkeys(files))


def _expand(argument: Path) -> list[Path]:
    if argument.is_dir():
        found = plan_files_in(argument)
        if not found:
            raise UsageError(f"{argument}: the folder holds no *.yaml or *.yml files")
        return found
    if argument.exists():
        return [argument]
    raise UsageError(f"{argument}: no such file or folder")


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
    raise InputError(f"{error.filename}: cannot list the folder ({reason})")
