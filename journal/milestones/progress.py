"""Progress per week and the status rules: on track, behind, reached, paused (never a streak).

Why it looks like this: progress is counted per week from the milestone's start. There is no
streak: a quiet week is one low bar in the chart, and status looks at the recent weeks together,
so one missed week never wipes anything out. All weekly values come from one DuckDB query.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

import duckdb

from journal import cache, vocab
from journal.account import Account
from journal.cache import cached, data_version
from journal.errors import NotFound
from journal.milestones.measures import MEASURES, WEEK, Measure
from journal.milestones.model import (
    ORDER,
    WIN_SOURCE,
    Milestone,
    Overview,
    PeriodProgress,
    Row,
    Status,
)
from journal.milestones.store import read_rows
from journal.timeutil import long_date, short_date

REACH_WINDOW = 3        # look at this many recent complete weeks together...
REACH_NEEDED = 2        # ...and call the target reached when it was met in this many of them
MAX_PERIODS_SHOWN = 104
CONTEXT_WEEKS = 4       # weeks before the start shown in grey, so the starting level is visible


# Cumulative daily totals: the total over any window [vs, ve] is cum(ve) - cum(vs - 1), so one
# small query answers every week of every milestone (and the baseline) at once. Each source
# contributes its own columns (0 elsewhere); wins get one column per practice in use.
FACTS = ("check_ins", "repairs", "mood_sum", "mood_n", "responded", "calm", "withdrew",
         "paused_or_reached")
_FROM_ENTRIES = {
    "check_ins": "CAST(kind = 'check_in' AS INTEGER)",
    "repairs": "CAST(kind = 'repair' AS INTEGER)",
    "mood_sum": "coalesce(mood, 0)",
    "mood_n": "CAST(mood IS NOT NULL AS INTEGER)",
}
_FROM_TRIGGERS = {
    "responded": "CAST(response IS NOT NULL AS INTEGER)",
    "calm": "CAST(coalesce(list_contains(?::VARCHAR[], response), false) AS INTEGER)",
    "withdrew": "CAST(coalesce(response = 'withdrew', false) AS INTEGER)",
    "paused_or_reached": "CAST(coalesce(response IN ('paused', 'reached_out'), false) AS INTEGER)",
}


def _facts_sql(n_practices: int) -> str:
    """The cumulative-totals query for `n_practices` practice columns (fixed text, `?` values).

    The win recorded when a milestone is reached is left out, so reaching one step of a plan
    never counts towards the next.
    """
    columns = [*FACTS, *(f"p{i}" for i in range(n_practices))]

    def part(exprs: dict[str, str]) -> str:
        return ", ".join(f"{exprs.get(c, '0')} AS {c}" for c in columns)

    wins = {f"p{i}": "CAST(practice = ? AS INTEGER)" for i in range(n_practices)}
    sql = (
        f"WITH f AS (SELECT local_date AS d, {part(_FROM_ENTRIES)} FROM entries "  # noqa: S608
        "WHERE profile_id = ? AND local_date BETWEEN ? AND ? "
        f"UNION ALL SELECT local_date, {part(_FROM_TRIGGERS)} FROM entry_triggers "
        "WHERE profile_id = ? AND local_date BETWEEN ? AND ?"
    )
    if n_practices:
        sql += (
            f" UNION ALL SELECT local_date, {part(wins)} FROM wins x "  # noqa: S608
            "WHERE profile_id = ? AND local_date BETWEEN ? AND ? "
            "AND list_contains(?::VARCHAR[], practice) "
            "AND entry_id NOT IN (SELECT id FROM entries WHERE profile_id = ? "
            "AND local_date BETWEEN ? AND ? AND source = ?)"
        )
    sums = ", ".join(f"sum(sum({c})) OVER w" for c in columns)
    # Only fixed column names are formatted in; every value is a `?` parameter.
    return sql + f") SELECT d, {sums} FROM f GROUP BY d WINDOW w AS (ORDER BY d) ORDER BY d"  # noqa: S608


@dataclass(frozen=True)
class Window:
    """Days whose totals give one value of a measure (`weeks` long, for per-week counts)."""

    measure: str
    practice: str
    start: date
    end: date
    weeks: float


def window_values(
    con: duckdb.DuckDBPyConnection, account: Account, windows: list[Window]
) -> list[tuple[float | None, int | None]]:
    """Value (and sample size) of each window, in order, from one DuckDB query."""
    if not windows:
        return []
    lo = min(w.start for w in windows)
    hi = max(w.end for w in windows)
    practices = sorted({w.practice for w in windows if MEASURES[w.measure].uses_practice})
    params: list[object] = [account.id, lo, hi, list(vocab.CALM_RESPONSES), account.id, lo, hi]
    if practices:
        params += [*practices, account.id, lo, hi, practices, account.id, lo, hi, WIN_SOURCE]
    rows = con.execute(_facts_sql(len(practices)), params).fetchall()
    days = [r[0] for r in rows]
    zero = (0,) * (len(FACTS) + len(practices))

    def cum(day: date) -> tuple:
        """Totals from `lo` up to and including `day` (the last day with data at or before)."""
        i = bisect_right(days, day)
        return rows[i - 1][1:] if i else zero

    out: list[tuple[float | None, int | None]] = []
    for w in windows:
        first, last = cum(w.start - timedelta(days=1)), cum(w.end)
        totals = {name: last[i] - first[i] for i, name in enumerate(FACTS)}
        if MEASURES[w.measure].uses_practice:
            i = len(FACTS) + practices.index(w.practice)
            totals["practice_wins"] = last[i] - first[i]
        out.append(MEASURES[w.measure].value(totals, w.weeks))
    return out


def _value_window(measure: Measure, practice: str, start: date, end: date) -> Window:
    """The days a week's value is computed over (28 days back for the rolling measures)."""
    vs = end - timedelta(days=27) if measure.rolling_28 else start
    return Window(measure.key, practice, vs, end, 1.0)


def _weeks(start: date, until: date) -> list[tuple[date, date]]:
    """Weeks counted from `start`, up to the one containing `until`."""
    if until < start:
        return []
    count = (until - start).days // 7 + 1
    first = max(0, count - MAX_PERIODS_SHOWN)
    return [(start + WEEK * i, start + WEEK * i + timedelta(days=6)) for i in range(first, count)]


def planned_value(
    baseline: float | None, target: float, start: date, target_date: date, day: date
) -> float | None:
    """Where a straight path from the baseline at the start to the target would be on `day`."""
    if baseline is None:
        return None
    span = (target_date - start).days + 1
    frac = min(1.0, max(0.0, ((day - start).days + 1) / span))
    return baseline + (target - baseline) * frac


def clear_cache() -> None:
    """Forget cached weekly values (tests, benchmarks)."""
    cache.clear()


def _progress_cached(
    con: duckdb.DuckDBPyConnection, account: Account, rows: list[Row], today: date,
    context_weeks: int = 0,
) -> dict[int, list[PeriodProgress]]:
    """_progress_many, reused until an entry or a milestone's definition changes."""
    shape = tuple((r.id, r.measure, r.practice, r.target, r.baseline, r.start, r.target_date)
                  for r in rows)
    key = (data_version(con, account), "progress", today, context_weeks, shape)
    return cached(key, lambda: _progress_many(con, account, rows, today, context_weeks))


def _progress_many(
    con: duckdb.DuckDBPyConnection,
    account: Account,
    items: list[Row],
    today: date,
    context_weeks: int = 0,
) -> dict[int, list[PeriodProgress]]:
    """Weekly progress of several milestones with one query."""
    plan: list[tuple[int, date, date, bool]] = []
    windows: list[Window] = []
    for item in items:
        measure = MEASURES[item.measure]
        weeks = [(item.start - WEEK * i, item.start - WEEK * i + timedelta(days=6))
                 for i in range(context_weeks, 0, -1)]
        for ws, we in weeks + _weeks(item.start, today):
            plan.append((item.id, ws, we, ws < item.start))
            windows.append(_value_window(measure, item.practice, ws, min(we, today)))
    values = window_values(con, account, windows)
    out: dict[int, list[PeriodProgress]] = {item.id: [] for item in items}
    by_id = {item.id: item for item in items}
    for (mid, ws, we, before), (value, sample) in zip(plan, values, strict=True):
        item = by_id[mid]
        measure = MEASURES[item.measure]
        complete = we < today
        out[mid].append(PeriodProgress(
            start=ws, end=we, value=value, target=item.target,
            planned=None if before else planned_value(
                item.baseline, item.target, item.start, item.target_date, we),
            met=measure.met(value, item.target) if complete and not before else None,
            complete=complete, before_start=before, sample=sample,
        ))
    return out


# ---------------------------------------------------------------- status rules


def first_reached(periods: list[PeriodProgress], total_weeks: int) -> date | None:
    """End of the first week where the target was met in 2 of the last 3 complete weeks.

    Why "2 of 3": one missed week neither blocks reaching a target nor undoes it; weeks with
    nothing to count (no triggers noted, no moods) count neither way.
    """
    needed = min(REACH_NEEDED, max(1, total_weeks))
    done = [p for p in periods if p.complete and not p.before_start]
    for i in range(len(done)):
        window = done[max(0, i - REACH_WINDOW + 1): i + 1]
        if sum(1 for p in window if p.met) >= needed:
            return done[i].end
    return None


def judge(
    periods: list[PeriodProgress], milestone: Row | Milestone, today: date
) -> Status:
    """Status from the weekly values: paused, reached, on track or behind (never a streak)."""
    measure = MEASURES[milestone.measure]
    done = [p for p in periods if p.complete and not p.before_start]
    recent_vals = [p.value for p in done[-REACH_WINDOW:] if p.value is not None]
    latest = recent_vals[-1] if recent_vals else None
    if milestone.paused:
        return Status("paused", "Paused. Nothing is counted against you while it rests; "
                      "resume whenever you're ready.", latest, milestone.reached_on)
    total_weeks = -(-((milestone.target_date - milestone.start).days + 1) // 7)
    reached = milestone.reached_on or first_reached(periods, total_weeks)
    if reached:
        return Status("reached", f"Reached in the week ending {long_date(reached)}. "
                      "That's a real win; it's on your wins too.", latest, reached)
    if not done:
        return Status("on_track", "The first week is under way. Progress shows once it ends.",
                      latest)
    if not recent_vals:
        return Status("on_track", "Nothing to count in recent weeks yet. Quiet weeks are "
                      "part of the picture, not a failure.", latest)
    if len(recent_vals) < 2:
        return Status("on_track", "Early days: one week counted so far. The picture forms "
                      "over a few weeks, so no single week decides anything.", latest)
    recent = sum(recent_vals) / len(recent_vals)
    baseline = milestone.baseline
    if baseline is None:
        baseline = next((p.value for p in done if p.value is not None), None)
    planned = planned_value(baseline, milestone.target, milestone.start,
                            milestone.target_date, done[-1].end)
    weeks_text = "week" if len(recent_vals) == 1 else f"{len(recent_vals)} weeks"
    recent_text = f"Your recent {weeks_text}: {measure.fmt(recent)}"
    if planned is None or measure.met(recent, planned):
        return Status("on_track", f"{recent_text}, in line with the plan "
                      f"({measure.fmt(planned if planned is not None else recent)} by now).",
                      latest)
    past_date = today > milestone.target_date
    tail = (" The date has passed: a review can help you choose to keep going, "
            "change the target, or set a new date." if past_date else
            " Slower weeks are part of the trend, not the end of it; a review can help "
            "decide whether to adjust.")
    return Status("behind", f"{recent_text}; the plan had {measure.fmt(planned)} by now."
                  + tail, latest)


# ---------------------------------------------------------------- storage



# ---------------------------------------------------------------- reading milestones


def _add_months(day: date, months: int) -> date:
    """The same day `months` later, or the month's last day when it is shorter."""
    month = day.month - 1 + months
    year = day.year + month // 12
    month = month % 12 + 1
    for dom in (day.day, 30, 29, 28):
        try:
            return date(year, month, dom)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def next_review(cadence: str, start: date, last_review: date | None) -> date:
    """When the next cadence review falls: one cadence after the last review (or the start)."""
    base = last_review or start
    if cadence == "monthly":
        return _add_months(base, 1)
    return base + timedelta(days=14 if cadence == "fortnightly" else 7)


def _milestone(
    row: Row, status: Status, today: date, periods: list[PeriodProgress]
) -> Milestone:
    due = next_review(row.cadence, row.start, row.last_review)
    return Milestone(
        id=row.id, title=row.title, practice=row.practice, measure=row.measure,
        target=row.target, start=row.start, target_date=row.target_date, cadence=row.cadence,
        status=status.key, paused=row.paused, baseline=row.baseline,
        reached_on=row.reached_on or status.reached_on, plan_id=row.plan_id,
        plan_step=row.plan_step, plan_steps=row.plan_steps, template=row.template,
        created_utc=row.created_utc, note=status.note, latest=status.latest,
        last_review=row.last_review, next_review=due,
        review_due=status.key not in ("reached", "paused") and due <= today,
        periods=periods,
    )


def evaluate(
    con: duckdb.DuckDBPyConnection, account: Account, rows: list[Row], today: date
) -> list[Milestone]:
    """Milestones with their status, in listing order (active, then paused, then reached)."""
    by_id = _progress_cached(con, account, rows, today, context_weeks=CONTEXT_WEEKS)
    out = [_milestone(r, judge(by_id[r.id], r, today), today, by_id[r.id]) for r in rows]
    return sorted(out, key=lambda m: (ORDER[m.status], m.target_date, m.id))


def list_milestones(
    con: duckdb.DuckDBPyConnection, account: Account, today: date | None = None
) -> list[Milestone]:
    """The profile's milestones with their status (active first, then paused, then reached)."""
    today = today or date.today()
    return evaluate(con, account, read_rows(con, account), today)


def get_milestone(
    con: duckdb.DuckDBPyConnection, account: Account, milestone_id: int,
    today: date | None = None,
) -> Milestone:
    """One milestone of the signed-in profile, or NotFound."""
    rows = read_rows(con, account, milestone_id)
    if not rows:
        raise NotFound("That milestone isn't in your journal (it may have been deleted).")
    return evaluate(con, account, rows, today or date.today())[0]


def progress(
    con: duckdb.DuckDBPyConnection, account: Account, milestone_id: int,
    today: date | None = None, context_weeks: int = 0,
) -> list[PeriodProgress]:
    """Actual value per week since the start (optionally a few weeks before it) vs target."""
    rows = read_rows(con, account, milestone_id)
    if not rows:
        raise NotFound("That milestone isn't in your journal (it may have been deleted).")
    return _progress_cached(con, account, rows, today or date.today(), context_weeks)[rows[0].id]


def status(
    con: duckdb.DuckDBPyConnection, account: Account, milestone_id: int,
    today: date | None = None,
) -> Status:
    """On track / behind / reached / paused, with one gentle sentence."""
    today = today or date.today()
    rows = read_rows(con, account, milestone_id)
    if not rows:
        raise NotFound("That milestone isn't in your journal (it may have been deleted).")
    return judge(_progress_cached(con, account, rows, today)[rows[0].id], rows[0], today)



def overview(
    con: duckdb.DuckDBPyConnection, account: Account, today: date | None = None
) -> Overview:
    """List milestones, and those reached whose win isn't recorded yet (a read: writes nothing).

    Recording those wins is `journal.milestones.wins.record_reached`, called where data changes.
    """
    today = today or date.today()
    rows = {r.id: r for r in read_rows(con, account)}
    listed = evaluate(con, account, list(rows.values()), today)
    return Overview(listed, unrecorded(listed, rows))


def unrecorded(listed: list[Milestone], rows: dict[int, Row]) -> list[Milestone]:
    """Milestones reached by the rules whose reaching (and win) isn't stored yet."""
    return [m for m in listed if m.status == "reached" and rows[m.id].reached_on is None
            and m.reached_on is not None]


# ---------------------------------------------------------------- glance for other pages


def glance(milestones: Iterable[Milestone], today: date) -> list[str]:
    """One plain line per milestone that matters this week (for the Weekly review)."""
    lines = []
    for m in milestones:
        if m.status == "reached" and m.reached_on and (today - m.reached_on).days > 13:
            continue
        latest = m.measure_def.fmt(m.latest) if m.latest is not None else "no data yet"
        lines.append(f"{m.title}: {m.status_label.lower()} · last week {latest} · target "
                     f"{m.target_text} by {short_date(m.target_date)}")
    return lines

