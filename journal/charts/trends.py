"""The Trends page's charts as one view: every figure with its plain-language reading, in page
order, rebuilt only when the entries or the milestones change.

The figures live by topic (journal.charts.mood, .triggers, .wins) on the shared machinery of
journal.charts.figures; this module assembles them and names what pages, sharing and tests use.
Colours come from journal.charts.palette (Okabe-Ito, grey for "other"; viridis for the year
heatmap). Readings are computed from the same numbers the chart draws and are plain text; user
words (custom triggers, emotions, milestone titles) only ever travel as data, never as markup.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import date

import altair as alt
import duckdb

from journal import analytics
from journal.analytics import DateRange
from journal.cache import LruCache
from journal.charts.figures import (
    PLAN_WIDTH_PX,
    RULE_ROWS,
    Figure,
    Rules,
    label_layout,
    rules_frame,
)
from journal.charts.mood import (
    emotions_figure,
    emotions_reading,
    heatmap_figure,
    heatmap_reading,
    meter_figure,
    meter_reading,
    mood_figure,
    mood_reading,
)
from journal.charts.palette import CATEGORY_RANGE, OTHER_GREY, PALETTE
from journal.charts.triggers import (
    impact_figure,
    impact_reading,
    responses_figure,
    responses_reading,
    trigger_figure,
    trigger_reading,
)
from journal.charts.wins import cumulative_reading, wins_figures, wins_reading
from journal.charts.words import fmt_date, fmt_span, plural
from journal.profiles import Account

__all__ = [
    "CATEGORY_RANGE", "OTHER_GREY", "PALETTE", "PLAN_WIDTH_PX", "RULE_ROWS", "Figure", "Section",
    "TrendsView",
    "clear_cache", "cumulative_reading", "describe_range", "emotions_figure",
    "emotions_reading", "heatmap_figure", "heatmap_reading", "impact_figure", "impact_reading",
    "label_layout", "meter_figure", "meter_reading", "mood_figure", "mood_reading",
    "responses_figure", "responses_reading", "rules_frame", "trends_view", "trigger_figure",
    "trigger_reading", "wins_figures", "wins_reading",
]


@dataclass(frozen=True)
class Section:
    """A heading with its figures, in page order."""

    key: str
    title: str
    figures: list[Figure]


@dataclass(frozen=True)
class TrendsView:
    """Everything the Trends page shows for one range and one heatmap year."""

    range: DateRange
    unit: str
    sections: list[Section]

    @property
    def range_is_empty(self) -> bool:
        """Nothing to draw in the chosen range (the year heatmap has its own year)."""
        return not any(f.drawn for s in self.sections if s.key != "year" for f in s.figures)

    @property
    def empty_range_text(self) -> str:
        return (f"Nothing noted between {fmt_date(self.range.start)} and "
                f"{fmt_date(self.range.end)}. Try a longer range, or All time.")


_UNIT_NOTE = {"day": "one point per day", "week": "one point per week",
              "month": "one point per month"}


def describe_range(rng: DateRange, unit: str) -> str:
    """'22 Aug – 20 Nov 2026 · 91 days · one point per day'."""
    return f"{fmt_span(rng.start, rng.end)} · {plural(rng.days, 'day')} · {_UNIT_NOTE[unit]}"


def trends_view(
    con: duckdb.DuckDBPyConnection,
    account: Account,
    rng: DateRange,
    year: int,
    state: analytics.JournalState | None = None,
) -> TrendsView:
    """Every Trends figure for a range and year, rebuilt only when data or milestones change.

    Why cached: building a figure means several small DataFrames and an Arrow serialisation
    each; with the aggregates unchanged (analytics.trends_data) and the same milestones, the
    figures are the same, so a rerun reuses them.
    """
    state = state or analytics.journal_state(con, account)
    first, last = min(rng.start, date(year, 1, 1)), max(rng.end, date(year, 12, 31))
    every = analytics.milestone_rules(con, account, first, last)   # one query for both spans
    rules = [(d, label) for d, label in every if rng.start <= d <= rng.end]
    year_rules = [(d, label) for d, label in every if d.year == year]
    key = (state.version, rng, year, tuple(rules), tuple(year_rules))
    with _building:   # a page arriving while warm_view builds this view waits and reuses it
        if state.version is not None:
            hit = _views.get(key)
            if isinstance(hit, TrendsView):
                return hit
        view = _build_view(analytics.trends_data(con, account, rng, year, state), rng, rules,
                           year_rules)
        if state.version is not None:
            _views.put(key, view)
        return view


_views = LruCache(16)
_building = threading.Lock()


def _build_view(data: analytics.TrendsData, rng: DateRange, rules: Rules,
                year_rules: Rules) -> TrendsView:
    wins_per, wins_total = wins_figures(data.wins, rules)
    return TrendsView(rng, data.mood.unit, [
        Section("mood", "Mood over time", [mood_figure(data.mood, rules)]),
        Section("meter", "Mood meter", [meter_figure(data.meter), emotions_figure(data.meter)]),
        Section("triggers", "Triggers", [trigger_figure(data.triggers, rules),
                                         impact_figure(data.impact)]),
        Section("responses", "Responses over time", [responses_figure(data.responses, rules)]),
        Section("wins", "Wins", [wins_per, wins_total]),
        Section("year", "Year at a glance", [heatmap_figure(data.heatmap, year_rules)]),
    ])


def clear_cache() -> None:
    """Forget cached figures and aggregates (tests, benchmarks)."""
    _views.clear()
    analytics.clear_cache()


def warm_schema() -> None:
    """Load Altair and its Vega-Lite schema validator once per process, ahead of any page.

    Why: the first chart checked against the schema pays for loading it (seconds on a busy
    machine); the app calls this in a background thread when its first session starts.
    """
    alt.Chart(alt.NamedData("warm")).mark_point().encode(x="x:Q").to_dict()


def warm_view(con: duckdb.DuckDBPyConnection, account: Account, today: date) -> None:
    """Build and cache the view Trends opens with (last 3 months, its year's map), specs too.

    Why: called in a background thread right after sign-in, so the first Trends visit finds
    its templates checked and its view cached instead of building them while the person waits.
    """
    state = analytics.journal_state(con, account)
    if state.entries == 0:
        return
    rng = analytics.resolve_range("3m", today, state.bounds)   # pages/trends.py's default
    years = analytics.heatmap_years(state.bounds, today)
    year = rng.end.year if rng.end.year in years else years[0]
    view = trends_view(con, account, rng, year, state)
    for section in view.sections:
        for figure in section.figures:
            if figure.drawn:
                figure.spec()

