"""The calendar export: ``build --format ics`` as RFC 5545 text that calendars import."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from icalendar import Calendar

from mktplan.render.context import build_view
from mktplan.render.formats import FORMATS
from mktplan.render.ics import render
from mktplan.render.labels import load_catalog

from .conftest import EXAMPLES, FIXTURES, check_text, run_cli, write_file

BASE = (FIXTURES / "_base.yaml").read_text(encoding="utf-8")
#: the base plan with a content calendar and an activity
WITH_CALENDAR = BASE.replace(
    "    - {id: douyin, name: Douyin, type: paid}\n",
    "    - {id: douyin, name: Douyin, type: paid}\n"
    "    - {id: wechat, name: 'WeChat, official account', type: owned}\n"
    "  content:\n"
    "    pillars:\n"
    "      - {id: dance, name: Dance covers, formats: [short_video], channels: [douyin]}\n"
    "    calendar:\n"
    "      - {pillar: dance, channel: douyin, format: short_video, count: 2, per: week,"
    " from: 2027-03-01, to: 2027-03-14}\n"
    "      - {pillar: dance, channel: douyin, format: short_video, count: 1, per: month,"
    " from: 2027-03-01, to: 2027-03-31}\n"
    "  activities:\n"
    "    - {id: double-11, name: Double 11, channels: [douyin, wechat], start: 2027-11-01,"
    " end: 2027-11-11, owner: ops}\n")


def ics(text: str, file: str = "plan.yaml") -> bytes:
    checked = check_text(text, file)
    assert checked.plan is not None and not checked.errors, checked.findings
    return render(build_view(checked.plan, load_catalog(checked.plan.meta.language)))


def events(data: bytes) -> dict[str, Any]:
    calendar = Calendar.from_ical(data)
    return {str(event["UID"]): event for event in calendar.walk("VEVENT")}


def test_every_dated_item_is_an_all_day_event() -> None:
    found = events(ics(WITH_CALENDAR))
    kinds = sorted(uid.split("/")[1] for uid in found)
    # 2 a week for two weeks, and 1 in the month (on the 1st, beside a weekly one)
    assert kinds == ["activity", "milestone", *["slot"] * 5, "task", "task"]
    task = found["base/task/T1@mktplan"]
    assert (task["SUMMARY"], task["DTSTART"].dt, task["DTEND"].dt) == (
        "Persona research", date(2027, 1, 1), date(2027, 2, 1))  # the day after the last
    assert task["DTSTART"].params.get("VALUE") == "DATE"
    milestone = found["base/milestone/MS1@mktplan"]
    assert milestone["DTEND"].dt - milestone["DTSTART"].dt == timedelta(days=1)
    activity = found["base/activity/double-11@mktplan"]
    assert activity["DTEND"].dt == date(2027, 11, 12)
    assert all(event["TRANSP"] == "TRANSPARENT" for event in found.values())


def test_categories_are_channels_or_the_kind() -> None:
    found = events(ics(WITH_CALENDAR))
    categories = {uid: [str(c) for c in event["CATEGORIES"].cats] for uid, event in found.items()}
    assert categories["base/activity/double-11@mktplan"] == ["Douyin", "WeChat, official account"]
    assert categories["base/task/T1@mktplan"] == ["Task"]
    assert categories["base/milestone/MS1@mktplan"] == ["Milestone"]
    assert {tuple(c) for uid, c in categories.items() if "/slot/" in uid} == {("Douyin",)}


def test_uids_are_unique_and_stable_when_the_plan_changes_elsewhere() -> None:
    before = events(ics(WITH_CALENDAR))
    slots = [uid for uid in before if "/slot/" in uid]
    assert "base/slot/dance/douyin/short_video/2027-03-01/2@mktplan" in slots  # 2nd that day
    changed = (WITH_CALENDAR.replace("Persona research", "Audience research")
               .replace("name: Dance covers", "name: Dance challenges")
               .replace("  milestones:\n", "    - {id: T3, name: Report, phase: run, owner: ops,"
                        " start: M11, end: M12}\n  milestones:\n"))
    after = events(ics(changed))
    assert set(before) <= set(after)
    assert set(after) - set(before) == {"base/task/T3@mktplan"}
    assert after["base/task/T1@mktplan"]["SUMMARY"] == "Audience research"


def test_the_same_plan_gives_the_same_bytes_whenever_it_is_built() -> None:
    first = ics(WITH_CALENDAR)
    assert ics(WITH_CALENDAR) == first
    stamps = {event["DTSTAMP"].dt for event in events(first).values()}
    # midnight of the plan's first day in Shanghai (UTC+8), in UTC
    assert stamps == {datetime(2026, 12, 31, 16, 0, tzinfo=UTC)}


def test_the_time_zone_is_asia_shanghai_unless_meta_says() -> None:
    calendar = Calendar.from_ical(ics(WITH_CALENDAR))
    assert calendar["X-WR-TIMEZONE"] == "Asia/Shanghai"
    assert [str(zone["TZID"]) for zone in calendar.walk("VTIMEZONE")] == ["Asia/Shanghai"]
    london = WITH_CALENDAR.replace("  launch: 2027-03-01\n",
                                   "  launch: 2027-03-01\n  timezone: Europe/London\n")
    calendar = Calendar.from_ical(ics(london))
    assert calendar["X-WR-TIMEZONE"] == "Europe/London"
    zone = calendar.walk("VTIMEZONE")[0]
    assert [str(part["TZNAME"]) for part in zone.subcomponents] == ["GMT", "BST", "GMT"]
    assert {event["DTSTAMP"].dt for event in calendar.walk("VEVENT")} == {
        datetime(2027, 1, 1, 0, 0, tzinfo=UTC)}


@pytest.mark.parametrize(("zone", "message"), [
    ("Asia/Shangai", "'Asia/Shangai' is not an IANA time zone (did you mean 'Asia/Shanghai'?)"),
    ("../../etc/passwd", "'../../etc/passwd' is not an IANA time zone"),
    ("Mars/Olympus", "'Mars/Olympus' is not an IANA time zone"),
])
def test_an_unknown_time_zone_is_a_located_error(zone: str, message: str) -> None:
    text = BASE.replace("  launch: 2027-03-01\n", f"  launch: 2027-03-01\n  timezone: '{zone}'\n")
    (finding,) = check_text(text).findings
    assert (finding.rule, finding.line, finding.path) == (
        "schema-bad-enum", text[:text.index("timezone")].count("\n") + 1, ("meta", "timezone"))
    assert message in finding.message


def test_the_file_is_rfc_5545_text() -> None:
    data = ics(EXAMPLES.joinpath("douyin-account.zh-CN.yaml").read_text("utf-8"))
    lines = data.split(b"\r\n")
    assert lines[0] == b"BEGIN:VCALENDAR" and lines[-2:] == [b"END:VCALENDAR", b""]
    assert b"\n" not in data.replace(b"\r\n", b"")  # every line ends with CRLF
    assert max(len(line) for line in lines) <= 75  # folded at 75 octets
    data.decode("utf-8")  # and folding never splits a character
    calendar = Calendar.from_ical(data)
    assert (calendar["VERSION"], calendar["PRODID"].startswith("-//mktplan//")) == ("2.0", True)
    for event in calendar.walk("VEVENT"):
        assert {"UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY"} <= set(event)
    assert "负责人" in str(calendar.walk("VEVENT")[0]["DESCRIPTION"])  # labels in the language


def test_ics_is_built_only_when_asked_for(tmp_path: Path) -> None:
    plan = write_file(tmp_path, "plan.yaml", WITH_CALENDAR)
    assert not FORMATS["ics"].built_by_default
    code, _, err = run_cli("build", plan, "-o", tmp_path / "all")
    assert code == 0, err
    assert sorted(path.suffix for path in (tmp_path / "all").iterdir()) == [".docx", ".md",
                                                                             ".xlsx"]
    code, _, err = run_cli("build", plan, "-o", tmp_path / "cal.ics")
    assert code == 0, err
    assert (tmp_path / "cal.ics").read_bytes() == ics(WITH_CALENDAR, str(plan))
    code, out, _ = run_cli("build", plan, "-o", tmp_path / "cal.ics", "--check")
    assert code == 0
    assert "all up to date" in out
