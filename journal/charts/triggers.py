"""Trends' trigger charts and their readings: triggers per bucket, how triggers relate to mood,
and the responses to them over time."""

from __future__ import annotations

from functools import lru_cache

import altair as alt

from journal import analytics, vocab
from journal.charts.figures import (
    NARROW,
    Figure,
    Rules,
    Template,
    bottom_legend,
    figure_data,
    frame_layer,
    layered,
    rules_frame,
    sized,
    stacked_counts,
    time_x,
)
from journal.charts.palette import MOOD_BLUE, RESPONSE_COLOURS, SOFT_RED
from journal.charts.words import (
    fmt_mood,
    leaders,
    listing,
    pct,
    period_word,
    plural,
    quoted,
    times,
)


def trigger_reading(freq: analytics.TriggerFrequency) -> str:
    """How many triggers, and which came up most (ties and single counts said as they are)."""
    if freq.total == 0:
        return "No triggers noted in this period. Quiet stretches count too."
    named = [(n, t) for n, t in freq.totals if n != analytics.trigger_name(analytics.OTHER)]
    if freq.total == 1 and named:
        return f"You noted one trigger in this period: {quoted(named[0][0])}."
    head = f"You noted {freq.total:,} triggers in this period"
    names, top = leaders(named)
    if not names:
        return head + "."
    if top == 1:
        kinds = f"{len(named)} different ones" if len(named) > 1 else "one kind"
        if len(named) <= 4:
            return f"{head}, each once: {listing([quoted(n) for n in names])}."
        return f"{head}: {kinds}, none more than once."
    if len(names) > 1:
        shown = [quoted(n) for n in names[:4]]
        return f"{head}; {listing(shown)} came up most often, {times(top)} each."
    return f"{head}; the most frequent was {quoted(names[0])} ({times(top)})."


def trigger_figure(freq: analytics.TriggerFrequency, rules: Rules = ()) -> Figure:
    """Triggers per week (or month), stacked by trigger."""
    title = f"Triggers per {period_word(freq.unit, 1)}"
    reading = trigger_reading(freq)
    if freq.total == 0:
        return Figure("triggers", title, reading)
    rule_frame = rules_frame(rules, freq.range.start, freq.range.end)
    template = stacked_counts("triggers", "Times noted", "Trigger", "Times", 230,
                              bool(len(rule_frame)))
    return Figure("triggers", title, reading, template,
                  figure_data({"triggers": freq.table}, freq.range, rule_frame))


IMPACT_SMALL = 5   # fewer days than this with a trigger: drawn faint, and said so


@lru_cache(maxsize=2)
def _impact_template() -> Template:
    base = alt.Chart(alt.NamedData("impact"))
    # The row label carries the number of days, so small samples are visible at a glance.
    y = alt.Y("row:N", title=None, sort=alt.EncodingSortField("pos", op="min"),
              axis=alt.Axis(labelLimit=alt.ExprRef(f"{NARROW} ? 150 : 260")))
    x_scale = alt.Scale(domain=[1, 5], nice=False, padding=8)
    faint = alt.condition(f"datum.days_with < {IMPACT_SMALL}", alt.value(0.4), alt.value(1.0))
    tips = [alt.Tooltip("name:N", title="Trigger"),
            alt.Tooltip("mood_with:Q", title="Mood on days with it", format=".1f"),
            alt.Tooltip("days_with:Q", title="Days with it"),
            alt.Tooltip("mood_without:Q", title="Mood on other days", format=".1f"),
            alt.Tooltip("days_without:Q", title="Other days")]
    link = base.mark_rule(color="#888888", strokeWidth=2).encode(
        y=y, x=alt.X("mood_with:Q", scale=x_scale, title="Average mood (1–5)",
                     axis=alt.Axis(values=[1, 2, 3, 4, 5], format="d")),
        x2=alt.X2("mood_without:Q"), opacity=faint, tooltip=tips)
    points = base.transform_fold(
        ["mood_with", "mood_without"], as_=["which", "value"]
    ).mark_point(filled=True, size=110).encode(
        y=y, x=alt.X("value:Q", scale=x_scale),
        color=alt.Color("which:N", title=None, scale=alt.Scale(
            domain=["mood_with", "mood_without"], range=[SOFT_RED, MOOD_BLUE]),
            legend=alt.Legend(orient="bottom", columns=alt.ExprRef(f"{NARROW} ? 1 : 2"),
                              labelExpr=("datum.value == 'mood_with' ? 'Days with the trigger' "
                                         ": 'Other days'"))),
        shape=alt.Shape("which:N", legend=None, scale=alt.Scale(
            domain=["mood_with", "mood_without"], range=["circle", "diamond"])),
        opacity=faint, tooltip=tips)
    return Template(sized(alt.layer(link, points), alt.Step(30)))


def impact_reading(impact: analytics.TriggerImpact) -> str:
    """The trigger whose days differ most from other days, with its sample size."""
    table = impact.table
    if len(table) == 0:
        return ("Impact needs a mood on the days a trigger came up; there are none in this "
                "period yet.")
    solid = table[(table["days_with"] >= 3) & (table["days_without"] >= 3)]
    if len(solid):
        gap = solid["mood_without"] - solid["mood_with"]
        row = solid.loc[gap.idxmax()]
        return (f"Your mood on days with {quoted(row['name'])} averaged "
                f"{fmt_mood(row['mood_with'])}, against {fmt_mood(row['mood_without'])} "
                f"otherwise ({plural(int(row['days_with']), 'day')}).")
    row = table.iloc[0]
    if int(row["days_without"]) == 0:
        return (f"Every day with a mood in this period had {quoted(row['name'])} "
                f"({plural(int(row['days_with']), 'day')}), so there is nothing to compare yet.")
    return (f"Only {plural(int(row['days_with']), 'day')} with {quoted(row['name'])} so far, "
            f"too few to read much into: mood {fmt_mood(row['mood_with'])} then, "
            f"{fmt_mood(row['mood_without'])} on other days.")


def impact_figure(impact: analytics.TriggerImpact) -> Figure:
    """Mean mood with vs without each trigger; the number of days is printed beside it."""
    title = "How triggers relate to mood"
    reading = impact_reading(impact)
    if len(impact.table) == 0:
        return Figure("impact", title, reading)
    table = impact.table.assign(
        row=[f"{name} · {plural(int(n), 'day')}"
             for name, n in zip(impact.table["name"], impact.table["days_with"], strict=True)],
    )
    return Figure("impact", title, reading, _impact_template(), {"impact": table},
                  f"Fainter rows have fewer than {IMPACT_SMALL} days: read them lightly.")


# ---------------------------------------------------------------- responses


@lru_cache(maxsize=4)
def _responses_template(rules: bool) -> Template:
    keys = list(vocab.RESPONSES)
    names = [vocab.RESPONSES[k] for k in keys]
    bars = alt.Chart(alt.NamedData("responses")).mark_bar().encode(
        x=time_x(), x2=alt.X2("stop"),
        y=alt.Y("sum(n):Q", stack="normalize", title="Share of responses",
                axis=alt.Axis(format="%", values=[0, 0.25, 0.5, 0.75, 1])),
        color=alt.Color("name:N", title="When a trigger came up, I…", scale=alt.Scale(
            domain=names, range=[RESPONSE_COLOURS[k] for k in keys]),
            legend=bottom_legend(3)),
        order=alt.Order("order:Q"),
        tooltip=[alt.Tooltip("label:N", title="When"), alt.Tooltip("name:N", title="Response"),
                 alt.Tooltip("sum(n):Q", title="Times"),
                 alt.Tooltip("share:Q", title="Share", format=".0%")],
    )
    return Template(layered([frame_layer(), bars], 230, rules))


def responses_reading(trend: analytics.ResponseTrend) -> str:
    """Calm responses early vs late in the period: the cycle changing is the story."""
    if trend.total == 0:
        return "No responses to triggers noted in this period."
    calm = sum(trend.counts.get(k, 0) for k in vocab.CALM_RESPONSES)
    if trend.total == 1:
        only = next(iter(trend.counts))
        return f"One response noted in this period: {vocab.RESPONSES[only].lower()}."
    if trend.calm_early and trend.calm_late and min(trend.calm_early[1],
                                                    trend.calm_late[1]) >= 2:
        (ce, ne), (cl, nl) = trend.calm_early, trend.calm_late
        return (f"In the first half of this period {pct(ce, ne)} of your responses were calm "
                f"ones (pausing, self-soothing, reaching out calmly); in the second half, "
                f"{pct(cl, nl)} ({trend.total:,} responses in all).")
    return (f"{calm} of your {trend.total:,} responses were calm ones (pausing, self-soothing, "
            "reaching out calmly).")


def responses_figure(trend: analytics.ResponseTrend, rules: Rules = ()) -> Figure:
    """Share of each response per month (week for short ranges)."""
    title = f"Responses per {period_word(trend.unit, 1)}"
    reading = responses_reading(trend)
    if trend.total == 0:
        return Figure("responses", title, reading)
    order = {vocab.RESPONSES[k]: i for i, k in enumerate(vocab.RESPONSES)}
    table = trend.table.assign(order=[order[n] for n in trend.table["name"]])
    rule_frame = rules_frame(rules, trend.range.start, trend.range.end)
    return Figure("responses", title, reading, _responses_template(bool(len(rule_frame))),
                  figure_data({"responses": table}, trend.range, rule_frame),
                  "Reds and oranges: withdrawing or pursuing; blues and green: calmer moves.")
