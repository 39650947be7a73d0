"""The schema of Steady's first version: migrations 0001-0004 (tables, as DDL).

Why a module of its own: released migrations never change, and keeping their DDL apart keeps
journal.migrations (the runner and the ordered list) short.
"""

from __future__ import annotations

import duckdb


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


def _m0002_milestones_reviews(con: duckdb.DuckDBPyConnection) -> None:
    """Milestones, their cadence reviews and target changes; weekly reviews.

    Why separate tables for target changes: a changed target keeps its reason, so the person
    can later see how the plan moved and why (never a silent rewrite).
    """
    con.execute("CREATE SEQUENCE IF NOT EXISTS milestone_seq START 1")
    con.execute("CREATE SEQUENCE IF NOT EXISTS review_seq START 1")
    con.execute(
        """
        CREATE TABLE IF NOT EXISTS milestones (
            id BIGINT PRIMARY KEY DEFAULT nextval('milestone_seq'),
            profile_id INTEGER NOT NULL,
            title VARCHAR NOT NULL,       -- sealed
            practice VARCHAR NOT NULL,
            measure VARCHAR NOT NULL,
            target DOUBLE NOT NULL,
            baseline DOUBLE,
            start_date DATE NOT NULL,
            target_date DATE NOT NULL,
            cadence VARCHAR NOT NULL,
            paused BOOLEAN NOT NULL DEFAULT false,
            reached_on DATE,
            win_entry_id BIGINT,
            plan_id BIGINT,
            plan_step INTEGER,
            plan_steps INTEGER,
            template VARCHAR,
            created_utc TIMESTAMP NOT NULL,
            updated_utc TIMESTAMP
        )
        """
    )
    con.execute(
        """
        CREATE TABLE IF NOT EXISTS milestone_reviews (
            id BIGINT PRIMARY KEY DEFAULT nextval('review_seq'),
            milestone_id BIGINT NOT NULL,
            profile_id INTEGER NOT NULL,
            review_date DATE NOT NULL,
            worked VARCHAR,               -- sealed
            didnt VARCHAR,                -- sealed
            adjust VARCHAR,               -- sealed
            created_utc TIMESTAMP NOT NULL
        )
        """
    )
    con.execute(
        """
        CREATE TABLE IF NOT EXISTS milestone_changes (
            id BIGINT PRIMARY KEY DEFAULT nextval('review_seq'),
            milestone_id BIGINT NOT NULL,
            profile_id INTEGER NOT NULL,
            changed_on DATE NOT NULL,
            old_target DOUBLE NOT NULL,
            new_target DOUBLE NOT NULL,
            old_target_date DATE NOT NULL,
            new_target_date DATE NOT NULL,
            reason VARCHAR,               -- sealed
            created_utc TIMESTAMP NOT NULL
        )
        """
    )
    con.execute(
        """
        CREATE TABLE IF NOT EXISTS weekly_reviews (
            id BIGINT PRIMARY KEY DEFAULT nextval('review_seq'),
            profile_id INTEGER NOT NULL,
            week_start DATE NOT NULL,
            week_end DATE NOT NULL,
            worked VARCHAR,               -- sealed
            didnt VARCHAR,                -- sealed
            adjust VARCHAR,               -- sealed
            created_utc TIMESTAMP NOT NULL,
            updated_utc TIMESTAMP
        )
        """
    )


def _m0003_sharing(con: duckdb.DuckDBPyConnection) -> None:
    """Partners, invitations, shared insights, mirrors and agreed rituals (journal.sharing).

    Why two copies of every shared text: the partner's copy is sealed to their public key and is
    deleted on revoke; the sharer keeps their own sealed copy for their list and the packet.
    Nothing here is ever stored as plaintext except ids, times and the "got it" verdicts.
    """
    con.execute("CREATE SEQUENCE IF NOT EXISTS share_seq START 1")
    con.execute(
        """
        CREATE TABLE IF NOT EXISTS partner_invites (
            id BIGINT PRIMARY KEY DEFAULT nextval('share_seq'),
            profile_id INTEGER NOT NULL,       -- who invites
            code_hash VARCHAR NOT NULL UNIQUE, -- sha256 of the code; the code is never stored
            code_sealed VARCHAR NOT NULL,      -- sealed: the inviter can show it again
            created_utc TIMESTAMP NOT NULL,
            expires_utc TIMESTAMP NOT NULL,
            used_utc TIMESTAMP,
            used_by INTEGER
        )
        """
    )
    con.execute(
        """
        CREATE TABLE IF NOT EXISTS invite_failures (
            profile_id INTEGER NOT NULL,
            failed_utc TIMESTAMP NOT NULL
        )
        """
    )
    con.execute(
        """
        CREATE TABLE IF NOT EXISTS partnerships (
            profile_lo INTEGER NOT NULL,
            profile_hi INTEGER NOT NULL,
            linked_utc TIMESTAMP NOT NULL,
            PRIMARY KEY (profile_lo, profile_hi)
        )
        """
    )
    con.execute(
        """
        CREATE TABLE IF NOT EXISTS insights (
            id BIGINT PRIMARY KEY DEFAULT nextval('share_seq'),
            profile_id INTEGER NOT NULL,   -- the sharer
            partner_id INTEGER,            -- NULL: kept for the share packet only
            created_utc TIMESTAMP NOT NULL,
            revoked_utc TIMESTAMP,
            payload VARCHAR NOT NULL       -- sealed JSON, the sharer's own copy
        )
        """
    )
    con.execute(
        """
        CREATE TABLE IF NOT EXISTS insight_deliveries (
            insight_id BIGINT PRIMARY KEY,
            sharer_id INTEGER NOT NULL,
            recipient_id INTEGER NOT NULL,
            shared_utc TIMESTAMP NOT NULL,
            payload VARCHAR NOT NULL       -- JSON sealed to the recipient's public key
        )
        """
    )
    con.execute(
        """
        CREATE TABLE IF NOT EXISTS mirrors (
            id BIGINT PRIMARY KEY DEFAULT nextval('share_seq'),
            insight_id BIGINT NOT NULL,
            sharer_id INTEGER NOT NULL,
            listener_id INTEGER NOT NULL,
            created_utc TIMESTAMP NOT NULL,
            for_sharer VARCHAR,            -- sealed to the sharer's public key
            for_listener VARCHAR,          -- sealed with the listener's own key
            verdict VARCHAR,               -- 'got_it' | 'not_quite' | NULL (not yet marked)
            verdict_utc TIMESTAMP,
            clarify_for_listener VARCHAR,  -- sealed to the listener's public key
            clarify_for_sharer VARCHAR     -- sealed with the sharer's own key
        )
        """
    )
    con.execute(
        """
        CREATE TABLE IF NOT EXISTS rituals (
            profile_lo INTEGER NOT NULL,
            profile_hi INTEGER NOT NULL,
            weekly_on BOOLEAN NOT NULL,
            weekly_day TINYINT NOT NULL,   -- 0 = Monday
            weekly_time TIME NOT NULL,
            weekly_minutes SMALLINT NOT NULL,
            pause_on BOOLEAN NOT NULL,
            pause_time TIME NOT NULL,
            stress_on BOOLEAN NOT NULL,
            stress_time TIME NOT NULL,
            tz VARCHAR NOT NULL,
            proposed_by INTEGER NOT NULL,
            agreed_by INTEGER,
            updated_utc TIMESTAMP NOT NULL,
            PRIMARY KEY (profile_lo, profile_hi)
        )
        """
    )


def _m0004_data(con: duckdb.DuckDBPyConnection) -> None:
    """Imports: batches (what came in, from which file), remembered label mappings, dedupe.

    Why a unique index on (profile, source, source_id): importing the same file twice, even from
    two sessions at once, must add nothing; the index makes the second commit fail instead of
    doubling entries. Steady's own entries have no source_id (NULLs never collide).
    """
    con.execute("CREATE SEQUENCE IF NOT EXISTS import_seq START 1")
    con.execute(
        """
        CREATE TABLE IF NOT EXISTS import_batches (
            id BIGINT PRIMARY KEY DEFAULT nextval('import_seq'),
            profile_id INTEGER NOT NULL,
            format VARCHAR NOT NULL,
            file_sha256 VARCHAR NOT NULL,
            imported_utc TIMESTAMP NOT NULL,
            added INTEGER NOT NULL,
            duplicates INTEGER NOT NULL,
            skipped INTEGER NOT NULL
        )
        """
    )
    con.execute(
        """
        CREATE TABLE IF NOT EXISTS import_batch_entries (
            batch_id BIGINT NOT NULL,
            profile_id INTEGER NOT NULL,
            entry_id BIGINT NOT NULL
        )
        """
    )
    # kind 'mood': value '1'..'5' or '' (no mood); kind 'label' (activity or tag):
    # value 'trigger', 'win:<practice>' or '' (keep as text).
    con.execute(
        """
        CREATE TABLE IF NOT EXISTS import_mappings (
            profile_id INTEGER NOT NULL,
            source VARCHAR NOT NULL,
            kind VARCHAR NOT NULL,
            label VARCHAR NOT NULL,
            value VARCHAR NOT NULL,
            updated_utc TIMESTAMP NOT NULL,
            PRIMARY KEY (profile_id, source, kind, label)
        )
        """
    )
    con.execute(
        "CREATE UNIQUE INDEX IF NOT EXISTS entries_source_uq "
        "ON entries (profile_id, source, source_id)"
    )
