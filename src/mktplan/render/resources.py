"""Where the shipped templates live, and how a ``--templates`` folder overrides them.

In a wheel, ``templates/`` is installed as the ``mktplan/templates`` package data; in a
source checkout (and an editable install) it is the repository's top-level folder.
A ``--templates`` folder is someone else's work and may hold a symbolic link to a
secret (``docx/report.docx`` → ``~/.ssh/id_rsa``): a file is used only when it is
inside its folder with every link followed.
"""

from __future__ import annotations

from pathlib import Path
from typing import Final

import mktplan
from mktplan.findings import msg
from mktplan.text.messages import usage_error


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


def inside(folder: Path, candidate: Path) -> bool:
    """Whether ``candidate``, with every link followed, is inside ``folder``."""
    try:
        return candidate.resolve(strict=True).is_relative_to(folder.resolve(strict=True))
    except (OSError, RuntimeError):  # missing, or a loop of links
        return False


def contained_file(folder: Path, relative: str) -> Path | None:
    """``folder/relative`` if it is a file (:class:`UsageError` if it leads out of ``folder``)."""
    candidate = folder / relative
    if not candidate.is_file():
        return None
    if not inside(folder, candidate):
        raise usage_error(msg("templates.outside", file=str(candidate), folder=str(folder)))
    return candidate


def find_template(relative: str, override: Path | None) -> Path:
    """The first ``relative`` file found in the override folder or the defaults."""
    for folder in template_dirs(override):
        candidate = contained_file(folder, relative)
        if candidate is not None:
            return candidate
    raise FileNotFoundError(
        f"template '{relative}' not found in " + ", ".join(str(d) for d in template_dirs(override))
    )


#: what a ``--templates`` folder may override (``init``'s skeletons are not among them)
OVERRIDABLE: Final = ("docx", "markdown", "i18n")
_TEMPLATE_SUFFIXES: Final = (".docx", ".j2", ".yaml", ".md")


def shipped_templates() -> list[str]:
    """Every shipped file a ``--templates`` folder may override, as a relative path."""
    root = default_templates_dir()
    return sorted(path.relative_to(root).as_posix()
                  for part in OVERRIDABLE for path in (root / part).rglob("*")
                  if path.is_file() and path.suffix in _TEMPLATE_SUFFIXES)


def export_templates(folder: Path, force: bool = False) -> list[Path]:
    """Copy the shipped templates into ``folder`` to edit; the files written.

    Raises :class:`UsageError` before writing anything when a file is there already
    (unless ``force``) or ``folder`` is a file; ``OSError`` when a file cannot be written.
    """
    from mktplan.files.writing import write_atomic

    if folder.exists() and not folder.is_dir():
        raise usage_error(msg("templates.export-to-file", folder=str(folder)))
    names = shipped_templates()
    there = [name for name in names if (folder / name).exists()]
    if there and not force:
        first = str(folder / there[0])
        raise usage_error(msg("templates.exists-more", file=first, n=len(there) - 1)
                          if len(there) > 1 else msg("templates.exists", file=first))
    root = default_templates_dir()
    written = []
    for name in names:
        target = folder / name
        target.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(target, (root / name).read_bytes())
        written.append(target)
    return written
