"""Strict, iterative YAML loading with a position for every node.

PyYAML's constructors type scalars the YAML 1.1 way (``NO`` → False, ``0123`` →
83), keep the last of duplicate keys silently, expand alias bombs and recurse on
deep nesting (the C composer segfaults at ~50,000 levels). So we do not use them:
we read libyaml's *parse events* (an iterative state machine) and build the data
ourselves in one pass, keeping every scalar as the text the user wrote, and
recording the line and column of every value and key in a tree shaped like the data.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path as FsPath
from typing import Any

import yaml
from yaml.parser import Parser as PyYamlParser
from yaml.reader import Reader
from yaml.scanner import Scanner

from mktplan.errors import FileTooLargeError
from mktplan.files.reading import STDIN, STDIN_NAME, read_regular_file, read_standard_input
from mktplan.findings import Finding, Message, Path, Severity, msg
from mktplan.load.slips import (
    COLON_IN_LIST_SLIP,
    COMMA_SLIP,
    FATAL_SLIPS,
    FULL_COMMA,
    SLIP_CHARACTERS,
    SlipWatch,
    diagnose_failure,
)
from mktplan.text.cjk import join_folded
from mktplan.text.messages import english


class PythonParser(Reader, Scanner, PyYamlParser):
    """PyYAML's pure-Python event parser: the fallback when PyYAML was built without libyaml."""

    def __init__(self, stream: str) -> None:
        Reader.__init__(self, stream)
        Scanner.__init__(self)
        PyYamlParser.__init__(self)


_Parser: Any
_libyaml: Any
try:  # the libyaml C parser is 7-11x faster than the pure-Python one
    from yaml import _yaml as _libyaml
    from yaml._yaml import CParser as _Parser  # not re-exported by the ``yaml`` package
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    _libyaml = None
    _Parser = PythonParser


MAX_DEPTH = 64
# libyaml 0.2.6 (in PyYAML 6.0.4 wheels) refuses nesting beyond 1000 levels by itself, and
# its scanner reads up to a simple key's 1,024 characters ahead of the events it hands
# over: a line of 1,000 '[' failed inside libyaml before the loader saw its 65th level.
# So while mktplan parses, libyaml's own limit sits beyond anything that lookahead can
# reach past MAX_DEPTH, and the loader's guard (in _Builder._start) decides.
_LOOKAHEAD = 1024
_LIBYAML_NEST_LEVEL = MAX_DEPTH + 2 * _LOOKAHEAD
# Where libyaml has a limit but no way to raise it, a document with this many '[' or '{'
# within one lookahead could reach it first; such a (never hand-written) text is read by
# the pure-Python parser, which has no limit of its own.
_DENSE_OPENERS = 512
_OPENER = re.compile(r"[\[{]")
DEFAULT_MAX_BYTES = 20 * 1024 * 1024
#: the top-level key that makes a YAML file a plan
PLAN_KEY = "mktplan"
# where a file does not parse: a line that starts a top-level 'mktplan:' key
_PLAN_KEY_LINE = re.compile(r"""^\ufeff?(?:mktplan|"mktplan"|'mktplan')[ \t]*:""", re.MULTILINE)
_PLAN_KEY_LINE_BYTES = re.compile(rb"""^(?:\xef\xbb\xbf)?(?:mktplan|"mktplan"|'mktplan')[ \t]*:""",
                                  re.MULTILINE)
#: aliases may add at most this many nodes, or as many as the document has, whichever is more
ALIAS_ALLOWANCE = 10_000
_DROPPED_KEY = "\0duplicate"  # stands in for a duplicate key: its value is read, then dropped
_STANDARD_TAG_PREFIX = "tag:yaml.org,2002:"
_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
# characters XML 1.0 forbids; Word and Excel writers crash on them
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")

Mark = tuple[int, int]  # 1-based line, column
# A position as the source map stores it: one int, ``line << 32 | column`` (both 0-based),
# because a (line, column) tuple per value of a big plan costs 13 MiB more.
Spot = int
_COLUMN_BITS = 32
_COLUMN_MASK = (1 << _COLUMN_BITS) - 1


def _spot(event: Any) -> Spot:
    start = event.start_mark
    spot: Spot = start.line << _COLUMN_BITS | start.column
    return spot


def _mark_at(spot: Spot) -> Mark:
    return ((spot >> _COLUMN_BITS) + 1, (spot & _COLUMN_MASK) + 1)


class _Stop(Exception):
    """A problem after which the document cannot be read further."""

    def __init__(self, finding: Finding) -> None:
        super().__init__(finding.message)
        self.finding = finding


@dataclass(slots=True)
class Located:
    """Where a mapping or sequence stands, and where each of its children does.

    ``children`` holds a child's :data:`Spot` when it is a scalar or an alias, or its own
    :class:`Located` when it is a container; ``keys`` holds a mapping's key positions.
    Positions hang off their container rather than off full paths because a path tuple per
    value cost more memory than the data itself on large plans; a finding's path is
    resolved by walking down, which happens only for the few values that have findings.
    """

    spot: Spot
    children: dict[str, Spot | Located] | list[Spot | Located]
    keys: dict[str, Spot] | None = None

    def child(self, step: str | int) -> Spot | Located | None:
        """The position entry for one path step, or None when there is no such child."""
        children = self.children
        if isinstance(children, dict):
            return children.get(step) if isinstance(step, str) else None
        if isinstance(step, int) and 0 <= step < len(children):
            return children[step]
        return None


def _mark_of(entry: Spot | Located) -> Mark:
    return _mark_at(entry.spot if isinstance(entry, Located) else entry)


@dataclass
class SourceMap:
    """Where each value (and each mapping key) of the document stands in the file."""

    root: Spot | Located | None = None

    def locate(self, path: Path) -> Mark:
        """The position of ``path``'s value, or of its nearest ancestor that has one."""
        entry = self.root
        if entry is None:
            return (1, 1)
        for step in path:
            if not isinstance(entry, Located):
                break
            child = entry.child(step)
            if child is None:
                break
            entry = child
        return _mark_of(entry)

    def locate_key(self, path: Path) -> Mark:
        """The position of the key that introduces ``path`` (falls back to :meth:`locate`)."""
        parent = self._exact(path[:-1]) if path else None
        keys = parent.keys if isinstance(parent, Located) else None
        key = path[-1] if path else None
        if keys is not None and isinstance(key, str) and key in keys:
            return _mark_at(keys[key])
        return self.locate(path)

    def _exact(self, path: Path) -> Spot | Located | None:
        entry = self.root
        for step in path:
            if not isinstance(entry, Located):
                return None
            entry = entry.child(step)
        return entry


@dataclass
class LoadedDocument:
    """A plan file after loading: its text, its data (or None) and what went wrong."""

    file: str
    text: str
    data: Any
    source_map: SourceMap
    findings: list[Finding]
    declares_plan: bool = True
    """Whether the file says it is a plan, with a top-level ``mktplan:`` key (or, when it
    does not parse, a line that starts with one). Folders and hooks pass over files that
    do not; :func:`~mktplan.rules.pipeline.validate_document` refuses them."""

    @property
    def ok(self) -> bool:
        """Whether the data is usable (no fatal loading problem)."""
        return self.data is not None


def _finding(rule: str, message: Message, mark: Mark, path: Path = ()) -> Finding:
    text, detail = english(message)
    return Finding(rule, Severity.ERROR, text, path, mark[0], mark[1], detail=detail)


def _mark(event: Any) -> Mark:
    return _mark_at(_spot(event))


@dataclass(slots=True)
class _Frame:
    """A mapping or sequence being built."""

    container: Any
    path: Path
    start_nodes: int
    anchor: str | None
    is_mapping: bool
    located: Located
    pending_key: str | None = None
    flow: bool = False
    slip: bool = False  # a flow list's item that a slip turned into a mapping: kept as text


class _Builder:
    """Turns a stream of parse events into plain data and a :class:`SourceMap`.

    It runs once per event (a third of a million in a 2.6 MB plan), so events are
    dispatched by a dict lookup on their type, and :meth:`_scalar`, the most frequent,
    does its work inline.
    """

    def __init__(self, text: str = "") -> None:
        self.source_map = SourceMap()
        self.slips = SlipWatch(text)
        # only a text with one of their characters can hold a slip in a scalar (load.slips)
        self.watch = self.slips if any(c in text for c in SLIP_CHARACTERS) else None
        self.findings: list[Finding] = []
        self.stack: list[_Frame] = []
        self.top: _Frame | None = None  # the innermost container being built
        self.anchors: dict[str, tuple[Any, int]] = {}
        self.building: set[str] = set()
        self.nodes = 0  # values written in the file
        self.expanded = 0  # values after alias expansion
        self.alias_nodes = 0
        self.root: Any = None
        self.documents = 0
        self.handlers: dict[type, Any] = {
            yaml.ScalarEvent: self._scalar,
            yaml.MappingStartEvent: self._start,
            yaml.SequenceStartEvent: self._start,
            yaml.MappingEndEvent: self._end,
            yaml.SequenceEndEvent: self._end,
            yaml.AliasEvent: self._alias,
            yaml.DocumentStartEvent: self._document,
        }

    def run(self, events: Iterable[Any]) -> None:
        """Build the data from every event of the stream."""
        handlers = self.handlers
        for event in events:
            handler = handlers.get(type(event))
            if handler is not None:
                handler(event)

    def _document(self, event: Any) -> None:
        self.documents += 1
        if self.documents > 1:
            raise _Stop(_finding(
                "schema-yaml-syntax",
                msg("load.second-document"),
                _mark(event),
            ))

    # -- placing values -------------------------------------------------------------
    def _child_path(self) -> Path | None:
        """Path of the value about to be placed; None when it is a mapping key."""
        frame = self.top
        if frame is None:
            return ()
        if not frame.is_mapping:
            return (*frame.path, len(frame.container))
        if frame.pending_key is None:
            return None
        return (*frame.path, frame.pending_key)

    def _place(self, value: Any, where: Spot | Located) -> None:
        frame = self.top
        if frame is None:
            self.root = value
            self.source_map.root = where
            return
        if not frame.is_mapping:
            frame.container.append(value)
            frame.located.children.append(where)  # type: ignore[union-attr]  # a list here
            return
        key = frame.pending_key
        frame.pending_key = None
        if key is not None and key != _DROPPED_KEY:  # on a duplicate the first value stands
            frame.container[key] = value
            frame.located.children[key] = where  # type: ignore[call-overload]  # a dict here

    def _take_key(self, frame: _Frame, key: str, spot: Spot) -> None:
        key_spots = frame.located.keys
        assert key_spots is not None  # a mapping's
        first = key_spots.get(key)
        if first is not None:
            self.findings.append(_finding(
                "schema-duplicate-key",
                msg("load.duplicate-key", key=key, line=str(_mark_at(first)[0])),
                _mark_at(spot), (*frame.path, key),
            ))
            frame.pending_key = _DROPPED_KEY
            return
        key_spots[key] = spot
        frame.pending_key = key

    # -- events ---------------------------------------------------------------------
    def _refuse_tag(self, event: Any) -> None:
        tag = event.tag.replace(_STANDARD_TAG_PREFIX, "!!", 1)  # as written: !!str
        raise _Stop(_finding(
            "schema-yaml-tag",
            msg("load.tag", tag=tag),
            _mark(event),
        ))

    def _scalar(self, event: Any) -> None:
        if event.tag is not None and event.tag != "!":
            self._refuse_tag(event)
        start = event.start_mark
        spot = start.line << _COLUMN_BITS | start.column
        self.nodes += 1
        self.expanded += 1
        text: str = event.value
        value: str | None = text
        style = event.style
        if not style:  # plain: None (Python) or "" (libyaml)
            if text in _NULLS:
                value = None
            elif self.watch is not None and self._watch_scalar(text, start):
                for part in text.split(FULL_COMMA):  # the items the writer meant
                    self._place(part.strip(), spot)
                return
        elif style == '"':  # only escapes can write such characters
            value = self._clean(text, spot)
        if value and style != "|" and event.end_mark.line > start.line:
            value = join_folded(value)  # line breaks folded into spaces, wrong in Chinese
        frame = self.top
        if frame is not None and frame.is_mapping and frame.pending_key is None:
            self._take_key(frame, "" if value is None else value, spot)
            return
        if event.anchor is not None:
            self.anchors[event.anchor] = (value, 1)
        self._place(value, spot)

    def _watch_scalar(self, text: str, start: Any) -> bool:
        """Report a typing slip in a plain scalar; True when it is a list's items run together."""
        assert self.watch is not None
        frame = self.top
        is_key = in_flow_list = below_key = False
        if frame is not None and frame.is_mapping:
            key = frame.pending_key
            is_key = key is None
            keys = frame.located.keys
            if key is not None and keys is not None and key in keys:
                below_key = start.line > keys[key] >> _COLUMN_BITS  # a value on its own line
        elif frame is not None:
            in_flow_list = frame.flow
        slip = self.watch.scalar(text, start.line, start.column, is_key=is_key,
                                 below_key=below_key, in_flow_list=in_flow_list)
        if slip is None:
            return False
        slip = slip._replace(path=self._child_path() or ())
        if slip.rule in FATAL_SLIPS:  # the document's shape is not what its writer meant
            raise _Stop(slip)
        self.findings.append(slip)
        return slip.rule == COMMA_SLIP

    def _clean(self, value: str, spot: Spot) -> str:
        """``value`` without the characters Word and Excel cannot store; the first is reported."""
        illegal = _XML_ILLEGAL.search(value)
        if illegal is None:
            return value
        self.findings.append(_finding(
            "schema-control-character",
            msg("load.control-escape", code=f"U+{ord(illegal.group()):04X}"),
            _mark_at(spot), self._child_path() or (),
        ))
        return _XML_ILLEGAL.sub("", value)

    def _start(self, event: Any) -> None:
        if event.tag is not None and event.tag != "!":
            self._refuse_tag(event)
        spot = _spot(event)
        path = self._child_path()
        if path is None:
            raise _Stop(_finding(
                "schema-wrong-type", msg("load.key-container"),
                _mark_at(spot),
            ))
        if len(self.stack) >= MAX_DEPTH:
            raise _Stop(_finding(
                "schema-too-deep",
                msg("load.too-deep", depth=MAX_DEPTH),
                _mark_at(spot), path,
            ))
        self.nodes += 1
        self.expanded += 1
        is_mapping = type(event) is yaml.MappingStartEvent
        if event.anchor is not None:
            self.building.add(event.anchor)
        located = Located(spot, {}, {}) if is_mapping else Located(spot, [])
        frame = _Frame({} if is_mapping else [], path, self.expanded, event.anchor, is_mapping,
                       located, flow=bool(event.flow_style))
        if is_mapping and frame.flow:
            frame.slip = self._flow_pair_slip(path, event)
        self.stack.append(frame)
        self.top = frame

    def _flow_pair_slip(self, path: Path, event: Any) -> bool:
        parent = self.top
        if parent is None or parent.is_mapping or not parent.flow:
            return False
        slip = self.slips.flow_pair(event.start_mark.line, event.start_mark.column)
        if slip is None:
            return False
        self.findings.append(slip._replace(path=path))
        return True

    def _end(self, event: Any) -> None:
        stack = self.stack
        frame = stack.pop()
        self.top = stack[-1] if stack else None
        if frame.slip:  # the text the writer meant, so that no other finding follows from it
            frame.container = "; ".join(f"{key}: {'' if value is None else value}"
                                        for key, value in frame.container.items())
        if frame.anchor is not None:
            self.building.discard(frame.anchor)
            self.anchors[frame.anchor] = (frame.container, self.expanded - frame.start_nodes + 1)
        self._place(frame.container, frame.located.spot if frame.slip else frame.located)

    def _alias(self, event: Any) -> None:
        spot = _spot(event)
        mark = _mark_at(spot)
        path = self._child_path()
        if path is None:
            raise _Stop(_finding(
                "schema-wrong-type", msg("load.key-alias"), mark,
            ))
        if event.anchor in self.building:
            raise _Stop(_finding(
                "schema-alias", msg("load.alias-self", alias=event.anchor), mark, path,
            ))
        if event.anchor not in self.anchors:
            raise _Stop(_finding(
                "schema-alias", msg("load.alias-undefined", alias=event.anchor), mark, path,
            ))
        value, size = self.anchors[event.anchor]
        self.alias_nodes += size
        self.expanded += size
        if self.alias_nodes > max(ALIAS_ALLOWANCE, self.nodes):
            raise _Stop(_finding(
                "schema-alias",
                msg("load.alias-bomb", values=self.alias_nodes),
                mark, path,
            ))
        self._place(value, spot)


def _line_col_of_offset(text: str, offset: int) -> Mark:
    line = text.count("\n", 0, offset) + 1
    return (line, offset - (text.rfind("\n", 0, offset) + 1) + 1)


def _decode(raw: bytes) -> tuple[str, Finding | None]:
    try:
        return raw.decode("utf-8-sig"), None
    except UnicodeDecodeError as exc:
        before = raw[: exc.start].decode("utf-8", errors="replace")
        mark = _line_col_of_offset(before + "x", len(before))
        bad = raw[exc.start : exc.start + 1].hex().upper()
        return "", _finding(
            "schema-encoding",
            msg("load.encoding", byte=f"0x{bad}"),
            mark,
        )


def _yaml_error(exc: yaml.MarkedYAMLError, text: str) -> Finding:
    slip = diagnose_failure(text, exc)
    if slip is not None:
        return slip
    mark = exc.problem_mark or exc.context_mark
    where = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
    from mktplan.load.yaml_words import context_words, problem_words

    problem = problem_words(exc.problem or "invalid YAML")
    if exc.context:
        return _finding("schema-yaml-syntax", msg("load.syntax.context", problem=problem,
                                                  context=context_words(exc.context)), where)
    return _finding("schema-yaml-syntax", msg("load.syntax", problem=problem), where)


def _reader_error(exc: yaml.reader.ReaderError, text: str) -> Finding:
    """A character YAML refuses anywhere in the stream (a raw control character)."""
    code = int(exc.character)  # the code point, from libyaml and PyYAML alike
    # libyaml reports a byte offset; the first occurrence is the character it stopped at
    offset = text.find(chr(code))
    mark = _line_col_of_offset(text, offset) if offset >= 0 else (1, 1)
    key = "load.raw-control.nul" if code == 0 else "load.raw-control"
    return _finding("schema-control-character", msg(key, code=f"U+{code:04X}"), mark)


def token_parser(text: str) -> Any:
    """The parser the loader uses (libyaml's where PyYAML has it), to read ``text``'s tokens."""
    return _Parser(text)


def _libyaml_nest_level_setter() -> Any:
    """The setter of libyaml's nesting limit, or None where there is none to raise."""
    if _Parser is not getattr(_libyaml, "CParser", None):
        return None
    return getattr(_libyaml, "_set_max_nest_level", None)


def _libyaml_limits_nesting() -> bool:
    """Whether the libyaml in use refuses deep nesting by itself (0.2.6 and later)."""
    if _Parser is not getattr(_libyaml, "CParser", None):
        return False
    version = (_libyaml.get_version()[:3] if hasattr(_libyaml, "get_version")
               else (0, 0, 0))
    return tuple(version) >= (0, 2, 6)


def _has_dense_openers(text: str) -> bool:
    """Whether some stretch of one lookahead holds :data:`_DENSE_OPENERS` '[' or '{'."""
    positions = [match.start() for match in _OPENER.finditer(text)]
    reach = _DENSE_OPENERS - 1
    return any(positions[at + reach] - positions[at] <= _LOOKAHEAD
               for at in range(len(positions) - reach))


def _events(text: str, builder: _Builder) -> None:
    """Run ``builder`` over the parse events of ``text``, with the loader's depth guard first.

    libyaml's own nesting limit is raised for the parse and restored after it, because it
    is one setting for the whole process.
    """
    parser: Any = _Parser
    setter = _libyaml_nest_level_setter()
    if setter is None:
        if _libyaml_limits_nesting() and _has_dense_openers(text):
            parser = PythonParser
        builder.run(iter(parser(text).get_event, None))
        return
    before = _libyaml._get_max_nest_level()
    setter(max(before, _LIBYAML_NEST_LEVEL))
    try:
        builder.run(iter(parser(text).get_event, None))
    finally:
        setter(before)


def parse_yaml(text: str, file: str = "<string>") -> LoadedDocument:
    """Parse YAML text into plain data; every problem becomes a located finding."""
    builder = _Builder(text)
    stop: Finding | None = None
    try:
        _events(text, builder)
    except _Stop as exc:
        stop = exc.finding
    except yaml.MarkedYAMLError as exc:
        stop = _yaml_error(exc, text)
    except yaml.reader.ReaderError as exc:
        stop = _reader_error(exc, text)
    except yaml.YAMLError as exc:
        stop = _finding("schema-yaml-syntax", msg("load.yaml-error", error=str(exc)), (1, 1))
    findings = builder.findings
    data = builder.root
    declares_plan = isinstance(data, dict) and PLAN_KEY in data
    if stop is not None:
        # the slip the stop names is told once; an unclosed '[' reads the lines after it
        # as 'key: value' items, so a colon in a list means nothing once the text fails
        findings = [f for f in findings if f[:1] + f[4:6] != stop[:1] + stop[4:6]
                    and f.rule != COLON_IN_LIST_SLIP]
        findings.append(stop)
        data = None
        declares_plan = _PLAN_KEY_LINE.search(text) is not None
    elif data is None:
        findings.append(_finding("schema-empty", msg("load.empty"), (1, 1)))
    elif not isinstance(data, dict):
        findings.append(_finding(
            "schema-wrong-type",
            msg("load.not-mapping.list" if isinstance(data, list) else "load.not-mapping.value"),
            builder.source_map.locate(()),
        ))
        data = None
    located = [_with_file(f, file) for f in findings]
    return LoadedDocument(file, text, data, builder.source_map, located, declares_plan)


def _with_file(finding: Finding, file: str) -> Finding:
    return finding._replace(file=file)


def max_bytes_from_env() -> int:
    """The file-size cap: ``MKTPLAN_MAX_BYTES`` or 20 MiB."""
    value = os.environ.get("MKTPLAN_MAX_BYTES", "")
    return int(value) if value.isdigit() else DEFAULT_MAX_BYTES


def too_large_document(problem: FileTooLargeError) -> LoadedDocument:
    """What loading a file over the size limit gives: no data, one finding."""
    finding = Finding("schema-file-too-large", Severity.ERROR, problem.reason, (), 1, 1)
    return LoadedDocument(problem.file, "", None, SourceMap(), [_with_file(finding, problem.file)])


def read_plan_file(path: FsPath, display: str | None = None,
                   max_bytes: int | None = None) -> LoadedDocument:
    """Read and parse a plan file; a file over the size limit gives a finding.

    Only a regular file is read, and never past the size limit (see :mod:`mktplan.files.reading`);
    raises :class:`~mktplan.errors.InputError` when the file cannot be read. The path
    ``-`` (:data:`~mktplan.files.reading.STDIN`) reads standard input, named ``<stdin>``.
    """
    limit = max_bytes_from_env() if max_bytes is None else max_bytes
    name = STDIN_NAME if path == STDIN else display or str(path)
    try:
        raw = read_standard_input(limit) if path == STDIN else read_regular_file(path, limit, name)
    except FileTooLargeError as exc:
        return too_large_document(exc)
    return load_bytes(raw, name)


def load_bytes(raw: bytes, file: str) -> LoadedDocument:
    """Decode and parse the bytes of a plan file."""
    text, problem = _decode(raw)
    if problem is not None:
        return LoadedDocument(file, "", None, SourceMap(), [_with_file(problem, file)],
                              declares_plan=_PLAN_KEY_LINE_BYTES.search(raw) is not None)
    return parse_yaml(text, file)
