"""Buckets, labels and table columns shared by the Trends aggregations (numpy, no SQL).

Why apart: every topic (mood, triggers, responses, wins, heatmap) buckets days and labels them
the same way, and adds its numbers in the same order DuckDB did.
"""

from __future__ import annotations

from datetime import date

import numpy as np

from journal.analytics.ranges import OTHER, TOP_CATEGORIES
from journal.analytics.reading import Rows

DAY = np.timedelta64(1, "D")

WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")


def bucket(days: np.ndarray, unit: str) -> np.ndarray:
    """date_trunc(unit, day) for datetime64[D] days (weeks start on Monday, as in DuckDB)."""
    if unit == "day":
        return days
    if unit == "week":
        return days - ((days.astype(np.int64) + 3) % 7).astype("timedelta64[D]")
    return days.astype("datetime64[M]").astype("datetime64[D]")


def bucket_stop(starts: np.ndarray, unit: str) -> np.ndarray:
    """Each bucket's end (exclusive): a day, seven days, or one calendar month later."""
    if unit == "month":
        return (starts.astype("datetime64[M]") + 1).astype("datetime64[D]")
    return starts + (7 if unit == "week" else 1) * DAY


def bucket_label(day: date, unit: str) -> str:
    """A bucket's label in English whatever the locale: "Thu 1 Jan 2026", "Week of 2 Mar 2026"
    or "March 2026" (strftime "%a %-d %b %Y", "Week of %-d %b %Y", "%B %Y", as before)."""
    if unit == "month":
        return f"{MONTHS[day.month - 1]} {day.year}"
    text = f"{day.day} {MONTHS[day.month - 1][:3]} {day.year}"
    return f"Week of {text}" if unit == "week" else f"{WEEKDAYS[day.weekday()]} {text}"


def bucket_labels(starts: np.ndarray, unit: str) -> list[str]:
    return [bucket_label(d, unit) for d in starts.astype("datetime64[D]").tolist()]


def as_us(days: np.ndarray) -> np.ndarray:
    """Dates as the datetime64[us] values DuckDB's DataFrames held."""
    return days.astype("datetime64[us]")


def text_column(values: list[str]) -> list[str] | np.ndarray:
    """A text column as DuckDB's DataFrames held it (object dtype when empty)."""
    return values if values else np.array([], dtype=object)


def ints(values: object) -> np.ndarray:
    return np.asarray(values, dtype=np.int64)


def floats(values: object) -> np.ndarray:
    return np.asarray(values, dtype=np.float64)


def timeline(starts: np.ndarray, unit: str) -> dict[str, object]:
    """The start, stop and label columns of a bucketed table."""
    return {"start": as_us(starts), "stop": as_us(bucket_stop(starts, unit)),
            "label": text_column(bucket_labels(starts, unit))}


def sequential_means(
    values: list[np.ndarray], group: np.ndarray, groups: int
) -> tuple[list[np.ndarray], list[np.ndarray], list[np.ndarray]]:
    """Per group (ascending, contiguous ids): the sum, count and mean of each value array.

    NaN is left out, as SQL leaves out NULL. Sums add each group's values one at a time in
    order (not numpy's pairwise sum), the way DuckDB's avg added the ordered days.
    """
    first = np.searchsorted(group, np.arange(groups))
    place = np.arange(len(group)) - first[group]
    width = int(place.max()) + 1 if len(group) else 0
    sums, counts, means = [], [], []
    for v in values:
        known = ~np.isnan(v)
        grid = np.zeros((groups, max(width, 1)))
        grid[group, place] = np.where(known, v, 0.0)
        total = grid[:, 0].copy()
        for j in range(1, width):
            total += grid[:, j]
        count = np.bincount(group, weights=known, minlength=groups).astype(np.int64)
        sums.append(total)
        counts.append(count)
        with np.errstate(invalid="ignore", divide="ignore"):
            means.append(np.where(count > 0, total / np.maximum(count, 1), np.nan))
    return sums, counts, means


def ordered_sum(values: np.ndarray) -> float:
    """Values added one at a time in order, as SQL's sum and avg add rows."""
    total = 0.0
    for value in values.tolist():
        total += value
    return total


def ranked(totals: dict[str, int]) -> list[str]:
    """Keys by count, most first, ties by key (DuckDB sorts text by code point, as Python)."""
    return sorted(totals, key=lambda k: (-totals[k], k))


def top_grouped(rows: Rows, unit: str) -> tuple[np.ndarray, list[str], np.ndarray,
                                                  np.ndarray, dict[str, int]]:
    """Counts per (bucket, key) for the TOP_CATEGORIES keys, the rest as OTHER; sorted.

    Returns bucket starts, keys, positions (1.., OTHER last), counts, and each key's total.
    """
    totals: dict[str, int] = {}
    for key, n in zip(rows.key, rows.n.tolist(), strict=True):
        totals[key] = totals.get(key, 0) + n
    pos = {key: min(i, TOP_CATEGORIES + 1) for i, key in enumerate(ranked(totals), 1)}
    starts = bucket(rows.day, unit)
    cells: dict[tuple[np.datetime64, int], int] = {}
    for start, key, n in zip(starts.tolist(), rows.key, rows.n.tolist(), strict=True):
        cell = (start, pos[key])
        cells[cell] = cells.get(cell, 0) + n
    names = {p: (key if p <= TOP_CATEGORIES else OTHER) for key, p in pos.items()}
    grouped: dict[str, int] = {}
    for key, total in totals.items():
        grouped[names[pos[key]]] = grouped.get(names[pos[key]], 0) + total
    order = sorted(cells)
    return (np.array([s for s, _ in order], dtype="datetime64[D]"),
            [names[p] for _, p in order], ints([p for _, p in order]),
            ints([cells[c] for c in order]), grouped)
