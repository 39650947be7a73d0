"""AppTests for the Weekly review page: signed out, no data, one entry, demo data, saving."""

from __future__ import annotations

from datetime import datetime

from journal import demo, entries, reviews
from journal.db import connect
from journal.entries import TriggerItem, WinItem
from pages import _keys as K
from tests.conftest import page_texts, run_page


def page(account=None):
    return run_page("pages/weekly_review.py", account)


texts = page_texts


def test_signed_out_shows_the_sign_in_form(app_db):
    at = page()
    assert not at.exception
    assert [w.label for w in at.text_input] == ["Name", "Passphrase"]


def test_no_data_and_saving_a_review(ana, app_db):
    at = page(ana)
    assert not at.exception
    assert [t.value for t in at.title] == ["Weekly review"]
    assert "No entries in the last 7 days" in texts(at)
    assert [m.value for m in at.metric][:1] == ["0"]
    at.text_area(key=K.R_WORKED).input("I asked for ten minutes instead of leaving")
    at.text_area(key=K.R_ADJUST).input("Check in on Sunday <i>earlier</i>")
    next(b for b in at.button if b.label == "Save review").click().run()
    assert not at.exception
    assert "Review saved" in texts(at)
    assert "You already reviewed this week" in texts(at)
    con = connect(app_db)
    (saved,) = reviews.list_reviews(con, ana)
    con.close()
    assert saved.adjust == "Check in on Sunday <i>earlier</i>"


def test_empty_review_is_refused_kindly(ana):
    at = page(ana)
    next(b for b in at.button if b.label == "Save review").click().run()
    assert not at.exception
    assert any("at least one" in e.value for e in at.error)


def test_one_entry(ana, app_db):
    con = connect(app_db)
    entries.save_entry(con, ana, entries.EntryInput(
        when_local=datetime.now(), mood=4, body="Walk after dinner",
        triggers=[TriggerItem("late_reply", "paused")], wins=[WinItem("stayed_engaged")]))
    con.close()
    at = page(ana)
    assert not at.exception
    assert at.metric[0].value == "1"
    assert "Late reply · 1×\n  Paused (1)" in texts(at)
    assert "★ Stayed engaged in a tense moment · 1×" in texts(at)


def test_demo_data_lists_earlier_reviews(ana, app_db):
    con = connect(app_db)
    demo.generate(con, ana, years=1)
    con.close()
    at = page(ana)
    assert not at.exception
    assert "Earlier reviews" in texts(at)
    assert len(at.expander) == 6
    assert "Milestones" in texts(at)
    assert any("on track" in t.value or "behind" in t.value or "reached" in t.value
               for t in at.text)
