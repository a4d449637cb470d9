"""Every number in every field is bounded where it is read: any digits give findings, not crashes.

The numeric fields are found by walking the plan models (and the rules' options), so a
new numeric field is covered without touching this file; a clean host plan holds every
model that has one, and a test fails if a model has no place in it. Into one of those
places go digit strings of 1 to 500 digits, with decimal points, signs, exponents, Chinese
units and percent signs, and ``check``, ``build`` (every format) and ``diff`` run through
the command line's entry point: each must end with 0 or 1, never an internal error.
"""

from __future__ import annotations

import contextlib
import copy
import io
import tempfile
import types
import typing
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml
from annotated_types import Ge, Le
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel

from mktplan.launch import run
from mktplan.load.values import MONEY_LIMIT
from mktplan.model.plan import Plan
from mktplan.model.types import Change, Money, Number, Parsed, Portion, PortionValue, Share
from mktplan.render.formats import FORMATS
from mktplan.rules.pipeline import check_bytes
from mktplan.rules.registry import RULES_BY_ID

from .conftest import FIXTURES

Path_ = tuple[str | int, ...]


def _parser(annotated: Any) -> Parsed:
    """The parser metadata of one of the format's annotated types."""
    return next(meta for meta in typing.get_args(annotated)[1:] if isinstance(meta, Parsed))


_MONEY, _NUMBER, _SHARE, _CHANGE, _PORTION = (
    _parser(kind) for kind in (Money, Number, Share, Change, PortionValue))


# --- which fields are numbers -----------------------------------------------------------
def _leaves(annotation: Any) -> list[tuple[Any, tuple[Any, ...]]]:
    """The types a field's value may have (through lists, unions and optional values)."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        base, *metadata = typing.get_args(annotation)
        return [(leaf, (*meta, *metadata)) for leaf, meta in _leaves(base)]
    if origin in (list, typing.Union, types.UnionType):
        return [leaf for arg in typing.get_args(annotation) for leaf in _leaves(arg)]
    return [(annotation, ())]


@dataclass(frozen=True)
class NumericField:
    """A field that holds a number: its model, its key in the YAML, and how it is read."""

    model: type[BaseModel]
    key: str
    metadata: frozenset[Any]  # the field's parser and constraints

    @property
    def percent(self) -> bool:
        """Whether "5%" is a form the field accepts."""
        return bool(self.metadata & {_SHARE, _CHANGE, _PORTION})

    def extremes(self) -> list[str]:
        """The largest, the most negative and the finest values the field accepts."""
        if _MONEY in self.metadata:
            return [str(MONEY_LIMIT - Decimal("0.0001")), str(Decimal("0.0001") - MONEY_LIMIT),
                    "0.0001"]
        if _NUMBER in self.metadata:
            return ["999999999999999.999999", "-999999999999999.999999", "0.000001"]
        if _CHANGE in self.metadata:
            return ["+100000%", "-100000%", "+0.0001%"]
        if self.metadata & {_SHARE, _PORTION}:
            return ["100%", "0.0001%", "0.000001", str(MONEY_LIMIT - 1)][
                :4 if _PORTION in self.metadata else 3]
        bounds = {str(meta.ge) for meta in self.metadata if isinstance(meta, Ge)}
        bounds |= {str(meta.le) for meta in self.metadata if isinstance(meta, Le)}
        return sorted(bounds) or ["1"]  # the format version has no range: only 1


def numeric_fields(model: type[BaseModel]) -> list[NumericField]:
    """The numeric fields of a model's own keys."""
    found = []
    for name, info in model.model_fields.items():
        leaves = _leaves(info.annotation)
        if any(leaf in (Decimal, int, Portion) for leaf, _ in leaves):
            metadata = {meta for _, metas in leaves for meta in metas} | set(info.metadata)
            found.append(NumericField(model, info.alias or name, frozenset(metadata)))
    return found


def sub_models(model: type[BaseModel]) -> dict[str, type[BaseModel]]:
    """The models of a model's keys that hold mappings (or lists of them)."""
    return {info.alias or name: leaf
            for name, info in model.model_fields.items()
            for leaf, _ in _leaves(info.annotation)
            if isinstance(leaf, type) and issubclass(leaf, BaseModel)}


def all_models(model: type[BaseModel] = Plan) -> set[type[BaseModel]]:
    """Every model in the plan's tree."""
    found = {model}
    for sub in sub_models(model).values():
        if sub not in found:
            found |= all_models(sub)
    return found


def option_fields() -> list[tuple[str, NumericField]]:
    """Numeric options of the rules, by rule id."""
    return [(rule_id, field) for rule_id, rule in RULES_BY_ID.items()
            for field in numeric_fields(rule.options)]


# --- a clean plan that holds every model with a numeric field ---------------------------
def host_plan() -> dict[str, Any]:
    """The base plan plus a segment, a cadence rule, a goal by target_change and options."""
    plan: dict[str, Any] = yaml.safe_load((FIXTURES / "_base.yaml").read_text(encoding="utf-8"))
    plan["audience"] = {"segments": [{"id": "dormant", "name": "Dormant buyers", "size": 5000}]}
    plan["strategy"]["content"] = {
        "pillars": [{"id": "tips", "name": "Tips", "formats": ["short_video"],
                     "channels": ["douyin"]}],
        "calendar": [{"pillar": "tips", "channel": "douyin", "count": 2, "per": "week",
                      "from": "M3", "to": "M6", "owner": "ops"}],
    }
    by_change = copy.deepcopy(plan["goals"][0])
    del by_change["target"]
    plan["goals"].append({**by_change, "id": "G2", "target_change": "+40%"})
    plan["team"][0]["headcount"] = 1
    plan["budget"]["lines"][0]["quantity"] = 1
    plan["rules"] = {rule_id: {field.key: "3" if field.key != "max_share" else "5%"}
                     for rule_id, field in option_fields()}
    return plan


HOST = host_plan()


def places(data: Any, model: type[BaseModel], path: Path_ = ()) -> dict[type[BaseModel],
                                                                         list[Path_]]:
    """Where each model has a mapping in ``data`` (walking the models along the data)."""
    if not isinstance(data, dict):
        return {}
    found: dict[type[BaseModel], list[Path_]] = {model: [path]}
    for key, sub in sub_models(model).items():
        value = data.get(key)
        items = list(enumerate(value)) if isinstance(value, list) else [(None, value)]
        for index, item in items:
            if isinstance(item, dict):
                where = (*path, key) if index is None else (*path, key, index)
                for found_model, paths in places(item, sub, where).items():
                    found.setdefault(found_model, []).extend(paths)
    return found


@dataclass(frozen=True)
class Slot:
    """One place in the host plan where a number can go."""

    path: Path_  # of the mapping that holds the key
    field: NumericField

    @property
    def key(self) -> str:
        """The key the number goes under."""
        return self.field.key

    def __str__(self) -> str:
        return ".".join(str(part) for part in (*self.path, self.key))


#: keys that exclude each other: planting one removes the other
EXCLUSIVE = {"target": "target_change", "target_change": "target",
             "duration_days": "end", "end": "duration_days"}


def slots() -> list[Slot]:
    """Every place for every numeric field: in the models, and in the rules' options."""
    where = places(HOST, Plan)
    found = [Slot(path, field) for model in sorted(where, key=lambda m: m.__name__)
             for field in numeric_fields(model) for path in where[model]]
    return found + [Slot(("rules", rule_id), field) for rule_id, field in option_fields()]


SLOTS = slots()


def plant(plan: dict[str, Any], slot: Slot, text: str) -> None:
    """Put ``text`` in the slot of ``plan`` (removing a key it excludes)."""
    node: Any = plan
    for part in slot.path:
        node = node[part]
    node[slot.key] = text
    if slot.key in EXCLUSIVE:
        node.pop(EXCLUSIVE[slot.key], None)


def planted(slot: Slot, text: str) -> dict[str, Any]:
    """The host plan with ``text`` as the value of the slot."""
    plan = copy.deepcopy(HOST)
    plant(plan, slot, text)
    return plan


def test_the_host_plan_is_clean() -> None:
    result = check_bytes(yaml.dump(HOST, Dumper=yaml.CSafeDumper).encode(), "host.yaml")
    assert result.findings == []


def test_every_model_with_a_numeric_field_has_a_place_in_the_host_plan() -> None:
    where = places(HOST, Plan)
    missing = sorted(model.__name__ for model in all_models()
                     if numeric_fields(model) and model not in where)
    assert missing == [], f"add these to host_plan() so that their numbers are fuzzed: {missing}"


def test_the_slots_cover_the_numbers_the_issue_named() -> None:
    named = {str(slot) for slot in SLOTS}
    assert {"budget.lines.1.amount", "budget.lines.0.quantity", "team.0.headcount",
            "goals.0.baseline", "goals.1.target_change", "audience.segments.0.size",
            "kpis.0.target", "budget.reserve", "strategy.content.calendar.0.count",
            "execution.tasks.1.duration_days", "rules.smart-achievable.max_growth",
            "rules.timeline-owner-overload.max_parallel"} <= named


# --- running the command line -----------------------------------------------------------
def cli(*argv: str | Path) -> tuple[int, str]:
    """Run a command line through the console script's entry point: exit code and output."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = run([str(arg) for arg in argv])
    return code, out.getvalue() + err.getvalue()


def assert_answered(code: int, output: str, command: str) -> None:
    """Findings or a clean run; never a crash. A diff side that does not load is exit 2."""
    assert "internal error" not in output, f"{command}: {output}"
    assert "Traceback" not in output, f"{command}: {output}"
    if command == "diff" and "does not load as a plan" in output:
        assert code == 2, output
        return
    assert code in (0, 1), f"{command} exited {code}: {output}"


DIFF_FORMATS = ("text", "json", "md")


def write_plan(path: Path, plan: dict[str, Any]) -> Path:
    """Plan data as a YAML file (libyaml's emitter: three times faster than PyYAML's)."""
    path.write_text(yaml.dump(plan, Dumper=yaml.CSafeDumper, allow_unicode=True),
                    encoding="utf-8")
    return path


def check_and_diff(folder: Path, plan: dict[str, Any], variant: int) -> None:
    """``check`` the plan and ``diff`` it with the clean host plan (format and order by variant)."""
    host = folder / "host.yaml"
    if not host.exists():
        write_plan(host, HOST)
    path = write_plan(folder / "plan.yaml", plan)
    assert_answered(*cli("check", path), "check")
    sides = (host, path) if variant % 2 == 0 else (path, host)
    output_format = DIFF_FORMATS[variant // 2 % len(DIFF_FORMATS)]
    assert_answered(*cli("diff", "--format", output_format, *sides), "diff")


#: rule families a plan can switch off, so that any number that loads reaches the renderers
RULES_OFF = {family: "off" for family in ("references", "smart", "budget", "timeline",
                                          "completeness")}


def build_all(folder: Path, plan: dict[str, Any]) -> int:
    """``build`` every format of the plan into a fresh folder, with the rules off."""
    plan = {**plan, "rules": {**RULES_OFF, **plan.get("rules", {})}}
    folder.mkdir(parents=True, exist_ok=True)
    path = write_plan(folder / "plan.yaml", plan)
    code, output = cli("build", path, "-o", folder / "out", "-j", "1",
                       "--format", ",".join(FORMATS))
    assert_answered(code, output, "build")
    return code


# --- what goes in -----------------------------------------------------------------------
DIGITS = "0123456789"
UNITS = ["", "", "万", "亿", "千", "元", " 万"]


@st.composite
def number_texts(draw: st.DrawFn, percent: bool) -> str:
    """Digit strings of 1 to 500 digits: a point, a sign, an exponent, a unit or a percent.

    Some are short enough to be accepted, so that ``build`` has figures to render.
    """
    count = draw(st.integers(1, 500) | st.integers(1, 12))
    shape = draw(st.sampled_from(["digits", "tiny", "point", "point"]))
    if shape == "tiny":  # 0.000…0001 and the like
        digits = "0." + "0" * (count - 1) + draw(st.sampled_from("123456789"))
    else:
        digits = draw(st.text(DIGITS, min_size=count, max_size=count))
        if shape == "point":
            cut = draw(st.integers(max(0, count - 6), count - 1))
            digits = f"{digits[:cut]}.{digits[cut:]}"
    sign = draw(st.sampled_from(["", "", "-", "+"]))
    exponent = draw(st.sampled_from(["", "", "", "", "e30", "E-30", f"e{count}", "e+400"]))
    suffix = draw(st.sampled_from([*UNITS, "%", "%", "%"] if percent else UNITS))
    return f"{sign}{digits}{exponent}{suffix}"


def slot_and_text(slot_list: list[Slot]) -> st.SearchStrategy[tuple[Slot, str]]:
    """A place and a number that may go there."""
    return st.sampled_from(slot_list).flatmap(
        lambda slot: st.tuples(st.just(slot), number_texts(slot.field.percent)))


def fuzz(examples: int) -> settings:
    """Deterministic and bounded, as the other properties of the suite."""
    return settings(max_examples=examples, deadline=None, derandomize=True, database=None,
                    suppress_health_check=[HealthCheck.too_slow])


@fuzz(150)
@given(slot_and_text(SLOTS), st.integers(0, 5))
def test_any_digits_in_any_numeric_field_give_findings_in_check_and_diff(
        case: tuple[Slot, str], variant: int) -> None:
    slot, text = case
    with tempfile.TemporaryDirectory() as folder:
        check_and_diff(Path(folder), planted(slot, text), variant)


@fuzz(80)
@given(slot_and_text(SLOTS))
def test_any_digits_in_any_numeric_field_give_findings_in_build(case: tuple[Slot, str]) -> None:
    slot, text = case
    with tempfile.TemporaryDirectory() as folder:
        event("built" if build_all(Path(folder), planted(slot, text)) == 0 else "refused")


# --- every field, with the values that crashed ------------------------------------------
NAMED = [
    "1000000000000000000000000000000",  # 31 digits: quantize failed at 28
    "0." + "0" * 40 + "1",
    "9" * 500,
    "1" + "0" * 25,  # a segment size of 10^26 checked clean, then failed to build
    "999999999999999.9999",  # just below the money limit
    "-999999999999999",
]


@pytest.mark.parametrize("slot", SLOTS, ids=str)
def test_every_numeric_field_answers_the_numbers_that_crashed(slot: Slot, tmp_path: Path) -> None:
    texts = [*NAMED, *(["+1e30%", "+" + "1" * 31 + "%"] if slot.field.percent else [])]
    for variant, text in enumerate(texts):
        check_and_diff(tmp_path, planted(slot, text), variant)


@pytest.mark.parametrize("slot", SLOTS, ids=str)
def test_the_extremes_each_field_accepts_check_and_diff(slot: Slot, tmp_path: Path) -> None:
    """The largest, most negative and finest accepted values reach every rule."""
    for variant, text in enumerate(slot.field.extremes()):
        check_and_diff(tmp_path, planted(slot, text), variant)


def test_the_extremes_of_every_field_at_once_build_every_format(tmp_path: Path) -> None:
    """One build per kind of extreme, with every field at it (a build takes a while).

    And one build for each field that such a plan cannot hold: a goal's target, where
    its target_change excludes it.
    """
    for index in range(max(len(slot.field.extremes()) for slot in SLOTS)):
        extremes = {slot: extreme(slot, index) for slot in SLOTS}
        plan = copy.deepcopy(HOST)
        for slot, text in extremes.items():
            plant(plan, slot, text)
        assert_builds(tmp_path / str(index), plan)
        for slot, text in extremes.items():
            if value_at(plan, slot) != text:
                assert_builds(tmp_path / f"{index}-{slot}", planted(slot, text))


def extreme(slot: Slot, index: int) -> str:
    """The field's ``index``-th extreme, counting round if it has fewer."""
    extremes = slot.field.extremes()
    return extremes[index % len(extremes)]


def value_at(plan: dict[str, Any], slot: Slot) -> Any:
    """What the slot holds in ``plan`` (None if nothing)."""
    node: Any = plan
    for part in slot.path:
        node = node[part]
    return node.get(slot.key)


def assert_builds(folder: Path, plan: dict[str, Any]) -> None:
    """The plan builds every format (its rules off: what loads must render)."""
    assert build_all(folder, plan) == 0
    assert {path.suffix for path in (folder / "out").iterdir()} == {
        output.extension for output in FORMATS.values()}


def test_products_and_ratios_of_bounded_numbers_give_findings_not_crashes(
        tmp_path: Path) -> None:
    """Each number is within bounds, but what the plan computes from them is not."""
    plan = copy.deepcopy(HOST)
    largest = str(MONEY_LIMIT - Decimal("0.0001"))
    lines = plan["budget"]["lines"]
    lines[0].update(unit_cost=largest, quantity="999999999999999.999999", per="month")
    lines[1] = {"id": "tiny", "item": "A click", "unit_cost": "0.0001", "quantity": "0.000001",
                "per": "year", "from": "M1", "to": "2027-01-01"}  # 10^-10 for a day of a year
    plan["returns"] = [{"id": f"r{i}", "stream": "Sales", "amount": largest} for i in range(20)]
    plan["goals"][0].update(baseline="0.000001", target="999999999999999.999999")
    for variant in range(len(DIFF_FORMATS) * 2):
        check_and_diff(tmp_path, plan, variant)
    code, output = cli("check", write_plan(tmp_path / "plan.yaml", plan))
    assert code == 1 and "budget-over-total" in output
    assert build_all(tmp_path, plan) == 0
    small = copy.deepcopy(plan)  # a spend of 10^-10 against returns of 2·10^16
    small["budget"]["lines"] = [lines[1]]
    check_and_diff(tmp_path, small, 0)
    assert build_all(tmp_path / "small", small) == 0
