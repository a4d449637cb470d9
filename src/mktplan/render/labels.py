"""Per-language catalogs of headings and labels (``templates/i18n/<language>.yaml``).

A ``--templates`` folder may hold its own ``i18n/<language>.yaml``; its keys override
the shipped ones, so a consultancy can rename a heading without copying the catalog.

Such a file is someone else's, so it is read with mktplan's own strict YAML loader
(:func:`mktplan.load.source.parse_yaml`: no anchors and aliases to blow up, no tags,
no duplicate keys, bounded nesting) and checked against the shipped catalog. What
cannot be used (broken YAML, a value that is not text) stops the build with its file,
line and column. A key the shipped catalog does not have (``sectoins:``, an enum value
that does not exist) is most likely a typo, but harms nothing: it is left out, and
:func:`override_warnings` names it, so that ``build`` can warn about it once per
folder (on stderr, ``mktplan: warning: file:line:col: …``) without failing. The one
exception is ``labels`` and ``subsections``: a custom template may use labels of its
own, so new ones are welcome there.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any, Final, NoReturn

from mktplan.errors import FileTooLargeError, InputError, UsageError
from mktplan.files.reading import read_regular_file
from mktplan.findings import Message, msg
from mktplan.findings import Path as KeyPath
from mktplan.load.source import LoadedDocument, parse_yaml
from mktplan.render.resources import contained_file, default_templates_dir
from mktplan.text.messages import located, reason, usage_error

PARTS: Final = ("sections", "subsections", "labels", "enums")
OPEN_PARTS: Final = frozenset({"labels", "subsections"})
"""Parts where an override may add keys of its own, for its own templates."""
MAX_CATALOG_BYTES: Final = 1024 * 1024


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
    """The catalog for ``language`` (``en`` or ``zh-CN``), with the override applied.

    Raises :class:`~mktplan.errors.UsageError` with ``file:line:col`` for an override
    that is not a valid catalog.
    """
    relative = f"i18n/{language}.yaml"
    shipped_path = default_templates_dir() / relative
    data = _read(shipped_path, None)[0] if shipped_path.is_file() else {}
    path = contained_file(override, relative) if override is not None else None
    if path is not None:
        data = _merge(data, _read(path, data)[0])
    return Catalog(
        sections=_texts(data.get("sections", {})),
        subsections=_texts(data.get("subsections", {})),
        labels=_texts(data.get("labels", {})),
        enums=MappingProxyType({kind: _texts(values)
                                for kind, values in data.get("enums", {}).items()}),
    )


def _texts(values: dict[str, str]) -> Mapping[str, str]:
    return MappingProxyType(dict(values))


def override_warnings(folder: Path) -> list[Message]:
    """What the i18n overrides of a templates folder hold that will not be used.

    One ``file:line:col: …`` line per unknown key, and one per catalog of a language
    mktplan has no catalog for. A catalog that cannot be read is left to the build,
    which stops with its error only if a plan of its language is built.
    """
    overrides = folder / "i18n"
    if not overrides.is_dir():
        return []
    shipped_dir = default_templates_dir() / "i18n"
    warnings: list[Message] = []
    for path in sorted(overrides.glob("*.yaml")):
        shipped_path = shipped_dir / path.name
        if not shipped_path.is_file():
            languages = tuple(sorted(p.stem for p in shipped_dir.glob("*.yaml")))
            warnings.append(msg("labels.no-catalog", file=str(path), language=path.stem,
                                languages=languages))
            continue
        try:
            contained = contained_file(folder, f"i18n/{path.name}")
            if contained is not None:
                warnings.extend(_read(contained, _read(shipped_path, None)[0])[1])
        except UsageError:
            continue
    return warnings


def _read(path: Path,
          shipped: dict[str, Any] | None) -> tuple[dict[str, Any], list[Message]]:
    """A catalog file's data, checked against the ``shipped`` catalog (None: it is that one).

    Unknown keys are left out of the data and told in the warnings.
    """
    try:  # a regular file only: an override may be a link to a device (mktplan.files.reading)
        text = read_regular_file(path, MAX_CATALOG_BYTES).decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise usage_error(msg("labels.not-utf8", file=str(path))) from exc
    except FileTooLargeError as exc:
        raise usage_error(msg("labels.too-large", file=str(path),
                              limit=MAX_CATALOG_BYTES)) from exc
    except InputError as exc:
        raise usage_error(msg("labels.cannot-read", file=str(path), reason=reason(exc))) from exc
    document = parse_yaml(text, str(path))
    if document.data is None and all(f.rule == "schema-empty" for f in document.findings):
        return {}, []  # an empty file overrides nothing
    problems = [f for f in document.findings if f.is_error]
    if problems:
        raise usage_error(located(str(path), problems, msg("labels.mapping")))
    warnings: list[Message] = []
    data = _check_shape(document, document.data, shipped, warnings)
    return data, warnings


def _check_shape(document: LoadedDocument, data: dict[str, Any],
                 shipped: dict[str, Any] | None, warnings: list[Message]) -> dict[str, Any]:
    """``data`` without its unknown keys, each told in ``warnings``; raises for the rest."""
    kept: dict[str, Any] = {}
    for part, values in data.items():
        if part not in PARTS:
            warnings.append(_unused(document, (part,),
                                    msg("labels.unknown-part", key=part, parts=tuple(PARTS))))
            continue
        if part != "enums" or not isinstance(values, dict):
            known = None if part in OPEN_PARTS else _known(shipped, (part,))
            kept[part] = _check_entries(document, (part,), values, known, warnings)
            continue
        kept[part] = {}
        for kind, entries in values.items():
            known = _known(shipped, (part, kind))
            if shipped is not None and known is None:
                warnings.append(_unused(document, (part, kind),
                                        msg("labels.unknown-enum", kind=kind)))
                continue
            kept[part][kind] = _check_entries(document, (part, kind), entries, known, warnings)
    return kept


def _known(shipped: dict[str, Any] | None, where: KeyPath) -> dict[str, Any] | None:
    node: Any = shipped
    for step in where:
        node = node.get(step) if isinstance(node, dict) else None
    return node if isinstance(node, dict) else None


def _check_entries(document: LoadedDocument, where: KeyPath, entries: Any,
                   known: dict[str, Any] | None, warnings: list[Message]) -> dict[str, str]:
    if not isinstance(entries, dict):
        _refuse(document, where, msg("labels.entries", key=".".join(map(str, where))))
    kept: dict[str, str] = {}
    for key, value in entries.items():
        if not isinstance(value, str):
            found = msg("labels.empty") if value is None else msg(
                "labels.type", type=type(value).__name__)
            _refuse(document, (*where, key), msg("labels.not-text", key=key, value=found))
        if known is not None and key not in known:
            warnings.append(_unused(document, (*where, key), msg(
                "labels.unknown-key", key=key, where=".".join(map(str, where)),
                known=tuple(known))))
            continue
        kept[key] = value
    return kept


def _unused(document: LoadedDocument, where: KeyPath, message: Message) -> Message:
    line, column = document.source_map.locate_key(where)
    return msg("labels.left-out", place=f"{document.file}:{line}:{column}", what=message)


def _refuse(document: LoadedDocument, where: KeyPath, message: Message) -> NoReturn:
    line, column = document.source_map.locate(where)
    raise usage_error(msg("project.at", place=f"{document.file}:{line}:{column}",
                          message=message))
