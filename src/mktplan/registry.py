"""The one shape of every registry: rules, check reporters, output formats, diff reporters.

A registry is a read-only mapping from a name to an entry, in the order the entries are
listed; names are unique (a second entry of a name is a mistake, refused at import).
The command line's choices and defaults are a registry's keys, never a copied list.
An entry that is a module's function names it as ``module:attribute`` (a
:class:`Plugin`) and imports it only when it is used, so that listing the choices —
``mktplan --help``, parsing ``--format`` — imports nothing heavy.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Generic, TypeVar, cast

Entry = TypeVar("Entry")
Loaded = TypeVar("Loaded")


def registry(entries: Iterable[Entry], key: Callable[[Entry], str] | None = None,
             ) -> Mapping[str, Entry]:
    """The entries by name (``key``, or their ``name``); a name given twice is refused."""
    by_name: dict[str, Entry] = {}
    for entry in entries:
        name = key(entry) if key is not None else _name(entry)
        if name in by_name:
            raise ValueError(f"two registry entries are named '{name}'")
        by_name[name] = entry
    return MappingProxyType(by_name)


def default(entries: Mapping[str, object]) -> str:
    """The default choice of a registry: its first entry."""
    return next(iter(entries))


#: other names people write for a choice: ``-f markdown`` is ``md``
ALIASES: Mapping[str, str] = MappingProxyType({"markdown": "md"})


def choice(entries: Mapping[str, object], name: str) -> str | None:
    """The registry key that ``name`` means (itself or through :data:`ALIASES`), or None."""
    if name in entries:
        return name
    alias = ALIASES.get(name)
    return alias if alias is not None and alias in entries else None


def _name(entry: object) -> str:
    name = getattr(entry, "name", None)
    if not isinstance(name, str):
        raise TypeError(f"{entry!r} has no name; give registry() a key")
    return name


@dataclass(frozen=True)
class Plugin(Generic[Loaded]):
    """A named function of a module, imported when it is first used."""

    name: str
    target: str
    """``module:attribute``, e.g. ``mktplan.report.text:report``."""

    def load(self) -> Loaded:
        """Import the module and return the attribute."""
        module, _, attribute = self.target.partition(":")
        return cast(Loaded, getattr(importlib.import_module(module), attribute))
