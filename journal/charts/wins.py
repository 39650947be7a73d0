"""Trends' win charts and their readings: wins per bucket and their running total."""

from __future__ import annotations

from functools import lru_cache

import altair as alt

from journal import analytics
from journal.charts.figures import (
    Figure,
    Rules,
    Template,
    category_colour,
    figure_data,
    frame_layer,
    layered,
    rules_frame,
    time_x,
)
from journal.charts.words import period_word, quoted

# ---------------------------------------------------------------- wins


@lru_cache(maxsize=4)
def _wins_template(rules: bool) -> Template:
    bars = alt.Chart(alt.NamedData("wins")).mark_bar().encode(
        x=time_x(), x2=alt.X2("stop"),
        y=alt.Y("sum(n):Q", title="Wins", stack="zero", axis=alt.Axis(tickMinStep=1)),
        color=category_colour("name", "Practice"),
        order=alt.Order("pos:Q"),
        tooltip=[alt.Tooltip("label:N", title="When"), alt.Tooltip("name:N", title="Practice"),
                 alt.Tooltip("sum(n):Q", title="Wins")],
    )
    return Template(layered([frame_layer(), bars], 220, rules))


@lru_cache(maxsize=4)
def _cumulative_template(rules: bool) -> Template:
    # Each bucket's running total is drawn over that bucket: at its end, stepping from its start.
    area = alt.Chart(alt.NamedData("wins")).mark_area(opacity=0.85, interpolate="step-before"
                                                      ).encode(
        x=time_x("stop"),
        y=alt.Y("cum:Q", title="Wins so far", stack="zero", axis=alt.Axis(tickMinStep=1)),
        color=category_colour("name", "Practice"),
        order=alt.Order("pos:Q"),
        tooltip=[alt.Tooltip("label:N", title="Up to the end of"),
                 alt.Tooltip("name:N", title="Practice"),
                 alt.Tooltip("cum:Q", title="Wins so far")],
    )
    return Template(layered([frame_layer(), area], 220, rules))


def wins_reading(trend: analytics.WinTrend) -> str:
    """How regularly wins came, per week or month."""
    if trend.total == 0:
        return ("No wins noted in this period yet. Small, specific ones count: staying in a "
                "tense conversation, a check-in kept.")
    word = period_word(trend.unit, trend.buckets)
    if trend.total == 1:
        return f"One win in this period: {quoted(trend.totals[0][0])}."
    return (f"{trend.active:,} of {trend.buckets:,} {word} had at least one win; the busiest "
            f"had {trend.busiest}.")


def cumulative_reading(trend: analytics.WinTrend) -> str:
    """The running total and the practice that grew most."""
    if trend.total == 0:
        return "Your running total of wins starts with the first one you note."
    name, count = next(((n, c) for n, c in trend.totals
                        if n != analytics.practice_name(analytics.OTHER)), trend.totals[0])
    if trend.total == 1:
        return f"One win so far in this period: {quoted(name)}."
    return (f"{trend.total:,} wins in this period; the practice you kept most often was "
            f"{quoted(name)} ({count:,}).")


def wins_figures(trend: analytics.WinTrend, rules: Rules = ()) -> tuple[Figure, Figure]:
    """Wins per week (or month) by practice, and their running total by practice."""
    per = f"Wins per {period_word(trend.unit, 1)}"
    if trend.total == 0:
        return (Figure("wins", per, wins_reading(trend)),
                Figure("wins_total", "Wins so far", cumulative_reading(trend)))
    rule_frame = rules_frame(rules, trend.range.start, trend.range.end)
    data = figure_data({"wins": trend.table}, trend.range, rule_frame)
    return (
        Figure("wins", per, wins_reading(trend), _wins_template(bool(len(rule_frame))), data),
        Figure("wins_total", "Wins so far", cumulative_reading(trend),
               _cumulative_template(bool(len(rule_frame))), data),
    )
