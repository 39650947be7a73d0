"""Trends' win charts and their readings: wins per bucket and their running total."""

from __future__ import annotations

from functools import lru_cache

import altair as alt

from journal import analytics
from journal.charts.figures import (
    COUNT_AXIS,
    Figure,
    Rules,
    Template,
    category_colour,
    figure_data,
    frame_layer,
    layered,
    rules_frame,
    stacked_counts,
    time_x,
)
from journal.charts.words import leaders, listing, period_word, plural, quoted, times

# ---------------------------------------------------------------- wins


@lru_cache(maxsize=4)
def _cumulative_template(rules: bool) -> Template:
    # Each bucket's running total is drawn over that bucket: at its end, stepping from its start.
    area = alt.Chart(alt.NamedData("wins")).mark_area(opacity=0.85, interpolate="step-before"
                                                      ).encode(
        x=time_x("stop"),
        y=alt.Y("cum:Q", title="Wins so far", stack="zero", axis=COUNT_AXIS),
        color=category_colour("name", "Practice"),
        order=alt.Order("pos:Q"),
        tooltip=[alt.Tooltip("label:N", title="Up to the end of"),
                 alt.Tooltip("name:N", title="Practice"),
                 alt.Tooltip("cum:Q", title="Wins so far")],
    )
    return Template(layered([frame_layer(), area], 220, rules))


def wins_reading(trend: analytics.WinTrend) -> str:
    """How regularly wins came, per week or month (small counts in plain words)."""
    if trend.total == 0:
        return ("No wins noted in this period yet. Small, specific ones count: staying in a "
                "tense conversation, a check-in kept.")
    if trend.total == 1:
        return f"One win in this period: {quoted(trend.totals[0][0])}."
    unit = period_word(trend.unit, 1)
    if trend.buckets == 1:
        return f"{plural(trend.total, 'win')} in this {unit}."
    if trend.active == trend.total:
        return (f"{plural(trend.total, 'win')} in this period, each in a different {unit} "
                f"({trend.active:,} of {plural(trend.buckets, unit)}).")
    return (f"{trend.active:,} of {plural(trend.buckets, unit)} had at least one win; the "
            f"busiest had {plural(trend.busiest, 'win')}.")


def cumulative_reading(trend: analytics.WinTrend) -> str:
    """The running total and the practice kept most often (ties said as ties)."""
    if trend.total == 0:
        return "Your running total of wins starts with the first one you note."
    named = [(n, c) for n, c in trend.totals if n != analytics.practice_name(analytics.OTHER)]
    if trend.total == 1:
        return f"One win so far in this period: {quoted((named or trend.totals)[0][0])}."
    head = f"{trend.total:,} wins in this period"
    names, top = leaders(named or trend.totals)
    if top == 1:
        if len(names) <= 4:
            return f"{head}, one each for {listing([quoted(n) for n in names])}."
        return f"{head}, each for a different practice."
    if len(names) > 1:
        shown = [quoted(n) for n in names[:4]]
        return f"{head}; you kept {listing(shown)} most often, {times(top)} each."
    return (f"{head}; the practice you kept most often was {quoted(names[0])} "
            f"({times(top)}).")


def wins_figures(trend: analytics.WinTrend, rules: Rules = ()) -> tuple[Figure, Figure]:
    """Wins per week (or month) by practice, and their running total by practice."""
    per = f"Wins per {period_word(trend.unit, 1)}"
    if trend.total == 0:
        return (Figure("wins", per, wins_reading(trend)),
                Figure("wins_total", "Wins so far", cumulative_reading(trend)))
    rule_frame = rules_frame(rules, trend.range.start, trend.range.end)
    data = figure_data({"wins": trend.table}, trend.range, rule_frame)
    return (
        Figure("wins", per, wins_reading(trend),
               stacked_counts("wins", "Wins", "Practice", "Wins", 220, bool(len(rule_frame))),
               data),
        Figure("wins_total", "Wins so far", cumulative_reading(trend),
               _cumulative_template(bool(len(rule_frame))), data),
    )
