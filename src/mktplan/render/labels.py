"""Per-language catalogs of headings and labels (``templates/i18n/<language>.yaml``).

A ``--templates`` folder may hold its own ``i18n/<language>.yaml``; its keys override
the shipped ones, so a consultancy can rename a heading without copying the catalog.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any

import yaml

from mktplan.render.resources import template_dirs


@dataclass(frozen=True)
class Catalog:
    """Headings (``sections``/``subsections``), ``labels`` and ``enums`` for one language.

    The mappings are read-only: templates are given them as they are.
    """

    sections: Mapping[str, str]
    subsections: Mapping[str, str]
    labels: Mapping[str, str]
    enums: Mapping[str, Mapping[str, str]]

    def enum(self, kind: str, value: str | None) -> str:
        """The label of an enum value (the value itself when the catalog lacks it)."""
        if value is None:
            return ""
        return self.enums.get(kind, {}).get(value, value)


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
        if path.is_file():
            loaded = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
            data = _merge(data, loaded)
    return Catalog(
        sections=MappingProxyType({k: str(v) for k, v in data.get("sections", {}).items()}),
        subsections=MappingProxyType({k: str(v) for k, v in data.get("subsections", {}).items()}),
        labels=MappingProxyType({k: str(v) for k, v in data.get("labels", {}).items()}),
        enums=MappingProxyType({k: MappingProxyType({str(a): str(b) for a, b in v.items()})
                                for k, v in data.get("enums", {}).items()}),
    )
