"""My promises: commitments a person makes about their own behaviour, ticked only by them.

Why: the texts put demonstrated change at the end of every repair, and warn against keeping
score of the other person. So a promise belongs to one person; only they can tick it (every
query is filtered by the signed-in profile — there is no way to log someone else's), and sharing
is a summary they choose to send, which they can take back at any time.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

import duckdb

from .account import Account
from .db import utcnow
from .errors import NotFound
from .pairs import clean, open_copy, seal_both
from .profiles import profile_names
from .sharing.partners import partners

MAX_TEXT = 300


@dataclass(frozen=True)
class Promise:
    """One of the person's own commitments and how often they kept it lately."""

    id: int
    text: str
    created_utc: datetime
    ticked_today: bool
    days_last_week: int


@dataclass(frozen=True)
class PromiseSummary:
    """What a partner chose to share about their own promises."""

    sharer_id: int
    sharer_name: str
    updated_utc: datetime
    lines: tuple[str, ...]


def add_promise(con: duckdb.DuckDBPyConnection, account: Account, text: str) -> int:
    """Make a promise about one's own behaviour (sealed)."""
    words = clean(text, "promise", MAX_TEXT, required=True)
    row = con.execute("SELECT nextval('together_seq')").fetchone()
    assert row is not None
    promise_id = int(row[0])
    con.execute(
        "INSERT INTO promises (id, profile_id, created_utc, payload) VALUES (?, ?, ?, ?)",
        [promise_id, account.id, utcnow(), account.keys.seal(words, aad=f"promise:{promise_id}")],
    )
    return promise_id


def list_promises(con: duckdb.DuckDBPyConnection, account: Account,
                  today: date) -> list[Promise]:
    """The person's active promises, oldest first, with this week's ticks."""
    rows = con.execute(
        "SELECT p.id, p.payload, p.created_utc, "
        "count(t.day) FILTER (WHERE t.day = ?), count(t.day) FILTER (WHERE t.day > ?) "
        "FROM promises p LEFT JOIN promise_ticks t ON t.promise_id = p.id "
        "AND t.profile_id = p.profile_id WHERE p.profile_id = ? AND p.retired_utc IS NULL "
        "GROUP BY p.id, p.payload, p.created_utc ORDER BY p.created_utc, p.id",
        [today, today - timedelta(days=7), account.id],
    ).fetchall()
    return [Promise(int(r[0]), account.keys.open(r[1], aad=f"promise:{r[0]}") or "", r[2],
                    bool(r[3]), int(r[4])) for r in rows]


def _own(con: duckdb.DuckDBPyConnection, account: Account, promise_id: int) -> None:
    row = con.execute(
        "SELECT 1 FROM promises WHERE id = ? AND profile_id = ? AND retired_utc IS NULL",
        [promise_id, account.id],
    ).fetchone()
    if row is None:
        raise NotFound("That promise isn't one of yours; only its owner can tick it.")


def tick(con: duckdb.DuckDBPyConnection, account: Account, promise_id: int, day: date,
         kept: bool = True) -> None:
    """Tick (or untick) one's own promise for a day; anyone else's is refused."""
    _own(con, account, promise_id)
    con.execute("DELETE FROM promise_ticks WHERE promise_id = ? AND profile_id = ? AND day = ?",
                [promise_id, account.id, day])
    if kept:
        con.execute("INSERT INTO promise_ticks (promise_id, profile_id, day) VALUES (?, ?, ?)",
                    [promise_id, account.id, day])


def retire(con: duckdb.DuckDBPyConnection, account: Account, promise_id: int) -> None:
    """Stop carrying a promise (its ticks stay private; nothing is shared by this)."""
    _own(con, account, promise_id)
    con.execute("UPDATE promises SET retired_utc = ? WHERE id = ? AND profile_id = ?",
                [utcnow(), promise_id, account.id])


def summary_lines(items: list[Promise]) -> tuple[str, ...]:
    """What a shared summary says: the promises, and days practised in the last week."""
    return tuple(f"{p.text} — practised on {p.days_last_week} of the last 7 days"
                 for p in items)


def share_summary(con: duckdb.DuckDBPyConnection, account: Account, partner_id: int,
                  today: date) -> None:
    """Send (or refresh) a summary of one's own promises to a partner, sealed to them."""
    lines = summary_lines(list_promises(con, account, today))
    if not lines:
        raise NotFound("You have no promises to share yet.")
    copies = seal_both(con, account, partner_id, {"lines": list(lines)},
                       aad=f"promise-summary:{partner_id}")
    con.execute("DELETE FROM promise_summaries WHERE profile_id = ? AND partner_id = ?",
                [account.id, partner_id])
    con.execute(
        "INSERT INTO promise_summaries (profile_id, partner_id, updated_utc, payload) "
        "VALUES (?, ?, ?, ?)",
        [account.id, partner_id, utcnow(), copies[partner_id]],
    )


def unshare_summary(con: duckdb.DuckDBPyConnection, account: Account, partner_id: int) -> None:
    """Take the shared summary back."""
    con.execute("DELETE FROM promise_summaries WHERE profile_id = ? AND partner_id = ?",
                [account.id, partner_id])


def shared_with(con: duckdb.DuckDBPyConnection, account: Account) -> list[int]:
    """Partner ids who currently hold this person's summary."""
    rows = con.execute("SELECT partner_id FROM promise_summaries WHERE profile_id = ?",
                       [account.id]).fetchall()
    return [int(r[0]) for r in rows]


def received_summaries(con: duckdb.DuckDBPyConnection,
                       account: Account) -> list[PromiseSummary]:
    """Summaries linked partners chose to share with this person."""
    linked = [p.id for p in partners(con, account)]
    if not linked:
        return []
    rows = con.execute(
        "SELECT profile_id, updated_utc, payload FROM promise_summaries "
        "WHERE partner_id = ? AND list_contains(?, profile_id) ORDER BY updated_utc DESC",
        [account.id, linked],
    ).fetchall()
    names = profile_names(con, linked)
    return [PromiseSummary(int(r[0]), names.get(int(r[0]), ""), r[1],
                           tuple(str(x) for x in open_copy(account, r[2], "").get("lines", [])))
            for r in rows]


def forget_pair(con: duckdb.DuckDBPyConnection, me: int, other: int) -> None:
    """Unlinking takes back the promise summaries each shared with the other."""
    con.execute("DELETE FROM promise_summaries WHERE (profile_id = ? AND partner_id = ?) "
                "OR (profile_id = ? AND partner_id = ?)", [me, other, other, me])
