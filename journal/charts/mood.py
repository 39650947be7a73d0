"""Trends' mood charts and their readings: mood over time, the mood meter, emotion words and
the year heatmap."""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache

import altair as alt
import pandas as pd

from journal import analytics
from journal.charts.figures import (
    COUNT_AXIS,
    Figure,
    Rules,
    Template,
    bottom_legend,
    figure_data,
    frame_layer,
    layered,
    rules_frame,
    sized,
    time_x,
)
from journal.charts.palette import (
    BAND_BLUE,
    HEATMAP_SCHEME,
    MOOD_BLUE,
    OTHER_GREY,
    QUADRANT_NAMED_COLOURS,
    SOFT_RED,
)
from journal.charts.words import fmt_mood, fmt_span, leaders, listing, plural, times

QUADRANT_COLOURS = {**QUADRANT_NAMED_COLOURS, analytics.OWN_WORDS: OTHER_GREY}
WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
# ---------------------------------------------------------------- mood over time


FEW_POINTS = 10


@lru_cache(maxsize=8)
def _mood_template(rules: bool, declines: bool) -> Template:
    base = alt.Chart(alt.NamedData("mood"))
    y_scale = alt.Scale(domain=[1, 5], nice=False)
    tips = [
        alt.Tooltip("label:N", title="When"),
        alt.Tooltip("mood:Q", title="Mood", format=".1f"),
        alt.Tooltip("rolling:Q", title="7-day average", format=".1f"),
        alt.Tooltip("low:Q", title="Usual range from", format=".1f"),
        alt.Tooltip("high:Q", title="Usual range to", format=".1f"),
        alt.Tooltip("days:Q", title="Days with a mood"),
    ]
    layers: list[alt.Chart] = [frame_layer()]
    if declines:
        layers.append(
            alt.Chart(alt.NamedData("declines")).mark_rect(color=SOFT_RED, opacity=0.12).encode(
                x=time_x("first"), x2=alt.X2("stop"),
                tooltip=[alt.Tooltip("text:N", title="A harder stretch")],
            )
        )
    layers += [
        base.mark_area(color=BAND_BLUE, opacity=0.22).encode(
            x=time_x(), y=alt.Y("low:Q", scale=y_scale, title="Mood (1–5)",
                                 axis=alt.Axis(values=[1, 2, 3, 4, 5], format="d")),
            y2=alt.Y2("high:Q"), tooltip=tips,
        ),
        base.mark_circle(color=MOOD_BLUE).encode(
            x=time_x(), y=alt.Y("mood:Q", scale=y_scale), tooltip=tips,
            size=alt.Size("dot_size:Q", scale=None, legend=None),
            opacity=alt.Opacity("dot_opacity:Q", scale=None, legend=None),
        ),
        base.mark_line(color=MOOD_BLUE, strokeWidth=2.2).encode(
            x=time_x(), y=alt.Y("rolling:Q", scale=y_scale), tooltip=tips,
        ),
    ]
    return Template(layered(layers, 260, rules))


def mood_reading(trend: analytics.MoodTrend) -> str:
    """Average, then either calm reassurance or a gentle word about a sustained dip."""
    if trend.days == 0 or trend.mean is None:
        return ("No moods noted in this period yet. Add a mood when you write and this chart "
                "fills in.")
    if trend.days == 1:
        row = trend.series.dropna(subset=["mood"]).iloc[0]
        return (f"One mood so far: {fmt_mood(float(row['mood']))} ({row['label']}). The 7-day "
                "average and your usual range appear after a few more days.")
    head = f"Your mood averaged {fmt_mood(trend.mean)} over {plural(trend.days, 'day')}."
    if trend.ongoing is not None:
        return (f"For the last {plural(trend.ongoing.days, 'day')} your 7-day average has stayed "
                "below your usual range. Low stretches happen and they pass; this may be a "
                "week to go gently and lean on the people and practices that help.")
    if trend.declines:
        latest = trend.declines[-1]
        count = len(trend.declines)
        which = "A stretch" if count == 1 else f"{count} stretches"
        return (f"{head} {which} of a week or more sat below your usual range (the latest "
                f"{fmt_span(latest.first, latest.last)}); {'it' if count == 1 else 'each'} "
                "lifted again.")
    if not trend.series["low"].notna().any():
        return (f"{head} Your usual range appears once you have moods on "
                f"{analytics.BAND_MIN_DAYS} days within four weeks.")
    return f"{head} Low days came and went inside your usual range; no week-long dip below it."


def mood_figure(trend: analytics.MoodTrend, rules: Rules = ()) -> Figure:
    """Daily (or bucket-mean) moods, 7-day rolling mean, personal band, milestones."""
    reading = mood_reading(trend)
    title = "Mood over time"
    if trend.days == 0:
        return Figure("mood", title, reading)
    declines = pd.DataFrame(
        [{"first": pd.Timestamp(d.first), "stop": pd.Timestamp(d.last + timedelta(days=1)),
          "text": f"{plural(d.days, 'day')} below your usual range ({fmt_span(d.first, d.last)})"}
         for d in trend.declines],
        columns=["first", "stop", "text"],
    )
    rule_frame = rules_frame(rules, trend.range.start, trend.range.end)
    unit_word = {"day": "Dots: each day's mood", "week": "Dots: weekly average",
                 "month": "Dots: monthly average"}[trend.unit]
    note = (f"{unit_word} · line: 7-day average · shaded band: your usual range "
            "(28-day average ± one standard deviation)"
            + (" · red shading: a week or more below that range" if len(declines) else ""))
    few = trend.days <= FEW_POINTS   # a handful of dots must not get lost in the range
    series = trend.series.assign(dot_size=90 if few else 28, dot_opacity=0.9 if few else 0.45)
    return Figure(
        "mood", title, reading,
        _mood_template(bool(len(rule_frame)), bool(len(declines))),
        figure_data({"mood": series, "declines": declines} if len(declines)
              else {"mood": series}, trend.range, rule_frame),
        note,
    )


# ---------------------------------------------------------------- mood meter


@lru_cache(maxsize=2)
def _meter_template() -> Template:
    base = alt.Chart(alt.NamedData("quadrants"))
    x = alt.X("feel:N", title=None, sort=["Unpleasant", "Pleasant"],
              axis=alt.Axis(orient="top", labelAngle=0))
    y = alt.Y("energy:N", title=None, sort=["High energy", "Low energy"])
    tips = [alt.Tooltip("name:N", title="Quadrant"), alt.Tooltip("n:Q", title="Entries"),
            alt.Tooltip("share:Q", title="Share", format=".0%")]
    names = list(QUADRANT_COLOURS)[:4]
    cells = base.mark_rect(cornerRadius=4).encode(
        x=x, y=y, tooltip=tips,
        color=alt.Color("name:N", legend=None, scale=alt.Scale(
            domain=names, range=[QUADRANT_COLOURS[n] for n in names])),
        opacity=alt.Opacity("share:Q", legend=None, scale=alt.Scale(domain=[0, 1],
                                                                     range=[0.25, 0.95])),
    )
    text = base.mark_text(fontSize=14, color="#111111").encode(
        x=x, y=y, text=alt.Text("text:N"), tooltip=tips)
    return Template(sized(alt.layer(cells, text), 160))


def meter_reading(meter: analytics.MoodMeter) -> str:
    """Where entries sat on the mood meter: a majority, the commonest place, or a tie."""
    if meter.entries == 0:
        return "No entries with both a mood and an energy level in this period."
    rows = meter.quadrants.sort_values("n", ascending=False, kind="stable")
    where = {r["name"]: f"{r['name']} ({r['energy'].lower()}, {r['feel'].lower()})"
             for _, r in rows.iterrows()}
    names, top = leaders([(r["name"], int(r["n"])) for _, r in rows.iterrows()])
    if meter.entries == 1:
        return f"Your one entry in this period sat in {where[names[0]]}."
    calm = "every quadrant is a normal place to be some of the time."
    if len(names) > 1:
        return (f"Your {meter.entries:,} entries were spread evenly across "
                f"{listing([where[n] for n in names])}, {top:,} each; {calm}")
    if 2 * top > meter.entries:
        return f"Most entries ({top:,} of {meter.entries:,}) sat in {where[names[0]]}; {calm}"
    return (f"More entries sat in {where[names[0]]} than anywhere else ({top:,} of "
            f"{meter.entries:,}); {calm}")


def meter_figure(meter: analytics.MoodMeter) -> Figure:
    """Entries per quadrant of energy × mood."""
    title = "Energy × mood"
    reading = meter_reading(meter)
    if meter.entries == 0:
        return Figure("meter", title, reading)
    data = meter.quadrants.assign(
        text=[f"{name} · {n}" for name, n in zip(meter.quadrants["name"], meter.quadrants["n"],
                                                strict=True)])
    return Figure("meter", title, reading, _meter_template(), {"quadrants": data},
                  "Energy from top (high) to bottom (low), mood from left (unpleasant) to "
                  "right (pleasant)")


@lru_cache(maxsize=2)
def _emotions_template() -> Template:
    groups = list(QUADRANT_COLOURS)
    bars = alt.Chart(alt.NamedData("emotions")).mark_bar(cornerRadiusEnd=3).encode(
        y=alt.Y("word:N", title=None, sort=alt.EncodingSortField("n", order="descending"),
                axis=alt.Axis(labelLimit=160)),
        x=alt.X("n:Q", title="Times chosen", axis=COUNT_AXIS),
        color=alt.Color("group:N", title=None, scale=alt.Scale(
            domain=groups, range=[QUADRANT_COLOURS[g] for g in groups]),
            legend=bottom_legend(len(groups))),
        tooltip=[alt.Tooltip("word:N", title="Word"), alt.Tooltip("n:Q", title="Times"),
                 alt.Tooltip("group:N", title="Quadrant")],
    )
    return Template(sized(bars, alt.Step(22)))


def emotions_reading(meter: analytics.MoodMeter) -> str:
    """The words chosen most often; ties and words chosen once said as they are."""
    words = meter.emotions
    if len(words) == 0:
        return "No emotion words in this period."
    counts = [(str(w), int(n)) for w, n in zip(words["word"], words["n"], strict=True)]
    names, top = leaders(counts)
    if len(counts) == 1:
        return f"The one word you chose: {names[0]} ({times(top)})."
    if top == 1:
        listed = f": {listing(names)}" if len(names) <= 4 else ""
        return f"You chose {len(counts):,} different words, each once{listed}."
    if len(names) > 1:
        return f"Your most frequent words: {listing(names[:4])}, {times(top)} each."
    rest = [f"{w} ({times(n)})" for w, n in counts[1:3]]
    return f"Your most frequent word: {names[0]} ({times(top)}); then {listing(rest)}."


def emotions_figure(meter: analytics.MoodMeter) -> Figure:
    """The most frequent emotion words, coloured by quadrant."""
    title = "Emotion words"
    reading = emotions_reading(meter)
    if len(meter.emotions) == 0:
        return Figure("emotions", title, reading)
    return Figure("emotions", title, reading, _emotions_template(),
                  {"emotions": meter.emotions})


# ---------------------------------------------------------------- year heatmap


@lru_cache(maxsize=4)
def _heatmap_template(rules: bool) -> Template:
    base = alt.Chart(alt.NamedData("cells"))
    x, x2 = time_x("week"), alt.X2("week_end")
    y = alt.Y("weekday:N", title=None, sort=WEEKDAYS, scale=alt.Scale(domain=WEEKDAYS))
    tips = [alt.Tooltip("label:N", title="Day"),
            alt.Tooltip("mood:Q", title="Mood", format=".1f"),
            alt.Tooltip("entries:Q", title="Entries")]
    empty = base.mark_rect(color="#EEEEEE", stroke="white", strokeWidth=1).encode(
        x=x, x2=x2, y=y, tooltip=tips)
    filled = base.transform_filter("isValid(datum.mood)").mark_rect(
        stroke="white", strokeWidth=1).encode(
        x=x, x2=x2, y=y, tooltip=tips,
        color=alt.Color("mood:Q", title="Mood", scale=alt.Scale(
            scheme=HEATMAP_SCHEME, domain=[1, 5]), legend=alt.Legend(
            orient="right", values=[1, 2, 3, 4, 5], gradientLength=110)),
    )
    return Template(layered([empty, filled], 170, rules))


_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"]


def heatmap_reading(heat: analytics.YearHeatmap) -> str:
    """How many days had a mood, and the lightest and heaviest months."""
    if heat.days == 0 or heat.mean is None:
        return f"No moods noted in {heat.year}."
    head = (f"In {heat.year} you noted a mood on {plural(heat.days, 'day')}, averaging "
            f"{fmt_mood(heat.mean)}.")
    if heat.months >= 2 and heat.best and heat.worst and heat.best[0] != heat.worst[0]:
        return (f"{head} Lightest month: {_MONTHS[heat.best[0] - 1]} "
                f"({fmt_mood(heat.best[1])}); heaviest: {_MONTHS[heat.worst[0] - 1]} "
                f"({fmt_mood(heat.worst[1])}).")
    return head


def heatmap_figure(heat: analytics.YearHeatmap, rules: Rules = ()) -> Figure:
    """One cell per day of the year (grey: no mood that day)."""
    title = f"{heat.year} at a glance"
    reading = heatmap_reading(heat)
    if heat.days == 0:
        return Figure("heatmap", title, reading)
    rule_frame = rules_frame(rules, date(heat.year, 1, 1), date(heat.year, 12, 31))
    return Figure("heatmap", title, reading, _heatmap_template(bool(len(rule_frame))),
                  figure_data({"cells": heat.cells}, None, rule_frame),
                  "One square per day, weeks left to right; grey days have no mood.")
