"""Trends analytics: DuckDB aggregations for one profile over one date range, plus the small
pure rules (which range, which bucket size) that decide what the charts show.

Why: Trends must stay quick with ten years of daily entries and a hundred profiles in one file.
Every number is computed inside DuckDB, filtered by profile and date range with `?` parameters,
so Python only ever receives the few rows a chart draws, never a person's whole journal.
Nothing here imports Streamlit; journal.charts turns these results into charts and sentences.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

import duckdb
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
_STEP = {"day": "1 day", "week": "7 days", "month": "1 month"}
_LABEL = {"day": "%a %-d %b %Y", "week": "Week of %-d %b %Y", "month": "%B %Y"}


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


# ---------------------------------------------------------------- mood over time

# One row per calendar day from lookback to end: that day's mean mood, the 7-day rolling mean
# and the 28-day personal band, both over calendar days (days without a mood are skipped
# inside a window, and a window with too few moods gives NULL).
# Params: lookback, end, profile, lookback, end, ROLLING_MIN_DAYS, BAND_MIN_DAYS x2, start.
_SERIES_CTE = """
WITH spine AS (
    SELECT CAST(range AS DATE) AS day
    FROM range(CAST(? AS TIMESTAMP), CAST(? AS TIMESTAMP) + INTERVAL 1 DAY, INTERVAL 1 DAY)
), daily AS (
    SELECT local_date AS day, avg(mood) AS mood, count(*) AS entries
    FROM entries
    WHERE profile_id = ? AND local_date BETWEEN ? AND ? AND mood IS NOT NULL
    GROUP BY local_date
), windowed AS (
    SELECT s.day, d.mood, d.entries,
           avg(d.mood) OVER w7 AS roll, count(d.mood) OVER w7 AS n7,
           avg(d.mood) OVER w28 AS band, stddev_pop(d.mood) OVER w28 AS sd,
           count(d.mood) OVER w28 AS n28
    FROM spine s LEFT JOIN daily d ON d.day = s.day
    WINDOW w7 AS (ORDER BY s.day ROWS BETWEEN 6 PRECEDING AND CURRENT ROW),
           w28 AS (ORDER BY s.day ROWS BETWEEN 27 PRECEDING AND CURRENT ROW)
), series AS (
    SELECT day, mood, entries,
           CASE WHEN n7 >= ? THEN roll END AS rolling,
           CASE WHEN n28 >= ? THEN band - sd END AS low,
           CASE WHEN n28 >= ? THEN band + sd END AS high
    FROM windowed
    WHERE day >= ?
)
"""


def _series_params(account: Account, rng: DateRange) -> list[object]:
    lookback = rng.start - timedelta(days=BAND_DAYS - 1)
    return [lookback, rng.end, account.id, lookback, rng.end, ROLLING_MIN_DAYS, BAND_MIN_DAYS,
            BAND_MIN_DAYS, rng.start]


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
    series = con.execute(
        _SERIES_CTE  # noqa: S608 - fixed SQL text; every value is a ? parameter
        + """
        SELECT date_trunc(?, day) AS start, date_trunc(?, day) + CAST(? AS INTERVAL) AS stop,
               strftime(date_trunc(?, day), ?) AS label,
               avg(mood) AS mood, count(mood) AS days, coalesce(sum(entries), 0) AS entries,
               avg(rolling) AS rolling, avg(low) AS low, avg(high) AS high,
               sum(count(mood)) OVER () AS total_days,
               sum(sum(mood)) OVER () / nullif(sum(count(mood)) OVER (), 0) AS overall
        FROM series
        GROUP BY ALL
        HAVING count(mood) > 0 OR avg(rolling) IS NOT NULL OR avg(low) IS NOT NULL
        ORDER BY start
        """,
        [*_series_params(account, rng), unit, unit, _STEP[unit], unit, _LABEL[unit]],
    ).df()
    declines = [
        Decline(first, last, int(n))
        for first, last, n in con.execute(
            _SERIES_CTE  # noqa: S608 - fixed SQL text; every value is a ? parameter
            + """
            , below AS (
                SELECT day, day - CAST(row_number() OVER (ORDER BY day) AS INTEGER) AS grp
                FROM series WHERE rolling < low
            )
            SELECT min(day), max(day), count(*) FROM below
            GROUP BY grp HAVING count(*) >= ? ORDER BY 1
            """,
            [*_series_params(account, rng), DECLINE_DAYS],
        ).fetchall()
    ]
    days = int(series["total_days"].iloc[0]) if len(series) else 0
    mean = float(series["overall"].iloc[0]) if days else None
    ongoing = declines[-1] if declines and declines[-1].last == rng.end else None
    return MoodTrend(rng, unit, series.drop(columns=["total_days", "overall"]), declines, days,
                     mean, ongoing)


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
    counts = con.execute(
        """
        SELECT (CASE WHEN energy >= 3 THEN 'high' ELSE 'low' END) || '_' ||
               (CASE WHEN mood >= 3 THEN 'pleasant' ELSE 'unpleasant' END) AS quadrant,
               count(*) AS n, count(*) / sum(count(*)) OVER () AS share
        FROM entries
        WHERE profile_id = ? AND local_date BETWEEN ? AND ?
          AND mood IS NOT NULL AND energy IS NOT NULL
        GROUP BY 1
        """,
        [account.id, rng.start, rng.end],
    ).fetchall()
    found = {q: (int(n), float(s)) for q, n, s in counts}
    quadrants = pd.DataFrame(
        [
            {"quadrant": q, "name": quadrant_name(q), "n": found.get(q, (0, 0.0))[0],
             "share": found.get(q, (0, 0.0))[1],
             "energy": "High energy" if q.startswith("high") else "Low energy",
             "feel": "Pleasant" if q.endswith("_pleasant") else "Unpleasant"}
            for q in vocab.QUADRANTS
        ]
    )
    words = con.execute(
        """
        SELECT word, any_value(quadrant) AS quadrant, count(*) AS n
        FROM entry_emotions
        WHERE profile_id = ? AND local_date BETWEEN ? AND ?
        GROUP BY word ORDER BY n DESC, word LIMIT ?
        """,
        [account.id, rng.start, rng.end, TOP_EMOTIONS],
    ).df()
    words["group"] = [
        quadrant_name(q if isinstance(q, str) else vocab.EMOTION_QUADRANT.get(w, ""))
        for w, q in zip(words["word"], words["quadrant"], strict=True)
    ]
    return MoodMeter(quadrants, sum(n for n, _ in found.values()),
                     words[["word", "group", "n"]])


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
    table = con.execute(
        """
        WITH t AS (
            SELECT local_date, trigger FROM entry_triggers
            WHERE profile_id = ? AND local_date BETWEEN ? AND ?
        ), ranked AS (
            SELECT trigger, row_number() OVER (ORDER BY count(*) DESC, trigger) AS pos
            FROM t GROUP BY trigger
        ), grouped AS (
            SELECT date_trunc(?, t.local_date) AS start,
                   CASE WHEN r.pos <= ? THEN t.trigger ELSE ? END AS trigger,
                   least(r.pos, ? + 1) AS pos, count(*) AS n
            FROM t JOIN ranked r ON r.trigger = t.trigger
            GROUP BY ALL
        )
        SELECT start, start + CAST(? AS INTERVAL) AS stop, strftime(start, ?) AS label,
               trigger, pos, n, sum(n) OVER (PARTITION BY trigger) AS total
        FROM grouped ORDER BY start, pos
        """,
        [account.id, rng.start, rng.end, unit, TOP_CATEGORIES, OTHER, TOP_CATEGORIES,
         _STEP[unit], _LABEL[unit]],
    ).df()
    table["name"] = [trigger_name(k) for k in table["trigger"]]
    firsts = table.drop_duplicates("trigger").sort_values("pos")
    totals = [(str(n), int(t)) for n, t in zip(firsts["name"], firsts["total"], strict=True)]
    return TriggerFrequency(rng, unit, table.drop(columns=["total"]), totals,
                            sum(t for _, t in totals))


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
    table = con.execute(
        """
        WITH days AS (
            SELECT local_date AS day, avg(mood) AS mood FROM entries
            WHERE profile_id = ? AND local_date BETWEEN ? AND ? AND mood IS NOT NULL
            GROUP BY local_date
        ), hits AS (
            SELECT DISTINCT local_date AS day, trigger FROM entry_triggers
            WHERE profile_id = ? AND local_date BETWEEN ? AND ?
        ), tops AS (
            SELECT h.trigger, count(*) AS c FROM hits h JOIN days d ON d.day = h.day
            GROUP BY h.trigger ORDER BY c DESC, h.trigger LIMIT ?
        )
        SELECT t.trigger,
               count(h.day) AS days_with,
               avg(d.mood) FILTER (WHERE h.day IS NOT NULL) AS mood_with,
               count(*) FILTER (WHERE h.day IS NULL) AS days_without,
               avg(d.mood) FILTER (WHERE h.day IS NULL) AS mood_without,
               row_number() OVER (ORDER BY t.c DESC, t.trigger) AS pos
        FROM tops t CROSS JOIN days d
        LEFT JOIN hits h ON h.day = d.day AND h.trigger = t.trigger
        GROUP BY t.trigger, t.c
        ORDER BY pos
        """,
        [account.id, rng.start, rng.end, account.id, rng.start, rng.end, IMPACT_TOP],
    ).df()
    table["name"] = [trigger_name(k) for k in table["trigger"]]
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
    keys = list(vocab.RESPONSES)
    table = con.execute(
        """
        WITH grouped AS (
            SELECT date_trunc(?, local_date) AS start, response, count(*) AS n
            FROM entry_triggers
            WHERE profile_id = ? AND local_date BETWEEN ? AND ? AND list_contains(?, response)
            GROUP BY ALL
        )
        SELECT start, start + CAST(? AS INTERVAL) AS stop, strftime(start, ?) AS label,
               response, n, n / sum(n) OVER (PARTITION BY start) AS share,
               list_position(?, response) AS pos
        FROM grouped ORDER BY start, pos
        """,
        [unit, account.id, rng.start, rng.end, keys, _STEP[unit], _LABEL[unit], keys],
    ).df()
    table["name"] = [vocab.RESPONSES[k] for k in table["response"]]
    halves = con.execute(
        """
        WITH r AS (
            SELECT local_date, response FROM entry_triggers
            WHERE profile_id = ? AND local_date BETWEEN ? AND ? AND list_contains(?, response)
        ), span AS (SELECT min(local_date) AS lo, max(local_date) AS hi FROM r)
        SELECT r.local_date > span.lo + CAST((span.hi - span.lo) // 2 AS INTEGER) AS late,
               count(*) FILTER (WHERE list_contains(?, r.response)) AS calm, count(*) AS n
        FROM r, span GROUP BY 1 ORDER BY 1
        """,
        [account.id, rng.start, rng.end, keys, list(vocab.CALM_RESPONSES)],
    ).fetchall()
    split = {bool(late): (int(calm), int(n)) for late, calm, n in halves}
    counts = con.execute(
        """
        SELECT response, count(*) FROM entry_triggers
        WHERE profile_id = ? AND local_date BETWEEN ? AND ? AND list_contains(?, response)
        GROUP BY 1
        """,
        [account.id, rng.start, rng.end, keys],
    ).fetchall()
    by_key = {str(k): int(n) for k, n in counts}
    return ResponseTrend(rng, unit, table.drop(columns=["pos"]), sum(by_key.values()),
                         split.get(False), split.get(True), by_key)


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
    table = con.execute(
        """
        WITH w AS (
            SELECT local_date, practice FROM wins
            WHERE profile_id = ? AND local_date BETWEEN ? AND ?
        ), ranked AS (
            SELECT practice, row_number() OVER (ORDER BY count(*) DESC, practice) AS pos
            FROM w GROUP BY practice
        ), grouped AS (
            SELECT date_trunc(?, w.local_date) AS start,
                   CASE WHEN r.pos <= ? THEN w.practice ELSE ? END AS practice,
                   least(r.pos, ? + 1) AS pos, count(*) AS n
            FROM w JOIN ranked r ON r.practice = w.practice
            GROUP BY ALL
        ), spine AS (
            SELECT range AS start
            FROM range(date_trunc(?, CAST(? AS DATE)),
                       CAST(? AS TIMESTAMP) + INTERVAL 1 DAY, CAST(? AS INTERVAL))
        ), cats AS (SELECT DISTINCT practice, pos FROM grouped)
        SELECT s.start, s.start + CAST(? AS INTERVAL) AS stop, strftime(s.start, ?) AS label,
               c.practice, c.pos, coalesce(g.n, 0) AS n,
               sum(coalesce(g.n, 0)) OVER (PARTITION BY c.practice ORDER BY s.start) AS cum,
               (SELECT count(*) FROM spine) AS buckets,
               (SELECT count(DISTINCT start) FROM grouped) AS active,
               (SELECT max(b) FROM (SELECT sum(n) AS b FROM grouped GROUP BY start)) AS busiest,
               sum(coalesce(g.n, 0)) OVER (PARTITION BY c.practice) AS total
        FROM spine s CROSS JOIN cats c
        LEFT JOIN grouped g ON g.start = s.start AND g.practice = c.practice
        ORDER BY s.start, c.pos
        """,
        [account.id, rng.start, rng.end, unit, TOP_CATEGORIES, OTHER, TOP_CATEGORIES,
         unit, rng.start, rng.end, _STEP[unit], _STEP[unit], _LABEL[unit]],
    ).df()
    table["name"] = [practice_name(k) for k in table["practice"]]
    if len(table):
        buckets, active, busiest = (int(table[c].iloc[0]) for c in ("buckets", "active",
                                                                     "busiest"))
    else:
        buckets = active = busiest = 0
    firsts = table.drop_duplicates("practice").sort_values("pos")
    totals = [(str(n), int(t)) for n, t in zip(firsts["name"], firsts["total"], strict=True)]
    return WinTrend(rng, unit, table.drop(columns=["buckets", "active", "busiest", "total"]),
                    sum(t for _, t in totals), totals, buckets, active, busiest)


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
    first, last = date(year, 1, 1), date(year, 12, 31)
    cells = con.execute(
        """
        WITH spine AS (
            SELECT CAST(range AS DATE) AS day
            FROM range(CAST(? AS TIMESTAMP), CAST(? AS TIMESTAMP) + INTERVAL 1 DAY,
                       INTERVAL 1 DAY)
        ), daily AS (
            SELECT local_date AS day, avg(mood) AS mood, count(*) AS entries FROM entries
            WHERE profile_id = ? AND local_date BETWEEN ? AND ? AND mood IS NOT NULL
            GROUP BY local_date
        )
        SELECT CAST(s.day AS TIMESTAMP) AS day, date_trunc('week', s.day) AS week,
               date_trunc('week', s.day) + INTERVAL 7 DAY AS week_end,
               isodow(s.day) AS dow, strftime(s.day, '%a') AS weekday,
               strftime(s.day, '%a %-d %b %Y') AS label, d.mood,
               coalesce(d.entries, 0) AS entries
        FROM spine s LEFT JOIN daily d ON d.day = s.day
        ORDER BY s.day
        """,
        [first, last, account.id, first, last],
    ).df()
    summary = con.execute(
        """
        WITH daily AS (
            SELECT local_date AS day, avg(mood) AS mood FROM entries
            WHERE profile_id = ? AND local_date BETWEEN ? AND ? AND mood IS NOT NULL
            GROUP BY local_date
        ), months AS (
            SELECT month(day) AS m, avg(mood) AS mm FROM daily
            GROUP BY 1 HAVING count(*) >= ?
        )
        SELECT (SELECT count(*) FROM daily), (SELECT avg(mood) FROM daily),
               arg_max(m, mm), max(mm), arg_min(m, mm), min(mm), count(*)
        FROM months
        """,
        [account.id, first, last, MONTH_MIN_DAYS],
    ).fetchone()
    assert summary is not None
    days, mean, best_m, best, worst_m, worst, months = summary
    return YearHeatmap(
        year, cells, int(days), float(mean) if mean is not None else None,
        (int(best_m), float(best)) if best_m is not None else None,
        (int(worst_m), float(worst)) if worst_m is not None else None,
        int(months),
    )


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
    """Run every Trends aggregation now (no cache): what the benchmark's "cold" column times."""
    return TrendsData(
        mood=mood_trend(con, account, rng),
        meter=mood_meter(con, account, rng),
        triggers=trigger_frequency(con, account, rng),
        impact=trigger_impact(con, account, rng),
        responses=responses(con, account, rng),
        wins=wins(con, account, rng),
        heatmap=year_heatmap(con, account, year),
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
