"""The weekly review: the last 7 days at a glance, then what worked, what didn't, what to adjust.

Why: a short, regular look back is where patterns become visible and plans get adjusted
without blame. The glance is computed by DuckDB (counts, means, groupings), so it stays fast
on years of entries; the three answers are free text, so they are sealed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

import duckdb

from . import cache, milestones, vocab
from .db import retrying, utcnow
from .errors import NotFound, ValidationError
from .profiles import Account

TOP_TRIGGERS = 3
SAME_MOOD = 0.15        # mood changes smaller than this read as "about the same"


@dataclass(frozen=True)
class Review:
    """One saved weekly review, decrypted for its owner."""

    id: int
    week_start: date
    week_end: date
    worked: str
    didnt: str
    adjust: str
    created_utc: datetime
    updated_utc: datetime | None = None


@dataclass(frozen=True)
class TriggerGlance:
    """A trigger of the week and what the person did each time."""

    trigger: str
    label: str
    count: int
    calm: int
    responses: list[tuple[str, int]]   # (response label, times), most frequent first


@dataclass(frozen=True)
class WeekSummary:
    """The last 7 days (today included) against the 7 before them."""

    start: date
    end: date
    entries: int
    days_written: int
    mood_mean: float | None
    mood_count: int
    prev_mood_mean: float | None
    prev_mood_count: int
    triggers: list[TriggerGlance]
    trigger_total: int
    calm_total: int
    responded_total: int
    wins: list[tuple[str, int]]         # (practice label, count), most frequent first
    win_total: int
    milestones: list[milestones.Milestone] = field(default_factory=list)
    readings: list[str] = field(default_factory=list)

    @property
    def mood_change(self) -> float | None:
        if self.mood_mean is None or self.prev_mood_mean is None:
            return None
        return self.mood_mean - self.prev_mood_mean


_ENTRIES_SQL = """
SELECT count(*) FILTER (WHERE local_date >= ?) AS entries,
       count(DISTINCT local_date) FILTER (WHERE local_date >= ?) AS days,
       avg(mood) FILTER (WHERE local_date >= ?) AS mood,
       count(mood) FILTER (WHERE local_date >= ?) AS moods,
       avg(mood) FILTER (WHERE local_date < ?) AS prev_mood,
       count(mood) FILTER (WHERE local_date < ?) AS prev_moods
FROM entries
WHERE profile_id = ? AND local_date BETWEEN ? AND ? AND source <> ?
"""

_TRIGGERS_SQL = """
SELECT trigger, response, count(*) AS n,
       sum(count(*)) OVER (PARTITION BY trigger) AS per_trigger,
       sum(count(*) FILTER (WHERE list_contains(?::VARCHAR[], response)))
           OVER (PARTITION BY trigger) AS calm_per_trigger,
       sum(count(*)) OVER () AS total,
       sum(count(*) FILTER (WHERE list_contains(?::VARCHAR[], response))) OVER () AS calm,
       sum(count(response)) OVER () AS responded
FROM entry_triggers
WHERE profile_id = ? AND local_date BETWEEN ? AND ?
GROUP BY trigger, response
ORDER BY per_trigger DESC, trigger, n DESC, response NULLS LAST
"""

_WINS_SQL = """
SELECT practice, count(*) AS n, sum(count(*)) OVER () AS total
FROM wins
WHERE profile_id = ? AND local_date BETWEEN ? AND ?
GROUP BY practice
ORDER BY n DESC, practice
"""


def week_summary(
    con: duckdb.DuckDBPyConnection, account: Account, today: date
) -> WeekSummary:
    """The last 7 days at a glance: entries, mood vs the week before, triggers, wins, milestones."""
    start = today - timedelta(days=6)
    key = (cache.data_version(con, account), "week", today)
    row, trig_rows, win_rows = cache.cached(
        key, lambda: _week_rows(con, account, start, today))

    triggers: dict[str, TriggerGlance] = {}
    for trigger, response, n, per_trigger, calm_n, *_ in trig_rows:
        if trigger not in triggers:
            if len(triggers) == TOP_TRIGGERS:
                break
            triggers[trigger] = TriggerGlance(trigger, vocab.label(vocab.TRIGGERS, trigger),
                                              int(per_trigger), int(calm_n or 0), [])
        label = vocab.RESPONSES.get(response or "", "no response noted")
        triggers[trigger].responses.append((label, int(n)))
    total, calm_total, responded = (
        (int(trig_rows[0][5]), int(trig_rows[0][6] or 0), int(trig_rows[0][7] or 0))
        if trig_rows else (0, 0, 0)
    )
    wins = [(vocab.label(vocab.PRACTICES, p), int(n)) for p, n, _ in win_rows]
    listed = milestones.list_milestones(con, account, today)
    summary = WeekSummary(
        start=start, end=today, entries=int(row[0]), days_written=int(row[1]),
        mood_mean=row[2], mood_count=int(row[3]), prev_mood_mean=row[4],
        prev_mood_count=int(row[5]), triggers=list(triggers.values()), trigger_total=total,
        calm_total=calm_total, responded_total=responded, wins=wins,
        win_total=int(win_rows[0][2]) if win_rows else 0,
        milestones=[m for m in listed if _matters(m, today)],
    )
    return _with_readings(summary)


def _week_rows(
    con: duckdb.DuckDBPyConnection, account: Account, start: date, today: date
) -> tuple[tuple, list[tuple], list[tuple]]:
    """The three aggregate queries behind the glance (cached by week_summary)."""
    prev_start = start - timedelta(days=7)
    row = con.execute(
        _ENTRIES_SQL,
        [start, start, start, start, start, start, account.id, prev_start, today,
         milestones.WIN_SOURCE],
    ).fetchone()
    assert row is not None
    calm = list(vocab.CALM_RESPONSES)
    trig_rows = con.execute(_TRIGGERS_SQL, [calm, calm, account.id, start, today]).fetchall()
    win_rows = con.execute(_WINS_SQL, [account.id, start, today]).fetchall()
    return row, trig_rows, win_rows


def _matters(m: milestones.Milestone, today: date) -> bool:
    """Milestones worth a line this week: active ones, and ones reached in the last 2 weeks."""
    if m.status == "reached":
        return m.reached_on is not None and (today - m.reached_on).days <= 13
    return True


def _times(n: int) -> str:
    return "once" if n == 1 else "twice" if n == 2 else f"{n} times"


def _with_readings(s: WeekSummary) -> WeekSummary:
    """Plain sentences about the week; gentle about dips, specific about wins."""
    lines: list[str] = []
    if s.entries == 0:
        lines.append("No entries in the last 7 days. That's fine: looking back can still help, "
                     "and a quiet week is part of the picture, not a failure.")
    if s.mood_mean is not None:
        now = f"{s.mood_mean:.1f}"
        change = s.mood_change
        if change is None:
            lines.append(f"Your mood averaged {now} out of 5 (no moods the week before to "
                         "compare with).")
        elif abs(change) < SAME_MOOD:
            lines.append(f"Your mood averaged {now} out of 5, about the same as the week "
                         f"before ({s.prev_mood_mean:.1f}).")
        elif change > 0:
            lines.append(f"Your mood averaged {now} out of 5, up from {s.prev_mood_mean:.1f} "
                         "the week before.")
        else:
            lines.append(f"Your mood averaged {now} out of 5, a little lower than the week "
                         f"before ({s.prev_mood_mean:.1f}). Ups and downs are part of the "
                         "pattern, not a verdict on your progress.")
    if s.trigger_total:
        if s.responded_total:
            met = (f"all {s.calm_total}" if s.calm_total == s.responded_total > 1
                   else str(s.calm_total))
            noun = "trigger" if s.responded_total == 1 else "triggers"
            lines.append(f"Of the {s.responded_total} {noun} where you noted what you did, "
                         f"you met {met} calmly (pausing, soothing yourself or reaching out).")
        else:
            lines.append(f"You noted {s.trigger_total} triggers this week.")
    if s.win_total:
        top, count = s.wins[0]
        win_word = "win" if s.win_total == 1 else "wins"
        lines.append(f"{s.win_total} {win_word} to celebrate; the most frequent: {top} "
                     f"({_times(count)}).")
    return WeekSummary(**{**s.__dict__, "readings": lines})


# ---------------------------------------------------------------- saving and listing


def _clean(text: str | None, what: str) -> str:
    value = (text or "").replace("\r\n", "\n").replace("\x00", "").strip()
    if len(value) > vocab.MAX_SHORT_CHARS:
        raise ValidationError(
            f"The answer about {what} is {len(value):,} characters; please keep it under "
            f"{vocab.MAX_SHORT_CHARS:,}. Your text is still here."
        )
    return value


def save_review(
    con: duckdb.DuckDBPyConnection,
    account: Account,
    week_start: date,
    worked: str,
    didnt: str,
    adjust: str,
) -> int:
    """Save the week's three answers (sealed); a second save for the same week updates it."""
    texts = [_clean(worked, "what worked"), _clean(didnt, "what didn't"),
             _clean(adjust, "what to adjust")]
    if not any(texts):
        raise ValidationError("Write a few words in at least one of the three answers.")
    sealed = [account.keys.seal(t) for t in texts]

    def upsert() -> int:
        # One review per week (unique index, migration 0006): two sessions saving the same
        # week at once update one row; a write-write conflict is retried by `retrying`.
        row = con.execute(
            "INSERT INTO weekly_reviews (profile_id, week_start, week_end, worked, didnt, "
            "adjust, created_utc) VALUES (?, ?, ?, ?, ?, ?, ?) "
            "ON CONFLICT (profile_id, week_start) DO UPDATE SET worked = excluded.worked, "
            "didnt = excluded.didnt, adjust = excluded.adjust, "
            "updated_utc = excluded.created_utc RETURNING id",
            [account.id, week_start, week_start + timedelta(days=6), *sealed, utcnow()],
        ).fetchone()
        assert row is not None
        return int(row[0])

    return retrying(con, upsert)


_REVIEW_COLUMNS = "id, week_start, week_end, worked, didnt, adjust, created_utc, updated_utc"


def _review(account: Account, r: tuple) -> Review:
    open_ = account.keys.open
    return Review(int(r[0]), r[1], r[2], open_(r[3]) or "", open_(r[4]) or "",
                  open_(r[5]) or "", r[6], r[7])


def list_reviews(
    con: duckdb.DuckDBPyConnection, account: Account, limit: int = 20
) -> list[Review]:
    """The profile's weekly reviews, newest week first."""
    rows = con.execute(
        f"SELECT {_REVIEW_COLUMNS} FROM weekly_reviews WHERE profile_id = ? "  # noqa: S608
        "ORDER BY week_start DESC, id DESC LIMIT ?",
        [account.id, max(1, int(limit))],
    ).fetchall()
    return [_review(account, r) for r in rows]


def get_review(con: duckdb.DuckDBPyConnection, account: Account, review_id: int) -> Review:
    """One weekly review of the signed-in profile, or NotFound."""
    row = con.execute(
        f"SELECT {_REVIEW_COLUMNS} FROM weekly_reviews WHERE id = ? AND profile_id = ?",  # noqa: S608
        [review_id, account.id],
    ).fetchone()
    if row is None:
        raise NotFound("That review isn't in your journal.")
    return _review(account, row)


def review_for_week(
    con: duckdb.DuckDBPyConnection, account: Account, week_start: date
) -> Review | None:
    """The review already saved for this week, if any (so the form can show it)."""
    row = con.execute(
        f"SELECT {_REVIEW_COLUMNS} FROM weekly_reviews WHERE profile_id = ? "  # noqa: S608
        "AND week_start = ? ORDER BY id DESC LIMIT 1",
        [account.id, week_start],
    ).fetchone()
    return _review(account, row) if row else None


def count_reviews(con: duckdb.DuckDBPyConnection, account: Account) -> int:
    """How many weekly reviews the profile has saved."""
    row = con.execute("SELECT count(*) FROM weekly_reviews WHERE profile_id = ?",
                      [account.id]).fetchone()
    return int(row[0]) if row else 0
