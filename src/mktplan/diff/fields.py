"""What an item is made of: the flat, named, typed facts that the diff and textconv compare.

The facts of a model are worked out once per model class from its pydantic fields:
nested mappings become dotted names (``period.start``, ``cost.amount``), names are
the ones written in YAML (``from``, not ``from_``), and each field gets a
:class:`~mktplan.diff.model.Kind` from its annotation. A few fields are replaced by
what they mean: a task's effective ``end`` (from ``end`` or ``duration_days``), a
goal's resolved ``target``, and a budget line's computed ``cost``.
"""

from __future__ import annotations

import json
import types
import typing
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_EVEN, Decimal
from functools import cache
from typing import Any

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from mktplan.diff.model import Fact, Kind, Value
from mktplan.model.compute import line_cost
from mktplan.model.plan import Plan
from mktplan.model.sections import BudgetLine, Goal, Task
from mktplan.model.types import (
    AbsoluteDate,
    Change,
    EndDate,
    FileId,
    LanguageTag,
    Money,
    Number,
    Parsed,
    PortionValue,
    Share,
    Slug,
    StartDate,
)
from mktplan.text.figures import round_to

Getter = Callable[[Any, Plan], Value]

_TYPED = (
    (Money, Kind.MONEY), (Number, Kind.NUMBER), (Share, Kind.SHARE), (Change, Kind.SHARE),
    (Slug, Kind.WORD), (FileId, Kind.WORD), (StartDate, Kind.DATE), (EndDate, Kind.DATE),
    (AbsoluteDate, Kind.DATE), (PortionValue, Kind.PORTION), (LanguageTag, Kind.WORD),
)
#: the parsers of the format's annotated types → the kind of value they make
_KIND_BY_PARSER: dict[Any, Kind] = {
    meta.parse: kind
    for annotated, kind in _TYPED
    for meta in typing.get_args(annotated)[1:]
    if isinstance(meta, Parsed)
}
_PLAIN_KINDS: dict[Any, Kind] = {
    str: Kind.TEXT, int: Kind.NUMBER, Decimal: Kind.NUMBER, date: Kind.DATE,
}
CENT_PLACES = 2
"""Computed money (a year line over part of a year) is rounded to this many decimals."""
_LABEL_FIELDS = ("name", "item", "stream", "role", "statement", "description")


@dataclass(frozen=True)
class FieldSpec:
    """How to read one fact out of an item."""

    name: str
    kind: Kind
    get: Getter


def _attribute_getter(path: tuple[str, ...], is_list: bool) -> Getter:
    """Reads ``item.a.b`` (None when a mapping on the way is absent); lists become tuples."""
    if len(path) == 1:
        name = path[0]
        if is_list:
            return lambda item, plan: tuple(getattr(item, name))
        return lambda item, plan: getattr(item, name)

    def get(item: Any, plan: Plan) -> Value:
        value = item
        for attribute in path:
            if value is None:
                return None
            value = getattr(value, attribute)
        return tuple(value) if is_list and value is not None else value

    return get


def kind_of(annotation: Any, metadata: Iterable[Any] = ()) -> Kind | type[BaseModel] | None:
    """The kind of value an annotation holds; a model class for a nested mapping.

    None for a list of models: such lists are sections of their own.
    """
    for meta in metadata:
        if isinstance(meta, Parsed) and meta.parse in _KIND_BY_PARSER:
            return _KIND_BY_PARSER[meta.parse]
    origin = typing.get_origin(annotation)
    arguments = typing.get_args(annotation)
    if origin is typing.Annotated:
        return kind_of(arguments[0], arguments[1:])
    if origin in (typing.Union, types.UnionType):
        return kind_of(next(arg for arg in arguments if arg is not type(None)))
    if origin is list:
        element = kind_of(arguments[0])
        if isinstance(element, type):
            return None
        return Kind.TEXTS if element is Kind.TEXT else Kind.IDS
    if origin is typing.Literal:
        return Kind.WORD
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    return _PLAIN_KINDS.get(annotation, Kind.SETTING)


def _specs(model: type[BaseModel], prefix: str, path: tuple[str, ...]) -> list[FieldSpec]:
    specs: list[FieldSpec] = []
    for attribute, info in model.model_fields.items():
        name = prefix + (info.alias or attribute)
        kind = _field_kind(info)
        if kind is None:
            continue
        if isinstance(kind, type):
            specs.extend(_specs(kind, f"{name}.", (*path, attribute)))
        else:
            is_list = kind in (Kind.IDS, Kind.TEXTS)
            specs.append(FieldSpec(name, kind, _attribute_getter((*path, attribute), is_list)))
    return specs


def _field_kind(info: FieldInfo) -> Kind | type[BaseModel] | None:
    return kind_of(info.annotation, info.metadata)


def _task_end(task: Task, plan: Plan) -> Value:
    return task.end


def _goal_target(goal: Goal, plan: Plan) -> Value:
    return goal.resolved_target


def _line_cost(line: BudgetLine, plan: Plan) -> Value:
    return round_to(line_cost(line, plan), CENT_PLACES, ROUND_HALF_EVEN)


def _replace(specs: list[FieldSpec], name: str, replacement: FieldSpec | None) -> list[FieldSpec]:
    result = []
    for spec in specs:
        if spec.name != name:
            result.append(spec)
        elif replacement is not None:
            result.append(replacement)
    return result


def _insert_after(specs: list[FieldSpec], name: str, extra: FieldSpec) -> list[FieldSpec]:
    index = next(i for i, spec in enumerate(specs) if spec.name == name)
    return [*specs[: index + 1], extra, *specs[index + 1 :]]


def _adjust(model: type[BaseModel], specs: list[FieldSpec]) -> list[FieldSpec]:
    """Replace the fields whose meaning is more than their value."""
    if model is Task:
        specs = _replace(specs, "end", FieldSpec("end", Kind.DATE, _task_end))
        return _replace(specs, "duration_days", None)
    if model is Goal:
        return _replace(specs, "target", FieldSpec("target", Kind.NUMBER, _goal_target))
    if model is BudgetLine:
        return _insert_after(specs, "to", FieldSpec("cost", Kind.MONEY, _line_cost))
    return specs


@cache
def field_specs(model: type[BaseModel]) -> tuple[FieldSpec, ...]:
    """The facts every item of ``model`` has, in the order the format lists them."""
    return tuple(_adjust(model, _specs(model, "", ())))


def model_facts(item: BaseModel, plan: Plan) -> list[Fact]:
    """The facts of one item of a plan."""
    return [Fact(spec.name, spec.kind, spec.get(item, plan)) for spec in field_specs(type(item))]


def setting_facts(settings: dict[str, Any], plan: Plan) -> list[Fact]:
    """The facts of the ``rules:`` section: one per rule id, its setting as canonical text."""
    return [
        Fact(rule_id, Kind.SETTING, json.dumps(settings[rule_id], sort_keys=True,
                                                ensure_ascii=False, default=str))
        for rule_id in sorted(settings)
    ]


def label_of(item: Any) -> str:
    """A short human name for an item: its name, item, stream, role or statement."""
    for attribute in _LABEL_FIELDS:
        value = getattr(item, attribute, None)
        if isinstance(value, str) and value:
            return value
    return ""
