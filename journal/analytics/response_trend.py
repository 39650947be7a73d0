"""Responses to triggers per bucket, and the calm share early against late in the span."""

from __future__ import annotations

from dataclasses import dataclass, field

import duckdb
import numpy as np
import pandas as pd

from journal import vocab
from journal.analytics.buckets import DAY, bucket, floats, ints, text_column, timeline
from journal.analytics.ranges import DateRange, response_bucket, unit_of
from journal.analytics.reading import Rows, read_parts
from journal.profiles import Account


@dataclass(frozen=True)
class ResponseTrend:
    """How the person responded to triggers, per bucket, and the calm share early vs late."""

    range: DateRange
    unit: str
    table: pd.DataFrame          # start, stop, label, response, name, n, share
    total: int
    calm_early: tuple[int, int] | None   # (calm, all) in the first half of the span
    calm_late: tuple[int, int] | None    # (calm, all) in the second half
    counts: dict[str, int] = field(default_factory=dict)


def responses(
    con: duckdb.DuckDBPyConnection, account: Account, rng: DateRange, unit: str | None = None
) -> ResponseTrend:
    """Responses per month (per week for short ranges) with each one's share of the bucket.

    The early/late split halves the span between the first and last response in the range, so
    the comparison is about the person's own data rather than empty stretches of calendar.
    """
    unit = unit_of(unit or response_bucket(rng.days))
    return responses_from(read_parts(con, account, rng, ("triggers",))["triggers"], rng, unit)


def responses_from(rows: Rows, rng: DateRange, unit: str) -> ResponseTrend:
    keys = list(vocab.RESPONSES)
    pos = {k: i for i, k in enumerate(keys, 1)}
    known = np.array([r in pos for r in rows.extra], dtype=bool)
    day, n = rows.day[known], rows.n[known]
    said = [r for r in rows.extra if r in pos]
    starts = bucket(day, unit)
    cells: dict[tuple[np.datetime64, int], int] = {}
    per_start: dict[np.datetime64, int] = {}
    for start, response, count in zip(starts.tolist(), said, n.tolist(), strict=True):
        cells[(start, pos[response])] = cells.get((start, pos[response]), 0) + count
        per_start[start] = per_start.get(start, 0) + count
    order = sorted(cells)
    names = [keys[p - 1] for _, p in order]
    table = pd.DataFrame({
        **timeline(np.array([s for s, _ in order], dtype="datetime64[D]"), unit),
        "response": text_column(names),
        "n": ints([cells[c] for c in order]),
        "share": floats([cells[c] / per_start[c[0]] for c in order]),
        "name": [vocab.RESPONSES[k] for k in names],
    })

    split: dict[bool, tuple[int, int]] = {}
    if len(day):
        lo, hi = day.min(), day.max()
        late = day > lo + ((hi - lo) // DAY) // 2 * DAY
        calm = np.array([r in vocab.CALM_RESPONSES for r in said], dtype=bool)
        for flag in (False, True):
            part = late == flag
            if part.any():
                split[flag] = (int(n[part & calm].sum()), int(n[part].sum()))
    by_key: dict[str, int] = {}
    for response, count in zip(said, n.tolist(), strict=True):
        by_key[response] = by_key.get(response, 0) + count
    by_key = {k: by_key[k] for k in keys if k in by_key}
    return ResponseTrend(rng, unit, table, sum(by_key.values()), split.get(False),
                         split.get(True), by_key)
