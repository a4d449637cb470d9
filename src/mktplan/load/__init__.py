"""Loading: YAML text → plain data (strings, lists, dicts) plus a source-position map.

``read_plan_file`` / ``parse_yaml`` are the entry points; :mod:`.values` parses
dates, money and shares out of the strings the loader keeps verbatim.

The entry points are imported on first use, not with the package: the console script
imports :mod:`.collector` before it knows the command, and ``mktplan --help`` must not
pay for PyYAML (bench/goals.py, "--help imports no yaml").
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from mktplan.load.source import LoadedDocument, SourceMap, parse_yaml, read_plan_file

__all__ = ["LoadedDocument", "SourceMap", "parse_yaml", "read_plan_file"]


def __getattr__(name: str) -> object:
    if name in __all__:
        from mktplan.load import source

        return getattr(source, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
