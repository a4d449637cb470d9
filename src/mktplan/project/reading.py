"""Reading a project's configuration file as data with positions.

``.mktplan.yaml`` is read with mktplan's own strict loader
(:func:`mktplan.load.source.parse_yaml`: no tags, no duplicate keys, bounded nesting and
aliases), so every value keeps its line and column. ``pyproject.toml`` is read with
``tomllib``, which keeps no positions: :class:`TomlPositions` finds a key in the text
under the table that holds it (``[tool.mktplan]``, ``[tool.mktplan.rules]``, a dotted
key or an inline table), which is exact for the forms people write, and falls back to
the table's header. A ``pyproject.toml`` that does not mention ``tool.mktplan`` (or a
bare ``[tool]`` table) is passed over unread by ``tomllib``, so that projects without
a mktplan table pay nothing for it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any, NamedTuple

from mktplan.errors import FileTooLargeError, InputError
from mktplan.files.paths import display_path
from mktplan.files.reading import read_regular_file
from mktplan.findings import Path as KeyPath
from mktplan.findings import msg
from mktplan.load.source import parse_yaml
from mktplan.text.messages import located, reason, usage_error

MAX_CONFIG_BYTES = 1024 * 1024
_MENTIONS_TOOL = re.compile(rb"""tool\s*\.\s*["']?mktplan|^\s*\[\s*tool\s*\]""", re.MULTILINE)

Locate = Callable[[KeyPath], tuple[int, int]]
"""Where the key that introduces a path stands: (line, column), both 1-based."""


class ConfigFile(NamedTuple):
    """A configuration's data, where it came from, and how to find its keys."""

    path: Path
    name: str
    """How messages name the file (relative to the working directory when inside it)."""
    data: dict[str, Any]
    locate: Locate


def _text(path: Path, name: str) -> str:
    try:
        return read_regular_file(path, MAX_CONFIG_BYTES, name).decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise usage_error(msg("project.not-utf8", file=name)) from exc
    except FileTooLargeError as exc:
        raise usage_error(msg("project.too-large", file=name, limit=MAX_CONFIG_BYTES)) from exc
    except InputError as exc:
        raise usage_error(msg("project.cannot-read", file=name, reason=reason(exc))) from exc


def read_yaml_config(path: Path) -> ConfigFile:
    """A ``.mktplan.yaml`` file's data; an empty one sets nothing."""
    name = display_path(path)
    document = parse_yaml(_text(path, name), name)
    if document.data is None and all(f.rule == "schema-empty" for f in document.findings):
        return ConfigFile(path, name, {}, lambda key_path: (1, 1))
    problems = [finding for finding in document.findings if finding.is_error]
    if problems:
        raise usage_error(located(name, problems, msg("project.mapping")))
    return ConfigFile(path, name, document.data, document.source_map.locate_key)


def read_pyproject(path: Path) -> ConfigFile | None:
    """The ``[tool.mktplan]`` table of a ``pyproject.toml``, or None when it has none."""
    name = display_path(path)
    text = _text(path, name)
    if not _MENTIONS_TOOL.search(text.encode("utf-8")):
        return None
    import tomllib

    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        where = _TOML_PLACE.search(str(exc))
        place = f"{where['line']}:{where['column']}:" if where else ""
        problem = _TOML_PLACE.sub("", str(exc))
        raise usage_error(msg("project.toml", file=name, place=place, problem=problem)) from exc
    tool = document.get("tool")
    if not isinstance(tool, dict) or "mktplan" not in tool:
        return None
    positions = TomlPositions(text)
    table = tool["mktplan"]
    if not isinstance(table, dict):
        line, column = positions.locate(())
        raise usage_error(msg("project.tool-table", place=f"{name}:{line}:{column}"))
    return ConfigFile(path, name, table, positions.locate)


_TOML_PLACE = re.compile(r" \(at line (?P<line>\d+), column (?P<column>\d+)\)")
_HEADER = re.compile(r"^\s*\[\s*([^\[\]]+?)\s*\]\s*(?:#.*)?$")
_QUOTES = re.compile(r"""["']""")


def _dotted(text: str) -> str:
    """A TOML key as plain dotted words: ``tool . "mktplan"`` → ``tool.mktplan``."""
    return ".".join(part.strip() for part in _QUOTES.sub("", text).split("."))


class TomlPositions:
    """Finds the line and column of a ``[tool.mktplan]`` key in a ``pyproject.toml``."""

    def __init__(self, text: str) -> None:
        self.lines = text.splitlines()
        self.headers = [(index, _dotted(match.group(1)))
                        for index, line in enumerate(self.lines)
                        if (match := _HEADER.match(line))]

    def locate(self, key_path: KeyPath) -> tuple[int, int]:
        """Where the key of ``key_path`` (below ``tool.mktplan``) is written."""
        words = ["tool", "mktplan", *map(str, key_path)]
        fallback: tuple[int, int] | None = None
        # the table most deeply named for the path comes first: [tool.mktplan.rules], then
        # [tool.mktplan], then [tool]
        for depth in range(len(words), 0, -1):
            table = ".".join(words[:depth])
            rest = words[depth:]
            for index, name in self.headers:
                if name != table:
                    continue
                header = (index + 1, self.lines[index].index("[") + 1)
                found = self._key_in_table(index, rest) if rest else header
                if found is not None:
                    return found
                if fallback is None and depth >= 2:  # a key not written: its table
                    fallback = header
        return fallback or (1, 1)

    def _key_in_table(self, header: int, rest: list[str]) -> tuple[int, int] | None:
        """The line under the header at ``header`` that sets ``rest`` (dotted or inline)."""
        end = next((index for index, _ in self.headers if index > header), len(self.lines))
        first, last = rest[0], rest[-1]
        # rules.budget = …, or deeper: rules.smart-achievable.max_growth = …
        dotted = re.compile(r"^\s*" + r"\s*\.\s*".join(
            rf"""["']?{re.escape(word)}["']?""" for word in rest) + r"\s*[.=]")
        inline = re.compile(rf"""(?<![\w-])["']?{re.escape(last)}["']?\s*=""")
        opener = re.compile(rf"""^\s*["']?{re.escape(first)}["']?\s*=""")
        for index in range(header + 1, end):
            line = self.lines[index]
            match = dotted.match(line)
            if match:
                return index + 1, len(line) - len(line.lstrip()) + 1
            opened = opener.match(line) if len(rest) > 1 else None
            inner = inline.search(line, opened.end()) if opened else None
            if inner:
                return index + 1, inner.start() + 1
        return None
