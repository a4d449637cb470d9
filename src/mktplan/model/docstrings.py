"""Attribute docstrings of the plan models, read from their source for the JSON Schema.

pydantic's ``use_attribute_docstrings`` does the same at class creation, but it finds
each class's source by walking the import's stack frames, which costs every command a
tenth of its start-up (~40 models). Only the JSON Schema shows the docstrings, so we
read them when a schema is generated, one ``ast.parse`` per module.
"""

from __future__ import annotations

import ast
import inspect
import sys
from functools import cache
from typing import Any

from pydantic import BaseModel


@cache
def _module_docstrings(module_name: str) -> dict[str, dict[str, str]]:
    """Class name → attribute name → docstring, for the top-level classes of a module."""
    source = inspect.getsource(sys.modules[module_name])
    found: dict[str, dict[str, str]] = {}
    for node in ast.parse(source).body:
        if isinstance(node, ast.ClassDef):
            found[node.name] = _class_docstrings(node)
    return found


def _class_docstrings(node: ast.ClassDef) -> dict[str, str]:
    """A string expression right after an annotated assignment documents that attribute."""
    docs: dict[str, str] = {}
    for before, after in zip(node.body, node.body[1:], strict=False):
        if (isinstance(before, ast.AnnAssign) and isinstance(before.target, ast.Name)
                and isinstance(after, ast.Expr) and isinstance(after.value, ast.Constant)
                and isinstance(after.value.value, str)):
            docs[before.target.id] = inspect.cleandoc(after.value.value)
    return docs


def field_docstrings(model: type[BaseModel]) -> dict[str, str]:
    """Alias (or name) → docstring of the fields that ``model`` itself declares."""
    own = _module_docstrings(model.__module__).get(model.__name__, {})
    return {(info.alias or name): own[name] for name, info in model.model_fields.items()
            if name in own and info.description is None}


def _models(root: type[BaseModel]) -> dict[str, type[BaseModel]]:
    """Every model the root's fields lead to, by class name (the names of ``$defs``)."""
    found: dict[str, type[BaseModel]] = {}
    pending = [root]
    while pending:
        model = pending.pop()
        if model.__name__ in found:
            continue
        found[model.__name__] = model
        for info in model.model_fields.values():
            pending.extend(_nested_models(info.annotation))
    return found


def _nested_models(annotation: Any) -> list[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return [model for arg in getattr(annotation, "__args__", ()) for model in _nested_models(arg)]


def _describe(schema: dict[str, Any], docs: dict[str, str]) -> None:
    for key, field_schema in schema.get("properties", {}).items():
        if key in docs and "description" not in field_schema:
            field_schema["description"] = docs[key]
            ordered = dict(sorted(field_schema.items()))  # pydantic sorts a field's keys
            field_schema.clear()
            field_schema.update(ordered)


def add_field_descriptions(root: type[BaseModel], schema: dict[str, Any]) -> dict[str, Any]:
    """``schema`` (of ``root``) with each field's docstring as its ``description``."""
    models = _models(root)
    _describe(schema, field_docstrings(root))
    for name, definition in schema.get("$defs", {}).items():
        if name in models:
            _describe(definition, field_docstrings(models[name]))
    return schema
