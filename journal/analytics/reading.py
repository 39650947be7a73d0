"""The two DuckDB statements behind every Trends view, and the per-day arrays they return.

Why: DuckDB does the reading and aggregating, filtered by profile and date range with `?`
parameters; Python only ever receives those aggregates, never entry rows or text.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import duckdb
import numpy as np

from journal import vocab
from journal.analytics.ranges import BAND_DAYS, BAND_MIN_DAYS, ROLLING_MIN_DAYS, DateRange
from journal.profiles import Account

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
PARTS = tuple(_PART_SQL)
_PARTS_SQL = " UNION ALL ".join(_PART_SQL.values())
_NO_DAYS = (date(2000, 1, 2), date(2000, 1, 1))   # an empty span (start after end)


@dataclass(frozen=True)
class Days:
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


def series_span(rng: DateRange) -> tuple[date, date]:
    """Days the series needs: the range plus the band's lookback before it."""
    return (rng.start - timedelta(days=BAND_DAYS - 1), rng.end)


def read_days(
    con: duckdb.DuckDBPyConnection,
    account: Account,
    span: tuple[date, date] | None,
    year: int | None,
) -> Days:
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
    return Days(
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
class Rows:
    """Counted rows of one part, ordered as DuckDB returned them."""

    day: np.ndarray     # datetime64[D] (triggers, wins)
    key: list[str]
    extra: list[str | None]
    n: np.ndarray       # int64


def read_parts(
    con: duckdb.DuckDBPyConnection, account: Account, rng: DateRange,
    parts: tuple[str, ...] = PARTS,
) -> dict[str, Rows]:
    """Triggers and wins per day and key, emotion words per word, in one statement."""
    sql = _PARTS_SQL if parts == PARTS else " UNION ALL ".join(_PART_SQL[p] for p in parts)
    cols = con.execute(sql, [account.id, rng.start, rng.end] * len(parts)).fetchnumpy()
    which = _filled(cols["part"], None)
    day = _filled(cols["day"], np.datetime64("NaT")).astype("datetime64[D]")
    key = _filled(cols["key"], None)
    extra = _filled(cols["extra"], None)
    n = np.asarray(cols["n"]).astype(np.int64)
    out = {}
    for name in PARTS:
        mask = which == name
        out[name] = Rows(day[mask], key[mask].tolist(), extra[mask].tolist(), n[mask])
    return out
