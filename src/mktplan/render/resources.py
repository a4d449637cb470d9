"""Where the shipped templates live, and how a ``--templates`` folder overrides them.

In a wheel, ``templates/`` is installed as the ``mktplan/templates`` package data; in a
source checkout (and an editable install) it is the repository's top-level folder.
"""

from __future__ import annotations

from pathlib import Path

import mktplan


def default_templates_dir() -> Path:
    """The templates shipped with mktplan."""
    installed = Path(mktplan.__file__).resolve().parent / "templates"
    if installed.is_dir():
        return installed
    return Path(mktplan.__file__).resolve().parents[2] / "templates"


def template_dirs(override: Path | None) -> list[Path]:
    """The folders to search for a template, the user's own first."""
    default = default_templates_dir()
    return [override, default] if override is not None else [default]


def find_template(relative: str, override: Path | None) -> Path:
    """The first ``relative`` file found in the override folder or the defaults."""
    for folder in template_dirs(override):
        candidate = folder / relative
        if candidate.is_file():
            return candidate
    raise FileNotFoundError(
        f"template '{relative}' not found in " + ", ".join(str(d) for d in template_dirs(override))
    )
