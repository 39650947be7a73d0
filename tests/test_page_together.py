"""AppTests for the Repair, Agreements and Check-in pages, signed out and in, and the together
items that show on Shared with me and Weekly review (issue 11)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from journal import agreements, checkin, pauses, profiles, promises, repair, reviews
from journal.db import connect
from pages import _keys as T
from tests.conftest import PASS, page_texts, run_page
from tests.together_helpers import hard_moment, link

PAGES = ("pages/repair.py", "pages/agreements.py", "pages/check_in.py")


@pytest.fixture
def couple(app_db):
    """Ana and Ben, linked, in the app's temp journal."""
    con = connect(app_db)
    ana = profiles.create_profile(con, "Ana", PASS)
    ben = profiles.create_profile(con, "Ben", PASS + "!")
    link(con, ana, ben)
    con.close()
    return ana, ben


def button(at, label):
    return next(b for b in at.button if b.label == label)


@pytest.mark.parametrize("page", PAGES)
def test_signed_out_shows_the_sign_in_form(app_db, page):
    at = run_page(page)
    assert not at.exception
    assert [w.label for w in at.text_input] == ["Name", "Passphrase"]


@pytest.mark.parametrize("page", PAGES)
def test_signed_in_without_a_partner(ana, page):
    at = run_page(page, ana)
    assert not at.exception
    assert at.title[0].value in ("Repair", "Agreements", "Check-in")


def test_repair_page_saves_a_repair_and_asks_on_its_date(couple, app_db, monkeypatch):
    ana, _ = couple
    monkeypatch.setenv("STEADY_NOW", "2026-12-01T20:00")
    con = connect(app_db)
    hard_moment(con, ana, datetime(2026, 12, 1, 18, 0))
    con.close()
    at = run_page("pages/repair.py", ana)
    assert not at.exception
    at.text_area(key=T.RP_IMPACT).input("You waited <b>alone</b>, but I was tired")
    at.run()
    assert "explain the impact away" in page_texts(at)
    at.text_area(key=T.RP_CHANGE).input("I'll say when I'll be back.")
    at.selectbox(key=T.RP_FROM).select_index(1)
    at.date_input(key=T.RP_FOLLOW).set_value(date(2026, 12, 3))
    button(at, "Save repair").click().run()
    assert not at.exception and "Repair saved" in page_texts(at)
    assert "Did it happen?" not in page_texts(at)
    assert "You waited <b>alone</b>, but I was tired" in [t.value for t in at.text]
    assert "Time to come back" in page_texts(at)

    monkeypatch.setenv("STEADY_NOW", "2026-12-03")
    at = run_page("pages/repair.py", ana)
    assert "Did it happen?" in [m.value.strip("*") for m in at.markdown]
    (rid,) = [r.id for r in _repairs(app_db, ana)]
    at.radio(key=T.RP_OUTCOME_PREFIX + str(rid)).set_value("yes")
    button(at, "Save my answer").click().run()
    assert not at.exception and "Noted, just for you" in page_texts(at)
    assert _repairs(app_db, ana)[0].outcome == "yes"


def _repairs(app_db, account):
    con = connect(app_db)
    try:
        return repair.list_repairs(con, account)
    finally:
        con.close()


def test_repair_statement_preview_flags_blaming_words_and_shares(couple, app_db):
    ana, ben = couple
    con = connect(app_db)
    repair.start_repair(con, ana, impact="You always wait for me", change="I'll text",
                        follow_up=None, now_local=datetime.now())
    con.close()
    at = run_page("pages/repair.py", ana)
    assert not at.exception
    assert any("“always”" in i.value for i in at.info)
    button(at, "Share this statement with Ben").click().run()
    assert not at.exception and "Shared with Ben" in page_texts(at)
    at = run_page("pages/shared_with_me.py", ben)
    assert not at.exception and "I'll text" in [t.value for t in at.text]


def test_pause_from_repair_reaches_shared_with_me_and_asks_later(couple, app_db, monkeypatch):
    ana, ben = couple
    monkeypatch.setenv("STEADY_NOW", "2026-12-01T20:00")
    at = run_page("pages/repair.py", ana)
    button(at, "Back in 20 minutes").click().run()
    assert not at.exception and "back by 20:20" in page_texts(at)
    at = run_page("pages/shared_with_me.py", ben)
    assert not at.exception
    assert "I need a pause; I'll be back by 20:20." in [t.value for t in at.text]
    monkeypatch.setenv("STEADY_NOW", "2026-12-01T20:25")
    at = run_page("pages/repair.py", ana)
    assert "Did you come back?" in [m.value.strip("*") for m in at.markdown]
    button(at, "Yes, I came back").click().run()
    assert not at.exception and "Saved as a win" in page_texts(at)


def test_write_page_offers_the_pause(couple):
    ana, _ = couple
    at = run_page("pages/write.py", ana)
    assert not at.exception
    assert "I need a pause…" in [b.label for b in at.button]


def test_agreements_page_propose_accept_and_promises(couple, app_db):
    ana, ben = couple
    at = run_page("pages/agreements.py", ana)
    assert not at.exception
    at.text_area(key=T.AG_TEXT).input("We never go to bed angry")
    at.run()
    assert any("“never”" in i.value for i in at.info)
    button(at, "Propose").click().run()
    assert not at.exception and "Waiting for Ben to accept" in page_texts(at)
    at = run_page("pages/agreements.py", ben)
    assert "We never go to bed angry" in [t.value for t in at.text]
    button(at, "Accept").click().run()
    assert not at.exception and "Agreed by you both" in page_texts(at)
    at.text_input(key=T.PR_TEXT).input("I reply within two hours on workdays.")
    button(at, "Add promise").click().run()
    assert not at.exception and "Promise added." in page_texts(at)
    at.checkbox[0].check().run()
    assert not at.exception and "Practised on 1 of the last 7 days." in page_texts(at)
    button(at, "Share a summary with Ana").click().run()
    at = run_page("pages/shared_with_me.py", ana)
    assert "Ben's own promises" in page_texts(at)


def test_weekly_review_lists_agreements_due_and_check_in_adjustments(couple, app_db):
    ana, ben = couple
    con = connect(app_db)
    today = date.today()
    aid = agreements.propose(con, ana, ben.id, text="Sunday walk", area="time", stance="open",
                             revisit_on=today + timedelta(days=1), today=today - timedelta(1))
    agreements.accept(con, ben, aid)
    con.execute("UPDATE agreements SET revisit_on = ?", [today])
    ci = checkin.finish(checkin.begin(ben.id, "Ana", "Ben", 15, datetime.now()))
    checkin.save(con, ana, ci, mine="Ask before plans", theirs="Phone away", today=today)
    con.close()
    at = run_page("pages/weekly_review.py", ana)
    assert not at.exception
    text = page_texts(at)
    assert "Time to revisit with Ben: Sunday walk" in text
    assert "Ask before plans" in text


def test_check_in_page_full_conversation(couple, app_db):
    ana, ben = couple
    at = run_page("pages/check_in.py", ana)
    assert not at.exception
    button(at, "Start the check-in").click().run()
    assert "Ana, your turn to speak" in page_texts(at)
    at.text_area(key=T.CI_NEED).input("To hear about your day")
    button(at, "Over to Ben").click().run()
    at.text_area(key=T.CI_HEARD).input("You'd like me to tell you about my day")
    button(at, "Say it back").click().run()
    button(at, "Not quite").click().run()
    assert "Ben, say back what you heard" in page_texts(at)
    at.text_area(key=T.CI_HEARD).input("Hearing about my day matters to you")
    button(at, "Say it back").click().run()
    button(at, "Got it").click().run()
    assert "Ben, your turn to speak" in page_texts(at)
    button(at, "Pause 10 min").click().run()
    assert any("Paused" in i.value for i in at.info)
    button(at, "We're back").click().run()
    button(at, "Finish").click().run()
    at.text_input(key=T.CI_MINE).input("Ask before making plans")
    at.text_input(key=T.CI_THEIRS).input("Phone away at dinner")
    button(at, "Save to our weekly reviews").click().run()
    assert not at.exception and "Saved to your weekly review" in page_texts(at)
    at = run_page("pages/check_in.py", ben)
    assert "Phone away at dinner" in [t.value for t in at.text]
    button(at, "Add to my weekly review").click().run()
    assert not at.exception
    con = connect(app_db)
    week = date.today() - timedelta(days=6)
    assert reviews.review_for_week(con, ben, week).adjust == (
        "From our check-in: Phone away at dinner")
    con.close()


def test_third_profile_pages_show_nothing_of_the_pair(couple, app_db):
    ana, ben = couple
    con = connect(app_db)
    cy = profiles.create_profile(con, "Cy", PASS + "cy")
    today = date.today()
    agreements.propose(con, ana, ben.id, text="PAIR-ONLY agreement", area="time",
                       stance="open", revisit_on=None, today=today)
    promises.add_promise(con, ana, "PAIR-ONLY promise")
    pauses.start_pause(con, ana, ben.id, datetime.now() + timedelta(minutes=30),
                       now_local=datetime.now())
    con.close()
    for page in (*PAGES, "pages/shared_with_me.py", "pages/weekly_review.py"):
        at = run_page(page, cy)
        assert not at.exception
        text = page_texts(at)
        assert "PAIR-ONLY" not in text and "taking a pause" not in text and "back by" not in text


def test_trends_shows_time_to_come_back_for_ones_own_repairs(ana, app_db):
    con = connect(app_db)
    started = datetime.now().replace(microsecond=0)
    eid = hard_moment(con, ana, started - timedelta(hours=3))
    repair.start_repair(con, ana, impact="i", change="c", follow_up=None, now_local=started,
                        entry_id=eid)
    con.close()
    at = run_page("pages/trends.py", ana)
    assert not at.exception
    assert "Time to come back" in page_texts(at)
    assert any("came back after a median of 3.0 hours" in t.value for t in at.text)
