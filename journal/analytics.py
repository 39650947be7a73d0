"""Trends analytics: DuckDB aggregations for one profile over one date range, plus the small
pure rules (which range, which bucket size) that decide what the charts show.

Why: Trends must stay quick with ten years of daily entries and a hundred profiles in one file.
DuckDB does the reading and aggregating, filtered by profile and date range with `?` parameters:
two statements per view return one row per calendar day (mood mean, counts, rolling mean and
band) and triggers, wins and emotion words counted per day or word. Python only ever receives
those aggregates, never entry rows or text, and turns them into the few rows a chart draws.
Nothing here imports Streamlit; journal.charts turns these results into charts and sentences.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

import duckdb
import numpy as np
import pandas as pd

from . import vocab
from .cache import LruCache, version_row
from .errors import ValidationError
from .profiles import Account

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
        return DateRange(min(bounds[0], today), max(bounds[1], today))
    if choice == "custom":
        picked = [d for d in (custom or ()) if isinstance(d, date)]
        if len(picked) < 2:
            raise ValidationError("Choose a start date and an end date for the custom range.")
        first, last = sorted(picked[:2])
        return DateRange(first, last)
    raise ValidationError("Please choose a date range.")


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


def _unit(unit: str) -> str:
    if unit not in UNITS:
        raise ValueError(f"unknown bucket {unit!r}")
    return unit


def trigger_name(key: str) -> str:
    """Display name of a trigger key (custom words as typed; the grouped rest as one name)."""
    return "Other triggers" if key == OTHER else vocab.label(vocab.TRIGGERS, key)


def practice_name(key: str) -> str:
    """Display name of a practice key."""
    return "Other practices" if key == OTHER else vocab.label(vocab.PRACTICES, key)


# ---------------------------------------------------------------- reading: two queries per view
#
# Why two queries and not one per chart: each DuckDB statement costs a few milliseconds of
# planning and operator setup however small its answer, so a dozen small queries made the
# uncached Trends view no faster than loading every row into pandas. Trends therefore asks
# DuckDB two questions, both filtered by profile and date range:
#
#   _DAYS_SQL   one row per calendar day: that day's mean mood, its entries with a mood, its
#               mood-meter quadrant counts, and (on the series spine) the 7-day rolling mean
#               and the 28-day band, computed by DuckDB's window functions;
#   _PARTS_SQL  triggers and wins counted per day and key, and emotion words counted per word.
#
# Everything a chart shows is then a count, sum or mean over those few hundred rows, done below
# with numpy. Counts are exact integers, and means add their days one at a time in date order,
# as DuckDB's GROUP BY over the ordered days did, so the numbers are those the per-chart SQL
# gave. Where that SQL's own float sums depended on DuckDB's internal row order (its overall
# mean came out a last binary digit apart for the same range by day and by week), the
# numbers here can differ from it in that last digit too.

# Params: profile, spine first and last day, heatmap year's first and last day, spine again.
# The spine (lookback to range end) is its own window partition, so the rolling mean and band
# see exactly the rows they always did; other days (the heatmap year's) get unused windows.
_DAYS_SQL = """
WITH daily AS (
    SELECT local_date AS day, avg(mood) AS mood, count(*) AS entries,
           count(*) FILTER (WHERE energy >= 3 AND mood < 3) AS high_unpleasant,
           count(*) FILTER (WHERE energy >= 3 AND mood >= 3) AS high_pleasant,
           count(*) FILTER (WHERE energy < 3 AND mood < 3) AS low_unpleasant,
           count(*) FILTER (WHERE energy < 3 AND mood >= 3) AS low_pleasant
    FROM entries
    WHERE profile_id = ? AND mood IS NOT NULL
      AND (local_date BETWEEN ? AND ? OR local_date BETWEEN ? AND ?)
    GROUP BY local_date
), spine AS (
    SELECT CAST(range AS DATE) AS day
    FROM range(CAST(? AS TIMESTAMP), CAST(? AS TIMESTAMP) + INTERVAL 1 DAY, INTERVAL 1 DAY)
)
SELECT coalesce(s.day, d.day) AS day, s.day IS NOT NULL AS on_spine, d.mood, d.entries,
       d.high_unpleasant, d.high_pleasant, d.low_unpleasant, d.low_pleasant,
       avg(d.mood) OVER w7 AS roll, count(d.mood) OVER w7 AS n7,
       avg(d.mood) OVER w28 AS band, stddev_pop(d.mood) OVER w28 AS sd,
       count(d.mood) OVER w28 AS n28
FROM spine s FULL JOIN daily d ON d.day = s.day
WINDOW w7 AS (PARTITION BY s.day IS NULL ORDER BY coalesce(s.day, d.day)
              ROWS BETWEEN 6 PRECEDING AND CURRENT ROW),
       w28 AS (PARTITION BY s.day IS NULL ORDER BY coalesce(s.day, d.day)
               ROWS BETWEEN 27 PRECEDING AND CURRENT ROW)
"""

# Rows of each part: (part name, day, key, extra, n). Params per part: profile, start, end.
_PART_SQL = {
    "triggers": """
        SELECT 'triggers' AS part, local_date AS day, trigger AS key, response AS extra,
               count(*) AS n
        FROM entry_triggers WHERE profile_id = ? AND local_date BETWEEN ? AND ?
        GROUP BY local_date, trigger, response""",
    "wins": """
        SELECT 'wins' AS part, local_date AS day, practice AS key, NULL AS extra,
               count(*) AS n
        FROM wins WHERE profile_id = ? AND local_date BETWEEN ? AND ?
        GROUP BY local_date, practice""",
    "emotions": """
        SELECT 'emotions' AS part, NULL AS day, word AS key, any_value(quadrant) AS extra,
               count(*) AS n
        FROM entry_emotions WHERE profile_id = ? AND local_date BETWEEN ? AND ?
        GROUP BY word""",
}
_PARTS = tuple(_PART_SQL)
_PARTS_SQL = " UNION ALL ".join(_PART_SQL.values())
_NO_DAYS = (date(2000, 1, 2), date(2000, 1, 1))   # an empty span (start after end)
_DAY = np.timedelta64(1, "D")


@dataclass(frozen=True)
class _Days:
    """One row per day, ascending: the series spine and any other day with a mood."""

    day: np.ndarray        # datetime64[D]
    on_spine: np.ndarray   # bool: a day from lookback to the range end (rolling, band valid)
    mood: np.ndarray       # float64 mean mood, NaN without one
    entries: np.ndarray    # int64 entries with a mood
    quadrants: dict[str, np.ndarray]   # int64 entries per vocab.QUADRANTS key
    rolling: np.ndarray    # float64, NaN where too few moods
    low: np.ndarray
    high: np.ndarray

    def within(self, first: date, last: date) -> np.ndarray:
        return (self.day >= np.datetime64(first, "D")) & (self.day <= np.datetime64(last, "D"))


def _filled(column: np.ndarray, fill: object) -> np.ndarray:
    return np.ma.filled(column, fill) if np.ma.isMaskedArray(column) else np.asarray(column)


def _series_span(rng: DateRange) -> tuple[date, date]:
    """Days the series needs: the range plus the band's lookback before it."""
    return (rng.start - timedelta(days=BAND_DAYS - 1), rng.end)


def _read_days(
    con: duckdb.DuckDBPyConnection,
    account: Account,
    span: tuple[date, date] | None,
    year: int | None,
) -> _Days:
    """Per-day aggregates for every day of `span` (the spine) and every mood day of `year`."""
    lo, hi = span or _NO_DAYS
    y0, y1 = (date(year, 1, 1), date(year, 12, 31)) if year is not None else _NO_DAYS
    cols = con.execute(_DAYS_SQL, [account.id, lo, hi, y0, y1, lo, hi]).fetchnumpy()
    day = np.asarray(cols["day"]).astype("datetime64[D]")
    order = np.argsort(day, kind="stable")

    def column(name: str, fill: float | int, kind: type) -> np.ndarray:
        return _filled(cols[name], fill).astype(kind)[order]

    # The SQL before had DuckDB do these CASEs and the band's ± itself; the same IEEE double
    # operations here give the same values.
    rolling = np.where(column("n7", 0, np.int64) >= ROLLING_MIN_DAYS,
                       column("roll", np.nan, np.float64), np.nan)
    banded = column("n28", 0, np.int64) >= BAND_MIN_DAYS
    band, sd = column("band", np.nan, np.float64), column("sd", np.nan, np.float64)
    return _Days(
        day=day[order],
        on_spine=column("on_spine", False, bool),
        mood=column("mood", np.nan, np.float64),
        entries=column("entries", 0, np.int64),
        quadrants={q: column(q, 0, np.int64) for q in vocab.QUADRANTS},
        rolling=rolling,
        low=np.where(banded, band - sd, np.nan),
        high=np.where(banded, band + sd, np.nan),
    )


@dataclass(frozen=True)
class _Rows:
    """Counted rows of one part, ordered as DuckDB returned them."""

    day: np.ndarray     # datetime64[D] (triggers, wins)
    key: list[str]
    extra: list[str | None]
    n: np.ndarray       # int64


def _read_parts(
    con: duckdb.DuckDBPyConnection, account: Account, rng: DateRange,
    parts: tuple[str, ...] = _PARTS,
) -> dict[str, _Rows]:
    """Triggers and wins per day and key, emotion words per word, in one statement."""
    sql = _PARTS_SQL if parts == _PARTS else " UNION ALL ".join(_PART_SQL[p] for p in parts)
    cols = con.execute(sql, [account.id, rng.start, rng.end] * len(parts)).fetchnumpy()
    which = _filled(cols["part"], None)
    day = _filled(cols["day"], np.datetime64("NaT")).astype("datetime64[D]")
    key = _filled(cols["key"], None)
    extra = _filled(cols["extra"], None)
    n = np.asarray(cols["n"]).astype(np.int64)
    out = {}
    for name in _PARTS:
        mask = which == name
        out[name] = _Rows(day[mask], key[mask].tolist(), extra[mask].tolist(), n[mask])
    return out


# ---------------------------------------------------------------- buckets, labels, frames

_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")


def _bucket(days: np.ndarray, unit: str) -> np.ndarray:
    """date_trunc(unit, day) for datetime64[D] days (weeks start on Monday, as in DuckDB)."""
    if unit == "day":
        return days
    if unit == "week":
        return days - ((days.astype(np.int64) + 3) % 7).astype("timedelta64[D]")
    return days.astype("datetime64[M]").astype("datetime64[D]")


def _stop(starts: np.ndarray, unit: str) -> np.ndarray:
    """Each bucket's end (exclusive): a day, seven days, or one calendar month later."""
    if unit == "month":
        return (starts.astype("datetime64[M]") + 1).astype("datetime64[D]")
    return starts + (7 if unit == "week" else 1) * _DAY


def _label(day: date, unit: str) -> str:
    """A bucket's label in English whatever the locale: "Thu 1 Jan 2026", "Week of 2 Mar 2026"
    or "March 2026" (strftime "%a %-d %b %Y", "Week of %-d %b %Y", "%B %Y", as before)."""
    if unit == "month":
        return f"{_MONTHS[day.month - 1]} {day.year}"
    text = f"{day.day} {_MONTHS[day.month - 1][:3]} {day.year}"
    return f"Week of {text}" if unit == "week" else f"{_WEEKDAYS[day.weekday()]} {text}"


def _labels(starts: np.ndarray, unit: str) -> list[str]:
    return [_label(d, unit) for d in starts.astype("datetime64[D]").tolist()]


def _us(days: np.ndarray) -> np.ndarray:
    """Dates as the datetime64[us] values DuckDB's DataFrames held."""
    return days.astype("datetime64[us]")


def _text(values: list[str]) -> list[str] | np.ndarray:
    """A text column as DuckDB's DataFrames held it (object dtype when empty)."""
    return values if values else np.array([], dtype=object)


def _ints(values: object) -> np.ndarray:
    return np.asarray(values, dtype=np.int64)


def _floats(values: object) -> np.ndarray:
    return np.asarray(values, dtype=np.float64)


def _timeline(starts: np.ndarray, unit: str) -> dict[str, object]:
    """The start, stop and label columns of a bucketed table."""
    return {"start": _us(starts), "stop": _us(_stop(starts, unit)),
            "label": _text(_labels(starts, unit))}


def _sequential_means(
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


def _sum(values: np.ndarray) -> float:
    """Values added one at a time in order, as SQL's sum and avg add rows."""
    total = 0.0
    for value in values.tolist():
        total += value
    return total


def _ranked(totals: dict[str, int]) -> list[str]:
    """Keys by count, most first, ties by key (DuckDB sorts text by code point, as Python)."""
    return sorted(totals, key=lambda k: (-totals[k], k))


# ---------------------------------------------------------------- mood over time


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
    unit = _unit(unit or choose_bucket(rng.days))
    return _mood_trend(_read_days(con, account, _series_span(rng), None), rng, unit)


def _mood_trend(days: _Days, rng: DateRange, unit: str) -> MoodTrend:
    keep = days.on_spine & days.within(rng.start, rng.end)
    day, mood, rolling, low = days.day[keep], days.mood[keep], days.rolling[keep], days.low[keep]
    entries = days.entries[keep]          # 0 on days without a mood

    starts = _bucket(day, unit)
    new = np.ones(len(starts), dtype=bool)
    new[1:] = starts[1:] != starts[:-1]
    group = np.cumsum(new) - 1
    groups = int(new.sum())
    sums, counts, means = _sequential_means([mood, rolling, low, days.high[keep]], group, groups)
    entry_sums = np.bincount(group, weights=entries, minlength=groups)
    shown = (counts[0] > 0) | (counts[1] > 0) | (counts[2] > 0)
    series = pd.DataFrame({
        **_timeline(starts[new][shown], unit),
        "mood": means[0][shown], "days": counts[0][shown],
        "entries": _floats(entry_sums[shown]),
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
    days = _read_days(con, account, (rng.start, rng.end), None)
    return _mood_meter(days, _read_parts(con, account, rng, ("emotions",))["emotions"], rng)


def _mood_meter(days: _Days, words: _Rows, rng: DateRange) -> MoodMeter:
    inside = days.within(rng.start, rng.end)
    counts = {q: int(days.quadrants[q][inside].sum()) for q in vocab.QUADRANTS}
    total = sum(counts.values())
    keys = list(vocab.QUADRANTS)
    quadrants = pd.DataFrame({
        "quadrant": keys,
        "name": [quadrant_name(q) for q in keys],
        "n": _ints([counts[q] for q in keys]),
        "share": _floats([counts[q] / total if total else 0.0 for q in keys]),
        "energy": ["High energy" if q.startswith("high") else "Low energy" for q in keys],
        "feel": ["Pleasant" if q.endswith("_pleasant") else "Unpleasant" for q in keys],
    })
    found = sorted(zip(words.n.tolist(), words.key, words.extra, strict=True),
                   key=lambda row: (-row[0], row[1]))[:TOP_EMOTIONS]
    emotions = pd.DataFrame({
        "word": _text([w for _, w, _ in found]),
        "group": [quadrant_name(q if isinstance(q, str) else vocab.EMOTION_QUADRANT.get(w, ""))
                  for _, w, q in found],
        "n": _ints([n for n, _, _ in found]),
    })
    return MoodMeter(quadrants, total, emotions)


# ---------------------------------------------------------------- triggers


@dataclass(frozen=True)
class TriggerFrequency:
    """How often each trigger was noted per bucket, the rarest grouped as "Other"."""

    range: DateRange
    unit: str
    table: pd.DataFrame       # start, stop, label, trigger, name, pos, n
    totals: list[tuple[str, int]] = field(default_factory=list)   # (name, times), most first
    total: int = 0


def trigger_frequency(
    con: duckdb.DuckDBPyConnection, account: Account, rng: DateRange, unit: str | None = None
) -> TriggerFrequency:
    """Trigger counts per week (or month) for the most frequent triggers, the rest grouped."""
    unit = _unit(unit or count_bucket(rng.days))
    return _trigger_frequency(_read_parts(con, account, rng, ("triggers",))["triggers"], rng,
                              unit)


def _top_grouped(rows: _Rows, unit: str) -> tuple[np.ndarray, list[str], np.ndarray,
                                                  np.ndarray, dict[str, int]]:
    """Counts per (bucket, key) for the TOP_CATEGORIES keys, the rest as OTHER; sorted.

    Returns bucket starts, keys, positions (1.., OTHER last), counts, and each key's total.
    """
    totals: dict[str, int] = {}
    for key, n in zip(rows.key, rows.n.tolist(), strict=True):
        totals[key] = totals.get(key, 0) + n
    pos = {key: min(i, TOP_CATEGORIES + 1) for i, key in enumerate(_ranked(totals), 1)}
    starts = _bucket(rows.day, unit)
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
            [names[p] for _, p in order], _ints([p for _, p in order]),
            _ints([cells[c] for c in order]), grouped)


def _trigger_frequency(rows: _Rows, rng: DateRange, unit: str) -> TriggerFrequency:
    starts, keys, pos, n, grouped = _top_grouped(rows, unit)
    table = pd.DataFrame({**_timeline(starts, unit), "trigger": _text(keys), "pos": pos,
                          "n": n, "name": [trigger_name(k) for k in keys]})
    firsts = dict.fromkeys(k for _, k in sorted(set(zip(pos.tolist(), keys, strict=True))))
    totals = [(trigger_name(k), grouped[k]) for k in firsts]
    return TriggerFrequency(rng, unit, table, totals, sum(t for _, t in totals))


@dataclass(frozen=True)
class TriggerImpact:
    """Mean mood on days with each trigger against days without, with the day counts."""

    table: pd.DataFrame   # trigger, name, days_with, mood_with, days_without, mood_without, pos


def trigger_impact(
    con: duckdb.DuckDBPyConnection, account: Account, rng: DateRange
) -> TriggerImpact:
    """Per trigger (most frequent first): day-level mean mood with it and without it.

    A day counts once however many entries it has; its mood is the mean of that day's moods.
    Only days with a mood count, so the numbers of days shown are the real sample sizes.
    """
    days = _read_days(con, account, (rng.start, rng.end), None)
    return _trigger_impact(days, _read_parts(con, account, rng, ("triggers",))["triggers"], rng)


def _trigger_impact(days: _Days, rows: _Rows, rng: DateRange) -> TriggerImpact:
    inside = days.within(rng.start, rng.end) & ~np.isnan(days.mood)
    mood_days, moods = days.day[inside], days.mood[inside]
    hit_days: dict[str, set[np.datetime64]] = {}
    for day, key in zip(rows.day.tolist(), rows.key, strict=True):
        hit_days.setdefault(key, set()).add(day)
    masks = {key: np.isin(mood_days, np.array(sorted(hit), dtype="datetime64[D]"))
             for key, hit in hit_days.items()}
    with_mood = {key: int(mask.sum()) for key, mask in masks.items() if mask.any()}
    tops = _ranked(with_mood)[:IMPACT_TOP]
    mood_with, mood_without = [], []
    for key in tops:
        mask = masks[key]
        mood_with.append(_sum(moods[mask]) / with_mood[key])
        rest = len(moods) - with_mood[key]
        mood_without.append(_sum(moods[~mask]) / rest if rest else np.nan)
    table = pd.DataFrame({
        "trigger": _text(tops),
        "days_with": _ints([with_mood[k] for k in tops]),
        "mood_with": _floats(mood_with),
        "days_without": _ints([len(moods) - with_mood[k] for k in tops]),
        "mood_without": _floats(mood_without),
        "pos": _ints(range(1, len(tops) + 1)),
        "name": [trigger_name(k) for k in tops],
    })
    return TriggerImpact(table)


# ---------------------------------------------------------------- responses


@dataclass(frozen=True)
class ResponseTrend:
    """How the person responded to triggers, per bucket, and the calm share early vs late."""

    range: DateRange
    unit: str
    table: pd.DataFrame          # start, stop, label, response, name, n, share
    total: int
    calm_early: tuple[int, int] | None   # (calm, all) in the first half of the span
    calm_late: tuple[int, int] | None    # (calm, all) in the second half
    counts: dict[str, int] = field(default_factory=dict)


def responses(
    con: duckdb.DuckDBPyConnection, account: Account, rng: DateRange, unit: str | None = None
) -> ResponseTrend:
    """Responses per month (per week for short ranges) with each one's share of the bucket.

    The early/late split halves the span between the first and last response in the range, so
    the comparison is about the person's own data rather than empty stretches of calendar.
    """
    unit = _unit(unit or response_bucket(rng.days))
    return _responses(_read_parts(con, account, rng, ("triggers",))["triggers"], rng, unit)


def _responses(rows: _Rows, rng: DateRange, unit: str) -> ResponseTrend:
    keys = list(vocab.RESPONSES)
    pos = {k: i for i, k in enumerate(keys, 1)}
    known = np.array([r in pos for r in rows.extra], dtype=bool)
    day, n = rows.day[known], rows.n[known]
    said = [r for r in rows.extra if r in pos]
    starts = _bucket(day, unit)
    cells: dict[tuple[np.datetime64, int], int] = {}
    per_start: dict[np.datetime64, int] = {}
    for start, response, count in zip(starts.tolist(), said, n.tolist(), strict=True):
        cells[(start, pos[response])] = cells.get((start, pos[response]), 0) + count
        per_start[start] = per_start.get(start, 0) + count
    order = sorted(cells)
    names = [keys[p - 1] for _, p in order]
    table = pd.DataFrame({
        **_timeline(np.array([s for s, _ in order], dtype="datetime64[D]"), unit),
        "response": _text(names),
        "n": _ints([cells[c] for c in order]),
        "share": _floats([cells[c] / per_start[c[0]] for c in order]),
        "name": [vocab.RESPONSES[k] for k in names],
    })

    split: dict[bool, tuple[int, int]] = {}
    if len(day):
        lo, hi = day.min(), day.max()
        late = day > lo + ((hi - lo) // _DAY) // 2 * _DAY
        calm = np.array([r in vocab.CALM_RESPONSES for r in said], dtype=bool)
        for flag in (False, True):
            part = late == flag
            if part.any():
                split[flag] = (int(n[part & calm].sum()), int(n[part].sum()))
    by_key: dict[str, int] = {}
    for response, count in zip(said, n.tolist(), strict=True):
        by_key[response] = by_key.get(response, 0) + count
    by_key = {k: by_key[k] for k in keys if k in by_key}
    return ResponseTrend(rng, unit, table, sum(by_key.values()), split.get(False),
                         split.get(True), by_key)


# ---------------------------------------------------------------- wins


@dataclass(frozen=True)
class WinTrend:
    """Wins per bucket by practice, with the running total inside the range."""

    range: DateRange
    unit: str
    table: pd.DataFrame     # start, stop, label, practice, name, pos, n, cum (dense: zeros kept)
    total: int
    totals: list[tuple[str, int]]   # (practice name, wins), most first
    buckets: int            # buckets in the range
    active: int             # buckets with at least one win
    busiest: int            # most wins in one bucket


def wins(
    con: duckdb.DuckDBPyConnection, account: Account, rng: DateRange, unit: str | None = None
) -> WinTrend:
    """Wins per week (or month) by practice and cumulative, over a dense bucket spine.

    Why dense: the cumulative chart must stay flat through weeks without wins instead of
    drawing a slope across them.
    """
    unit = _unit(unit or count_bucket(rng.days))
    return _wins(_read_parts(con, account, rng, ("wins",))["wins"], rng, unit)


def _spine(rng: DateRange, unit: str) -> np.ndarray:
    """Every bucket start from the range's first bucket to its last day."""
    first = _bucket(np.array([rng.start], dtype="datetime64[D]"), unit)[0]
    end = np.datetime64(rng.end, "D")
    if unit == "month":
        months = np.arange(first.astype("datetime64[M]"), end.astype("datetime64[M]") + 1)
        return months.astype("datetime64[D]")
    return np.arange(first, end + _DAY, (7 if unit == "week" else 1) * _DAY)


def _wins(rows: _Rows, rng: DateRange, unit: str) -> WinTrend:
    starts, keys, pos, n, grouped = _top_grouped(rows, unit)
    cats = sorted(set(zip(pos.tolist(), keys, strict=True)))
    spine = _spine(rng, unit) if cats else np.array([], dtype="datetime64[D]")
    grid = np.zeros((len(spine), len(cats)), dtype=np.int64)
    row = {s: i for i, s in enumerate(spine.tolist())}
    col = {p: j for j, (p, _) in enumerate(cats)}
    for start, p, count in zip(starts.tolist(), pos.tolist(), n.tolist(), strict=True):
        grid[row[start], col[p]] += count
    cum = np.cumsum(grid, axis=0)
    names = [k for _, k in cats] * len(spine)
    table = pd.DataFrame({
        **_timeline(np.repeat(spine, len(cats)), unit),
        "practice": _text(names),
        "pos": _ints([p for p, _ in cats] * len(spine)),
        "n": grid.reshape(-1),
        "cum": _floats(cum.reshape(-1)),
        "name": [practice_name(k) for k in names],
    })
    per_bucket = grid.sum(axis=1)
    totals = [(practice_name(k), grouped[k]) for _, k in cats]
    return WinTrend(rng, unit, table, sum(t for _, t in totals), totals,
                    len(spine) if len(table) else 0, int((per_bucket > 0).sum()),
                    int(per_bucket.max()) if len(table) else 0)


# ---------------------------------------------------------------- year heatmap


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
    return _year_heatmap(_read_days(con, account, None, year), year)


@functools.lru_cache(maxsize=16)
def _calendar(year: int) -> tuple[np.ndarray, dict[str, object]]:
    """A year's days and the heatmap columns that depend on the date alone (read-only)."""
    calendar = np.arange(np.datetime64(date(year, 1, 1), "D"),
                         np.datetime64(date(year + 1, 1, 1), "D"), _DAY)
    week = _bucket(calendar, "week")
    dow = (calendar.astype(np.int64) + 3) % 7 + 1          # ISO: Monday 1 ... Sunday 7
    columns: dict[str, object] = {
        "day": _us(calendar), "week": _us(week), "week_end": _us(week + 7 * _DAY), "dow": dow,
        "weekday": tuple(_WEEKDAYS[d - 1] for d in dow.tolist()),
        "label": tuple(_labels(calendar, "day")),
    }
    for array in (calendar, *columns.values()):
        if isinstance(array, np.ndarray):
            array.setflags(write=False)
    return calendar, columns


def _year_heatmap(days: _Days, year: int) -> YearHeatmap:
    calendar, columns = _calendar(year)
    inside = days.within(date(year, 1, 1), date(year, 12, 31)) & ~np.isnan(days.mood)
    at = (days.day[inside] - calendar[0]) // _DAY
    mood = np.full(len(calendar), np.nan)
    mood[at] = days.mood[inside]
    entries = np.zeros(len(calendar), dtype=np.int64)
    entries[at] = days.entries[inside]
    cells = pd.DataFrame({**columns, "mood": mood, "entries": entries})

    moods = days.mood[inside]
    total = _sum(moods)
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


# ---------------------------------------------------------------- milestones


def milestone_rules(
    con: duckdb.DuckDBPyConnection, account: Account, start: date, end: date
) -> list[tuple[date, str]]:
    """Milestone dates and labels to draw on time axes; none if milestones aren't available.

    Why lazy: milestones are their own capability (journal.milestones); Trends draws them when
    that module is present and simply draws none otherwise.
    """
    try:
        from .milestones import milestone_rules as source  # type: ignore[attr-defined]
    except (ImportError, AttributeError):
        return []
    rules = []
    for when, label in source(con, account, start, end):
        day = when.date() if isinstance(when, datetime) else when
        if start <= day <= end:
            rules.append((day, str(label)))
    return rules


# ---------------------------------------------------------------- everything Trends shows


@dataclass(frozen=True)
class TrendsData:
    """Every aggregate the Trends page draws, for one range and one heatmap year."""

    mood: MoodTrend
    meter: MoodMeter
    triggers: TriggerFrequency
    impact: TriggerImpact
    responses: ResponseTrend
    wins: WinTrend
    heatmap: YearHeatmap


_cache = LruCache(32)  # TrendsData per (version, range, year)


def compute_trends(
    con: duckdb.DuckDBPyConnection, account: Account, rng: DateRange, year: int
) -> TrendsData:
    """Run every Trends aggregation now (no cache): what the benchmark's "cold" column times.

    Two statements in all: the days (series spine and heatmap year) and the counted parts.
    """
    days = _read_days(con, account, _series_span(rng), year)
    parts = _read_parts(con, account, rng)
    count_unit = count_bucket(rng.days)
    return TrendsData(
        mood=_mood_trend(days, rng, choose_bucket(rng.days)),
        meter=_mood_meter(days, parts["emotions"], rng),
        triggers=_trigger_frequency(parts["triggers"], rng, count_unit),
        impact=_trigger_impact(days, parts["triggers"], rng),
        responses=_responses(parts["triggers"], rng, response_bucket(rng.days)),
        wins=_wins(parts["wins"], rng, count_unit),
        heatmap=_year_heatmap(days, year),
    )


def trends_data(
    con: duckdb.DuckDBPyConnection,
    account: Account,
    rng: DateRange,
    year: int,
    state: JournalState | None = None,
) -> TrendsData:
    """The Trends aggregates, reused while the profile's entries are unchanged.

    Why a cache: Streamlit reruns the whole page on every click, and the dozen aggregation
    queries cost far more in planning than in reading data. The key holds the data version
    (journal_state), so any save, edit, delete or import is seen on the next run. Results are
    read-only: callers must not modify the DataFrames.
    """
    state = state or journal_state(con, account)
    if state.version is None:
        return compute_trends(con, account, rng, year)
    key = (state.version, rng, year)
    hit = _cache.get(key)
    if isinstance(hit, TrendsData):
        return hit
    data = compute_trends(con, account, rng, year)
    _cache.put(key, data)
    return data


def clear_cache() -> None:
    """Forget cached aggregates (tests, benchmarks)."""
    _cache.clear()
