"""Schema changes after the first version: migrations 0005 onwards (each appended, never edited).

Why apart from journal.migrations: the runner stays short; each step is DDL plus a docstring
saying why it exists.
"""

from __future__ import annotations

import duckdb


def _m0005_draft_saves(con: duckdb.DuckDBPyConnection) -> None:
    """Which drafts became entries: one draft, at most one entry.

    Why a table keyed by (profile, token): Write gives each draft a random token; saving inserts
    the token in the same transaction as the entry, so a second click (or a stale browser form)
    sending the same draft again finds it and stores nothing.
    """
    con.execute(
        """
        CREATE TABLE IF NOT EXISTS draft_saves (
            profile_id INTEGER NOT NULL,
            token VARCHAR NOT NULL,
            entry_id BIGINT NOT NULL,
            saved_utc TIMESTAMP NOT NULL,
            PRIMARY KEY (profile_id, token)
        )
        """
    )


def _m0006_trigger_words(con: duckdb.DuckDBPyConnection) -> None:
    """Triggers stored as a verdict-like earlier label become the key that label now names.

    Why: curated triggers are stored by key, but an imported tag (or a typed word) that spelled an
    earlier label ("Broken promise") was kept as a word of its own; it now joins its key, which is
    shown in observable wording. Keys never change; the mapping is fixed here, not read from vocab.
    """
    for word, key in (("criticism", "criticism"), ("feeling ignored", "feeling_ignored"),
                      ("broken promise", "broken_promise"),
                      ("partner on phone or screen", "phone_or_screen")):
        con.execute("UPDATE entry_triggers SET trigger = ? "
                    "WHERE lower(trim(trigger)) = ? AND trigger <> ?", [key, word, key])
    con.execute("UPDATE entry_triggers SET response = 'pursued' "
                "WHERE lower(trim(response)) = 'pursued or protested'")


def _m0007_review_duplicates(con: duckdb.DuckDBPyConnection) -> None:
    """Two sessions once stored two reviews for one week: keep the newest, set the others aside.

    Why set aside, not merge: the answers are sealed with the profile's key, which a migration
    never holds; the newest save is what the person saw last, and every older copy moves, still
    sealed, to weekly_review_duplicates (same columns), so nothing is lost. The unique index
    comes in 0008: DuckDB can't index rows deleted in the same transaction.
    """
    con.execute("CREATE TABLE IF NOT EXISTS weekly_review_duplicates AS "
                "SELECT * FROM weekly_reviews WHERE false")
    con.execute(
        "INSERT INTO weekly_review_duplicates SELECT * FROM weekly_reviews WHERE id NOT IN ("
        "SELECT arg_max(id, (coalesce(updated_utc, created_utc), id)) FROM weekly_reviews "
        "GROUP BY profile_id, week_start)"
    )
    con.execute("DELETE FROM weekly_reviews WHERE id IN (SELECT id FROM weekly_review_duplicates)")


def _m0008_one_review_per_week(con: duckdb.DuckDBPyConnection) -> None:
    """One weekly review per profile and week: saves upsert on this key (journal.reviews)."""
    con.execute("CREATE UNIQUE INDEX IF NOT EXISTS weekly_reviews_week_uq "
                "ON weekly_reviews (profile_id, week_start)")


def _m0009_import_batch_items(con: duckdb.DuckDBPyConnection) -> None:
    """What else an import brought besides entries (milestones, weekly reviews), for its undo."""
    con.execute(
        """
        CREATE TABLE IF NOT EXISTS import_batch_items (
            batch_id BIGINT NOT NULL,
            profile_id INTEGER NOT NULL,
            kind VARCHAR NOT NULL,
            item_id BIGINT NOT NULL
        )
        """
    )


def _m0010_sign_in_client(con: duckdb.DuckDBPyConnection) -> None:
    """Sign-in failures are counted per (name, client) so a guesser can't lock the owner out."""
    con.execute("ALTER TABLE sign_in_failures ADD COLUMN client VARCHAR DEFAULT 'local'")


# Together (issue 11): repairs, pauses, agreements, promises, check-ins. Every text column holds
# sealed JSON: the author's copy under their own key, the partner's copy sealed to them.
_TOGETHER_DDL = (
    "CREATE SEQUENCE IF NOT EXISTS together_seq START 1",
    """CREATE TABLE IF NOT EXISTS repairs (
        id BIGINT PRIMARY KEY DEFAULT nextval('together_seq'),
        profile_id INTEGER NOT NULL, entry_id BIGINT, hard_local TIMESTAMP,
        started_local TIMESTAMP NOT NULL, follow_up DATE, payload VARCHAR NOT NULL,
        outcome_payload VARCHAR, outcome_utc TIMESTAMP, insight_id BIGINT,
        created_utc TIMESTAMP NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS pauses (
        id BIGINT PRIMARY KEY DEFAULT nextval('together_seq'),
        profile_id INTEGER NOT NULL, partner_id INTEGER NOT NULL,
        created_utc TIMESTAMP NOT NULL, return_utc TIMESTAMP NOT NULL,
        own_copy VARCHAR NOT NULL, partner_copy VARCHAR,
        answered_utc TIMESTAMP, answer VARCHAR, win_entry_id BIGINT, withdrawn_utc TIMESTAMP)""",
    """CREATE TABLE IF NOT EXISTS agreements (
        id BIGINT PRIMARY KEY DEFAULT nextval('together_seq'),
        profile_lo INTEGER NOT NULL, profile_hi INTEGER NOT NULL, proposed_by INTEGER NOT NULL,
        created_utc TIMESTAMP NOT NULL, revisit_on DATE, version INTEGER NOT NULL,
        retired_utc TIMESTAMP)""",
    """CREATE TABLE IF NOT EXISTS agreement_copies (
        agreement_id BIGINT NOT NULL, version INTEGER NOT NULL, holder_id INTEGER NOT NULL,
        author_id INTEGER NOT NULL, created_utc TIMESTAMP NOT NULL, payload VARCHAR NOT NULL,
        PRIMARY KEY (agreement_id, version, holder_id))""",
    """CREATE TABLE IF NOT EXISTS agreement_accepts (
        agreement_id BIGINT NOT NULL, version INTEGER NOT NULL, profile_id INTEGER NOT NULL,
        accepted_utc TIMESTAMP NOT NULL, PRIMARY KEY (agreement_id, version, profile_id))""",
    """CREATE TABLE IF NOT EXISTS promises (
        id BIGINT PRIMARY KEY DEFAULT nextval('together_seq'),
        profile_id INTEGER NOT NULL, created_utc TIMESTAMP NOT NULL,
        payload VARCHAR NOT NULL, retired_utc TIMESTAMP)""",
    """CREATE TABLE IF NOT EXISTS promise_ticks (
        promise_id BIGINT NOT NULL, profile_id INTEGER NOT NULL, day DATE NOT NULL,
        PRIMARY KEY (promise_id, day))""",
    """CREATE TABLE IF NOT EXISTS promise_summaries (
        profile_id INTEGER NOT NULL, partner_id INTEGER NOT NULL,
        updated_utc TIMESTAMP NOT NULL, payload VARCHAR NOT NULL,
        PRIMARY KEY (profile_id, partner_id))""",
    """CREATE TABLE IF NOT EXISTS checkins (
        id BIGINT PRIMARY KEY DEFAULT nextval('together_seq'),
        profile_lo INTEGER NOT NULL, profile_hi INTEGER NOT NULL, started_by INTEGER NOT NULL,
        held_on DATE NOT NULL, minutes INTEGER NOT NULL, created_utc TIMESTAMP NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS checkin_copies (
        checkin_id BIGINT NOT NULL, holder_id INTEGER NOT NULL, payload VARCHAR NOT NULL,
        saved_utc TIMESTAMP, PRIMARY KEY (checkin_id, holder_id))""",
)


def _m0011_together(con: duckdb.DuckDBPyConnection) -> None:
    """Repairs, pauses with a return time, agreements, promises and check-ins (issue 11).

    Why sealed copies per holder: each of the two people reads the same words with their own
    key, so a third profile (or the file alone) reveals only ids, dates and row sizes.
    """
    for ddl in _TOGETHER_DDL:
        con.execute(ddl)
