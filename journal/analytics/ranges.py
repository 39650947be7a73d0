"""Trends' ranges and rules: which dates a range choice means, which bucket size a span gets,
the windows and limits every aggregation shares, and the data version that keys the cache.

Why apart: these small pure rules are what the page, sharing and the charts agree on; the
aggregations (journal.analytics.reading and the topic modules) build on them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import duckdb

from journal import vocab
from journal.cache import version_row
from journal.errors import ValidationError
from journal.profiles import Account

# The windows below are written into the SQL as literals (6 and 27 PRECEDING); keep in step.
ROLLING_DAYS = 7          # rolling mean: this many calendar days, ending on the day
ROLLING_MIN_DAYS = 3      # ...drawn only when at least this many of them have a mood
BAND_DAYS = 28            # personal band: mean ± one SD over this many calendar days
BAND_MIN_DAYS = 7         # ...drawn only when at least this many of them have a mood
DECLINE_DAYS = 7          # rolling mean below the band this many days in a row is called out
DAILY_MAX_DAYS = 120      # longer ranges show weekly buckets...
WEEKLY_MAX_DAYS = 731     # ...and ranges longer than about two years show monthly buckets
TOP_CATEGORIES = 7        # triggers / practices drawn by name; the rest share one colour
TOP_EMOTIONS = 10
IMPACT_TOP = 8
OTHER = "__other__"       # group key for the categories beyond TOP_CATEGORIES

RANGES: dict[str, str] = {
    "4w": "Last 4 weeks",
    "3m": "Last 3 months",
    "1y": "Last year",
    "all": "All time",
    "custom": "Custom",
}
_RANGE_DAYS = {"4w": 28, "3m": 91, "1y": 365}
UNITS = ("day", "week", "month")


@dataclass(frozen=True)
class DateRange:
    """An inclusive range of local dates."""

    start: date
    end: date

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def as_tuple(self) -> tuple[date, date]:
        return (self.start, self.end)


@dataclass(frozen=True)
class JournalState:
    """What Trends needs to know before drawing: how much there is, and its version."""

    entries: int
    bounds: tuple[date, date] | None     # first and last local date with an entry
    version: tuple | None                # changes whenever the profile's entries change


def journal_state(con: duckdb.DuckDBPyConnection, account: Account) -> JournalState:
    """Entry count, date bounds and a data version in one small query.

    The version (database file, count, newest save, newest edit, sum of ids) changes with
    every save, edit, delete or import, because all of them go through `entries` rows. An
    in-memory database has no file to name, so it gets no version and is never cached.
    """
    row = version_row(con, account)
    assert row is not None
    count, first, last, saved, updated, id_sum, path = row
    bounds = (first, last) if first is not None else None
    version = (path, account.id, int(count), saved, updated, id_sum) if path else None
    return JournalState(int(count), bounds, version)


def resolve_range(
    choice: str,
    today: date,
    bounds: tuple[date, date] | None,
    custom: tuple[date, ...] | list[date] = (),
) -> DateRange:
    """The dates a range choice means today; "all" spans the journal's first to last entry."""
    if choice in _RANGE_DAYS:
        return DateRange(today - timedelta(days=_RANGE_DAYS[choice] - 1), today)
    if choice == "all":
        if bounds is None:
            return DateRange(today, today)
        # Stored dates outside 1900..tomorrow (a damaged file, an old import) can't stretch
        # the range past what the charts can count.
        first = max(min(bounds[0], today), ALL_TIME_FIRST)
        return DateRange(first, min(max(bounds[1], today), today + timedelta(days=1)))
    if choice == "custom":
        picked = [d for d in (custom or ()) if isinstance(d, date)]
        if len(picked) < 2:
            raise ValidationError("Choose a start date and an end date for the custom range.")
        first, last = sorted(picked[:2])
        return DateRange(first, last)
    raise ValidationError("Please choose a date range.")


ALL_TIME_FIRST = date(1900, 1, 1)   # "All time" never starts earlier (entries can't either)


def choose_bucket(days: int) -> str:
    """Mood points per day up to ~4 months, per week up to ~2 years, then per month.

    Why: every choice keeps a chart at roughly 120 marks or fewer, which stays readable on a
    phone and quick to draw even for ten years.
    """
    if days <= DAILY_MAX_DAYS:
        return "day"
    if days <= WEEKLY_MAX_DAYS:
        return "week"
    return "month"


def count_bucket(days: int) -> str:
    """Counts (triggers, wins) per week, or per month once the range passes about two years."""
    return "week" if days <= WEEKLY_MAX_DAYS else "month"


def response_bucket(days: int) -> str:
    """Responses per month, or per week for short ranges where months would be one bar."""
    return "week" if days <= DAILY_MAX_DAYS else "month"


def unit_of(unit: str) -> str:
    if unit not in UNITS:
        raise ValueError(f"unknown bucket {unit!r}")
    return unit


def trigger_name(key: str) -> str:
    """Display name of a trigger key (custom words as typed; the grouped rest as one name)."""
    return "Other triggers" if key == OTHER else vocab.label(vocab.TRIGGERS, key)


def practice_name(key: str) -> str:
    """Display name of a practice key."""
    return "Other practices" if key == OTHER else vocab.label(vocab.PRACTICES, key)
