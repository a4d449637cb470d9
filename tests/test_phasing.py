"""Budget phasing: each line's spend by month, the one-off placement rules and the rounding."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mktplan.model.money import minor_places, to_minor_unit
from mktplan.model.phasing import LinePhasing, Phasing, phase_budget
from mktplan.model.plan import Plan
from mktplan.text.formatter import Formatter

from .conftest import check_text

PROPERTIES = settings(max_examples=60, deadline=None, derandomize=True, database=None)

HEAD = """\
mktplan: 1
meta: {{id: phasing, title: Phasing, currency: {currency}, period: {{start: {start}, end: {end}}}}}
rules: {{completeness: off, budget: off, timeline: off}}
strategy:
  activities:
    - {{id: launch, name: Launch, start: {launch_start}, end: {launch_end}}}
execution:
  phases:
    - {{id: prep, name: Preparation, start: M1, end: M2}}
    - {{id: growth, name: Growth, start: M7, end: M12}}
budget:
  lines:
"""


def plan(lines: list[str], currency: str = "CNY", year: int = 2027) -> Plan:
    """A one-year plan (``year``) with the given budget lines (YAML flow mappings)."""
    text = HEAD.format(currency=currency, start=f"{year}-01-01", end=f"{year}-12-31",
                       launch_start=f"{year}-04-10", launch_end=f"{year}-05-20")
    text += "".join(f"    - {{id: L{i}, item: Line {i}, {line}}}\n"
                    for i, line in enumerate(lines))
    checked = check_text(text)
    assert checked.plan is not None, checked.findings
    assert not checked.findings, checked.findings
    return checked.plan


def only_line(phasing: Phasing) -> LinePhasing:
    [line] = phasing.lines
    return line


def by_month(line: LinePhasing) -> dict[str, str]:
    return {f"{month:%Y-%m}": f"{amount}" for month, amount in line.months.items()}


# --- recurring lines ----------------------------------------------------------------------
def test_a_monthly_line_is_its_rate_in_every_month() -> None:
    line = only_line(phase_budget(plan(["unit_cost: 1000, per: month"], "USD")))
    assert line.cost == Decimal(12000) and line.unscheduled == 0
    assert set(by_month(line).values()) == {"1000.00"} and len(line.months) == 12


def test_a_yearly_salary_is_a_twelfth_a_month_with_the_cents_carried() -> None:
    line = only_line(phase_budget(plan(['unit_cost: "16万", quantity: 3, per: year'])))
    amounts = list(by_month(line).values())
    # 480,000 ÷ 12 = 40,000 exactly; 100 ÷ 12 would need carrying (below)
    assert amounts == ["40000.00"] * 12
    line = only_line(phase_budget(plan(["unit_cost: 100, per: year"])))
    assert list(by_month(line).values()) == ["8.33", "8.34", "8.33"] * 4
    assert sum(line.months.values()) == Decimal(100)


def test_only_partial_months_are_prorated_by_their_days() -> None:
    line = only_line(phase_budget(plan(
        ["unit_cost: 3100, per: month, from: 2027-01-17, to: 2027-04-15"])))
    assert by_month(line) == {"2027-01": "1500.00", "2027-02": "3100.00",
                              "2027-03": "3100.00", "2027-04": "1550.00"}
    assert line.cost == Decimal("9250.00")


def test_a_line_given_by_amount_spreads_like_its_rate() -> None:
    line = only_line(phase_budget(plan(['amount: "1万", per: month, from: M4, to: M7'])))
    assert by_month(line) == {f"2027-{m:02d}": "2500.00" for m in range(4, 8)}


def test_a_leap_year_changes_nothing() -> None:
    lines = ["unit_cost: 1000, per: month", 'unit_cost: "20万", per: year']
    common = [by_month(line).values() for line in phase_budget(plan(lines)).lines]
    leap = [by_month(line).values() for line in phase_budget(plan(lines, year=2028)).lines]
    assert [list(values) for values in common] == [list(values) for values in leap]


# --- one-off lines: the placement rules -----------------------------------------------------
def test_a_one_off_line_with_from_is_spent_in_that_month() -> None:
    line = only_line(phase_budget(plan(['amount: "4万", from: 2027-11-27, phase: prep'])))
    assert by_month(line) == {"2027-11": "40000.00"}


def test_a_one_off_line_of_an_activity_is_spread_over_its_months() -> None:
    # the launch runs 10 April to 20 May: two months, evenly (not by days)
    line = only_line(phase_budget(plan(['amount: "10万", activity: launch'])))
    assert by_month(line) == {"2027-04": "50000.00", "2027-05": "50000.00"}


def test_the_activity_comes_before_the_phase() -> None:
    line = only_line(phase_budget(plan(['amount: "10万", activity: launch, phase: growth'])))
    assert list(by_month(line)) == ["2027-04", "2027-05"]


def test_a_one_off_line_of_a_phase_is_spread_over_its_months() -> None:
    line = only_line(phase_budget(plan(['amount: "12万", phase: growth'])))
    assert by_month(line) == {f"2027-{m:02d}": "20000.00" for m in range(7, 13)}
    assert line.unscheduled == 0


def test_a_one_off_line_tied_to_nothing_is_unscheduled_not_in_month_1() -> None:
    phasing = phase_budget(plan(['amount: "4万", category: events', "amount: 5, phase: prep"]))
    first, second = phasing.lines
    assert first.months == {} and first.unscheduled == Decimal(40000)
    assert phasing.unscheduled_total == Decimal(40000)
    assert phasing.month_totals()[date(2027, 1, 1)] == Decimal("2.50")
    assert second.months == {date(2027, 1, 1): Decimal("2.50"), date(2027, 2, 1): Decimal("2.50")}


@pytest.mark.parametrize(("currency", "expected"), [
    ("CNY", ["33.33", "33.34", "33.33"]),
    ("JPY", ["33", "34", "33"]),
    ("KWD", ["33.333", "33.334", "33.333"]),
])
def test_amounts_are_rounded_to_the_minor_unit_with_the_remainder_carried(
        currency: str, expected: list[str]) -> None:
    phasing = phase_budget(plan(["amount: 100, activity: launch",
                                 "amount: 100, from: M6, to: M8, per: month"], currency))
    assert list(by_month(phasing.lines[1]).values()) == expected
    assert sum(phasing.lines[1].months.values()) == 100


def test_the_views_of_the_phasing_add_up() -> None:
    phasing = phase_budget(plan([
        'amount: "1万", category: media, phase: growth',
        "unit_cost: 500, per: month, category: media, phase: prep",
        "amount: 300, category: events",
    ]))
    assert phasing.months == tuple(date(2027, m, 1) for m in range(1, 13))
    media = phasing.by_category()["media"]
    assert media[date(2027, 1, 1)] == 500 and media[date(2027, 7, 1)] == Decimal("2166.67")
    assert phasing.by_category()["events"] == dict.fromkeys(phasing.months, Decimal(0))
    assert phasing.unscheduled_by_category() == {"media": 0, "events": 300}
    assert phasing.by_phase() == {"growth": 10000, "prep": 6000, "": 300}
    assert sum(phasing.month_totals().values()) + phasing.unscheduled_total == phasing.total


def test_a_line_outside_the_period_adds_its_months() -> None:
    phasing = phase_budget(plan(["amount: 10, from: 2028-02-03"]))
    assert phasing.months[-2:] == (date(2027, 12, 1), date(2028, 2, 1))
    assert phasing.month_totals()[date(2028, 2, 1)] == 10


def test_an_unknown_activity_is_a_located_reference_error() -> None:
    text = HEAD.format(currency="CNY", start="2027-01-01", end="2027-12-31",
                       launch_start="2027-04-10", launch_end="2027-05-20")
    text += "    - {id: L0, item: Line, amount: 10, activity: lunch}\n"
    [finding] = [f for f in check_text(text).findings if f.rule.startswith("references")]
    assert finding.line == text.count("\n") and "lunch" in finding.message


# --- properties ---------------------------------------------------------------------------
PERIOD_START = date(2027, 1, 1)
days = st.integers(0, 364).map(lambda n: PERIOD_START + timedelta(days=n))
cents = st.integers(1, 10_000_000).map(lambda n: Decimal(n).scaleb(-2))


@st.composite
def budget_line(draw: st.DrawFn) -> str:
    """A random line: one-off or recurring, by rate or amount, tied or not, any window."""
    per = draw(st.sampled_from(["once", "month", "year"]))
    cost = draw(st.sampled_from(["unit_cost", "amount"]))
    parts = [f"per: {per}", f"{cost}: {draw(cents)}"]
    if cost == "unit_cost":
        parts.append(f"quantity: {draw(st.sampled_from(['1', '3', '0.5', '2.75']))}")
    first, second = sorted((draw(days), draw(days)))
    if draw(st.booleans()):
        parts.append(f"from: {first}")
    if per != "once" and draw(st.booleans()):
        parts.append(f"to: {second}")
    tie = draw(st.sampled_from(["", "phase: prep", "phase: growth", "activity: launch"]))
    return ", ".join(parts + ([tie] if tie else []))


@PROPERTIES
@given(st.lists(budget_line(), min_size=1, max_size=6), st.sampled_from(["CNY", "JPY", "KWD"]))
def test_months_add_up_exactly_to_the_lines(lines: list[str], currency: str) -> None:
    phasing = phase_budget(plan(lines, currency))
    places = minor_places(currency)
    for line in phasing.lines:
        assert line.cost == to_minor_unit(line.cost, currency)
        if line.unscheduled:
            assert line.months == {} and line.unscheduled == line.cost
        else:
            assert sum(line.months.values()) == line.cost
        assert all(-amount.as_tuple().exponent <= max(places, 0) or amount == 0
                   for amount in line.months.values())
    scheduled = sum((line.cost for line in phasing.lines if not line.unscheduled), Decimal(0))
    assert sum(phasing.month_totals().values()) == scheduled
    assert sum(sum(months.values()) for months in phasing.by_category().values()) == scheduled


@PROPERTIES
@given(cents, st.integers(1, 5), days, days)
def test_a_monthly_line_is_equal_in_every_full_month(rate: Decimal, quantity: int,
                                                      first: date, second: date) -> None:
    start, end = sorted((first, second))
    line = only_line(phase_budget(plan(
        [f"unit_cost: {rate}, quantity: {quantity}, per: month, from: {start}, to: {end}"])))
    for month, amount in line.months.items():
        following = date(month.year + month.month // 12, month.month % 12 + 1, 1)
        if start <= month and following - timedelta(days=1) <= end:
            assert amount == rate * quantity


@st.composite
def month_line(draw: st.DrawFn) -> str:
    """A random line on plan months (M3), by plan-relative windows a year apart alike."""
    per = draw(st.sampled_from(["once", "month", "year"]))
    cost = draw(st.sampled_from(["unit_cost", "amount"]))
    first, second = sorted((draw(st.integers(1, 12)), draw(st.integers(1, 12))))
    parts = [f"per: {per}", f"{cost}: {draw(cents)}"]
    if draw(st.booleans()):
        parts.append(f"from: M{first}")
    if per != "once" and draw(st.booleans()):
        parts.append(f"to: M{second}")
    tie = draw(st.sampled_from(["", "phase: growth", "activity: launch"]))
    return ", ".join(parts + ([tie] if tie else []))


@PROPERTIES
@given(st.lists(month_line(), min_size=1, max_size=6))
def test_the_same_budget_a_year_later_spends_the_same_each_month(lines: list[str]) -> None:
    common, leap = phase_budget(plan(lines, year=2027)), phase_budget(plan(lines, year=2028))
    assert list(common.month_totals().values()) == list(leap.month_totals().values())
    assert [list(line.months.values()) for line in common.lines] == [
        list(line.months.values()) for line in leap.lines]
    assert common.unscheduled_total == leap.unscheduled_total


@pytest.mark.parametrize(("currency", "money", "amount"), [
    ("CNY", "CNY 1,234.50", "1,234.50"),
    ("JPY", "JPY 1,235", "1,235"),
    ("KWD", "KWD 1,234.500", "1,234.500"),
])
def test_finance_tables_show_every_amount_to_the_minor_unit(currency: str, money: str,
                                                             amount: str) -> None:
    fmt = Formatter("en", currency)
    value = to_minor_unit(Decimal("1234.5"), currency)
    assert (fmt.money_exact(value), fmt.amount_exact(value)) == (money, amount)
    assert fmt.amount_exact(Decimal(0)) == "–" and fmt.money_exact(-value) == f"-{money}"
