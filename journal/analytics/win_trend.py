"""Wins per bucket by practice, and their running total over a dense bucket spine."""

from __future__ import annotations

from dataclasses import dataclass

import duckdb
import numpy as np
import pandas as pd

from journal.analytics.buckets import DAY, bucket, floats, ints, text_column, timeline, top_grouped
from journal.analytics.ranges import DateRange, count_bucket, practice_name, unit_of
from journal.analytics.reading import Rows, read_parts
from journal.profiles import Account


@dataclass(frozen=True)
class WinTrend:
    """Wins per bucket by practice, with the running total inside the range."""

    range: DateRange
    unit: str
    table: pd.DataFrame     # start, stop, label, practice, name, pos, n, cum (dense: zeros kept)
    total: int
    totals: list[tuple[str, int]]   # (practice name, wins), most first
    buckets: int            # buckets in the range
    active: int             # buckets with at least one win
    busiest: int            # most wins in one bucket


def wins(
    con: duckdb.DuckDBPyConnection, account: Account, rng: DateRange, unit: str | None = None
) -> WinTrend:
    """Wins per week (or month) by practice and cumulative, over a dense bucket spine.

    Why dense: the cumulative chart must stay flat through weeks without wins instead of
    drawing a slope across them.
    """
    unit = unit_of(unit or count_bucket(rng.days))
    return wins_from(read_parts(con, account, rng, ("wins",))["wins"], rng, unit)


def _spine(rng: DateRange, unit: str) -> np.ndarray:
    """Every bucket start from the range's first bucket to its last day."""
    first = bucket(np.array([rng.start], dtype="datetime64[D]"), unit)[0]
    end = np.datetime64(rng.end, "D")
    if unit == "month":
        months = np.arange(first.astype("datetime64[M]"), end.astype("datetime64[M]") + 1)
        return months.astype("datetime64[D]")
    return np.arange(first, end + DAY, (7 if unit == "week" else 1) * DAY)


def wins_from(rows: Rows, rng: DateRange, unit: str) -> WinTrend:
    starts, keys, pos, n, grouped = top_grouped(rows, unit)
    cats = sorted(set(zip(pos.tolist(), keys, strict=True)))
    spine = _spine(rng, unit) if cats else np.array([], dtype="datetime64[D]")
    grid = np.zeros((len(spine), len(cats)), dtype=np.int64)
    row = {s: i for i, s in enumerate(spine.tolist())}
    col = {p: j for j, (p, _) in enumerate(cats)}
    for start, p, count in zip(starts.tolist(), pos.tolist(), n.tolist(), strict=True):
        grid[row[start], col[p]] += count
    cum = np.cumsum(grid, axis=0)
    names = [k for _, k in cats] * len(spine)
    table = pd.DataFrame({
        **timeline(np.repeat(spine, len(cats)), unit),
        "practice": text_column(names),
        "pos": ints([p for p, _ in cats] * len(spine)),
        "n": grid.reshape(-1),
        "cum": floats(cum.reshape(-1)),
        "name": [practice_name(k) for k in names],
    })
    per_bucket = grid.sum(axis=1)
    totals = [(practice_name(k), grouped[k]) for _, k in cats]
    return WinTrend(rng, unit, table, sum(t for _, t in totals), totals,
                    len(spine) if len(table) else 0, int((per_bucket > 0).sum()),
                    int(per_bucket.max()) if len(table) else 0)
