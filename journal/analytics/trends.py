"""Everything Trends shows for one range and year, computed in two statements and cached by
data version; plus the milestone dates Trends draws on its time axes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import duckdb

from journal.analytics.heatmap import YearHeatmap, year_heatmap_from
from journal.analytics.mood import MoodMeter, MoodTrend, mood_meter_from, mood_trend_from
from journal.analytics.ranges import (
    DateRange,
    JournalState,
    choose_bucket,
    count_bucket,
    journal_state,
    response_bucket,
)
from journal.analytics.reading import read_days, read_parts, series_span
from journal.analytics.response_trend import ResponseTrend, responses_from
from journal.analytics.triggers import (
    TriggerFrequency,
    TriggerImpact,
    trigger_frequency_from,
    trigger_impact_from,
)
from journal.analytics.win_trend import WinTrend, wins_from
from journal.cache import LruCache
from journal.milestones.store import milestone_rules as milestone_dates
from journal.profiles import Account


def milestone_rules(
    con: duckdb.DuckDBPyConnection, account: Account, start: date, end: date
) -> list[tuple[date, str]]:
    """Milestone dates and labels (journal.milestones) inside the range, to draw on time axes."""
    rules = []
    for when, label in milestone_dates(con, account, start, end):
        day = when.date() if isinstance(when, datetime) else when
        if start <= day <= end:
            rules.append((day, str(label)))
    return rules


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
    days = read_days(con, account, series_span(rng), year)
    parts = read_parts(con, account, rng)
    count_unit = count_bucket(rng.days)
    return TrendsData(
        mood=mood_trend_from(days, rng, choose_bucket(rng.days)),
        meter=mood_meter_from(days, parts["emotions"], rng),
        triggers=trigger_frequency_from(parts["triggers"], rng, count_unit),
        impact=trigger_impact_from(days, parts["triggers"], rng),
        responses=responses_from(parts["triggers"], rng, response_bucket(rng.days)),
        wins=wins_from(parts["wins"], rng, count_unit),
        heatmap=year_heatmap_from(days, year),
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
