"""Charts that travel: freezing a chart into an inert spec, and the "how well we hear" chart.

Why here: a shared chart is chart code (Altair in, Vega-Lite out) with one safety rule — the
partner gets a picture of the numbers, never live access to the sharer's data. Sharing and the
share packet both use it; charts never import sharing.
"""

from __future__ import annotations

import copy
import hashlib
import json
from collections.abc import Iterable
from datetime import date
from typing import Any, Protocol

import altair as alt
import pandas as pd

from journal.charts.palette import PALETTE
from journal.errors import SharingError

_DATA_KEYS_FORBIDDEN = ("url",)
_CHANNELS_DROPPED = ("href", "url")
_MARKS_FORBIDDEN = ("image",)


def snapshot(chart: Any) -> dict[str, Any]:
    """Freeze a chart (altair.Chart or a Vega-Lite dict) into a self-contained, inert spec.

    Why: the partner must get a picture of the numbers, never live access to the sharer's data;
    so data is inline, columns the chart doesn't draw are dropped, links and images removed.
    """
    spec = chart.to_dict() if hasattr(chart, "to_dict") else copy.deepcopy(chart)
    if not isinstance(spec, dict):
        raise SharingError("That chart can't be shared.")
    return safe_spec(_top_level_dataset(spec))


def _top_level_dataset(spec: dict[str, Any]) -> dict[str, Any]:
    """Rows given inline at the top (``alt.Data(values=...)``) go to ``datasets``, by name.

    Why: every shared chart then carries its numbers the same way Altair stores a DataFrame's,
    one named dataset in the spec, whichever way the chart was built.
    """
    data = spec.get("data")
    if not (isinstance(data, dict) and isinstance(data.get("values"), list) and len(data) == 1):
        return spec
    rows = data["values"]
    name = "data-" + hashlib.sha256(json.dumps(rows, sort_keys=True, default=str)
                                    .encode()).hexdigest()[:32]
    datasets = dict(spec.get("datasets") or {})
    datasets[name] = rows
    return {**spec, "data": {"name": name}, "datasets": datasets}


def safe_spec(spec: dict[str, Any]) -> dict[str, Any]:
    """Strip anything a spec could use to fetch, link or carry data it doesn't draw."""
    spec = copy.deepcopy(spec)
    spec.pop("usermeta", None)
    _strip_active(spec)
    used = _referenced_strings(spec)
    if isinstance(spec.get("datasets"), dict):
        spec["datasets"] = {name: _prune_rows(rows, used)
                            for name, rows in spec["datasets"].items() if name in used}
    _prune_inline(spec, used)
    return spec


def _strip_active(node: Any) -> None:
    """Refuse outside data and images; drop links, walking every view but the datasets."""
    if isinstance(node, dict):
        data = node.get("data")
        if isinstance(data, dict) and any(k in data for k in _DATA_KEYS_FORBIDDEN):
            raise SharingError("That chart reads outside data, so it can't be shared.")
        enc = node.get("encoding")
        if isinstance(enc, dict):
            for channel in _CHANNELS_DROPPED:
                enc.pop(channel, None)
        mark = node.get("mark")
        mark_type = mark.get("type") if isinstance(mark, dict) else mark
        if mark_type in _MARKS_FORBIDDEN:
            raise SharingError("That chart shows images, so it can't be shared.")
        if isinstance(mark, dict):
            mark.pop("href", None)
            mark.pop("url", None)
        for key, value in node.items():
            if key != "datasets":
                _strip_active(value)
    elif isinstance(node, list):
        for item in node:
            _strip_active(item)


def _prune_rows(rows: Any, used: set[str]) -> Any:
    """Keep only the columns the chart mentions."""
    if not isinstance(rows, list):
        return rows
    return [
        {k: v for k, v in row.items() if _is_used(k, used)} if isinstance(row, dict) else row
        for row in rows
    ]


def _prune_inline(node: Any, used: set[str]) -> None:
    if isinstance(node, dict):
        data = node.get("data")
        if isinstance(data, dict) and "values" in data:
            data["values"] = _prune_rows(data["values"], used)
        for key, value in node.items():
            if key not in ("datasets", "data"):
                _prune_inline(value, used)
    elif isinstance(node, list):
        for item in node:
            _prune_inline(item, used)


def _referenced_strings(spec: dict[str, Any]) -> set[str]:
    found: set[str] = set()

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "datasets":
                    continue
                if key == "data" and isinstance(value, dict) and "values" in value:
                    continue
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)
        elif isinstance(node, str):
            found.add(node)

    walk(spec)
    return found


def _is_used(column: str, used: set[str]) -> bool:
    if column in used:
        return True
    # Expressions ("datum.mood > 3") and nested fields ("a.b") mention the column inside.
    return any(column in s for s in used if "datum" in s or "." in s)


# ---------------------------------------------------------------- understanding over time


class _MonthShare(Protocol):
    """One month of answered mirrors in one direction (sharing's UnderstandingMonth)."""

    month: date
    listener: str
    answered: int

    @property
    def share(self) -> float: ...


def understanding_chart(months: Iterable[_MonthShare]) -> alt.Chart:
    """A small line chart of the "got it" share per month, one line per direction."""
    frame = pd.DataFrame(
        [{"Month": m.month.isoformat(), "Who": m.listener, "Got it": m.share,
          "Answered": m.answered} for m in months]
    )
    return (
        alt.Chart(frame, height=220)
        .mark_line(point=alt.OverlayMarkDef(size=70))
        .encode(
            x=alt.X("yearmonth(Month):T", title=None,
                    axis=alt.Axis(format="%b %Y", tickCount="month", labelAngle=0)),
            y=alt.Y("Got it:Q", title="Got it", axis=alt.Axis(format="%", values=[0, 0.5, 1]),
                    scale=alt.Scale(domain=[0, 1])),
            color=alt.Color("Who:N", title=None, legend=alt.Legend(orient="top"),
                            scale=alt.Scale(range=PALETTE)),
            tooltip=[alt.Tooltip("yearmonth(Month):T", title="Month"), "Who:N",
                     alt.Tooltip("Got it:Q", format=".0%"), "Answered:Q"],
        )
    )
