"""Storing milestones: create, pause, delete, their cadence reviews and target changes.

Why: titles, review answers and reasons for changes are free text, so they are sealed here
(and opened here) and nowhere else; every query is limited to the signed-in profile.
"""

from __future__ import annotations

from datetime import date, timedelta

import duckdb

from journal.account import Account
from journal.db import transaction, utcnow
from journal.errors import NotFound, ValidationError
from journal.milestones.model import (
    MilestoneReview,
    Row,
    TargetChange,
    clean_text,
    validate_milestone,
    validate_target,
)

_SELECT = """
SELECT m.id, m.title, m.practice, m.measure, m.target, m.baseline, m.start_date,
       m.target_date, m.cadence, m.paused, m.reached_on, m.plan_id, m.plan_step,
       m.plan_steps, m.template, m.created_utc, r.last_review
FROM milestones m
LEFT JOIN (SELECT milestone_id, max(review_date) AS last_review FROM milestone_reviews
           WHERE profile_id = ? GROUP BY milestone_id) r ON r.milestone_id = m.id
WHERE m.profile_id = ?
"""


def _sane(day: date) -> date:
    """A stored date kept within 20 years of today, so no page counts weeks past what dates hold.

    Why: a damaged file or an old import may hold a milestone from year 1 to 9999; Milestones,
    Weekly review and Trends step through its weeks, and must still draw.
    """
    today = date.today()
    return min(max(day, today - SANE_SPAN), today + SANE_SPAN)


SANE_SPAN = timedelta(days=20 * 365)


def read_rows(
    con: duckdb.DuckDBPyConnection, account: Account, milestone_id: int | None = None
) -> list[Row]:
    """The profile's milestone rows (or the one asked for), titles opened, ordered by date."""
    sql = _SELECT + (" AND m.id = ?" if milestone_id is not None else "")
    sql += " ORDER BY m.target_date, m.id"
    params: list[object] = [account.id, account.id]
    if milestone_id is not None:
        params.append(milestone_id)
    out = []
    for r in con.execute(sql, params).fetchall():
        out.append(Row(
            id=int(r[0]), title=account.keys.open(r[1]) or "", practice=r[2], measure=r[3],
            target=float(r[4]), baseline=r[5], start=_sane(r[6]), target_date=_sane(r[7]),
            cadence=r[8],
            paused=bool(r[9]), reached_on=r[10], plan_id=r[11], plan_step=r[12],
            plan_steps=r[13], template=r[14], created_utc=r[15], last_review=r[16],
        ))
    return out


def stored_milestones(con: duckdb.DuckDBPyConnection, account: Account) -> list[Row]:
    """The profile's milestones as stored (title decrypted, no status computed), for exports."""
    return read_rows(con, account)


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
    clean_title, clean_practice = validate_milestone(title, practice, measure, target, start,
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
        validate_milestone(title, practice, measure, value, start, day, cadence)
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


def owned(con: duckdb.DuckDBPyConnection, account: Account, milestone_id: int) -> tuple:
    """(target, target date, start, measure, reached on) of an own milestone, or NotFound."""
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
    owned(con, account, milestone_id)
    con.execute("UPDATE milestones SET paused = ?, updated_utc = ? WHERE id = ? AND profile_id = ?",
                [bool(paused), utcnow(), milestone_id, account.id])


def delete_milestone(con: duckdb.DuckDBPyConnection, account: Account, milestone_id: int) -> None:
    """Delete a milestone with its reviews and changes (a win it earned stays a win)."""
    owned(con, account, milestone_id)
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
    owned(con, account, milestone_id)
    texts = [clean_text(t, what) for t, what in
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
    old_target, old_date, start, measure, _reached = owned(con, account, milestone_id)
    if new_target is None:
        raise ValidationError("Please fill in the new target and date.")   # an incomplete form
    validate_target(measure, new_target)
    clean_reason = clean_text(reason, "reason")
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
        record_target_change(con, account, milestone_id, TargetChange(
            0, milestone_id, today or date.today(), float(old_target), float(new_target),
            old_date, new_date, clean_reason))
        con.execute(
            "UPDATE milestones SET target = ?, target_date = ?, reached_on = NULL, "
            "win_entry_id = NULL, updated_utc = ? WHERE id = ? AND profile_id = ?",
            [float(new_target), new_date, utcnow(), milestone_id, account.id],
        )


def record_target_change(
    con: duckdb.DuckDBPyConnection, account: Account, milestone_id: int, change: TargetChange
) -> None:
    """Add one line to a milestone's target history (reason sealed); the target itself is not
    touched. Used by change_target, and by imports bringing a milestone's history along."""
    con.execute(
        "INSERT INTO milestone_changes (milestone_id, profile_id, changed_on, old_target, "
        "new_target, old_target_date, new_target_date, reason, created_utc) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [milestone_id, account.id, change.changed_on, change.old_target, change.new_target,
         change.old_target_date, change.new_target_date, account.keys.seal(change.reason),
         utcnow()],
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


# ---------------------------------------------------------------- for the Trends charts


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


def _short(text: str, limit: int = 28) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
