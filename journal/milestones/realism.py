"""The realism check: a proposed target compared with the person's own recent weeks.

Why: before saving, a big jump is named kindly and a stepped plan (intermediate milestones
with dates) is offered, because big jumps tend to fade and smaller steps tend to last.
"""

from __future__ import annotations

import math
from datetime import date, timedelta

import duckdb

from journal.account import Account
from journal.milestones.measures import MEASURES, Measure
from journal.milestones.model import RealismCheck, validate_target
from journal.milestones.progress import Window, window_values
from journal.timeutil import long_date

BASELINE_MAX_WEEKS = 8
BASELINE_MIN_WEEKS = 4
MIN_STEP_DAYS = 14
MAX_STEPS = 4           # a plan offers at most this many steps; revisit the target after them
DEFAULT_STEP_DAYS = 21


def baseline(
    con: duckdb.DuckDBPyConnection, account: Account, measure: str, today: date,
    practice: str | None = None,
) -> tuple[float | None, int]:
    """The person's own level over their last 4-8 complete weeks (None if under 4 weeks).

    Counts are averaged per week; the rolling measures (calm share, mood) are taken over the
    28 days before today, exactly as each week's value is.
    """
    m = MEASURES[measure]
    row = con.execute(
        "SELECT min(local_date) FROM entries WHERE profile_id = ? AND local_date < ?",
        [account.id, today],
    ).fetchone()
    first = row[0] if row else None
    if first is None:
        return None, 0
    weeks = min(BASELINE_MAX_WEEKS, (today - first).days // 7)
    if weeks < BASELINE_MIN_WEEKS:
        return None, 0
    end = today - timedelta(days=1)
    start = today - timedelta(days=28 if m.rolling_28 else 7 * weeks)
    window = Window(m.key, practice or m.default_practice, start, end, float(weeks))
    value, _sample = window_values(con, account, [window])[0]
    return value, weeks


def stepped_plan(
    measure: str, baseline_value: float, target: float, start: date,
    target_date: date | None = None,
) -> list[tuple[date, float]]:
    """Intermediate (date, target) steps from the baseline towards the target, evenly spaced.

    Each step changes by at most a comfortable amount (the measure's step, or a quarter of the
    baseline for counts), and gets at least two weeks: if the chosen date is too close for that,
    the plan runs past it rather than cramming. A target more than MAX_STEPS comfortable steps
    away gets only the first MAX_STEPS steps: set the next target once you are there.
    """
    m = MEASURES[measure]
    gap = target - baseline_value
    comfortable = max(m.step, m.rel_step * abs(baseline_value))
    n = max(1, math.ceil(abs(gap) / comfortable - 1e-9))
    if target_date is not None and (target_date - start).days / n >= MIN_STEP_DAYS:
        per_step = (target_date - start).days / n
    else:
        per_step = float(MIN_STEP_DAYS if target_date is not None else DEFAULT_STEP_DAYS)
    steps: list[tuple[date, float]] = []
    for i in range(1, min(n, MAX_STEPS) + 1):
        value = target if i == n else m.rounded(baseline_value + gap * i / n)
        day = start + timedelta(days=round(per_step * i))
        if i == n and target_date is not None and day < target_date:
            day = target_date
        if steps and steps[-1][1] == value:
            steps[-1] = (day, value)
            continue
        steps.append((day, value))
    return steps


def realism_check(
    con: duckdb.DuckDBPyConnection,
    account: Account,
    measure: str,
    target: float,
    today: date,
    *,
    practice: str | None = None,
    target_date: date | None = None,
    start: date | None = None,
) -> RealismCheck:
    """Compare a proposed target with the person's own recent weeks, before it is saved."""
    m = validate_target(measure, target)
    target = float(target)
    base, weeks = baseline(con, account, measure, today, practice)
    if base is None:
        return _without_baseline(m, target, start or today, target_date)
    base_text = f"{m.fmt(m.rounded(base) if not m.per_week else round(base, 1))}"
    over = f"over your last {weeks} weeks" if not m.rolling_28 else "over the last 28 days"
    gap = target - base
    if (gap <= 0) if m.direction == "up" else (gap >= 0):
        return RealismCheck(
            measure, target, base, weeks, "already",
            f"You're already around {base_text} {over}, so this target is within reach. "
            "Keeping it steady is a fine goal; a small stretch is fine too.",
            suggested_target=target,
        )
    comfortable = max(m.step, m.rel_step * abs(base))
    if abs(gap) <= comfortable + 1e-9:
        return RealismCheck(
            measure, target, base, weeks, "modest",
            f"A realistic step from your recent {base_text} {over}.",
            suggested_target=target,
        )
    return _large_jump(m, target, base, weeks, f"{base_text} {over}", start or today,
                       target_date)


def _without_baseline(
    m: Measure, target: float, start: date, target_date: date | None
) -> RealismCheck:
    """Under a month of entries: suggest a modest first target (or build up to a big one)."""
    no_month = "There isn't a month of entries to compare with yet"
    if m.modest is None:
        message = (f"{no_month}. A kind first step is to note your responses for four "
                   "weeks, then set a target from what you see. You can still save this "
                   "one now.")
    elif abs(target - m.modest) > max(m.step, m.rel_step * m.modest) + 1e-9 and not m.met(
            m.modest, target):
        # Far beyond a modest start: build up to it from the modest first target.
        plan = stepped_plan(m.key, m.modest - m.step, target, start, target_date)
        return RealismCheck(
            m.key, target, None, 0, "large",
            f"{no_month}, and {m.fmt(target)} is a lot to begin with. Starting small "
            f"tends to last: {m.fmt(m.modest)} is a kind first target, and a stepped "
            f"plan builds up from there in {len(plan)} steps"
            f"{'' if plan[-1][1] == target else ' (then set the next target)'}.",
            plan, suggested_target=m.modest,
        )
    elif not m.met(m.modest, target):
        message = (f"{no_month}, so start small: {m.fmt(m.modest)} is a kind first "
                   "target. You can raise it once a few weeks show what's realistic.")
    else:
        message = (f"{no_month}; a modest first target like this one is a good start.")
    return RealismCheck(m.key, target, None, 0, "no_baseline", message,
                        suggested_target=m.modest)


def _large_jump(
    m: Measure, target: float, base: float, weeks: int, recent: str, start: date,
    target_date: date | None,
) -> RealismCheck:
    """A big jump from the recent level (`recent`, in words): named kindly, with a plan."""
    plan = stepped_plan(m.key, base, target, start, target_date)
    first_day, first_value = plan[0]
    last_day, last_value = plan[-1]
    steps = "one step" if len(plan) == 1 else f"{len(plan)} steps"
    message = (
        f"That's a big jump from your recent {recent}. Big jumps tend to fade after "
        "a few weeks; smaller steps tend to last. "
    )
    if last_value != target:
        message += (
            f"A stepped plan takes {steps} towards it, reaching {m.fmt(last_value)} by "
            f"{long_date(last_day)}; from there you can set the next target."
        )
    else:
        message += (
            f"A stepped plan gets there in {steps}, starting with {m.fmt(first_value)} by "
            f"{long_date(first_day)}."
        )
        if target_date is not None and last_day > target_date:
            message += (f" Your date leaves less than two weeks per step, so the plan runs "
                        f"to {long_date(last_day)}.")
    return RealismCheck(m.key, target, base, weeks, "large", message, plan,
                        suggested_target=first_value)
