"""Reusable annotated types for the plan models: ids, money, numbers, shares and dates.

Each type accepts the verbatim text the loader keeps (and plain Python values, for
programmatic use), raises a ``PydanticCustomError`` whose *type* names the schema
rule it belongs to (see :data:`ERROR_RULES`), and documents its input syntax in
the JSON Schema.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import GetCoreSchemaHandler, GetJsonSchemaHandler, ValidationInfo
from pydantic_core import CoreSchema, PydanticCustomError, core_schema

from mktplan.load.values import (
    MONEY,
    NUMBER,
    AnchorMissingError,
    Bound,
    DateRole,
    DateSpec,
    ValueSyntaxError,
    parse_amount,
    parse_change,
    parse_date_spec,
    parse_share,
    resolve_date,
    shown,
)

SLUG_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.-]*$"
_SLUG = re.compile(SLUG_PATTERN.removeprefix("^").removesuffix("$"))  # used with fullmatch
#: the plan id names the output files: with ".docx" it stays below the 255 characters a
#: file name may have, and the 143 of encrypted home folders (the writer's temp files,
#: .mktplan-XXXXXXXX.tmp, do not contain the id)
MAX_FILE_ID_LENGTH = 100
#: names Windows keeps for devices, in any case and with any extension: no file can be
#: called CON.docx or con.x.docx there
_WINDOWS_DEVICES = ("CON", "PRN", "AUX", "NUL", "COM[0-9]", "LPT[0-9]")
_WINDOWS_DEVICE = re.compile(rf"(?:{'|'.join(_WINDOWS_DEVICES)})(?:\..*)?", re.IGNORECASE)
#: a reserve written as 0.05 or .05 is a share: nobody reserves 5 cents
_FRACTION = re.compile(r"\+?0*\.\d+")

#: pydantic error type → schema rule id; anything not listed is ``schema-wrong-type``
ERROR_RULES: dict[str, str] = {
    "missing": "schema-missing-key",
    "mktplan_missing": "schema-missing-key",
    "extra_forbidden": "schema-unknown-key",
    "literal_error": "schema-bad-enum",
    "enum": "schema-bad-enum",
    "mktplan_money": "schema-bad-money",
    "mktplan_number": "schema-bad-number",
    "mktplan_share": "schema-bad-money",
    "mktplan_date": "schema-bad-date",
    "mktplan_anchor": "schema-date-anchor",
    "mktplan_id": "schema-bad-id",
    "mktplan_conflict": "schema-conflicting-keys",
    "mktplan_version": "schema-version",
    "greater_than": "schema-out-of-range",
    "greater_than_equal": "schema-out-of-range",
    "less_than": "schema-out-of-range",
    "less_than_equal": "schema-out-of-range",
    "int_parsing_size": "schema-out-of-range",
}


class Parsed:
    """Metadata of an annotated type: how to read its text, and how the schema shows it.

    ``parse`` runs on the text written in the plan before pydantic checks the field's
    type (like ``BeforeValidator``); ``json_schema`` documents that text's syntax and
    replaces the generated schema (like ``WithJsonSchema``). One object that
    builds its core schema directly, instead of that pair, which inspects each parser's
    signature and walks both objects: pydantic builds every model at each start-up, and
    these fields took most of that time.
    """

    __slots__ = ("json_schema", "parse", "with_info")

    def __init__(self, parse: Callable[..., Any], json_schema: dict[str, Any], *,
                 with_info: bool = False) -> None:
        self.parse = parse
        self.json_schema = json_schema
        self.with_info = with_info  # whether parse takes pydantic's ValidationInfo too

    def __get_pydantic_core_schema__(self, source: Any,
                                     handler: GetCoreSchemaHandler) -> CoreSchema:
        checked = handler(source)
        if self.with_info:
            return core_schema.with_info_before_validator_function(self.parse, checked)
        return core_schema.no_info_before_validator_function(self.parse, checked)

    def __get_pydantic_json_schema__(self, schema: CoreSchema,
                                     handler: GetJsonSchemaHandler) -> dict[str, Any]:
        return dict(self.json_schema)


def _text_of(value: Any, error: str, what: str) -> str:
    """The text of a scalar, or a typed error for lists, mappings and floats."""
    if isinstance(value, str):
        return value
    if isinstance(value, (bool, float)) or not isinstance(value, (int, Decimal)):
        raise PydanticCustomError(error, "expected {what}, got {kind}",
                                  {"what": what, "kind": type(value).__name__})
    return str(value)


def _money(value: Any) -> Decimal:
    try:
        return parse_amount(
            _text_of(value, "mktplan_money", "an amount of money"), "amount of money")
    except ValueSyntaxError as exc:
        raise PydanticCustomError("mktplan_money", str(exc)) from None


def _number(value: Any) -> Decimal:
    try:
        return parse_amount(_text_of(value, "mktplan_number", "a number"), "number", NUMBER)
    except ValueSyntaxError as exc:
        raise PydanticCustomError("mktplan_number", str(exc)) from None


def _share(value: Any) -> Decimal:
    try:
        return parse_share(_text_of(value, "mktplan_share", "a share"))
    except ValueSyntaxError as exc:
        raise PydanticCustomError("mktplan_share", str(exc)) from None


def _change(value: Any) -> Decimal:
    try:
        return parse_change(_text_of(value, "mktplan_number", "a relative change"))
    except ValueSyntaxError as exc:
        raise PydanticCustomError("mktplan_number", str(exc)) from None


def _slug(value: Any) -> str:
    text = _text_of(value, "mktplan_id", "an id")
    if not _SLUG.fullmatch(text):  # not match: '$' would let a trailing newline through
        raise PydanticCustomError(
            "mktplan_id",
            "'{text}' is not a valid id: use letters, digits, '_', '.' and '-', "
            "starting with a letter or digit",
            {"text": shown(text)},
        )
    return text


def _file_id(value: Any) -> str:
    text = _slug(value)
    if len(text) > MAX_FILE_ID_LENGTH:
        raise PydanticCustomError(
            "mktplan_id",
            "the id is {length} characters long; the output files are named after it, so "
            "keep it to at most {limit}",
            {"length": len(text), "limit": MAX_FILE_ID_LENGTH},
        )
    if _WINDOWS_DEVICE.fullmatch(text):
        raise PydanticCustomError(
            "mktplan_id",
            "'{text}' names a device on Windows, where no file can be called '{text}.docx'; "
            "the output files are named after the id, so choose another",
            {"text": text},
        )
    return text


def _amount_schema(bound: Bound) -> dict[str, Any]:
    """The syntax of money and numbers, with the bound on their size."""
    limit = 10**bound.digits  # an integer, so that the schema writes it without an exponent
    return {
        "anyOf": [
            {"type": "number", "exclusiveMinimum": -limit, "exclusiveMaximum": limit},
            {
                "type": "string",
                "pattern": r"^[-+]?\s*(\d{1,3}(,\d{3})+|\d+)?(\.\d+)?\s*[千万亿]?\s*元?$",
            },
        ],
        "examples": [3000000, "3,000,000", "300万", "1.5亿"],
    }


_MONEY_SCHEMA = _amount_schema(MONEY)
_SHARE_SCHEMA = {
    "anyOf": [{"type": "number", "minimum": 0, "maximum": 1},
              {"type": "string", "pattern": r"^\d+(\.\d+)?\s*%$"}],
    "examples": ["5%", 0.05],
}
_DATE_SCHEMA = {
    "anyOf": [
        {"type": "string", "format": "date"},
        {"type": "string", "pattern": r"^(T(\s*[-+]\s*\d{1,4})?|M\d{1,2})$"},
    ],
    "description": "ISO date (2027-03-01), days from meta.launch (T, T-30, T+7) "
                   "or a plan month (M1 … M36)",
}

Money = Annotated[Decimal, Parsed(_money, _MONEY_SCHEMA)]
Number = Annotated[Decimal, Parsed(_number, _amount_schema(NUMBER))]
Share = Annotated[Decimal, Parsed(_share, _SHARE_SCHEMA)]
Change = Annotated[Decimal, Parsed(
    _change, {"type": "string", "pattern": r"^[-+]\d+(\.\d+)?%$", "examples": ["+50%"]})]
Slug = Annotated[str, Parsed(_slug, {"type": "string", "pattern": SLUG_PATTERN})]


def _either_case(name: str) -> str:
    """A JSON Schema regex (which has no ignore-case flag) for ``name`` in any case."""
    return re.sub(r"[A-Z]", lambda letter: f"[{letter[0]}{letter[0].lower()}]", name)


_DEVICE_SCHEMA_PATTERN = (
    rf"^({'|'.join(_either_case(name) for name in _WINDOWS_DEVICES)})(\..*)?$")
FileId = Annotated[str, Parsed(_file_id, {
    "type": "string", "pattern": SLUG_PATTERN, "maxLength": MAX_FILE_ID_LENGTH,
    "not": {"pattern": _DEVICE_SCHEMA_PATTERN}})]


@dataclass(frozen=True)
class Portion:
    """A reserve: either a fixed amount or a share of the total."""

    amount: Decimal | None = None
    share: Decimal | None = None

    def of(self, total: Decimal) -> Decimal:
        """The amount this portion stands for, given the budget total."""
        if self.amount is not None:
            return self.amount
        assert self.share is not None
        return total * self.share


def _portion(value: Any) -> Portion:
    if isinstance(value, Portion):
        return value
    text = _text_of(value, "mktplan_money", "an amount or a share")
    stripped = text.strip()
    if stripped.endswith("%") or _FRACTION.fullmatch(stripped):
        return Portion(share=_share(stripped))
    return Portion(amount=_money(stripped))


PortionValue = Annotated[Portion, Parsed(_portion, {"anyOf": [_MONEY_SCHEMA, _SHARE_SCHEMA]})]


def _date_spec(value: Any) -> DateSpec:
    text = _text_of(value, "mktplan_date", "a date")
    try:
        return parse_date_spec(text)
    except ValueSyntaxError as exc:
        raise PydanticCustomError("mktplan_date", str(exc)) from None


def _date_validator(role: DateRole) -> Any:
    def validate(value: Any, info: ValidationInfo) -> date:
        if isinstance(value, date):
            return value
        spec = _date_spec(value)
        anchors = info.context or {}
        try:
            return resolve_date(spec, role, anchors.get("launch"), anchors.get("period_start"))
        except AnchorMissingError as exc:
            raise PydanticCustomError("mktplan_anchor", str(exc), {"anchor": exc.anchor}) from None

    return validate


def _absolute_date(value: Any) -> date:
    if isinstance(value, date):
        return value
    spec = _date_spec(value)
    if spec.iso is None:
        raise PydanticCustomError(
            "mktplan_date", "'{text}' must be an absolute ISO date such as 2027-01-01",
            {"text": spec.text})
    return spec.iso


StartDate = Annotated[date, Parsed(_date_validator("start"), _DATE_SCHEMA, with_info=True)]
EndDate = Annotated[date, Parsed(_date_validator("end"), _DATE_SCHEMA, with_info=True)]
AbsoluteDate = Annotated[date, Parsed(
    _absolute_date, {"type": "string", "format": "date", "examples": ["2027-01-01"]})]

Per = Literal["once", "month", "year"]
