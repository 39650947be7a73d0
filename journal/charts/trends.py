"""Trends charts (Altair) and the one-line plain-language reading under each.

Why built this way: an Altair chart costs tens of milliseconds to build and check against the
Vega-Lite schema, and Trends draws nine of them on every rerun. So each chart's *shape* is built
once per process with its data referenced by name (`alt.NamedData`), checked once, and reused;
a Figure binds its small DataFrames to it, serialised to Arrow once (Figure.spec), and
journal.charts.trends_view keeps whole figures while neither the entries nor the milestones
change. `Figure.chart` gives the same chart with the data inline, as plain Altair (tests).

Colours come from the Okabe-Ito palette (safe for the common colour-vision differences), with
grey for "other"; the year heatmap uses viridis. Readings are computed from the same numbers the
chart draws and are plain text; user words (custom triggers, emotions, milestone titles) only
ever travel as data, never as markup.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cached_property, lru_cache

import altair as alt
import duckdb
import pandas as pd
import pyarrow as pa

from journal import analytics, vocab
from journal.analytics import DateRange
from journal.cache import LruCache
from journal.charts.palette import (
    BAND_BLUE,
    CATEGORY_RANGE,
    HEATMAP_SCHEME,
    MOOD_BLUE,
    OTHER_GREY,
    PALETTE,
    QUADRANT_NAMED_COLOURS,
    RESPONSE_COLOURS,
    RULE_COLOUR,
    SOFT_RED,
)
from journal.profiles import Account

QUADRANT_COLOURS = {**QUADRANT_NAMED_COLOURS, analytics.OWN_WORDS: OTHER_GREY}
WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
Rules = Sequence[tuple[date, str]]
# Milestone labels sit above the plot in up to RULE_ROWS rows (see label_layout).
RULE_ROWS = 4
RULE_ROW_PX = 13
ASSUMED_WIDTH_PX = 620    # plot width the label layout plans for (a laptop's centred page)
CHAR_PX = 5.6             # average width of one character of the 11 px label font
LABEL_LIMIT_PX = 160      # labels longer than this are cut with "…" (full text in tooltip)


# ---------------------------------------------------------------- templates and figures


class Template:
    """A chart whose data is referenced by name: schema-checked once, then reused."""

    def __init__(self, chart: alt.TopLevelMixin) -> None:
        self.chart = chart
        self._json: str | None = None
        self._lock = threading.Lock()

    def spec(self) -> dict:
        """A fresh copy of the checked Vega-Lite dict (Streamlit edits the dict it is given)."""
        with self._lock:
            if self._json is None:
                spec = self.chart.to_dict()  # validates against the Vega-Lite schema
                view = spec.get("config", {}).get("view", {})
                view.pop("continuousWidth", None)   # Altair's default theme sizes; the page
                view.pop("continuousHeight", None)  # sets width and each chart its height
                if not view:
                    spec.get("config", {}).pop("view", None)
                if spec.get("config") == {}:
                    spec.pop("config")
                self._json = json.dumps(spec)
            return json.loads(self._json)


def arrow_bytes(frame: pd.DataFrame) -> bytes:
    """Arrow IPC stream of a DataFrame, as Streamlit would make it for a chart dataset.

    Why here: Streamlit accepts ready-made bytes for named datasets, so a cached figure is
    serialised once instead of on every rerun.
    """
    table = pa.Table.from_pandas(frame, preserve_index=None)
    sink = pa.BufferOutputStream()
    with pa.RecordBatchStreamWriter(sink, table.schema) as writer:
        writer.write_table(table)
    return sink.getvalue().to_pybytes()


def _records(frame: pd.DataFrame) -> list[dict]:
    return json.loads(frame.to_json(orient="records", date_format="iso"))


@dataclass(frozen=True)
class Figure:
    """One chart of the Trends page: its shape, this run's data, and what it says in words."""

    key: str
    title: str
    reading: str
    template: Template | None = None          # None: nothing to draw (the reading says why)
    data: Mapping[str, pd.DataFrame] = field(default_factory=dict)
    note: str = ""                            # fixed explanation of the marks, if any

    @property
    def drawn(self) -> bool:
        return self.template is not None

    @cached_property
    def _arrow(self) -> dict[str, bytes]:
        return {name: arrow_bytes(frame) for name, frame in self.data.items()}

    def spec(self) -> dict:
        """Vega-Lite dict with the data as named Arrow datasets, for st.vega_lite_chart."""
        if self.template is None:
            raise ValueError("this figure has nothing to draw")
        spec = self.template.spec()
        spec["datasets"] = dict(self._arrow)
        return spec

    @property
    def chart(self) -> alt.TopLevelMixin:
        """The same chart as plain Altair with its data inline (validated by to_dict())."""
        if self.template is None:
            raise ValueError("this figure has nothing to draw")
        return self.template.chart.properties(
            datasets={name: _records(frame) for name, frame in self.data.items()}
        )


# ---------------------------------------------------------------- words


def fmt_mood(value: float) -> str:
    """Moods as people say them: one decimal."""
    return f"{value:.1f}"


def fmt_date(day: date) -> str:
    """'3 Mar 2025' (no zero padding, no locale surprises)."""
    return f"{day.day} {day:%b %Y}"


def _span(first: date, last: date) -> str:
    if first.year == last.year and first.month == last.month:
        return f"{first.day}–{last.day} {last:%b %Y}"
    if first.year == last.year:
        return f"{first.day} {first:%b} – {fmt_date(last)}"
    return f"{fmt_date(first)} – {fmt_date(last)}"


def _n(count: int, one: str, many: str | None = None) -> str:
    return f"{count:,} {one if count == 1 else (many or one + 's')}"


def _q(name: str) -> str:
    return f"“{name}”"


def _listing(words: list[str]) -> str:
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]


def _pct(part: int, whole: int) -> str:
    return f"{round(100 * part / whole)}%" if whole else "0%"


def _period_word(unit: str, count: int = 2) -> str:
    return {"day": "day", "week": "week", "month": "month"}[unit] + ("" if count == 1 else "s")


# ---------------------------------------------------------------- shared layers


def _time_x(field_: str = "start") -> alt.X:
    # utc: dates arrive as midnight timestamps and must not shift with the viewer's time zone.
    return alt.X(f"{field_}:T", title=None, scale=alt.Scale(type="utc"),
                 axis=alt.Axis(labelOverlap=True, grid=False, labelFlush=True, tickCount=6))


def _frame_layer() -> alt.Chart:
    """Invisible marks at the range's first and last day, so the time axis spans the range."""
    return alt.Chart(alt.NamedData("frame")).mark_point(opacity=0).encode(x=_time_x("start"))


def _rule_layers() -> list[alt.Chart]:
    """Milestones: a dashed rule, its label above the plot, a tooltip with the date."""
    base = alt.Chart(alt.NamedData("rules"))
    tips = [alt.Tooltip("label:N", title="Milestone"), alt.Tooltip("when:N", title="Date")]
    rule = base.mark_rule(color=RULE_COLOUR, strokeDash=[4, 3], strokeWidth=1.2).encode(
        x=_time_x("date"), tooltip=tips)
    texts = [
        base.transform_filter(f"datum.side == '{side}'").mark_text(
            align=side, baseline="bottom", dx=2 if side == "left" else -2, fontSize=11,
            color=RULE_COLOUR, limit=LABEL_LIMIT_PX,
        ).encode(x=_time_x("date"), y=alt.Y("offset:Q", scale=None),
                 text=alt.Text("text:N"), tooltip=tips)
        for side in ("left", "right")
    ]
    return [rule, *texts]


@dataclass(frozen=True)
class LabelSpot:
    """Where one milestone label goes: its row above the plot (None: hidden) and its side."""

    row: int | None
    side: str   # "left": text starts at the rule; "right": text ends at the rule


def label_layout(days: list[date], labels: list[str], start: date, end: date) -> list[LabelSpot]:
    """Place milestone labels so they neither collide nor run off the right edge.

    Plans in estimated pixels at ASSUMED_WIDTH_PX. A label near the right edge ends at its
    rule instead of starting there. Each label, in date order, takes the first of RULE_ROWS
    rows where it overlaps nothing; if every row is taken it is hidden, and its rule still
    shows the full text on hover. Why: a dozen milestones in one month would otherwise print
    over each other.
    """
    span = max(1, (end - start).days + 1)
    taken: list[list[tuple[float, float]]] = [[] for _ in range(RULE_ROWS)]
    spots = []
    for day, label in zip(days, labels, strict=True):
        x = ASSUMED_WIDTH_PX * (day - start).days / span
        width = min(LABEL_LIMIT_PX, CHAR_PX * len(label)) + 6
        side = "right" if x + width > ASSUMED_WIDTH_PX else "left"
        left, right = (x - width, x) if side == "right" else (x, x + width)
        row = next((r for r in range(RULE_ROWS)
                    if all(right <= a or left >= b for a, b in taken[r])), None)
        if row is not None:
            taken[row].append((left, right))
        spots.append(LabelSpot(row, side))
    return spots


def rules_frame(
    rules: Iterable[tuple[date, str]], start: date | None = None, end: date | None = None
) -> pd.DataFrame:
    """Milestone rules as chart data (label kept exactly as typed: it is data, not markup).

    `offset` is the label's pixel position above the plot, `side` its alignment and `text`
    what is printed ("" when there is no room; the tooltip always has `label`).
    """
    columns = ["date", "label", "when", "offset", "side", "text"]
    ordered = sorted(rules, key=lambda r: r[0])
    if not ordered:
        return pd.DataFrame(columns=columns)
    days = [d for d, _ in ordered]
    labels = [str(label) for _, label in ordered]
    spots = label_layout(days, labels, start or days[0], end or days[-1])
    return pd.DataFrame({
        "date": [pd.Timestamp(d) for d in days],
        "label": labels,
        "when": [fmt_date(d) for d in days],
        "offset": [-3 - RULE_ROW_PX * (spot.row or 0) for spot in spots],
        "side": [spot.side for spot in spots],
        "text": [label if spot.row is not None else ""
                 for label, spot in zip(labels, spots, strict=True)],
    }, columns=columns)


def _frame(rng: DateRange) -> pd.DataFrame:
    return pd.DataFrame({"start": [pd.Timestamp(rng.start),
                                   pd.Timestamp(rng.end + timedelta(days=1))]})


def _sized(chart: alt.TopLevelMixin, height: int | alt.Step) -> alt.TopLevelMixin:
    """Fit the page's width; keep `height` for the plot itself, legends and labels extra."""
    return chart.properties(height=height,
                            autosize=alt.AutoSizeParams(type="fit-x", contains="padding"))


def _layer(layers: list[alt.Chart], height: int, rules: bool) -> alt.TopLevelMixin:
    extra = _rule_layers() if rules else []
    return _sized(alt.layer(*layers, *extra), height)


def _data(main: Mapping[str, pd.DataFrame], rng: DateRange | None,
          rules: pd.DataFrame | None) -> dict[str, pd.DataFrame]:
    data = dict(main)
    if rng is not None:
        data["frame"] = _frame(rng)
    if rules is not None and len(rules):
        data["rules"] = rules
    return data


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
    layers: list[alt.Chart] = [_frame_layer()]
    if declines:
        layers.append(
            alt.Chart(alt.NamedData("declines")).mark_rect(color=SOFT_RED, opacity=0.12).encode(
                x=_time_x("first"), x2=alt.X2("stop"),
                tooltip=[alt.Tooltip("text:N", title="A harder stretch")],
            )
        )
    layers += [
        base.mark_area(color=BAND_BLUE, opacity=0.22).encode(
            x=_time_x(), y=alt.Y("low:Q", scale=y_scale, title="Mood (1–5)",
                                 axis=alt.Axis(values=[1, 2, 3, 4, 5], format="d")),
            y2=alt.Y2("high:Q"), tooltip=tips,
        ),
        base.mark_circle(color=MOOD_BLUE).encode(
            x=_time_x(), y=alt.Y("mood:Q", scale=y_scale), tooltip=tips,
            size=alt.Size("dot_size:Q", scale=None, legend=None),
            opacity=alt.Opacity("dot_opacity:Q", scale=None, legend=None),
        ),
        base.mark_line(color=MOOD_BLUE, strokeWidth=2.2).encode(
            x=_time_x(), y=alt.Y("rolling:Q", scale=y_scale), tooltip=tips,
        ),
    ]
    return Template(_layer(layers, 260, rules))


def mood_reading(trend: analytics.MoodTrend) -> str:
    """Average, then either calm reassurance or a gentle word about a sustained dip."""
    if trend.days == 0 or trend.mean is None:
        return ("No moods noted in this period yet. Add a mood when you write and this chart "
                "fills in.")
    if trend.days == 1:
        row = trend.series.dropna(subset=["mood"]).iloc[0]
        return (f"One mood so far: {fmt_mood(float(row['mood']))} ({row['label']}). The 7-day "
                "average and your usual range appear after a few more days.")
    head = f"Your mood averaged {fmt_mood(trend.mean)} over {_n(trend.days, 'day')}."
    if trend.ongoing is not None:
        return (f"For the last {_n(trend.ongoing.days, 'day')} your 7-day average has stayed "
                "below your usual range. Low stretches happen and they pass; this may be a "
                "week to go gently and lean on the people and practices that help.")
    if trend.declines:
        latest = trend.declines[-1]
        count = len(trend.declines)
        which = "A stretch" if count == 1 else f"{count} stretches"
        return (f"{head} {which} of a week or more sat below your usual range (the latest "
                f"{_span(latest.first, latest.last)}); {'it' if count == 1 else 'each'} "
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
          "text": f"{_n(d.days, 'day')} below your usual range ({_span(d.first, d.last)})"}
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
        _data({"mood": series, "declines": declines} if len(declines)
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
    return Template(_sized(alt.layer(cells, text), 160))


def meter_reading(meter: analytics.MoodMeter) -> str:
    """Where most entries sat on the mood meter."""
    if meter.entries == 0:
        return "No entries with both a mood and an energy level in this period."
    top = meter.quadrants.sort_values("n", ascending=False, kind="stable").iloc[0]
    where = f"{top['name']} ({top['energy'].lower()}, {top['feel'].lower()})"
    if meter.entries == 1:
        return f"Your one entry in this period sat in {where}."
    return (f"Most entries ({int(top['n'])} of {meter.entries:,}) sat in {where}; "
            "every quadrant is a normal place to be some of the time.")


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
        x=alt.X("n:Q", title="Times chosen", axis=alt.Axis(tickMinStep=1)),
        color=alt.Color("group:N", title=None, scale=alt.Scale(
            domain=groups, range=[QUADRANT_COLOURS[g] for g in groups]),
            legend=alt.Legend(orient="bottom")),
        tooltip=[alt.Tooltip("word:N", title="Word"), alt.Tooltip("n:Q", title="Times"),
                 alt.Tooltip("group:N", title="Quadrant")],
    )
    return Template(_sized(bars, alt.Step(22)))


def emotions_reading(meter: analytics.MoodMeter) -> str:
    """The words chosen most often."""
    words = meter.emotions
    if len(words) == 0:
        return "No emotion words in this period."
    top = [f"{w} ({int(n)})" for w, n in zip(words["word"][:3], words["n"][:3], strict=True)]
    if len(words) == 1:
        return f"The one word you chose: {top[0]}."
    return f"Your most frequent words: {_listing(top)}."


def emotions_figure(meter: analytics.MoodMeter) -> Figure:
    """The most frequent emotion words, coloured by quadrant."""
    title = "Emotion words"
    reading = emotions_reading(meter)
    if len(meter.emotions) == 0:
        return Figure("emotions", title, reading)
    return Figure("emotions", title, reading, _emotions_template(),
                  {"emotions": meter.emotions})


# ---------------------------------------------------------------- triggers


def _category_colour(field_: str, title: str) -> alt.Color:
    # Domain order follows `pos` (most frequent first), so "other" (pos 8) is always grey.
    return alt.Color(f"{field_}:N", title=title, sort=alt.EncodingSortField("pos", op="min"),
                     scale=alt.Scale(range=CATEGORY_RANGE),
                     legend=alt.Legend(orient="bottom", columns=2, labelLimit=240,
                                       gridAlign="all", columnPadding=24))


@lru_cache(maxsize=4)
def _trigger_template(rules: bool) -> Template:
    bars = alt.Chart(alt.NamedData("triggers")).mark_bar().encode(
        x=_time_x(), x2=alt.X2("stop"),
        y=alt.Y("sum(n):Q", title="Times noted", stack="zero", axis=alt.Axis(tickMinStep=1)),
        color=_category_colour("name", "Trigger"),
        order=alt.Order("pos:Q"),
        tooltip=[alt.Tooltip("label:N", title="When"), alt.Tooltip("name:N", title="Trigger"),
                 alt.Tooltip("sum(n):Q", title="Times")],
    )
    return Template(_layer([_frame_layer(), bars], 230, rules))


def trigger_reading(freq: analytics.TriggerFrequency) -> str:
    """How many triggers, and which came up most."""
    if freq.total == 0:
        return "No triggers noted in this period. Quiet stretches count too."
    named = [(n, t) for n, t in freq.totals if n != analytics.trigger_name(analytics.OTHER)]
    if freq.total == 1 and named:
        return f"You noted one trigger in this period: {_q(named[0][0])}."
    name, times = named[0]
    return (f"You noted {freq.total:,} triggers in this period; the most frequent was "
            f"{_q(name)} ({_n(times, 'time')}).")


def trigger_figure(freq: analytics.TriggerFrequency, rules: Rules = ()) -> Figure:
    """Triggers per week (or month), stacked by trigger."""
    title = f"Triggers per {_period_word(freq.unit, 1)}"
    reading = trigger_reading(freq)
    if freq.total == 0:
        return Figure("triggers", title, reading)
    rule_frame = rules_frame(rules, freq.range.start, freq.range.end)
    return Figure("triggers", title, reading, _trigger_template(bool(len(rule_frame))),
                  _data({"triggers": freq.table}, freq.range, rule_frame))


IMPACT_SMALL = 5   # fewer days than this with a trigger: drawn faint, and said so


@lru_cache(maxsize=2)
def _impact_template() -> Template:
    base = alt.Chart(alt.NamedData("impact"))
    # The row label carries the number of days, so small samples are visible at a glance.
    y = alt.Y("row:N", title=None, sort=alt.EncodingSortField("pos", op="min"),
              axis=alt.Axis(labelLimit=260))
    x_scale = alt.Scale(domain=[1, 5], nice=False)
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
            legend=alt.Legend(orient="bottom", labelExpr=(
                "datum.value == 'mood_with' ? 'Days with the trigger' : 'Other days'"))),
        shape=alt.Shape("which:N", legend=None, scale=alt.Scale(
            domain=["mood_with", "mood_without"], range=["circle", "diamond"])),
        opacity=faint, tooltip=tips)
    return Template(_sized(alt.layer(link, points), alt.Step(30)))


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
        return (f"Your mood on days with {_q(row['name'])} averaged "
                f"{fmt_mood(row['mood_with'])}, against {fmt_mood(row['mood_without'])} "
                f"otherwise ({_n(int(row['days_with']), 'day')}).")
    row = table.iloc[0]
    if int(row["days_without"]) == 0:
        return (f"Every day with a mood in this period had {_q(row['name'])} "
                f"({_n(int(row['days_with']), 'day')}), so there is nothing to compare yet.")
    return (f"Only {_n(int(row['days_with']), 'day')} with {_q(row['name'])} so far, too few "
            f"to read much into: mood {fmt_mood(row['mood_with'])} then, "
            f"{fmt_mood(row['mood_without'])} on other days.")


def impact_figure(impact: analytics.TriggerImpact) -> Figure:
    """Mean mood with vs without each trigger; the number of days is printed beside it."""
    title = "How triggers relate to mood"
    reading = impact_reading(impact)
    if len(impact.table) == 0:
        return Figure("impact", title, reading)
    table = impact.table.assign(
        row=[f"{name} · {_n(int(n), 'day')}"
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
        x=_time_x(), x2=alt.X2("stop"),
        y=alt.Y("sum(n):Q", stack="normalize", title="Share of responses",
                axis=alt.Axis(format="%", values=[0, 0.25, 0.5, 0.75, 1])),
        color=alt.Color("name:N", title="When a trigger came up, I…", scale=alt.Scale(
            domain=names, range=[RESPONSE_COLOURS[k] for k in keys]),
            legend=alt.Legend(orient="bottom", columns=3)),
        order=alt.Order("order:Q"),
        tooltip=[alt.Tooltip("label:N", title="When"), alt.Tooltip("name:N", title="Response"),
                 alt.Tooltip("sum(n):Q", title="Times"),
                 alt.Tooltip("share:Q", title="Share", format=".0%")],
    )
    return Template(_layer([_frame_layer(), bars], 230, rules))


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
        return (f"In the first half of this period {_pct(ce, ne)} of your responses were calm "
                f"ones (pausing, self-soothing, reaching out calmly); in the second half, "
                f"{_pct(cl, nl)} ({trend.total:,} responses in all).")
    return (f"{calm} of your {trend.total:,} responses were calm ones (pausing, self-soothing, "
            "reaching out calmly).")


def responses_figure(trend: analytics.ResponseTrend, rules: Rules = ()) -> Figure:
    """Share of each response per month (week for short ranges)."""
    title = f"Responses per {_period_word(trend.unit, 1)}"
    reading = responses_reading(trend)
    if trend.total == 0:
        return Figure("responses", title, reading)
    order = {vocab.RESPONSES[k]: i for i, k in enumerate(vocab.RESPONSES)}
    table = trend.table.assign(order=[order[n] for n in trend.table["name"]])
    rule_frame = rules_frame(rules, trend.range.start, trend.range.end)
    return Figure("responses", title, reading, _responses_template(bool(len(rule_frame))),
                  _data({"responses": table}, trend.range, rule_frame),
                  "Reds and oranges: withdrawing or pursuing; blues and green: calmer moves.")


# ---------------------------------------------------------------- wins


@lru_cache(maxsize=4)
def _wins_template(rules: bool) -> Template:
    bars = alt.Chart(alt.NamedData("wins")).mark_bar().encode(
        x=_time_x(), x2=alt.X2("stop"),
        y=alt.Y("sum(n):Q", title="Wins", stack="zero", axis=alt.Axis(tickMinStep=1)),
        color=_category_colour("name", "Practice"),
        order=alt.Order("pos:Q"),
        tooltip=[alt.Tooltip("label:N", title="When"), alt.Tooltip("name:N", title="Practice"),
                 alt.Tooltip("sum(n):Q", title="Wins")],
    )
    return Template(_layer([_frame_layer(), bars], 220, rules))


@lru_cache(maxsize=4)
def _cumulative_template(rules: bool) -> Template:
    # Each bucket's running total is drawn over that bucket: at its end, stepping from its start.
    area = alt.Chart(alt.NamedData("wins")).mark_area(opacity=0.85, interpolate="step-before"
                                                      ).encode(
        x=_time_x("stop"),
        y=alt.Y("cum:Q", title="Wins so far", stack="zero", axis=alt.Axis(tickMinStep=1)),
        color=_category_colour("name", "Practice"),
        order=alt.Order("pos:Q"),
        tooltip=[alt.Tooltip("label:N", title="Up to the end of"),
                 alt.Tooltip("name:N", title="Practice"),
                 alt.Tooltip("cum:Q", title="Wins so far")],
    )
    return Template(_layer([_frame_layer(), area], 220, rules))


def wins_reading(trend: analytics.WinTrend) -> str:
    """How regularly wins came, per week or month."""
    if trend.total == 0:
        return ("No wins noted in this period yet. Small, specific ones count: staying in a "
                "tense conversation, a check-in kept.")
    word = _period_word(trend.unit, trend.buckets)
    if trend.total == 1:
        return f"One win in this period: {_q(trend.totals[0][0])}."
    return (f"{trend.active:,} of {trend.buckets:,} {word} had at least one win; the busiest "
            f"had {trend.busiest}.")


def cumulative_reading(trend: analytics.WinTrend) -> str:
    """The running total and the practice that grew most."""
    if trend.total == 0:
        return "Your running total of wins starts with the first one you note."
    name, count = next(((n, c) for n, c in trend.totals
                        if n != analytics.practice_name(analytics.OTHER)), trend.totals[0])
    if trend.total == 1:
        return f"One win so far in this period: {_q(name)}."
    return (f"{trend.total:,} wins in this period; the practice you kept most often was "
            f"{_q(name)} ({count:,}).")


def wins_figures(trend: analytics.WinTrend, rules: Rules = ()) -> tuple[Figure, Figure]:
    """Wins per week (or month) by practice, and their running total by practice."""
    per = f"Wins per {_period_word(trend.unit, 1)}"
    if trend.total == 0:
        return (Figure("wins", per, wins_reading(trend)),
                Figure("wins_total", "Wins so far", cumulative_reading(trend)))
    rule_frame = rules_frame(rules, trend.range.start, trend.range.end)
    data = _data({"wins": trend.table}, trend.range, rule_frame)
    return (
        Figure("wins", per, wins_reading(trend), _wins_template(bool(len(rule_frame))), data),
        Figure("wins_total", "Wins so far", cumulative_reading(trend),
               _cumulative_template(bool(len(rule_frame))), data),
    )


# ---------------------------------------------------------------- year heatmap


@lru_cache(maxsize=4)
def _heatmap_template(rules: bool) -> Template:
    base = alt.Chart(alt.NamedData("cells"))
    x, x2 = _time_x("week"), alt.X2("week_end")
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
    return Template(_layer([empty, filled], 170, rules))


_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"]


def heatmap_reading(heat: analytics.YearHeatmap) -> str:
    """How many days had a mood, and the lightest and heaviest months."""
    if heat.days == 0 or heat.mean is None:
        return f"No moods noted in {heat.year}."
    head = (f"In {heat.year} you noted a mood on {_n(heat.days, 'day')}, averaging "
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
                  _data({"cells": heat.cells}, None, rule_frame),
                  "One square per day, weeks left to right; grey days have no mood.")


# ---------------------------------------------------------------- the whole page


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
    return f"{_span(rng.start, rng.end)} · {_n(rng.days, 'day')} · {_UNIT_NOTE[unit]}"


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

