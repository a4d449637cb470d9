"""Reading actuals: every malformed row a located finding, the rest still counted."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from mktplan.review.actuals import Known, cell_column, money, read_actuals

KNOWN = Known(lines=["ads", "salary"], kpis=["uv", "ctr"], percent_kpis=frozenset({"ctr"}),
              streams=["sales"], start=date(2027, 1, 1), end=date(2027, 12, 31))


def _read(tmp_path: Path, text: str | bytes, name: str = "actuals.csv",
          known: Known = KNOWN):
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return read_actuals([(path, name)], known)


def _found(actuals) -> list[tuple[str, int, int]]:
    return [(p.rule, p.line, actuals.column(p)) for p in actuals.problems]


# (what, file text, expected (rule, line, column) findings)
CASES = [
    ("unknown line", "date,line,amount\n2027-03-01,adds,100\n",
     [("review-actuals-unknown-id", 2, 12)]),
    ("unknown kpi", "date,kpi,value\n2027-03-01,UV,100\n",
     [("review-actuals-unknown-id", 2, 12)]),
    ("unknown stream", "date,return,amount\n2027-03-01,sale,100\n",
     [("review-actuals-unknown-id", 2, 12)]),
    ("bad date", "date,line,amount\n2027-02-30,ads,100\n",
     [("review-actuals-date", 2, 1)]),
    ("US date", "date,line,amount\n2027-01-01,ads,1\n03/01/2027,ads,100\n",
     [("review-actuals-date", 3, 1)]),
    ("outside period", "date,line,amount\n2026-12-31,ads,100\n",
     [("review-actuals-outside-period", 2, 1)]),
    ("bad amount", 'date,line,amount,note\n2027-03-01,ads,12k,"a, b"\n',
     [("review-actuals-amount", 2, 16)]),
    ("bad amount after a quoted cell", 'date,note,line,amount\n2027-03-01,"a, b",ads,1.2.3\n',
     [("review-actuals-amount", 2, 23)]),
    ("percent on a count", "date,kpi,value\n2027-03-01,uv,5%\n",
     [("review-actuals-amount", 2, 15)]),
    ("short row", "date,line,amount\n2027-03-01,ads\n", [("review-actuals-row", 2, 1)]),
    ("long row", "date,line,amount\n2027-03-01,ads,1,2\n", [("review-actuals-row", 2, 18)]),
    ("duplicate", "date,line,amount\n2027-03-01,ads,100\n2027-03-01,salary,5\n"
     "2027-03-01,ads,100\n", [("review-actuals-duplicate", 4, 1)]),
    ("duplicate of one digit", "date,line,amount\n2027-03-01,ads,5\n2027-03-01,ads,5\n",
     [("review-actuals-duplicate", 3, 1)]),
    ("duplicate kpi of one digit", "date,kpi,value\n2027-03-01,uv,7\n2027-03-01,uv,7\n",
     [("review-actuals-duplicate", 3, 1)]),
    ("empty", "", [("review-actuals-empty", 1, 1)]),
    ("header only", "date,line,amount\n", [("review-actuals-empty", 1, 1)]),
    ("header typo", "date,lien,amount\n2027-03-01,ads,1\n", [("review-actuals-header", 1, 6)]),
    ("no kind", "date,amount\n2027-03-01,1\n", [("review-actuals-header", 1, 1)]),
    ("a plan", "mktplan: 1\nmeta: {}\n", [("review-actuals-header", 1, 1)]),
    ("unknown kind", "date,kind,line,kpi,amount,value\n2027-03-01,cost,ads,,1,\n"
     "2027-03-01,spent,ads,,1,\n", [("review-actuals-row", 3, 12)]),
]


@pytest.mark.parametrize(("text", "expected"), [case[1:] for case in CASES],
                         ids=[case[0] for case in CASES])
def test_each_mistake_is_located(tmp_path: Path, text: str,
                                 expected: list[tuple[str, int, int]]) -> None:
    assert _found(_read(tmp_path, text)) == expected


def test_did_you_mean(tmp_path: Path) -> None:
    actuals = _read(tmp_path, "date,line,amount\n2027-03-01,adds,100\n")
    assert "did you mean 'ads'?" in actuals.problems[0].message
    header = _read(tmp_path, "date,lien,amount\n", name="h.csv")
    assert "unknown column 'lien' in the header; did you mean 'line'?" in \
        header.problems[0].message


def test_the_rest_is_counted_exactly(tmp_path: Path) -> None:
    text = ("date,line,amount,note\n2027-03-01,ads,12000,\n2027/3/2,ads,\"1.2万\",x\n"
            "2027年3月3日,ads,\"12,000\",\n2027-03-04,ads,bad,\n2027-04-01,salary,0.1,\n"
            "2027-04-02,salary,0.2,\n")
    actuals = _read(tmp_path, text)
    assert [p.rule for p in actuals.problems] == ["review-actuals-amount"]
    assert money(actuals.spend["ads"][date(2027, 3, 1)]) == Decimal(36000)
    assert money(actuals.spend["salary"][date(2027, 4, 1)]) == Decimal("0.3")
    assert actuals.counted == 5
    assert actuals.latest == date(2027, 4, 2)


def test_after_the_as_of_date(tmp_path: Path) -> None:
    known = KNOWN._replace(as_of=date(2027, 6, 30))
    actuals = _read(tmp_path, "date,line,amount\n2027-06-30,ads,1\n2027-07-01,ads,1\n",
                    known=known)
    assert _found(actuals) == [("review-actuals-after-as-of", 3, 1)]
    assert actuals.counted == 1


@pytest.mark.parametrize("encoding", ["utf-8-sig", "gb18030", "gbk"])
def test_encodings_excel_saves(tmp_path: Path, encoding: str) -> None:
    text = "date,line,amount,note\r\n2027-03-01,ads,\"1.2万\",抖音投放\r\n"
    actuals = _read(tmp_path, text.encode(encoding))
    assert actuals.problems == []
    assert money(actuals.spend["ads"][date(2027, 3, 1)]) == Decimal(12000)


def test_another_encoding(tmp_path: Path) -> None:
    actuals = _read(tmp_path, "date,line,amount\n".encode("utf-16"))
    (problem,) = actuals.problems
    assert problem.rule == "review-actuals-encoding"
    assert "neither UTF-8 nor GB18030/GBK" in problem.message


def test_unreadable(tmp_path: Path) -> None:
    actuals = read_actuals([(tmp_path / "missing.csv", "missing.csv"), (tmp_path, "dir")], KNOWN)
    assert [(p.rule, p.message) for p in actuals.problems] == [
        ("review-actuals-unreadable", "no such file"),
        ("review-actuals-unreadable", "is a folder, not a file")]
    assert actuals.unreadable == ["missing.csv", "dir"]


def test_kpis_and_mixed(tmp_path: Path) -> None:
    text = ("date,kind,line,kpi,return,amount,value,note\n"
            "2027-03-01,spend,ads,,,100,,\n2027-03-31,kpi,,ctr,,,4.5%,\n"
            "2027-03-31,kpi,,uv,,,\"2.1万\",\n2027-03-31,return,,,sales,\"1万\",,\n")
    actuals = _read(tmp_path, text)
    assert actuals.problems == []
    assert money(actuals.spend["ads"][date(2027, 3, 1)]) == 100
    assert money(actuals.returns["sales"][date(2027, 3, 1)]) == 10000
    assert [m.value for m in actuals.kpis["ctr"]] == [Decimal("4.5")]
    assert [m.value for m in actuals.kpis["uv"]] == [Decimal(21000)]


def test_a_quoted_line_break_keeps_the_lines(tmp_path: Path) -> None:
    text = ('date,line,amount,note\n2027-03-01,ads,1,"a\nb"\n2027-03-01,adz,1,\n'
            '2027-03-01,ads,1,"a\nb"\n')
    assert _found(_read(tmp_path, text)) == [("review-actuals-unknown-id", 4, 12),
                                              ("review-actuals-duplicate", 6, 1)]


def test_xlsx_with_the_same_columns(tmp_path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    for row in (["date", "line", "amount"], [date(2027, 3, 1), "ads", 1200.5],
                ["2027/3/2", "ads", "1.2万"], ["2027-03-03", "adz", 5]):
        sheet.append(row)
    book.save(tmp_path / "a.xlsx")
    actuals = read_actuals([(tmp_path / "a.xlsx", "a.xlsx")], KNOWN)
    assert _found(actuals) == [("review-actuals-unknown-id", 4, 2)]
    assert money(actuals.spend["ads"][date(2027, 3, 1)]) == Decimal("13200.5")


def test_cell_column_counts_quotes() -> None:
    assert cell_column('a,"b,c",d', 2) == 9
    assert cell_column("a,b", 5) == 4


def test_a_cell_beyond_the_csv_limit_stops_the_file_where_it_is(tmp_path: Path) -> None:
    text = f'date,line,amount\n2027-03-01,ads,5\n2027-03-01,ads,"{"x" * 200_000}"\n'
    actuals = _read(tmp_path, text + "2027-03-02,ads,7\n")
    assert _found(actuals) == [("review-actuals-row", 3, 1)]
    assert "cannot be read from here on" in actuals.problems[0].message
    assert money(actuals.spend["ads"][date(2027, 3, 1)]) == 5


def test_nul_and_control_characters_are_cells_like_others(tmp_path: Path) -> None:
    actuals = _read(tmp_path, "date,line,amount\n2027-03-01,ads,1\x00\n2027-03-02,a\x1bds,1\n")
    assert [p.rule for p in actuals.problems] == ["review-actuals-amount",
                                                  "review-actuals-unknown-id"]


@pytest.mark.parametrize("data", [b"not a zip", b"PK\x03\x04garbage", b""],
                         ids=["text", "broken zip", "empty"])
def test_a_broken_workbook_is_unreadable(tmp_path: Path, data: bytes) -> None:
    actuals = _read(tmp_path, data, name="a.xlsx")
    assert [p.rule for p in actuals.problems] == ["review-actuals-unreadable"]
    assert actuals.unreadable == ["a.xlsx"]


def test_a_zip_that_is_not_a_workbook(tmp_path: Path) -> None:
    import zipfile

    with zipfile.ZipFile(tmp_path / "a.xlsx", "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<not-a-workbook")
    actuals = read_actuals([(tmp_path / "a.xlsx", "a.xlsx")], KNOWN)
    assert [p.rule for p in actuals.problems] == ["review-actuals-unreadable"]
