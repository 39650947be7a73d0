"""Reaching a milestone records a win: a small entry of kind "win", once per achievement.

Why an explicit write: listing milestones (`overview`) only reads. Wins are recorded where
data changes (after an entry is saved or a file imported) or when the person asks on the
Milestones page, never while a page is being drawn.
"""

from __future__ import annotations

from datetime import date, datetime, time

import duckdb

from journal.account import Account
from journal.db import utcnow
from journal.entries import EntryInput, WinItem, save_entry
from journal.milestones.model import WIN_SOURCE, Milestone, Row
from journal.milestones.progress import evaluate, unrecorded
from journal.milestones.store import read_rows


def record_reached(
    con: duckdb.DuckDBPyConnection, account: Account, today: date | None = None
) -> list[Milestone]:
    """Record a win for every milestone reached but not yet recorded; return those milestones."""
    today = today or date.today()
    rows = {r.id: r for r in read_rows(con, account)}
    newly = unrecorded(evaluate(con, account, list(rows.values()), today), rows)
    for m in newly:
        assert m.reached_on is not None
        _record_win(con, account, rows[m.id], m.reached_on)
    return newly


def _record_win(
    con: duckdb.DuckDBPyConnection, account: Account, row: Row, reached_on: date
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
