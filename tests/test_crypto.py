"""Tests for journal.crypto: sealing journal text at rest and sharing to a partner's key."""

from __future__ import annotations

import base64
import dataclasses

import pytest

from journal import crypto
from journal.crypto import (
    KeyMaterial,
    Keyring,
    is_sealed,
    new_key_material,
    rewrap,
    seal_for,
    unlock,
)
from journal.errors import CryptoError, JournalError

PASS = "correct horse battery staple"
LONG_TEXT = "ab🙂ע" * 5000  # 20,000 characters: emoji, RTL and ASCII mixed


@pytest.fixture(autouse=True)
def fast_kdf(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STEADY_FAST_KDF", "1")


@pytest.fixture
def profile() -> tuple[KeyMaterial, Keyring]:
    return new_key_material(PASS)


def _flip_byte(token: str, index: int) -> str:
    prefix, body = token[:3], token[3:]
    blob = bytearray(base64.urlsafe_b64decode(body))
    blob[index] ^= 0x01
    return prefix + base64.urlsafe_b64encode(bytes(blob)).decode("ascii")


# --- key material ------------------------------------------------------------------------


def test_key_material_shape(profile: tuple[KeyMaterial, Keyring]) -> None:
    material, keyring = profile
    assert material.kdf_salt[0] == crypto.MARKER_FAST
    assert len(material.kdf_salt) == 17
    assert len(material.public_key) == 32
    assert len(material.wrapped_data_key) == 12 + 32 + 16
    assert len(material.wrapped_private_key) == 12 + 32 + 16
    assert keyring.public_key == material.public_key
    assert all(isinstance(getattr(material, f.name), bytes) for f in dataclasses.fields(material))


def test_unlock_opens_what_new_keyring_sealed(profile: tuple[KeyMaterial, Keyring]) -> None:
    material, keyring = profile
    token = keyring.seal("today we talked after dinner")
    again = unlock(PASS, material)
    assert again.public_key == material.public_key
    assert again.open(token) == "today we talked after dinner"


def test_two_profiles_get_different_keys() -> None:
    m1, k1 = new_key_material(PASS)
    m2, k2 = new_key_material(PASS)
    assert m1.kdf_salt != m2.kdf_salt
    assert m1.public_key != m2.public_key
    with pytest.raises(CryptoError):
        k2.open(k1.seal("mine"))


def test_wrong_passphrase_raises_kind_message(profile: tuple[KeyMaterial, Keyring]) -> None:
    material, _ = profile
    with pytest.raises(CryptoError) as info:
        unlock("correct horse battery stapler", material)
    assert str(info.value) == "That passphrase doesn't open this journal."
    assert isinstance(info.value, JournalError)


def test_passphrase_unicode_normalised() -> None:
    material, keyring = new_key_material("caf\u00e9")  # precomposed é
    token = keyring.seal("x")
    assert unlock("cafe\u0301", material).open(token) == "x"  # e + combining accent


def test_damaged_material_raises_crypto_error(profile: tuple[KeyMaterial, Keyring]) -> None:
    material, _ = profile
    broken = [
        dataclasses.replace(material, kdf_salt=b"\x07" + material.kdf_salt[1:]),
        dataclasses.replace(material, kdf_salt=material.kdf_salt[:5]),
        dataclasses.replace(material, wrapped_data_key=material.wrapped_data_key[:-1]),
        dataclasses.replace(material, public_key=bytes(32)),
        dataclasses.replace(
            material,
            wrapped_private_key=material.wrapped_private_key[:-1]
            + bytes([material.wrapped_private_key[-1] ^ 1]),
        ),
    ]
    for bad in broken:
        with pytest.raises(CryptoError):
            unlock(PASS, bad)


def test_fast_and_normal_material_unlock_in_either_mode(monkeypatch: pytest.MonkeyPatch) -> None:
    fast_material, fast_ring = new_key_material(PASS)
    monkeypatch.delenv("STEADY_FAST_KDF")
    normal_material, normal_ring = new_key_material(PASS)
    assert normal_material.kdf_salt[0] == crypto.MARKER_NORMAL
    assert unlock(PASS, fast_material).open(fast_ring.seal("a")) == "a"
    monkeypatch.setenv("STEADY_FAST_KDF", "1")
    assert unlock(PASS, normal_material).open(normal_ring.seal("b")) == "b"


# --- sealing -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "",
        "plain ascii",
        "I felt anxious because I feared being left 😟💬🫶",
        "مرحبا، كيف حالك اليوم؟",  # RTL
        "שלום \u200f mixed RTL/LTR 123",
        "line one\nline two\r\n\ttabbed \x00 nul",
        "数字化日记 — ünïcödé",
        LONG_TEXT,
    ],
)
def test_round_trip(profile: tuple[KeyMaterial, Keyring], text: str) -> None:
    material, keyring = profile
    token = keyring.seal(text)
    assert isinstance(token, str)
    assert token.isascii()
    assert is_sealed(token)
    assert unlock(PASS, material).open(token) == text


def test_long_text_really_is_20000_chars() -> None:
    assert len(LONG_TEXT) == 20_000


def test_none_passes_through(profile: tuple[KeyMaterial, Keyring]) -> None:
    _, keyring = profile
    assert keyring.seal(None) is None
    assert keyring.open(None) is None


def test_seal_is_randomised_and_hides_plaintext(profile: tuple[KeyMaterial, Keyring]) -> None:
    _, keyring = profile
    text = "we didn't talk after dinner"
    tokens = {keyring.seal(text) for _ in range(20)}
    assert len(tokens) == 20
    for token in tokens:
        assert token is not None
        assert "dinner" not in token
        raw = base64.urlsafe_b64decode(token[3:])
        assert b"dinner" not in raw
        assert len(raw) == 12 + len(text.encode()) + 16


@pytest.mark.parametrize("index", [0, 11, 12, 20, -1])
def test_tampered_token_raises(profile: tuple[KeyMaterial, Keyring], index: int) -> None:
    _, keyring = profile
    token = keyring.seal("a specific win: I apologised and repaired")
    assert token is not None
    with pytest.raises(CryptoError):
        keyring.open(_flip_byte(token, index))


@pytest.mark.parametrize(
    "bad",
    ["s1:", "s1:!!!!", "s1:AAAA", "s1:" + "A" * 30, "s1:ünïcode", "s1:abc"],
)
def test_malformed_token_raises(profile: tuple[KeyMaterial, Keyring], bad: str) -> None:
    _, keyring = profile
    with pytest.raises(CryptoError) as info:
        keyring.open(bad)
    assert "couldn't be opened" in str(info.value)


def test_truncated_token_raises(profile: tuple[KeyMaterial, Keyring]) -> None:
    _, keyring = profile
    token = keyring.seal("hello there")
    assert token is not None
    with pytest.raises(CryptoError):
        keyring.open(token[:-4])


def test_aad_binds_context(profile: tuple[KeyMaterial, Keyring]) -> None:
    _, keyring = profile
    token = keyring.seal("one unmet need", aad="entry:42:need")
    assert keyring.open(token, aad="entry:42:need") == "one unmet need"
    with pytest.raises(CryptoError):
        keyring.open(token, aad="entry:43:need")
    with pytest.raises(CryptoError):
        keyring.open(token)  # default aad "" differs
    plain_token = keyring.seal("no context")
    with pytest.raises(CryptoError):
        keyring.open(plain_token, aad="entry:42:need")


def test_is_sealed() -> None:
    _, keyring = new_key_material(PASS)
    assert is_sealed(keyring.seal("x"))
    assert is_sealed("s1:anything")
    assert not is_sealed(None)
    assert not is_sealed("")
    assert not is_sealed("a plain old entry from before encryption")
    assert not is_sealed("S1:upper")
    assert not is_sealed(seal_for(keyring.public_key, "x"))


@pytest.mark.parametrize("legacy", ["an old plaintext row", "", "x1 without colon", "s1 nope"])
def test_legacy_plaintext_passes_through_open(
    profile: tuple[KeyMaterial, Keyring], legacy: str
) -> None:
    _, keyring = profile
    assert keyring.open(legacy) == legacy
    assert keyring.open(legacy, aad="ctx") == legacy


# --- rewrap ------------------------------------------------------------------------------


def test_rewrap_keeps_tokens_and_changes_passphrase(profile: tuple[KeyMaterial, Keyring]) -> None:
    material, keyring = profile
    token = keyring.seal("before the change", aad="ctx")
    shared = seal_for(keyring.public_key, "shared before the change")

    new_material = rewrap(material, PASS, "a brand new passphrase")

    assert new_material.kdf_salt != material.kdf_salt
    assert new_material.public_key == material.public_key
    assert new_material.wrapped_data_key != material.wrapped_data_key
    with pytest.raises(CryptoError):
        unlock(PASS, new_material)
    reopened = unlock("a brand new passphrase", new_material)
    assert reopened.open(token, aad="ctx") == "before the change"
    assert reopened.open_from_partner(shared) == "shared before the change"
    assert keyring.open(reopened.seal("after")) == "after"


def test_rewrap_with_wrong_old_passphrase_raises(profile: tuple[KeyMaterial, Keyring]) -> None:
    material, _ = profile
    with pytest.raises(CryptoError, match="passphrase doesn't open"):
        rewrap(material, "not it", "new one")


# --- sharing with a partner -------------------------------------------------------------


def test_seal_for_round_trip_and_third_party_cannot_open() -> None:
    alex_material, alex = new_key_material("alex pass")
    _, sam = new_key_material("sam pass")
    text = "I noticed I go quiet when I feel criticised 🫶"

    token = seal_for(alex_material.public_key, text)

    assert token.startswith("x1:")
    assert token.isascii()
    assert "quiet" not in token
    assert seal_for(alex.public_key, text) != token
    assert alex.open_from_partner(token) == text
    assert unlock("alex pass", alex_material).open_from_partner(token) == text
    with pytest.raises(CryptoError):
        sam.open_from_partner(token)


def test_partner_token_tampered_or_malformed(profile: tuple[KeyMaterial, Keyring]) -> None:
    _, keyring = profile
    token = seal_for(keyring.public_key, "hope: a weekly check-in")
    for index in (0, 31, 32, 44, -1):
        with pytest.raises(CryptoError):
            keyring.open_from_partner(_flip_byte(token, index))
    sealed = keyring.seal("own text")
    assert sealed is not None
    for bad in ("x1:", "x1:AAAA", "plain text", sealed, "x1:" + "A" * 80):
        with pytest.raises(CryptoError):
            keyring.open_from_partner(bad)
    low_order = "x1:" + base64.urlsafe_b64encode(bytes(32 + 12 + 20)).decode()
    with pytest.raises(CryptoError):
        keyring.open_from_partner(low_order)


@pytest.mark.parametrize("bad_key", [b"", b"\x01" * 31, b"\x01" * 33, bytes(32)])
def test_seal_for_rejects_bad_public_key(bad_key: bytes) -> None:
    with pytest.raises(CryptoError):
        seal_for(bad_key, "x")


# --- not leaking keys --------------------------------------------------------------------


def test_repr_hides_keys(profile: tuple[KeyMaterial, Keyring]) -> None:
    material, keyring = profile
    data_key, private_raw = crypto._unwrap(PASS, material)
    text = repr(keyring) + str(keyring)
    for secret in (data_key, private_raw):
        assert secret.hex() not in text
        assert repr(secret) not in text
        assert base64.urlsafe_b64encode(secret).decode() not in text
    assert material.public_key.hex() not in text  # only a short fingerprint is shown
    assert "hidden" in text
    assert not hasattr(keyring, "__dict__")
    assert not any(isinstance(getattr(keyring, name), bytes) for name in ("_aead", "_private_key"))
