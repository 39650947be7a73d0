"""The year heatmap: one cell per day of a year, and its lightest and heaviest months."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import date

import duckdb
import numpy as np
import pandas as pd

from journal.analytics.buckets import DAY, WEEKDAYS, as_us, bucket, bucket_labels, ordered_sum
from journal.analytics.reading import Days, read_days
from journal.profiles import Account


@dataclass(frozen=True)
class YearHeatmap:
    """One cell per day of a year (mood mean or empty), and month summaries for the reading."""

    year: int
    cells: pd.DataFrame     # day, week, week_end, dow, weekday, label, mood, entries
    days: int               # days with a mood
    mean: float | None
    best: tuple[int, float] | None    # (month number, mean) of the lightest month
    worst: tuple[int, float] | None   # (month number, mean) of the heaviest month
    months: int = 0         # months with enough days to compare (MONTH_MIN_DAYS)


MONTH_MIN_DAYS = 5


def year_heatmap(con: duckdb.DuckDBPyConnection, account: Account, year: int) -> YearHeatmap:
    """Every day of the year as a cell; months compared only when they have 5+ mood days."""
    return year_heatmap_from(read_days(con, account, None, year), year)


@functools.lru_cache(maxsize=16)
def _calendar(year: int) -> tuple[np.ndarray, dict[str, object]]:
    """A year's days and the heatmap columns that depend on the date alone (read-only)."""
    calendar = np.arange(np.datetime64(date(year, 1, 1), "D"),
                         np.datetime64(date(year + 1, 1, 1), "D"), DAY)
    week = bucket(calendar, "week")
    dow = (calendar.astype(np.int64) + 3) % 7 + 1          # ISO: Monday 1 ... Sunday 7
    columns: dict[str, object] = {
        "day": as_us(calendar), "week": as_us(week), "week_end": as_us(week + 7 * DAY), "dow": dow,
        "weekday": tuple(WEEKDAYS[d - 1] for d in dow.tolist()),
        "label": tuple(bucket_labels(calendar, "day")),
    }
    for array in (calendar, *columns.values()):
        if isinstance(array, np.ndarray):
            array.setflags(write=False)
    return calendar, columns


def year_heatmap_from(days: Days, year: int) -> YearHeatmap:
    calendar, columns = _calendar(year)
    inside = days.within(date(year, 1, 1), date(year, 12, 31)) & ~np.isnan(days.mood)
    at = (days.day[inside] - calendar[0]) // DAY
    mood = np.full(len(calendar), np.nan)
    mood[at] = days.mood[inside]
    entries = np.zeros(len(calendar), dtype=np.int64)
    entries[at] = days.entries[inside]
    cells = pd.DataFrame({**columns, "mood": mood, "entries": entries})

    moods = days.mood[inside]
    total = ordered_sum(moods)
    month = calendar.astype("datetime64[M]").astype(np.int64) % 12
    known = ~np.isnan(mood)
    count = np.bincount(month[known], minlength=12)
    sums = np.bincount(month[known], weights=mood[known], minlength=12)
    compared = np.flatnonzero(count >= MONTH_MIN_DAYS)
    means = sums[compared] / count[compared]
    best = worst = None
    if len(compared):
        hi, lo = int(np.argmax(means)), int(np.argmin(means))
        best = (int(compared[hi]) + 1, float(means[hi]))
        worst = (int(compared[lo]) + 1, float(means[lo]))
    return YearHeatmap(year, cells, len(moods), total / len(moods) if len(moods) else None,
                       best, worst, len(compared))


def heatmap_years(bounds: tuple[date, date] | None, today: date) -> list[int]:
    """Years a heatmap can show, newest first (the journal's span, or this year)."""
    if bounds is None:
        return [today.year]
    return list(range(max(bounds[1].year, today.year), bounds[0].year - 1, -1))
