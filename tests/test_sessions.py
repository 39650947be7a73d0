"""Lock and resume: the server-side session table (fake clock) and the app's "Lock now" and
idle lock in AppTest. Browser refresh and the idle timer are in test_browser_lock.py."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from journal import sessions
from journal.sessions import SessionStore
from pages import _keys as K
from tests.conftest import PASS

IDLE = 15 * 60


def test_a_token_resumes_until_idle_then_is_gone():
    store = SessionStore()
    token = store.open("ana-account", "local", now=1000.0)
    assert len(token) >= 40
    assert store.resume(token, "local", IDLE, now=1000.0 + IDLE - 1) == "ana-account"
    assert store.touch(token, IDLE, now=1000.0 + 2 * IDLE - 2)        # activity keeps it
    assert not store.alive(token, IDLE, now=1000.0 + 3 * IDLE)         # idle ends it
    assert store.resume(token, "local", IDLE, now=1000.0 + 3 * IDLE) is None
    assert len(store) == 0                                             # and it is swept


def test_a_token_is_bound_to_its_client_and_closes_for_good():
    store = SessionStore()
    token = store.open("ana-account", "192.168.1.20", now=0.0)
    assert store.resume(token, "192.168.1.66", IDLE, now=1.0) is None  # copied cookie
    assert store.resume("made-up-token", "192.168.1.20", IDLE, now=1.0) is None
    store.close(token)
    assert store.resume(token, "192.168.1.20", IDLE, now=2.0) is None


def test_even_an_active_session_ends_after_half_a_day():
    store = SessionStore()
    token = store.open("ana-account", "local", now=0.0)
    t = 0.0
    while t < sessions.MAX_AGE_SECONDS - 60:
        t += 60
        assert store.touch(token, IDLE, now=t)
    assert not store.touch(token, IDLE, now=sessions.MAX_AGE_SECONDS + 1)


def test_the_store_never_holds_the_token_itself():
    store = SessionStore()
    token = store.open("ana-account", "local", now=0.0)
    assert token not in store._live  # keyed by its SHA-256


@pytest.mark.parametrize(("raw", "seconds"), [("", 900), ("0.1", 6), ("abc", 900), ("30", 1800)])
def test_idle_setting(monkeypatch, raw, seconds):
    monkeypatch.setenv(sessions.IDLE_ENV, raw)
    assert sessions.idle_seconds() == pytest.approx(seconds)


def _lock_app() -> None:
    """app.py's gate in miniature (AppTest reruns of app.py run only the page script)."""
    import streamlit as st

    from pages._lock import guard, lock_now
    from pages._shared import sign_in_form

    if guard() is None:
        sign_in_form()
    else:
        st.title("Write")
        st.button("Lock now", on_click=lock_now, key="lock_now")


def _signed_in_app(app_db) -> AppTest:
    at = AppTest.from_function(_lock_app, default_timeout=30).run()
    at.text_input(key=K.SIGNIN_NAME).input("Ana")
    at.text_input(key=K.SIGNIN_PASS).input(PASS)
    next(b for b in at.button if b.label == "Create profile").click().run()
    assert not at.exception and [t.value for t in at.title] == ["Write"]
    assert at.session_state[K.SESSION_TOKEN]
    return at


def test_lock_now_closes_the_journal_and_keeps_the_name(app_db):
    at = _signed_in_app(app_db)
    at.button(key="lock_now").click().run()
    assert not at.exception
    assert K.ACCOUNT not in at.session_state and K.SESSION_TOKEN not in at.session_state
    assert at.text_input(key=K.SIGNIN_NAME).value == "Ana"
    assert any("Locked" in i.value for i in at.info)


def test_idle_lock_in_the_app(app_db, monkeypatch):
    at = _signed_in_app(app_db)
    now = sessions.time.time()
    monkeypatch.setattr(sessions.time, "time", lambda: now + 16 * 60)
    at.run()
    assert not at.exception
    assert K.ACCOUNT not in at.session_state
    assert [w.label for w in at.text_input] == ["Name", "Passphrase"]
    assert any("locked itself" in i.value for i in at.info)
