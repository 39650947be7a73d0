"""Profiles: create, sign in (argon2id), change passphrase, with slow-down after failures.

Why: a journal about a painful relationship must stay private even from someone sitting at the
same machine. Sign-in never says whether a name exists, and repeated failures cost time.
"""

from __future__ import annotations

import os
import unicodedata
from datetime import datetime, timedelta

import duckdb
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from . import crypto
from .account import Account
from .db import utcnow
from .entries.store import seal_plaintext_rows
from .errors import CryptoError, ProfileError, SignInFailed

MIN_PASSPHRASE = 8
MAX_NAME = 60
FREE_FAILURES = 3          # tries before waiting kicks in
FAILURE_WINDOW = timedelta(minutes=15)
MAX_WAIT_SECONDS = 300


def _hasher() -> PasswordHasher:
    """argon2id hasher; STEADY_FAST_KDF=1 (tests only) makes it cheap."""
    if os.environ.get("STEADY_FAST_KDF") == "1":
        return PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
    return PasswordHasher()


_DUMMY_HASHES: dict[tuple[int, int, int], str] = {}


def _dummy_hash() -> str:
    """A stand-in hash with the same cost as real ones, so unknown names take as long."""
    hasher = _hasher()
    key = (hasher.time_cost, hasher.memory_cost, hasher.parallelism)
    if key not in _DUMMY_HASHES:
        _DUMMY_HASHES[key] = hasher.hash("not-a-real-passphrase")
    return _DUMMY_HASHES[key]


def name_key(name: str) -> str:
    """Case- and form-insensitive key so "Sam" and "sam" are the same profile."""
    return unicodedata.normalize("NFKC", name).strip().casefold()


def _clean_name(name: str) -> str:
    clean = unicodedata.normalize("NFC", name or "").strip()
    if not clean:
        raise ProfileError("Please choose a name for your profile.")
    if len(clean) > MAX_NAME:
        raise ProfileError(f"Please keep the name under {MAX_NAME} characters.")
    if any(unicodedata.category(c).startswith("C") for c in clean):
        raise ProfileError("The name can't contain control characters.")
    return clean


def create_profile(con: duckdb.DuckDBPyConnection, name: str, passphrase: str) -> Account:
    """Create a profile with a hashed passphrase and fresh encryption keys."""
    clean = _clean_name(name)
    if len(passphrase or "") < MIN_PASSPHRASE:
        raise ProfileError(
            f"Please use a passphrase of at least {MIN_PASSPHRASE} characters. "
            "A few words you'll remember work well."
        )
    key = name_key(clean)
    exists = con.execute("SELECT 1 FROM profiles WHERE name_key = ?", [key]).fetchone()
    if exists:
        raise ProfileError("That name is taken on this device. Please choose another.")
    material, keys = crypto.new_key_material(passphrase)
    row = con.execute(
        """
        INSERT INTO profiles (name, name_key, pw_hash, created_utc, kdf_salt, wrapped_data_key,
                              public_key, wrapped_private_key)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id
        """,
        [clean, key, _hasher().hash(passphrase), utcnow(), material.kdf_salt,
         material.wrapped_data_key, material.public_key, material.wrapped_private_key],
    ).fetchone()
    assert row is not None
    return Account(id=int(row[0]), name=clean, keys=keys)


def exists(con: duckdb.DuckDBPyConnection, name: str) -> bool:
    """Whether a profile has this name (CLI only; the sign-in page never reveals this)."""
    return con.execute(
        "SELECT 1 FROM profiles WHERE name_key = ?", [name_key(name or "")]
    ).fetchone() is not None


def wait_seconds(con: duckdb.DuckDBPyConnection, name: str, now: datetime | None = None) -> int:
    """Seconds the person must wait before another try (0 = may try now)."""
    now = now or utcnow()
    rows = con.execute(
        "SELECT failed_utc FROM sign_in_failures WHERE name_key = ? AND failed_utc > ? "
        "ORDER BY failed_utc",
        [name_key(name or ""), now - FAILURE_WINDOW],
    ).fetchall()
    if len(rows) < FREE_FAILURES:
        return 0
    wait = min(2 ** (len(rows) - FREE_FAILURES + 1), MAX_WAIT_SECONDS)
    ready_at = rows[-1][0] + timedelta(seconds=wait)
    return max(0, int((ready_at - now).total_seconds() + 0.999))


def sign_in(
    con: duckdb.DuckDBPyConnection, name: str, passphrase: str, now: datetime | None = None
) -> Account:
    """Verify name + passphrase and unlock keys; failures never reveal which part was wrong."""
    now = now or utcnow()
    key = name_key(name or "")
    wait = wait_seconds(con, name, now)
    if wait:
        raise SignInFailed(
            f"Too many tries for now. Please wait {wait} seconds and try again."
        )
    row = con.execute(
        "SELECT id, name, pw_hash, kdf_salt, wrapped_data_key, public_key, wrapped_private_key "
        "FROM profiles WHERE name_key = ?",
        [key],
    ).fetchone()
    ok = False
    if row is None:
        try:  # same work as a real check, so timing doesn't reveal missing names
            _hasher().verify(_dummy_hash(), passphrase or "")
        except (VerificationError, InvalidHashError):
            pass
    else:
        try:
            ok = _hasher().verify(row[2], passphrase or "")
        except (VerificationError, InvalidHashError):
            ok = False
    if not ok or row is None:
        con.execute(
            "INSERT INTO sign_in_failures (name_key, failed_utc) VALUES (?, ?)", [key, now]
        )
        raise SignInFailed("That name and passphrase don't match a profile here.")
    con.execute("DELETE FROM sign_in_failures WHERE name_key = ?", [key])
    material = crypto.KeyMaterial(
        kdf_salt=bytes(row[3]), wrapped_data_key=bytes(row[4]),
        public_key=bytes(row[5]), wrapped_private_key=bytes(row[6]),
    )
    try:
        keys = crypto.unlock(passphrase, material)
    except CryptoError as err:
        raise SignInFailed("That name and passphrase don't match a profile here.") from err
    return Account(id=int(row[0]), name=str(row[1]), keys=keys)


def open_session(
    con: duckdb.DuckDBPyConnection, name: str, passphrase: str, create: bool = False
) -> Account:
    """Start working as a profile: create it (`create=True`) or sign in, ready to write.

    Why one function: the app and the command line must open a journal the same way. Signing
    in also seals any text an older version or an import left as plaintext.
    """
    if create:
        return create_profile(con, name, passphrase)
    account = sign_in(con, name, passphrase)
    seal_plaintext_rows(con, account)
    return account


def change_passphrase(
    con: duckdb.DuckDBPyConnection, account: Account, old: str, new: str
) -> None:
    """Rewrap the profile's keys under a new passphrase; journal text is not re-encrypted."""
    if len(new or "") < MIN_PASSPHRASE:
        raise ProfileError(f"Please use a passphrase of at least {MIN_PASSPHRASE} characters.")
    row = con.execute(
        "SELECT pw_hash, kdf_salt, wrapped_data_key, public_key, wrapped_private_key "
        "FROM profiles WHERE id = ?",
        [account.id],
    ).fetchone()
    if row is None:
        raise ProfileError("This profile no longer exists.")
    try:
        _hasher().verify(row[0], old)
    except (VerificationError, InvalidHashError) as err:
        raise ProfileError("The current passphrase isn't right.") from err
    material = crypto.KeyMaterial(
        kdf_salt=bytes(row[1]), wrapped_data_key=bytes(row[2]),
        public_key=bytes(row[3]), wrapped_private_key=bytes(row[4]),
    )
    fresh = crypto.rewrap(material, old, new)
    con.execute(
        "UPDATE profiles SET pw_hash = ?, kdf_salt = ?, wrapped_data_key = ?, "
        "wrapped_private_key = ? WHERE id = ?",
        [_hasher().hash(new), fresh.kdf_salt, fresh.wrapped_data_key,
         fresh.wrapped_private_key, account.id],
    )


def public_key(con: duckdb.DuckDBPyConnection, profile_id: int) -> bytes:
    """A profile's X25519 public key, used to seal insights shared with it."""
    row = con.execute("SELECT public_key FROM profiles WHERE id = ?", [profile_id]).fetchone()
    if row is None or row[0] is None:
        raise ProfileError("That profile no longer exists.")
    return bytes(row[0])


def profile_names(con: duckdb.DuckDBPyConnection, ids: list[int]) -> dict[int, str]:
    """Display names for the given profile ids (for partners' names only)."""
    if not ids:
        return {}
    rows = con.execute(
        "SELECT id, name FROM profiles WHERE list_contains(?, id)", [ids]
    ).fetchall()
    return {int(i): str(n) for i, n in rows}
