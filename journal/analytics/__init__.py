"""Trends analytics: DuckDB aggregations for one profile over one date range, plus the small
pure rules (which range, which bucket size) that decide what the charts show.

Why: Trends must stay quick with ten years of daily entries and a hundred profiles in one file.
DuckDB does the reading and aggregating, filtered by profile and date range with `?` parameters:
two statements per view return one row per calendar day (mood mean, counts, rolling mean and
band) and triggers, wins and emotion words counted per day or word. Python only ever receives
those aggregates, never entry rows or text, and turns them into the few rows a chart draws.
Nothing here imports Streamlit; journal.charts turns these results into charts and sentences.

The package splits by topic (ranges, reading, buckets, mood, triggers, response_trend,
win_trend, heatmap, trends); this module names the public API, so callers write
`from journal import analytics` and `analytics.trends_data(...)`.
"""

from __future__ import annotations

from journal.analytics.heatmap import (
    MONTH_MIN_DAYS,
    YearHeatmap,
    heatmap_years,
    year_heatmap,
)
from journal.analytics.mood import (
    OWN_WORDS,
    Decline,
    MoodMeter,
    MoodTrend,
    mood_meter,
    mood_trend,
    quadrant_name,
)
from journal.analytics.ranges import (
    BAND_DAYS,
    BAND_MIN_DAYS,
    DAILY_MAX_DAYS,
    DECLINE_DAYS,
    IMPACT_TOP,
    OTHER,
    RANGES,
    ROLLING_DAYS,
    ROLLING_MIN_DAYS,
    TOP_CATEGORIES,
    TOP_EMOTIONS,
    UNITS,
    WEEKLY_MAX_DAYS,
    DateRange,
    JournalState,
    choose_bucket,
    count_bucket,
    journal_state,
    practice_name,
    resolve_range,
    response_bucket,
    trigger_name,
)
from journal.analytics.response_trend import ResponseTrend, responses
from journal.analytics.trends import (
    TrendsData,
    clear_cache,
    compute_trends,
    milestone_rules,
    trends_data,
)
from journal.analytics.triggers import (
    TriggerFrequency,
    TriggerImpact,
    trigger_frequency,
    trigger_impact,
)
from journal.analytics.win_trend import WinTrend, wins

__all__ = [
    "BAND_DAYS", "BAND_MIN_DAYS", "DAILY_MAX_DAYS", "DECLINE_DAYS", "IMPACT_TOP",
    "MONTH_MIN_DAYS", "OTHER", "OWN_WORDS", "RANGES", "ROLLING_DAYS", "ROLLING_MIN_DAYS",
    "TOP_CATEGORIES", "TOP_EMOTIONS", "UNITS", "WEEKLY_MAX_DAYS",
    "DateRange", "Decline", "JournalState", "MoodMeter", "MoodTrend", "ResponseTrend",
    "TrendsData", "TriggerFrequency", "TriggerImpact", "WinTrend", "YearHeatmap",
    "choose_bucket", "clear_cache", "compute_trends", "count_bucket", "heatmap_years",
    "journal_state", "milestone_rules", "mood_meter", "mood_trend", "practice_name",
    "quadrant_name", "resolve_range", "response_bucket", "responses", "trends_data",
    "trigger_frequency", "trigger_impact", "trigger_name", "wins", "year_heatmap",
]
