"""Realistic milestones: a practice, a measure the journal can compute, a target and a date.

Why it looks like this:

* Every measure is computed by DuckDB from what the person already writes (entry kinds,
  triggers and responses, wins, moods), so a milestone never asks for extra bookkeeping.
* Progress is counted per week from the milestone's start. There is no streak: a quiet week is
  one low bar in the chart, and status looks at the recent weeks together, so one missed week
  never wipes anything out.
* Before saving, the target is compared with the person's own recent weeks; a big jump is
  named kindly and a stepped plan (intermediate milestones with dates) is offered.
* Reaching a milestone records a win (a small entry of kind "win"), so it shows up wherever
  wins are celebrated.
* Titles, review answers and reasons for changes are free text, so they are sealed.
"""

from __future__ import annotations

import math
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING

import altair as alt
import duckdb

from . import cache, vocab
from .cache import cached, data_version
from .db import transaction, utcnow
from .entries import EntryInput, WinItem, save_entry
from .errors import NotFound, ValidationError
from .profiles import Account

if TYPE_CHECKING:
    import pyarrow as pa

MAX_TITLE_CHARS = 120
WEEK = timedelta(days=7)
BASELINE_MAX_WEEKS = 8
BASELINE_MIN_WEEKS = 4
REACH_WINDOW = 3        # look at this many recent complete weeks together...
REACH_NEEDED = 2        # ...and call the target reached when it was met in this many of them
MIN_STEP_DAYS = 14
MAX_STEPS = 4           # a plan offers at most this many steps; revisit the target after them
DEFAULT_STEP_DAYS = 21
MAX_PERIODS_SHOWN = 104
CONTEXT_WEEKS = 4       # weeks before the start shown in grey, so the starting level is visible
WIN_SOURCE = "milestone"   # entries.source of the win recorded when a milestone is reached

CADENCES: dict[str, str] = {
    "weekly": "Every week",
    "fortnightly": "Every two weeks",
    "monthly": "Every month",
}

STATUSES: dict[str, str] = {
    "on_track": "On track",
    "behind": "Behind for now",
    "reached": "Reached",
    "paused": "Paused",
}
_ORDER = {"behind": 0, "on_track": 0, "paused": 1, "reached": 2}   # listing order

# Okabe-Ito colours: distinguishable with the common colour-vision differences.
_BLUE, _SKY, _ORANGE, _GREY, _LIGHT = "#0072B2", "#56B4E9", "#E69F00", "#999999", "#D9D9D9"
_STATE_COLOURS = {
    "Target met": _BLUE,
    "Below target": _SKY,
    "This week so far": _GREY,
    "Before the start": _LIGHT,
}


# ---------------------------------------------------------------- measures


@dataclass(frozen=True)
class Measure:
    """Something the journal can compute per week, and how to talk about it."""

    key: str
    label: str
    unit: str                 # short unit for axes and numbers ("a week", "%", "/ 5")
    axis: str                 # y-axis title of the progress chart
    how: str                  # one sentence: how it is computed (shown to the person)
    direction: str            # "up": higher is the goal; "down": lower is the goal
    numerator: str            # which window total is counted (see _FACTS, "practice_wins")
    low: float                # smallest allowed target
    high: float               # largest allowed target
    step: float               # a comfortable change per step of a plan
    rel_step: float = 0.0     # ...or this share of the baseline, whichever is larger
    modest: float | None = None   # first target to suggest when there is no baseline
    decimals: int = 0
    per_week: bool = True     # a count, divided by the weeks in the window
    rolling_28: bool = False  # value over the 28 days ending each week, not the week alone
    uses_practice: bool = False
    denominator: str | None = None  # ...divided by this total (a share or a mean), if any
    scale: float = 1.0        # e.g. 100 for a percentage
    default_practice: str = "check_in"

    def fmt(self, value: float | None) -> str:
        """The value as a person reads it ("2 a week", "60%", "3.4 / 5")."""
        if value is None:
            return "no data yet"
        if self.per_week:
            number = f"{value:.0f}" if float(value).is_integer() else f"{value:.1f}"
            return f"{number} a week"
        if self.unit == "%":
            return f"{value:.0f}%"
        return f"{value:.{self.decimals}f} {self.unit}"

    def value(self, totals: dict[str, int], weeks: float) -> tuple[float | None, int | None]:
        """(value, sample size) from a window's totals; None when there is nothing to count."""
        num = float(totals[self.numerator])
        if self.denominator is None:
            return (num / weeks if self.per_week else num), None
        den = int(totals[self.denominator])
        return (self.scale * num / den if den else None), den

    @property
    def sample(self) -> str | None:
        """What the sample size counts, for tooltips."""
        if self.denominator is None:
            return None
        return "Triggers with a response" if self.denominator == "responded" else "Moods noted"

    def rounded(self, value: float) -> float:
        """Round a target to the precision people set it in (halves up, as people expect)."""
        factor = 10 ** self.decimals
        return math.floor(value * factor + 0.5 + 1e-9) / factor

    def met(self, value: float | None, target: float) -> bool | None:
        """Whether a period's value meets the target (None when there was nothing to count)."""
        if value is None:
            return None
        eps = 1e-9
        return value >= target - eps if self.direction == "up" else value <= target + eps


MEASURES: dict[str, Measure] = {
    m.key: m
    for m in (
        Measure(
            key="check_ins_per_week", axis="Check-ins a week",
            label="Check-ins per week", unit="a week",
            how="Entries of kind Check-in, counted per week.",
            direction="up", numerator="check_ins",
            low=1, high=14, step=1, rel_step=0.25, modest=1, default_practice="check_in",
        ),
        Measure(
            key="repairs_per_week", axis="Repair entries a week",
            label="Repair entries per week", unit="a week",
            how="Entries of kind Repair, counted per week.",
            direction="up", numerator="repairs",
            low=1, high=14, step=1, rel_step=0.25, modest=1, default_practice="repair",
        ),
        Measure(
            key="practice_wins_per_week", axis="Wins a week",
            label="Wins of a practice per week", unit="a week",
            how="Wins you noted for the chosen practice, counted per week.",
            direction="up", numerator="practice_wins",
            low=1, high=21, step=1, rel_step=0.25, modest=1, uses_practice=True,
            default_practice="stayed_engaged",
        ),
        Measure(
            key="calm_share", axis="Met calmly (%)",
            label="Triggers met calmly (28 days)", unit="%",
            how=("Of the triggers where you noted a response in the 28 days up to each week's "
                 "end, the share you met by pausing, self-soothing or reaching out calmly "
                 "(rather than withdrawing or pursuing)."),
            direction="up", numerator="calm", denominator="responded", scale=100.0,
            low=5, high=100, step=10, modest=50, per_week=False, rolling_28=True,
            default_practice="named_feeling",
        ),
        Measure(
            key="mood_28d", axis="Mood, 28-day mean (1–5)",
            label="28-day mean mood", unit="/ 5",
            how="Your mean mood (1 to 5) over the 28 days ending each week.",
            direction="up", numerator="mood_sum", denominator="mood_n",
            low=1, high=5, step=0.3, modest=3.0, decimals=1, per_week=False,
            rolling_28=True, default_practice="self_compassion",
        ),
        Measure(
            key="withdrawals_per_week", axis="Withdrawals a week",
            label="Times I withdrew per week", unit="a week",
            how="Triggers where you noted that you withdrew, counted per week (lower is the aim).",
            direction="down", numerator="withdrew",
            low=0, high=14, step=1, rel_step=0.25, modest=None,
            default_practice="stayed_engaged",
        ),
    )
}


# ---------------------------------------------------------------- templates


@dataclass(frozen=True)
class Template:
    """A common milestone, ready to adjust."""

    key: str
    title: str
    measure: str
    practice: str
    target: float
    weeks: int
    cadence: str
    why: str


TEMPLATES: dict[str, Template] = {
    t.key: t
    for t in (
        Template("weekly_check_in", "Keep a weekly check-in", "check_ins_per_week", "check_in",
                 1, 8, "weekly",
                 "A regular, unhurried check-in matters more than a long or perfect one."),
        Template("stay_engaged", "Stay in tense conversations", "practice_wins_per_week",
                 "stayed_engaged", 2, 10, "fortnightly",
                 "Noticing each time you stayed present makes the new habit visible."),
        Template("repair_quickly", "Repair after hard moments", "practice_wins_per_week",
                 "repair", 1, 8, "fortnightly",
                 "An apology, a clear change, then showing it: counted as repair wins."),
        Template("meet_triggers_calmly", "Meet triggers calmly", "calm_share", "named_feeling",
                 60, 12, "monthly",
                 "Pausing, soothing yourself or reaching out calmly instead of going quiet."),
        Template("withdraw_less", "Go quiet less often", "withdrawals_per_week",
                 "stayed_engaged", 1, 12, "fortnightly",
                 "Fewer withdrawals over a few months; one hard week doesn't undo it."),
        Template("steadier_month", "A steadier month", "mood_28d", "self_compassion",
                 3.5, 12, "monthly",
                 "Mood moves day to day; a 28-day mean shows the slower trend."),
    )
}


CUSTOM = "custom"


def template_defaults(key: str, today: date) -> dict[str, object]:
    """Form values for a template (or a blank custom milestone) starting today."""
    tpl = TEMPLATES.get(key)
    if tpl is None:
        m = MEASURES["practice_wins_per_week"]
        return {"title": "", "measure": m.key, "practice": m.default_practice,
                "target": m.modest or m.low, "start": today,
                "target_date": today + WEEK * 8, "cadence": "fortnightly"}
    return {"title": tpl.title, "measure": tpl.measure, "practice": tpl.practice,
            "target": tpl.target, "start": today, "target_date": today + WEEK * tpl.weeks,
            "cadence": tpl.cadence}


# ---------------------------------------------------------------- data types


@dataclass
class Milestone:
    """A milestone as the person set it, with its status computed for `today`."""

    id: int
    title: str
    practice: str
    measure: str
    target: float
    start: date
    target_date: date
    cadence: str
    status: str
    paused: bool
    baseline: float | None = None
    reached_on: date | None = None
    plan_id: int | None = None
    plan_step: int | None = None
    plan_steps: int | None = None
    template: str | None = None
    created_utc: datetime | None = None
    note: str = ""
    latest: float | None = None
    last_review: date | None = None
    next_review: date | None = None
    review_due: bool = False
    periods: list[PeriodProgress] = field(default_factory=list, repr=False)

    @property
    def measure_def(self) -> Measure:
        return MEASURES[self.measure]

    @property
    def status_label(self) -> str:
        return STATUSES[self.status]

    @property
    def target_text(self) -> str:
        """The target in words, e.g. "2 a week", "at most 1 a week", "60%"."""
        m = self.measure_def
        if m.direction == "down":
            return "none at all" if self.target == 0 else f"at most {m.fmt(self.target)}"
        return m.fmt(self.target)

    @property
    def summary(self) -> str:
        """One line: what is measured, the target and the date (plain text, no markup)."""
        m = self.measure_def
        what = (f"Wins for “{vocab.label(vocab.PRACTICES, self.practice)}” per week"
                if m.uses_practice else m.label)
        practice = ("" if m.uses_practice else
                    f" · practice: {vocab.label(vocab.PRACTICES, self.practice).lower()}")
        return f"{what}: target {self.target_text} by {long_date(self.target_date)}{practice}"


@dataclass(frozen=True)
class PeriodProgress:
    """One week of a milestone: the actual value against the target and the plan."""

    start: date
    end: date
    value: float | None
    target: float
    planned: float | None
    met: bool | None
    complete: bool
    before_start: bool = False
    sample: int | None = None


@dataclass(frozen=True)
class Status:
    """A milestone's status and one gentle sentence about it."""

    key: str
    note: str
    latest: float | None = None
    reached_on: date | None = None

    @property
    def label(self) -> str:
        return STATUSES[self.key]


@dataclass(frozen=True)
class RealismCheck:
    """How a proposed target compares with the person's own recent weeks."""

    measure: str
    target: float
    baseline: float | None
    baseline_weeks: int
    kind: str            # "no_baseline" | "already" | "modest" | "large"
    message: str
    stepped_plan: list[tuple[date, float]] = field(default_factory=list)
    suggested_target: float | None = None

    @property
    def large_jump(self) -> bool:
        return self.kind == "large"


@dataclass(frozen=True)
class MilestoneReview:
    """A cadence review saved with a milestone."""

    id: int
    milestone_id: int
    review_date: date
    worked: str
    didnt: str
    adjust: str
    created_utc: datetime


@dataclass(frozen=True)
class TargetChange:
    """A change of target or date, with the reason kept."""

    id: int
    milestone_id: int
    changed_on: date
    old_target: float
    new_target: float
    old_target_date: date
    new_target_date: date
    reason: str


@dataclass(frozen=True)
class Overview:
    """Everything the Milestones page lists, plus milestones reached just now."""

    milestones: list[Milestone]
    newly_reached: list[Milestone]

    @property
    def active(self) -> list[Milestone]:
        """Under way or paused: the ones worth a look this week."""
        return [m for m in self.milestones if m.status != "reached"]

    @property
    def reached(self) -> list[Milestone]:
        return [m for m in self.milestones if m.status == "reached"]


# ---------------------------------------------------------------- computing values


# Cumulative daily totals: the total over any window [vs, ve] is cum(ve) - cum(vs - 1), so one
# small query answers every week of every milestone (and the baseline) at once. Each source
# contributes its own columns (0 elsewhere); wins get one column per practice in use.
_FACTS = ("check_ins", "repairs", "mood_sum", "mood_n", "responded", "calm", "withdrew")
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
}


def _facts_sql(n_practices: int) -> str:
    """The cumulative-totals query for `n_practices` practice columns (fixed text, `?` values).

    The win recorded when a milestone is reached is left out, so reaching one step of a plan
    never counts towards the next.
    """
    columns = [*_FACTS, *(f"p{i}" for i in range(n_practices))]

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
class _Window:
    measure: str
    practice: str
    start: date
    end: date
    weeks: float


def _values(
    con: duckdb.DuckDBPyConnection, account: Account, windows: list[_Window]
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
    zero = (0,) * (len(_FACTS) + len(practices))

    def cum(day: date) -> tuple:
        """Totals from `lo` up to and including `day` (the last day with data at or before)."""
        i = bisect_right(days, day)
        return rows[i - 1][1:] if i else zero

    out: list[tuple[float | None, int | None]] = []
    for w in windows:
        first, last = cum(w.start - timedelta(days=1)), cum(w.end)
        totals = {name: last[i] - first[i] for i, name in enumerate(_FACTS)}
        if MEASURES[w.measure].uses_practice:
            i = len(_FACTS) + practices.index(w.practice)
            totals["practice_wins"] = last[i] - first[i]
        out.append(MEASURES[w.measure].value(totals, w.weeks))
    return out


def _value_window(measure: Measure, practice: str, start: date, end: date) -> _Window:
    """The days a week's value is computed over (28 days back for the rolling measures)."""
    vs = end - timedelta(days=27) if measure.rolling_28 else start
    return _Window(measure.key, practice, vs, end, 1.0)


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
    con: duckdb.DuckDBPyConnection, account: Account, rows: list[_Row], today: date,
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
    items: list[_Row],
    today: date,
    context_weeks: int = 0,
) -> dict[int, list[PeriodProgress]]:
    """Weekly progress of several milestones with one query."""
    plan: list[tuple[int, date, date, bool]] = []
    windows: list[_Window] = []
    for item in items:
        measure = MEASURES[item.measure]
        weeks = [(item.start - WEEK * i, item.start - WEEK * i + timedelta(days=6))
                 for i in range(context_weeks, 0, -1)]
        for ws, we in weeks + _weeks(item.start, today):
            plan.append((item.id, ws, we, ws < item.start))
            windows.append(_value_window(measure, item.practice, ws, min(we, today)))
    values = _values(con, account, windows)
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
    periods: list[PeriodProgress], milestone: _Row | Milestone, today: date
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


@dataclass
class _Row:
    """A milestone row, decrypted, before its status is computed."""

    id: int
    title: str
    practice: str
    measure: str
    target: float
    baseline: float | None
    start: date
    target_date: date
    cadence: str
    paused: bool
    reached_on: date | None
    plan_id: int | None
    plan_step: int | None
    plan_steps: int | None
    template: str | None
    created_utc: datetime | None
    last_review: date | None


_SELECT = """
SELECT m.id, m.title, m.practice, m.measure, m.target, m.baseline, m.start_date,
       m.target_date, m.cadence, m.paused, m.reached_on, m.plan_id, m.plan_step,
       m.plan_steps, m.template, m.created_utc, r.last_review
FROM milestones m
LEFT JOIN (SELECT milestone_id, max(review_date) AS last_review FROM milestone_reviews
           WHERE profile_id = ? GROUP BY milestone_id) r ON r.milestone_id = m.id
WHERE m.profile_id = ?
"""


def _rows(
    con: duckdb.DuckDBPyConnection, account: Account, milestone_id: int | None = None
) -> list[_Row]:
    sql = _SELECT + (" AND m.id = ?" if milestone_id is not None else "")
    sql += " ORDER BY m.target_date, m.id"
    params: list[object] = [account.id, account.id]
    if milestone_id is not None:
        params.append(milestone_id)
    out = []
    for r in con.execute(sql, params).fetchall():
        out.append(_Row(
            id=int(r[0]), title=account.keys.open(r[1]) or "", practice=r[2], measure=r[3],
            target=float(r[4]), baseline=r[5], start=r[6], target_date=r[7], cadence=r[8],
            paused=bool(r[9]), reached_on=r[10], plan_id=r[11], plan_step=r[12],
            plan_steps=r[13], template=r[14], created_utc=r[15], last_review=r[16],
        ))
    return out


def stored_milestones(con: duckdb.DuckDBPyConnection, account: Account) -> list[_Row]:
    """The profile's milestones as stored (title decrypted, no status computed), for exports."""
    return _rows(con, account)


def _add_months(day: date, months: int) -> date:
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
    row: _Row, status: Status, today: date, periods: list[PeriodProgress]
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


def _evaluate(
    con: duckdb.DuckDBPyConnection, account: Account, rows: list[_Row], today: date
) -> list[Milestone]:
    by_id = _progress_cached(con, account, rows, today, context_weeks=CONTEXT_WEEKS)
    out = [_milestone(r, judge(by_id[r.id], r, today), today, by_id[r.id]) for r in rows]
    return sorted(out, key=lambda m: (_ORDER[m.status], m.target_date, m.id))


def list_milestones(
    con: duckdb.DuckDBPyConnection, account: Account, today: date | None = None
) -> list[Milestone]:
    """The profile's milestones with their status (active first, then paused, then reached)."""
    today = today or date.today()
    return _evaluate(con, account, _rows(con, account), today)


def get_milestone(
    con: duckdb.DuckDBPyConnection, account: Account, milestone_id: int,
    today: date | None = None,
) -> Milestone:
    """One milestone of the signed-in profile, or NotFound."""
    rows = _rows(con, account, milestone_id)
    if not rows:
        raise NotFound("That milestone isn't in your journal (it may have been deleted).")
    return _evaluate(con, account, rows, today or date.today())[0]


def progress(
    con: duckdb.DuckDBPyConnection, account: Account, milestone_id: int,
    today: date | None = None, context_weeks: int = 0,
) -> list[PeriodProgress]:
    """Actual value per week since the start (optionally a few weeks before it) vs target."""
    rows = _rows(con, account, milestone_id)
    if not rows:
        raise NotFound("That milestone isn't in your journal (it may have been deleted).")
    return _progress_cached(con, account, rows, today or date.today(), context_weeks)[rows[0].id]


def status(
    con: duckdb.DuckDBPyConnection, account: Account, milestone_id: int,
    today: date | None = None,
) -> Status:
    """On track / behind / reached / paused, with one gentle sentence."""
    today = today or date.today()
    rows = _rows(con, account, milestone_id)
    if not rows:
        raise NotFound("That milestone isn't in your journal (it may have been deleted).")
    return judge(_progress_cached(con, account, rows, today)[rows[0].id], rows[0], today)


def overview(
    con: duckdb.DuckDBPyConnection, account: Account, today: date | None = None
) -> Overview:
    """List milestones and record newly reached ones (each becomes a win, once)."""
    today = today or date.today()
    rows = {r.id: r for r in _rows(con, account)}
    listed = _evaluate(con, account, list(rows.values()), today)
    newly = []
    for m in listed:
        row = rows[m.id]
        if m.status == "reached" and row.reached_on is None and m.reached_on is not None:
            _record_reached(con, account, row, m.reached_on)
            newly.append(m)
    return Overview(listed, newly)


def _record_reached(
    con: duckdb.DuckDBPyConnection, account: Account, row: _Row, reached_on: date
) -> None:
    """Mark reached and record a win on that day (an entry of kind "win"), once per achievement.

    The same milestone reaching the same target on the same day is one win, even if it was
    re-opened in between (a changed date, say).
    """
    source_id = f"{row.id}:{row.target:g}:{reached_on.isoformat()}"

    def existing() -> int | None:
        found = con.execute(
            "SELECT id FROM entries WHERE profile_id = ? AND source = ? AND source_id = ?",
            [account.id, WIN_SOURCE, source_id],
        ).fetchone()
        return int(found[0]) if found else None

    entry_id = existing()
    if entry_id is None:
        try:
            entry_id = save_entry(con, account, EntryInput(
                when_local=datetime.combine(reached_on, time(12, 0)), kind="win",
                body=f"Reached a milestone: {row.title}",
                wins=[WinItem(row.practice, f"Reached: {row.title}")],
                source=WIN_SOURCE, source_id=source_id,
            ), clear_draft=False)
        except duckdb.ConstraintException:
            entry_id = existing()      # another window recorded it a moment ago
    con.execute(
        "UPDATE milestones SET reached_on = ?, win_entry_id = ?, updated_utc = ? "
        "WHERE id = ? AND profile_id = ? AND reached_on IS NULL",
        [reached_on, entry_id, utcnow(), row.id, account.id],
    )


def sync_reached(
    con: duckdb.DuckDBPyConnection, account: Account, today: date | None = None
) -> list[Milestone]:
    """Record a win for every milestone reached since last looked; return those milestones."""
    return overview(con, account, today).newly_reached


# ---------------------------------------------------------------- validation and writing


def _clean_text(text: str | None, what: str, limit: int = vocab.MAX_SHORT_CHARS) -> str:
    value = (text or "").replace("\r\n", "\n").replace("\x00", "").strip()
    if len(value) > limit:
        raise ValidationError(
            f"The {what} is {len(value):,} characters; please keep it under {limit:,}. "
            "Your text is still here."
        )
    return value


def validate_target(measure: str, target: float) -> Measure:
    """The measure, if the target is within its range; otherwise a friendly error."""
    m = MEASURES.get(measure)
    if m is None:
        raise ValidationError("Please choose what the milestone measures.")
    try:
        value = float(target)
    except (TypeError, ValueError) as err:
        raise ValidationError("Please give the target as a number.") from err
    if math.isnan(value) or not m.low <= value <= m.high:
        raise ValidationError(
            f"For {m.label.lower()}, please choose a target between {m.fmt(m.low)} and "
            f"{m.fmt(m.high)}."
        )
    return m


def _validate(
    title: str, practice: str, measure: str, target: float, start: date, target_date: date,
    cadence: str,
) -> tuple[str, str]:
    clean_title = _clean_text(title, "title", MAX_TITLE_CHARS)
    if not clean_title:
        raise ValidationError("Please give the milestone a short title.")
    clean_practice = (practice or "").strip()
    if not clean_practice:
        raise ValidationError("Please choose the practice this milestone is about.")
    if len(clean_practice) > vocab.MAX_WORD_CHARS:
        raise ValidationError(f"Please keep the practice under {vocab.MAX_WORD_CHARS} characters.")
    validate_target(measure, target)
    if cadence not in CADENCES:
        raise ValidationError("Please choose how often to review it.")
    if (target_date - start).days < 6:
        raise ValidationError(
            "Please give it at least a week between the start and the target date; "
            "change is measured in weeks here."
        )
    return clean_title, clean_practice


def create_milestone(
    con: duckdb.DuckDBPyConnection,
    account: Account,
    *,
    title: str,
    practice: str,
    measure: str,
    target: float,
    start: date,
    target_date: date,
    cadence: str = "weekly",
    baseline: float | None = None,
    template: str | None = None,
    plan_id: int | None = None,
    plan_step: int | None = None,
    plan_steps: int | None = None,
) -> int:
    """Validate and store a milestone (title sealed); return its id."""
    clean_title, clean_practice = _validate(title, practice, measure, target, start,
                                            target_date, cadence)
    row = con.execute(
        """
        INSERT INTO milestones (profile_id, title, practice, measure, target, baseline,
            start_date, target_date, cadence, template, plan_id, plan_step, plan_steps,
            created_utc)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id
        """,
        [account.id, account.keys.seal(clean_title), clean_practice, measure, float(target),
         baseline, start, target_date, cadence, template, plan_id, plan_step, plan_steps,
         utcnow()],
    ).fetchone()
    assert row is not None
    return int(row[0])


def create_plan(
    con: duckdb.DuckDBPyConnection,
    account: Account,
    *,
    title: str,
    practice: str,
    measure: str,
    start: date,
    plan: list[tuple[date, float]],
    cadence: str = "weekly",
    baseline: float | None = None,
    template: str | None = None,
) -> list[int]:
    """Accept a stepped plan: one milestone per step, all from `start`, in one transaction."""
    if not plan:
        raise ValidationError("There is no stepped plan to save.")
    n = len(plan)
    for day, value in plan:
        _validate(title, practice, measure, value, start, day, cadence)
    ids: list[int] = []
    with transaction(con):
        for i, (day, value) in enumerate(plan, start=1):
            new_id = create_milestone(
                con, account, title=f"{title.strip()} · step {i} of {n}", practice=practice,
                measure=measure, target=value, start=start, target_date=day, cadence=cadence,
                baseline=baseline, template=template, plan_id=ids[0] if ids else None,
                plan_step=i, plan_steps=n,
            )
            if not ids:
                con.execute("UPDATE milestones SET plan_id = ? WHERE id = ? AND profile_id = ?",
                            [new_id, new_id, account.id])
            ids.append(new_id)
    return ids


def _own(con: duckdb.DuckDBPyConnection, account: Account, milestone_id: int) -> tuple:
    row = con.execute(
        "SELECT target, target_date, start_date, measure, reached_on FROM milestones "
        "WHERE id = ? AND profile_id = ?",
        [milestone_id, account.id],
    ).fetchone()
    if row is None:
        raise NotFound("That milestone isn't in your journal (it may have been deleted).")
    return row


def set_paused(
    con: duckdb.DuckDBPyConnection, account: Account, milestone_id: int, paused: bool
) -> None:
    """Pause (rest without judging) or resume a milestone."""
    _own(con, account, milestone_id)
    con.execute("UPDATE milestones SET paused = ?, updated_utc = ? WHERE id = ? AND profile_id = ?",
                [bool(paused), utcnow(), milestone_id, account.id])


def delete_milestone(con: duckdb.DuckDBPyConnection, account: Account, milestone_id: int) -> None:
    """Delete a milestone with its reviews and changes (a win it earned stays a win)."""
    _own(con, account, milestone_id)
    with transaction(con):
        for table in ("milestone_reviews", "milestone_changes"):
            con.execute(
                f"DELETE FROM {table} WHERE milestone_id = ? AND profile_id = ?",  # noqa: S608 (fixed names)
                [milestone_id, account.id],
            )
        con.execute("DELETE FROM milestones WHERE id = ? AND profile_id = ?",
                    [milestone_id, account.id])


def record_review(
    con: duckdb.DuckDBPyConnection,
    account: Account,
    milestone_id: int,
    worked: str,
    didnt: str,
    adjust: str,
    review_date: date | None = None,
) -> int:
    """Save a cadence review (what worked, what didn't, what to adjust) with the milestone."""
    _own(con, account, milestone_id)
    texts = [_clean_text(t, what) for t, what in
             ((worked, "answer about what worked"), (didnt, "answer about what didn't"),
              (adjust, "answer about what to adjust"))]
    if not any(texts):
        raise ValidationError("Write a few words in at least one of the three answers.")
    seal = account.keys.seal
    row = con.execute(
        "INSERT INTO milestone_reviews (milestone_id, profile_id, review_date, worked, didnt, "
        "adjust, created_utc) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
        [milestone_id, account.id, review_date or date.today(),
         *(seal(t) for t in texts), utcnow()],
    ).fetchone()
    assert row is not None
    return int(row[0])


def list_milestone_reviews(
    con: duckdb.DuckDBPyConnection, account: Account, milestone_id: int
) -> list[MilestoneReview]:
    """A milestone's reviews, newest first."""
    open_ = account.keys.open
    return [
        MilestoneReview(int(r[0]), int(r[1]), r[2], open_(r[3]) or "", open_(r[4]) or "",
                        open_(r[5]) or "", r[6])
        for r in con.execute(
            "SELECT id, milestone_id, review_date, worked, didnt, adjust, created_utc "
            "FROM milestone_reviews WHERE milestone_id = ? AND profile_id = ? "
            "ORDER BY review_date DESC, id DESC",
            [milestone_id, account.id],
        ).fetchall()
    ]


def change_target(
    con: duckdb.DuckDBPyConnection,
    account: Account,
    milestone_id: int,
    new_target: float,
    reason: str,
    new_target_date: date | None = None,
    today: date | None = None,
) -> None:
    """Change a target (and optionally the date), keeping the old values and the reason.

    A reached milestone whose target changes is open again; the win it earned stays.
    """
    old_target, old_date, start, measure, _reached = _own(con, account, milestone_id)
    validate_target(measure, new_target)
    clean_reason = _clean_text(reason, "reason")
    if not clean_reason:
        raise ValidationError(
            "Please add a few words about why. Future you will want to know what changed."
        )
    new_date = new_target_date or old_date
    if (new_date - start).days < 6:
        raise ValidationError("Please keep at least a week between the start and the date.")
    if float(new_target) == float(old_target) and new_date == old_date:
        raise ValidationError("That's the same target and date as now.")
    with transaction(con):
        con.execute(
            "INSERT INTO milestone_changes (milestone_id, profile_id, changed_on, old_target, "
            "new_target, old_target_date, new_target_date, reason, created_utc) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [milestone_id, account.id, today or date.today(), old_target, float(new_target),
             old_date, new_date, account.keys.seal(clean_reason), utcnow()],
        )
        con.execute(
            "UPDATE milestones SET target = ?, target_date = ?, reached_on = NULL, "
            "win_entry_id = NULL, updated_utc = ? WHERE id = ? AND profile_id = ?",
            [float(new_target), new_date, utcnow(), milestone_id, account.id],
        )


def target_history(
    con: duckdb.DuckDBPyConnection, account: Account, milestone_id: int
) -> list[TargetChange]:
    """Every change of a milestone's target, oldest first, with its reason."""
    return [
        TargetChange(int(r[0]), int(r[1]), r[2], float(r[3]), float(r[4]), r[5], r[6],
                     account.keys.open(r[7]) or "")
        for r in con.execute(
            "SELECT id, milestone_id, changed_on, old_target, new_target, old_target_date, "
            "new_target_date, reason FROM milestone_changes "
            "WHERE milestone_id = ? AND profile_id = ? ORDER BY id",
            [milestone_id, account.id],
        ).fetchall()
    ]


# ---------------------------------------------------------------- realism check


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
    window = _Window(m.key, practice or m.default_practice, start, end, float(weeks))
    value, _sample = _values(con, account, [window])[0]
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
        no_month = "There isn't a month of entries to compare with yet"
        if m.modest is None:
            message = (f"{no_month}. A kind first step is to note your responses for four "
                       "weeks, then set a target from what you see. You can still save this "
                       "one now.")
        elif abs(target - m.modest) > max(m.step, m.rel_step * m.modest) + 1e-9 and not m.met(
                m.modest, target):
            # Far beyond a modest start: build up to it from the modest first target.
            plan = stepped_plan(measure, m.modest - m.step, target, start or today,
                                target_date)
            return RealismCheck(
                measure, target, None, 0, "large",
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
        return RealismCheck(measure, target, None, 0, "no_baseline", message,
                            suggested_target=m.modest)
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
    start = start or today
    plan = stepped_plan(measure, base, target, start, target_date)
    first_day, first_value = plan[0]
    last_day, last_value = plan[-1]
    steps = "one step" if len(plan) == 1 else f"{len(plan)} steps"
    message = (
        f"That's a big jump from your recent {base_text} {over}. Big jumps tend to fade after "
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
    return RealismCheck(measure, target, base, weeks, "large", message, plan,
                        suggested_target=first_value)


# ---------------------------------------------------------------- charts and rules


def progress_chart(
    con: duckdb.DuckDBPyConnection, account: Account, milestone_id: int,
    today: date | None = None,
) -> alt.LayerChart:
    """Actual per week against the target line (and the planned path), as an Altair chart.

    Four weeks before the start are shown in light grey, so the starting level is visible.
    A quiet week is simply a low bar, in the same colour as any other week below target.
    Pages use `progress_spec` instead: it is the same chart without Altair's object overhead.
    """
    milestone = get_milestone(con, account, milestone_id, today)
    return alt.LayerChart.from_dict(progress_spec(milestone), validate=False)


def _state(p: PeriodProgress) -> str:
    if p.before_start:
        return "Before the start"
    if not p.complete:
        return "This week so far"
    return "Target met" if p.met else "Below target"


def _iso(day: date) -> str:
    """A local-midnight timestamp string, as Altair writes dates (no zone, so no day shift)."""
    return f"{day.isoformat()}T00:00:00"


def progress_spec(milestone: Milestone) -> dict:
    """Vega-Lite spec of a milestone's weekly progress (inline data only, colour-blind-safe).

    Why a plain dict: building the same chart through Altair objects costs ~60 ms per
    rerun, and every page must rerun in under 50 ms.
    """
    rows, spec = _spec_parts(milestone)
    return {**spec, "data": {"values": rows}}


def chart_parts(milestone: Milestone) -> tuple[pa.Table, dict]:
    """The same chart as (data table, spec without data), for st.vega_lite_chart(data, spec).

    Why: handing Streamlit an Arrow table skips its conversion of inline rows through pandas
    (a few milliseconds on every rerun).
    """
    import pyarrow as pa  # installed with Streamlit; only the page path needs it

    rows, spec = _spec_parts(milestone)
    columns = list(rows[0]) if rows else list(_ROW_FIELDS)
    return pa.table({c: [r[c] for r in rows] for c in columns}), spec


_ROW_FIELDS = ("week", "week_end", "label", "value", "shown", "planned", "state", "sample")


def _spec_parts(milestone: Milestone) -> tuple[list[dict], dict]:
    m = milestone.measure_def
    target = milestone.target
    periods = milestone.periods
    values = [{
        "week": _iso(p.start),
        "week_end": _iso(p.end + timedelta(days=1)),
        "label": f"{p.start:%d %b} – {p.end:%d %b %Y}",
        "value": p.value,
        "shown": m.fmt(p.value),
        "planned": None if p.planned is None else round(p.planned, 2),
        "state": _state(p),
        "sample": "" if p.sample is None else str(p.sample),
    } for p in periods]
    y_min = 1.0 if m.key == "mood_28d" else 0.0
    y_max = max([target * 1.15, 0.0 if m.per_week else m.high,
                 *(p.value or 0.0 for p in periods), 1.0])
    x = {"field": "week", "type": "temporal", "title": "Week starting",
         "axis": {"format": "%d %b", "labelAngle": 0, "tickCount": 8}}
    y = {"field": "value", "type": "quantitative", "title": m.axis,
         "scale": {"domain": [y_min, y_max], "nice": True}}
    states = {"domain": list(_STATE_COLOURS)}
    colour = {"field": "state", "type": "nominal", "title": None,
              "scale": {**states, "range": list(_STATE_COLOURS.values())},
              "legend": {"orient": "bottom"}}
    tooltip = [{"field": "label", "type": "nominal", "title": "Week"},
               {"field": "shown", "type": "nominal", "title": m.label},
               {"field": "state", "type": "nominal", "title": "Status"}]
    if m.sample:
        tooltip.append({"field": "sample", "type": "nominal", "title": m.sample})
    if m.per_week:
        actual = [{
            # x2 has no type of its own, so its date strings are parsed explicitly.
            "transform": [{"calculate": "toDate(datum.week_end)", "as": "week_stop"}],
            "mark": {"type": "bar", "stroke": "white", "strokeWidth": 2},
            "encoding": {"x": x, "x2": {"field": "week_stop"}, "y": {**y, "stack": None},
                         "y2": {"datum": 0}, "color": colour, "tooltip": tooltip},
        }, {
            # A small mark on every week, so a week of 0 is visible (and hoverable) too.
            "transform": [{"calculate": "toDate(datum.week) + 3.5 * 864e5", "as": "mid"}],
            "mark": {"type": "tick", "orient": "horizontal", "thickness": 2, "size": 14},
            "encoding": {"x": {"field": "mid", "type": "temporal"}, "y": y, "color": colour,
                         "tooltip": tooltip},
        }]
    else:
        actual = [
            {"mark": {"type": "line", "color": _GREY, "strokeWidth": 1.5},
             "encoding": {"x": x, "y": y}},
            {"mark": {"type": "point", "filled": True, "size": 80, "opacity": 1},
             "encoding": {"x": x, "y": y, "color": colour, "tooltip": tooltip,
                          "shape": {"field": "state", "type": "nominal", "title": None,
                                    "scale": states, "legend": {"orient": "bottom"}}}},
        ]
    planned = {
        "mark": {"type": "line", "color": _ORANGE, "strokeDash": [2, 3], "opacity": 0.8},
        "encoding": {"x": x, "y": {"field": "planned", "type": "quantitative"},
                     "tooltip": [{"field": "label", "type": "nominal", "title": "Week"},
                                 {"field": "planned", "type": "quantitative",
                                  "title": "Planned by then", "format": ".1f"}]},
    }
    marker = {"values": [{"target": target, "text": f"Target: {m.fmt(target)}"}]}
    rule = {
        "data": marker,
        "mark": {"type": "rule", "color": _ORANGE, "strokeDash": [6, 4], "strokeWidth": 2},
        "encoding": {"y": {"field": "target", "type": "quantitative"},
                     "tooltip": [{"field": "text", "type": "nominal", "title": "Target"}]},
    }
    label = {
        "data": marker,
        "mark": {"type": "text", "align": "left", "dx": 4, "dy": -8, "color": "#8A5800",
                 "fontWeight": "bold"},
        "encoding": {"y": {"field": "target", "type": "quantitative"},
                     "x": {"value": 0}, "text": {"field": "text", "type": "nominal"}},
    }
    return values, {
        "$schema": alt.SCHEMA_URL,
        "height": 260,
        "layer": [*actual, planned, rule, label],
        "resolve": {"scale": {"y": "shared"}},
    }


def milestone_rules(
    con: duckdb.DuckDBPyConnection, account: Account, start: date, end: date
) -> list[tuple[date, str]]:
    """Dates and short labels of milestone starts, target dates and reached days in a range.

    Used by the Trends charts to draw labelled rules; a stepped plan's start is shown once.
    """
    rows = con.execute(
        """
        SELECT title, start_date, target_date, reached_on, plan_step
        FROM milestones
        WHERE profile_id = ? AND (start_date BETWEEN ? AND ? OR target_date BETWEEN ? AND ?
                                  OR reached_on BETWEEN ? AND ?)
        ORDER BY start_date, id
        """,
        [account.id, start, end, start, end, start, end],
    ).fetchall()
    out: list[tuple[date, str]] = []
    for sealed_title, s, t, reached, step in rows:
        full = account.keys.open(sealed_title) or ""
        title = _short(full.split(" · step ")[0]) if step else _short(full)
        tag = f" (step {step})" if step else ""
        if start <= s <= end and (step is None or step == 1):
            out.append((s, f"Start: {title}"))
        if start <= t <= end:
            out.append((t, f"Target: {title}{tag}"))
        if reached is not None and start <= reached <= end:
            out.append((reached, f"Reached: {title}{tag}"))
    seen: set[tuple[date, str]] = set()
    unique = [x for x in sorted(out) if not (x in seen or seen.add(x))]
    return unique


def long_date(day: date) -> str:
    """"3 March 2027": how dates read in sentences."""
    return f"{day.day} {day:%B %Y}"


def short_date(day: date) -> str:
    """"3 Mar 2027": how dates read in lists."""
    return f"{day.day} {day:%b %Y}"


def _short(text: str, limit: int = 28) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


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


# ---------------------------------------------------------------- demo rows


def _demo(con: duckdb.DuckDBPyConnection, account: Account, first: date, last: date,
          rng: object) -> None:
    """A few milestones near the end of the demo: reached, under way, paused, a stepped plan.

    Only milestone rows (and a review and a target change) are added, never entries.
    """
    if (last - first).days < 120:
        return
    specs = [  # template, start (days before last), target date (days after last), paused
        ("weekly_check_in", 112, -56, False),
        ("stay_engaged", 42, 42, False),
        ("steadier_month", 56, 56, False),
        ("meet_triggers_calmly", 63, 28, False),
        ("withdraw_less", 84, 28, True),
    ]
    for key, before, after, paused in specs:
        tpl = TEMPLATES[key]
        m = MEASURES[tpl.measure]
        start = last - timedelta(days=before)
        base, _weeks = baseline(con, account, tpl.measure, start, tpl.practice)
        target = tpl.target
        if base is not None and m.rolling_28:      # a realistic stretch from where they were
            target = min(m.high, m.rounded(base + (0.3 if m.key == "mood_28d" else 5)))
        new_id = create_milestone(
            con, account, title=tpl.title, practice=tpl.practice, measure=tpl.measure,
            target=target, start=start, target_date=last + timedelta(days=after),
            cadence=tpl.cadence, baseline=base, template=key,
        )
        if paused:
            set_paused(con, account, new_id, True)
        if key == "stay_engaged":
            record_review(con, account, new_id,
                          "Saying out loud that I wanted to stay helped me stay.",
                          "When I was tired I still drifted to my phone.",
                          "Agree on a short pause word we both understand.",
                          review_date=start + timedelta(days=14))
    # Building on the weekly check-in: a stepped plan towards two check-ins a week.
    plan_start = last - timedelta(days=35)
    base, _weeks = baseline(con, account, "check_ins_per_week", plan_start)
    steps = stepped_plan("check_ins_per_week", base or 0.0, 2.0, plan_start,
                         plan_start + timedelta(days=84))
    if len(steps) > 1:
        ids = create_plan(con, account, title="Check in twice a week", practice="check_in",
                          measure="check_ins_per_week", start=plan_start, plan=steps,
                          cadence="fortnightly", baseline=base, template="weekly_check_in")
        change_target(con, account, ids[-1], steps[-1][1],
                      "Giving it two more weeks: work is heavy this month.",
                      steps[-1][0] + timedelta(days=14), today=plan_start + timedelta(days=14))
    # No wins are recorded here: demo entries stay exactly as generated (one a day with
    # daily=True); the Milestones page notices the reached ones and records their wins.


def _register_demo() -> None:
    from . import demo

    if _demo not in demo.EXTRA_GENERATORS:
        demo.EXTRA_GENERATORS.append(_demo)


_register_demo()
