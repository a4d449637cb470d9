"""The one Jinja environment factory: sandboxed, bounded, strict, with the formatting filters.

Templates may come from a consultancy's ``--templates`` folder, so they are untrusted:
they run in a :class:`~mktplan.render.sandbox.TemplateSandbox` (an allow-list of what
they may call, and a budget for each render) with ``StrictUndefined`` (a typo in a
template is an error, not an empty string). A template is loaded only from a file
inside its folder (a symbolic link out of it is refused) and of at most
:data:`MAX_TEMPLATE_BYTES`. The filters format through the plan's
:class:`~mktplan.text.formatter.Formatter`.

Compiled templates are cached on disk (Jinja keys the cache by each template's
source checksum, so an edited template is recompiled): compiling the Markdown
templates was a third of a small plan's build. Jinja runs whatever bytecode it
finds there, so the cache is used only in a folder of this user's that nobody
else may write to (:class:`PrivateBytecodeCache`).
"""

from __future__ import annotations

import os
import posixpath
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any, Final

from jinja2 import (
    BaseLoader,
    BytecodeCache,
    Environment,
    FileSystemBytecodeCache,
    FileSystemLoader,
    StrictUndefined,
    TemplateNotFound,
)
from jinja2.bccache import Bucket
from jinja2.loaders import split_template_path

from mktplan.errors import FileTooLargeError
from mktplan.files.reading import read_regular_file
from mktplan.findings import msg
from mktplan.render.limits import TemplateLimitError, TemplateRefusal
from mktplan.render.resources import inside, template_dirs
from mktplan.render.sandbox import TemplateSandbox
from mktplan.text.formatter import Formatter

MAX_TEMPLATE_BYTES: Final = 1024 * 1024
"""A Jinja template file's size limit; the shipped ones are a few kilobytes."""
CACHE_PATTERN: Final = "mktplan-sandbox1-%s.cache"
"""Cache file names. The tag changes whenever the sandbox compiles templates differently,
so that code compiled by an earlier mktplan, without its loop and text counting, is
never loaded."""
_SHARED_WRITE: Final = stat.S_IWGRP | stat.S_IWOTH


def cache_dir() -> Path | None:
    """Where compiled templates are kept: ``MKTPLAN_CACHE_DIR``, else the user cache.

    ``MKTPLAN_CACHE_DIR=""`` (empty) switches the cache off.
    """
    configured = os.environ.get("MKTPLAN_CACHE_DIR")
    if configured is not None:
        return Path(configured) if configured else None
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "mktplan" / "jinja"


def is_private(status: os.stat_result, kind: Callable[[int], bool]) -> bool:
    """Whether ``status`` is of ``kind`` (``stat.S_ISDIR``…), mine, and unwritable to others."""
    return (kind(status.st_mode) and status.st_uid == os.getuid()
            and not status.st_mode & _SHARED_WRITE)


class PrivateBytecodeCache(FileSystemBytecodeCache):
    """Jinja's file cache, loading only files this user owns and nobody else may write."""

    def load_bytecode(self, bucket: Bucket) -> None:
        """Load the cached code of ``bucket``, unless someone else could have written it."""
        path = os.path.join(self.directory, self.pattern % (bucket.key,))
        try:
            handle = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
        except OSError:
            return
        with os.fdopen(handle, "rb") as cached:
            if is_private(os.fstat(cached.fileno()), stat.S_ISREG):
                bucket.load_bytecode(cached)


def _bytecode_cache() -> BytecodeCache | None:
    folder = cache_dir()
    if folder is None:
        return None
    try:
        folder.parent.mkdir(parents=True, exist_ok=True)
        folder.mkdir(mode=0o700, exist_ok=True)
        status = os.lstat(folder)
    except OSError:  # a read-only home: compile every time, as without a cache
        return None
    if not is_private(status, stat.S_ISDIR):  # someone else's, shared or a link: not used
        return None
    return PrivateBytecodeCache(str(folder), pattern=CACHE_PATTERN)


class TemplateFolderLoader(FileSystemLoader):
    """Jinja's file loader, reading templates as mktplan reads any file of a repository.

    A ``--templates`` folder may come from a repository, and a template there may be a
    link out of the folder, to ``/proc/self/environ``, to a device or to a FIFO: it is
    refused (never read, never rendered into a deliverable; see :mod:`mktplan.files.reading`),
    and so is a file over :data:`MAX_TEMPLATE_BYTES`. As with Jinja's loader, the first
    folder holding the name wins; here a name that is there but cannot be used is an
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
        candidate = Path(filename)
        if not inside(Path(folder), candidate):
            raise TemplateRefusal(msg("templates.outside", file=str(candidate),
                                      folder=str(folder)))
        try:
            contents = read_regular_file(candidate, MAX_TEMPLATE_BYTES).decode(self.encoding)
        except FileTooLargeError as exc:
            told = (msg("templates.limit.file-grew", file=str(candidate), limit=MAX_TEMPLATE_BYTES)
                    if exc.size is None else msg("templates.limit.file", file=str(candidate),
                                                 size=exc.size, limit=MAX_TEMPLATE_BYTES))
            raise TemplateLimitError(told) from None
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
                     ) -> TemplateSandbox:
    """A sandboxed environment whose loader searches the override folder first."""
    env = TemplateSandbox(
        loader=loader or TemplateFolderLoader([str(d) for d in template_dirs(override)]),
        undefined=StrictUndefined,
        autoescape=autoescape,
        bytecode_cache=_bytecode_cache(),
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.add_filters({
        "money": fmt.money,
        "quantity": fmt.quantity,
        "money_exact": fmt.money_exact,
        "amount_exact": fmt.amount_exact,
        "number": fmt.number,
        "percent": fmt.percent,
        "signed_percent": fmt.signed_percent,
        "ratio": fmt.ratio,
        "date": fmt.date,
        "period": fmt.period,
        "short_date": fmt.short_date,
        "month": fmt.month,
        "short_month": fmt.short_month,
    })
    env.add_filters(extra_filters or {})
    return env
