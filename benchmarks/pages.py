"""`python -m benchmarks.pages`: page speed at ten years of daily entries, one table.

Why a benchmark and not a timed test: timings depend on the machine and on what else runs, so
tests never assert them. This builds (a) one profile with ten years of daily demo entries and
(b) the same plus 99 more such profiles in one file, then measures, in one run:

* the warm rerun median of every page in pages/_navigation.PAGES (Streamlit AppTest,
  one warm-up run, then --runs timed runs), signed in as the ten-year profile;
* the median time to save one entry (entries.save_entry);
* the Trends aggregates computed by DuckDB without any cache, and the Trends page's first
  rerun after a save (when its cached aggregates no longer apply);
* a naive baseline that loads the profile's rows into pandas and computes the same Trends
  aggregates, checked to give the same numbers, with its ratio to the real Trends page.

Profiles are created with STEADY_FAST_KDF=1 (cheap key derivation) inside this process only;
everything measured runs with the app's normal code paths.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
from streamlit.testing.v1 import AppTest

from journal import analytics, demo, entries, profiles, vocab
from journal.analytics import DateRange
from journal.db import connect
from pages import _keys as K
from pages._navigation import PAGES

ROOT = Path(__file__).resolve().parents[1]
PASSPHRASE = "benchmark passphrase"
PAGE_TARGET_MS = {"a": 50.0, "b": 60.0}
SAVE_TARGET_MS = 20.0
BASELINE_MIN_RATIO = 3.0


# ---------------------------------------------------------------- building the journals


@dataclass
class Journal:
    """One benchmark file and the profile the measurements sign in as."""

    label: str
    path: Path
    account: profiles.Account
    profiles: int
    entries: int
    build_s: float


def _fast_kdf_profile(con: duckdb.DuckDBPyConnection, name: str) -> profiles.Account:
    """Create a profile with cheap key derivation (bench only), restoring the setting after."""
    before = os.environ.get("STEADY_FAST_KDF")
    os.environ["STEADY_FAST_KDF"] = "1"
    try:
        return profiles.create_profile(con, name, PASSPHRASE)
    finally:
        if before is None:
            os.environ.pop("STEADY_FAST_KDF", None)
        else:
            os.environ["STEADY_FAST_KDF"] = before


def build_journal(label: str, path: Path, count: int, years: float, end: date,
                  progress: Callable[[str], None]) -> Journal:
    """`count` profiles of daily demo entries; the first one is the one measured."""
    started = time.perf_counter()
    con = connect(path)
    try:
        measured = None
        for i in range(count):
            account = _fast_kdf_profile(con, f"bench-{i}")
            demo.generate(con, account, years=years, seed=1 + i, end=end, daily=True)
            measured = measured or account
            if count > 1 and (i + 1) % 10 == 0:
                progress(f"  ({label}) {i + 1}/{count} profiles")
        row = con.execute("SELECT count(*) FROM entries").fetchone()
        con.execute("CHECKPOINT")
    finally:
        con.close()
    assert measured is not None
    return Journal(label, path, measured, count, int(row[0]) if row else 0,
                   time.perf_counter() - started)


# ---------------------------------------------------------------- timing helpers


def median_ms(fn: Callable[[], object], runs: int, warmup: int = 1) -> float:
    """Median wall time of `fn` in milliseconds after `warmup` untimed calls."""
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def app_pages() -> list[tuple[str, str]]:
    """(path, title) of every page in the navigation, in menu order."""
    return [(page.path, page.title) for page in PAGES]


@dataclass
class PageTime:
    title: str
    ms: float | None
    error: str = ""


def time_page(journal: Journal, path: str, title: str, runs: int,
              state: dict[str, object] | None = None) -> PageTime:
    """Warm rerun median of one page, signed in as the journal's measured profile."""
    os.environ["JOURNAL_DB"] = str(journal.path)
    at = AppTest.from_file(str(ROOT / path), default_timeout=300)
    at.session_state[K.ACCOUNT] = journal.account
    for key, value in (state or {}).items():
        at.session_state[key] = value
    at.run()
    if not at.exception:
        ms = median_ms(at.run, runs, warmup=1)
        if not at.exception:
            return PageTime(title, ms)
    return PageTime(title, None, str(at.exception[0].message)[:60])


def time_pages(journal: Journal, runs: int) -> list[PageTime]:
    """Every page of the navigation, in menu order."""
    return [time_page(journal, path, title, runs) for path, title in app_pages()]


def sample_entry(i: int, when: date) -> entries.EntryInput:
    """A realistic entry: text, mood, energy, two emotion words, a trigger, a win."""
    return entries.EntryInput(
        when_local=datetime.combine(when, datetime.min.time()).replace(hour=21, minute=i % 60),
        body="We didn't talk after dinner. Later I said I had felt left out, and we talked.",
        mood=3, energy=2, emotions=["anxious", "hopeful"],
        triggers=[entries.TriggerItem("silence", "reached_out")],
        wins=[entries.WinItem("named_feeling")],
    )


def time_saves(journal: Journal, runs: int, today: date) -> float:
    """Median of entries.save_entry on the big profile."""
    con = connect(journal.path)
    try:
        counter = iter(range(10_000))
        return median_ms(
            lambda: entries.save_entry(con, journal.account, sample_entry(next(counter), today)),
            runs, warmup=2)
    finally:
        con.close()


def time_trends_after_save(journal: Journal, runs: int, today: date) -> float:
    """The Trends page's first rerun after each save (its cached aggregates don't apply)."""
    os.environ["JOURNAL_DB"] = str(journal.path)
    at = AppTest.from_file(str(ROOT / "pages/trends.py"), default_timeout=300)
    at.session_state[K.ACCOUNT] = journal.account
    at.run()
    con = connect(journal.path)
    times = []
    try:
        for i in range(runs):
            entries.save_entry(con, journal.account, sample_entry(i, today))
            start = time.perf_counter()
            at.run()
            times.append(time.perf_counter() - start)
    finally:
        con.close()
    return statistics.median(times) * 1000


# ---------------------------------------------------------------- the naive baseline


@dataclass
class NaiveResult:
    """The headline numbers of the naive computation, to check it matches the real one."""

    mood_days: int
    mood_mean: float
    declines: list[tuple[date, date, int]]
    quadrants: dict[str, int]
    emotions: list[tuple[str, int]]
    trigger_total: int
    impact: dict[str, tuple[int, float, int, float]]
    responses: int
    calm: tuple[tuple[int, int] | None, tuple[int, int] | None]
    wins: int
    wins_cum: dict[str, int]
    heat_days: int
    extra: dict[str, object] = field(default_factory=dict)


_PERIOD = {"day": "D", "week": "W-SUN", "month": "M"}


def _bucket(days: pd.Series | pd.DatetimeIndex, unit: str) -> pd.Series | pd.Index:
    values = pd.DatetimeIndex(days)
    return values.to_period(_PERIOD[unit]).start_time


def _naive_mood(e: pd.DataFrame, start: pd.Timestamp, end: pd.Timestamp, rng: DateRange
                ) -> tuple[pd.Series, pd.DataFrame, list[tuple[date, date, int]]]:
    """Daily means on a calendar spine, 7-day rolling mean, 28-day band, buckets, declines."""
    moods = e.dropna(subset=["mood"])
    daily = moods.groupby("local_date")["mood"].mean()
    spine = pd.date_range(start - pd.Timedelta(days=analytics.BAND_DAYS - 1), end, freq="D")
    s = daily.reindex(spine)
    frame = pd.DataFrame({
        "mood": s,
        "rolling": s.rolling(analytics.ROLLING_DAYS,
                             min_periods=analytics.ROLLING_MIN_DAYS).mean(),
        "band": s.rolling(analytics.BAND_DAYS, min_periods=analytics.BAND_MIN_DAYS).mean(),
        "sd": s.rolling(analytics.BAND_DAYS, min_periods=analytics.BAND_MIN_DAYS).std(ddof=0),
    }).loc[start:end]
    frame["low"], frame["high"] = frame["band"] - frame["sd"], frame["band"] + frame["sd"]
    unit = analytics.choose_bucket(rng.days)
    frame.groupby(_bucket(frame.index, unit)).agg(
        mood=("mood", "mean"), days=("mood", "count"), rolling=("rolling", "mean"),
        low=("low", "mean"), high=("high", "mean"))
    below = (frame["rolling"] < frame["low"]).to_numpy()
    declines, run_start = [], None
    for i, flag in enumerate([*below, False]):
        if flag and run_start is None:
            run_start = i
        elif not flag and run_start is not None:
            if i - run_start >= analytics.DECLINE_DAYS:
                declines.append((frame.index[run_start].date(), frame.index[i - 1].date(),
                                 i - run_start))
            run_start = None
    return daily, frame, declines


def _naive_meter(er: pd.DataFrame, emo: pd.DataFrame) -> tuple[dict[str, int], pd.DataFrame]:
    """Mood meter quadrants and the top emotion words (both already limited to the range)."""
    er = er.dropna(subset=["mood", "energy"])
    quad = (np.where(er["energy"] >= 3, "high", "low").astype(object) + "_"
            + np.where(er["mood"] >= 3, "pleasant", "unpleasant").astype(object))
    quadrants = {str(k): int(v) for k, v in pd.Series(quad).value_counts().items()}
    words = emo["word"].value_counts()
    words = words.rename_axis("word").reset_index(name="n").sort_values(
        ["n", "word"], ascending=[False, True]).head(analytics.TOP_EMOTIONS)
    return quadrants, words


def _naive_triggers(tr: pd.DataFrame, day_mood: pd.Series, count_unit: str
                    ) -> dict[str, tuple[int, float, int, float]]:
    """Triggers per bucket (top 7 + other) and impact (top 8 by days with a mood)."""
    ranks = tr.groupby("trigger").size().reset_index(name="c").sort_values(
        ["c", "trigger"], ascending=[False, True])
    top = set(ranks["trigger"].head(analytics.TOP_CATEGORIES))
    grouped = tr.assign(group=tr["trigger"].where(tr["trigger"].isin(top), analytics.OTHER),
                        bucket=_bucket(tr["local_date"], count_unit))
    grouped.groupby(["bucket", "group"]).size()
    hits = tr[["local_date", "trigger"]].drop_duplicates()
    hits = hits[hits["local_date"].isin(day_mood.index)]
    order = hits.groupby("trigger").size().reset_index(name="c").sort_values(
        ["c", "trigger"], ascending=[False, True]).head(analytics.IMPACT_TOP)
    impact = {}
    for name in order["trigger"]:
        days_with = set(hits.loc[hits["trigger"] == name, "local_date"])
        mask = day_mood.index.isin(list(days_with))
        impact[str(name)] = (int(mask.sum()), float(day_mood[mask].mean()),
                             int((~mask).sum()), float(day_mood[~mask].mean()))
    return impact


def _naive_responses(tr: pd.DataFrame, rng: DateRange
                     ) -> tuple[pd.DataFrame, list[tuple[int, int] | None]]:
    """Responses per bucket with shares, and the calm share in each half of their span."""
    rr = tr[tr["response"].isin(list(vocab.RESPONSES))]
    resp_unit = analytics.response_bucket(rng.days)
    per = rr.assign(bucket=_bucket(rr["local_date"], resp_unit)).groupby(
        ["bucket", "response"]).size()
    per / per.groupby(level=0).transform("sum")
    calm: list[tuple[int, int] | None] = [None, None]
    if len(rr):
        lo, hi = rr["local_date"].min(), rr["local_date"].max()
        late = rr["local_date"] > lo + pd.Timedelta(days=(hi - lo).days // 2)
        for flag in (False, True):
            part = rr[late == flag]
            if len(part):
                calm[int(flag)] = (int(part["response"].isin(vocab.CALM_RESPONSES).sum()),
                                   len(part))
    return rr, calm


def _naive_wins(wr: pd.DataFrame, start: pd.Timestamp, end: pd.Timestamp, count_unit: str
                ) -> pd.DataFrame:
    """Wins per bucket by practice (top 7 + other) on a dense spine, and cumulative."""
    wranks = wr.groupby("practice").size().reset_index(name="c").sort_values(
        ["c", "practice"], ascending=[False, True])
    wtop = set(wranks["practice"].head(analytics.TOP_CATEGORIES))
    wg = wr.assign(group=wr["practice"].where(wr["practice"].isin(wtop), analytics.OTHER),
                   bucket=_bucket(wr["local_date"], count_unit))
    table = wg.groupby(["bucket", "group"]).size().unstack(fill_value=0)
    buckets = pd.period_range(start, end, freq=_PERIOD[count_unit]).start_time
    return table.reindex(buckets, fill_value=0).cumsum()


def _naive_heat(daily: pd.Series, year: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Year heatmap: every day of the year, and months with 5+ mood days compared."""
    first, last = pd.Timestamp(date(year, 1, 1)), pd.Timestamp(date(year, 12, 31))
    cells = daily.reindex(pd.date_range(first, last, freq="D"))
    heat = pd.DataFrame({"mood": cells, "week": _bucket(cells.index, "week"),
                         "dow": cells.index.day_of_week + 1})
    months = cells.dropna().groupby(cells.dropna().index.month).agg(["mean", "count"])
    return heat, months[months["count"] >= analytics.MONTH_MIN_DAYS]


def naive_trends(con: duckdb.DuckDBPyConnection, account: profiles.Account, rng: DateRange,
                 year: int) -> NaiveResult:
    """What a first version might do: load every row of the profile, then use pandas."""
    pid = account.id
    e = con.execute("SELECT * FROM entries WHERE profile_id = ?", [pid]).df()
    trig = con.execute("SELECT * FROM entry_triggers WHERE profile_id = ?", [pid]).df()
    emo = con.execute("SELECT * FROM entry_emotions WHERE profile_id = ?", [pid]).df()
    win = con.execute("SELECT * FROM wins WHERE profile_id = ?", [pid]).df()
    start, end = pd.Timestamp(rng.start), pd.Timestamp(rng.end)

    def in_range(frame: pd.DataFrame) -> pd.DataFrame:
        return frame[(frame["local_date"] >= start) & (frame["local_date"] <= end)]

    daily, frame, declines = _naive_mood(e, start, end, rng)
    quadrants, words = _naive_meter(in_range(e), in_range(emo))
    tr = in_range(trig)
    count_unit = analytics.count_bucket(rng.days)
    impact = _naive_triggers(tr, daily.loc[start:end], count_unit)
    rr, calm = _naive_responses(tr, rng)
    wr = in_range(win)
    cum = _naive_wins(wr, start, end, count_unit)
    heat, months = _naive_heat(daily, year)
    return NaiveResult(
        mood_days=int(frame["mood"].count()), mood_mean=float(frame["mood"].mean()),
        declines=declines, quadrants=quadrants,
        emotions=[(str(w), int(n)) for w, n in zip(words["word"], words["n"], strict=True)],
        trigger_total=len(tr), impact=impact, responses=len(rr),
        calm=(calm[0], calm[1]), wins=len(wr),
        wins_cum={str(k): int(v) for k, v in cum.iloc[-1].items()} if len(cum.columns) else {},
        heat_days=int(heat["mood"].count()),
        extra={"best_month": int(months["mean"].idxmax()) if len(months) else None},
    )


def same_results(naive: NaiveResult, real: analytics.TrendsData) -> list[str]:
    """Differences between the naive and the DuckDB numbers (empty when they agree)."""
    problems = []

    def check(what: str, a: object, b: object) -> None:
        if isinstance(a, float) and isinstance(b, float):
            if not np.isclose(a, b):
                problems.append(f"{what}: {a} vs {b}")
        elif a != b:
            problems.append(f"{what}: {a} vs {b}")

    check("mood days", naive.mood_days, real.mood.days)
    check("mood mean", naive.mood_mean, float(real.mood.mean or 0.0))
    check("declines", naive.declines, [(d.first, d.last, d.days) for d in real.mood.declines])
    check("quadrants", {k: v for k, v in naive.quadrants.items() if v},
          {q: int(n) for q, n in zip(real.meter.quadrants["quadrant"],
                                     real.meter.quadrants["n"], strict=True) if n})
    check("emotions", naive.emotions, [(str(w), int(n)) for w, n in zip(
        real.meter.emotions["word"], real.meter.emotions["n"], strict=True)])
    check("triggers", naive.trigger_total, real.triggers.total)
    for row in real.impact.table.itertuples(index=False):
        mine = naive.impact.get(row.trigger)
        if mine is None:
            problems.append(f"impact: {row.trigger} missing")
            continue
        check(f"impact {row.trigger} days", (mine[0], mine[2]),
              (int(row.days_with), int(row.days_without)))
        check(f"impact {row.trigger} mood", mine[1], float(row.mood_with))
    check("responses", naive.responses, real.responses.total)
    check("calm halves", naive.calm, (real.responses.calm_early, real.responses.calm_late))
    check("wins", naive.wins, real.wins.total)
    last = real.wins.table.drop_duplicates("practice", keep="last")
    check("wins so far", naive.wins_cum,
          {str(p): int(c) for p, c in zip(last["practice"], last["cum"], strict=True)})
    check("heatmap days", naive.heat_days, real.heatmap.days)
    check("best month", naive.extra["best_month"],
          real.heatmap.best[0] if real.heatmap.best else None)
    return problems


# ---------------------------------------------------------------- the table


@dataclass
class Measures:
    journal: Journal
    pages: list[PageTime]
    trends_all: float | None
    save_ms: float
    after_save_ms: float
    compute_ms: float
    baseline_ms: float
    differences: list[str]

    def page(self, title: str) -> float | None:
        return next((p.ms for p in self.pages if p.title == title), None)


def measure(journal: Journal, runs: int, today: date, progress: Callable[[str], None]
            ) -> Measures:
    """Every number of one column of the table."""
    progress(f"({journal.label}) timing pages…")
    analytics.clear_cache()
    pages = time_pages(journal, runs)
    progress(f"({journal.label}) timing Trends, All time…")
    trends_all = time_page(journal, "pages/trends.py", "Trends", runs,
                           {K.T_RANGE: "all"}).ms
    con = connect(journal.path)
    try:
        rng = analytics.resolve_range("3m", today, None)
        progress(f"({journal.label}) timing aggregates and the naive baseline…")
        compute_ms = median_ms(
            lambda: analytics.compute_trends(con, journal.account, rng, rng.end.year), runs)
        baseline_ms = median_ms(
            lambda: naive_trends(con, journal.account, rng, rng.end.year), runs)
        differences = same_results(
            naive_trends(con, journal.account, rng, rng.end.year),
            analytics.compute_trends(con, journal.account, rng, rng.end.year))
    finally:
        con.close()
    progress(f"({journal.label}) timing saves…")
    save_ms = time_saves(journal, max(runs, 15), today)
    after_save_ms = time_trends_after_save(journal, runs, today)
    return Measures(journal, pages, trends_all, save_ms, after_save_ms, compute_ms,
                    baseline_ms, differences)


def _fmt(ms: float | None, target: float | None = None) -> str:
    if ms is None:
        return "error"
    mark = "      " if target is None else ("  ok  " if ms <= target else "  MISS")
    return f"{ms:7.1f} ms{mark}"


def render(results: list[Measures], runs: int, years: float) -> str:
    """The benchmark table (plain text, ready for the README)."""
    labels = {"a": "(a) 1 profile", "b": f"(b) {results[-1].journal.profiles} profiles"}
    head = [f"{'':44}" + "".join(f"{labels[m.journal.label]:>22}" for m in results)]
    lines = []

    def row(name: str, cells: list[str]) -> None:
        lines.append(f"{name:44}" + "".join(f"{c:>22}" for c in cells))

    titles = [p.title for p in results[0].pages]
    for title in titles:
        cells = []
        for m in results:
            page = next(p for p in m.pages if p.title == title)
            cells.append(_fmt(page.ms, PAGE_TARGET_MS[m.journal.label]) if page.ms is not None
                         else f"error: {page.error[:12]}")
        row(f"Page {title} (warm rerun median)", cells)
    row("Page Trends, All time (warm rerun median)",
        [_fmt(m.trends_all, PAGE_TARGET_MS[m.journal.label]) for m in results])
    row("Trends rerun right after a save", [_fmt(m.after_save_ms) for m in results])
    row("Save one entry (entries.save_entry)", [_fmt(m.save_ms, SAVE_TARGET_MS)
                                                for m in results])
    row("Trends aggregates in DuckDB, no cache", [_fmt(m.compute_ms) for m in results])
    row("Naive baseline: all rows into pandas", [_fmt(m.baseline_ms) for m in results])
    ratio_cells = []
    for m in results:
        trends = m.page("Trends")
        if trends:
            ratio = m.baseline_ms / trends
            ratio_cells.append(f"{ratio:6.1f} x " + ("  ok  " if ratio >= BASELINE_MIN_RATIO
                                                     else "  MISS"))
        else:
            ratio_cells.append("n/a")
    row("Baseline / Trends page (target >= 3x)", ratio_cells)
    row("Baseline / DuckDB aggregates, no cache",
        [f"{m.baseline_ms / m.compute_ms:6.1f} x       " for m in results])
    row("Baseline gives the same numbers",
        ["yes      " if not m.differences else "NO       " for m in results])
    sizes = ", ".join(f"{labels[m.journal.label]}: {m.journal.entries:,} entries"
                      for m in results)
    notes = [
        "",
        f"{years:g} years of daily demo entries per profile ({sizes}); medians of {runs} runs "
        "after a warm-up, on this machine "
        f"({os.cpu_count()} cores). Targets: pages <= 50 ms (a) / 60 ms (b), save <= 20 ms.",
        "Profiles were created with STEADY_FAST_KDF=1 (cheap key derivation) in this process "
        "only; nothing measured depends on it.",
        "Trends shows the last 3 months by default; the aggregates and the baseline are for that "
        "range plus this year's heatmap.",
        f"Load average at the end of the run: {os.getloadavg()[0]:.1f} (other jobs share the "
        "machine, so compare columns of one run rather than runs).",
    ]
    for m in results:
        for problem in m.differences:
            notes.append(f"({m.journal.label}) baseline differs: {problem}")
    return "\n".join(head + lines + notes)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m benchmarks.pages",
                                description="time every page, saving, and Trends against a "
                                            "naive baseline")
    p.add_argument("--runs", type=int, default=9, help="timed runs per measure (default 9)")
    p.add_argument("--profiles", type=int, default=100,
                   help="profiles in journal (b) (default 100)")
    p.add_argument("--years", type=float, default=10.0, help="years per profile (default 10)")
    p.add_argument("--quick", action="store_true",
                   help="smoke test: 3 months, 3 profiles, 3 runs")
    p.add_argument("--dir", help="where to build the journals (default: a temp folder, "
                                 "removed afterwards)")
    return p.parse_args(argv)


def _quiet_streamlit() -> None:
    """Hide Streamlit's "missing ScriptRunContext" warnings, which every AppTest run prints.

    Only this bench process is affected (Streamlit's in-memory config and its loggers).
    """
    from streamlit import config, logger

    config.get_config_options()       # parse now, so a later parse can't reset the levels
    config.set_option("logger.level", "error")
    logger.set_log_level("error")


def main(argv: list[str] | None = None) -> int:
    """Build the journals, measure, print the table; exit 1 if a target is missed."""
    args = parse_args(argv)
    _quiet_streamlit()
    if args.quick:
        args.runs, args.profiles, args.years = min(args.runs, 3), min(args.profiles, 3), 0.25
    runs = max(1, args.runs)
    folder = Path(args.dir) if args.dir else Path(tempfile.mkdtemp(prefix="steady-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    today = date.today()
    end = today - timedelta(days=1)

    def progress(text: str) -> None:
        print(text, file=sys.stderr, flush=True)

    try:
        progress(f"building (a): 1 profile, {args.years:g} years daily…")
        a = build_journal("a", folder / "bench-a.duckdb", 1, args.years, end, progress)
        progress(f"building (b): {args.profiles} profiles, {args.years:g} years daily each…")
        b = build_journal("b", folder / "bench-b.duckdb", max(1, args.profiles), args.years,
                          end, progress)
        results = [measure(j, runs, today, progress) for j in (a, b)]
        print(render(results, runs, args.years))
        misses = [m for m in results
                  if any(p.ms is None or p.ms > PAGE_TARGET_MS[m.journal.label]
                         for p in m.pages)
                  or m.save_ms > SAVE_TARGET_MS or m.differences]
        return 1 if misses else 0
    finally:
        if not args.dir:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
