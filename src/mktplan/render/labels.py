"""Per-language catalogs of headings and labels (``templates/i18n/<language>.yaml``).

A ``--templates`` folder may hold its own ``i18n/<language>.yaml``; its keys override
the shipped ones, so a consultancy can rename a heading without copying the catalog.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from mktplan.load.source import max_bytes_from_env
from mktplan.reading import read_regular_file
from mktplan.render.resources import template_dirs


@dataclass(frozen=True)
class Catalog:
    """Headings (``sections``/``subsections``), ``labels`` and ``enums`` for one language."""

    sections: dict[str, str]
    subsections: dict[str, str]
    labels: dict[str, str]
    enums: dict[str, dict[str, str]]

    def enum(self, kind: str, value: str | None) -> str:
        """The label of an enum value (the value itself when the catalog lacks it)."""
        if value is None:
            return ""
        return self.enums.get(kind, {}).get(value, value)

    def as_dict(self) -> dict[str, Any]:
        """The catalog as plain dicts, for templates."""
        return {
            "sections": self.sections,
            "subsections": self.subsections,
            "labels": self.labels,
            "enums": self.enums,
        }


def _merge(base: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in extra.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def load_catalog(language: str, override: Path | None = None) -> Catalog:
    """The catalog for ``language`` (``en`` or ``zh-CN``), with the override applied."""
    data: dict[str, Any] = {}
    for folder in reversed(template_dirs(override)):
        path = folder / "i18n" / f"{language}.yaml"
        if path.exists() or path.is_symlink():  # a link to a device is refused, not skipped
            raw = read_regular_file(path, max_bytes_from_env())
            loaded = yaml.safe_load(raw.decode("utf-8")) or {}
            data = _merge(data, loaded)
    return Catalog(
        sections={k: str(v) for k, v in data.get("sections", {}).items()},
        subsections={k: str(v) for k, v in data.get("subsections", {}).items()},
        labels={k: str(v) for k, v in data.get("labels", {}).items()},
        enums={k: {str(a): str(b) for a, b in v.items()} for k, v in data.get("enums", {}).items()},
    )
