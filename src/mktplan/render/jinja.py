"""The one Jinja environment factory: sandboxed, strict, with the formatting filters.

Templates may come from a consultancy's ``--templates`` folder, so they run in an
``ImmutableSandboxedEnvironment`` (no ``cycler.__init__.__globals__`` escapes) with
``StrictUndefined`` (a typo in a template is an error, not an empty string). The
filters format through the plan's :class:`~mktplan.render.formatting.Formatter`.
Compiled templates are cached on disk (Jinja keys the cache by each template's
source checksum, so an edited template is recompiled): compiling the Markdown
templates was a third of a small plan's build.
"""

from __future__ import annotations

import os
import posixpath
from collections.abc import Callable
from pathlib import Path
from typing import Any

from jinja2 import (
    BaseLoader,
    BytecodeCache,
    Environment,
    FileSystemBytecodeCache,
    FileSystemLoader,
    StrictUndefined,
    TemplateNotFound,
)
from jinja2.loaders import split_template_path
from jinja2.sandbox import ImmutableSandboxedEnvironment

from mktplan.load.source import max_bytes_from_env
from mktplan.reading import read_regular_file
from mktplan.render.formatting import Formatter
from mktplan.render.resources import template_dirs


def cache_dir() -> Path | None:
    """Where compiled templates are kept: ``MKTPLAN_CACHE_DIR``, else the user cache.

    ``MKTPLAN_CACHE_DIR=""`` (empty) switches the cache off.
    """
    configured = os.environ.get("MKTPLAN_CACHE_DIR")
    if configured is not None:
        return Path(configured) if configured else None
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "mktplan" / "jinja"


def _bytecode_cache() -> BytecodeCache | None:
    folder = cache_dir()
    if folder is None:
        return None
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:  # a read-only home: compile every time, as without a cache
        return None
    return FileSystemBytecodeCache(str(folder))


class RegularFileLoader(FileSystemLoader):
    """A :class:`~jinja2.FileSystemLoader` that reads templates as mktplan reads any file.

    A ``--templates`` folder may come from a repository, and a template there may be a
    link to ``/proc/self/environ``, a device or a FIFO: it is refused by
    :func:`~mktplan.reading.read_regular_file` (never read, never rendered into a
    deliverable), not read with ``open()``. As with Jinja's loader, the first folder
    holding the name wins; here a name that is there but not a regular file is an
    error, not a reason to look in the next folder.
    """

    def get_source(self, environment: Environment,
                   template: str) -> tuple[str, str, Callable[[], bool]]:
        """The template's text, its file name and a test of whether it is still current."""
        pieces = split_template_path(template)
        for folder in self.searchpath:
            filename = posixpath.join(folder, *pieces)
            if os.path.lexists(filename):
                break
        else:
            raise TemplateNotFound(template)
        raw = read_regular_file(Path(filename), max_bytes_from_env())
        contents = raw.decode(self.encoding)
        mtime = os.path.getmtime(filename)

        def uptodate() -> bool:
            try:
                return os.path.getmtime(filename) == mtime
            except OSError:
                return False

        return contents, os.path.normpath(filename), uptodate


def make_environment(fmt: Formatter, *, override: Path | None = None, autoescape: bool = False,
                     loader: BaseLoader | None = None,
                     extra_filters: dict[str, Callable[..., Any]] | None = None,
                     ) -> ImmutableSandboxedEnvironment:
    """A sandboxed environment whose loader searches the override folder first."""
    env = ImmutableSandboxedEnvironment(
        loader=loader or RegularFileLoader([str(d) for d in template_dirs(override)]),
        undefined=StrictUndefined,
        autoescape=autoescape,
        bytecode_cache=_bytecode_cache(),
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update({
        "money": fmt.money,
        "money_full": fmt.money_full,
        "number": fmt.number,
        "percent": fmt.percent,
        "signed_percent": fmt.signed_percent,
        "ratio": fmt.ratio,
        "date": fmt.date,
        "month": fmt.month,
        "short_month": fmt.short_month,
    })
    env.filters.update(extra_filters or {})
    return env
