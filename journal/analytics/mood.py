"""Mood over time (points, rolling mean, personal band, sustained declines) and the mood meter."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import duckdb
import numpy as np
import pandas as pd

from journal import vocab
from journal.analytics.buckets import (
    bucket,
    floats,
    ints,
    sequential_means,
    text_column,
    timeline,
)
from journal.analytics.ranges import (
    DECLINE_DAYS,
    TOP_EMOTIONS,
    DateRange,
    choose_bucket,
    unit_of,
)
from journal.analytics.reading import Days, Rows, read_days, read_parts, series_span
from journal.profiles import Account


@dataclass(frozen=True)
class Decline:
    """A stretch of consecutive days whose rolling mean stayed below the personal band."""

    first: date
    last: date
    days: int


@dataclass(frozen=True)
class MoodTrend:
    """Mood per bucket with its rolling mean and band, and the stretches worth a gentle word."""

    range: DateRange
    unit: str
    series: pd.DataFrame    # start, stop, label, mood, days, entries, rolling, low, high
    declines: list[Decline]
    days: int               # days in the range with a mood
    mean: float | None      # mean of those days' moods
    ongoing: Decline | None = None   # a decline that reaches the last day of the range


def mood_trend(
    con: duckdb.DuckDBPyConnection, account: Account, rng: DateRange, unit: str | None = None
) -> MoodTrend:
    """Mood points (daily or bucket means), 7-day rolling mean, band, and sustained declines."""
    unit = unit_of(unit or choose_bucket(rng.days))
    return mood_trend_from(read_days(con, account, series_span(rng), None), rng, unit)


def mood_trend_from(days: Days, rng: DateRange, unit: str) -> MoodTrend:
    keep = days.on_spine & days.within(rng.start, rng.end)
    day, mood, rolling, low = days.day[keep], days.mood[keep], days.rolling[keep], days.low[keep]
    entries = days.entries[keep]          # 0 on days without a mood

    starts = bucket(day, unit)
    new = np.ones(len(starts), dtype=bool)
    new[1:] = starts[1:] != starts[:-1]
    group = np.cumsum(new) - 1
    groups = int(new.sum())
    sums, counts, means = sequential_means([mood, rolling, low, days.high[keep]], group, groups)
    entry_sums = np.bincount(group, weights=entries, minlength=groups)
    shown = (counts[0] > 0) | (counts[1] > 0) | (counts[2] > 0)
    series = pd.DataFrame({
        **timeline(starts[new][shown], unit),
        "mood": means[0][shown], "days": counts[0][shown],
        "entries": floats(entry_sums[shown]),
        "rolling": means[1][shown], "low": means[2][shown], "high": means[3][shown],
    })

    total_days = int(counts[0][shown].sum())
    overall = 0.0
    for part in sums[0][shown][counts[0][shown] > 0]:
        overall += float(part)
    mean = overall / total_days if total_days else None

    below = np.zeros(len(day) + 2, dtype=np.int8)
    below[1:-1] = rolling < low          # NaN (too few moods) compares False, as NULL did
    edges = np.diff(below)
    declines = [
        Decline(day[a].item(), day[b - 1].item(), int(b - a))
        for a, b in zip(np.flatnonzero(edges == 1), np.flatnonzero(edges == -1), strict=True)
        if b - a >= DECLINE_DAYS
    ]
    ongoing = declines[-1] if declines and declines[-1].last == rng.end else None
    return MoodTrend(rng, unit, series, declines, total_days if len(series) else 0, mean,
                     ongoing)


# ---------------------------------------------------------------- mood meter


@dataclass(frozen=True)
class MoodMeter:
    """Entries per mood-meter quadrant and the most frequent emotion words."""

    quadrants: pd.DataFrame   # quadrant, name, n, share (all four quadrants, zeros included)
    entries: int              # entries with both mood and energy
    emotions: pd.DataFrame    # word, group, n (most frequent first)


_EMOTION_GROUPS = {**{q: label.split(" (")[0] for q, label in vocab.QUADRANTS.items()}}
OWN_WORDS = "Your own words"


def quadrant_name(key: str) -> str:
    """Short quadrant name ("Calm") used in charts and sentences."""
    return _EMOTION_GROUPS.get(key, OWN_WORDS)


def mood_meter(con: duckdb.DuckDBPyConnection, account: Account, rng: DateRange) -> MoodMeter:
    """Counts by quadrant (energy ≥ 3 is high, mood ≥ 3 pleasant, as vocab.quadrant) and words."""
    days = read_days(con, account, (rng.start, rng.end), None)
    return mood_meter_from(days, read_parts(con, account, rng, ("emotions",))["emotions"], rng)


def mood_meter_from(days: Days, words: Rows, rng: DateRange) -> MoodMeter:
    inside = days.within(rng.start, rng.end)
    counts = {q: int(days.quadrants[q][inside].sum()) for q in vocab.QUADRANTS}
    total = sum(counts.values())
    keys = list(vocab.QUADRANTS)
    quadrants = pd.DataFrame({
        "quadrant": keys,
        "name": [quadrant_name(q) for q in keys],
        "n": ints([counts[q] for q in keys]),
        "share": floats([counts[q] / total if total else 0.0 for q in keys]),
        "energy": ["High energy" if q.startswith("high") else "Low energy" for q in keys],
        "feel": ["Pleasant" if q.endswith("_pleasant") else "Unpleasant" for q in keys],
    })
    found = sorted(zip(words.n.tolist(), words.key, words.extra, strict=True),
                   key=lambda row: (-row[0], row[1]))[:TOP_EMOTIONS]
    emotions = pd.DataFrame({
        "word": text_column([w for _, w, _ in found]),
        "group": [quadrant_name(q if isinstance(q, str) else vocab.EMOTION_QUADRANT.get(w, ""))
                  for _, w, q in found],
        "n": ints([n for n, _, _ in found]),
    })
    return MoodMeter(quadrants, total, emotions)
