"""Profiles: create, sign in (argon2id), change passphrase; slow-down lives in journal.throttle.

Why: a journal about a painful relationship must stay private even from someone sitting at the
same machine. Sign-in never says whether a name exists, and repeated failures cost time.
"""

from __future__ import annotations

import os
import unicodedata
from datetime import datetime

import duckdb
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from . import crypto, rotation, throttle
from . import passphrase as passphrase_rules
from .account import Account
from .db import transaction, utcnow
from .entries.store import seal_plaintext_rows
from .errors import CryptoError, ProfileError, SignInFailed

MIN_PASSPHRASE = passphrase_rules.MIN_LENGTH
MAX_NAME = 60
_NO_MATCH = "That name and passphrase don't match a profile here."


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
    """Create a profile with a hashed passphrase and fresh encryption keys.

    Honest about names: "That name is taken" tells whoever tries that a profile by that name
    exists here (README, Privacy). Sign-in itself never reveals it.
    """
    clean = _clean_name(name)
    secret = passphrase_rules.require_strong(passphrase, [clean])
    key = name_key(clean)
    exists = con.execute("SELECT 1 FROM profiles WHERE name_key = ?", [key]).fetchone()
    if exists:
        raise ProfileError("That name is taken on this device. Please choose another.")
    material, keys = crypto.new_key_material(secret)
    row = con.execute(
        """
        INSERT INTO profiles (name, name_key, pw_hash, created_utc, kdf_salt, wrapped_data_key,
                              public_key, wrapped_private_key)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id
        """,
        [clean, key, _hasher().hash(secret), utcnow(), material.kdf_salt,
         material.wrapped_data_key, material.public_key, material.wrapped_private_key],
    ).fetchone()
    assert row is not None
    return Account(id=int(row[0]), name=clean, keys=keys)


def list_profiles(con: duckdb.DuckDBPyConnection) -> list[tuple[str, datetime, int]]:
    """Every profile as (name, created UTC, entries), by name (CLI only, like `exists`)."""
    rows = con.execute(
        "SELECT p.name, p.created_utc, (SELECT count(*) FROM entries e WHERE e.profile_id = p.id) "
        "FROM profiles p ORDER BY p.name_key"
    ).fetchall()
    return [(r[0], r[1], int(r[2])) for r in rows]


def exists(con: duckdb.DuckDBPyConnection, name: str) -> bool:
    """Whether a profile has this name (CLI only; the sign-in page never reveals this)."""
    return con.execute(
        "SELECT 1 FROM profiles WHERE name_key = ?", [name_key(name or "")]
    ).fetchone() is not None


def wait_seconds(
    con: duckdb.DuckDBPyConnection, name: str, now: datetime | None = None,
    client: str = throttle.LOCAL_CLIENT,
) -> int:
    """Seconds this client must wait before another try at this name (0 = may try now)."""
    return throttle.wait_seconds(con, name_key(name or ""), client, now)


def _verify(pw_hash: str, passphrase: str) -> bool:
    """argon2 check of the NFC form; hashes made before NFC (raw typed form) still verify."""
    hasher = _hasher()
    forms = [passphrase]
    if not passphrase.isascii():  # a legacy hash may hold the decomposed form
        forms.append(unicodedata.normalize("NFD", passphrase))
    for form in forms:
        try:
            if hasher.verify(pw_hash, form):
                return True
        except (VerificationError, InvalidHashError):
            continue
    return False


def sign_in(
    con: duckdb.DuckDBPyConnection, name: str, passphrase: str, now: datetime | None = None,
    client: str = throttle.LOCAL_CLIENT,
) -> Account:
    """Verify name + passphrase and unlock keys; failures never reveal which part was wrong.

    `client` is where the attempt came from (journal.throttle explains why it matters).
    """
    key = name_key(name or "")
    secret = passphrase_rules.normalize(passphrase)
    with throttle.attempt(con, key, client, now) as attempt:
        row = con.execute(
            "SELECT id, name, pw_hash, kdf_salt, wrapped_data_key, public_key, "
            "wrapped_private_key FROM profiles WHERE name_key = ?",
            [key],
        ).fetchone()
        if row is None:  # same work as a real check, so timing doesn't reveal missing names
            _verify(_dummy_hash(), secret)
            raise SignInFailed(_NO_MATCH)
        if not _verify(row[2], secret):
            raise SignInFailed(_NO_MATCH)
        material = crypto.KeyMaterial(
            kdf_salt=bytes(row[3]), wrapped_data_key=bytes(row[4]),
            public_key=bytes(row[5]), wrapped_private_key=bytes(row[6]),
        )
        try:
            keys = crypto.unlock(secret, material)
        except CryptoError as err:
            raise SignInFailed(_NO_MATCH) from err
        attempt.succeeded()
    return Account(id=int(row[0]), name=str(row[1]), keys=keys)


def open_session(
    con: duckdb.DuckDBPyConnection, name: str, passphrase: str, create: bool = False,
    client: str = throttle.LOCAL_CLIENT,
) -> Account:
    """Start working as a profile: create it (`create=True`) or sign in, ready to write.

    Why one function: the app and the command line must open a journal the same way. Signing
    in also seals any text an older version or an import left as plaintext.
    """
    if create:
        return create_profile(con, name, passphrase)
    account = sign_in(con, name, passphrase, client=client)
    seal_plaintext_rows(con, account)
    return account


def change_passphrase(
    con: duckdb.DuckDBPyConnection, account: Account, old: str, new: str
) -> Account:
    """New keys under a new passphrase; everything the profile owns is re-sealed with them.

    Why new keys and not a rewrap: the old passphrase (and any backup made before) must not open
    what is written after the change. One transaction stores the new wrapped keys and re-seals
    every value (journal.rotation); the caller then rewrites the file (journal.compaction) so
    the old tokens and wrapped keys leave its bytes. Returns the account with its new keys.
    """
    fresh_secret = passphrase_rules.require_strong(new, [account.name])
    old_secret = passphrase_rules.normalize(old)
    row = con.execute(
        "SELECT pw_hash, kdf_salt, wrapped_data_key, public_key, wrapped_private_key "
        "FROM profiles WHERE id = ?",
        [account.id],
    ).fetchone()
    if row is None:
        raise ProfileError("This profile no longer exists.")
    with throttle.check_slot():
        if not _verify(row[0], old_secret):
            raise ProfileError("The current passphrase isn't right.")
        material = crypto.KeyMaterial(
            kdf_salt=bytes(row[1]), wrapped_data_key=bytes(row[2]),
            public_key=bytes(row[3]), wrapped_private_key=bytes(row[4]),
        )
        old_keys = crypto.unlock(old_secret, material)
        fresh, new_keys = crypto.new_key_material(fresh_secret)
        new_hash = _hasher().hash(fresh_secret)
    with transaction(con):
        rotation.reseal_profile(con, account.id, old_keys, new_keys)
        con.execute(
            "UPDATE profiles SET pw_hash = ?, kdf_salt = ?, wrapped_data_key = ?, "
            "public_key = ?, wrapped_private_key = ? WHERE id = ?",
            [new_hash, fresh.kdf_salt, fresh.wrapped_data_key, fresh.public_key,
             fresh.wrapped_private_key, account.id],
        )
    return Account(id=account.id, name=account.name, keys=new_keys)


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
