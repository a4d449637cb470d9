"""Numbers as people read them: one way of rounding for rule messages and deliverables."""

from __future__ import annotations

from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation

import pytest

from mktplan.rules.budget import count_of, money
from mktplan.text.figures import figure, group, round_to, trim
from mktplan.text.messages import render


@pytest.mark.parametrize(("value", "places", "written"), [
    ("90000", None, "90,000"), ("3.20", None, "3.2"), ("2E+4", None, "20,000"),
    ("0.012", None, "0.012"), ("22.666666", 2, "22.67"), ("2.345", 2, "2.35"),
    ("2.5", 0, "3"), ("-2.5", 0, "-3"),
    ("1.50", 2, "1.5"), ("1234567.891", 2, "1,234,567.89"), ("3", 2, "3"),
])
def test_figures_round_half_up_and_drop_trailing_zeros(value: str, places: int | None,
                                                       written: str) -> None:
    assert figure(Decimal(value), places) == written


def test_messages_and_deliverables_round_a_tie_the_same_way() -> None:
    tie = Decimal("0.125")
    assert figure(tie, 2) == trim(tie, 2) == "0.13"  # half even would write 0.12


@pytest.mark.parametrize(("value", "written"), [
    ("3150000", "CNY 3,150,000"), ("1234.5", "CNY 1,234.50"), ("3.001", "CNY 3"),
    ("0.005", "CNY 0.01"), ("-42", "CNY -42"),
])
def test_money_in_messages_shows_cents_only_when_there_are_any(value: str, written: str) -> None:
    assert money(Decimal(value), "CNY") == written


def test_counts_of_periods_are_singular_only_for_one() -> None:
    counts = [count_of(Decimal(n), "month") for n in ("1", "12", "0.5")]
    assert [render(count, "en") for count in counts] == ["1 month", "12 months", "0.5 months"]
    assert [render(count, "zh-CN") for count in counts] == ["1 个月", "12 个月", "0.5 个月"]


def test_group_keeps_cents_only_when_asked_or_present() -> None:
    assert (group(Decimal("1200")), group(Decimal("1200.5")), group(Decimal("7"), 2)) == (
        "1,200", "1,200.50", "7.00")


@pytest.mark.parametrize(("value", "places", "rounded"), [
    ("1E+40", 2, "10000000000000000000000000000000000000000.00"),
    ("123456789012345678901234567890.125", 2, "123456789012345678901234567890.13"),
    ("-0.00005", 4, "-0.0001"), ("2.5", 0, "3"),
])
def test_round_to_rounds_figures_of_any_size(value: str, places: int, rounded: str) -> None:
    assert str(round_to(Decimal(value), places)) == rounded


def test_round_to_works_where_quantize_runs_out_of_digits() -> None:
    ratio = Decimal(10) ** 20 / Decimal("0.0000001")  # many returns over a tiny cost
    with pytest.raises(InvalidOperation):
        ratio.quantize(Decimal("0.01"))  # 28 digits and 2 decimals do not fit in 28
    assert round_to(ratio, 2) == ratio
    assert group(ratio, 2) == "1" + ",000" * 9 + ".00"


def test_round_to_takes_the_rounding_it_is_given() -> None:
    assert round_to(Decimal("0.125"), 2, ROUND_HALF_EVEN) == Decimal("0.12")
    assert round_to(Decimal("1" + "0" * 40 + ".125"), 2, ROUND_HALF_EVEN) == Decimal(
        "1" + "0" * 40 + ".12")
