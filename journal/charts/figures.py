"""The Figure machinery every Trends chart shares: schema-checked templates with named data,
Arrow-serialised datasets, the common layers (time axis, range frame, milestone rules) and the
layout of milestone labels.

Why built this way: an Altair chart costs tens of milliseconds to build and check against the
Vega-Lite schema, and Trends draws nine of them on every rerun. So each chart's *shape* is built
once per process with its data referenced by name (`alt.NamedData`), checked once, and reused;
a Figure binds its small DataFrames to it, serialised to Arrow once (Figure.spec).
`Figure.chart` gives the same chart with the data inline, as plain Altair (tests).
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cached_property, lru_cache

import altair as alt
import pandas as pd
import pyarrow as pa

from journal.analytics import DateRange
from journal.charts.palette import CATEGORY_RANGE, RULE_COLOUR
from journal.charts.words import fmt_date

Rules = Sequence[tuple[date, str]]
# Milestones: each rule carries a number above the plot, in up to RULE_ROWS rows (label_layout);
# the numbered names are listed under the chart (Figure.milestones), so long names never collide.
RULE_ROWS = 4
RULE_ROW_PX = 13
PLAN_WIDTH_PX = 280       # the narrowest plot the layout plans for (a 390 px phone, axis aside)
CHAR_PX = 7.0             # generous width of one character of the 11 px label font
LABEL_LIMIT_PX = 160      # text longer than this is cut with "…" (full text in tooltip)


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

    @property
    def milestones(self) -> str:
        """The numbered milestones drawn on this chart, as one line of plain text ("" if none)."""
        return milestone_list(self.data.get("rules")) if self.drawn else ""

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


# ---------------------------------------------------------------- shared layers

# Counts are whole numbers: never a tick at 0.2 of a trigger (used by every count axis).
COUNT_AXIS = alt.Axis(tickMinStep=1, format="d")


def time_x(field_: str = "start") -> alt.X:
    # utc: dates arrive as midnight timestamps and must not shift with the viewer's time zone.
    return alt.X(f"{field_}:T", title=None, scale=alt.Scale(type="utc"),
                 axis=alt.Axis(labelOverlap=True, grid=False, labelFlush=True, tickCount=6))


def frame_layer() -> alt.Chart:
    """Invisible marks at the range's first and last day, so the time axis spans the range."""
    return alt.Chart(alt.NamedData("frame")).mark_point(opacity=0).encode(x=time_x("start"))


def rule_layers() -> list[alt.Chart]:
    """Milestones: a dashed rule, its label above the plot, a tooltip with the date."""
    base = alt.Chart(alt.NamedData("rules"))
    tips = [alt.Tooltip("mark:N", title="No."), alt.Tooltip("label:N", title="Milestone"),
            alt.Tooltip("when:N", title="Date")]
    rule = base.mark_rule(color=RULE_COLOUR, strokeDash=[4, 3], strokeWidth=1.2).encode(
        x=time_x("date"), tooltip=tips)
    texts = [
        base.transform_filter(f"datum.side == '{side}'").mark_text(
            align=side, baseline="bottom", dx=2 if side == "left" else -2, fontSize=11,
            fontWeight="bold", color=RULE_COLOUR, limit=LABEL_LIMIT_PX,
        ).encode(x=time_x("date"), y=alt.Y("offset:Q", scale=None),
                 text=alt.Text("text:N"), tooltip=tips)
        for side in ("left", "right")
    ]
    return [rule, *texts]


@dataclass(frozen=True)
class LabelSpot:
    """Where one milestone label goes: its row above the plot (None: hidden) and its side."""

    row: int | None
    side: str   # "left": text starts at the rule; "right": text ends at the rule


def label_layout(days: list[date], labels: list[str], start: date, end: date,
                 width_px: float = PLAN_WIDTH_PX) -> list[LabelSpot]:
    """Place milestone markers so they neither collide nor run off the right edge.

    Plans in estimated pixels at `width_px`, the narrowest plot: a wider plot only spreads
    them further apart, so nothing planned apart can meet. A marker near the right edge ends
    at its rule instead of starting there. Each, in date order, takes the first of RULE_ROWS
    rows where it overlaps nothing; if every row is taken it is hidden (its rule still shows
    the name on hover, and the list under the chart has it). Why: a dozen milestones in one
    month would otherwise print over each other.
    """
    span = max(1, (end - start).days + 1)
    taken: list[list[tuple[float, float]]] = [[] for _ in range(RULE_ROWS)]
    spots = []
    for day, label in zip(days, labels, strict=True):
        x = width_px * (day - start).days / span
        width = min(LABEL_LIMIT_PX, CHAR_PX * len(label)) + 6
        side = "right" if x + width > width_px else "left"
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

    `mark` is the milestone's number in date order, printed above its rule (`text`, "" when
    there is no room); `offset` is its pixel position above the plot, `side` its alignment.
    The tooltip and the list under the chart always have the full `label`.
    """
    columns = ["date", "label", "when", "mark", "offset", "side", "text"]
    ordered = sorted(rules, key=lambda r: r[0])
    if not ordered:
        return pd.DataFrame(columns=columns)
    days = [d for d, _ in ordered]
    labels = [str(label) for _, label in ordered]
    marks = [str(i) for i in range(1, len(days) + 1)]
    spots = label_layout(days, marks, start or days[0], end or days[-1])
    return pd.DataFrame({
        "date": [pd.Timestamp(d) for d in days],
        "label": labels,
        "when": [fmt_date(d) for d in days],
        "mark": marks,
        "offset": [-3 - RULE_ROW_PX * (spot.row or 0) for spot in spots],
        "side": [spot.side for spot in spots],
        "text": [mark if spot.row is not None else ""
                 for mark, spot in zip(marks, spots, strict=True)],
    }, columns=columns)


def milestone_list(rules: pd.DataFrame | None) -> str:
    """"Milestones: 1 Weekly check-in (3 Mar 2026) · 2 …": the key to the numbered rules.

    Plain text with the names as typed; the page escapes it once where it is shown.
    """
    if rules is None or len(rules) == 0:
        return ""
    items = [f"{mark} {label} ({when})" for mark, label, when
             in zip(rules["mark"], rules["label"], rules["when"], strict=True)]
    return "Milestones: " + " · ".join(items)


def range_frame(rng: DateRange) -> pd.DataFrame:
    return pd.DataFrame({"start": [pd.Timestamp(rng.start),
                                   pd.Timestamp(rng.end + timedelta(days=1))]})


def sized(chart: alt.TopLevelMixin, height: int | alt.Step) -> alt.TopLevelMixin:
    """Fit the page's width; keep `height` for the plot itself, legends and labels extra."""
    return chart.properties(height=height,
                            autosize=alt.AutoSizeParams(type="fit-x", contains="padding"))


def layered(layers: list[alt.Chart], height: int, rules: bool) -> alt.TopLevelMixin:
    extra = rule_layers() if rules else []
    return sized(alt.layer(*layers, *extra), height)


def figure_data(main: Mapping[str, pd.DataFrame], rng: DateRange | None,
          rules: pd.DataFrame | None) -> dict[str, pd.DataFrame]:
    data = dict(main)
    if rng is not None:
        data["frame"] = range_frame(rng)
    if rules is not None and len(rules):
        data["rules"] = rules
    return data


# Below this chart width (a phone) legends take one column of labels as wide as the chart; a
# two-column legend with long trigger names would be wider than the screen and squeeze the plot.
NARROW = "containerSize()[0] < 560"


def bottom_legend(columns: int = 2, label_limit: int = 240) -> alt.Legend:
    """A legend under the plot: `columns` side by side on a laptop, one column on a phone."""
    return alt.Legend(orient="bottom", columns=alt.ExprRef(f"{NARROW} ? 1 : {columns}"),
                      labelLimit=alt.ExprRef(
                          f"{NARROW} ? max(120, containerSize()[0] - 48) : {label_limit}"),
                      gridAlign="all", columnPadding=24)


def category_colour(field_: str, title: str) -> alt.Color:
    # Domain order follows `pos` (most frequent first), so "other" (pos 8) is always grey.
    return alt.Color(f"{field_}:N", title=title, sort=alt.EncodingSortField("pos", op="min"),
                     scale=alt.Scale(range=CATEGORY_RANGE), legend=bottom_legend(2))


@lru_cache(maxsize=8)
def stacked_counts(data: str, value_title: str, category: str, tip_title: str, height: int,
                   rules: bool) -> Template:
    """Counts per bucket (`n`) as bars stacked by `name`, most frequent first (triggers, wins)."""
    bars = alt.Chart(alt.NamedData(data)).mark_bar().encode(
        x=time_x(), x2=alt.X2("stop"),
        y=alt.Y("sum(n):Q", title=value_title, stack="zero", axis=COUNT_AXIS),
        color=category_colour("name", category),
        order=alt.Order("pos:Q"),
        tooltip=[alt.Tooltip("label:N", title="When"), alt.Tooltip("name:N", title=category),
                 alt.Tooltip("sum(n):Q", title=tip_title)],
    )
    return Template(layered([frame_layer(), bars], height, rules))
