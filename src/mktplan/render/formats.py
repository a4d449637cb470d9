"""The registry of output formats. A new format is one module with ``render`` plus one entry.

A renderer is ``render(view: PlanView, templates: Path | None) -> bytes``: it returns
the whole file so that the caller can write it atomically and compare it for
``build --check``. Modules are imported only when their format is built.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from mktplan.render.context import PlanView

Renderer = Callable[[PlanView, "Path | None"], bytes]


@dataclass(frozen=True)
class OutputFormat:
    """An output format: its name on the command line, file extension and renderer module."""

    name: str
    extension: str
    module: str

    def renderer(self) -> Renderer:
        """Import the renderer module and return its ``render`` function."""
        render: Renderer = importlib.import_module(self.module).render
        return render


FORMATS: dict[str, OutputFormat] = {
    "docx": OutputFormat("docx", ".docx", "mktplan.render.docx"),
    "xlsx": OutputFormat("xlsx", ".xlsx", "mktplan.render.xlsx"),
    "md": OutputFormat("md", ".md", "mktplan.render.markdown"),
}
