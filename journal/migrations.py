"""Named, ordered schema migrations recorded in `schema_migrations`.

Why: a journal lives for years; every file must be upgradable in place, re-running must be a
no-op, and a file written by a newer Steady must be refused rather than damaged.
Each later capability appends its own migration to MIGRATIONS; never edit a released one.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

import duckdb

from .errors import SchemaTooNew
from .schema_changes import (
    _m0005_draft_saves,
    _m0006_trigger_words,
    _m0007_review_duplicates,
    _m0008_one_review_per_week,
    _m0009_import_batch_items,
    _m0010_sign_in_client,
    _m0011_together,
)
from .schema_first import _m0001_core, _m0002_milestones_reviews, _m0003_sharing, _m0004_data

Migration = tuple[str, Callable[[duckdb.DuckDBPyConnection], None]]



MIGRATIONS: list[Migration] = [
    ("0001_core", _m0001_core),
    ("0002_milestones_reviews", _m0002_milestones_reviews),
    ("0003_sharing", _m0003_sharing),
    ("0004_data", _m0004_data),
    ("0005_draft_saves", _m0005_draft_saves),
    ("0006_trigger_words", _m0006_trigger_words),
    ("0007_review_duplicates", _m0007_review_duplicates),
    ("0008_one_review_per_week", _m0008_one_review_per_week),
    ("0009_import_batch_items", _m0009_import_batch_items),
    ("0010_sign_in_client", _m0010_sign_in_client),
    ("0011_together", _m0011_together),
]


def applied(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Names already recorded, oldest first."""
    con.execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations "
        "(name VARCHAR PRIMARY KEY, applied_utc TIMESTAMP NOT NULL)"
    )
    rows = con.execute("SELECT name FROM schema_migrations ORDER BY name").fetchall()
    return [r[0] for r in rows]


def migrate(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Apply every missing migration in order, each in its own transaction; return those applied."""
    done = set(applied(con))
    known = {name for name, _ in MIGRATIONS}
    unknown = sorted(done - known)
    if unknown:
        raise SchemaTooNew(
            "This journal was saved by a newer version of Steady "
            f"(it has {', '.join(unknown)}). Please update Steady to open it; "
            "nothing in the file was changed."
        )
    ran: list[str] = []
    for name, step in MIGRATIONS:
        if name in done:
            continue
        con.execute("BEGIN TRANSACTION")
        try:
            step(con)
            con.execute(
                "INSERT INTO schema_migrations (name, applied_utc) VALUES (?, ?)",
                [name, datetime.now(UTC).replace(tzinfo=None)],
            )
            con.execute("COMMIT")
        except Exception:
            con.execute("ROLLBACK")
            raise
        ran.append(name)
    return ran
