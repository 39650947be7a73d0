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

Migration = tuple[str, Callable[[duckdb.DuckDBPyConnection], None]]


def _m0001_core(con: duckdb.DuckDBPyConnection) -> None:
    """Profiles, entries and their parts, drafts, prompts shown."""
    con.execute("CREATE SEQUENCE IF NOT EXISTS profile_seq START 1")
    con.execute("CREATE SEQUENCE IF NOT EXISTS entry_seq START 1")
    con.execute("CREATE SEQUENCE IF NOT EXISTS part_seq START 1")
    con.execute(
        """
        CREATE TABLE IF NOT EXISTS profiles (
            id INTEGER PRIMARY KEY DEFAULT nextval('profile_seq'),
            name VARCHAR NOT NULL,
            name_key VARCHAR NOT NULL UNIQUE,
            pw_hash VARCHAR NOT NULL,
            created_utc TIMESTAMP NOT NULL,
            kdf_salt BLOB,
            wrapped_data_key BLOB,
            public_key BLOB,
            wrapped_private_key BLOB
        )
        """
    )
    con.execute(
        """
        CREATE TABLE IF NOT EXISTS sign_in_failures (
            name_key VARCHAR NOT NULL,
            failed_utc TIMESTAMP NOT NULL
        )
        """
    )
    # Text columns marked (sealed) hold ciphertext once the owner has signed in (journal.crypto).
    con.execute(
        """
        CREATE TABLE IF NOT EXISTS entries (
            id BIGINT PRIMARY KEY DEFAULT nextval('entry_seq'),
            profile_id INTEGER NOT NULL,
            created_utc TIMESTAMP NOT NULL,
            local_date DATE NOT NULL,
            local_time TIME NOT NULL,
            utc_offset_min INTEGER NOT NULL DEFAULT 0,
            kind VARCHAR NOT NULL,
            prompt_id VARCHAR,
            prompt_text VARCHAR,
            prompt_response VARCHAR,  -- sealed
            body VARCHAR,             -- sealed
            need VARCHAR,             -- sealed
            hope VARCHAR,             -- sealed
            mood TINYINT,
            energy TINYINT,
            saved_utc TIMESTAMP NOT NULL,
            updated_utc TIMESTAMP,
            source VARCHAR NOT NULL DEFAULT 'steady',
            source_id VARCHAR
        )
        """
    )
    con.execute(
        """
        CREATE TABLE IF NOT EXISTS entry_emotions (
            entry_id BIGINT NOT NULL,
            profile_id INTEGER NOT NULL,
            local_date DATE NOT NULL,
            word VARCHAR NOT NULL,
            quadrant VARCHAR
        )
        """
    )
    con.execute(
        """
        CREATE TABLE IF NOT EXISTS entry_triggers (
            id BIGINT PRIMARY KEY DEFAULT nextval('part_seq'),
            entry_id BIGINT NOT NULL,
            profile_id INTEGER NOT NULL,
            local_date DATE NOT NULL,
            trigger VARCHAR NOT NULL,
            response VARCHAR,
            note VARCHAR              -- sealed
        )
        """
    )
    con.execute(
        """
        CREATE TABLE IF NOT EXISTS wins (
            id BIGINT PRIMARY KEY DEFAULT nextval('part_seq'),
            entry_id BIGINT NOT NULL,
            profile_id INTEGER NOT NULL,
            local_date DATE NOT NULL,
            practice VARCHAR NOT NULL,
            text VARCHAR              -- sealed
        )
        """
    )
    con.execute(
        """
        CREATE TABLE IF NOT EXISTS drafts (
            profile_id INTEGER PRIMARY KEY,
            payload VARCHAR NOT NULL,  -- sealed JSON
            updated_utc TIMESTAMP NOT NULL
        )
        """
    )
    con.execute(
        """
        CREATE TABLE IF NOT EXISTS prompts_shown (
            profile_id INTEGER NOT NULL,
            prompt_id VARCHAR NOT NULL,
            shown_utc TIMESTAMP NOT NULL,
            reason VARCHAR
        )
        """
    )


MIGRATIONS: list[Migration] = [
    ("0001_core", _m0001_core),
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
