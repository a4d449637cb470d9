"""A plan as an editor's JSON-Schema check sees it: YAML 1.2 core schema, JSON-like values.

yaml-language-server (VS Code's YAML extension and other editors) reads YAML 1.2 by
default, with the core schema's tag resolution (YAML 1.2.2, section 10.3.2), and
validates the numbers, booleans and nulls it resolves. PyYAML's ``safe_load`` is YAML
1.1: it reads ``200_000`` and ``0123`` as numbers, ``2e5`` and ``0o7`` as text, and
``2027-03-01`` as a date, none of which an editor does. So the schema tests load plans
with this loader: libyaml's parser (as check's), with the core schema's resolvers and constructors.
"""

from __future__ import annotations

import math
import re
from decimal import Decimal
from typing import Any, ClassVar

import yaml

_CORE = "tag:yaml.org,2002:"
_RESOLVERS = [
    ("null", r"~|null|Null|NULL|", "~nN"),
    ("bool", r"true|True|TRUE|false|False|FALSE", "tTfF"),
    ("int", r"[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+", "-+0123456789"),
    ("float", r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
              r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)", "-+.0123456789"),
]


_SafeLoader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml's parser when built


class CoreLoader(_SafeLoader):  # type: ignore[misc]
    """PyYAML's safe loader with YAML 1.2 core-schema typing (no timestamps, no ``<<``)."""

    yaml_implicit_resolvers: ClassVar[dict[Any, Any]] = {}


for _tag, _pattern, _first in _RESOLVERS:
    CoreLoader.add_implicit_resolver(_CORE + _tag, re.compile(f"^(?:{_pattern})$"), list(_first))
CoreLoader.add_implicit_resolver(_CORE + "null", re.compile("^$"), [""])


def _integer(loader: CoreLoader, node: yaml.ScalarNode) -> int:
    text = loader.construct_scalar(node)
    if text.startswith(("0o", "0x")):
        return int(text[2:], 8 if text[1] == "o" else 16)
    return int(text)  # decimal, leading zeros and all: YAML 1.2 has no implicit octal


def _float(loader: CoreLoader, node: yaml.ScalarNode) -> float:
    text = loader.construct_scalar(node).lower()
    if text.endswith(".nan"):
        return math.nan
    if text.endswith(".inf"):
        return -math.inf if text.startswith("-") else math.inf
    return float(text)


CoreLoader.add_constructor(_CORE + "int", _integer)
CoreLoader.add_constructor(_CORE + "float", _float)
CoreLoader.add_constructor(_CORE + "bool", lambda loader, node: loader.construct_scalar(
    node).lower() == "true")


def load(text: str) -> Any:
    """The YAML text as an editor's schema check reads it."""
    return yaml.load(text, Loader=CoreLoader)  # a safe loader, retyped


def plain_spelling(number: int | float) -> str:
    """How a number the editor read would be written in its plain form: ``2e5`` → ``200000``.

    JSON Schema sees only the number, so a form check refuses (``2e5``, ``5.``, ``0x10``)
    gets the verdict of this spelling. Integral numbers are written as integers, since
    JSON Schema makes no difference between ``1.0`` and ``1``.
    """
    if isinstance(number, int):
        return str(number)
    if math.isnan(number):
        return ".nan"
    if math.isinf(number):
        return "-.inf" if number < 0 else ".inf"
    if number.is_integer():
        return str(int(number))
    return format(Decimal(repr(number)), "f")
