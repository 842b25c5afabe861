"""The Algemene termijnenwet calendar: weekends, feestdagen, gelijkgestelde dagen."""

from __future__ import annotations

import datetime as dt
import tomllib
from functools import lru_cache, cache
from importlib import resources
from typing import Any

from dateutil.easter import easter


@lru_cache(maxsize=1)
def _table() -> dict[str, Any]:
    text = resources.files(__package__).joinpath("feestdagen.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


@cache
def feestdagen(year: int) -> dict[dt.date, str]:
    """Every day of ``year`` on which an Atw term cannot end, except weekends."""
    table = _table()
    days: dict[dt.date, str] = {}
    for item in table["vast"]:
        days[dt.date(year, item["maand"], item["dag"])] = item["naam"]
    easter_sunday = easter(year)
    for item in table["pasen"]:
        days[easter_sunday + dt.timedelta(days=item["dagen"])] = item["naam"]
    king = table["koningsdag"]
    kings_day = dt.date(year, king["maand"], king["dag"])
    if kings_day.weekday() == 6:
        kings_day = dt.date(year, king["maand"], king["bij_zondag_dag"])
    days[kings_day] = king["naam"]
    for item in table["gelijkgesteld"]:
        if item["datum"].year == year:
            days[item["datum"]] = item["naam"]
    return days


def reason_not_a_working_day(day: dt.date) -> str | None:
    """'zaterdag', 'zondag', the feestdag's name, or None for an ordinary day."""
    name = feestdagen(day.year).get(day)
    if name:
        return name
    if day.weekday() == 5:
        return "zaterdag"
    if day.weekday() == 6:
        return "zondag"
    return None


def next_working_day(day: dt.date) -> tuple[dt.date, list[tuple[dt.date, str]]]:
    """The first day from ``day`` on that is no weekend or feestdag, and what was skipped."""
    skipped = []
    reason = reason_not_a_working_day(day)
    while reason:
        skipped.append((day, reason))
        day += dt.timedelta(days=1)
        reason = reason_not_a_working_day(day)
    return day, skipped


def gelijkstelling_published(year: int) -> bool:
    """Whether the besluit that gelijkstelt days for ``year`` (Atw art. 3 lid 3) is in the table."""
    return year in _table()["besluiten"]["jaren"]


def gelijkstelling_source() -> str:
    return str(_table()["besluiten"]["bron"])
