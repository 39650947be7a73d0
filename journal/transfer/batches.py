"""Past imports: the Data page's list of them, and undoing one (its entries go, all or none)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import duckdb

from journal import milestones
from journal.account import Account
from journal.db import transaction
from journal.errors import ValidationError
from journal.transfer import importers


@dataclass(frozen=True)
class ImportBatch:
    """One past import, for the Data page's list (and its undo)."""

    id: int
    format_label: str
    imported_utc: datetime
    added: int
    remaining: int
    extras: int = 0  # milestones and weekly reviews it brought that are still here


def list_batches(con: duckdb.DuckDBPyConnection, account: Account) -> list[ImportBatch]:
    """This profile's imports, newest first, with how many of their entries still exist."""
    labels = importers.labels()
    rows = con.execute(
        """
        SELECT b.id, b.format, b.imported_utc, b.added,
               (SELECT count(*) FROM import_batch_entries be JOIN entries e
                  ON e.id = be.entry_id AND e.profile_id = be.profile_id
                WHERE be.batch_id = b.id AND be.profile_id = b.profile_id),
               (SELECT count(*) FROM import_batch_items bi
                WHERE bi.batch_id = b.id AND bi.profile_id = b.profile_id)
        FROM import_batches b WHERE b.profile_id = ? ORDER BY b.id DESC
        """,
        [account.id],
    ).fetchall()
    return [ImportBatch(int(r[0]), labels.get(r[1], r[1]), r[2], int(r[3]), int(r[4]),
                        int(r[5])) for r in rows]


def undo_import(con: duckdb.DuckDBPyConnection, account: Account, batch_id: int) -> int:
    """Remove the entries one import added (all in one transaction); returns how many."""
    found = con.execute(
        "SELECT 1 FROM import_batches WHERE id = ? AND profile_id = ?", [batch_id, account.id]
    ).fetchone()
    if not found:
        raise ValidationError("That import isn't in your journal's list any more.")
    picked = ("SELECT entry_id FROM import_batch_entries WHERE batch_id = ? AND profile_id = ?")
    with transaction(con):
        row = con.execute(
            f"SELECT count(*) FROM entries WHERE profile_id = ? AND id IN ({picked})",  # noqa: S608
            [account.id, batch_id, account.id]).fetchone()
        for table, key in (("entry_emotions", "entry_id"), ("entry_triggers", "entry_id"),
                           ("wins", "entry_id"), ("entries", "id")):
            con.execute(
                f"DELETE FROM {table} WHERE profile_id = ? AND {key} IN ({picked})",  # noqa: S608
                [account.id, batch_id, account.id])
        _undo_items(con, account, batch_id)
        con.execute("DELETE FROM import_batch_entries WHERE batch_id = ? AND profile_id = ?",
                    [batch_id, account.id])
        con.execute("DELETE FROM import_batches WHERE id = ? AND profile_id = ?",
                    [batch_id, account.id])
    return int(row[0]) if row else 0


def _undo_items(con: duckdb.DuckDBPyConnection, account: Account, batch_id: int) -> None:
    """The milestones (with their reviews and changes) and weekly reviews the import brought."""
    items = con.execute(
        "SELECT kind, item_id FROM import_batch_items WHERE batch_id = ? AND profile_id = ?",
        [batch_id, account.id]).fetchall()
    for kind, item_id in items:
        if kind == "milestone":
            if con.execute("SELECT 1 FROM milestones WHERE id = ? AND profile_id = ?",
                           [item_id, account.id]).fetchone():
                milestones.delete_milestone(con, account, int(item_id))
        elif kind == "weekly_review":
            con.execute("DELETE FROM weekly_reviews WHERE id = ? AND profile_id = ?",
                        [item_id, account.id])
    con.execute("DELETE FROM import_batch_items WHERE batch_id = ? AND profile_id = ?",
                [batch_id, account.id])
