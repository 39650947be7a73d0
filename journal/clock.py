"""One place that says what "now" is, so follow-ups and return times can be tested on a date.

Why: a repair's "did it happen?" and a pause's "did you come back?" depend on the calendar. Tests
(and the Playwright runs) set ``STEADY_NOW`` to a local time such as ``2026-12-03T09:00`` (or a
bare date ``2026-12-03``, meaning 09:00 that day); without it the real clock is used. Only the
new together-features read it; nothing else in Steady changes with it.
"""

from __future__ import annotations

import os
from datetime import date, datetime, timedelta

from . import timeutil

ENV_NOW = "STEADY_NOW"


def _fake() -> datetime | None:
    raw = (os.environ.get(ENV_NOW) or "").strip()
    if not raw:
        return None
    try:
        value = datetime.fromisoformat(raw)
    except ValueError:
        return None
    if len(raw) == 10:  # a bare date: the morning of that day
        value = value.replace(hour=9)
    return value.replace(tzinfo=None, second=0, microsecond=0)


def is_fake() -> bool:
    """Whether STEADY_NOW is set (tests and demos on a chosen date)."""
    return _fake() is not None


def local_now(tz_name: str | None = None) -> datetime:
    """Naive local now in the person's zone (or the fake clock's local time)."""
    return _fake() or timeutil.local_now(tz_name)


def today(tz_name: str | None = None) -> date:
    """The person's local date (or the fake clock's)."""
    return local_now(tz_name).date()


def utc_offset(tz_name: str | None = None) -> timedelta:
    """Local minus UTC right now; the fake clock counts as UTC so tests stay simple."""
    if _fake() is not None:
        return timedelta(0)
    now = timeutil.local_now(tz_name)
    return timedelta(minutes=timeutil.offset_minutes(now, tz_name))


def utc_now(tz_name: str | None = None) -> datetime:
    """Naive UTC now, consistent with local_now() (also under the fake clock)."""
    return local_now(tz_name) - utc_offset(tz_name)
