"""Rituals: chosen, never pre-ticked; one proposes, the other agrees; the agreed plan becomes
recurring calendar events, except the after-stress check-in, offered as a one-off on a hard day."""

from __future__ import annotations

from datetime import date, time, timedelta

import pytest
from icalendar import Calendar

from journal import profiles
from journal.errors import SharingError
from journal.sharing import partners, rituals
from tests.conftest import PASS

EVERY = rituals.RitualPlan(weekly_on=True, pause_on=True, stress_on=True)


@pytest.fixture
def pair(con, account, other):
    partners.accept_invitation(con, other, partners.create_invitation(con, account).code)
    return account, other


def test_propose_then_agree(con, pair):
    ana, ben = pair
    assert rituals.get_agreement(con, ana, ben.id) is None
    plan = rituals.RitualPlan(weekly_on=True, weekly_day=2, weekly_time=time(18, 30),
                              tz="Europe/Berlin")
    proposed = rituals.propose(con, ana, ben.id, plan)
    assert not proposed.agreed and proposed.waiting_on(ben.id) and not proposed.waiting_on(ana.id)
    with pytest.raises(SharingError, match="partner's turn"):
        rituals.agree(con, ana, ben.id)
    agreed = rituals.agree(con, ben, ana.id)
    assert agreed.agreed
    seen_by_ana = rituals.get_agreement(con, ana, ben.id)
    assert seen_by_ana is not None and seen_by_ana.agreed and seen_by_ana.plan == plan


def test_a_change_needs_agreement_again(con, pair):
    ana, ben = pair
    rituals.propose(con, ana, ben.id, EVERY)
    rituals.agree(con, ben, ana.id)
    changed = rituals.propose(con, ben, ana.id, rituals.RitualPlan(weekly_on=True))
    assert not changed.agreed and changed.waiting_on(ana.id)
    # Proposing exactly what the partner proposed is agreeing to it.
    assert rituals.propose(con, ana, ben.id, rituals.RitualPlan(weekly_on=True)).agreed


def test_strangers_and_empty_plans_are_refused(con, pair):
    ana, ben = pair
    cleo = profiles.create_profile(con, "Cleo", PASS)
    with pytest.raises(SharingError, match="not linked"):
        rituals.get_agreement(con, cleo, ana.id)
    with pytest.raises(SharingError, match="not linked"):
        rituals.propose(con, cleo, ana.id, EVERY)
    with pytest.raises(SharingError, match="at least one"):
        rituals.propose(con, ana, ben.id, rituals.RitualPlan())  # nothing is ticked for you
    odd = rituals.propose(con, ana, ben.id, rituals.RitualPlan(pause_on=True, tz="Not/AZone"))
    assert odd.plan.tz == "UTC"


def _events(data: bytes) -> dict[str, object]:
    cal = Calendar.from_ical(data)
    return {str(ev["UID"]).split("-")[4]: ev for ev in cal.walk("VEVENT")}


def test_ics_has_one_recurring_event_per_ritual_but_no_daily_stress_alarm(con, pair):
    ana, ben = pair
    plan = rituals.RitualPlan(weekly_on=True, pause_on=True, stress_on=True, weekly_day=6,
                              weekly_time=time(19, 0), weekly_minutes=45,
                              pause_time=time(21, 30), stress_time=time(20, 0),
                              tz="Europe/Berlin")
    start = date(2026, 11, 18)  # a Wednesday
    data = rituals.to_ics(plan, me=ana, partner_id=ben.id, partner_name="Ben, Jr; the 2nd",
                          start=start)
    events = _events(data)
    assert set(events) == {"weekly", "pause"}  # after-stress is offered on the day, not daily
    weekly = events["weekly"]
    assert weekly.start.date() == date(2026, 11, 22) and weekly.start.weekday() == 6
    assert weekly.start.time() == time(19, 0) and str(weekly.start.tzinfo) == "Europe/Berlin"
    assert weekly.end - weekly.start == timedelta(minutes=45)
    assert dict(weekly["RRULE"]) == {"FREQ": ["WEEKLY"], "BYDAY": ["SU"]}
    assert str(weekly["SUMMARY"]) == "Weekly check-in with Ben, Jr; the 2nd"
    pause = events["pause"]
    assert dict(pause["RRULE"]) == {"FREQ": ["DAILY"]}
    assert pause.end - pause.start == timedelta(minutes=rituals.PAUSE_MINUTES)
    assert pause.start.date() == start
    assert b"BEGIN:VTIMEZONE" in data and b"TZID:Europe/Berlin" in data


def test_each_partner_gets_their_own_stable_calendar(con, pair):
    ana, ben = pair
    plan = rituals.RitualPlan(weekly_on=True)
    day = date(2026, 11, 18)
    mine = rituals.to_ics(plan, me=ana, partner_id=ben.id, partner_name="Ben", start=day)
    again = rituals.to_ics(plan, me=ana, partner_id=ben.id, partner_name="Ben",
                           start=day + timedelta(days=3))
    theirs = rituals.to_ics(plan, me=ben, partner_id=ana.id, partner_name="Ana", start=day)
    assert set(_events(mine)) == {"weekly"}
    uid = str(_events(mine)["weekly"]["UID"])
    assert uid == str(_events(again)["weekly"]["UID"])  # re-import updates, no duplicates
    assert uid != str(_events(theirs)["weekly"]["UID"])
    assert "with Ana" in str(_events(theirs)["weekly"]["SUMMARY"])


def test_describe_reads_plainly():
    lines = rituals.describe(rituals.RitualPlan(weekly_on=True, pause_on=True, stress_on=True,
                                                tz="Europe/Berlin"))
    assert lines[0] == "Weekly check-in: Sundays at 19:00, 30 minutes."
    assert lines[-1] == "Times are in Europe/Berlin."
    assert "no daily reminder" in lines[2]
    assert len(rituals.describe(rituals.RitualPlan(pause_on=True, stress_on=True))) == 3
    assert rituals.describe(rituals.RitualPlan()) == []


def test_no_ritual_is_proposed_by_default():
    plan = rituals.RitualPlan()
    assert not (plan.weekly_on or plan.pause_on or plan.stress_on)


def test_stress_offer_is_one_event_for_today_at_the_agreed_time(con, pair):
    ana, ben = pair
    today = date(2026, 11, 18)
    rituals.propose(con, ana, ben.id, rituals.RitualPlan(stress_on=True, stress_time=time(20, 0),
                                                         tz="Europe/Berlin"))
    before = rituals.stress_offer(con, ana, today, time(9, 0), "Europe/Berlin")
    assert before.at == time(10, 15) and before.partner_name == "Ben"  # not agreed yet: soon
    rituals.agree(con, ben, ana.id)
    offer = rituals.stress_offer(con, ana, today, time(9, 0), "Europe/Berlin")
    assert offer.at == time(20, 0) and offer.day == today
    (event,) = Calendar.from_ical(offer.ics).walk("VEVENT")
    assert "RRULE" not in event and "VALARM" not in offer.ics.decode()
    assert event.start.date() == today and event.start.time() == time(20, 0)
    assert event.end - event.start == timedelta(minutes=rituals.STRESS_MINUTES)
    assert "Ben" in str(event["SUMMARY"])
    late = rituals.stress_offer(con, ana, today, time(21, 5), "Europe/Berlin")
    assert late.at == time(22, 15)  # the agreed time has passed: a little later today
    last = rituals.stress_offer(con, ana, today, time(23, 10), "Europe/Berlin")
    assert last.at == time(23, 30) and last.day == today
