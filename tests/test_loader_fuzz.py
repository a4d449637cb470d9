"""Property tests: whatever bytes or YAML arrive, mktplan answers with findings, never a crash.

Deterministic (``derandomize``, no example database) and bounded (about 200 examples
per property), so the suite stays fast and a failure reproduces on every run.
"""

from __future__ import annotations

import copy
from datetime import date
from decimal import Decimal
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mktplan.load.source import parse_yaml
from mktplan.load.values import MONEY_LIMIT, parse_amount, parse_date_spec, resolve_date
from mktplan.model.compute import months_between
from mktplan.rules.pipeline import CheckedPlan, check_bytes
from mktplan.rules.registry import RULES_BY_ID

from .conftest import FIXTURES

BASE_BYTES = (FIXTURES / "_base.yaml").read_bytes()
SKELETON: dict[str, Any] = yaml.safe_load(BASE_BYTES)

FUZZ = settings(max_examples=200, deadline=None, derandomize=True, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

YAML_ALPHABET = list("-:[]{},&*!|>'\"#%@?` \n\t\\") + list("abT0123456789.万亿%e")
TRICKY_SCALARS = [
    "NO", "yes", "on", "~", "null", "1.10", "0123", "12:30", ".inf", "-.inf", ".nan", "1e400",
    "10**400", "2027-02-30", "2027-03-01", "0001-01-01", "9999-12-31", "T", "T-30", "T+9999",
    "M1", "M36", "M37", "300万", "1.5亿", "3,000,000", "5%", "120%", "+50%", "-0", "", " ",
    "\x00", "\x1b[1m", "\ufffe", "G1", "ops", "douyin", "prep", "T1", "T2", "once", "year",
    "month", "paid", "traffic", "revenue", "at_most", "99999999999", "-1", "0.10",
    "=HYPERLINK(\"x\")", "a|b", "<script>", "{{ 7*7 }}",
]
KNOWN_KEYS = [
    "mktplan", "meta", "id", "title", "period", "start", "end", "launch", "currency", "goals",
    "kpi", "baseline", "target", "target_change", "deadline", "owner", "supports", "strategy",
    "channels", "content", "pillars", "calendar", "pillar", "channel", "count", "per", "from",
    "to", "execution", "phases", "tasks", "milestones", "phase", "depends_on", "requires",
    "duration_days", "date", "team", "cost", "amount", "headcount", "budget", "total",
    "reserve", "lines", "unit_cost", "quantity", "category", "returns", "kpis", "direction",
    "risks", "rules", "off", "smart-achievable", "budget-unallocated", "max_growth", "severity",
]

scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(), st.dates(),
    st.text(max_size=12), st.sampled_from(TRICKY_SCALARS),
)
keys = st.one_of(st.sampled_from(KNOWN_KEYS), st.text(max_size=8))
values = st.recursive(
    scalars,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(keys, children, max_size=4),
    max_leaves=16,
)


def dump(plan: Any) -> bytes:
    """Plan data as YAML bytes, with libyaml's emitter (three times faster than PyYAML's)."""
    text: str = yaml.dump(plan, Dumper=yaml.CSafeDumper, allow_unicode=True, sort_keys=False)
    return text.encode("utf-8")


def assert_sound(result: CheckedPlan, raw: bytes) -> None:
    """Every finding is a known rule, placed on a real line and column, in words."""
    lines = raw.count(b"\n") + 1
    for finding in result.findings:
        assert finding.rule in RULES_BY_ID, finding
        assert 1 <= finding.line <= lines + 1, finding
        assert finding.column >= 1, finding
        assert finding.message.strip(), finding
    if result.plan is None:
        assert result.errors > 0


# --- (a) arbitrary input ----------------------------------------------------------------
@FUZZ
@given(st.text())
def test_any_text_gives_findings_not_exceptions(text: str) -> None:
    raw = text.encode("utf-8")
    assert_sound(check_bytes(raw, "fuzz.yaml"), raw)


@FUZZ
@given(st.text(alphabet=st.sampled_from(YAML_ALPHABET), max_size=200))
def test_yaml_punctuation_soup_gives_findings_not_exceptions(text: str) -> None:
    raw = text.encode("utf-8")
    assert_sound(check_bytes(raw, "fuzz.yaml"), raw)


@FUZZ
@given(st.binary(max_size=400))
def test_any_bytes_give_findings_not_exceptions(raw: bytes) -> None:
    assert_sound(check_bytes(raw, "fuzz.yaml"), raw)


@st.composite
def damaged_base_plans(draw: st.DrawFn) -> bytes:
    """The clean base plan with a few bytes inserted, deleted or overwritten."""
    raw = bytearray(BASE_BYTES)
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(raw)))
        action = draw(st.sampled_from(["insert", "delete", "replace"]))
        chunk = draw(st.one_of(st.binary(min_size=1, max_size=6),
                               st.sampled_from([b"[", b"{", b":", b"- ", b"\n  ", b"&a ", b"*a",
                                                b"!!str ", b'"\\x00"', b"\t", b"#"])))
        if action == "insert":
            raw[at:at] = chunk
        elif action == "delete":
            del raw[at:at + len(chunk)]
        else:
            raw[at:at + len(chunk)] = chunk
    return bytes(raw)


@FUZZ
@given(damaged_base_plans())
def test_damaged_plans_give_findings_not_exceptions(raw: bytes) -> None:
    assert_sound(check_bytes(raw, "fuzz.yaml"), raw)


# --- (b) random structures in a plan skeleton -------------------------------------------
# Values that are almost right for their key find more than random ones: extreme dates
# overflow date arithmetic, extreme amounts overflow sums, dangling ids break lookups.
EXTREME_DATES = ["0001-01-01", "1900-01-01", "2199-12-31", "9999-12-31", "2027-02-30", "T",
                 "T-9999", "T+9999", "M1", "M36", "M37", "2027-12-31"]
EXTREME_AMOUNTS = ["999999999999999.99", "-999999999999999.99", "0", "-1", "0.000001", ".inf",
                   "1e400", "99999999万", "5%", "0.05", "+50%", "1,000"]
EXTREME_COUNTS = ["0", "-1", "1", "3660", "99999999999", "1" * 5000, "1.5", "2"]
KNOWN_IDS = ["uv", "ops", "douyin", "prep", "T1", "T2", "nowhere"]  # other kinds, self, none
NEAR_MISSES: dict[str, list[Any]] = {
    **dict.fromkeys(["start", "end", "launch", "date", "deadline", "from", "to"], EXTREME_DATES),
    **dict.fromkeys(["amount", "unit_cost", "total", "reserve", "baseline", "target",
                     "quantity", "target_change"], EXTREME_AMOUNTS),
    **dict.fromkeys(["duration_days", "headcount", "count", "size"], EXTREME_COUNTS),
    **dict.fromkeys(["id", "owner", "kpi", "phase", "channel", "team", "pillar", "supports",
                     "depends_on", "requires", "channels"], KNOWN_IDS),
}


def paths_in(node: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Paths of every value in ``node`` (mappings, lists and scalars), ``node`` first."""
    found = [path]
    if isinstance(node, (dict, list)):
        children = node.items() if isinstance(node, dict) else enumerate(node)
        for key, child in children:
            found.extend(paths_in(child, (*path, key)))
    return found


def at_path(node: Any, path: tuple[Any, ...]) -> Any:
    """The node reached by following ``path``."""
    for part in path:
        node = node[part]
    return node


def key_of(path: tuple[Any, ...]) -> str:
    """The nearest mapping key of a path (``supports`` for ``goals[0].supports[1]``)."""
    return next((part for part in reversed(path) if isinstance(part, str)), "")


@st.composite
def near_miss(draw: st.DrawFn, plan: Any) -> None:
    """Replace one scalar by a value that is almost right for its key."""
    leaves = [path for path in paths_in(plan)
              if path and not isinstance(at_path(plan, path), (dict, list))]
    names = sorted({key_of(path) for path in leaves})
    name = draw(st.sampled_from(names))
    path = draw(st.sampled_from([path for path in leaves if key_of(path) == name]))
    pool = NEAR_MISSES.get(name)
    at_path(plan, path[:-1])[path[-1]] = draw(st.sampled_from(pool) if pool else scalars)


@st.composite
def random_structure(draw: st.DrawFn, plan: Any) -> None:
    """Put a random YAML-ish value into a random mapping or list."""
    containers = [path for path in paths_in(plan) if isinstance(at_path(plan, path), (dict, list))]
    target = at_path(plan, draw(st.sampled_from(containers)))
    value = draw(values)
    if isinstance(target, dict):
        key = draw(st.one_of(st.sampled_from(sorted(target)), keys) if target else keys)
        target[key] = value
    elif target and draw(st.booleans()):
        target[draw(st.integers(0, len(target) - 1))] = value
    else:
        target.append(value)


@st.composite
def mutated_plans(draw: st.DrawFn) -> dict[str, Any]:
    """The base plan's data with one to four near misses or random structures in it."""
    plan = copy.deepcopy(SKELETON)
    for _ in range(draw(st.integers(1, 4))):
        mutation = draw(st.sampled_from([near_miss, random_structure]))
        draw(mutation(plan))
    return plan


@FUZZ
@given(mutated_plans())
def test_random_structures_in_a_plan_give_sound_findings(plan: dict[str, Any]) -> None:
    raw = dump(plan)
    assert_sound(check_bytes(raw, "fuzz.yaml"), raw)


def test_every_near_miss_at_every_place_gives_sound_findings() -> None:
    # exhaustive rather than random: each scalar of the base plan, in turn, gets each
    # almost-right value for its key (a few hundred plans, about two seconds)
    failures = []
    for path in paths_in(SKELETON):
        pool = NEAR_MISSES.get(key_of(path)) if path else None
        if pool is None or isinstance(at_path(SKELETON, path), (dict, list)):
            continue
        for value in pool:
            plan = copy.deepcopy(SKELETON)
            at_path(plan, path[:-1])[path[-1]] = value
            raw = dump(plan)
            try:
                assert_sound(check_bytes(raw, "near-miss.yaml"), raw)
            except Exception as exc:  # collect them all: one run shows every crash
                failures.append(f"{path} = {value!r}: {type(exc).__name__}: {exc}")
    assert failures == []


@FUZZ
@given(st.dictionaries(st.sampled_from(sorted(SKELETON)), values, min_size=1, max_size=4))
def test_random_sections_give_sound_findings(sections: dict[str, Any]) -> None:
    plan = {**copy.deepcopy(SKELETON), **sections}
    raw = dump(plan)
    assert_sound(check_bytes(raw, "fuzz.yaml"), raw)


# --- (c) money and dates round-trip -----------------------------------------------------
money = st.decimals(min_value=-MONEY_LIMIT + Decimal("0.01"),
                    max_value=MONEY_LIMIT - Decimal("0.01"),
                    places=2, allow_nan=False, allow_infinity=False)


@FUZZ
@given(money)
def test_money_with_thousands_separators_parses_back_exactly(amount: Decimal) -> None:
    assert parse_amount(f"{amount:,}") == amount
    assert parse_amount(f"{amount:f}") == amount


@FUZZ
@given(money, st.sampled_from([("万", -4), ("亿", -8), ("千", -3)]))
def test_money_in_chinese_units_parses_back_exactly(amount: Decimal,
                                                    unit: tuple[str, int]) -> None:
    name, shift = unit
    assert parse_amount(f"{amount.scaleb(shift):f}{name}") == amount


@FUZZ
@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2196, 12, 31)),
       st.integers(1, 36))
def test_plan_months_tile_the_calendar(period_start: date, month: int) -> None:
    spec = parse_date_spec(f"M{month}")
    first = resolve_date(spec, "start", None, period_start)
    last = resolve_date(spec, "end", None, period_start)
    assert first.day == 1 and first <= last
    assert months_between(first, last) == 1
    if month < 36:
        following = resolve_date(parse_date_spec(f"M{month + 1}"), "start", None, period_start)
        assert (following - last).days == 1


# --- (d) positions against PyYAML's own node marks ----------------------------------------
Position = tuple[int, int]
# keys without control characters: the loader cleans those out of a key, changing its path
printable_keys = st.text(st.characters(blacklist_categories=("Cc", "Cs")), min_size=1, max_size=8)
text_keyed = st.recursive(
    scalars,
    lambda children: (st.lists(children, max_size=4)
                      | st.dictionaries(printable_keys, children, max_size=4)),
    max_leaves=16,
)


def composed_positions(node: yaml.Node, path: tuple[Any, ...] = (),
                       key: Position | None = None,
                       ) -> list[tuple[tuple[Any, ...], Position, Position | None]]:
    """(path, value position, key position) of every node PyYAML composes, 1-based."""
    found = [(path, (node.start_mark.line + 1, node.start_mark.column + 1), key)]
    if isinstance(node, yaml.MappingNode):
        for key_node, child in node.value:
            key_at = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            found.extend(composed_positions(child, (*path, key_node.value), key_at))
    elif isinstance(node, yaml.SequenceNode):
        for index, child in enumerate(node.value):
            found.extend(composed_positions(child, (*path, index)))
    return found


@FUZZ
@given(text_keyed, st.booleans())
def test_every_value_and_key_is_located_where_pyyaml_puts_it(data: Any, flow: bool) -> None:
    text = yaml.dump({"root": data}, Dumper=yaml.CSafeDumper, allow_unicode=True,
                     default_flow_style=flow)
    source_map = parse_yaml(text).source_map
    for path, value_at, key_at in composed_positions(yaml.compose(text, Loader=yaml.CSafeLoader)):
        assert source_map.locate(path) == value_at, path
        assert source_map.locate((*path, "no such key", 0)) == value_at, path
        assert source_map.locate_key(path) == (key_at or value_at), path
