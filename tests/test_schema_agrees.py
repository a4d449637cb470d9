"""The JSON Schema gives check's verdict on every value: a property over generated values.

Each example plants one generated value (money, a date, a share, an id, a version, a
count, a language tag …) in a clean plan, written as a YAML scalar in one of its three
styles, and asks both judges: ``check`` (does it report a ``schema-*`` finding?) and the
JSON Schema (does a Draft 2020-12 validator find an error in the plan as an editor
reads it, YAML 1.2: see ``yaml_core``?). The verdicts must be the same.

One kind of value is left out, because no JSON Schema can judge it: a number that the
editor reads from a spelling check refuses (``2e5``, ``5.``, ``0x10``, ``1.0`` as the
format version, ``999999999999999.99`` which a double rounds to 10^15). The schema sees
the number only, so it gives the verdict of the number's plain spelling, and that is
what the property asks of it; the schema's descriptions say so.
"""

from __future__ import annotations

import calendar
import json
import re
import shutil
import subprocess
from collections.abc import Callable
from functools import cache
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from mktplan.commands.schema import plan_schema
from mktplan.load import parse_yaml
from mktplan.load.grammar import FULL_WIDTH_DIGITS
from mktplan.rules.pipeline import check_document

from .yaml_core import load, plain_spelling

jsonschema = pytest.importorskip("jsonschema", reason="jsonschema is not installed")

PROPERTY = settings(max_examples=100, deadline=None, derandomize=True, database=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])

# A clean plan in block style; each @NAME@ is a slot that holds one value.
PLAN = """\
mktplan: @MKTPLAN@
meta:
  id: @META_ID@
  title: Schema agreement
  subtitle: @SUBTITLE@
  version: @VERSION@
  language: @LANGUAGE@
  period:
    start: 2027-01-01
    end: 2027-12-31
  launch: @LAUNCH@
goals:
  - id: G1
    statement: Grow monthly visits
    kpi: uv
    baseline: @BASELINE@
    target: 30000
    unit: visits
    deadline: @DEADLINE@
    owner: @OWNER@
    supports: [douyin]
    rationale: A pilot doubled traffic
  - id: G2
    statement: Grow sign-ups
    kpi: uv
    baseline: 1000
    target_change: @CHANGE@
    unit: sign-ups
    deadline: M12
    owner: ops
    supports: [douyin]
    rationale: The same pilot
strategy:
  channels:
    - id: douyin
      name: Douyin
  content:
    pillars:
      - id: clips
        name: Clips
    calendar:
      - pillar: clips
        count: @COUNT@
        per: month
execution:
  phases:
    - id: run
      name: Run
      start: @START@
      end: M12
team:
  - id: ops
    role: Operations lead
    headcount: @HEADCOUNT@
budget:
  total: @TOTAL@
  reserve: @RESERVE@
  lines:
    - id: ads
      item: Ads
      amount: "80万"
kpis:
  - id: uv
    name: Monthly visitors
    target: 30000
"""
DEFAULTS = {
    "MKTPLAN": "1", "META_ID": "schema-agree", "SUBTITLE": "A test", "VERSION": "0.1",
    "LANGUAGE": "en", "LAUNCH": "2027-03-01", "BASELINE": "20000", "DEADLINE": "M6",
    "OWNER": "ops", "CHANGE": '"+50%"', "COUNT": "2", "START": "M1", "HEADCOUNT": "1",
    "TOTAL": '"100万"', "RESERVE": '"5%"',
}
#: where each slot's value lies in the plan's data
PATHS: dict[str, tuple[str | int, ...]] = {
    "MKTPLAN": ("mktplan",), "META_ID": ("meta", "id"), "SUBTITLE": ("meta", "subtitle"),
    "VERSION": ("meta", "version"), "LANGUAGE": ("meta", "language"),
    "LAUNCH": ("meta", "launch"), "BASELINE": ("goals", 0, "baseline"),
    "DEADLINE": ("goals", 0, "deadline"), "OWNER": ("goals", 0, "owner"),
    "CHANGE": ("goals", 1, "target_change"),
    "COUNT": ("strategy", "content", "calendar", 0, "count"),
    "START": ("execution", "phases", 0, "start"), "HEADCOUNT": ("team", 0, "headcount"),
    "TOTAL": ("budget", "total"), "RESERVE": ("budget", "reserve"),
}
NULLS = {"", "~", "null", "Null", "NULL"}


# --- the two judges --------------------------------------------------------------------
def plan_with(slot: str, token: str) -> str:
    """The plan text with ``token`` (a YAML scalar as written) in ``slot``."""
    text = PLAN
    for name, default in DEFAULTS.items():
        text = text.replace(f"@{name}@", token if name == slot else default)
    return text


def check_accepts(text: str) -> bool:
    """Whether check finds nothing wrong with the plan's shape and values."""
    checked = check_document(parse_yaml(text, "plan.yaml"))
    return not [finding for finding in checked.findings if finding.rule.startswith("schema-")]


def _ecma_pattern(validator: Any, pattern: str, instance: Any, schema: Any) -> Any:
    """``pattern`` as ECMAScript reads it: ``$`` ends the text.

    Python's ``$`` also matches before a final line break; the generated patterns use no
    other construct the two read apart (``test_patterns_read_the_same_in_ecmascript``).
    """
    if isinstance(instance, str) and not _compiled(pattern).search(instance):
        yield jsonschema.ValidationError(f"{instance!r} does not match {pattern!r}")


@cache
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(re.sub(r"(?<!\\)\$$", r"\\Z", pattern))


@cache
def schema_validator() -> Any:
    """A Draft 2020-12 validator of the plan schema, reading patterns as editors do."""
    base = jsonschema.Draft202012Validator
    ecma = jsonschema.validators.extend(base, {"pattern": _ecma_pattern})
    return ecma(plan_schema())


def schema_accepts(text: str) -> bool:
    """Whether the JSON Schema finds nothing wrong with the plan as an editor reads it."""
    return schema_accepts_data(load(text))


def schema_accepts_data(data: Any) -> bool:
    """Whether the JSON Schema finds nothing wrong with the plan's data."""
    return not any(schema_validator().iter_errors(data))


# --- tokens: a value written as a YAML scalar -----------------------------------------
def _at(data: Any, path: tuple[str | int, ...]) -> Any:
    for step in path:
        data = data[step]  # type: ignore[index]
    return data


def written_as(slot: str, token: str, value: str) -> bool:
    """Whether the plan with ``token`` in ``slot`` is valid YAML holding ``value`` there."""
    text = plan_with(slot, token)
    document = parse_yaml(text, "plan.yaml")
    try:  # libyaml (check's parser) and PyYAML's own scanner differ on a few plain scalars
        load(text)
    except yaml.YAMLError:
        return False
    if document.findings:
        return False
    held = _at(document.data, PATHS[slot])
    return held == value or (held is None and value in NULLS)


def tokens(value: str) -> list[str]:
    """``value`` as a plain, a single-quoted and a double-quoted YAML scalar."""
    single = "'" + value.replace("'", "''") + "'"
    return [value, single, json.dumps(value, ensure_ascii=False)]


def assert_same_verdict(slot: str, token: str) -> None:
    """Check and the schema agree on the plan with ``token`` in ``slot``."""
    text = plan_with(slot, token)
    data = load(text)
    edited = _at(data, PATHS[slot])
    by_check = check_accepts(text)
    if isinstance(edited, (int, float)) and not isinstance(edited, bool):
        plain = plain_spelling(edited)
        if check_accepts(plan_with(slot, plain)) != by_check:
            event("a number form the schema cannot tell from its plain spelling")
            return  # see the module docstring
    by_schema = schema_accepts_data(data)
    assert by_check == by_schema, (
        f"{slot} = {token}: check {'accepts' if by_check else 'refuses'} it, the schema "
        f"{'accepts' if by_schema else 'refuses'} it (the editor reads {edited!r})")


# --- generated values ------------------------------------------------------------------
ascii_digits = st.text("0123456789", min_size=1, max_size=18)
any_digits = st.text("0123456789" + FULL_WIDTH_DIGITS + "٣", min_size=1, max_size=18)
spaces = st.sampled_from(["", "", "", " ", "  ", "\t", "\u3000", "\u00a0", "\u2003", "\n"])
signs = st.sampled_from(["", "", "-", "+", "--", "±"])


@st.composite
def numbers(draw: st.DrawFn, digits: st.SearchStrategy[str] = any_digits) -> str:
    """Decimal numbers and near misses: grouping, fractions, exponents, underscores."""
    whole = draw(digits)
    form = draw(st.sampled_from(["plain", "grouped", "badly grouped", "bare fraction",
                                 "exponent", "underscore", "trailing point"]))
    if form == "grouped":
        whole = f"{int(whole[:3] or '0')}" + "".join(f",{draw(ascii_digits)[:3]:0>3}"
                                                     for _ in range(draw(st.integers(1, 5))))
    elif form == "badly grouped":
        whole = ",".join(whole[index:index + 2] for index in range(0, len(whole), 2))
    elif form == "bare fraction":
        return "." + whole
    elif form == "exponent":
        return whole + draw(st.sampled_from(["e5", "E-3", "e+2", "e"]))
    elif form == "underscore":
        return whole[:1] + "_" + whole[1:]
    elif form == "trailing point":
        return whole + "."
    if draw(st.booleans()):
        whole += "." + draw(digits)
    return whole


@st.composite
def amounts(draw: st.DrawFn) -> str:
    """Money: sign, number, unit and 元, with white space of several kinds."""
    unit = draw(st.sampled_from(["", "", "千", "万", "亿", "万亿", "k", "%"]))
    currency = draw(st.sampled_from(["", "", "元", "元元", "RMB"]))
    return (draw(spaces) + draw(signs) + draw(spaces) + draw(numbers()) + draw(spaces) + unit
            + draw(spaces) + currency + draw(spaces))


@st.composite
def near_limit_amounts(draw: st.DrawFn) -> str:
    """Amounts at and around 10^15, by unit: where a digit too many must be refused."""
    unit, digits = draw(st.sampled_from([("", 15), ("千", 12), ("万", 11), ("亿", 7)]))
    count = draw(st.sampled_from([digits - 1, digits, digits, digits + 1, digits + 1]))
    whole = draw(st.sampled_from(["9", "9", "1", "0"])) * count
    leading = draw(st.sampled_from(["", "", "0", "000"]))
    fraction = draw(st.sampled_from(["", ".9", ".9999", ".99999", ".0", ".12340000",
                                     ".99999999999999999999999999999999"]))
    number = leading + whole
    if draw(st.booleans()):
        head = len(number) % 3 or 3
        number = number[:head] + "".join(
            "," + number[index:index + 3] for index in range(head, len(number), 3))
    return draw(st.sampled_from(["", "-", "+"])) + number + fraction + unit


@st.composite
def percentages(draw: st.DrawFn) -> str:
    """Shares as percentages, around 0 and 100."""
    edges = st.sampled_from(["0", "100", "100.0", "100.0001", "99.999", "0100", "-0", "-0.0",
                             "-1", "101", "５", "１００", "200", "1000", "999"])
    number = draw(st.one_of(edges, edges, numbers()))
    return draw(spaces) + draw(st.sampled_from(["", "", "+", "-", "--"])) + number + draw(
        spaces) + draw(st.sampled_from(["%", "%", "%", "％", "%%", ""])) + draw(spaces)


@st.composite
def changes(draw: st.DrawFn) -> str:
    """Relative changes: a signed percentage."""
    return (draw(spaces) + draw(signs) + draw(spaces) + draw(numbers()) + draw(spaces)
            + draw(st.sampled_from(["%", "%", ""])) + draw(spaces))


@st.composite
def iso_dates(draw: st.DrawFn) -> str:
    """ISO dates at the edges: a month's last day and the day after, 29 February, the years."""
    year = draw(st.one_of(st.integers(1890, 2210), st.sampled_from(
        [1900, 2000, 2024, 2027, 2028, 2100, 2196, 2199, 2200, 1899, 0, 9999])))
    month = draw(st.one_of(st.integers(0, 13), st.just(2)))
    last = calendar.monthrange(2000 if year == 0 else min(year, 9999), month)[1] if (
        1 <= month <= 12) else 31
    day = draw(st.one_of(st.sampled_from([last, last + 1, 29]), st.integers(0, 32)))
    text = f"{year:04d}-{month:02d}-{day:02d}"
    if draw(st.integers(0, 9)) == 0:
        text = text.translate(str.maketrans("0123456789", FULL_WIDTH_DIGITS))
    if draw(st.integers(0, 9)) == 0:
        text = text.replace("-", draw(st.sampled_from(["/", "", "--"])), 1)
    return draw(spaces) + text + draw(spaces)


@st.composite
def relative_dates(draw: st.DrawFn) -> str:
    """``T``, ``T-30``, ``M3`` and their near misses (``M0``, ``M37``, ``T+``)."""
    if draw(st.booleans()):
        month = draw(st.one_of(st.integers(0, 40), st.sampled_from([36, 37, 100])))
        number = draw(st.sampled_from([str(month), f"{month:02d}", f"{month:03d}"]))
        return draw(spaces) + draw(st.sampled_from(["M", "M", "m", "M+"])) + number + draw(spaces)
    days = draw(st.sampled_from(["", "7", "30", "9999", "10000", "0", "０７", "x"]))
    return (draw(spaces) + draw(st.sampled_from(["T", "T", "t"])) + draw(spaces)
            + draw(st.sampled_from(["", "-", "+", "±"])) + draw(spaces) + days + draw(spaces))


dates = st.one_of(iso_dates(), relative_dates())
ids = st.one_of(
    st.from_regex(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,8}", fullmatch=True),
    st.text(st.sampled_from("aZ09_.-+ é\n"), min_size=0, max_size=6),
)
versions = st.one_of(
    st.sampled_from(["1", "1.0", "01", "2", "0.1", "1.10", "v1", " 1", "1 ", "１"]),
    st.text("0123456789.-+v ", max_size=5),
)
languages = st.one_of(
    st.sampled_from(["en", "EN", "En", "zh-CN", "zh-cn", "ZH-CN", "zh-Cn", "zh_CN", "zh", "fr",
                     "en-US", " en", "zh-CN ", "zhcn"]),
    st.text("zhcnZHCNeE-_ ", max_size=6),
)
counts = st.one_of(
    numbers(ascii_digits),
    st.sampled_from(["0", "1", "100", "101", "-0", "+3", "3.0", "3.5", "0003", "1_0", "３",
                     "00100", "100.000", "-1", " 2 ", "1e1"]),
)
yaml_numbers = st.sampled_from([
    "2e5", "2E5", "2.0e5", "1e15", "1e-3", "200_000", "0x10", "0o17", "017", "5.", ".5",
    "+5", "-5", ".inf", "-.inf", "+.inf", ".Inf", ".nan", ".NaN", "true", "False", "~",
    "null", "", "1000000000000000", "999999999999999", "-999999999999999",
    "999999999999999.99", "0.05", "1", "0", "-0", "1.0", "12:30", "2027-03-01",
])

VALUES: dict[str, st.SearchStrategy[str]] = {
    "TOTAL": st.one_of(amounts(), near_limit_amounts(), near_limit_amounts(), yaml_numbers),
    "BASELINE": st.one_of(amounts(), near_limit_amounts(), yaml_numbers),
    "RESERVE": st.one_of(percentages(), percentages(), amounts(), yaml_numbers),
    "CHANGE": st.one_of(changes(), yaml_numbers),
    "START": st.one_of(iso_dates(), dates, yaml_numbers),
    "DEADLINE": st.one_of(dates, yaml_numbers),
    "LAUNCH": st.one_of(iso_dates(), relative_dates(), yaml_numbers),
    "META_ID": st.one_of(ids, yaml_numbers),
    "OWNER": st.one_of(ids, yaml_numbers),
    "MKTPLAN": st.one_of(versions, yaml_numbers),
    "VERSION": st.one_of(versions, yaml_numbers),
    "SUBTITLE": st.one_of(versions, yaml_numbers),
    "LANGUAGE": st.one_of(languages, yaml_numbers),
    "COUNT": st.one_of(counts, yaml_numbers),
    "HEADCOUNT": st.one_of(counts, yaml_numbers),
}


def test_the_plan_is_clean_for_both() -> None:
    text = plan_with("", "")
    assert check_accepts(text)
    assert schema_accepts(text)


@pytest.mark.parametrize("slot", sorted(VALUES))
def test_the_schema_gives_checks_verdict(slot: str) -> None:
    """The property, once per slot (each slot has its own kind of value)."""
    property_for(slot)()


def property_for(slot: str) -> Callable[[], None]:
    @PROPERTY
    @given(value=VALUES[slot], style=st.integers(0, 2))
    def agree(value: str, style: int) -> None:
        token = tokens(value)[style]
        if not written_as(slot, token, value):
            event("not a YAML scalar in this style")
            return
        assert_same_verdict(slot, token)

    return agree


# --- the cases issue 11 names, and the edges, as examples ------------------------------------
@pytest.mark.parametrize(("slot", "token", "accepted"), [
    ("TOTAL", '"２０万"', True), ("TOTAL", "２０万", True), ("VERSION", "0.1", True),
    ("TOTAL", "200_000", False), ("TOTAL", ".inf", False), ("TOTAL", "-.inf", False),
    ("TOTAL", ".nan", False), ("TOTAL", "1000000000000000", False),
    ("TOTAL", "999999999999999", True), ("TOTAL", '"99999999999.99万"', True),
    ("TOTAL", '"100000000000万"', False), ("TOTAL", '"9999999亿"', True),
    ("TOTAL", '"10000000亿"', False), ("TOTAL", '"999,999,999,999,999"', True),
    ("TOTAL", '"1,000,000,000,000,000"', False), ("TOTAL", '"0,000,001"', True),
    ("TOTAL", '"999999999999999.99999999999999999999"', False),
    ("TOTAL", '"999999999999999.9999"', True), ("TOTAL", '"0.00001"', False),
    ("TOTAL", '"0.00010000"', True), ("TOTAL", '"1.23456789万"', True),
    ("TOTAL", '"1.234567891万"', False),
    ("TOTAL", '"1' + "0" * 30 + '"', False), ("TOTAL", '"2e5"', False),
    ("START", "M37", False), ("START", "M36", True), ("START", "M0", False),
    ("START", "M01", True), ("START", "T+", False), ("START", '"T + 7"', True),
    ("START", "2027-02-29", False), ("START", "2028-02-29", True),
    ("START", "2000-02-29", True), ("START", "1900-02-29", False),
    ("START", "2100-02-29", False), ("START", "2027-04-31", False), ("START", "2200-01-01", False),
    ("START", "２０２７-０３-０１", True), ("LAUNCH", "T", False),
    ("RESERVE", '"100%"', True), ("RESERVE", '"100.01%"', False), ("RESERVE", '"-0%"', True),
    ("RESERVE", "0.05", True), ("RESERVE", '"5 %"', True), ("CHANGE", '"+ 50 %"', True),
    ("CHANGE", '"50%"', False), ("LANGUAGE", "zh-cn", True), ("LANGUAGE", "ZH-CN", True),
    ("LANGUAGE", "En", True), ("LANGUAGE", "fr", False), ("LANGUAGE", "zh_CN", False),
    ("META_ID", "2027", True), ("META_ID", "true", True), ("META_ID", "-1", False),
    ("META_ID", ".nan", False), ("META_ID", ".inf", False), ("META_ID", '"a\\n"', False),
    ("SUBTITLE", "true", True), ("SUBTITLE", "1.5", True), ("MKTPLAN", '" 1 "', True),
    ("MKTPLAN", "2", False), ("COUNT", '"3"', True), ("COUNT", "3.0", True),
    ("COUNT", "1_0", False), ("COUNT", "101", False), ("COUNT", "0", False),
    ("HEADCOUNT", "-0", True), ("HEADCOUNT", "0", True), ("HEADCOUNT", "-1", False),
])
def test_named_cases(slot: str, token: str, accepted: bool) -> None:
    text = plan_with(slot, token)
    assert check_accepts(text) is accepted
    assert schema_accepts(text) is accepted


@pytest.mark.parametrize(("slot", "token", "plain"), [
    ("TOTAL", "2e5", "200000"), ("TOTAL", "0x10", "16"), ("TOTAL", "5.", "5"),
    ("MKTPLAN", "1.0", "1"), ("COUNT", "1e1", "10"),
    ("TOTAL", "999999999999999.99", "1000000000000000"),
])
def test_number_forms_are_judged_by_their_plain_spelling(slot: str, token: str,
                                                          plain: str) -> None:
    """The one exclusion: the editor reads a number from a form check refuses."""
    text = plan_with(slot, token)
    assert plain_spelling(_at(load(text), PATHS[slot])) == plain
    assert check_accepts(text) is not check_accepts(plan_with(slot, plain))
    assert schema_accepts(text) is check_accepts(plan_with(slot, plain))


# --- the patterns read the same in ECMAScript ------------------------------------------------
def _patterns(node: Any) -> set[str]:
    if isinstance(node, dict):
        found = {node["pattern"]} if isinstance(node.get("pattern"), str) else set()
        return found.union(*(_patterns(value) for value in node.values()))
    if isinstance(node, list):
        return set().union(*(_patterns(value) for value in node))
    return set()


SAMPLES = [
    "", " ", "1", "２０万", "20万元", "- 20 万 元", "3,000,000", "3,000,00", ".5", "5.", "2e5",
    "1000000000000000", "999999999999999", "0,000,001", "9999999亿", "10000000亿", "٣", "5%",
    "100%", "100.01%", "-0%", "+50%", "+ 50 %", "50%", "2027-02-29", "2028-02-29", "1900-02-29",
    "２０２７-０３-０１", "2027-04-31", "T", "T-30", "T + 7", "T+", "M0", "M01", "M36", "M37",
    "zh-cn", "ZH-CN", "En", "fr", "ops", "-ops", "a\n", "1\n", " 1 ", "3.0", "1_0", "101", "-0",
    "20\u3000万", "20\u2003万", "20\u00a0万", "1\t", "0.05", "１", "a.b-c_d",
]


@pytest.mark.skipif(shutil.which("node") is None, reason="node (an ECMAScript engine) is absent")
def test_patterns_read_the_same_in_ecmascript() -> None:
    """Editors run the patterns in JavaScript (``u`` flag): they must give Python's verdicts."""
    patterns = sorted(_patterns(plan_schema()))
    script = (
        "const {patterns, samples} = JSON.parse(require('fs').readFileSync(0, 'utf8'));"
        "console.log(JSON.stringify(patterns.map("
        "p => { const r = new RegExp(p, 'u'); return samples.map(s => r.test(s)); })));")
    result = subprocess.run(["node", "-e", script], check=True, capture_output=True,
                            text=True, encoding="utf-8",
                            input=json.dumps({"patterns": patterns, "samples": SAMPLES}))
    in_ecmascript = json.loads(result.stdout)
    for pattern, verdicts in zip(patterns, in_ecmascript, strict=True):
        in_python = [bool(_compiled(pattern).search(sample)) for sample in SAMPLES]
        assert verdicts == in_python, pattern
