"""Mirrors: the listener says back what they heard; the sharer says whether it landed.

Why: the listener's own practice (mirrors sent, another try after "not quite") makes the
"my listening" chart; it counts only the signed-in person's mirrors, never compares the two
people, and never opens a mirror's text.
"""

from __future__ import annotations

import json
from datetime import datetime

import duckdb

from journal import vocab
from journal.account import Account
from journal.crypto import seal_for
from journal.db import utcnow
from journal.errors import NotFound, SharingError
from journal.profiles import public_key
from journal.sharing.insights import clean_text, next_share_id
from journal.sharing.model import NOT_QUITE, VERDICTS, ListeningMonth
from journal.sharing.partners import require_partner


def send_mirror(
    con: duckdb.DuckDBPyConnection,
    account: Account,
    insight_id: int,
    hear: str,
    sense: str = "",
    now: datetime | None = None,
) -> int:
    """Reply to a shared insight with what you heard (and, optionally, what makes sense)."""
    row = con.execute(
        "SELECT sharer_id FROM insight_deliveries WHERE insight_id = ? AND recipient_id = ?",
        [insight_id, account.id],
    ).fetchone()
    if row is None:
        raise NotFound("That insight is no longer shared with you.")
    sharer = int(row[0])
    require_partner(con, account, sharer)
    hear = clean_text(hear, "mirror", vocab.MAX_SHORT_CHARS)
    sense = clean_text(sense, "note on what makes sense", vocab.MAX_SHORT_CHARS)
    if not hear:
        raise SharingError("Please write what you hear before sending it.")
    last = con.execute(
        "SELECT verdict FROM mirrors WHERE insight_id = ? AND listener_id = ? "
        "ORDER BY created_utc DESC, id DESC LIMIT 1",
        [insight_id, account.id],
    ).fetchone()
    if last is not None and last[0] != NOT_QUITE:
        raise SharingError("Your last mirror is still with them, or they said you got it.")
    words = json.dumps({"hear": hear, "sense": sense}, ensure_ascii=False)
    mirror_id = next_share_id(con)
    con.execute(
        "INSERT INTO mirrors (id, insight_id, sharer_id, listener_id, created_utc, for_sharer, "
        "for_listener) VALUES (?, ?, ?, ?, ?, ?, ?)",
        [mirror_id, insight_id, sharer, account.id, now or utcnow(),
         seal_for(public_key(con, sharer), words),
         account.keys.seal(words, aad=f"mirror:{mirror_id}")],
    )
    return mirror_id


def mark_mirror(
    con: duckdb.DuckDBPyConnection,
    account: Account,
    mirror_id: int,
    verdict: str,
    clarification: str = "",
    now: datetime | None = None,
) -> None:
    """The sharer says whether the mirror landed, and may clarify."""
    if verdict not in VERDICTS:
        raise SharingError("Please choose \"You got it\" or \"Not quite\".")
    row = con.execute(
        "SELECT m.listener_id, m.verdict FROM mirrors m JOIN insight_deliveries d "
        "ON d.insight_id = m.insight_id AND d.sharer_id = m.sharer_id "
        "WHERE m.id = ? AND m.sharer_id = ?",
        [mirror_id, account.id],
    ).fetchone()
    if row is None:
        raise NotFound("That mirror isn't waiting for you (the insight may be revoked).")
    if row[1] is not None:
        raise SharingError("You've already answered that mirror.")
    listener = int(row[0])
    require_partner(con, account, listener)
    text = clean_text(clarification, "clarification", vocab.MAX_SHORT_CHARS)
    con.execute(
        "UPDATE mirrors SET verdict = ?, verdict_utc = ?, clarify_for_listener = ?, "
        "clarify_for_sharer = ? WHERE id = ? AND sharer_id = ?",
        [verdict, now or utcnow(),
         seal_for(public_key(con, listener), text) if text else None,
         account.keys.seal(text, aad=f"clarify:{mirror_id}") if text else None,
         mirror_id, account.id],
    )


# ---------------------------------------------------------------- my own listening


def listening_practice(
    con: duckdb.DuckDBPyConnection, account: Account
) -> list[ListeningMonth]:
    """Per month: the mirrors this person sent, and how many were another try on an insight.

    Only rows where the signed-in person is the listener are read, so nobody else's numbers
    (nor how a partner answered) can appear in it.
    """
    rows = con.execute(
        "WITH mine AS (SELECT created_utc, row_number() OVER (PARTITION BY insight_id "
        "ORDER BY created_utc, id) AS attempt FROM mirrors WHERE listener_id = ?) "
        "SELECT CAST(date_trunc('month', created_utc) AS DATE), count(*), "
        "count(*) FILTER (WHERE attempt > 1) FROM mine GROUP BY 1 ORDER BY 1",
        [account.id],
    ).fetchall()
    return [ListeningMonth(r[0], int(r[1]), int(r[2])) for r in rows]
