"""The value syntaxes of the format: money, shares, relative changes, dates and plan months.

The loader keeps every scalar as the text the user wrote; these functions turn that
text into exact Decimals and dates, or refuse it with a message that says what to write.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import pytest

from mktplan.load.values import (
    MAX_PLAN_MONTHS,
    MONEY_LIMIT,
    NUMBER,
    AnchorMissingError,
    DateRole,
    ValueSyntaxError,
    add_months,
    parse_amount,
    parse_change,
    parse_date_spec,
    parse_share,
    resolve_date,
)
from mktplan.model.compute import months_between, periods

LAUNCH = date(2027, 3, 1)
PERIOD_START = date(2027, 1, 1)


def resolve(text: str, role: DateRole = "start", launch: date | None = LAUNCH,
            period_start: date | None = PERIOD_START) -> date:
    """Parse and resolve a date as the models do."""
    return resolve_date(parse_date_spec(text), role, launch, period_start)


# --- money ------------------------------------------------------------------------------
@pytest.mark.parametrize(("text", "expected"), [
    ("3000000", "3000000"),
    ("3,000,000", "3000000"),
    ("300万", "3000000"),
    ("1.5亿", "150000000"),
    ("16万", "160000"),
    ("1,200.50", "1200.50"),
    ("-5", "-5"),
    ("+5", "5"),
    ("0.10", "0.10"),
    (".5", "0.5"),
    ("5千", "5000"),
    ("100元", "100"),
    ("300万元", "3000000"),
    (" 1.5 万 ", "15000"),
    ("0.0001万", "1"),
    ("12345678.9", "12345678.9"),
    ("999999999999999.99", "999999999999999.99"),
])
def test_money_forms_parse_exactly(text: str, expected: str) -> None:
    value = parse_amount(text)
    assert value == Decimal(expected)
    assert str(value) == expected  # exact digits, no float noise and no exponent


def test_whole_amounts_written_with_a_unit_have_no_fraction_digits() -> None:
    assert str(parse_amount("1.5亿")) == "150000000"
    assert str(parse_amount("1.25万")) == "12500"


def test_fullwidth_digits_from_a_chinese_input_method_are_read_as_digits() -> None:
    assert parse_amount("１００万") == Decimal(1_000_000)


@pytest.mark.parametrize("text", [
    "", "万", "abc", "1.2.3", "--5", "5%", "1e3", "1E3", "3,00,000", "1,2345", "1,000.", "12,",
    "10**400", "0x10", "300 万 元 整", "100w", "¥100", "$100", "1 000",
])
def test_malformed_money_is_refused_with_the_forms_to_use(text: str) -> None:
    with pytest.raises(ValueSyntaxError, match=r"not a valid amount.*3,000,000.*300万"):
        parse_amount(text)


@pytest.mark.parametrize("text", ["inf", ".inf", "-.inf", "+Infinity", "nan", ".NaN"])
def test_non_finite_money_is_refused(text: str) -> None:
    with pytest.raises(ValueSyntaxError, match="finite number"):
        parse_amount(text)


@pytest.mark.parametrize("text", ["1000000000000000", "-1000000000000000", "10000000亿",
                                  "12345678901234567.89", "1,000,000,000,000,000"])
def test_money_from_a_quadrillion_up_is_refused(text: str) -> None:
    with pytest.raises(ValueSyntaxError, match="implausibly large"):
        parse_amount(text)


@pytest.mark.parametrize("text", ["٣٠٠", "३००", "𝟑𝟎𝟎"])  # Arabic-Indic, Devanagari, maths bold
def test_digits_are_ascii_or_full_width_only(text: str) -> None:
    with pytest.raises(ValueSyntaxError, match="is not a valid amount"):
        parse_amount(text)


@pytest.mark.parametrize(("text", "expected"), [
    ("300\u3000万", "3000000"), ("\u00a0300万 ", "3000000"), ("300 万\t元", "3000000"),
    ("+ 20\n", "20"),
])
def test_white_space_around_and_inside_amounts(text: str, expected: str) -> None:
    assert parse_amount(text) == Decimal(expected)


@pytest.mark.parametrize("text", ["300\u2003万", "\u2028300", "300\x1c"])
def test_other_white_space_is_refused(text: str) -> None:
    with pytest.raises(ValueSyntaxError):
        parse_amount(text)


def test_long_amounts_are_compared_with_the_limit_exactly() -> None:
    below = "999999999999999.9999" + "0" * 30  # trailing zeros are not decimals
    assert parse_amount(below) == Decimal("999999999999999.9999")
    assert parse_amount("-" + below) == Decimal("-999999999999999.9999")
    with pytest.raises(ValueSyntaxError, match="implausibly large"):
        parse_amount("1" + "0" * 40)


def test_money_just_below_the_limit_is_accepted() -> None:
    below = MONEY_LIMIT - Decimal("0.01")
    assert parse_amount(str(below)) == below
    assert parse_amount("9999999.9999999999亿") == Decimal("999999999999999.99")


def test_the_message_names_what_was_being_read() -> None:
    with pytest.raises(ValueSyntaxError, match="'lots' is not a valid number"):
        parse_amount("lots", "number")


# --- bounds: how large and how fine -----------------------------------------------------
@pytest.mark.parametrize(("text", "expected"), [
    ("0.0001", "0.0001"), ("1.23456万", "12345.6"), ("0.00001万", "0.1"),
    ("3000000.000000000000", "3000000"), ("12.5000000000000000000000000000000", "12.5"),
    ("0" * 400 + "42", "42"), ("9999999.9999999999亿", "999999999999999.99"),
])
def test_money_within_its_bounds_is_read_exactly(text: str, expected: str) -> None:
    assert parse_amount(text) == Decimal(expected)


@pytest.mark.parametrize(("text", "places"), [
    ("0.00001", 5), ("1.123456789", 9), ("0." + "0" * 40 + "1", 41), ("1.000000000001千", 9),
])
def test_money_with_more_than_four_decimal_places_is_refused(text: str, places: int) -> None:
    with pytest.raises(ValueSyntaxError, match=f"has {places} decimal places; round it to at "
                                               "most 4"):
        parse_amount(text)


@pytest.mark.parametrize("text", ["1" + "0" * 30, "9" * 500, "1" * 500 + "." + "1" * 3,
                                  "1" + "0" * 28 + "亿", "-" + "1" * 200])
def test_money_of_any_length_gets_a_message_not_an_arithmetic_error(text: str) -> None:
    with pytest.raises(ValueSyntaxError, match="implausibly large") as caught:
        parse_amount(text)
    assert len(str(caught.value)) < 120  # a long value is shown by its start only
    assert f"({len(text):,} characters)" in str(caught.value) or len(text) <= 32


def test_other_numbers_may_have_six_decimal_places() -> None:
    assert parse_amount("0.000001", "number", NUMBER) == Decimal("0.000001")
    with pytest.raises(ValueSyntaxError, match=re.escape("number '0.0000001' has 7 decimal")):
        parse_amount("0.0000001", "number", NUMBER)
    with pytest.raises(ValueSyntaxError, match="implausibly large"):
        parse_amount("1" + "0" * 15, "number", NUMBER)


@pytest.mark.parametrize(("text", "expected"), [
    ("12.3456%", "0.123456"), ("0.123456", "0.123456"), ("100.00000000%", "1"),
    ("0.5000000000000", "0.5"),
])
def test_shares_within_their_bounds(text: str, expected: str) -> None:
    assert parse_share(text) == Decimal(expected)


@pytest.mark.parametrize(("text", "words"), [
    ("12.34567%", "has 5 decimal places; round it to at most 4"),
    ("0.1234567", "has 7 decimal places; round it to at most 6"),
    ("1" * 500 + "%", "must lie between 0% and 100%"),
    ("1" * 500, "must lie between 0% and 100%"),
    ("0." + "0" * 40 + "1%", "has 41 decimal places; round it to at most 4"),
])
def test_shares_outside_their_bounds_say_which_bound(text: str, words: str) -> None:
    with pytest.raises(ValueSyntaxError, match=re.escape(words)):
        parse_share(text)


@pytest.mark.parametrize(("text", "expected"), [
    ("+100000%", "1000"), ("-100000%", "-1000"), ("+0.0001%", "0.000001"),
])
def test_changes_up_to_a_thousandfold(text: str, expected: str) -> None:
    assert parse_change(text) == Decimal(expected)


@pytest.mark.parametrize(("text", "words"), [
    ("+100000.0001%", "implausibly large: a target may move at most 100,000%"),
    ("-1" + "0" * 30 + "%", "implausibly large"),
    ("+" + "9" * 500 + "%", "implausibly large"),
    ("+0.00001%", "has 5 decimal places; round it to at most 4"),
])
def test_changes_beyond_a_thousandfold_or_too_fine_are_refused(text: str, words: str) -> None:
    with pytest.raises(ValueSyntaxError, match=re.escape(words)):
        parse_change(text)


# --- shares and changes -----------------------------------------------------------------
@pytest.mark.parametrize(("text", "expected"), [
    ("5%", "0.05"), ("0.05", "0.05"), ("0.5%", "0.005"), ("100%", "1"), ("0%", "0"),
    ("1", "1"), ("0", "0"), (" 12.5 % ", "0.125"),
])
def test_shares(text: str, expected: str) -> None:
    assert parse_share(text) == Decimal(expected)


@pytest.mark.parametrize("text", ["120%", "-5%", "1.5", "-0.1", "101%"])
def test_shares_outside_zero_to_one_are_refused(text: str) -> None:
    with pytest.raises(ValueSyntaxError, match="between 0% and 100%"):
        parse_share(text)


@pytest.mark.parametrize("text", ["five percent", "5 pct", "%5", "", "0.5万", "0.1元", "0,000.5"])
def test_malformed_shares_are_refused(text: str) -> None:
    with pytest.raises(ValueSyntaxError, match="not a share"):
        parse_share(text)


@pytest.mark.parametrize(("text", "expected"), [
    ("+50%", "0.5"), ("-20%", "-0.2"), ("+0.5%", "0.005"), ("+200%", "2"), ("- 10 %", "-0.1"),
])
def test_changes(text: str, expected: str) -> None:
    assert parse_change(text) == Decimal(expected)


@pytest.mark.parametrize("text", ["50%", "+50", "0.5", "+", "up 50%"])
def test_changes_need_a_sign_and_a_percent(text: str) -> None:
    with pytest.raises(ValueSyntaxError, match=r"signed percentage such as \"\+50%\""):
        parse_change(text)


# --- dates ------------------------------------------------------------------------------
@pytest.mark.parametrize(("text", "expected"), [
    ("2027-03-01", date(2027, 3, 1)),
    ("2028-02-29", date(2028, 2, 29)),
    ("T", LAUNCH),
    ("T-30", date(2027, 1, 30)),
    ("T+7", date(2027, 3, 8)),
    ("T + 7", date(2027, 3, 8)),
    ("T-0", LAUNCH),
    ("T+365", date(2028, 2, 29)),
])
def test_absolute_and_launch_relative_dates(text: str, expected: date) -> None:
    assert resolve(text) == expected
    assert resolve(text, "end") == expected  # the role matters only for plan months


@pytest.mark.parametrize(("text", "reason"), [
    ("2027-02-29", "February 2027 has 28 days"),
    ("2026-02-30", "February 2026 has 28 days"),
    ("2027-04-31", "April 2027 has 30 days"),
    ("2027-13-01", "there is no month 13"),
    ("2027-00-10", "there is no month 0"),
])
def test_impossible_calendar_dates_say_why(text: str, reason: str) -> None:
    with pytest.raises(ValueSyntaxError, match=reason):
        parse_date_spec(text)


@pytest.mark.parametrize("text", ["0001-01-01", "1899-12-31", "2200-01-01", "9999-12-31"])
def test_dates_outside_plausible_years_are_refused(text: str) -> None:
    with pytest.raises(ValueSyntaxError, match="use a year from 1900 to 2199"):
        parse_date_spec(text)


@pytest.mark.parametrize("text", ["March", "2027-3-1", "2027/03/01", "t-30", "T-30d", "T-99999",
                                  "M", "M-1", "Q1", "next week", ""])
def test_unknown_date_forms_list_the_known_ones(text: str) -> None:
    with pytest.raises(ValueSyntaxError, match=r"not a date: write 2027-03-01, T, T-30"):
        parse_date_spec(text)


@pytest.mark.parametrize(("text", "role", "expected"), [
    ("M1", "start", date(2027, 1, 1)),
    ("M1", "end", date(2027, 1, 31)),
    ("M2", "end", date(2027, 2, 28)),
    ("M3", "start", date(2027, 3, 1)),
    ("M3", "end", date(2027, 3, 31)),
    ("M12", "end", date(2027, 12, 31)),
    ("M13", "start", date(2028, 1, 1)),
    ("M14", "end", date(2028, 2, 29)),
    ("M36", "end", date(2029, 12, 31)),
])
def test_plan_months_as_start_and_end(text: str, role: DateRole, expected: date) -> None:
    assert resolve(text, role) == expected


@pytest.mark.parametrize(("text", "role", "expected"), [
    ("M1", "start", date(2027, 1, 1)),
    ("M1", "end", date(2027, 1, 31)),
    ("M2", "start", date(2027, 2, 1)),
    ("M2", "end", date(2027, 2, 28)),
    ("M3", "start", date(2027, 3, 1)),
    ("M3", "end", date(2027, 3, 31)),
])
def test_plan_months_are_calendar_months_when_the_period_starts_mid_month(
        text: str, role: DateRole, expected: date) -> None:
    """M1 is the calendar month of period.start, even when the period starts on the 15th.

    As a start, M3 is the first day of that calendar month; as an end, its last day.
    (M1 as a start can therefore fall before period.start; the timeline rules report it.)
    """
    assert resolve(text, role, period_start=date(2027, 1, 15)) == expected


def test_plan_month_across_a_leap_february() -> None:
    assert resolve("M2", "end", period_start=date(2027, 12, 20)) == date(2028, 1, 31)
    assert resolve("M3", "end", period_start=date(2027, 12, 20)) == date(2028, 2, 29)


@pytest.mark.parametrize("text", ["M0", "M37", "M99"])
def test_plan_months_beyond_the_limit_are_refused(text: str) -> None:
    with pytest.raises(ValueSyntaxError, match=f"between M1 and M{MAX_PLAN_MONTHS}"):
        parse_date_spec(text)


def test_relative_dates_need_their_anchor() -> None:
    with pytest.raises(AnchorMissingError, match=r"meta\.launch is not set") as launch:
        resolve("T-30", launch=None)
    assert launch.value.anchor == "launch"
    with pytest.raises(AnchorMissingError, match=r"meta\.period\.start is not set") as month:
        resolve("M3", period_start=None)
    assert month.value.anchor == "period_start"
    assert resolve("2027-05-01", launch=None, period_start=None) == date(2027, 5, 1)


@pytest.mark.parametrize(("day", "months", "expected"), [
    (date(2027, 1, 31), 1, date(2027, 2, 1)),
    (date(2027, 11, 15), 2, date(2028, 1, 1)),
    (date(2027, 12, 1), 0, date(2027, 12, 1)),
    (date(2027, 3, 10), -3, date(2026, 12, 1)),
])
def test_add_months_lands_on_the_first_of_the_month(day: date, months: int,
                                                    expected: date) -> None:
    assert add_months(day, months) == expected


# --- months between and periods ---------------------------------------------------------
@pytest.mark.parametrize(("start", "end", "expected"), [
    (date(2027, 1, 1), date(2027, 12, 31), Decimal(12)),
    (date(2027, 1, 1), date(2027, 6, 30), Decimal(6)),
    (date(2027, 1, 1), date(2027, 1, 31), Decimal(1)),
    (date(2027, 2, 1), date(2027, 2, 28), Decimal(1)),
    (date(2028, 2, 1), date(2028, 2, 29), Decimal(1)),
    # calendar months: the partial ones by their own days
    (date(2027, 1, 15), date(2027, 2, 14), Decimal(31 * 14 + 28 * 17) / Decimal(31 * 28)),
    (date(2027, 3, 15), date(2028, 3, 14), Decimal(11) + Decimal(31) / Decimal(31)),
    (date(2027, 2, 15), date(2027, 3, 14), Decimal(14 * 31 + 14 * 28) / Decimal(28 * 31)),
    (date(2027, 1, 1), date(2027, 1, 1), Decimal(1) / Decimal(31)),
    (date(2027, 1, 1), date(2027, 1, 15), Decimal(15) / Decimal(31)),
    (date(2027, 1, 1), date(2027, 2, 14), 1 + Decimal(14) / Decimal(28)),
    (date(2027, 5, 1), date(2027, 4, 30), Decimal(0)),
])
def test_months_between(start: date, end: date, expected: Decimal) -> None:
    assert months_between(start, end) == expected


def test_a_year_line_over_six_months_counts_half() -> None:
    assert periods("year", date(2027, 1, 1), date(2027, 6, 30)) == Decimal("0.5")
    assert periods("month", date(2027, 1, 1), date(2027, 6, 30)) == Decimal(6)
    assert periods("once", date(2027, 1, 1), date(2027, 6, 30)) == Decimal(1)


@pytest.mark.parametrize(("text", "why"), [
    ("2027-13-01", "there is no month 13"),
    ("2027-00-10", "there is no month 0"),
    ("2027-01-32", "January 2027 has 31 days"),
    ("2027-12-32", "December 2027 has 31 days"),
    ("2027-02-29", "February 2027 has 28 days"),
    ("0000-01-01", "the year must be 1 or later"),
    ("0001-02-30", "February 1 has 28 days"),
])
def test_an_impossible_date_says_what_is_wrong_with_it(text: str, why: str) -> None:
    with pytest.raises(ValueSyntaxError) as raised:
        parse_date_spec(text)
    assert str(raised.value) == f"'{text}' is not a calendar date ({why})"


def test_decimal_places_and_what_is_shown_of_a_value() -> None:
    from mktplan.load.values import decimal_places, shown

    assert [decimal_places(Decimal(text)) for text in ("1.10", "1.100", "5", "0.000", "1E+3",
                                                        "0.050")] == [1, 1, 0, 0, 0, 2]
    assert shown("x" * 32) == "x" * 32
    assert shown("x" * 33) == "x" * 32 + "… (33 characters)"
    assert str(parse_amount("1.50000000")) == "1.5000"  # zeros past the bound are dropped
    assert str(parse_amount("1.5亿")) == "150000000"


@pytest.mark.parametrize(("parse", "text", "message"), [
    (parse_share, "5.00001%", "share '5.00001%' has 5 decimal places; round it to at most 4"),
    (parse_share, "0.0000001", "share '0.0000001' has 7 decimal places; round it to at most 6"),
    (parse_change, "+1.00001%",
     "relative change '+1.00001%' has 5 decimal places; round it to at most 4"),
    (parse_change, "+1000000%", "relative change '+1000000%' is implausibly large: a target "
     "may move at most 100,000% (1,000 times its baseline) either way"),
])
def test_a_too_fine_or_too_large_share_or_change_says_which(parse: object, text: str,
                                                            message: str) -> None:
    assert callable(parse)
    with pytest.raises(ValueSyntaxError) as raised:
        parse(text)
    assert str(raised.value) == message
