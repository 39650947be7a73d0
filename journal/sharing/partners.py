"""Partners: invitation codes, linking two profiles, and unlinking them again.

Why: a link is made on purpose by both people (one makes a code, the other types it), and ending
it takes back every insight, mirror and ritual of the pair at once.
"""

from __future__ import annotations

import hashlib
import secrets
import unicodedata
from datetime import datetime, timedelta

import duckdb

from journal.account import Account
from journal.db import transaction, utcnow
from journal.errors import SharingError
from journal.profiles import profile_names
from journal.sharing.model import Invitation, Partner, pair

INVITE_TTL = timedelta(days=7)
MAX_OPEN_INVITES = 5
CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford base32: no I, L, O, U
CODE_CHARS = 12  # 60 random bits
FAILED_CODES_ALLOWED = 5
FAILED_CODES_WINDOW = timedelta(minutes=15)

def normalise_code(code: str) -> str:
    """Codes are read aloud and retyped: ignore case, spaces, dashes; O→0, I/L→1."""
    clean = unicodedata.normalize("NFKC", code or "").upper()
    clean = "".join(ch for ch in clean if ch.isalnum())
    return clean.translate(str.maketrans({"O": "0", "I": "1", "L": "1"}))


def _code_hash(code: str) -> str:
    return hashlib.sha256(("steady-invite:" + normalise_code(code)).encode()).hexdigest()


def _new_code() -> str:
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_CHARS))
    return "-".join(raw[i : i + 4] for i in range(0, CODE_CHARS, 4))


def create_invitation(
    con: duckdb.DuckDBPyConnection, account: Account, now: datetime | None = None
) -> Invitation:
    """A random single-use code, valid for 7 days; only its hash is searchable in the file."""
    now = now or utcnow()
    if len(open_invitations(con, account, now)) >= MAX_OPEN_INVITES:
        raise SharingError(
            f"You already have {MAX_OPEN_INVITES} open invitation codes. "
            "Cancel one you no longer need first."
        )
    code = _new_code()
    row = con.execute(
        "INSERT INTO partner_invites (profile_id, code_hash, code_sealed, created_utc, "
        "expires_utc) VALUES (?, ?, ?, ?, ?) RETURNING id",
        [account.id, _code_hash(code), account.keys.seal(code, aad="invite"), now,
         now + INVITE_TTL],
    ).fetchone()
    assert row is not None
    return Invitation(int(row[0]), code, now, now + INVITE_TTL)


def open_invitations(
    con: duckdb.DuckDBPyConnection, account: Account, now: datetime | None = None
) -> list[Invitation]:
    """This profile's unused, unexpired codes, newest first."""
    rows = con.execute(
        "SELECT id, code_sealed, created_utc, expires_utc FROM partner_invites "
        "WHERE profile_id = ? AND used_utc IS NULL AND expires_utc > ? ORDER BY id DESC",
        [account.id, now or utcnow()],
    ).fetchall()
    return [Invitation(int(r[0]), account.keys.open(r[1], aad="invite") or "", r[2], r[3])
            for r in rows]


def cancel_invitation(con: duckdb.DuckDBPyConnection, account: Account, invite_id: int) -> None:
    """Withdraw an unused code so nobody can use it any more."""
    con.execute(
        "DELETE FROM partner_invites WHERE id = ? AND profile_id = ? AND used_utc IS NULL",
        [invite_id, account.id],
    )


def _failed_tries(con: duckdb.DuckDBPyConnection, account: Account, now: datetime) -> int:
    row = con.execute(
        "SELECT count(*) FROM invite_failures WHERE profile_id = ? AND failed_utc > ?",
        [account.id, now - FAILED_CODES_WINDOW],
    ).fetchone()
    return int(row[0]) if row else 0


def accept_invitation(
    con: duckdb.DuckDBPyConnection, account: Account, code: str, now: datetime | None = None
) -> Partner:
    """Link with whoever made this code; the code is used up."""
    now = now or utcnow()
    if _failed_tries(con, account, now) >= FAILED_CODES_ALLOWED:
        raise SharingError(
            "That's several codes that didn't work. Please wait a quarter of an hour, "
            "then check the code with your partner and try again."
        )
    if not normalise_code(code):
        raise SharingError("Please type the code your partner gave you.")
    row = con.execute(
        "SELECT id, profile_id FROM partner_invites WHERE code_hash = ? AND used_utc IS NULL "
        "AND expires_utc > ?",
        [_code_hash(code), now],
    ).fetchone()
    if row is None:
        con.execute("INSERT INTO invite_failures (profile_id, failed_utc) VALUES (?, ?)",
                    [account.id, now])
        raise SharingError(
            "That code doesn't work. A code works once, for 7 days: check it with your "
            "partner, or ask them for a new one."
        )
    invite_id, inviter = int(row[0]), int(row[1])
    if inviter == account.id:
        raise SharingError("That's your own code. Give it to your partner to enter on their "
                           "Share page.")
    lo, hi = pair(account.id, inviter)
    if linked(con, account.id, inviter):
        name = profile_names(con, [inviter]).get(inviter, "them")
        raise SharingError(f"You're already linked with {name}.")
    con.execute("BEGIN TRANSACTION")
    try:
        claimed = con.execute(
            "UPDATE partner_invites SET used_utc = ?, used_by = ? "
            "WHERE id = ? AND used_utc IS NULL RETURNING id",
            [now, account.id, invite_id],
        ).fetchone()
        if claimed is None:  # someone else used the code a moment ago
            raise SharingError("That code has just been used. Please ask your partner for a "
                               "new one.")
        con.execute(
            "INSERT INTO partnerships (profile_lo, profile_hi, linked_utc) VALUES (?, ?, ?)",
            [lo, hi, now],
        )
        con.execute("COMMIT")
    except duckdb.TransactionException as err:
        con.execute("ROLLBACK")
        raise SharingError("That code was used at the same moment from somewhere else. "
                           "Please try again, or ask your partner for a new code.") from err
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return Partner(inviter, profile_names(con, [inviter]).get(inviter, ""), now)


def linked(con: duckdb.DuckDBPyConnection, me: int, other: int) -> bool:
    lo, hi = pair(me, other)
    return con.execute(
        "SELECT 1 FROM partnerships WHERE profile_lo = ? AND profile_hi = ?", [lo, hi]
    ).fetchone() is not None


def partners(con: duckdb.DuckDBPyConnection, account: Account) -> list[Partner]:
    """Everyone this profile is linked with, in the order they were linked."""
    rows = con.execute(
        "SELECT CASE WHEN profile_lo = ? THEN profile_hi ELSE profile_lo END, linked_utc "
        "FROM partnerships WHERE profile_lo = ? OR profile_hi = ? ORDER BY linked_utc",
        [account.id, account.id, account.id],
    ).fetchall()
    names = profile_names(con, [int(r[0]) for r in rows])
    return [Partner(int(r[0]), names.get(int(r[0]), ""), r[1]) for r in rows]


def require_partner(con: duckdb.DuckDBPyConnection, account: Account, partner_id: int) -> str:
    """The partner's name, or SharingError if the two aren't (or are no longer) linked."""
    if partner_id == account.id or not linked(con, account.id, partner_id):
        raise SharingError("You're not linked with that person (any more).")
    return profile_names(con, [partner_id]).get(partner_id, "")


def unlink(con: duckdb.DuckDBPyConnection, account: Account, partner_id: int) -> None:
    """End a link: the partner loses every insight, mirror and ritual of this pair at once."""
    require_partner(con, account, partner_id)
    me, other = account.id, partner_id
    lo, hi = pair(me, other)
    now = utcnow()
    with transaction(con):
        con.execute("DELETE FROM partnerships WHERE profile_lo = ? AND profile_hi = ?", [lo, hi])
        con.execute(
            "DELETE FROM insight_deliveries WHERE (sharer_id = ? AND recipient_id = ?) "
            "OR (sharer_id = ? AND recipient_id = ?)",
            [me, other, other, me],
        )
        con.execute(
            "DELETE FROM mirrors WHERE (sharer_id = ? AND listener_id = ?) "
            "OR (sharer_id = ? AND listener_id = ?)",
            [me, other, other, me],
        )
        con.execute(
            "UPDATE insights SET revoked_utc = ? WHERE revoked_utc IS NULL AND "
            "((profile_id = ? AND partner_id = ?) OR (profile_id = ? AND partner_id = ?))",
            [now, me, other, other, me],
        )
        con.execute("DELETE FROM rituals WHERE profile_lo = ? AND profile_hi = ?", [lo, hi])
