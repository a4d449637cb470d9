"""The registry of output formats. A new format is one module with ``render`` plus one entry.

A renderer is ``render(view: PlanView, templates: Path | None) -> bytes``: it returns
the whole file so that the caller can write it atomically and compare it for
``build --check``. Modules are imported only when their format is built.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from mktplan.registry import Plugin, registry

if TYPE_CHECKING:
    from mktplan.render.context import PlanView

Renderer = Callable[["PlanView", "Path | None"], bytes]


@dataclass(frozen=True)
class OutputFormat(Plugin[Renderer]):
    """An output format: its name on the command line, its renderer and its file extension."""

    extension: str = ""
    built_by_default: bool = True
    """Whether ``build`` without ``--format`` writes it."""
    converted: bool = False
    """Whether the renderer's bytes are another format's, which the build converts in its
    own process (the PDF: LibreOffice, started once for all the plans of a build)."""


FORMATS: Mapping[str, OutputFormat] = registry([
    OutputFormat("docx", "mktplan.render.docx:render", ".docx"),
    OutputFormat("xlsx", "mktplan.render.xlsx:render", ".xlsx"),
    OutputFormat("md", "mktplan.render.markdown:render", ".md"),
    # asked for by name: a calendar to import, not a document to hand over
    OutputFormat("ics", "mktplan.render.ics:render", ".ics", built_by_default=False),
    # the Word file, converted by LibreOffice (render/pdf.py): only when asked for
    OutputFormat("pdf", "mktplan.render.docx:render", ".pdf", built_by_default=False,
                 converted=True),
])
