"""Realistic, deterministic demo data for a profile.

Why: charts, milestones and benchmarks must be judged on data shaped like a real person's
year. Every generator is listed here, in `GENERATORS`, and nowhere else: entries first (written
through `entries.bulk_insert`, the one writer), then milestones and weekly reviews, which build
on them.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

import duckdb

from journal import entries
from journal.account import Account
from journal.demo.entry_rows import entry_inputs
from journal.demo.milestone_rows import demo_milestones
from journal.demo.review_rows import demo_reviews

# Each gets (con, account, first_day, last_day, rng), after the entries are written.
GENERATORS: tuple[Callable[[duckdb.DuckDBPyConnection, Account, date, date, random.Random],
                           None], ...] = (demo_milestones, demo_reviews)


@dataclass(frozen=True)
class DemoSummary:
    """What was generated."""

    entries: int
    triggers: int
    wins: int
    first_day: date
    last_day: date


def generate(
    con: duckdb.DuckDBPyConnection,
    account: Account,
    years: float = 1.0,
    seed: int = 7,
    end: date | None = None,
    daily: bool = False,
) -> DemoSummary:
    """Fill a profile with `years` of entries ending `end` (default yesterday); seeded.

    daily=True writes exactly one entry every day (benchmarks); otherwise most days have one
    entry and some have none or two, as people really write.
    """
    rng = random.Random(seed)
    end = end or date.today() - timedelta(days=1)  # whole days only, none in the future
    days = max(1, int(round(365.25 * years)))
    start = end - timedelta(days=days - 1)
    inputs = entry_inputs(rng, start, days, daily)
    entries.bulk_insert(con, account, [entries.BulkEntry(inp) for inp in inputs])
    for make_rows in GENERATORS:
        make_rows(con, account, start, end, rng)
    return DemoSummary(len(inputs), sum(len(i.triggers) for i in inputs),
                       sum(len(i.wins) for i in inputs), start, end)
