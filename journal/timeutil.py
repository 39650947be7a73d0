"""Local time for the writer: entries keep the date as the person lived it, plus UTC.

Why: "Tuesday night" must stay Tuesday night in charts even if the person travels, while UTC
keeps a true order of events.
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError


def _zone(tz_name: str | None) -> ZoneInfo | None:
    if not tz_name:
        return None
    try:
        return ZoneInfo(tz_name)
    except (ZoneInfoNotFoundError, ValueError):
        return None


def local_now(tz_name: str | None = None) -> datetime:
    """Naive local 'now' in the browser's zone (server's zone if unknown), to the minute."""
    zone = _zone(tz_name)
    now = datetime.now(zone) if zone else datetime.now().astimezone()
    return now.replace(tzinfo=None, second=0, microsecond=0)


def offset_minutes(local: datetime, tz_name: str | None = None) -> int:
    """UTC offset in minutes of a naive local time in that zone (handles backdating across DST)."""
    zone = _zone(tz_name)
    aware = local.replace(tzinfo=zone) if zone else local.astimezone()
    delta = aware.utcoffset()
    return int(delta.total_seconds() // 60) if delta else 0


def today(tz_name: str | None = None) -> date:
    """The writer's local date."""
    return local_now(tz_name).date()


def long_date(day: date) -> str:
    """"3 March 2027": how dates read in sentences."""
    return f"{day.day} {day:%B %Y}"


def short_date(day: date) -> str:
    """"3 Mar 2027": how dates read in lists."""
    return f"{day.day} {day:%b %Y}"
