"""Profiles: creation rules, sign-in, slow-down after failures, passphrase change, isolation."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from journal import entries, profiles, suggestions
from journal.entries import EntryFilter, TriggerItem, WinItem
from journal.errors import NotFound, ProfileError, SignInFailed
from tests.conftest import PASS, make_entry


def test_passphrase_is_stored_as_argon2id_hash(con, account):
    stored = con.execute("SELECT pw_hash FROM profiles WHERE id = ?", [account.id]).fetchone()[0]
    assert stored.startswith("$argon2id$") and PASS not in stored


def test_sign_in_round_trip_and_keys_open_text(con, account):
    entry_id = entries.save_entry(con, account, make_entry(body="only mine"))
    again = profiles.sign_in(con, "  ana ", PASS)  # case and spaces don't matter
    assert again.id == account.id
    assert entries.get_entry(con, again, entry_id).body == "only mine"


@pytest.mark.parametrize(
    ("name", "passphrase", "message"),
    [
        ("", PASS, "choose a name"),
        ("x" * 61, PASS, "under 60"),
        ("Ana", PASS, "taken"),
        ("Bo", "short", "at least 8"),
        ("Bo", "password", "quick for someone to guess"),
        ("bad\x07name", PASS, "control characters"),
    ],
)
def test_create_profile_rules(con, account, name, passphrase, message):
    with pytest.raises(ProfileError, match=message):
        profiles.create_profile(con, name, passphrase)


def test_wrong_passphrase_and_unknown_name_get_the_same_message(con, account):
    with pytest.raises(SignInFailed) as wrong:
        profiles.sign_in(con, "Ana", "not the passphrase")
    with pytest.raises(SignInFailed) as unknown:
        profiles.sign_in(con, "Nobody", "not the passphrase")
    assert str(wrong.value) == str(unknown.value)
    assert "Ana" not in str(wrong.value)


def test_repeated_failures_slow_down_then_recover(con, account):
    t0 = datetime(2026, 11, 1, 12, 0, 0)
    for i in range(3):
        with pytest.raises(SignInFailed, match="don't match"):
            profiles.sign_in(con, "Ana", "wrong", now=t0 + timedelta(seconds=i))
    # The fourth try right away must wait, even with the right passphrase.
    with pytest.raises(SignInFailed, match=r"wait \d+ seconds"):
        profiles.sign_in(con, "Ana", PASS, now=t0 + timedelta(seconds=3))
    assert profiles.wait_seconds(con, "Ana", t0 + timedelta(seconds=3)) == 1
    # After the wait, the right passphrase works and the counter resets.
    assert profiles.sign_in(con, "Ana", PASS, now=t0 + timedelta(seconds=10)).id == account.id
    assert profiles.wait_seconds(con, "Ana", t0 + timedelta(seconds=10)) == 0


def test_waiting_grows_with_more_failures(con, account):
    t0 = datetime(2026, 11, 1, 12, 0, 0)
    for i in range(6):
        con.execute(
            "INSERT INTO sign_in_failures (name_key, failed_utc) VALUES (?, ?)",
            ["ana", t0 + timedelta(seconds=i)],
        )
    assert profiles.wait_seconds(con, "Ana", t0 + timedelta(seconds=5)) == 16
    # Unknown names are throttled the same way, so waiting reveals nothing either.
    for i in range(6):
        con.execute(
            "INSERT INTO sign_in_failures (name_key, failed_utc) VALUES (?, ?)",
            ["ghost", t0 + timedelta(seconds=i)],
        )
    assert profiles.wait_seconds(con, "ghost", t0 + timedelta(seconds=5)) == 16


def test_change_passphrase_rewraps_keys(con, account):
    entry_id = entries.save_entry(con, account, make_entry(body="kept through the change"))
    profiles.change_passphrase(con, account, PASS, "a brand new passphrase")
    with pytest.raises(SignInFailed):
        profiles.sign_in(con, "Ana", PASS)
    fresh = profiles.sign_in(con, "Ana", "a brand new passphrase")
    assert entries.get_entry(con, fresh, entry_id).body == "kept through the change"
    with pytest.raises(ProfileError, match="current passphrase"):
        profiles.change_passphrase(con, fresh, "wrong", "another new passphrase")


def test_plaintext_rows_are_sealed_on_sign_in(con, account):
    entry_id = entries.save_entry(con, account, make_entry(body="x"))
    con.execute("UPDATE entries SET body = 'legacy plaintext' WHERE id = ?", [entry_id])
    assert entries.seal_plaintext_rows(con, profiles.sign_in(con, "Ana", PASS)) == 1
    raw = con.execute("SELECT body FROM entries WHERE id = ?", [entry_id]).fetchone()[0]
    assert raw.startswith("s1:")
    assert entries.get_entry(con, account, entry_id).body == "legacy plaintext"


def test_open_session_creates_or_signs_in_and_seals_leftover_plaintext(con, account):
    entry_id = entries.save_entry(con, account, make_entry(body="x"))
    con.execute("UPDATE entries SET body = 'legacy plaintext' WHERE id = ?", [entry_id])
    opened = profiles.open_session(con, "ana", PASS)
    assert opened.id == account.id
    raw = con.execute("SELECT body FROM entries WHERE id = ?", [entry_id]).fetchone()[0]
    assert raw.startswith("s1:")
    assert entries.get_entry(con, opened, entry_id).body == "legacy plaintext"
    fresh = profiles.open_session(con, "Cleo", PASS, create=True)
    assert fresh.name == "Cleo" and fresh.id != account.id
    with pytest.raises(ProfileError, match="taken"):
        profiles.open_session(con, "cleo", PASS, create=True)
    with pytest.raises(SignInFailed):
        profiles.open_session(con, "Ana", "not the passphrase")


def test_profiles_are_isolated_everywhere(con, account, other):
    mine = entries.save_entry(
        con,
        account,
        make_entry(
            body="ANA-SECRET",
            emotions=["ana-word"],
            triggers=[TriggerItem("ana-trigger", "withdrew")],
            wins=[WinItem("repair", "ANA-WIN")],
        ),
    )
    theirs = entries.save_entry(con, other, make_entry(body="BEN-SECRET"))
    entries.save_draft(con, account, {"body": "ANA-DRAFT"})
    # Ben sees none of Ana's entries, words, draft or prompt history.
    page = entries.list_entries(con, other, EntryFilter())
    assert [i.id for i in page.items] == [theirs]
    assert entries.list_entries(con, other, EntryFilter(text="ANA")).total == 0
    assert entries.list_entries(con, other, EntryFilter(trigger="ana-trigger")).total == 0
    assert entries.used_words(con, other) == ([], [])
    assert entries.load_draft(con, other) is None
    assert entries.count_entries(con, other) == 1
    activity = suggestions.recent_activity(con, other, datetime(2026, 11, 21).date())
    assert activity.triggers_7d == 0 and activity.wins_7d == 0
    for action in (
        lambda: entries.get_entry(con, other, mine),
        lambda: entries.delete_entry(con, other, mine),
        lambda: entries.update_entry(con, other, mine, make_entry(body="hijack")),
    ):
        with pytest.raises(NotFound):
            action()
    assert entries.get_entry(con, account, mine).body == "ANA-SECRET"
    # Ana's key can't open Ben's text either.
    raw = con.execute("SELECT body FROM entries WHERE id = ?", [theirs]).fetchone()[0]
    with pytest.raises(Exception):  # noqa: B017 - CryptoError: wrong key
        account.keys.open(raw)
