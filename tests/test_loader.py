"""The loader against every hostile-input row of the YAML table in the reliability notes.

Each test names the trap it springs (duplicate keys, YAML 1.1 typing, float drift,
impossible dates, infinities, alias bombs, deep nesting, tags, huge files, legacy
encodings, BOM/CRLF, control characters) and proves mktplan answers with a located
finding instead of a wrong value, a traceback or a hang.
"""

from __future__ import annotations

import os
import time
from decimal import Decimal
from pathlib import Path

import pytest
import yaml

from mktplan.findings import Finding
from mktplan.load import source
from mktplan.load.source import (
    DEFAULT_MAX_BYTES,
    MAX_DEPTH,
    load_bytes,
    max_bytes_from_env,
    parse_yaml,
    read_plan_file,
)
from mktplan.model.compute import budget_totals
from mktplan.rules.pipeline import check_bytes, check_file

from .conftest import FIXTURES, check_text

BASE = (FIXTURES / "_base.yaml").read_text(encoding="utf-8")


def only(findings: list[Finding], rule: str) -> Finding:
    """The single finding of ``rule``, failing with every finding listed otherwise."""
    matching = [f for f in findings if f.rule == rule]
    assert len(matching) == 1, [(f.rule, f.line, f.column, f.message) for f in findings]
    return matching[0]


def replace_once(text: str, old: str, new: str) -> str:
    """``text`` with the one occurrence of ``old`` replaced (fails if it is not unique)."""
    assert text.count(old) == 1, old
    return text.replace(old, new)


def with_budget(budget_yaml: str) -> str:
    """The base plan with its budget section replaced by ``budget_yaml``."""
    start = BASE.index("budget:\n")
    end = BASE.index("returns:\n")
    return BASE[:start] + budget_yaml + BASE[end:]


@pytest.mark.parser
def test_the_fast_c_parser_is_used() -> None:
    # PyYAML does not re-export CParser; importing it from ``yaml`` silently fell back
    # to the pure-Python parser, ten times slower on large files.
    assert yaml.__with_libyaml__
    assert source._Parser is yaml._yaml.CParser


# --- the same key twice -----------------------------------------------------------------
@pytest.mark.parser
def test_duplicate_key_is_reported_at_the_second_naming_the_first() -> None:
    doc = parse_yaml("meta:\n  title: First\n  id: x\n  title: Second\n")
    finding = only(doc.findings, "schema-duplicate-key")
    assert (finding.line, finding.column) == (4, 3)
    assert "'title'" in finding.message
    assert "line 2" in finding.message
    assert finding.path == ("meta", "title")
    assert doc.data == {"meta": {"title": "First", "id": "x"}}


@pytest.mark.parser
def test_duplicate_key_in_a_flow_mapping_is_located_by_column() -> None:
    doc = parse_yaml("cost: {amount: 1, per: year, amount: 2}\n")
    finding = only(doc.findings, "schema-duplicate-key")
    assert (finding.line, finding.column) == (1, 30)
    assert doc.data == {"cost": {"amount": "1", "per": "year"}}


def test_keys_that_are_the_same_text_collide_however_quoted() -> None:
    """``1:`` and ``"1":`` are both the text "1", so they are the same key.

    Keys are compared as the text the user wrote, not as YAML 1.1 would type them:
    ``on:`` and ``true:`` are *different* keys in mktplan (YAML 1.1 makes both the
    boolean True), because the format has no boolean keys and a plan author reads
    them as two different words.
    """
    doc = parse_yaml('1: a\n"1": b\n\'1\': c\n')
    duplicates = [f for f in doc.findings if f.rule == "schema-duplicate-key"]
    assert [(f.line, f.column) for f in duplicates] == [(2, 1), (3, 1)]
    assert doc.data == {"1": "a"}

    typed_alike = parse_yaml("on: a\ntrue: b\nyes: c\n")
    assert typed_alike.findings == []
    assert typed_alike.data == {"on": "a", "true": "b", "yes": "c"}


def test_same_key_in_two_list_items_is_not_a_duplicate() -> None:
    doc = parse_yaml("goals:\n  - id: G1\n  - id: G2\n")
    assert doc.findings == []


def test_duplicate_key_in_a_plan_keeps_the_first_value_and_checks_the_rest() -> None:
    text = replace_once(BASE, "    target: 30000\n", "    target: 30000\n    target: 90000\n")
    result = check_text(text)
    finding = only(result.findings, "schema-duplicate-key")
    assert finding.line == BASE.splitlines().index("    target: 30000") + 2
    assert result.plan is not None
    assert result.plan.goals[0].target == Decimal(30000)


# --- YAML 1.1 typing ------------------------------------------------------------------
@pytest.mark.parser
@pytest.mark.parametrize(
    "written",
    ["NO", "no", "Off", "yes", "y", "1.10", "0123", "0o17", "0x1F", "12:30", "1_000", "1e3",
     "2027-03-01", ".inf", ".NaN", "true"],
)
def test_scalars_stay_the_text_as_written(written: str) -> None:
    doc = parse_yaml(f"value: {written}\nlist: [{written}]\n")
    assert doc.findings == []
    assert doc.data == {"value": written, "list": [written]}


@pytest.mark.parametrize("written", ["", "~", "null", "Null", "NULL"])
def test_plain_null_forms_are_none(written: str) -> None:
    assert parse_yaml(f"value: {written}\n").data == {"value": None}


def test_quoted_null_is_text() -> None:
    assert parse_yaml('value: "null"\n').data == {"value": "null"}


def test_text_fields_of_a_plan_keep_yaml_1_1_lookalikes_verbatim() -> None:
    text = replace_once(
        BASE, "  title: Base plan\n",
        "  title: NO\n  subtitle: 12:30\n  organization: 0123\n  version: 1.10\n",
    )
    result = check_text(text)
    assert result.findings == []
    assert result.plan is not None
    meta = result.plan.meta
    assert (meta.title, meta.subtitle, meta.organization, meta.version) == (
        "NO", "12:30", "0123", "1.10")


# --- exact money ------------------------------------------------------------------------
def test_many_ten_cent_lines_sum_exactly() -> None:
    # as binary floats, a thousand 0.10s sum to 99.9999999999986
    lines = "".join(f"    - {{id: L{i}, item: Item {i}, amount: 0.10}}\n" for i in range(1000))
    result = check_text(with_budget(f"budget:\n  total: 100\n  lines:\n{lines}"))
    assert result.plan is not None
    totals = budget_totals(result.plan)
    assert totals.allocated == Decimal("100.00")
    assert totals.unallocated == 0
    assert result.errors == 0


@pytest.mark.parametrize("written", ['"999999999999999.99"', "999999999999999.99",
                                     '"999,999,999,999,999.99"'])
def test_large_plausible_amounts_keep_every_digit(written: str) -> None:
    result = check_text(replace_once(BASE, 'total: "100万"', f"total: {written}"))
    assert result.plan is not None and result.plan.budget is not None
    assert result.plan.budget.total == Decimal("999999999999999.99")
    assert [f.rule for f in result.findings if f.rule.startswith("schema-")] == []


def test_amounts_of_a_quadrillion_or_more_are_refused_as_implausible() -> None:
    text = replace_once(BASE, 'total: "100万"', 'total: "12345678901234567.89"')
    finding = only(check_text(text).findings, "schema-bad-money")
    assert "implausibly large" in finding.message
    assert "12345678901234567.89" in finding.message
    assert (finding.line, finding.column) == (BASE.splitlines().index('  total: "100万"') + 1, 10)


# --- impossible dates -------------------------------------------------------------------
def test_impossible_date_is_a_located_finding() -> None:
    text = replace_once(BASE, "  launch: 2027-03-01\n", "  launch: 2026-02-30\n")
    result = check_text(text)
    finding = only(result.findings, "schema-bad-date")
    assert (finding.line, finding.column) == (9, 11)
    assert finding.path == ("meta", "launch")
    assert "2026-02-30" in finding.message
    assert "February 2026 has 28 days" in finding.message


# --- infinities and huge exponents ------------------------------------------------------
@pytest.mark.parametrize("written", [".inf", "-.inf", ".Inf", ".nan", ".NaN", "1e400",
                                     "10**400", "Infinity", "NaN"])
def test_non_finite_money_is_rejected_with_a_message(written: str) -> None:
    text = replace_once(BASE, 'amount: "75万"', f"amount: {written}")
    result = check_text(text)
    finding = only(result.findings, "schema-bad-money")
    assert written in finding.message
    assert finding.line == BASE.splitlines().index(
        next(line for line in BASE.splitlines() if '"75万"' in line)) + 1


@pytest.mark.parametrize("written", [".inf", ".nan", "1e400"])
def test_non_finite_numbers_are_rejected_with_a_message(written: str) -> None:
    text = replace_once(BASE, "    baseline: 20000\n", f"    baseline: {written}\n")
    finding = only(check_text(text).findings, "schema-bad-number")
    assert written in finding.message
    assert finding.line == 15


# --- alias bombs ------------------------------------------------------------------------
BILLION_LAUGHS = """\
a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
"""


@pytest.mark.parser
def test_billion_laughs_is_refused_quickly() -> None:
    started = time.perf_counter()
    result = check_bytes(BILLION_LAUGHS.encode(), "bomb.yaml")
    elapsed = time.perf_counter() - started
    finding = only(result.findings, "schema-alias")
    assert "alias bomb" in finding.message
    assert finding.line <= 9
    assert result.plan is None
    assert elapsed < 1.0


@pytest.mark.parser
def test_ordinary_aliases_are_allowed() -> None:
    text = replace_once(BASE, "    supports: [douyin]\n", "    supports: &core [douyin]\n")
    text = replace_once(text, "    - {id: douyin, name: Douyin, type: paid}\n",
                        "    - {id: douyin, name: Douyin, type: paid, platforms: *core}\n")
    result = check_text(text)
    assert result.findings == []
    assert result.plan is not None and result.plan.strategy is not None
    assert result.plan.strategy.channels[0].platforms == ["douyin"]


@pytest.mark.parser
@pytest.mark.parametrize(("text", "words"), [
    ("a: &a [1, *a]\n", "refers to itself"),
    ("a: *nowhere\n", "no anchor"),
])
def test_bad_aliases_are_located(text: str, words: str) -> None:
    finding = only(parse_yaml(text).findings, "schema-alias")
    assert words in finding.message
    assert finding.line == 1 and finding.column > 1


# --- deep nesting -----------------------------------------------------------------------
# The loader decides depth itself: whatever the parser (libyaml with or without its own
# nesting limit, or the pure-Python fallback), the same finding at the same place.
def _libyaml_as_installed(monkeypatch: pytest.MonkeyPatch) -> None:
    """The parser PyYAML was built with, as a user gets it."""


def _libyaml_without_its_limit_setter(monkeypatch: pytest.MonkeyPatch) -> None:
    """A libyaml whose own nesting limit (0.2.6 and later) cannot be raised."""
    monkeypatch.setattr(source, "_libyaml_nest_level_setter", lambda: None)
    monkeypatch.setattr(source, "_libyaml_limits_nesting", lambda: True)


def _pure_python_parser(monkeypatch: pytest.MonkeyPatch) -> None:
    """PyYAML built without libyaml."""
    monkeypatch.setattr(source, "_Parser", source.PythonParser)


PARSER_SETUPS = {
    "libyaml": _libyaml_as_installed,
    "libyaml-limit-fixed": _libyaml_without_its_limit_setter,
    "pure-python": _pure_python_parser,
}


@pytest.fixture(params=PARSER_SETUPS.values(), ids=PARSER_SETUPS.keys())
def any_parser(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each way the loader may meet PyYAML."""
    request.param(monkeypatch)


DEEP_DOCUMENTS = {  # text, and the line and column of the level past MAX_DEPTH
    "open-brackets": ("[" * 50_000, 1, MAX_DEPTH + 1),
    "balanced-brackets": ("[" * 50_000 + "]" * 50_000, 1, MAX_DEPTH + 1),
    "spaced-brackets": ("[ " * 50_000, 1, 2 * MAX_DEPTH + 1),
    "brackets-per-line": ("[\n" * 50_000, MAX_DEPTH + 1, 1),
    "flow-mappings": ("{a: " * 50_000, 1, 4 * MAX_DEPTH + 1),
    "block-sequences": ("- " * 50_000, 1, 2 * MAX_DEPTH + 1),
    "block-mappings": ("a:\n" + "".join(" " * depth + "b:\n" for depth in range(1, 5_000)),
                       MAX_DEPTH + 1, MAX_DEPTH + 1),
    "under-a-key": ("plan:\n  notes: " + "[" * 5_000, 2, 10 + MAX_DEPTH - 2),
}


@pytest.mark.parser
@pytest.mark.usefixtures("any_parser")
@pytest.mark.parametrize(("text", "line", "column"), DEEP_DOCUMENTS.values(),
                         ids=DEEP_DOCUMENTS.keys())
def test_deep_nesting_is_refused_at_the_level_past_the_limit(text: str, line: int,
                                                             column: int) -> None:
    # in-process on purpose: the loader reads parse events iteratively, so this
    # cannot overflow the C or the Python stack
    started = time.perf_counter()
    result = check_bytes(text.encode(), "deep.yaml")
    elapsed = time.perf_counter() - started
    assert [(f.rule, f.line, f.column) for f in result.findings] == [
        ("schema-too-deep", line, column)]
    assert str(MAX_DEPTH) in result.findings[0].message
    assert result.plan is None
    assert elapsed < 2.0


SHALLOW_BUT_BRACKETED = {  # many '[' and '{' close together, none of them deep
    "empty lists in a list": "x: [" + "[], " * 3_000 + "]\n",
    "brackets in a folded scalar": "note: >\n  " + "[" * 3_000 + "\n",
    "brackets in a quoted scalar": 'note: "' + "[{" * 3_000 + '"\n',
}


@pytest.mark.parser
@pytest.mark.usefixtures("any_parser")
@pytest.mark.parametrize("text", SHALLOW_BUT_BRACKETED.values(),
                         ids=SHALLOW_BUT_BRACKETED.keys())
def test_many_brackets_that_do_not_nest_load(text: str) -> None:
    assert parse_yaml(text).findings == []


@pytest.mark.parser
@pytest.mark.usefixtures("any_parser")
def test_nesting_up_to_the_limit_loads() -> None:
    inner = MAX_DEPTH - 1  # the top-level mapping is the first level
    assert parse_yaml("a: " + "[" * inner + "]" * inner).findings == []
    too_deep = parse_yaml("a: " + "[" * MAX_DEPTH + "]" * MAX_DEPTH)
    assert only(too_deep.findings, "schema-too-deep").column == 4 + inner


@pytest.mark.parser
def test_libyaml_keeps_its_own_nesting_limit_outside_a_parse() -> None:
    # the limit is one setting for the whole process: raised only while mktplan parses
    setter = source._libyaml_nest_level_setter()
    if setter is None:  # PyYAML 6.0.3 and older: libyaml 0.2.5 has no limit to raise
        assert not source._libyaml_limits_nesting()
        return
    before = source._libyaml._get_max_nest_level()
    parse_yaml("[" * 5_000)
    assert source._libyaml._get_max_nest_level() == before


# --- tags -------------------------------------------------------------------------------
@pytest.mark.parser
@pytest.mark.parametrize(("value", "tag"), [
    ('!!python/object/apply:os.system ["echo"]', "!!python/object/apply:os.system"),
    ("!!str 0123", "!!str"),
    ("!!int 20000", "!!int"),
    ("!custom thing", "!custom"),
    ("!!map {a: 1}", "!!map"),
])
def test_explicit_tags_are_refused_by_name(value: str, tag: str,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    monkeypatch.setattr(os, "system", calls.append)
    text = replace_once(BASE, "  title: Base plan\n", f"  title: {value}\n")
    result = check_text(text)
    finding = only(result.findings, "schema-yaml-tag")
    assert f"'{tag}'" in finding.message
    assert (finding.line, finding.column) == (5, 10)
    assert result.plan is None
    assert calls == []


# --- file size --------------------------------------------------------------------------
def five_megabyte_plan(tmp_path: Path) -> Path:
    """A valid plan padded to about 5 MB with SWOT strengths."""
    note = "  - Market note about the competitive landscape in tier-2 and tier-3 cities\n"
    padding = note * (5_000_000 // len(note) + 1)
    path = tmp_path / "big.yaml"
    path.write_text(BASE + "swot:\n strengths:\n" + padding.replace("  -", "  -"),
                    encoding="utf-8")
    assert path.stat().st_size > 5_000_000
    return path


def test_a_file_over_the_given_limit_is_refused(tmp_path: Path) -> None:
    path = five_megabyte_plan(tmp_path)
    doc = read_plan_file(path, "big.yaml", max_bytes=1_000_000)
    finding = only(doc.findings, "schema-file-too-large")
    assert f"{path.stat().st_size:,} bytes" in finding.message
    assert "1,000,000-byte limit" in finding.message
    assert "MKTPLAN_MAX_BYTES" in finding.message
    assert (finding.file, finding.line, finding.column) == ("big.yaml", 1, 1)
    assert not doc.ok


def test_the_size_limit_comes_from_the_environment(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    path = five_megabyte_plan(tmp_path)
    monkeypatch.setenv("MKTPLAN_MAX_BYTES", "4000000")
    only(check_file(path).findings, "schema-file-too-large")
    monkeypatch.setenv("MKTPLAN_MAX_BYTES", str(path.stat().st_size))
    assert check_file(path).findings == []


def test_a_five_megabyte_plan_under_the_default_limit_loads_in_time(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("MKTPLAN_MAX_BYTES", raising=False)
    path = five_megabyte_plan(tmp_path)
    started = time.perf_counter()
    doc = read_plan_file(path)
    elapsed = time.perf_counter() - started
    assert doc.ok and doc.findings == []
    assert elapsed < 4.0  # about 1 s with libyaml; the pure-Python parser takes over 10 s


@pytest.mark.parametrize(("setting", "expected"), [
    (None, DEFAULT_MAX_BYTES), ("1000", 1000), ("", DEFAULT_MAX_BYTES),
    ("lots", DEFAULT_MAX_BYTES), ("-5", DEFAULT_MAX_BYTES),
])
def test_max_bytes_setting(setting: str | None, expected: int,
                           monkeypatch: pytest.MonkeyPatch) -> None:
    if setting is None:
        monkeypatch.delenv("MKTPLAN_MAX_BYTES", raising=False)
    else:
        monkeypatch.setenv("MKTPLAN_MAX_BYTES", setting)
    assert max_bytes_from_env() == expected


# --- encodings and line endings ---------------------------------------------------------
def test_gbk_file_is_reported_with_position_and_a_hint() -> None:
    raw = "mktplan: 1\nmeta:\n  title: 数字营销方案\n".encode("gbk")
    doc = load_bytes(raw, "gbk.yaml")
    finding = only(doc.findings, "schema-encoding")
    assert (finding.line, finding.column) == (3, 10)
    assert "GBK" in finding.message
    assert "UTF-8" in finding.message
    assert finding.file == "gbk.yaml"
    assert not doc.ok


def test_gbk_column_counts_characters_of_the_utf8_text_before_it() -> None:
    raw = "标题: 中文\n".encode() + "名称: 中文\n".encode("gbk")
    finding = only(load_bytes(raw, "mixed.yaml").findings, "schema-encoding")
    assert (finding.line, finding.column) == (2, 1)
    raw = "a: 中文 ".encode() + "中文".encode("gbk")
    finding = only(load_bytes(raw, "mixed.yaml").findings, "schema-encoding")
    assert (finding.line, finding.column) == (1, 7)


def test_bom_and_crlf_files_load_with_correct_positions(tmp_path: Path) -> None:
    text = replace_once(BASE, "    unit: visits\n", "    unit: visits\n    unit: users\n")
    path = tmp_path / "windows.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))
    result = check_file(path)
    finding = only(result.findings, "schema-duplicate-key")
    assert (finding.line, finding.column) == (18, 5)
    assert "line 17" in finding.message
    assert result.plan is not None
    assert result.plan.meta.title == "Base plan"  # no stray \r


def test_bom_does_not_shift_the_first_line() -> None:
    doc = load_bytes("\ufeffa: 1\r\na: 2\r\n".encode(), "bom.yaml")
    finding = only(doc.findings, "schema-duplicate-key")
    assert (finding.line, finding.column) == (2, 1)
    assert doc.source_map.locate(("a",)) == (1, 4)


# --- control characters -----------------------------------------------------------------
@pytest.mark.parametrize(("escape", "code"), [
    ("\\x00", "U+0000"), ("\\e", "U+001B"), ("\\x1b", "U+001B"), ("\\a", "U+0007"),
    ("\\v", "U+000B"), ("\\uFFFE", "U+FFFE"),
])
def test_control_character_escapes_are_reported_and_cleaned(escape: str, code: str) -> None:
    old = "    rationale: Paid short video doubled traffic in last year's pilot\n"
    new = f'    rationale: "Paid short video{escape} doubled traffic"\n'
    result = check_text(replace_once(BASE, old, new))
    finding = only(result.findings, "schema-control-character")
    assert (finding.line, finding.column) == (21, 16)
    assert finding.path == ("goals", 0, "rationale")
    assert code in finding.message
    assert result.plan is not None
    assert result.plan.goals[0].rationale == "Paid short video doubled traffic"
    assert [f.rule for f in result.findings] == ["schema-control-character"]


def test_ordinary_escapes_are_kept() -> None:
    doc = parse_yaml('a: "tab\\there\\nnew line \\u4e2d"\n')
    assert doc.findings == []
    assert doc.data == {"a": "tab\there\nnew line 中"}


def test_control_character_in_a_key_is_cleaned() -> None:
    doc = parse_yaml('"ti\\x01tle": x\n')
    finding = only(doc.findings, "schema-control-character")
    assert (finding.line, finding.column) == (1, 1)
    assert doc.data == {"title": "x"}


@pytest.mark.parser
@pytest.mark.parametrize(("text", "line", "column"), [
    ("a: x\x07y\n", 1, 5),
    ("title: 中文\nb: 'x\x00'\n", 2, 6),
    ("a: |\n  x\x01\n", 2, 4),
])
def test_raw_control_characters_are_located(text: str, line: int, column: int) -> None:
    finding = only(parse_yaml(text).findings, "schema-control-character")
    assert (finding.line, finding.column) == (line, column)
    assert "U+00" in finding.message


# --- the pure-Python fallback ----------------------------------------------------------
PARITY_CASES = {
    "base plan": BASE,
    "crlf": BASE.replace("\n", "\r\n"),
    "duplicates": 'a: 1\nb: {c: 1, c: 2}\n1: x\n"1": y\n',
    "nulls and lookalikes": "a: ~\nb:\nc: null\nd: 'null'\ne: NO\nf: 0123\ng: 12:30\n",
    "block scalars": "a: |\n  two\n  lines\nb: >-\n  folded\n  text\n",
    "escapes": 'a: "x\\x00y\\e"\nb: "tab\\t"\n"k\\x01": v\n',
    "raw control character": "title: 中文\nb: 'x\x07'\n",
    "aliases": "a: &x [1, 2]\nb: *x\nc: *x\n",
    "alias bomb": BILLION_LAUGHS,
    "deep": "[" * 300,
    "tag": "a: !!str 1\n",
    "two documents": "a: 1\n---\nb: 2\n",
    "list root": "- a\n- b\n",
    "empty": "# nothing\n",
}


@pytest.mark.parser
@pytest.mark.parametrize("text", PARITY_CASES.values(), ids=PARITY_CASES.keys())
def test_the_pure_python_fallback_reads_like_libyaml(text: str,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    fast = parse_yaml(text)
    monkeypatch.setattr(source, "_Parser", source.PythonParser)
    slow = parse_yaml(text)
    assert slow.data == fast.data
    assert [(f.rule, f.line, f.column, f.path) for f in slow.findings] == [
        (f.rule, f.line, f.column, f.path) for f in fast.findings]
    assert slow.source_map == fast.source_map
