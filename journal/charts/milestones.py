"""The milestone progress chart (Altair): actual per week against the target and the planned path.

Four weeks before the start are shown in light grey, so the starting level is visible. A quiet
week is simply a low bar, in the same colour as any other week below target.

Why built this way: building and checking an Altair chart costs tens of milliseconds, and the
Milestones page must rerun quickly. The chart's shape depends only on the measure, the target
and the y range, so each shape is built and checked once (cached); the page hands Streamlit the
rows as an Arrow table next to that spec (`chart_parts`). `milestone_chart` is the same chart
with its rows inline, as plain Altair (sharing, tests).
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from functools import lru_cache

import altair as alt
import duckdb
import pyarrow as pa

from journal.account import Account
from journal.charts.palette import LABEL_BROWN, LIGHT_GREY, ORANGE, OTHER_GREY, PALETTE
from journal.milestones.measures import MEASURES, Measure
from journal.milestones.model import Milestone, PeriodProgress
from journal.milestones.progress import get_milestone

HEIGHT = 260
# Okabe-Ito blue and sky blue: distinguishable with the common colour-vision differences.
STATE_COLOURS = {
    "Target met": PALETTE[0],
    "Below target": PALETTE[4],
    "This week so far": OTHER_GREY,
    "Before the start": LIGHT_GREY,
}
ROW_FIELDS = ("week", "week_end", "label", "value", "shown", "planned", "state", "sample")


def _state(p: PeriodProgress) -> str:
    if p.before_start:
        return "Before the start"
    if not p.complete:
        return "This week so far"
    return "Target met" if p.met else "Below target"


def _iso(day: date) -> str:
    """A local-midnight timestamp string, as Altair writes dates (no zone, so no day shift)."""
    return f"{day.isoformat()}T00:00:00"


def chart_rows(milestone: Milestone) -> list[dict]:
    """One row per week: dates, the value (and how it reads), the planned path, the state."""
    m = milestone.measure_def
    return [{
        "week": _iso(p.start),
        "week_end": _iso(p.end + timedelta(days=1)),
        "label": f"{p.start:%d %b} – {p.end:%d %b %Y}",
        "value": p.value,
        "shown": m.fmt(p.value),
        "planned": None if p.planned is None else round(p.planned, 2),
        "state": _state(p),
        "sample": "" if p.sample is None else str(p.sample),
    } for p in milestone.periods]


def _shape(milestone: Milestone) -> tuple[str, float, float, float]:
    """What the spec depends on besides the rows: measure, target and the y range."""
    m = milestone.measure_def
    y_min = 1.0 if m.key == "mood_28d" else 0.0
    y_max = max([milestone.target * 1.15, 0.0 if m.per_week else m.high,
                 *(p.value or 0.0 for p in milestone.periods), 1.0])
    return m.key, float(milestone.target), y_min, y_max


def _tooltip(m: Measure) -> list[alt.Tooltip]:
    tips = [alt.Tooltip("label:N", title="Week"), alt.Tooltip("shown:N", title=m.label),
            alt.Tooltip("state:N", title="Status")]
    if m.sample:
        tips.append(alt.Tooltip("sample:N", title=m.sample))
    return tips


# Two columns under the plot: one row of five states is wider than a phone (390 px).
LEGEND = alt.Legend(orient="bottom", columns=2, labelLimit=150, columnPadding=16)


def _actual_layers(m: Measure, x: alt.X, y_args: dict) -> list[alt.Chart]:
    """Bars (counts per week) or a line with points (shares and means), coloured by state."""
    states = alt.Scale(domain=list(STATE_COLOURS))
    colour = alt.Color("state:N", title=None, legend=LEGEND,
                       scale=alt.Scale(domain=list(STATE_COLOURS),
                                       range=list(STATE_COLOURS.values())))
    tooltip = _tooltip(m)
    y = alt.Y("value:Q", **y_args)
    if m.per_week:
        return [
            # x2 has no type of its own, so its date strings are parsed explicitly.
            alt.Chart().transform_calculate(week_stop="toDate(datum.week_end)")
            .mark_bar(stroke="white", strokeWidth=2)
            .encode(x=x, x2=alt.X2("week_stop"), y=alt.Y("value:Q", stack=None, **y_args),
                    y2=alt.Y2(datum=0), color=colour, tooltip=tooltip),
            # A small mark on every week, so a week of 0 is visible (and hoverable) too.
            alt.Chart().transform_calculate(mid="toDate(datum.week) + 3.5 * 864e5")
            .mark_tick(orient="horizontal", thickness=2, size=14)
            .encode(x=alt.X("mid:T"), y=y, color=colour, tooltip=tooltip),
        ]
    return [
        alt.Chart().mark_line(color=OTHER_GREY, strokeWidth=1.5).encode(x=x, y=y),
        alt.Chart().mark_point(filled=True, size=80, opacity=1).encode(
            x=x, y=y, color=colour, tooltip=tooltip,
            shape=alt.Shape("state:N", title=None, scale=states,
                            legend=LEGEND)),
    ]


def _target_layers(m: Measure, x: alt.X, target: float) -> list[alt.Chart]:
    """The planned path (dotted), the target line (dashed) and its label."""
    planned = alt.Chart().mark_line(color=ORANGE, strokeDash=[2, 3], opacity=0.8).encode(
        x=x, y=alt.Y("planned:Q"),
        tooltip=[alt.Tooltip("label:N", title="Week"),
                 alt.Tooltip("planned:Q", title="Planned by then", format=".1f")])
    marker = alt.Data(values=[{"target": target, "text": f"Target: {m.fmt(target)}"}])
    rule = alt.Chart(marker).mark_rule(color=ORANGE, strokeDash=[6, 4], strokeWidth=2).encode(
        y=alt.Y("target:Q"), tooltip=[alt.Tooltip("text:N", title="Target")])
    label = alt.Chart(marker).mark_text(
        align="left", dx=4, dy=-8, color=LABEL_BROWN, fontWeight="bold",
    ).encode(y=alt.Y("target:Q"), x=alt.XValue(0), text=alt.Text("text:N"))
    return [planned, rule, label]


@lru_cache(maxsize=64)
def _layered(measure: str, target: float, y_min: float, y_max: float) -> alt.LayerChart:
    """The chart without its rows (the same object for every milestone of this shape)."""
    m = MEASURES[measure]
    x = alt.X("week:T", title="Week starting",
              axis=alt.Axis(format="%d %b", labelAngle=0, tickCount=8))
    # Counts a week get whole-number ticks; shares and means keep their decimals.
    y_axis = alt.Axis(tickMinStep=1, format="d") if m.per_week else alt.Undefined
    y_args = {"title": m.axis, "axis": y_axis,
              "scale": alt.Scale(domain=[y_min, y_max], nice=True)}
    layers = [*_actual_layers(m, x, y_args), *_target_layers(m, x, target)]
    return alt.layer(*layers).properties(
        height=HEIGHT, autosize=alt.AutoSizeParams(type="fit-x", contains="padding"),
    ).resolve_scale(y="shared")


@lru_cache(maxsize=64)
def _spec_json(shape: tuple[str, float, float, float]) -> str:
    """The checked Vega-Lite spec of a shape, without data (serialised once)."""
    spec = _layered(*shape).properties(data=alt.Data(values=[])).to_dict()  # validates
    spec.pop("data")
    spec.pop("config", None)      # Altair's default view size; the page sets width and height
    return json.dumps(spec)


def milestone_chart(milestone: Milestone) -> alt.LayerChart:
    """A milestone's weekly progress as an Altair chart, its rows inline (colour-blind-safe)."""
    return _layered(*_shape(milestone)).properties(data=alt.Data(values=chart_rows(milestone)))


def progress_chart(
    con: duckdb.DuckDBPyConnection, account: Account, milestone_id: int,
    today: date | None = None,
) -> alt.LayerChart:
    """The progress chart of one of the profile's milestones (NotFound if it isn't theirs)."""
    return milestone_chart(get_milestone(con, account, milestone_id, today))


def chart_parts(milestone: Milestone) -> tuple[pa.Table, dict]:
    """The same chart as (data table, spec without data), for st.vega_lite_chart(data, spec).

    Why: handing Streamlit an Arrow table skips its conversion of inline rows through pandas
    (a few milliseconds on every rerun); the spec is a fresh copy (Streamlit edits it).
    """
    rows = chart_rows(milestone)
    columns = list(rows[0]) if rows else list(ROW_FIELDS)
    table = pa.table({c: [r[c] for r in rows] for c in columns})
    return table, json.loads(_spec_json(_shape(milestone)))
