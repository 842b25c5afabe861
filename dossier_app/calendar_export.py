"""Open deadlines as an iCalendar file, with a reminder a few days before."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from icalendar import Alarm, Calendar, Event

from dossier_app.durable import write_private_atomic
from dossier_app.dutch import weekday_date

REMINDER_DAYS = 3


def build_calendar(items) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", "-//Gezinsdossier//termijnen//NL")
    calendar.add("version", "2.0")
    stamp = dt.datetime.now(dt.UTC)
    for item in items:
        event = Event()
        event.add("uid", f"{item.source}-{item.id}-{item.rule or 'handmatig'}@gezinsdossier")
        event.add("dtstamp", stamp)
        event.add("summary", item.title)
        event.add("dtstart", item.due_date)
        event.add("dtend", item.due_date + dt.timedelta(days=1))
        description = "\n".join(part for part in (
            f"Laatste dag: uiterlijk {weekday_date(item.due_date)}",
            f"Grondslag: {item.basis}" if item.basis else "",
            item.explanation, f"Wat nu: {item.next_step}" if item.next_step else "",
            # what the consequence model lately closed in this traject, and why (the dwangsom owed)
            *(f"In dit traject: {notice}" for notice in getattr(item, "notices", ()))) if part)
        event.add("description", description)
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", f"Over {REMINDER_DAYS} dagen: {item.title}")
        alarm.add("trigger", dt.timedelta(days=-REMINDER_DAYS))
        event.add_component(alarm)
        calendar.add_component(event)
    return calendar


def write_ics(items, out: Path) -> None:
    # Private and without a name until complete, like every output (durable.private_new_file).
    write_private_atomic(Path(out), build_calendar(items).to_ical())
