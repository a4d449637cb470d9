"""Validation of loaded data into a :class:`~mktplan.model.Plan`, with located schema findings.

Pydantic stops at nothing but also builds nothing when any value is wrong. To
report every mistake in one run, we validate once, turn every error into a
``schema-*`` finding located through the source map, then *prune* the bad
values (or the list items and sections that cannot stand without them) and
validate again, so the business rules still run on everything that is sound.
Indices in the pruned plan differ from the file's; :class:`IndexMap` maps them back.
"""

from __future__ import annotations

import re
import types
import typing
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import Any

from pydantic import BaseModel, ValidationError

from mktplan.findings import Finding, Message, Path, Severity, format_path, msg
from mktplan.load.source import LoadedDocument
from mktplan.load.values import ValueSyntaxError, parse_date_spec, shown
from mktplan.model.plan import Plan
from mktplan.model.types import ERROR_RULES
from mktplan.text.messages import english

MAX_ROUNDS = 6
_UNPRUNABLE = frozenset({"mktplan", "meta"})
_ITEM_LEVEL_ERRORS = frozenset({"missing", "mktplan_missing", "mktplan_conflict"})
_EXPECTED = {  # what a value should be: its name in the message catalogues (schema.kind.*)
    "string_type": "text",
    "list_type": "list",
    "dict_type": "mapping",
    "model_type": "mapping",
    "model_attributes_type": "mapping",
    "int_type": "whole-number",
    "int_parsing": "whole-number",
    "int_from_float": "whole-number",
    "decimal_parsing": "number",
}

#: pydantic's bound errors: the catalogue key (values.bound.*) and the bound's context key
_BOUNDS = {
    "greater_than": ("greater-than", "gt"),
    "greater_than_equal": ("greater-than-equal", "ge"),
    "less_than": ("less-than", "lt"),
    "less_than_equal": ("less-than-equal", "le"),
}
_QUOTED = re.compile(r"'([^']*)'")


@dataclass
class IndexMap:
    """For each pruned list (by its path in the file), the file indices of the items kept."""

    kept: dict[Path, list[int]] = field(default_factory=dict)

    def to_source(self, path: Path) -> Path:
        """Translate a path in the pruned data into the same place in the file."""
        result: list[Any] = []
        for part in path:
            if isinstance(part, int):
                kept = self.kept.get(tuple(result))
                if kept is not None and part < len(kept):
                    part = kept[part]
            result.append(part)
        return tuple(result)


@dataclass
class ValidatedPlan:
    """The outcome of validation: the plan (None when even pruning cannot save it)."""

    plan: Plan | None
    findings: list[Finding]
    index_map: IndexMap
    pruned_ids: set[str]
    pruned_paths: frozenset[Path] = frozenset()
    """Where values were dropped (paths in the file): rules say nothing more about them."""

    def touches_pruned(self, path: Path) -> bool:
        """Whether ``path`` is, lies under, or contains a value that was dropped."""
        if any(path[:end] in self.pruned_paths for end in range(1, len(path) + 1)):
            return True
        return bool(path) and path in self._pruned_ancestors

    @cached_property
    def _pruned_ancestors(self) -> set[Path]:
        return {path[:end] for path in self.pruned_paths for end in range(1, len(path))}


def anchors_of(data: dict[str, Any]) -> dict[str, date | None]:
    """Best-effort launch day and period start, so relative dates resolve despite other errors."""
    meta = data.get("meta")
    meta = meta if isinstance(meta, dict) else {}
    period = meta.get("period")
    period = period if isinstance(period, dict) else {}
    return {"launch": _iso(meta.get("launch")), "period_start": _iso(period.get("start"))}


def reported_anchors(data: dict[str, Any]) -> set[str]:
    """Anchors that are given (or required) but unusable: their own schema error explains them.

    Relative dates that need such an anchor are not reported again, one error per date.
    """
    meta = data.get("meta")
    if not isinstance(meta, dict):  # reported as missing or wrong: nothing can be anchored
        return {"launch", "period_start"}
    anchors = anchors_of(data)
    broken = {"period_start"} if anchors["period_start"] is None else set()
    if meta.get("launch") is not None and anchors["launch"] is None:
        broken.add("launch")
    return broken


def _iso(value: Any) -> date | None:
    if not isinstance(value, str):
        return None
    try:
        return parse_date_spec(value).iso
    except ValueSyntaxError:
        return None


def validate_plan(doc: LoadedDocument) -> ValidatedPlan:
    """Validate a loaded document; report every schema error; keep what is sound."""
    data = doc.data
    assert isinstance(data, dict)
    context = anchors_of(data)
    deletions: set[Path] = set()
    index_map = IndexMap()
    findings: list[Finding] = []
    current = data
    for round_number in range(MAX_ROUNDS):
        try:
            plan = Plan.model_validate(current, context=context)
        except ValidationError as exc:
            errors = exc.errors(include_url=False)
            if round_number == 0:
                explained = reported_anchors(data)
                findings = [_to_finding(error, current, index_map, doc) for error in errors
                            if error.get("ctx", {}).get("anchor") not in explained]
            new = {_prune_target(error, index_map) for error in errors}
            if any(path is None for path in new) or new <= deletions:
                return ValidatedPlan(None, findings, index_map, set())
            deletions |= {path for path in new if path is not None}
            current, index_map = _apply_deletions(data, deletions)
            continue
        return ValidatedPlan(plan, findings, index_map, _ids_of(data, deletions),
                             frozenset(deletions))
    return ValidatedPlan(None, findings, index_map, set())


# --- pruning ----------------------------------------------------------------------------
def _prune_target(error: Any, index_map: IndexMap) -> Path | None:
    """What to delete (a path in the file) so that this error goes away; None: give up."""
    loc: Path = index_map.to_source(tuple(error["loc"]))
    if error["type"] not in _ITEM_LEVEL_ERRORS and loc:
        target = loc
    else:
        last_index = max((i for i, part in enumerate(loc) if isinstance(part, int)), default=-1)
        target = loc[: last_index + 1] if last_index >= 0 else loc[:1]
    if not target or target[0] in _UNPRUNABLE:
        return None
    return target


def _apply_deletions(data: Any, deletions: set[Path]) -> tuple[Any, IndexMap]:
    trie: dict[Any, Any] = {}
    for path in deletions:
        node = trie
        for part in path:
            node = node.setdefault(part, {})
        node[None] = True  # marks the end of a deleted path
    index_map = IndexMap()
    return _rebuild(data, trie, (), index_map), index_map


def _rebuild(node: Any, trie: dict[Any, Any], path: Path, index_map: IndexMap) -> Any:
    if isinstance(node, dict):
        rebuilt = dict(node)
        for key, sub in trie.items():
            if key is None or key not in rebuilt:
                continue
            if None in sub:
                del rebuilt[key]
            else:
                rebuilt[key] = _rebuild(rebuilt[key], sub, (*path, key), index_map)
        return rebuilt
    if isinstance(node, list):
        kept = [i for i in range(len(node)) if None not in trie.get(i, {})]
        index_map.kept[path] = kept
        return [
            _rebuild(node[i], trie[i], (*path, i), index_map) if i in trie else node[i]
            for i in kept
        ]
    return node


def _ids_of(data: Any, deletions: set[Path]) -> set[str]:
    """Ids of list items that were pruned, so references to them are not reported again."""
    ids: set[str] = set()
    for path in deletions:
        node = data
        for part in path:
            if isinstance(node, dict):
                node = node.get(part)
            elif isinstance(node, list) and isinstance(part, int) and part < len(node):
                node = node[part]
            else:
                node = None
        if isinstance(node, dict) and isinstance(node.get("id"), str):
            ids.add(node["id"])
    return ids


# --- messages ---------------------------------------------------------------------------
def _to_finding(error: Any, data: Any, index_map: IndexMap, doc: LoadedDocument) -> Finding:
    loc: Path = index_map.to_source(tuple(error["loc"]))
    kind = error["type"]
    rule = ERROR_RULES.get(kind, "schema-wrong-type")
    if kind == "extra_forbidden":
        line, column = doc.source_map.locate_key(loc)
    elif kind == "missing" and loc:  # at the key that opens the parent ('meta:'), if any
        line, column = doc.source_map.locate_key(loc[:-1])
    else:
        line, column = doc.source_map.locate(loc)
    message, detail = english(_message(error, loc))
    return Finding(rule, Severity.ERROR, message, loc, line, column, doc.file, detail)


def _where(loc: Path) -> str:
    return format_path(loc) or "the top level"


def _place(loc: Path) -> str | Message:
    return format_path(loc) or msg("schema.top-level")


def _message(error: Any, loc: Path) -> str | Message:
    kind = error["type"]
    name = next((part for part in reversed(loc) if isinstance(part, str)), "value")
    if kind == "missing":
        return msg("schema.missing-key", key=name, parent=_place(loc[:-1]))
    if kind == "extra_forbidden":
        return _unknown_key_message(loc)
    context = error.get("ctx", {})
    if kind == "literal_error":
        return msg("schema.bad-enum", value=shown(str(error["input"])), key=name,
                   expected=_choices(str(context.get("expected", ""))))
    if kind.startswith("mktplan_"):
        subject = _where(loc) if loc and isinstance(loc[-1], int) else name
        detail = context.get("detail")
        if isinstance(detail, Message):
            return msg("values.finding", subject=subject, detail=detail)
        return f"{subject}: {error['msg']}"
    if kind in _EXPECTED:
        return msg("schema.wrong-type", key=name, expected=msg(f"schema.kind.{_EXPECTED[kind]}"),
                   found=_describe(error["input"]))
    bound = _BOUNDS.get(kind)
    if bound is not None and bound[1] in context:
        return msg(f"values.bound.{bound[0]}", key=name, limit=str(context[bound[1]]),
                   value=shown(str(error["input"])))
    if kind == "int_parsing_size":
        return msg("schema.too-large", key=name, value=shown(str(error["input"])))
    if kind == "string_pattern_mismatch":
        return msg("schema.bad-form", key=name, value=shown(str(error["input"])))
    return f"{name}: {error['msg']}"


def _choices(expected: str) -> str | Message:
    """Pydantic's ``'daily', 'weekly' or 'monthly'`` as a list in the reader's language."""
    choices = tuple(f"'{choice}'" for choice in _QUOTED.findall(expected))
    if len(choices) < 2 or f"{', '.join(choices[:-1])} or {choices[-1]}" != expected:
        return expected
    return msg("values.choices", some=choices[:-1], last=choices[-1])


def _describe(value: Any) -> str | Message:
    if isinstance(value, dict):
        return msg("schema.kind.mapping")
    if isinstance(value, list):
        return msg("schema.kind.list")
    if value is None:
        return msg("schema.kind.empty")
    return f"'{shown(str(value))}'"


def _unknown_key_message(loc: Path) -> Message:
    known = sorted(known_keys(loc[:-1]))
    key = str(loc[-1])
    where = _place(loc[:-1])
    import difflib  # only when a key is unknown: a clean plan never pays its import

    guess = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
    if guess:
        return msg("schema.unknown-key.guess", key=key, where=where, guess=guess[0])
    return msg("schema.unknown-key", key=key, where=where, known=", ".join(known))


def known_keys(loc: Path) -> set[str]:
    """The keys the format allows at a mapping path (by walking the models)."""
    model: Any = Plan
    for part in loc:
        if isinstance(part, int):
            continue
        if model is None or not (isinstance(model, type) and issubclass(model, BaseModel)):
            return set()
        model = _field_model(model, part)
    if isinstance(model, type) and issubclass(model, BaseModel):
        return {f.alias or n for n, f in model.model_fields.items()}
    return set()


def _field_model(model: type[BaseModel], key: str) -> Any:
    for name, info in model.model_fields.items():
        if (info.alias or name) == key:
            return _innermost_model(info.annotation)
    return None


def _innermost_model(annotation: Any) -> Any:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    origin = typing.get_origin(annotation)
    if origin in (list, typing.Union, types.UnionType):
        for arg in typing.get_args(annotation):
            found = _innermost_model(arg)
            if found is not None:
                return found
    return None
