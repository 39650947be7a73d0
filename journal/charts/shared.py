"""Charts that travel: freezing a chart into an inert spec, and the "my listening" chart.

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


# ---------------------------------------------------------------- my own listening

FIRST_TRY = "A first mirror"
TRIED_AGAIN = "Another try after “not quite”"


class _ListeningMonth(Protocol):
    """One month of one person's own mirrors (sharing's ListeningMonth)."""

    month: date
    sent: int
    tried_again: int


def listening_chart(months: Iterable[_ListeningMonth]) -> alt.Chart:
    """Bars of the mirrors one person sent each month: first mirrors, then further tries.

    Why no second person: the series are kinds of practice (sent, tried again), never people,
    so the chart can't turn into a comparison of who listens better.
    """
    frame = pd.DataFrame(
        [{"Month": m.month.isoformat(), "What": what, "Mirrors": n}
         for m in months for what, n in ((FIRST_TRY, m.sent - m.tried_again),
                                          (TRIED_AGAIN, m.tried_again))]
    )
    return (
        alt.Chart(frame, height=200)
        .mark_bar()
        .encode(
            x=alt.X("yearmonth(Month):O", title=None, axis=alt.Axis(format="%b %Y",
                                                                      labelAngle=0)),
            y=alt.Y("sum(Mirrors):Q", title="Mirrors I sent", axis=alt.Axis(tickMinStep=1)),
            color=alt.Color("What:N", title=None, legend=alt.Legend(orient="top"),
                            sort=[FIRST_TRY, TRIED_AGAIN],
                            scale=alt.Scale(domain=[FIRST_TRY, TRIED_AGAIN], range=PALETTE[:2])),
            order=alt.Order("What:N", sort="descending"),
            tooltip=[alt.Tooltip("yearmonth(Month):O", title="Month", format="%B %Y"),
                     alt.Tooltip("What:N", title=" "), alt.Tooltip("Mirrors:Q")],
        )
    )


def listening_reading(months: list[_ListeningMonth]) -> str:
    """The chart in words, about the reader only ("you"), naming nobody else."""
    if not months:
        return ""
    last = months[-1]
    sent = "one mirror" if last.sent == 1 else f"{last.sent} mirrors"
    line = f"In {last.month:%B %Y} you sent {sent}"
    if last.tried_again:
        again = "once" if last.tried_again == 1 else f"{last.tried_again} times"
        line += f" and tried again after “not quite” {again}"
    return line + ". Each one is practice in hearing before answering."
