"""Key rotation: a passphrase change gives the profile new keys and re-seals what it owns.

Why: rewrapping the same data key under a new passphrase leaves the old passphrase useful to
whoever knew it: with an old backup it unwraps the data key, which still opens everything
written after the change. So a change makes a new data key and a new X25519 pair, re-seals
every value sealed with the old data key, and re-seals to the new public key what partners
sealed to the old one, in the same transaction that stores the new wrapped keys. The caller
then rewrites the file (journal.compaction) so the old tokens leave its bytes too.

Every sealed column is listed once below, with the context (associated data) it is sealed
under; tests/test_removal.py fails if a sealed value is left under the old key.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import duckdb

from journal.crypto import Keyring, seal_for


@dataclass(frozen=True)
class SealedColumn:
    """A column sealed with its owner's data key; `aad` builds the context from the row id."""

    table: str
    owner: str
    column: str
    aad: Callable[[object], str] = lambda _row: ""


def _fixed(text: str) -> Callable[[object], str]:
    return lambda _row: text


def _per_row(prefix: str) -> Callable[[object], str]:
    return lambda row: f"{prefix}:{row}"


_REVIEW = ("worked", "didnt", "adjust")
SEALED: tuple[SealedColumn, ...] = (
    *(SealedColumn("entries", "profile_id", c) for c in ("prompt_response", "body", "need",
                                                         "hope")),
    SealedColumn("entry_triggers", "profile_id", "note"),
    SealedColumn("wins", "profile_id", "text"),
    SealedColumn("drafts", "profile_id", "payload"),
    SealedColumn("milestones", "profile_id", "title"),
    *(SealedColumn("milestone_reviews", "profile_id", c) for c in _REVIEW),
    SealedColumn("milestone_changes", "profile_id", "reason"),
    *(SealedColumn("weekly_reviews", "profile_id", c) for c in _REVIEW),
    *(SealedColumn("weekly_review_duplicates", "profile_id", c) for c in _REVIEW),
    SealedColumn("partner_invites", "profile_id", "code_sealed", _fixed("invite")),
    SealedColumn("insights", "profile_id", "payload", _per_row("insight")),
    SealedColumn("mirrors", "listener_id", "for_listener", _per_row("mirror")),
    SealedColumn("mirrors", "sharer_id", "clarify_for_sharer", _per_row("clarify")),
)

# Columns a partner sealed *to* a profile's public key: (table, owner column, column).
SEALED_TO: tuple[tuple[str, str, str], ...] = (
    ("insight_deliveries", "recipient_id", "payload"),
    ("mirrors", "sharer_id", "for_sharer"),
    ("mirrors", "listener_id", "clarify_for_listener"),
)

# Tables whose row id is `id`; drafts are one per profile and need no row id.
_ROW_ID = {"drafts": "profile_id", "weekly_review_duplicates": "id"}


def _replace(con: duckdb.DuckDBPyConnection, table: str, owner: str, column: str,
             profile_id: int, pairs: list[tuple[str, str]]) -> None:
    """Swap each old token for its new one, in one statement per column (tokens are unique)."""
    if not pairs:
        return
    con.execute(
        f"UPDATE {table} SET {column} = m.new FROM "  # noqa: S608 (names from the table above)
        "(SELECT unnest(?::VARCHAR[]) AS old, unnest(?::VARCHAR[]) AS new) AS m "
        f"WHERE {table}.{column} = m.old AND {table}.{owner} = ?",
        [[p[0] for p in pairs], [p[1] for p in pairs], profile_id],
    )


def _reseal_own(con: duckdb.DuckDBPyConnection, profile_id: int, old: Keyring,
                new: Keyring) -> int:
    done = 0
    for col in SEALED:
        row_id = _ROW_ID.get(col.table, "id")
        rows = con.execute(
            f"SELECT {row_id}, {col.column} FROM {col.table} "  # noqa: S608 (fixed names)
            f"WHERE {col.owner} = ? AND {col.column} IS NOT NULL",
            [profile_id],
        ).fetchall()
        pairs = []
        for row, token in rows:
            aad = col.aad(row)
            pairs.append((token, new.seal(old.open(token, aad=aad), aad=aad) or ""))
        _replace(con, col.table, col.owner, col.column, profile_id, pairs)
        done += len(pairs)
    return done


def _reseal_shared_to(con: duckdb.DuckDBPyConnection, profile_id: int, old: Keyring,
                      new: Keyring) -> int:
    done = 0
    for table, owner, column in SEALED_TO:
        rows = con.execute(
            f"SELECT {column} FROM {table} "  # noqa: S608 (fixed names)
            f"WHERE {owner} = ? AND {column} IS NOT NULL",
            [profile_id],
        ).fetchall()
        pairs = [(token, seal_for(new.public_key, old.open_from_partner(token)))
                 for (token,) in rows]
        _replace(con, table, owner, column, profile_id, pairs)
        done += len(pairs)
    return done


def reseal_profile(con: duckdb.DuckDBPyConnection, profile_id: int, old: Keyring,
                   new: Keyring) -> int:
    """Re-seal everything the profile owns or was sent from `old` keys to `new` keys.

    Runs inside the caller's transaction; returns how many values were re-sealed. A value the
    old keys can't open raises CryptoError, and the caller's transaction changes nothing.
    """
    return (_reseal_own(con, profile_id, old, new)
            + _reseal_shared_to(con, profile_id, old, new))
