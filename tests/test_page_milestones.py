"""AppTests for the Milestones page: signed out, no data, one entry, demo data, and its tools."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from journal import demo, entries, milestones
from journal.db import connect
from pages import _keys as K
from tests.conftest import page_texts, run_page


def page(account=None):
    return run_page("pages/milestones.py", account)


texts = page_texts


def charts(at) -> list:
    return list(at.get("vega_lite_chart"))


def test_signed_out_shows_the_sign_in_form(app_db):
    at = page()
    assert not at.exception
    assert [w.label for w in at.text_input] == ["Name", "Passphrase"]
    assert "Milestones" not in [t.value for t in at.title]


def test_no_data_then_an_unrealistic_target_and_the_plan(ana):
    at = page(ana)
    assert not at.exception
    assert [t.value for t in at.title] == ["Milestones"]
    assert "Your first milestone" in texts(at)
    assert "a month of entries" in texts(at)           # no baseline yet
    at.number_input(key=K.M_TARGET_PREFIX + "check_ins_per_week").set_value(7).run()
    assert not at.exception
    assert any("a lot to begin with" in w.value for w in at.warning)
    assert "Stepped plan" in texts(at)
    at.button(key="milestones_save_plan").click().run()
    assert not at.exception
    assert "Stepped plan saved as 4 milestones" in texts(at)
    assert "Keep a weekly check-in · step 1 of 4" in at.selectbox(key=K.M_SELECTED).options
    assert charts(at)


def test_one_entry_and_one_milestone(ana, app_db):
    con = connect(app_db)
    entries.save_entry(con, ana, entries.EntryInput(when_local=datetime.now(), kind="check_in",
                                                    mood=4, body="Sunday check-in"))
    con.close()
    at = page(ana)
    assert not at.exception
    at.selectbox(key=K.M_TEMPLATE).set_value("custom").run()
    at.text_input(key=K.M_TITLE).input("Say what I need <b>kindly</b>").run()
    at.button(key="milestones_save_one").click().run()
    assert not at.exception
    assert "Milestone saved" in texts(at)
    assert at.selectbox(key=K.M_SELECTED).options == ["Say what I need <b>kindly</b>"]
    assert r"**Say what I need \<b\>kindly\</b\>**" in texts(at)     # inert, not HTML
    assert charts(at)


def test_demo_data_with_reviews_changes_and_pause(ana, app_db):
    con = connect(app_db)
    demo.generate(con, ana, years=1)
    con.close()
    at = page(ana)
    assert not at.exception
    assert charts(at)
    shown = texts(at)
    assert "Reached" in shown and "Paused" in shown and "step 1 of" in shown

    at.segmented_control(key=K.M_ACTION).set_value("Review").run()
    at.text_area(key=K.M_REVIEW_WORKED).input("Checking in after dinner worked")
    next(b for b in at.button if b.label == "Save review").click().run()
    assert not at.exception
    assert "Review saved with the milestone." in texts(at)
    assert "Worked: Checking in after dinner worked" in texts(at)

    # After each action the tools get new keys (generation 1, 2...): the browser redraws them.
    at.segmented_control(key=K.M_ACTION + "_1").set_value("Change target").run()
    selected = at.session_state[K.M_SELECTED]
    at.text_area(key=K.M_REASON + "_1").input("Work is heavy this month")
    new_target = at.number_input(key=f"{K.M_NEW_TARGET}_{selected}_1")
    step = 1 if new_target.value + 1 <= new_target.max else -1   # a target can sit at its max
    new_target.set_value(new_target.value + step)
    next(b for b in at.button if b.label == "Change target").click().run()
    assert not at.exception
    assert "Why: Work is heavy this month" in texts(at)

    at.segmented_control(key=K.M_ACTION + "_2").set_value("Pause").run()
    at.button(key="milestones_pause_btn").click().run()
    assert not at.exception
    assert "Paused: it rests" in texts(at)


def test_adding_with_a_baseline_shows_the_big_jump(ana, app_db):
    con = connect(app_db)
    demo.generate(con, ana, years=1)
    con.close()
    at = page(ana)
    at.button(key="milestones_add").click().run()
    at.number_input(key=K.M_TARGET_PREFIX + "check_ins_per_week").set_value(7).run()
    assert not at.exception
    assert any("big jump from your recent" in w.value for w in at.warning)
    before = len(at.selectbox(key=K.M_SELECTED).options)
    at.button(key="milestones_save_one").click().run()
    assert not at.exception
    assert len(at.selectbox(key=K.M_SELECTED).options) == before + 1


def test_newly_reached_is_celebrated_once(ana, app_db):
    con = connect(app_db)
    demo.generate(con, ana, years=1)
    con.execute("UPDATE milestones SET reached_on = NULL WHERE profile_id = ?", [ana.id])
    con.close()
    at = page(ana)
    assert not at.exception
    # Drawing the page writes nothing: the wins are recorded when the person asks.
    assert not _milestone_wins(app_db)
    at.button(key="milestones_record_reached").click().run()
    assert not at.exception
    assert any("You reached" in s.value for s in at.success)
    assert _milestone_wins(app_db)
    at.run()
    assert not any("You reached" in s.value for s in at.success)
    assert milestones.WIN_SOURCE == "milestone"


def _milestone_wins(path) -> int:
    con = connect(path)
    try:
        return con.execute("SELECT count(*) FROM entries WHERE source = 'milestone'").fetchone()[0]
    finally:
        con.close()


def test_saving_an_entry_records_a_reached_milestone(ana, app_db):
    # Check-ins in each of the last three complete weeks meet "1 a week": reached on save.
    con = connect(app_db)
    today = date.today()
    for weeks_ago in (1, 2, 3):
        entries.save_entry(con, ana, entries.EntryInput(
            when_local=datetime.combine(today - timedelta(days=7 * weeks_ago), time(20)),
            kind="check_in", body="check-in"))
    milestones.create_milestone(
        con, ana, title="Weekly check-in", practice="check_in", measure="check_ins_per_week",
        target=1, start=today - timedelta(days=21), target_date=today + timedelta(days=21))
    con.close()
    at = run_page("pages/write.py", ana)
    at.text_area(key=K.gen_key(K.W_BODY, 0)).input("A quiet evening").run()
    at.button(key=K.gen_key("write_save", 0)).click().run()
    assert not at.exception
    assert any("You reached “Weekly check-in”" in s.value for s in at.success)
    assert _milestone_wins(app_db) == 1
    assert not page(ana).success          # the Milestones page has nothing left to record
