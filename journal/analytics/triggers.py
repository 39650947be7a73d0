"""Triggers: how often each came up per bucket, and mean mood on days with it against without."""

from __future__ import annotations

from dataclasses import dataclass, field

import duckdb
import numpy as np
import pandas as pd

from journal.analytics.buckets import (
    floats,
    ints,
    ordered_sum,
    ranked,
    text_column,
    timeline,
    top_grouped,
)
from journal.analytics.ranges import IMPACT_TOP, DateRange, count_bucket, trigger_name, unit_of
from journal.analytics.reading import Days, Rows, read_days, read_parts
from journal.profiles import Account


@dataclass(frozen=True)
class TriggerFrequency:
    """How often each trigger was noted per bucket, the rarest grouped as "Other"."""

    range: DateRange
    unit: str
    table: pd.DataFrame       # start, stop, label, trigger, name, pos, n
    totals: list[tuple[str, int]] = field(default_factory=list)   # (name, times), most first
    total: int = 0


def trigger_frequency(
    con: duckdb.DuckDBPyConnection, account: Account, rng: DateRange, unit: str | None = None
) -> TriggerFrequency:
    """Trigger counts per week (or month) for the most frequent triggers, the rest grouped."""
    unit = unit_of(unit or count_bucket(rng.days))
    return trigger_frequency_from(read_parts(con, account, rng, ("triggers",))["triggers"], rng,
                              unit)


def trigger_frequency_from(rows: Rows, rng: DateRange, unit: str) -> TriggerFrequency:
    starts, keys, pos, n, grouped = top_grouped(rows, unit)
    table = pd.DataFrame({**timeline(starts, unit), "trigger": text_column(keys), "pos": pos,
                          "n": n, "name": [trigger_name(k) for k in keys]})
    firsts = dict.fromkeys(k for _, k in sorted(set(zip(pos.tolist(), keys, strict=True))))
    totals = [(trigger_name(k), grouped[k]) for k in firsts]
    return TriggerFrequency(rng, unit, table, totals, sum(t for _, t in totals))


@dataclass(frozen=True)
class TriggerImpact:
    """Mean mood on days with each trigger against days without, with the day counts."""

    table: pd.DataFrame   # trigger, name, days_with, mood_with, days_without, mood_without, pos


def trigger_impact(
    con: duckdb.DuckDBPyConnection, account: Account, rng: DateRange
) -> TriggerImpact:
    """Per trigger (most frequent first): day-level mean mood with it and without it.

    A day counts once however many entries it has; its mood is the mean of that day's moods.
    Only days with a mood count, so the numbers of days shown are the real sample sizes.
    """
    days = read_days(con, account, (rng.start, rng.end), None)
    return trigger_impact_from(days, read_parts(con, account, rng, ("triggers",))["triggers"], rng)


def trigger_impact_from(days: Days, rows: Rows, rng: DateRange) -> TriggerImpact:
    inside = days.within(rng.start, rng.end) & ~np.isnan(days.mood)
    mood_days, moods = days.day[inside], days.mood[inside]
    hit_days: dict[str, set[np.datetime64]] = {}
    for day, key in zip(rows.day.tolist(), rows.key, strict=True):
        hit_days.setdefault(key, set()).add(day)
    masks = {key: np.isin(mood_days, np.array(sorted(hit), dtype="datetime64[D]"))
             for key, hit in hit_days.items()}
    with_mood = {key: int(mask.sum()) for key, mask in masks.items() if mask.any()}
    tops = ranked(with_mood)[:IMPACT_TOP]
    mood_with, mood_without = [], []
    for key in tops:
        mask = masks[key]
        mood_with.append(ordered_sum(moods[mask]) / with_mood[key])
        rest = len(moods) - with_mood[key]
        mood_without.append(ordered_sum(moods[~mask]) / rest if rest else np.nan)
    table = pd.DataFrame({
        "trigger": text_column(tops),
        "days_with": ints([with_mood[k] for k in tops]),
        "mood_with": floats(mood_with),
        "days_without": ints([len(moods) - with_mood[k] for k in tops]),
        "mood_without": floats(mood_without),
        "pos": ints(range(1, len(tops) + 1)),
        "name": [trigger_name(k) for k in tops],
    })
    return TriggerImpact(table)
