"""Encryption at rest for a profile's journal text.

Why it looks like this:

* Each profile has one random 32-byte *data key*. Journal text is sealed with it
  (AES-256-GCM). The data key is stored only *wrapped* by a key derived from the
  passphrase (argon2id). Changing the passphrase makes new keys and re-seals everything
  (journal.rotation), so an old passphrase opens nothing written after the change.
* Each profile also has an X25519 key pair so a partner can seal chosen insights *to* it
  without knowing its passphrase. The private key is wrapped like the data key.
* Only text is sealed; moods, dates and counts stay plaintext so charts can query them.

Token formats (ASCII, safe to store in a VARCHAR column):

* ``"s1:" + urlsafe_b64(nonce12 + ciphertext)`` - sealed with the profile's data key.
* ``"x1:" + urlsafe_b64(ephemeral_pub32 + nonce12 + ciphertext)`` - sealed to a public key.

``kdf_salt`` starts with one marker byte naming the argon2 cost set (0x01 normal,
0x00 fast) followed by 16 random bytes, so material made in either mode unlocks in both.
"""

from __future__ import annotations

import base64
import binascii
import os
import secrets
import unicodedata
from dataclasses import dataclass

from argon2.low_level import Type, hash_secret_raw
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from journal.errors import CryptoError

__all__ = [
    "KeyMaterial",
    "Keyring",
    "is_sealed",
    "new_key_material",
    "rewrap",
    "seal_for",
    "unlock",
]

SEALED_PREFIX = "s1:"
PARTNER_PREFIX = "x1:"

KEY_LEN = 32
NONCE_LEN = 12
TAG_LEN = 16
SALT_RANDOM_LEN = 16

MARKER_FAST = 0x00
MARKER_NORMAL = 0x01

# argon2id cost sets, keyed by the marker byte at the start of kdf_salt. Never change an
# existing entry: stored salts point at it. Add a new marker for new costs instead.
_KDF_PARAMS: dict[int, dict[str, int]] = {
    # ~35 ms on a 2-core box: slows guessing, still instant for a person signing in.
    MARKER_NORMAL: {"time_cost": 3, "memory_cost": 19456, "parallelism": 1},
    # argon2's minimum: only so test suites that create many profiles stay fast.
    MARKER_FAST: {"time_cost": 1, "memory_cost": 8, "parallelism": 1},
}

# Fixed associated data that binds each wrapped key to its role (no swapping them around).
_AAD_DATA_KEY = b"steady/v1/data-key"
_AAD_PRIVATE_KEY = b"steady/v1/private-key/"
_AAD_SEALED = b"steady/v1/s1/"
_HKDF_INFO_PARTNER = b"steady/v1/x1"

_MSG_WRONG_PASSPHRASE = "That passphrase doesn't open this journal."
_MSG_DAMAGED_KEYS = (
    "This journal's keys look damaged, so it can't be opened. "
    "A backup or export may still have your entries."
)
_MSG_DAMAGED_TEXT = (
    "Some saved text couldn't be opened. It may have been damaged or belong to another journal."
)
_MSG_NOT_FOR_YOU = (
    "This shared note couldn't be opened. It may have been damaged or meant for someone else."
)
_MSG_BAD_PARTNER_KEY = "Your partner's sharing key doesn't look right, so nothing was shared."


@dataclass(frozen=True)
class KeyMaterial:
    """What the profiles table stores: none of it is usable without the passphrase."""

    kdf_salt: bytes
    wrapped_data_key: bytes  # nonce + ciphertext
    public_key: bytes
    wrapped_private_key: bytes


class Keyring:
    """The unlocked keys of a signed-in profile. Lives only in memory; never store it.

    Raw key bytes are not kept as attributes and never appear in ``repr()``, so logging or
    showing a session object cannot leak them.
    """

    __slots__ = ("_aead", "_private_key", "public_key")

    public_key: bytes

    def __init__(self, data_key: bytes, private_key: bytes) -> None:
        if len(data_key) != KEY_LEN or len(private_key) != KEY_LEN:
            raise CryptoError(_MSG_DAMAGED_KEYS)
        self._aead = AESGCM(data_key)
        self._private_key = X25519PrivateKey.from_private_bytes(private_key)
        self.public_key = _raw_public(self._private_key.public_key())

    def __repr__(self) -> str:
        return f"Keyring(public_key={self.public_key.hex()[:8]}…, keys=<hidden>)"

    def seal(self, text: str | None, aad: str = "") -> str | None:
        """Encrypt text for storage; ``aad`` binds the token to a context (e.g. a column)."""
        if text is None:
            return None
        nonce = secrets.token_bytes(NONCE_LEN)
        ct = self._aead.encrypt(nonce, text.encode("utf-8"), _AAD_SEALED + aad.encode("utf-8"))
        return SEALED_PREFIX + _b64encode(nonce + ct)

    def open(self, token: str | None, aad: str = "") -> str | None:
        """Decrypt a stored value. Legacy plaintext (not ``"s1:"``) comes back unchanged."""
        if token is None or not is_sealed(token):
            return token
        blob = _b64decode(token[len(SEALED_PREFIX) :], _MSG_DAMAGED_TEXT)
        if len(blob) < NONCE_LEN + TAG_LEN:
            raise CryptoError(_MSG_DAMAGED_TEXT)
        nonce, ct = blob[:NONCE_LEN], blob[NONCE_LEN:]
        try:
            plain = self._aead.decrypt(nonce, ct, _AAD_SEALED + aad.encode("utf-8"))
        except InvalidTag:
            raise CryptoError(_MSG_DAMAGED_TEXT) from None
        return _utf8(plain, _MSG_DAMAGED_TEXT)

    def open_from_partner(self, token: str) -> str:
        """Decrypt an ``"x1:"`` token that a partner sealed to this keyring's public key."""
        if not isinstance(token, str) or not token.startswith(PARTNER_PREFIX):
            raise CryptoError(_MSG_NOT_FOR_YOU)
        blob = _b64decode(token[len(PARTNER_PREFIX) :], _MSG_NOT_FOR_YOU)
        if len(blob) < KEY_LEN + NONCE_LEN + TAG_LEN:
            raise CryptoError(_MSG_NOT_FOR_YOU)
        eph_pub = blob[:KEY_LEN]
        nonce = blob[KEY_LEN : KEY_LEN + NONCE_LEN]
        ct = blob[KEY_LEN + NONCE_LEN :]
        try:
            shared = self._private_key.exchange(X25519PublicKey.from_public_bytes(eph_pub))
        except ValueError:  # e.g. an all-zero (low-order) ephemeral key
            raise CryptoError(_MSG_NOT_FOR_YOU) from None
        key = _partner_key(shared, eph_pub, self.public_key)
        try:
            plain = AESGCM(key).decrypt(nonce, ct, eph_pub + self.public_key)
        except InvalidTag:
            raise CryptoError(_MSG_NOT_FOR_YOU) from None
        return _utf8(plain, _MSG_NOT_FOR_YOU)


def new_key_material(passphrase: str) -> tuple[KeyMaterial, Keyring]:
    """Create keys for a new profile: the material to store and the keyring to use right away."""
    data_key = secrets.token_bytes(KEY_LEN)
    private = X25519PrivateKey.generate()
    private_raw = private.private_bytes(
        serialization.Encoding.Raw,
        serialization.PrivateFormat.Raw,
        serialization.NoEncryption(),
    )
    public_raw = _raw_public(private.public_key())
    material = _wrap(passphrase, data_key, private_raw, public_raw)
    return material, Keyring(data_key, private_raw)


def unlock(passphrase: str, material: KeyMaterial) -> Keyring:
    """Open a profile's keys with its passphrase; a wrong passphrase raises CryptoError."""
    data_key, private_raw = _unwrap(passphrase, material)
    keyring = Keyring(data_key, private_raw)
    if not secrets.compare_digest(keyring.public_key, material.public_key):
        raise CryptoError(_MSG_DAMAGED_KEYS)
    return keyring


def rewrap(material: KeyMaterial, old_passphrase: str, new_passphrase: str) -> KeyMaterial:
    """Change the passphrase: same data key and key pair, fresh salt; no entry is re-encrypted."""
    data_key, private_raw = _unwrap(old_passphrase, material)
    return _wrap(new_passphrase, data_key, private_raw, material.public_key)


def seal_for(public_key: bytes, text: str) -> str:
    """Encrypt text so only the holder of ``public_key``'s private key can read it (sharing)."""
    if not isinstance(public_key, bytes | bytearray) or len(public_key) != KEY_LEN:
        raise CryptoError(_MSG_BAD_PARTNER_KEY)
    recipient_pub = bytes(public_key)
    eph = X25519PrivateKey.generate()
    eph_pub = _raw_public(eph.public_key())
    try:
        shared = eph.exchange(X25519PublicKey.from_public_bytes(recipient_pub))
    except ValueError:  # low-order point: the exchange would be predictable
        raise CryptoError(_MSG_BAD_PARTNER_KEY) from None
    key = _partner_key(shared, eph_pub, recipient_pub)
    nonce = secrets.token_bytes(NONCE_LEN)
    ct = AESGCM(key).encrypt(nonce, text.encode("utf-8"), eph_pub + recipient_pub)
    return PARTNER_PREFIX + _b64encode(eph_pub + nonce + ct)


def is_sealed(value: str | None) -> bool:
    """True for an ``"s1:"`` token; False for None or legacy plaintext that still needs sealing."""
    return isinstance(value, str) and value.startswith(SEALED_PREFIX)


# --- internals -------------------------------------------------------------------------


def _fast_kdf() -> bool:
    # Tests that create many profiles set STEADY_FAST_KDF=1 so argon2 doesn't dominate the run.
    return os.environ.get("STEADY_FAST_KDF") == "1"


def _derive_wrapping_key(passphrase: str, kdf_salt: bytes) -> bytes:
    """argon2id over the passphrase; the salt's first byte picks the cost set it was made with."""
    if len(kdf_salt) != 1 + SALT_RANDOM_LEN or kdf_salt[0] not in _KDF_PARAMS:
        raise CryptoError(_MSG_DAMAGED_KEYS)
    # NFC so the same passphrase typed on different keyboards/OSes derives the same key.
    secret = unicodedata.normalize("NFC", passphrase).encode("utf-8")
    return hash_secret_raw(
        secret=secret,
        salt=kdf_salt[1:],
        hash_len=KEY_LEN,
        type=Type.ID,
        **_KDF_PARAMS[kdf_salt[0]],
    )


def _wrap(passphrase: str, data_key: bytes, private_raw: bytes, public_raw: bytes) -> KeyMaterial:
    marker = MARKER_FAST if _fast_kdf() else MARKER_NORMAL
    kdf_salt = bytes([marker]) + secrets.token_bytes(SALT_RANDOM_LEN)
    aead = AESGCM(_derive_wrapping_key(passphrase, kdf_salt))
    n1 = secrets.token_bytes(NONCE_LEN)
    n2 = secrets.token_bytes(NONCE_LEN)
    return KeyMaterial(
        kdf_salt=kdf_salt,
        wrapped_data_key=n1 + aead.encrypt(n1, data_key, _AAD_DATA_KEY),
        public_key=public_raw,
        wrapped_private_key=n2 + aead.encrypt(n2, private_raw, _AAD_PRIVATE_KEY + public_raw),
    )


def _unwrap(passphrase: str, material: KeyMaterial) -> tuple[bytes, bytes]:
    wrapped_len = NONCE_LEN + KEY_LEN + TAG_LEN
    if (
        len(material.wrapped_data_key) != wrapped_len
        or len(material.wrapped_private_key) != wrapped_len
        or len(material.public_key) != KEY_LEN
    ):
        raise CryptoError(_MSG_DAMAGED_KEYS)
    aead = AESGCM(_derive_wrapping_key(passphrase, material.kdf_salt))
    wdk, wpk = material.wrapped_data_key, material.wrapped_private_key
    try:
        data_key = aead.decrypt(wdk[:NONCE_LEN], wdk[NONCE_LEN:], _AAD_DATA_KEY)
    except InvalidTag:
        # The usual cause by far; damage to the data-key blob looks the same from here.
        raise CryptoError(_MSG_WRONG_PASSPHRASE) from None
    try:
        aad = _AAD_PRIVATE_KEY + material.public_key
        private_raw = aead.decrypt(wpk[:NONCE_LEN], wpk[NONCE_LEN:], aad)
    except InvalidTag:
        # The passphrase opened the data key, so this part was damaged or swapped.
        raise CryptoError(_MSG_DAMAGED_KEYS) from None
    return data_key, private_raw


def _partner_key(shared: bytes, eph_pub: bytes, recipient_pub: bytes) -> bytes:
    """HKDF-SHA256 over the ECDH secret, salted with both public keys to bind them in."""
    return HKDF(
        algorithm=hashes.SHA256(),
        length=KEY_LEN,
        salt=eph_pub + recipient_pub,
        info=_HKDF_INFO_PARTNER,
    ).derive(shared)


def _raw_public(public: X25519PublicKey) -> bytes:
    return public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def _b64encode(blob: bytes) -> str:
    return base64.urlsafe_b64encode(blob).decode("ascii")


def _b64decode(text: str, message: str) -> bytes:
    try:
        return base64.urlsafe_b64decode(text.encode("ascii"))
    except (binascii.Error, ValueError):  # ValueError covers non-ASCII input
        raise CryptoError(message) from None


def _utf8(plain: bytes, message: str) -> str:
    try:
        return plain.decode("utf-8")
    except UnicodeDecodeError:
        raise CryptoError(message) from None
