"""Sealing one text for exactly two linked people, and opening whichever copy is yours.

Why: agreements, pauses, check-ins and promise summaries are read by both partners. The author's
copy is sealed with their own data key (``s1:``, bound to a context string); the partner's copy is
sealed to the partner's public key (``x1:``), as shared insights are. A third profile has neither
key, and every query filters by the signed-in profile, so it sees nothing.
"""

from __future__ import annotations

import json
from typing import Any

import duckdb

from .account import Account
from .crypto import PARTNER_PREFIX, seal_for
from .errors import CryptoError, SharingError
from .profiles import public_key
from .sharing.partners import require_partner


def pair(a: int, b: int) -> tuple[int, int]:
    """The (lo, hi) key of a pair, the same from either side."""
    return (a, b) if a < b else (b, a)


def other_of(lo: int, hi: int, me: int) -> int:
    """The other person in a pair."""
    return hi if me == lo else lo


def seal_both(
    con: duckdb.DuckDBPyConnection, account: Account, partner_id: int, data: dict[str, Any],
    aad: str,
) -> dict[int, str]:
    """{holder id: token} for the author and the partner; refuses if the two aren't linked."""
    require_partner(con, account, partner_id)
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    try:
        theirs = seal_for(public_key(con, partner_id), text)
    except CryptoError as err:
        raise SharingError(str(err)) from err
    mine = account.keys.seal(text, aad=aad)
    assert mine is not None
    return {account.id: mine, partner_id: theirs}


def open_copy(account: Account, token: str | None, aad: str) -> dict[str, Any]:
    """Open a copy held by this profile (own-sealed or sealed to it); {} if there is none."""
    if not token:
        return {}
    if token.startswith(PARTNER_PREFIX):
        text = account.keys.open_from_partner(token)
    else:
        text = account.keys.open(token, aad=aad) or ""
    try:
        value = json.loads(text)
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def clean(text: str | None, what: str, limit: int, *, required: bool = False) -> str:
    """Tidy a person's words; too long or (when required) empty raises a kind error."""
    value = (text or "").replace("\r\n", "\n").replace("\x00", "").strip()
    if len(value) > limit:
        raise SharingError(f"The {what} is {len(value):,} characters; please keep it under "
                           f"{limit:,}. Your words are still here.")
    if required and not value:
        raise SharingError(f"Please write the {what} first.")
    return value
