"""The calendar deliverable: an RFC 5545 ``.ics`` file of the plan's dated items.

Outlook, Google Calendar, Apple Calendar, Feishu (飞书) and DingTalk (钉钉) import it as a
calendar of all-day events: each content slot of the calendar (``2 short videos a
week`` made into dates), each activity, task and milestone. The plan has dates, not
times, so an event falls on its date (``DTSTART;VALUE=DATE``; a multi-day item ends the
day after its last, as the standard counts) in any time zone.

- **UIDs** are stable: the plan id, the kind and the item id (``T1``, ``double-11``), or
  for a slot its cadence rule's ids, its date and its number that day. Importing the
  calendar of a changed plan again updates its events instead of adding copies.
- **Time zone**: ``meta.timezone`` (default ``Asia/Shanghai``) is the calendar's
  (``X-WR-TIMEZONE``, which Google and Outlook give a calendar they create from the
  file), with its ``VTIMEZONE`` for the plan period.
- **Categories**: a slot's and an activity's channels; a task or milestone, its kind.
- **Reproducible bytes**: ``DTSTAMP`` (required; the time the event was made) is not the
  time of the build but fixed from the plan: midnight at the start of the plan period
  in its time zone, in UTC. The same plan gives the same file, so ``build --check``
  works for it as for the other formats.

Events are ``TRANSP:TRANSPARENT``: a plan's items do not block anyone's free time.
The calendar holds the first :data:`~mktplan.render.calendar.MAX_SLOTS` slots, as the
other deliverables do.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from mktplan import __version__

if TYPE_CHECKING:
    from icalendar import Calendar, Event, Timezone

    from mktplan.render.context import ActivityRow, CalendarSlot, PlanView, ScheduleRow

PRODUCT = f"-//mktplan//mktplan {__version__}//EN"
UID_DOMAIN = "mktplan"


def render(view: PlanView, templates: Path | None = None) -> bytes:
    """The ``.ics`` file of the plan (templates play no part in it)."""
    from icalendar import Calendar

    calendar = Calendar()
    calendar.add("prodid", PRODUCT)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", view.title.title)
    calendar.add("x-wr-timezone", view.timezone)
    calendar.add_component(_time_zone(view))
    stamp = _stamp(view)
    for event in _events(view, stamp):
        calendar.add_component(event)
    return _text(calendar)


def _text(calendar: Calendar) -> bytes:
    data: bytes = calendar.to_ical()
    return data


def _time_zone(view: PlanView) -> Timezone:
    from zoneinfo import ZoneInfo

    from icalendar import Timezone

    return Timezone.from_tzinfo(ZoneInfo(view.timezone), view.timezone,
                                first_date=view.title.period_start, last_date=view.title.period_end)


def _stamp(view: PlanView) -> datetime:
    """Midnight at the plan's start in its time zone, in UTC: the same for the same plan."""
    from zoneinfo import ZoneInfo

    midnight = datetime.combine(view.title.period_start, time(), ZoneInfo(view.timezone))
    return midnight.astimezone(UTC)


def _events(view: PlanView, stamp: datetime) -> Iterable[Event]:
    labels = view.catalog.labels
    yield from _slot_events(view, stamp)
    for activity in view.activities:
        yield _activity_event(view.plan_id, activity, stamp, labels)
    if view.schedule is not None:
        for task in view.schedule.tasks:
            yield _schedule_event(view.plan_id, task, stamp, labels, labels.get("task", "Task"))
        for milestone in view.schedule.milestones:
            yield _schedule_event(view.plan_id, milestone, stamp, labels,
                                  labels.get("milestone", "Milestone"))


def _slot_events(view: PlanView, stamp: datetime) -> Iterable[Event]:
    labels = view.catalog.labels
    numbered: Counter[tuple[str, date]] = Counter()
    for slot in view.calendar:
        numbered[slot.key, slot.date] += 1
        number = numbered[slot.key, slot.date]
        uid = f"{view.plan_id}/slot/{slot.key}/{slot.date.isoformat()}/{number}"
        yield _event(uid, _slot_summary(slot), slot.date, slot.date, stamp,
                     [slot.channel] if slot.channel else [],
                     _described(labels, ("channel", slot.channel), ("format", slot.format),
                                ("owner", slot.owner)))


def _slot_summary(slot: CalendarSlot) -> str:
    return f"{slot.pillar} · {slot.format}" if slot.format else slot.pillar


def _activity_event(plan_id: str, activity: ActivityRow, stamp: datetime,
                    labels: Mapping[str, str]) -> Event:
    described = _described(labels, ("type", activity.type),
                           ("channels", ", ".join(activity.channels)), ("owner", activity.owner))
    return _event(f"{plan_id}/activity/{activity.id}", activity.name, activity.start,
                  activity.end, stamp, list(activity.channels), described)


def _schedule_event(plan_id: str, row: ScheduleRow, stamp: datetime,
                    labels: Mapping[str, str], kind: str) -> Event:
    described = _described(labels, ("phase", row.phase), ("owner", row.owner),
                           ("deliverable", row.deliverable),
                           ("depends_on" if row.kind == "task" else "requires",
                            ", ".join(row.depends_on)))
    return _event(f"{plan_id}/{row.kind}/{row.id}", row.name, row.start, row.end, stamp,
                  [kind], described)


def _described(labels: Mapping[str, str], *parts: tuple[str, str]) -> str:
    """``Owner: Ops lead`` lines, labelled in the plan's language, for the parts given."""
    return "\n".join(f"{labels.get(key, key)}: {value}" for key, value in parts if value)


def _event(uid: str, summary: str, start: date, end: date, stamp: datetime,
           categories: list[str], description: str) -> Event:
    from icalendar import Event

    event = Event()
    event.add("uid", f"{uid}@{UID_DOMAIN}")
    event.add("dtstamp", stamp)
    event.add("dtstart", start)
    event.add("dtend", end + timedelta(days=1))  # all-day: the day after the last
    event.add("summary", summary)
    if description:
        event.add("description", description)
    if categories:
        event.add("categories", categories)
    event.add("transp", "TRANSPARENT")
    return event
