"""Money and figures as every output writes them: signs, 万 and 亿, other currencies, units.

:class:`~mktplan.text.formatter.Formatter` writes the figures of the Word, Markdown and
Excel outputs; a Chinese plan in yuan shows large amounts in 万 and 亿, every other plan
(a Chinese plan in dollars too) a symbol and thousands separators.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from mktplan.rules.budget import money, percent
from mktplan.text.figures import figure, group, trim
from mktplan.text.formatter import Formatter, is_wide

ZH = Formatter("zh-CN", "CNY")
EN = Formatter("en", "CNY")


@pytest.mark.parametrize(("value", "zh", "en"), [
    ("0", "0元", "CNY 0"),
    ("0.5", "0.50元", "CNY 0.50"),
    ("99999.99", "99,999.99元", "CNY 99,999.99"),
    ("99999.995", "10万元", "CNY 100,000.00"),  # shown as 100,000.00 元, so in 万
    ("100000", "10万元", "CNY 100,000"),
    ("1234567", "123.46万元", "CNY 1,234,567"),
    ("99994999", "9,999.5万元", "CNY 99,994,999"),
    ("99999950", "1亿元", "CNY 99,999,950"),  # 9,999.995万 is shown as 10,000万: in 亿
    ("99999999", "1亿元", "CNY 99,999,999"),  # not 10,000万元
    ("100000000", "1亿元", "CNY 100,000,000"),
    ("150000000", "1.5亿元", "CNY 150,000,000"),
    ("123456789", "1.2346亿元", "CNY 123,456,789"),
    ("1234567890000", "12,345.6789亿元", "CNY 1,234,567,890,000"),
])
def test_yuan_in_chinese_and_in_english(value: str, zh: str, en: str) -> None:
    assert (ZH.money(Decimal(value)), EN.money(Decimal(value))) == (zh, en)
    assert ZH.money(-Decimal(value)) == (f"-{zh}" if Decimal(value) else zh)
    assert EN.money(-Decimal(value)) == (f"-{en}" if Decimal(value) else en)


@pytest.mark.parametrize(("value", "zh", "en"), [
    ("-1200000", "-120万元", "-CNY 1,200,000"),
    ("-300000000", "-3亿元", "-CNY 300,000,000"),
    ("-0.005", "-0.01元", "-CNY 0.01"),
    ("-0.004", "0.00元", "CNY 0.00"),  # rounds to nothing: no sign
])
def test_negative_amounts_put_the_sign_first(value: str, zh: str, en: str) -> None:
    assert (ZH.money(Decimal(value)), EN.money(Decimal(value))) == (zh, en)


@pytest.mark.parametrize(("currency", "zh", "en"), [
    ("USD", "120万美元", "$1,200,000"), ("JPY", "120万日元", "JPY 1,200,000"),
    ("CHF", "120万瑞士法郎", "CHF 1,200,000"),
])
def test_a_chinese_plan_in_another_currency_names_it_in_chinese(currency: str, zh: str,
                                                               en: str) -> None:
    assert Formatter("zh-CN", currency).money(Decimal(1_200_000)) == zh
    assert Formatter("zh-CN", currency).money(Decimal(-1_200_000)) == f"-{zh}"
    assert Formatter("en", currency).money(Decimal(1_200_000)) == en


@pytest.mark.parametrize(("language", "currency", "number_format"), [
    ("zh-CN", "CNY", '#,##0"元";-#,##0"元"'),  # a number in Excel: no 万, the cell sums
    ("en", "CNY", '"CNY "#,##0;-"CNY "#,##0'),
    ("zh-CN", "USD", '#,##0"美元";-#,##0"美元"'),
    ("en", "USD", '"$"#,##0;-"$"#,##0'),
    ("en", "CHF", '"CHF "#,##0;-"CHF "#,##0'),
])
def test_excel_money_format(language: str, currency: str, number_format: str) -> None:
    assert Formatter(language, currency).excel_money_format() == number_format


def test_numbers_shares_and_ratios() -> None:
    assert (EN.number(Decimal("1234.5")), EN.number(3), EN.number(Decimal("0.125"))) == (
        "1,234.5", "3", "0.13")
    assert (EN.percent(Decimal("0.05")), EN.percent(Decimal("0.125")),
            EN.percent(Decimal("0.12345"), 2)) == ("5%", "12.5%", "12.35%")
    assert (EN.signed_percent(Decimal("0.5")), EN.signed_percent(Decimal("-0.125")),
            EN.signed_percent(Decimal(0))) == ("+50%", "-12.5%", "+0%")
    assert EN.percent(Decimal("-0.0001")) == "0%"  # rounds to nothing: no sign
    assert EN.signed_percent(Decimal("-0.0001")) == "+0%"
    assert (EN.ratio(Decimal("2.499")), EN.ratio(Decimal(3))) == ("2.5 : 1", "3 : 1")
    assert EN.number(None) == EN.percent(None) == EN.signed_percent(None) == EN.ratio(None) == ""


def test_dates_and_months() -> None:
    day = date(2027, 3, 1)
    assert (ZH.date(day), EN.date(day)) == ("2027年3月1日", "Mar 1, 2027")
    assert (ZH.short_date(day), EN.short_date(day)) == ("2027年3月1日", "Mar 1, 2027")
    assert (ZH.month(day), EN.month(date(2027, 12, 31))) == ("2027年3月", "Dec 2027")
    assert (ZH.short_month(day), EN.short_month(date(2027, 1, 5))) == ("3月", "Jan")
    assert ZH.date(None) == ZH.short_date(None) == ""


def test_trim_drops_only_the_zeros_after_the_point() -> None:
    assert (trim(Decimal(1000), 0), trim(Decimal("1000.50")), trim(Decimal("20.00"))) == (
        "1,000", "1,000.5", "20")


def test_no_figure_reads_minus_zero() -> None:
    tiny = Decimal("-0.001")
    assert (group(tiny), group(tiny, 2), trim(tiny), figure(tiny, 2)) == (
        "0.00", "0.00", "0", "0")
    assert (money(tiny, "CNY"), percent(Decimal("-0.00001"))) == ("CNY 0", "0%")
    assert (group(Decimal("-0.005")), percent(Decimal("-0.0005"))) == ("-0.01", "-0.1%")


def test_an_exact_amount_that_rounds_to_nothing_has_no_sign() -> None:
    assert (EN.money_exact(Decimal("-0.004")), EN.money_exact(Decimal("-0.005"))) == (
        "CNY 0.00", "-CNY 0.01")
    assert Formatter("en", "JPY").money_exact(Decimal("-0.4")) == "JPY 0"


def test_exact_amounts_for_tables_that_add_up() -> None:
    assert (EN.money_exact(Decimal("0.5")), EN.money_exact(Decimal("1234.5")),
            EN.money_exact(None)) == ("CNY 0.50", "CNY 1,234.50", "")
    assert (EN.amount_exact(Decimal("1234.5")), EN.amount_exact(Decimal(0)),
            EN.amount_exact(None)) == ("1,234.50", "–", "")
    assert Formatter("en", "JPY").amount_exact(Decimal("1234.5")) == "1,235"


def test_no_value_is_written_as_nothing() -> None:
    assert (ZH.money(None), ZH.money_exact(None), ZH.amount_exact(None),
            ZH.quantity(None, "元"), EN.quantity(None, "visits")) == ("", "", "", "", "")


@pytest.mark.parametrize(("value", "zh", "en", "usd"), [
    ("480000", "480,000元", "CNY 480,000", "$480,000"),  # every digit, never 万
    ("123456789", "123,456,789元", "CNY 123,456,789", "$123,456,789"),
    ("1234.5", "1,235元", "CNY 1,235", "$1,235"),  # whole: half up
    ("-480000.4", "-480,000元", "-CNY 480,000", "-$480,000"),
    ("-0.4", "0元", "CNY 0", "$0"),  # rounds to nothing: no sign
])
def test_a_whole_amount_is_as_wide_as_its_excel_cell(value: str, zh: str, en: str,
                                                     usd: str) -> None:
    assert (ZH.money_whole(Decimal(value)), EN.money_whole(Decimal(value)),
            Formatter("en", "USD").money_whole(Decimal(value))) == (zh, en, usd)


@pytest.mark.parametrize(("currency", "money_units", "other_units"), [
    ("CNY", ["CNY", "元", "¥", "￥", "RMB", "人民币", " 元 "], ["USD", "$", "rmb", "万元", ""]),
    ("USD", ["USD", "美元", "$", " $"], ["¥", "￥", "RMB", "人民币", "元", "CNY"]),
    ("JPY", ["JPY", "日元"], ["¥", "RMB", "元"]),  # ¥ is also the yuan's: not the yen's here
])
def test_a_unit_is_money_when_it_names_the_plans_currency(currency: str, money_units: list[str],
                                                          other_units: list[str]) -> None:
    for language in ("zh-CN", "en"):
        fmt = Formatter(language, currency)
        assert [unit for unit in money_units + other_units if fmt.is_money_unit(unit)] == (
            money_units), (language, currency)


@pytest.mark.parametrize(("value", "unit", "zh", "en"), [
    ("480000", "元", "48万元", "CNY 480,000"),
    ("480000", "CNY", "48万元", "CNY 480,000"),
    ("-1500", "¥", "-1,500元", "-CNY 1,500"),
    ("28", "%", "28%", "28%"),
    ("0.125", "%", "0.13%", "0.13%"),
    ("20000", "visits", "20,000 visits", "20,000 visits"),
    ("20000", "次", "20,000次", "20,000次"),  # a Chinese unit is not spaced
    ("1234.5", "", "1,234.5", "1,234.5"),
])
def test_a_quantity_is_money_or_a_number_and_its_unit(value: str, unit: str, zh: str,
                                                      en: str) -> None:
    assert (ZH.quantity(Decimal(value), unit), EN.quantity(Decimal(value), unit)) == (zh, en)


@pytest.mark.parametrize(("char", "wide"), [
    ("a", False), ("%", False), ("é", False), (chr(0x2E7F), False), (chr(0x2E80), True),
    ("万", True), ("，", True), (chr(0xFDFF), True), (chr(0xFE00), False), (chr(0xFE0F), False),
    (chr(0xFE10), True),  # the variation selectors take no column; what follows them does
])
def test_cjk_characters_are_wide_and_variation_selectors_are_not(char: str, wide: bool) -> None:
    assert is_wide(char) is wide


def test_remarks_periods_and_lists_in_each_language() -> None:
    start, end = date(2027, 1, 1), date(2027, 12, 31)
    assert (ZH.paren("5%"), EN.paren("5%")) == ("（5%）", " (5%)")
    assert (ZH.period(start, end), EN.period(start, end)) == (
        "2027年1月1日至2027年12月31日", "Jan 1, 2027 – Dec 31, 2027")
    assert (ZH.list_separator, EN.list_separator) == ("、", "; ")
    assert (ZH.unit_name, EN.unit_name, Formatter("zh-CN", "USD").unit_name) == (
        "元", "CNY", "美元")


def test_a_quote_in_a_currency_cannot_break_the_excel_format() -> None:
    # plans hold three capital letters; a Formatter is built by other callers too
    assert Formatter("en", 'A"B').excel_money_format() == '"AB "#,##0;-"AB "#,##0'
    assert Formatter("zh-CN", 'A"B').excel_money_format() == '#,##0"AB";-#,##0"AB"'
