"""Unit tests for the together features (issue 11): repair, pauses, agreements, promises,
check-in, the words hint and the fake clock."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest

from journal import (
    agreements,
    checkin,
    clock,
    entries,
    pauses,
    profiles,
    promises,
    repair,
    reviews,
    unlinking,
    words,
)
from journal.errors import JournalError, NotFound, SharingError, ValidationError
from journal.sharing import insights as share_insights
from tests.conftest import PASS
from tests.together_helpers import hard_moment, link

NOW = datetime(2026, 12, 1, 20, 0)


@pytest.fixture(autouse=True)
def _clock_at_now(monkeypatch):
    """These stories happen on fixed dates: the fake clock makes those dates "today"."""
    monkeypatch.setenv("STEADY_NOW", NOW.isoformat(timespec="minutes"))


@pytest.fixture
def pair(con, account, other):
    link(con, account, other)
    return account, other


# ---------------------------------------------------------------- words that help


def test_words_flags_blaming_words_in_order_and_offers_the_scaffold():
    check = words.check_words("You're so cold. You ALWAYS do this, you made me cry.")
    assert check.flagged == ("you're so", "always", "you made me")
    assert "When [what happened], I felt [emotion], I need [need]." in check.message()
    assert "share it as it is" in check.message()


def test_words_leave_descriptions_alone():
    check = words.check_words(["We didn't talk after dinner.", "forever grateful", ""])
    assert not check.any and check.message() == ""


# ---------------------------------------------------------------- clock


def test_fake_clock(monkeypatch):
    monkeypatch.setenv(clock.ENV_NOW, "2026-12-03")
    assert clock.local_now() == datetime(2026, 12, 3, 9, 0)
    assert clock.today() == date(2026, 12, 3)
    assert clock.utc_now() == datetime(2026, 12, 3, 9, 0)
    monkeypatch.setenv(clock.ENV_NOW, "2026-12-03T21:15")
    assert clock.local_now().time() == time(21, 15)
    monkeypatch.setenv(clock.ENV_NOW, "nonsense")
    assert clock.today().year >= 2026


# ---------------------------------------------------------------- repair


def test_repair_flow_follow_up_only_on_its_date(con, account):
    entry_id = hard_moment(con, account, NOW - timedelta(hours=5))
    (moment,) = repair.hard_moments(con, account)
    assert moment.entry_id == entry_id and "Silence" in moment.label
    rid = repair.start_repair(con, account, impact="You waited alone all evening.",
                              change="I'll say when I need space and when I'll be back.",
                              follow_up=date(2026, 12, 8), now_local=NOW, entry_id=entry_id)
    assert repair.due_follow_ups(con, account, date(2026, 12, 7)) == []
    with pytest.raises(ValidationError):
        repair.record_follow_up(con, account, rid, "yes", today=date(2026, 12, 7))
    (due,) = repair.due_follow_ups(con, account, date(2026, 12, 8))
    assert due.change.startswith("I'll say")
    repair.record_follow_up(con, account, rid, "partly", "A long day at work",
                            today=date(2026, 12, 8))
    (r,) = repair.list_repairs(con, account)
    assert (r.outcome, r.in_the_way) == ("partly", "A long day at work")
    assert repair.due_follow_ups(con, account, date(2026, 12, 9)) == []
    with pytest.raises(ValidationError):
        repair.record_follow_up(con, account, rid, "yes", today=date(2026, 12, 9))


def test_repair_needs_both_statements_and_a_future_follow_up(con, account):
    with pytest.raises(JournalError):
        repair.start_repair(con, account, impact="", change="x", follow_up=None, now_local=NOW)
    with pytest.raises(ValidationError):
        repair.start_repair(con, account, impact="a", change="b",
                            follow_up=NOW.date() - timedelta(days=1), now_local=NOW)


def test_repair_text_is_sealed(con, account):
    repair.start_repair(con, account, impact="SECRET-IMPACT", change="SECRET-CHANGE",
                        follow_up=None, now_local=NOW)
    (payload,) = con.execute("SELECT payload FROM repairs").fetchone()
    assert payload.startswith("s1:") and "SECRET" not in payload


def test_explains_away():
    assert repair.explains_away("I'm sorry, but you were late")
    assert not repair.explains_away("I left you waiting, and that hurt.")


def test_time_to_come_back_is_a_median_per_month(con, account):
    for hours, day in ((2, 3), (10, 5), (4, 9)):
        started = datetime(2026, 11, day, 21, 0)
        eid = hard_moment(con, account, started - timedelta(hours=hours))
        repair.start_repair(con, account, impact="i", change="c", follow_up=None,
                            now_local=started, entry_id=eid)
    started = datetime(2026, 12, 2, 21, 0)
    eid = hard_moment(con, account, started - timedelta(hours=1))
    repair.start_repair(con, account, impact="i", change="c", follow_up=None,
                        now_local=started, entry_id=eid)
    repair.start_repair(con, account, impact="no moment", change="c", follow_up=None,
                        now_local=started)
    months = repair.time_to_come_back(con, account)
    assert [(m.month, m.median_hours, m.repairs) for m in months] == [
        (date(2026, 11, 1), 4.0, 3), (date(2026, 12, 1), 1.0, 1)]
    assert "sooner than the month before" in repair.come_back_reading(months)
    spec = repair.come_back_chart(months).to_dict()
    assert "Median hours" in str(spec)


def test_repair_statement_is_shared_as_an_insight_and_deleting_takes_it_back(con, pair):
    ana, ben = pair
    rid = repair.start_repair(con, ana, impact="You waited alone.", change="I'll say when.",
                              follow_up=None, now_local=NOW)
    content = repair.statement(repair.get_repair(con, ana, rid))
    assert [p.text for p in content.parts] == ["You waited alone.", "I'll say when."]
    repair.share_statement(con, ana, rid, ben.id)
    (got,) = share_insights.received(con, ben)
    assert got.content.kind == "repair" and got.content.parts[1].text == "I'll say when."
    repair.delete_repair(con, ana, rid)
    assert share_insights.received(con, ben) == []
    assert repair.list_repairs(con, ana) == []


# ---------------------------------------------------------------- pauses


def test_back_by():
    assert pauses.back_by(NOW, minutes=20) == datetime(2026, 12, 1, 20, 20)
    assert pauses.back_by(NOW.replace(minute=3), minutes=20) == datetime(2026, 12, 1, 20, 25)
    assert pauses.back_by(NOW, at=time(20, 15)) == datetime(2026, 12, 1, 20, 15)
    assert pauses.back_by(NOW, at=time(7, 0)) == datetime(2026, 12, 2, 7, 0)
    with pytest.raises(ValidationError):
        pauses.back_by(NOW)


def test_pause_reaches_the_partner_and_a_kept_return_is_a_win(con, pair):
    ana, ben = pair
    pid = pauses.start_pause(con, ana, ben.id, datetime(2026, 12, 1, 20, 15), now_local=NOW,
                             utc_offset=timedelta(hours=1), note="Going for a walk")
    (seen,) = pauses.received(con, ben, datetime(2026, 12, 1, 19, 0))
    assert seen.message == "I need a pause; I'll be back by 20:15."
    assert seen.note == "Going for a walk" and seen.sender_name == "Ana"
    assert seen.return_utc == datetime(2026, 12, 1, 19, 15)
    assert b"BEGIN:VEVENT" in pauses.ics(seen) and b"Going for a walk" not in pauses.ics(seen)
    assert pauses.due_checks(con, ana, datetime(2026, 12, 1, 19, 10)) == []
    (due,) = pauses.due_checks(con, ana, datetime(2026, 12, 1, 19, 15))
    win_id = pauses.answer(con, ana, pid, True, now_local=datetime(2026, 12, 1, 20, 16))
    win = entries.get_entry(con, ana, win_id)
    assert win.kind == "win" and win.wins[0].practice == "follow_through"
    assert pauses.due_checks(con, ana, datetime(2026, 12, 1, 22, 0)) == []
    with pytest.raises(ValidationError):
        pauses.answer(con, ana, pid, False, now_local=NOW)
    with pytest.raises(NotFound):
        pauses.answer(con, ben, pid, True, now_local=NOW)


def test_a_missed_return_is_not_a_win_and_withdrawing_removes_the_partners_copy(con, pair):
    ana, ben = pair
    pid = pauses.start_pause(con, ana, ben.id, NOW + timedelta(minutes=30), now_local=NOW)
    assert pauses.answer(con, ana, pid, False, now_local=NOW) is None
    pid2 = pauses.start_pause(con, ana, ben.id, NOW + timedelta(minutes=30), now_local=NOW)
    pauses.withdraw(con, ana, pid2)
    assert [p.id for p in pauses.received(con, ben, NOW)] == [pid]
    (copy,) = con.execute("SELECT partner_copy FROM pauses WHERE id = ?", [pid2]).fetchone()
    assert copy is None
    with pytest.raises(NotFound):
        pauses.withdraw(con, ben, pid)


def test_pause_needs_a_linked_partner_and_a_sensible_time(con, account, other):
    with pytest.raises(SharingError):
        pauses.start_pause(con, account, other.id, NOW + timedelta(minutes=30), now_local=NOW)
    link(con, account, other)
    for bad in (NOW - timedelta(minutes=1), NOW + timedelta(hours=25)):
        with pytest.raises(ValidationError):
            pauses.start_pause(con, account, other.id, bad, now_local=NOW)


# ---------------------------------------------------------------- agreements


def test_agreed_only_when_both_accept(con, pair):
    ana, ben = pair
    aid = agreements.propose(con, ana, ben.id, text="We say goodnight in person.",
                             area="closeness", stance="firm", revisit_on=date(2027, 1, 1),
                             today=NOW.date())
    (mine,) = agreements.list_agreements(con, ana)
    (theirs,) = agreements.list_agreements(con, ben)
    assert not mine.agreed and mine.accepted_by_me and not mine.accepted_by_partner
    assert theirs.current.text == "We say goodnight in person." and not theirs.accepted_by_me
    agreements.accept(con, ben, aid)
    assert all(a.agreed for who in (ana, ben) for a in agreements.list_agreements(con, who))


def test_a_change_needs_both_again_and_keeps_its_reason(con, pair):
    ana, ben = pair
    aid = agreements.propose(con, ana, ben.id, text="Phones away at dinner.", area="phones",
                             stance="open", revisit_on=None, today=NOW.date())
    agreements.accept(con, ben, aid)
    with pytest.raises(ValidationError):
        agreements.propose_change(con, ben, aid, text="x", area="phones", stance="open",
                                  reason="", revisit_on=None, today=NOW.date())
    agreements.propose_change(con, ben, aid, text="Phones away at dinner, except on call.",
                              area="phones", stance="talk", reason="I'm on call some weeks",
                              revisit_on=date(2027, 2, 1), today=NOW.date())
    (a,) = agreements.list_agreements(con, ana)
    assert not a.agreed and a.last_agreed.text == "Phones away at dinner."
    assert a.current.reason == "I'm on call some weeks" and a.current.author_id == ben.id
    agreements.accept(con, ana, aid)
    (a,) = agreements.list_agreements(con, ana)
    assert a.agreed and [v.version for v in a.history] == [2, 1]


def test_withdraw_own_proposal_only_before_acceptance(con, pair):
    ana, ben = pair
    aid = agreements.propose(con, ana, ben.id, text="t", area="home", stance="open",
                             revisit_on=None, today=NOW.date())
    with pytest.raises(SharingError):
        agreements.withdraw(con, ben, aid)
    agreements.withdraw(con, ana, aid)
    assert agreements.list_agreements(con, ben) == []
    aid = agreements.propose(con, ana, ben.id, text="t", area="home", stance="open",
                             revisit_on=None, today=NOW.date())
    agreements.accept(con, ben, aid)
    with pytest.raises(SharingError):
        agreements.withdraw(con, ana, aid)


def test_revisit_dates_make_items_due(con, pair):
    ana, ben = pair
    aid = agreements.propose(con, ana, ben.id, text="Sunday walk", area="time", stance="open",
                             revisit_on=date(2026, 12, 10), today=NOW.date())
    assert agreements.due(con, ana, date(2026, 12, 10)) == []  # not agreed yet
    agreements.accept(con, ben, aid)
    assert agreements.due(con, ana, date(2026, 12, 9)) == []
    assert [a.id for a in agreements.due(con, ben, date(2026, 12, 10))] == [aid]
    with pytest.raises(ValidationError):
        agreements.propose(con, ana, ben.id, text="x", area="time", stance="open",
                           revisit_on=NOW.date(), today=NOW.date())


def test_agreement_words_are_sealed_per_holder(con, pair):
    ana, ben = pair
    agreements.propose(con, ana, ben.id, text="SECRET-AGREEMENT", area="money", stance="firm",
                       revisit_on=None, today=NOW.date())
    rows = con.execute("SELECT holder_id, payload FROM agreement_copies").fetchall()
    assert {r[0] for r in rows} == {ana.id, ben.id}
    assert all("SECRET" not in r[1] for r in rows)


# ---------------------------------------------------------------- promises


def test_promises_are_ticked_only_by_their_owner(con, pair):
    ana, ben = pair
    pid = promises.add_promise(con, ana, "I reply within two hours on workdays.")
    promises.tick(con, ana, pid, NOW.date())
    promises.tick(con, ana, pid, NOW.date() - timedelta(days=1))
    (p,) = promises.list_promises(con, ana, NOW.date())
    assert p.ticked_today and p.days_last_week == 2
    with pytest.raises(NotFound):
        promises.tick(con, ben, pid, NOW.date())
    with pytest.raises(NotFound):
        promises.retire(con, ben, pid)
    promises.tick(con, ana, pid, NOW.date(), kept=False)
    assert promises.list_promises(con, ana, NOW.date())[0].days_last_week == 1


def test_promise_summary_is_shared_and_taken_back(con, pair):
    ana, ben = pair
    with pytest.raises(NotFound):
        promises.share_summary(con, ana, ben.id, NOW.date())
    promises.add_promise(con, ana, "I say when I need space.")
    promises.share_summary(con, ana, ben.id, NOW.date())
    (s,) = promises.received_summaries(con, ben)
    assert s.sharer_name == "Ana" and s.lines[0].startswith("I say when I need space.")
    assert promises.received_summaries(con, ana) == []
    promises.unshare_summary(con, ana, ben.id)
    assert promises.received_summaries(con, ben) == []


# ---------------------------------------------------------------- check-in


def test_check_in_turns_pause_and_time_left():
    ci = checkin.begin(2, "Ana", "Ben", 15, NOW)
    assert ci.speaker_name == "Ana" and checkin.time_left(ci, NOW) == timedelta(minutes=15)
    with pytest.raises(ValidationError):
        checkin.speak(ci, "", "")
    ci = checkin.speak(ci, "To be asked how my day was", "A walk on Sunday")
    assert ci.step == checkin.SAY_BACK and ci.listener_name == "Ben"
    ci = checkin.say_back(ci, "You'd like me to ask about your day")
    ci = checkin.verdict(ci, False)
    assert ci.step == checkin.SAY_BACK and ci.tries == 1 and ci.need
    ci = checkin.verdict(checkin.say_back(ci, "Asking about your day matters"), True)
    assert ci.speaker_name == "Ben" and ci.step == checkin.SPEAK and ci.turns_done == 1
    ci = checkin.pause(ci, NOW + timedelta(minutes=5), 10)
    assert ci.paused_until == NOW + timedelta(minutes=15)
    ci = checkin.resume(ci, NOW + timedelta(minutes=12))
    assert checkin.time_left(ci, NOW + timedelta(minutes=12)) == timedelta(minutes=10)
    assert checkin.finish(ci).step == checkin.ADJUST
    with pytest.raises(ValidationError):
        checkin.begin(2, "Ana", "Ben", 7, NOW)


def test_check_in_adjustments_reach_both_weekly_reviews_after_each_confirms(con, pair):
    ana, ben = pair
    ci = checkin.finish(checkin.begin(ben.id, "Ana", "Ben", 15, NOW))
    day = NOW.date()
    reviews.save_review(con, ana, day - timedelta(days=6), "We walked", "", "Sleep earlier")
    checkin.save(con, ana, ci, mine="Ask before making plans", theirs="Put the phone away",
                 today=day)
    mine = reviews.review_for_week(con, ana, day - timedelta(days=6))
    assert mine.worked == "We walked"
    assert mine.adjust == "Sleep earlier\nFrom our check-in: Ask before making plans"
    assert reviews.review_for_week(con, ben, day - timedelta(days=6)) is None
    (waiting,) = checkin.waiting(con, ben)
    assert waiting.mine == "Put the phone away" and waiting.partner_name == "Ana"
    checkin.confirm(con, ben, waiting.id, today=day)
    theirs = reviews.review_for_week(con, ben, day - timedelta(days=6))
    assert theirs.adjust == "From our check-in: Put the phone away"
    assert checkin.waiting(con, ben) == []
    assert [c.mine for c in checkin.recent_adjustments(con, ben, day)] == ["Put the phone away"]


def test_check_in_needs_both_adjustments_and_a_link(con, account, other):
    ci = checkin.finish(checkin.begin(other.id, "Ana", "Ben", 10, NOW))
    with pytest.raises(JournalError):
        checkin.save(con, account, ci, mine="", theirs="x", today=NOW.date())
    with pytest.raises(SharingError):
        checkin.save(con, account, ci, mine="a", theirs="b", today=NOW.date())


# ---------------------------------------------------------------- isolation


def test_a_third_profile_sees_nothing(con, pair):
    ana, ben = pair
    cy = profiles.create_profile(con, "Cy", PASS + "cy")
    link(con, cy, ana)  # even linked with Ana, Cy sees nothing of Ana and Ben's pair
    aid = agreements.propose(con, ana, ben.id, text="A", area="time", stance="open",
                             revisit_on=date(2026, 12, 5), today=NOW.date())
    agreements.accept(con, ben, aid)
    pid = promises.add_promise(con, ana, "mine")
    promises.share_summary(con, ana, ben.id, NOW.date())
    pauses.start_pause(con, ana, ben.id, NOW + timedelta(minutes=30), now_local=NOW)
    rid = repair.start_repair(con, ana, impact="i", change="c", follow_up=NOW.date(),
                              now_local=NOW)
    repair.share_statement(con, ana, rid, ben.id)
    checkin.save(con, ana, checkin.finish(checkin.begin(ben.id, "Ana", "Ben", 10, NOW)),
                 mine="m", theirs="t", today=NOW.date())

    assert agreements.list_agreements(con, cy) == []
    assert agreements.due(con, cy, date(2027, 1, 1)) == []
    assert promises.list_promises(con, cy, NOW.date()) == []
    assert promises.received_summaries(con, cy) == []
    assert pauses.received(con, cy, NOW) == [] and pauses.my_pauses(con, cy) == []
    assert repair.list_repairs(con, cy) == [] and share_insights.received(con, cy) == []
    assert checkin.list_checkins(con, cy) == [] and checkin.waiting(con, cy) == []
    for action in (lambda: agreements.accept(con, cy, aid),
                   lambda: promises.tick(con, cy, pid, NOW.date()),
                   lambda: repair.get_repair(con, cy, rid)):
        with pytest.raises(NotFound):
            action()
    # Cy's keys open none of the pair's sealed copies.
    tokens = [r[0] for r in con.execute(
        "SELECT payload FROM agreement_copies UNION ALL SELECT partner_copy FROM pauses "
        "UNION ALL SELECT payload FROM checkin_copies UNION ALL SELECT payload FROM "
        "promise_summaries").fetchall()]
    for token in tokens:
        with pytest.raises(JournalError):
            cy.keys.open_from_partner(token) if token.startswith("x1:") else cy.keys.open(token)


def test_unlinking_removes_everything_of_the_pair(con, pair):
    ana, ben = pair
    agreements.propose(con, ana, ben.id, text="A", area="time", stance="open",
                       revisit_on=None, today=NOW.date())
    pauses.start_pause(con, ana, ben.id, NOW + timedelta(minutes=30), now_local=NOW)
    promises.add_promise(con, ana, "mine")
    promises.share_summary(con, ana, ben.id, NOW.date())
    checkin.save(con, ana, checkin.finish(checkin.begin(ben.id, "Ana", "Ben", 15, NOW)),
                 mine="I'll ask first", theirs="I'll say when", today=NOW.date())
    unlinking.unlink(con, ana, ben.id)
    assert agreements.list_agreements(con, ben) == []
    assert pauses.received(con, ben, NOW) == []
    assert promises.received_summaries(con, ben) == []
    # Removed, not hidden: no row of the pair is left (a later relink starts from nothing).
    for table in ("agreements", "agreement_copies", "pauses", "promise_summaries", "checkins",
                  "checkin_copies"):
        assert con.execute(f"SELECT count(*) FROM {table}").fetchone() == (0,), table  # noqa: S608
    assert promises.list_promises(con, ana, NOW.date())  # one's own promises stay


def test_the_file_holds_none_of_the_together_words(db_file, con, pair):
    """Sealed at rest: after a checkpoint the file's bytes hold none of the words."""
    ana, ben = pair
    mark = "ZEBRA-MARKER"
    rid = repair.start_repair(con, ana, impact=f"{mark} impact", change=f"{mark} change",
                              follow_up=NOW.date(), now_local=NOW)
    repair.record_follow_up(con, ana, rid, "yes", f"{mark} way", today=NOW.date())
    pauses.start_pause(con, ana, ben.id, NOW + timedelta(minutes=30), now_local=NOW,
                       note=f"{mark} walk")
    aid = agreements.propose(con, ana, ben.id, text=f"{mark} goodnight", area="time",
                             stance="firm", revisit_on=None, today=NOW.date())
    agreements.propose_change(con, ben, aid, text=f"{mark} goodnight 2", area="time",
                              stance="open", reason=f"{mark} reason", revisit_on=None,
                              today=NOW.date())
    promises.add_promise(con, ana, f"{mark} promise")
    promises.share_summary(con, ana, ben.id, NOW.date())
    checkin.save(con, ana, checkin.finish(checkin.begin(ben.id, "Ana", "Ben", 10, NOW)),
                 mine=f"{mark} mine", theirs=f"{mark} theirs", today=NOW.date())
    con.execute("CHECKPOINT")
    con.close()
    assert mark.encode() not in db_file.read_bytes()


def test_check_in_time_line_counts_down_in_whole_minutes():
    ci = checkin.begin(2, "Ana", "Ben", 15, NOW)
    assert checkin.time_line(ci, NOW) == "Ana and Ben · 15 of 15 minutes left · turns so far: 0"
    assert checkin.time_line(ci, NOW + timedelta(minutes=4, seconds=30)) == (
        "Ana and Ben · 10 of 15 minutes left · turns so far: 0")
    assert checkin.time_line(ci, NOW + timedelta(minutes=14, seconds=50)) == (
        "Ana and Ben · less than a minute left · turns so far: 0")
    assert checkin.time_line(ci, NOW + timedelta(minutes=20)) == (
        "Ana and Ben · your 15 minutes are up · turns so far: 0")
