"""Sign-in that can't be turned against its owner: throttle per (name, client) with a fake clock,
a one-minute cap, atomic check-and-record under parallel attempts, bounded argon2 checks, NFC,
strength messages and expiring failure records."""

from __future__ import annotations

import threading
import unicodedata
from datetime import datetime, timedelta

import pytest

from journal import profiles, throttle
from journal.errors import ProfileError, SignInBusy, SignInFailed
from tests.conftest import PASS

T0 = datetime(2026, 11, 1, 12, 0, 0)
GUESSER = "192.168.1.66"
OWNER_PHONE = "192.168.1.20"


def _fail(con, name: str, at: datetime, client: str = throttle.LOCAL_CLIENT) -> None:
    with pytest.raises(SignInFailed):
        profiles.sign_in(con, name, "not her passphrase", now=at, client=client)


def test_waits_never_exceed_a_minute():
    assert [throttle.wait_for(n) for n in range(10)] == [0, 0, 0, 2, 4, 8, 16, 32, 60, 60]
    assert throttle.wait_for(10_000) == throttle.MAX_WAIT_SECONDS == 60


def test_a_guesser_elsewhere_never_makes_the_owner_wait(con, account):
    """Someone who knows only the name, retrying whenever allowed for an hour."""
    t = T0
    for _ in range(80):
        t += timedelta(seconds=profiles.wait_seconds(con, "Ana", t, client=GUESSER) + 0.1)
        _fail(con, "Ana", t, client=GUESSER)
    assert profiles.wait_seconds(con, "Ana", t, client=GUESSER) > 0
    # The owner, from her own device, signs in at once.
    assert profiles.wait_seconds(con, "Ana", t, client=OWNER_PHONE) == 0
    assert profiles.sign_in(con, "Ana", PASS, now=t, client=OWNER_PHONE).id == account.id


def test_on_a_shared_machine_the_owner_waits_at_most_a_minute(con, account):
    t = T0
    for i in range(30):
        con.execute(
            "INSERT INTO sign_in_failures (name_key, failed_utc, client) VALUES (?, ?, ?)",
            ["ana", t + timedelta(seconds=i), "local"],
        )
    last = t + timedelta(seconds=29)
    assert 0 < profiles.wait_seconds(con, "Ana", last) <= 60
    with pytest.raises(SignInFailed, match=r"wait \d+ seconds"):
        profiles.sign_in(con, "Ana", PASS, now=last + timedelta(seconds=30))
    assert profiles.sign_in(con, "Ana", PASS, now=last + timedelta(seconds=60)).id == account.id
    assert profiles.wait_seconds(con, "Ana", last + timedelta(seconds=60)) == 0


def test_failure_records_expire(con, account):
    for i in range(20):
        _fail(con, f"random-{i}", T0 + timedelta(seconds=i))
    assert con.execute("SELECT count(*) FROM sign_in_failures").fetchone()[0] == 20
    later = T0 + throttle.FAILURE_WINDOW + timedelta(minutes=1)
    _fail(con, "someone", later)  # any attempt sweeps out expired records
    assert con.execute("SELECT count(*) FROM sign_in_failures").fetchone()[0] == 1


def test_parallel_guesses_cannot_skip_the_throttle(db_file, con, account):
    """Eight guesses at the same instant: only the free three are checked."""
    con.close()
    from journal.db import connect

    shared = connect(db_file)
    outcomes: list[str] = []
    barrier = threading.Barrier(8)

    def guess() -> None:
        cur = shared.cursor()
        barrier.wait()
        try:
            profiles.sign_in(cur, "Ana", "wrong guess", now=T0)
        except SignInBusy:
            outcomes.append("busy")
        except SignInFailed as err:
            outcomes.append("wait" if "wait" in str(err) else "checked")

    threads = [threading.Thread(target=guess) for _ in range(8)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    shared.close()
    assert outcomes.count("checked") == throttle.FREE_FAILURES
    assert outcomes.count("wait") + outcomes.count("busy") == 8 - throttle.FREE_FAILURES


def test_at_most_a_few_checks_at_once(monkeypatch, con, account):
    monkeypatch.setattr(throttle, "BUSY_SECONDS", 0.05)
    held = [throttle._CHECKS.acquire(blocking=False) for _ in range(throttle.MAX_CHECKS)]
    try:
        assert all(held) and 2 <= throttle.MAX_CHECKS <= 4
        with pytest.raises(SignInBusy, match="busy"):
            profiles.sign_in(con, "Ana", PASS, now=T0)
    finally:
        for _ in held:
            throttle._CHECKS.release()
    # A busy refusal counted against no one.
    assert profiles.sign_in(con, "Ana", PASS, now=T0).id == account.id


def test_nfd_and_nfc_passphrases_are_the_same(con):
    composed = "café au lait déjà vu"
    decomposed = unicodedata.normalize("NFD", composed)
    assert composed != decomposed
    created = profiles.create_profile(con, "Zoë", decomposed)
    assert profiles.sign_in(con, "Zoë", composed).id == created.id
    assert profiles.sign_in(con, "Zoë", decomposed).id == created.id
    new = unicodedata.normalize("NFD", "naïve crème brûlée")
    profiles.change_passphrase(con, created, composed, new)
    assert profiles.sign_in(con, "Zoë", "naïve crème brûlée").id == created.id


def test_hashes_made_before_nfc_still_sign_in(con):
    decomposed = unicodedata.normalize("NFD", "café au lait déjà vu")
    created = profiles.create_profile(con, "Zoë", decomposed)
    legacy = profiles._hasher().hash(decomposed)  # what older versions stored
    con.execute("UPDATE profiles SET pw_hash = ? WHERE id = ?", [legacy, created.id])
    assert profiles.sign_in(con, "Zoë", "café au lait déjà vu").id == created.id


@pytest.mark.parametrize(
    ("weak", "because"),
    [("password", "common password"), ("12345678", "common password"),
     (" " * 8, "only of spaces"), ("Ana12345", "quick for someone to guess")],
)
def test_weak_passphrases_are_refused_kindly(con, account, weak, because):
    with pytest.raises(ProfileError, match=because) as err:
        profiles.create_profile(con, "Bo", weak)
    assert "work well" in str(err.value)  # says what would work, not only what didn't
    with pytest.raises(ProfileError, match=because):
        profiles.change_passphrase(con, account, PASS, weak)
