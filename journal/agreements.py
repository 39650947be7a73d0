"""Agreements: a shared map of expectations between two linked people.

Why it looks like this: the texts ask couples to say plainly what is negotiable and what is not,
and to treat boundaries as railings rather than walls. Either partner proposes an item (words, an
area of life, and how they hold it: open to talk about, firm for me, let's talk). It counts as
agreed only when both accept the current wording; a change is a new version that needs both
again and keeps its reason, so the history is never silently rewritten. Each item has a revisit
date; the weekly review lists the ones that are due. Every version's words are sealed once per
holder (pairs.seal_both), so only the two of them can read it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import duckdb

from . import vocab
from .account import Account
from .db import transaction, utcnow
from .errors import NotFound, SharingError, ValidationError
from .pairs import clean, open_copy, other_of, pair, seal_both
from .profiles import profile_names
from .sharing.partners import partners, require_partner

AREAS: dict[str, str] = {
    "time": "Time together and time apart",
    "phones": "Phones and screens",
    "messages": "Messages and replies",
    "money": "Money",
    "family": "Family and friends",
    "home": "Home and chores",
    "closeness": "Closeness and affection",
    "disagreements": "How we handle disagreements",
    "other": "Something else",
}
STANCES: dict[str, str] = {
    "open": "Open to talk about",
    "firm": "Firm for me",
    "talk": "Let's talk",
}
MAX_TEXT = 500


@dataclass(frozen=True)
class Version:
    """One wording of an item, who proposed it, why it changed, and whether both accepted it."""

    version: int
    author_id: int
    created_utc: datetime
    text: str
    area: str
    stance: str
    reason: str
    agreed: bool


@dataclass(frozen=True)
class Agreement:
    """An item of the shared map as the viewer sees it (newest version first in history)."""

    id: int
    partner_id: int
    partner_name: str
    revisit_on: date | None
    current: Version
    accepted_by_me: bool
    accepted_by_partner: bool
    history: tuple[Version, ...]

    @property
    def agreed(self) -> bool:
        """Both accepted the current wording."""
        return self.accepted_by_me and self.accepted_by_partner

    @property
    def last_agreed(self) -> Version | None:
        """The newest wording both accepted (the one that holds while a change is discussed)."""
        return next((v for v in self.history if v.agreed), None)

    def due(self, today: date) -> bool:
        """Agreed and its revisit date has come."""
        return self.revisit_on is not None and self.revisit_on <= today and (
            self.last_agreed is not None)


def _words(text: str, area: str, stance: str, reason: str = "") -> dict[str, str]:
    if area not in AREAS:
        raise ValidationError("Please choose an area of life.")
    if stance not in STANCES:
        raise ValidationError("Please say how you hold this: open, firm, or let's talk.")
    return {"text": clean(text, "agreement", MAX_TEXT, required=True), "area": area,
            "stance": stance, "reason": clean(reason, "reason", vocab.MAX_SHORT_CHARS)}


def _write_version(con: duckdb.DuckDBPyConnection, account: Account, partner_id: int,
                   agreement_id: int, version: int, words: dict[str, str]) -> None:
    copies = seal_both(con, account, partner_id, words, aad=f"agreement:{agreement_id}:{version}")
    now = utcnow()
    for holder, token in copies.items():
        con.execute(
            "INSERT INTO agreement_copies (agreement_id, version, holder_id, author_id, "
            "created_utc, payload) VALUES (?, ?, ?, ?, ?, ?)",
            [agreement_id, version, holder, account.id, now, token],
        )
    con.execute(
        "INSERT INTO agreement_accepts (agreement_id, version, profile_id, accepted_utc) "
        "VALUES (?, ?, ?, ?)",
        [agreement_id, version, account.id, now],
    )


def propose(
    con: duckdb.DuckDBPyConnection, account: Account, partner_id: int, *, text: str, area: str,
    stance: str, revisit_on: date | None, today: date,
) -> int:
    """Propose a new item; the proposer has accepted it, the partner still has to."""
    require_partner(con, account, partner_id)
    words = _words(text, area, stance)
    _check_revisit(revisit_on, today)
    lo, hi = pair(account.id, partner_id)
    with transaction(con):
        row = con.execute(
            "INSERT INTO agreements (profile_lo, profile_hi, proposed_by, created_utc, "
            "revisit_on, version) VALUES (?, ?, ?, ?, ?, 1) RETURNING id",
            [lo, hi, account.id, utcnow(), revisit_on],
        ).fetchone()
        assert row is not None
        _write_version(con, account, partner_id, int(row[0]), 1, words)
    return int(row[0])


def _check_revisit(revisit_on: date | None, today: date) -> None:
    if revisit_on is not None and revisit_on <= today:
        raise ValidationError("Please pick a revisit date after today.")


def _own_row(con: duckdb.DuckDBPyConnection, account: Account,
             agreement_id: int) -> tuple[int, int]:
    """(partner id, current version) of an item of this person's pair; NotFound otherwise."""
    row = con.execute(
        "SELECT profile_lo, profile_hi, version FROM agreements WHERE id = ? "
        "AND (profile_lo = ? OR profile_hi = ?) AND retired_utc IS NULL",
        [agreement_id, account.id, account.id],
    ).fetchone()
    if row is None:
        raise NotFound("That agreement isn't one of yours.")
    partner_id = other_of(int(row[0]), int(row[1]), account.id)
    require_partner(con, account, partner_id)
    return partner_id, int(row[2])


def propose_change(
    con: duckdb.DuckDBPyConnection, account: Account, agreement_id: int, *, text: str,
    area: str, stance: str, reason: str, revisit_on: date | None, today: date,
) -> int:
    """A new wording with its reason; it needs both people's acceptance again."""
    partner_id, version = _own_row(con, account, agreement_id)
    words = _words(text, area, stance, reason)
    if not words["reason"]:
        raise ValidationError("Please say why you'd like to change it; the reason is kept.")
    _check_revisit(revisit_on, today)
    with transaction(con):
        con.execute("UPDATE agreements SET version = ?, revisit_on = ? WHERE id = ?",
                    [version + 1, revisit_on, agreement_id])
        _write_version(con, account, partner_id, agreement_id, version + 1, words)
    return version + 1


def accept(con: duckdb.DuckDBPyConnection, account: Account, agreement_id: int) -> None:
    """Accept the current wording (a no-op if already accepted)."""
    _, version = _own_row(con, account, agreement_id)
    con.execute(
        "INSERT INTO agreement_accepts (agreement_id, version, profile_id, accepted_utc) "
        "VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
        [agreement_id, version, account.id, utcnow()],
    )


def withdraw(con: duckdb.DuckDBPyConnection, account: Account, agreement_id: int) -> None:
    """Take back one's own proposal or change while the partner hasn't accepted it yet."""
    partner_id, version = _own_row(con, account, agreement_id)
    row = con.execute(
        "SELECT author_id FROM agreement_copies WHERE agreement_id = ? AND version = ? "
        "AND holder_id = ?", [agreement_id, version, account.id]).fetchone()
    accepted = con.execute(
        "SELECT 1 FROM agreement_accepts WHERE agreement_id = ? AND version = ? "
        "AND profile_id = ?", [agreement_id, version, partner_id]).fetchone()
    if row is None or int(row[0]) != account.id or accepted is not None:
        raise SharingError("Only your own proposal can be taken back, and only before your "
                           "partner accepts it.")
    with transaction(con):
        for table in ("agreement_copies", "agreement_accepts"):
            con.execute(f"DELETE FROM {table} WHERE agreement_id = ? AND version = ?",  # noqa: S608
                        [agreement_id, version])
        if version == 1:
            con.execute("DELETE FROM agreements WHERE id = ?", [agreement_id])
        else:
            con.execute("UPDATE agreements SET version = ? WHERE id = ?",
                        [version - 1, agreement_id])


def list_agreements(con: duckdb.DuckDBPyConnection, account: Account) -> list[Agreement]:
    """Every item shared with a currently linked partner, newest first."""
    linked = [p.id for p in partners(con, account)]
    if not linked:
        return []
    rows = con.execute(
        "SELECT id, profile_lo, profile_hi, revisit_on, version FROM agreements "
        "WHERE (profile_lo = ? OR profile_hi = ?) AND retired_utc IS NULL "
        "ORDER BY created_utc DESC, id DESC",
        [account.id, account.id],
    ).fetchall()
    rows = [r for r in rows if other_of(int(r[1]), int(r[2]), account.id) in linked]
    ids = [int(r[0]) for r in rows]
    if not ids:
        return []
    versions = _versions(con, account, ids)
    accepts = {(int(a), int(v), int(p)) for a, v, p in con.execute(
        "SELECT agreement_id, version, profile_id FROM agreement_accepts "
        "WHERE list_contains(?, agreement_id)", [ids]).fetchall()}
    names = profile_names(con, linked)
    out = []
    for r in rows:
        aid, partner_id, current = int(r[0]), other_of(int(r[1]), int(r[2]), account.id), int(r[4])
        history = tuple(
            _agreed(v, (aid, v.version, account.id) in accepts
                    and (aid, v.version, partner_id) in accepts)
            for v in sorted(versions.get(aid, []), key=lambda v: -v.version))
        if not history or history[0].version != current:
            continue
        out.append(Agreement(
            id=aid, partner_id=partner_id, partner_name=names.get(partner_id, ""),
            revisit_on=r[3], current=history[0],
            accepted_by_me=(aid, current, account.id) in accepts,
            accepted_by_partner=(aid, current, partner_id) in accepts, history=history))
    return out


def _agreed(v: Version, both: bool) -> Version:
    return Version(v.version, v.author_id, v.created_utc, v.text, v.area, v.stance, v.reason,
                   both)


def _versions(con: duckdb.DuckDBPyConnection, account: Account,
              ids: list[int]) -> dict[int, list[Version]]:
    rows = con.execute(
        "SELECT agreement_id, version, author_id, created_utc, payload FROM agreement_copies "
        "WHERE holder_id = ? AND list_contains(?, agreement_id)",
        [account.id, ids],
    ).fetchall()
    out: dict[int, list[Version]] = {}
    for aid, version, author, created, token in rows:
        w = open_copy(account, token, f"agreement:{aid}:{version}")
        out.setdefault(int(aid), []).append(Version(
            int(version), int(author), created, str(w.get("text", "")),
            str(w.get("area", "other")), str(w.get("stance", "open")),
            str(w.get("reason", "")), False))
    return out


def due(con: duckdb.DuckDBPyConnection, account: Account, today: date) -> list[Agreement]:
    """Agreed items whose revisit date has come (for the weekly review)."""
    return [a for a in list_agreements(con, account) if a.due(today)]


def forget_pair(con: duckdb.DuckDBPyConnection, me: int, other: int) -> None:
    """Unlinking ends the shared map: every item of this pair, its copies and accepts, go."""
    lo, hi = pair(me, other)
    con.execute("DELETE FROM agreement_accepts WHERE agreement_id IN (SELECT id FROM agreements "
                "WHERE profile_lo = ? AND profile_hi = ?)", [lo, hi])
    con.execute("DELETE FROM agreement_copies WHERE agreement_id IN (SELECT id FROM agreements "
                "WHERE profile_lo = ? AND profile_hi = ?)", [lo, hi])
    con.execute("DELETE FROM agreements WHERE profile_lo = ? AND profile_hi = ?", [lo, hi])
