"""Write: one draft becomes at most one entry (journal.entries.save_draft_entry), and the page
starts a new generation of widgets after Save and Discard (AppTest)."""

from __future__ import annotations

import duckdb
import pytest

from journal import entries
from journal.db import connect
from journal.errors import ValidationError
from pages import _keys as K
from tests.conftest import make_entry, page_texts, run_page


def _count(con, account) -> int:
    return entries.count_entries(con, account)


# ---------------------------------------------------------------- domain: idempotent save


def test_one_token_stores_one_entry_however_often_it_is_saved(con, account):
    first = entries.save_draft_entry(con, account, make_entry(body="Once"), "tok-1")
    again = entries.save_draft_entry(con, account, make_entry(body="Once"), "tok-1")
    assert not first.already and again.already
    assert again.entry_id == first.entry_id
    assert _count(con, account) == 1


def test_a_repeat_is_recognised_before_validating(con, account):
    """The stale form a second click sends may be empty: still "already saved", not an error."""
    saved = entries.save_draft_entry(con, account, make_entry(body="Once"), "tok-1")
    empty = entries.EntryInput(when_local=make_entry().when_local)
    with pytest.raises(ValidationError):
        entries.save_draft_entry(con, account, empty, "tok-2")
    assert entries.save_draft_entry(con, account, empty, "tok-1") == entries.Saved(
        saved.entry_id, already=True)
    assert _count(con, account) == 1


def test_different_drafts_store_different_entries(con, account):
    a = entries.save_draft_entry(con, account, make_entry(body="First"), "tok-a")
    b = entries.save_draft_entry(con, account, make_entry(body="Second"), "tok-b")
    assert a.entry_id != b.entry_id and _count(con, account) == 2


def test_tokens_belong_to_one_profile(con, account, other):
    entries.save_draft_entry(con, account, make_entry(body="Mine"), "same")
    theirs = entries.save_draft_entry(con, other, make_entry(body="Theirs"), "same")
    assert not theirs.already
    assert _count(con, account) == 1 and _count(con, other) == 1


def test_saving_a_draft_clears_it(con, account):
    entries.save_draft(con, account, {"body": "almost", "token": "tok-1"})
    entries.save_draft_entry(con, account, make_entry(body="almost"), "tok-1")
    assert entries.load_draft(con, account) is None


def test_the_token_is_unique_in_the_schema(con, account):
    entries.save_draft_entry(con, account, make_entry(), "tok-1")
    with pytest.raises(duckdb.ConstraintException):
        con.execute("INSERT INTO draft_saves (profile_id, token, entry_id, saved_utc) "
                    "VALUES (?, 'tok-1', 99, now()::TIMESTAMP)", [account.id])


def test_a_token_is_required(con, account):
    with pytest.raises(ValueError):
        entries.save_draft_entry(con, account, make_entry(), "")


# ---------------------------------------------------------------- the page


def _entries_in(app_db, account) -> int:
    con = connect(app_db)
    try:
        return _count(con, account)
    finally:
        con.close()


def test_save_draws_a_new_empty_generation(app_db, ana):
    at = run_page("pages/write.py", ana)
    token = at.session_state[K.W_TOKEN]
    at.text_area(key=K.gen_key(K.W_BODY, 0)).input("A quiet evening").run()
    at.pills(key=K.gen_key(K.W_MOOD, 0)).set_value(3).run()
    at.button(key=K.gen_key("write_save", 0)).click().run()
    assert not at.exception
    assert at.session_state[K.W_GEN] == 1 and at.session_state[K.W_TOKEN] != token
    assert at.text_area(key=K.gen_key(K.W_BODY, 1)).value == ""
    assert at.pills(key=K.gen_key(K.W_MOOD, 1)).value is None
    assert K.gen_key(K.W_BODY, 0) not in at.session_state   # the old form is gone
    assert any("Saved. Entry #" in s.value for s in at.success)
    assert _entries_in(app_db, ana) == 1


def test_a_draft_already_saved_is_not_stored_twice(app_db, ana):
    """A click from a form whose draft was saved (another tab, a stale browser) stores nothing."""
    con = connect(app_db)
    first = entries.save_draft_entry(con, ana, make_entry(body="Saved once"), "tok-seen")
    con.close()
    at = run_page("pages/write.py", ana, **{K.W_TOKEN: "tok-seen"})
    at.text_area(key=K.gen_key(K.W_BODY, 0)).input("Saved once").run()
    at.button(key=K.gen_key("write_save", 0)).click().run()
    assert not at.exception
    assert f"Already saved: entry #{first.entry_id}" in page_texts(at)
    assert at.text_area(key=K.gen_key(K.W_BODY, 1)).value == ""
    assert _entries_in(app_db, ana) == 1


def test_discard_draws_a_new_empty_generation_and_forgets_the_draft(app_db, ana):
    at = run_page("pages/write.py", ana)
    at.text_area(key=K.gen_key(K.W_RESPONSE, 0)).input("half a thought").run()
    at.button(key=K.gen_key("write_discard", 0)).click().run()
    assert not at.exception
    assert at.text_area(key=K.gen_key(K.W_RESPONSE, 1)).value == ""
    assert "Draft discarded" in page_texts(at)
    con = connect(app_db)
    assert entries.load_draft(con, ana) is None
    con.close()


def test_a_restored_draft_keeps_its_token(app_db, ana):
    """Two tabs restoring one draft share its token, so the draft becomes one entry."""
    first = run_page("pages/write.py", ana)
    first.text_area(key=K.gen_key(K.W_BODY, 0)).input("unfinished 🌙").run()
    token = first.session_state[K.W_TOKEN]
    second = run_page("pages/write.py", ana)       # a new session restores the draft
    assert second.session_state[K.W_TOKEN] == token
    second.button(key=K.gen_key("write_save", 0)).click().run()
    first.button(key=K.gen_key("write_save", 0)).click().run()
    assert "Already saved" in page_texts(first)
    assert _entries_in(app_db, ana) == 1
