"""Chinese typing slips: each its own finding at the slip, and valid text left alone."""

from __future__ import annotations

import pytest

from mktplan.load import source
from mktplan.load.source import parse_yaml

SLIPS = [
    # (text, rule, line, column, the data when the text still loads)
    ("meta:\n  id: x\n  title：年度增长计划\n  language: zh-CN\n",
     "schema-fullwidth-colon", 3, 8),
    ("meta:\n  id: x\n  title：年度增长计划\n", "schema-fullwidth-colon", 3, 8),
    ("mktplan：1\nmeta:\n  id: x\n", "schema-fullwidth-colon", 1, 8),
    ("goals:\n  - id：G1\n    kpi: uv\n", "schema-fullwidth-colon", 2, 7),
    ("a: {id：x, b: 1}\n", "schema-fullwidth-colon", 1, 7),
    ("meta:\n  title ：计划\n", "schema-fullwidth-colon", 2, 9),
    ("a: [抖音，小红书]\n", "schema-fullwidth-comma", 1, 7),
    ("b: {x: 1，y: 2}\n", "schema-fullwidth-comma", 1, 9),
    ("a:\n\tb: 1\n", "schema-indentation", 2, 1),
    ("a: 'x'\n\t\nb: 1\n", "schema-indentation", 2, 1),
    ("a:\n  b: 1\n\t c: 2\n", "schema-indentation", 3, 1),
    ("a:\n  b: 1\n\u3000\u3000c: 2\n", "schema-indentation", 3, 1),
    ("a:\n  \u3000b: 1\n", "schema-indentation", 2, 3),
    ("a: “增长: 2027”\n", "schema-chinese-quotes", 1, 4),
    ("a: “增长 # 2027”\nb: c\n", "schema-chinese-quotes", 1, 4),
    ("weaknesses: [Small team: one designer, b]\n", "schema-colon-in-list", 1, 24),
    ("a:\n  - [x, Small team:  one designer]\n", "schema-colon-in-list", 2, 19),
]


@pytest.fixture(params=["libyaml", "python"])
def parser(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    if request.param == "python":
        monkeypatch.setattr(source, "_Parser", source.PythonParser)
    return str(request.param)


@pytest.mark.parametrize(("text", "rule", "line", "column"), SLIPS)
def test_slip_is_reported_at_itself(parser: str, text: str, rule: str, line: int,
                                    column: int) -> None:
    document = parse_yaml(text)
    assert [(f.rule, f.line, f.column) for f in document.findings] == [(rule, line, column)]
    assert "YAML syntax error" not in document.findings[0].message


@pytest.mark.parametrize("text", [
    "title: 目标：增长\n",
    "note: goal：grow\n",
    "list:\n  - 品牌：知名度高\n  - KPI：高于行业平均\n",
    "text: |\n  注意：这是说明\n  title：说明\n  \ta tab inside a block\n",
    "tags: ['增长，品牌', \"a: b\"]\n",
    "quote: “双十一”大促\n",
    "quote: “双十一”\n",
    "pairs: [{id: a, name: b}]\n",
    "prose: 提升曝光，增加转化\n",
])
def test_valid_text_is_not_a_slip(parser: str, text: str) -> None:
    document = parse_yaml(text)
    assert document.findings == []


def test_a_comma_slip_reads_the_items_meant() -> None:
    document = parse_yaml("supports: [douyin，xhs, web]\n")
    assert document.data == {"supports": ["douyin", "xhs", "web"]}
    assert document.source_map.locate(("supports", 1)) == (1, 12)


def test_a_colon_in_a_list_keeps_the_text() -> None:
    document = parse_yaml("weaknesses: [Small team: one designer]\n")
    assert document.data == {"weaknesses": ["Small team: one designer"]}
    assert [f.path for f in document.findings] == [("weaknesses", 0)]


def test_an_unrelated_syntax_error_stays_one() -> None:
    document = parse_yaml("title: 目标：增长\nmeta: {id: x\n")
    assert [f.rule for f in document.findings] == ["schema-yaml-syntax"]
