"""The generators that write a value's limits into a pattern, against brute force.

The property in test_schema_agrees checks the whole schema against check; these pin
each generator on every short input, so a wrong pattern shows where it is wrong.
"""

from __future__ import annotations

import re
from decimal import Decimal
from itertools import product

import pytest

from mktplan.load.grammar import (
    FULL_WIDTH_DIGITS,
    at_most_power_of_ten,
    case_insensitive,
    digit_class,
    integer_digits,
    integer_range,
    one_of,
)

WIDE = str.maketrans("0123456789", FULL_WIDTH_DIGITS)


def digit_strings(longest: int) -> list[str]:
    return ["".join(digits) for width in range(1, longest + 1)
            for digits in product("0123456789", repeat=width)]


def test_digit_class_has_full_width_twins() -> None:
    assert digit_class("0123456789") == "[0-9０-９]"
    assert digit_class("13579") == "[13579１３５７９]"
    assert digit_class("0126") == "[0-26０-２６]"


@pytest.mark.parametrize(("low", "high"), [(1, 100), (0, None), (1, None), (1, 3660), (0, 7),
                                           (12, None), (5, 5)])
def test_integer_range(low: int, high: int | None) -> None:
    pattern = re.compile(integer_range(low, high))
    for text in digit_strings(4):
        inside = int(text) >= low and (high is None or int(text) <= high)
        assert bool(pattern.fullmatch(text)) is inside, text
        assert bool(pattern.fullmatch(text.translate(WIDE))) is inside, text


@pytest.mark.parametrize("high", [10**6, 10**12, 20_000, 54_321, 99_999, 10_001])
def test_integer_range_of_many_numbers_is_written_by_digits(high: int) -> None:
    # too many numbers to list (a segment may hold 10^12 people): a piece per digit
    pattern = re.compile(integer_range(0, high))
    assert len(pattern.pattern) < 40 * len(str(high))
    near = [high - 1, high, high + 1, 10 * high, high // 7, int("9" * len(str(high)))]
    for number in [*range(0, 1_200), *near, *range(high - 1_200, high + 1_200)]:
        inside = 0 <= number <= high
        assert bool(pattern.fullmatch(str(number))) is inside, number
        assert bool(pattern.fullmatch("00" + str(number).translate(WIDE))) is inside, number


@pytest.mark.parametrize("count", [0, 1, 2, 4, 7, 11])
def test_integer_digits_plain_and_grouped(count: int) -> None:
    plain = re.compile(integer_digits(count, grouped=False))
    grouped = re.compile(integer_digits(count, grouped=True))
    for text in digit_strings(4):
        assert bool(plain.fullmatch(text)) is (int(text) < 10 ** count), text
    for first, *rest in product(["0", "00", "000", "1", "01", "12", "123", "999"],
                                ["000", "001", "010", "999"], ["", "000", "999"],
                                ["", "000", "999"], ["", "999"]):
        groups = [first, *(group for group in rest if group)]
        text = ",".join(groups)
        expected = len(groups) > 1 and int(text.replace(",", "")) < 10 ** count
        assert bool(grouped.fullmatch(text)) is expected, text


@pytest.mark.parametrize("exponent", [0, 1, 2])
@pytest.mark.parametrize("bare_fraction", [True, False])
def test_at_most_power_of_ten(exponent: int, bare_fraction: bool) -> None:
    pattern = re.compile(at_most_power_of_ten(exponent, bare_fraction=bare_fraction))
    limit = Decimal(10) ** exponent
    for whole in ["", "0", "00", "1", "01", "9", "10", "100", "0100", "101", "999"]:
        for fraction in ["", ".0", ".00", ".5", ".01", ".999"]:
            text = whole + fraction
            if not text or text.startswith("."):
                expected = bare_fraction and bool(fraction)
            else:
                expected = True
            expected = expected and Decimal(text or "0") <= limit
            assert bool(pattern.fullmatch(text)) is expected, text


def test_one_of_matches_exactly_its_words() -> None:
    words = {"02-29", "12-31", "1-5", "3"}
    pattern = re.compile(one_of(words))
    for text in [*words, "02-2", "12-3", "1-", "33", "", "02-29x"]:
        assert bool(pattern.fullmatch(text)) is (text in words), text


def test_case_insensitive_words() -> None:
    pattern = re.compile(case_insensitive("zh-CN"))
    assert all(pattern.fullmatch(text) for text in ["zh-CN", "zh-cn", "ZH-CN", "Zh-cN"])
    assert not pattern.fullmatch("zh_CN")
