"""Mirrors: the listener says back what they heard; the sharer says whether it landed.

Why: the verdicts (not the words) make the "how well do we hear each other" chart, so the
summary here counts verdicts per month and never opens a mirror's text.
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
from journal.sharing.model import GOT_IT, NOT_QUITE, VERDICTS, UnderstandingMonth
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


# ---------------------------------------------------------------- understanding over time


def understanding(
    con: duckdb.DuckDBPyConnection, account: Account, partner_id: int
) -> list[UnderstandingMonth]:
    """Per month and direction: how many answered mirrors were "you got it"."""
    partner_name = require_partner(con, account, partner_id)
    rows = con.execute(
        "SELECT CAST(date_trunc('month', verdict_utc) AS DATE) AS month, listener_id, "
        "count(*) FILTER (WHERE verdict = ?), count(*) FROM mirrors "
        "WHERE verdict IS NOT NULL AND ((sharer_id = ? AND listener_id = ?) "
        "OR (sharer_id = ? AND listener_id = ?)) GROUP BY 1, 2 ORDER BY 1, 2",
        [GOT_IT, account.id, partner_id, partner_id, account.id],
    ).fetchall()
    who = {account.id: f"{account.name} hearing {partner_name}",
           partner_id: f"{partner_name} hearing {account.name}"}
    return [UnderstandingMonth(r[0], who[int(r[1])], int(r[2]), int(r[3])) for r in rows]
