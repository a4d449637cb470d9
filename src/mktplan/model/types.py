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
from functools import cache
from typing import Annotated, Any, Literal

from pydantic import GetCoreSchemaHandler, GetJsonSchemaHandler, ValidationInfo
from pydantic_core import CoreSchema, PydanticCustomError, PydanticKnownError, core_schema

from mktplan.findings import Message, msg
from mktplan.load import grammar
from mktplan.load.grammar import SLUG, case_insensitive, either
from mktplan.load.values import (
    MAX_PLAN_MONTHS,
    MAX_YEAR,
    MIN_YEAR,
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
    strip_space,
)

_SLUG = re.compile(SLUG)
#: the plan id names the output files: with ".docx" it stays below the 255 characters a
#: file name may have, and the 143 of encrypted home folders (the writer's temp files,
#: .mktplan-<pid>-<random>.tmp, do not contain the id)
MAX_FILE_ID_LENGTH = 100
#: names Windows keeps for devices, in any case and with any extension: no file can be
#: called CON.docx or con.x.docx there
WINDOWS_DEVICES = ("CON", "PRN", "AUX", "NUL", "COM[0-9]", "LPT[0-9]")
_WINDOWS_DEVICE = re.compile(rf"(?:{'|'.join(WINDOWS_DEVICES)})(?:\..*)?", re.IGNORECASE)
#: a reserve written as 0.05 or .05 is a share: nobody reserves 5 cents
_RESERVE_FRACTION = re.compile(
    f"\\+?{grammar.ZERO}*{grammar.POINT}{grammar.DIGIT}+")
_WHOLE = re.compile(grammar.whole_number())
LANGUAGES = ("zh-CN", "en")
"""The languages of headings and labels in the outputs, as the format writes them."""
_LANGUAGE = re.compile(either(*(case_insensitive(tag) for tag in LANGUAGES)))
_LANGUAGE_BY_LOWER = {tag.lower(): tag for tag in LANGUAGES}
#: a JSON-Schema fragment, made only when the schema is asked for (not at every start-up)
SchemaMaker = Callable[[], dict[str, Any]]
VALUE_DEFINITIONS: dict[str, SchemaMaker] = {}
"""Value syntaxes the schema defines once, in ``$defs``, and refers to from every field."""
DEFINITION_MARK = "x-mktplan-definition"
"""Marks a field's schema that the schema command replaces by a reference to a definition.

(A ``$ref`` cannot come out of pydantic: it resolves every reference among its own models.)
"""


def _defined(name: str, make: SchemaMaker) -> SchemaMaker:
    """``make`` registered under ``name``; the schema it makes is marked as that definition."""
    VALUE_DEFINITIONS[name] = cache(make)
    return lambda: {**VALUE_DEFINITIONS[name](), DEFINITION_MARK: name}


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
    "mktplan_timezone": "schema-bad-enum",
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

    def __init__(self, parse: Callable[..., Any], json_schema: SchemaMaker, *,
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
        return self.json_schema()


class Documented:
    """Metadata that only shows a type differently in the JSON Schema (plain text, say)."""

    __slots__ = ("json_schema",)

    def __init__(self, json_schema: SchemaMaker) -> None:
        self.json_schema = json_schema

    def __get_pydantic_json_schema__(self, schema: CoreSchema,
                                     handler: GetJsonSchemaHandler) -> dict[str, Any]:
        return self.json_schema()


#: Python's names of the kinds of value a plan can hold where text is expected
_KINDS = {"float": "float", "bool": "bool", "list": "list", "dict": "dict", "NoneType": "none"}


def invalid(error: str, detail: Message | ValueSyntaxError,
            **context: object) -> PydanticCustomError:
    """A pydantic error of type ``error`` whose message is ``detail``, in any language.

    The English text is pydantic's message; ``detail`` rides in the context, where
    :mod:`mktplan.model.validate` finds it.
    """
    if isinstance(detail, ValueSyntaxError):
        english = str(detail)
        detail = detail.detail or msg("values.english", text=english)
    else:
        english = str(ValueSyntaxError(detail))
    template = english.replace("{", "{{").replace("}", "}}")
    return PydanticCustomError(error, template, {**context, "detail": detail})


def _text_of(value: Any, error: str, what: str) -> str:
    """The text of a scalar, or a typed error for lists, mappings and floats.

    ``what`` names the kind expected: ``values.expecting.<what>`` in the catalogues.
    """
    if isinstance(value, str):
        return value
    if isinstance(value, (bool, float)) or not isinstance(value, (int, Decimal)):
        name = type(value).__name__
        kind = msg(f"values.kind.{_KINDS[name]}") if name in _KINDS else name
        raise invalid(error, msg("values.expected", what=msg(f"values.expecting.{what}"),
                                 kind=kind))
    return str(value)


def _money(value: Any) -> Decimal:
    try:
        return parse_amount(_text_of(value, "mktplan_money", "money"), "money")
    except ValueSyntaxError as exc:
        raise invalid("mktplan_money", exc) from None


def _number(value: Any) -> Decimal:
    try:
        return parse_amount(_text_of(value, "mktplan_number", "number"), "number", NUMBER)
    except ValueSyntaxError as exc:
        raise invalid("mktplan_number", exc) from None


def _share(value: Any) -> Decimal:
    try:
        return parse_share(_text_of(value, "mktplan_share", "share"))
    except ValueSyntaxError as exc:
        raise invalid("mktplan_share", exc) from None


def _change(value: Any) -> Decimal:
    try:
        return parse_change(_text_of(value, "mktplan_number", "change"))
    except ValueSyntaxError as exc:
        raise invalid("mktplan_number", exc) from None


def _slug(value: Any) -> str:
    text = _text_of(value, "mktplan_id", "id")
    if not _SLUG.fullmatch(text):
        raise invalid("mktplan_id", msg("values.id.bad", text=shown(text)))
    return text


def _file_id(value: Any) -> str:
    text = _slug(value)
    if len(text) > MAX_FILE_ID_LENGTH:
        raise invalid("mktplan_id", msg("values.id.too-long", length=len(text),
                                        limit=MAX_FILE_ID_LENGTH))
    if _WINDOWS_DEVICE.fullmatch(text):
        raise invalid("mktplan_id", msg("values.id.device", text=text))
    return text


def _whole_number(low: int, high: int | None) -> Callable[[Any], int]:
    def parse(value: Any) -> int:
        if isinstance(value, int) and not isinstance(value, bool):
            number = value
        else:
            match = _WHOLE.fullmatch(value) if isinstance(value, str) else None
            if match is None:
                raise PydanticKnownError("int_parsing")
            written = match["value"].split(".")[0].lstrip("0０") or "0"
            if high is not None and len(written) > len(str(high)):  # before int(): 10^5000
                raise PydanticKnownError("int_parsing_size")
            number = int(written)
        if number < low:
            raise PydanticKnownError("greater_than_equal", {"ge": low})
        if high is not None and number > high:
            raise PydanticKnownError("less_than_equal", {"le": high})
        return number

    return parse


DEFAULT_TIME_ZONE = "Asia/Shanghai"
_TIME_ZONE = re.compile(r"[A-Za-z][A-Za-z0-9_+-]*(?:/[A-Za-z0-9_+-]+){0,3}")
_TIME_ZONE_EXAMPLES = ("Asia/Shanghai", "Asia/Hong_Kong", "Asia/Singapore", "Europe/London",
                       "America/New_York", "UTC")


def _time_zone(value: Any) -> str:
    """An IANA time zone name that this system (or the tzdata package) knows."""
    if not isinstance(value, str):
        raise PydanticKnownError("string_type")
    text = value
    if len(text) <= 64 and _TIME_ZONE.fullmatch(text) and _known_time_zone(text):
        return text
    guess = _time_zone_guess(text)
    examples = ", ".join(_TIME_ZONE_EXAMPLES[:3])
    if guess:
        raise invalid("mktplan_timezone", msg("values.time-zone.guess", text=shown(text),
                                              guess=guess, examples=examples))
    raise invalid("mktplan_timezone", msg("values.time-zone", text=shown(text),
                                          examples=examples))


def _known_time_zone(name: str) -> bool:
    import zoneinfo

    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):
        return False
    return True


def _time_zone_guess(text: str) -> str | None:
    import difflib
    import zoneinfo

    guess = difflib.get_close_matches(text, sorted(zoneinfo.available_timezones()), n=1)
    return guess[0] if guess else None


def _time_zone_schema() -> dict[str, Any]:
    return {"type": "string", "pattern": grammar.anchored(_TIME_ZONE.pattern), "maxLength": 64,
            "examples": list(_TIME_ZONE_EXAMPLES)}


def _language(value: Any) -> str:
    if not isinstance(value, str) or not _LANGUAGE.fullmatch(value):
        expected = " or ".join(f"'{tag}'" for tag in LANGUAGES)
        raise PydanticKnownError("literal_error", {"expected": expected})
    return _LANGUAGE_BY_LOWER[value.lower()]


# --- how the JSON Schema shows these types -----------------------------------------------
# The schema checks the plan as an editor sees it: YAML 1.2 (yaml-language-server's
# default) reads `200000` and `0.1` as numbers and `true` as a boolean, where mktplan keeps
# the text. So each type admits, besides its text, the numbers (or booleans) whose
# spelling check accepts.
_NOT_NAN = {"not": {"minimum": 1, "maximum": 0}}
"""No number is both ≥ 1 and ≤ 0, but NaN passes both tests: ``not`` this refuses ``.nan``."""
_LARGEST_NUMBER = 1.7976931348623157e308
_NUMBER_FORMS = (
    " A number the editor reads in a form check refuses (2e5, 0x10, 5.) is judged by its plain "
    "spelling: the schema sees only the number.")


def _amount_schema(bound: Bound, what: str) -> SchemaMaker:
    def make() -> dict[str, Any]:
        from mktplan.model.patterns import money

        limit = 10**bound.digits  # an int, so that the schema writes it without an exponent
        return {
            "anyOf": [
                {"type": "number", "exclusiveMinimum": -limit, "exclusiveMaximum": limit,
                 **_NOT_NAN},
                {"type": "string", "pattern": money(bound)},
            ],
            "description": f"{what} below 10^{bound.digits} either way, with at most "
                           f"{bound.places} decimals: digits (ASCII or full-width), "
                           "optionally with thousands separators, a Chinese unit (千, 万, "
                           "亿) and 元." + _NUMBER_FORMS,
            "examples": [3000000, "3,000,000", "300万", "1.5亿"],
        }

    return make


def _percentage_schema() -> dict[str, Any]:
    from mktplan.model.patterns import percentage

    return {"type": "string", "pattern": percentage(),
            "description": "A share from 0% to 100%, as a percentage: \"5%\", \"12.5 %\"."}


def _share_schema() -> dict[str, Any]:
    from mktplan.model.patterns import fraction

    return {
        "anyOf": [{"type": "number", "minimum": 0, "maximum": 1, **_NOT_NAN},
                  _percentage_ref(), {"type": "string", "pattern": fraction()}],
        "examples": ["5%", 0.05],
    }


def _change_schema() -> dict[str, Any]:
    from mktplan.model.patterns import change

    return {"type": "string", "pattern": change(), "examples": ["+50%"]}


def _slug_schema() -> dict[str, Any]:
    from mktplan.model.patterns import slug

    return {
        "anyOf": [{"type": "string", "pattern": slug()},
                  {"type": "number", "minimum": 0, "maximum": _LARGEST_NUMBER, **_NOT_NAN},
                  {"type": "boolean"}],
        "description": "An id: letters, digits, '_', '.' and '-', starting with a letter or "
                       "digit (editors read ids such as 2027 or true as a number or a boolean)."
                       + _NUMBER_FORMS,
    }


def _text_schema() -> dict[str, Any]:
    return {"type": ["string", "number", "boolean"]}


def _whole_number_schema(low: int, high: int | None) -> SchemaMaker:
    def make() -> dict[str, Any]:
        from mktplan.model.patterns import whole_number

        number: dict[str, Any] = {"type": "integer", "minimum": low}
        if high is not None:
            number["maximum"] = high
        return {"anyOf": [number, {"type": "string", "pattern": whole_number(low, high)}]}

    return make


def _language_schema() -> dict[str, Any]:
    from mktplan.model.patterns import any_case

    return {"type": "string", "pattern": any_case(LANGUAGES), "examples": list(LANGUAGES)}


def _date_schema() -> dict[str, Any]:
    from mktplan.model.patterns import date_spec

    return {"type": "string", "pattern": date_spec(),
            "description": "ISO date (2027-03-01), days from meta.launch (T, T-30, T+7) "
                           f"or a plan month (M1 … M{MAX_PLAN_MONTHS})"}


def _absolute_date_schema() -> dict[str, Any]:
    from mktplan.model.patterns import iso_date

    return {"type": "string", "pattern": iso_date(), "examples": ["2027-01-01"],
            "description": f"A calendar day from {MIN_YEAR} to {MAX_YEAR}, written 2027-01-01."}


def whole_number(low: int, high: int | None = None) -> Parsed:
    """The metadata of a count from ``low`` to ``high`` (None: no upper limit), for ``int``."""
    return Parsed(_whole_number(low, high), _whole_number_schema(low, high))


_money_ref = _defined("amount", _amount_schema(MONEY, "An amount"))
_number_ref = _defined("number", _amount_schema(NUMBER, "A number"))
_percentage_ref = _defined("percentage", _percentage_schema)
_date_ref = _defined("date", _date_schema)
_iso_date_ref = _defined("iso-date", _absolute_date_schema)
_slug_ref = _defined("id", _slug_schema)

Money = Annotated[Decimal, Parsed(_money, _money_ref)]
Number = Annotated[Decimal, Parsed(_number, _number_ref)]
Share = Annotated[Decimal, Parsed(_share, _share_schema)]
Change = Annotated[Decimal, Parsed(_change, _change_schema)]
Slug = Annotated[str, Parsed(_slug, _slug_ref)]
Text = Annotated[str, Documented(_text_schema)]
LanguageTag = Annotated[str, Parsed(_language, _language_schema)]
TimeZoneName = Annotated[str, Parsed(_time_zone, _time_zone_schema)]


def _file_id_schema() -> dict[str, Any]:
    from mktplan.model.patterns import slug

    # JSON-Schema regexes have no ignore-case flag: each letter is a class of both cases
    devices = either(*(case_insensitive(name) for name in ("CON", "PRN", "AUX", "NUL")),
                     *(case_insensitive(name) + "[0-9]" for name in ("COM", "LPT")))
    return {
        "anyOf": [{"type": "string", "pattern": slug(), "maxLength": MAX_FILE_ID_LENGTH,
                   "not": {"pattern": grammar.anchored(f"{devices}(?:\\..*)?")}},
                  {"type": "number", "minimum": 0, "maximum": _LARGEST_NUMBER, **_NOT_NAN},
                  {"type": "boolean"}],
        "description": "The plan's id, which names the output files: an id of at most "
                       f"{MAX_FILE_ID_LENGTH} characters that is not a Windows device name "
                       "(CON, NUL, COM1 …)." + _NUMBER_FORMS,
    }


FileId = Annotated[str, Parsed(_file_id, _file_id_schema)]


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
    text = _text_of(value, "mktplan_money", "portion")
    stripped = strip_space(text)
    if stripped.endswith("%") or _RESERVE_FRACTION.fullmatch(stripped):
        return Portion(share=_share(stripped))
    return Portion(amount=_money(stripped))


def _portion_schema() -> dict[str, Any]:
    return {"anyOf": [_money_ref(), _percentage_ref()],
            "description": "An amount, or a share of the total as a percentage (\"5%\")."}


PortionValue = Annotated[Portion, Parsed(_portion, _portion_schema)]


def _date_spec(value: Any) -> DateSpec:
    text = _text_of(value, "mktplan_date", "date")
    try:
        return parse_date_spec(text)
    except ValueSyntaxError as exc:
        raise invalid("mktplan_date", exc) from None


def _date_validator(role: DateRole) -> Any:
    def validate(value: Any, info: ValidationInfo) -> date:
        if isinstance(value, date):
            return value
        spec = _date_spec(value)
        anchors = info.context or {}
        try:
            return resolve_date(spec, role, anchors.get("launch"), anchors.get("period_start"))
        except AnchorMissingError as exc:
            raise invalid("mktplan_anchor", exc, anchor=exc.anchor) from None

    return validate


def _absolute_date(value: Any) -> date:
    if isinstance(value, date):
        return value
    spec = _date_spec(value)
    if spec.iso is None:
        raise invalid("mktplan_date", msg("values.absolute-date", text=spec.text))
    return spec.iso


StartDate = Annotated[date, Parsed(_date_validator("start"), _date_ref, with_info=True)]
EndDate = Annotated[date, Parsed(_date_validator("end"), _date_ref, with_info=True)]
AbsoluteDate = Annotated[date, Parsed(_absolute_date, _iso_date_ref)]

Per = Literal["once", "month", "year"]
