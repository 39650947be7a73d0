"""Check-in rituals a pair agrees on, and the .ics calendar file each of them downloads.

Why: the seeds put regularity over extravagance — a weekly check-in, a daily five-minute
pause, a short check-in after stressful days. A ritual only counts once *both* agreed, so one
person proposes, the other agrees, and any change asks for agreement again; nothing is ticked
for them in advance. A calendar file puts the agreement where both will see it, without Steady
sending anything anywhere. The after-stress check-in is never a daily alarm: it is offered as a
one-off event on the day the person marks as stressful (`stress_offer`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import duckdb
from icalendar import Alarm, Calendar, Event

from journal.account import Account
from journal.db import utcnow
from journal.errors import SharingError
from journal.sharing.model import pair
from journal.sharing.partners import partners as linked_partners
from journal.sharing.partners import require_partner

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_ICAL_DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
PAUSE_MINUTES = 5
STRESS_MINUTES = 15
WEEKLY_MINUTES_CHOICES = (15, 20, 30, 45, 60)


@dataclass(frozen=True)
class RitualPlan:
    """What the two agree to keep; times are wall-clock times in ``tz``."""

    weekly_on: bool = False  # chosen, never pre-ticked
    weekly_day: int = 6  # Sunday
    weekly_time: time = time(19, 0)
    weekly_minutes: int = 30
    pause_on: bool = False
    pause_time: time = time(21, 30)
    stress_on: bool = False
    stress_time: time = time(20, 0)
    tz: str = "UTC"


@dataclass(frozen=True)
class Agreement:
    """A pair's current plan and who has agreed to it."""

    plan: RitualPlan
    proposed_by: int
    agreed_by: int | None
    updated_utc: datetime

    @property
    def agreed(self) -> bool:
        """Both said yes to this exact plan."""
        return self.agreed_by is not None

    def waiting_on(self, profile_id: int) -> bool:
        """True if this person is the one who still has to agree."""
        return not self.agreed and self.proposed_by != profile_id


def _zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def _validate(plan: RitualPlan) -> RitualPlan:
    if not 0 <= plan.weekly_day <= 6:
        raise SharingError("Please choose a day of the week for the check-in.")
    if not 5 <= plan.weekly_minutes <= 180:
        raise SharingError("Please keep the weekly check-in between 5 minutes and 3 hours.")
    if not (plan.weekly_on or plan.pause_on or plan.stress_on):
        raise SharingError("Pick at least one ritual to agree on.")
    tz = plan.tz if _zone(plan.tz).key == plan.tz else "UTC"
    return RitualPlan(plan.weekly_on, plan.weekly_day, plan.weekly_time.replace(second=0,
                      microsecond=0), plan.weekly_minutes, plan.pause_on,
                      plan.pause_time.replace(second=0, microsecond=0), plan.stress_on,
                      plan.stress_time.replace(second=0, microsecond=0), tz)


def get_agreement(
    con: duckdb.DuckDBPyConnection, account: Account, partner_id: int
) -> Agreement | None:
    """The pair's plan, if either has proposed one."""
    require_partner(con, account, partner_id)
    lo, hi = pair(account.id, partner_id)
    row = con.execute(
        "SELECT weekly_on, weekly_day, weekly_time, weekly_minutes, pause_on, pause_time, "
        "stress_on, stress_time, tz, proposed_by, agreed_by, updated_utc FROM rituals "
        "WHERE profile_lo = ? AND profile_hi = ?",
        [lo, hi],
    ).fetchone()
    if row is None:
        return None
    plan = RitualPlan(bool(row[0]), int(row[1]), row[2], int(row[3]), bool(row[4]), row[5],
                      bool(row[6]), row[7], str(row[8]))
    return Agreement(plan, int(row[9]), row[10], row[11])


def propose(
    con: duckdb.DuckDBPyConnection, account: Account, partner_id: int, plan: RitualPlan
) -> Agreement:
    """Suggest (or change) the plan; the partner has to agree before it counts.

    Proposing exactly the plan the partner already proposed counts as agreeing to it.
    """
    plan = _validate(plan)
    current = get_agreement(con, account, partner_id)
    if current and current.plan == plan and current.proposed_by != account.id:
        return agree(con, account, partner_id)
    if current and current.plan == plan:
        return current
    lo, hi = pair(account.id, partner_id)
    now = utcnow()
    con.execute(
        "INSERT INTO rituals (profile_lo, profile_hi, weekly_on, weekly_day, weekly_time, "
        "weekly_minutes, pause_on, pause_time, stress_on, stress_time, tz, proposed_by, "
        "agreed_by, updated_utc) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?) "
        "ON CONFLICT (profile_lo, profile_hi) DO UPDATE SET weekly_on = excluded.weekly_on, "
        "weekly_day = excluded.weekly_day, weekly_time = excluded.weekly_time, "
        "weekly_minutes = excluded.weekly_minutes, pause_on = excluded.pause_on, "
        "pause_time = excluded.pause_time, stress_on = excluded.stress_on, "
        "stress_time = excluded.stress_time, tz = excluded.tz, "
        "proposed_by = excluded.proposed_by, agreed_by = NULL, "
        "updated_utc = excluded.updated_utc",
        [lo, hi, plan.weekly_on, plan.weekly_day, plan.weekly_time, plan.weekly_minutes,
         plan.pause_on, plan.pause_time, plan.stress_on, plan.stress_time, plan.tz,
         account.id, now],
    )
    return Agreement(plan, account.id, None, now)


def agree(con: duckdb.DuckDBPyConnection, account: Account, partner_id: int) -> Agreement:
    """Say yes to the partner's proposal."""
    current = get_agreement(con, account, partner_id)
    if current is None:
        raise SharingError("There's no plan to agree to yet. Propose one below.")
    if current.agreed:
        return current
    if current.proposed_by == account.id:
        raise SharingError("You proposed this plan; it's your partner's turn to agree.")
    lo, hi = pair(account.id, partner_id)
    con.execute(
        "UPDATE rituals SET agreed_by = ?, updated_utc = ? WHERE profile_lo = ? AND "
        "profile_hi = ?",
        [account.id, utcnow(), lo, hi],
    )
    return Agreement(current.plan, current.proposed_by, account.id, utcnow())


def describe(plan: RitualPlan) -> list[str]:
    """One plain sentence per ritual, for the page and the calendar description."""
    lines = []
    if plan.weekly_on:
        lines.append(f"Weekly check-in: {WEEKDAYS[plan.weekly_day]}s at "
                     f"{plan.weekly_time:%H:%M}, {plan.weekly_minutes} minutes.")
    if plan.pause_on:
        lines.append(f"Daily pause together: {PAUSE_MINUTES} minutes at {plan.pause_time:%H:%M}.")
    if plan.stress_on:
        lines.append(f"After a stressful day: a {STRESS_MINUTES}-minute check-in at "
                     f"{plan.stress_time:%H:%M}, offered on the day one of you marks as "
                     "stressful (no daily reminder).")
    if lines:
        lines.append(f"Times are in {plan.tz}.")
    return lines


def _next_on(start: date, weekday: int) -> date:
    return start + timedelta(days=(weekday - start.weekday()) % 7)


def to_ics(
    plan: RitualPlan,
    *,
    me: Account,
    partner_id: int,
    partner_name: str,
    start: date,
    stamp: datetime | None = None,
) -> bytes:
    """An iCalendar file with one recurring event per ritual (RRULE), for this person.

    UIDs are stable per pair and ritual, so importing an updated file replaces the events.
    """
    zone = _zone(plan.tz)
    lo, hi = pair(me.id, partner_id)
    stamp = stamp or utcnow()
    cal = Calendar.new(prodid="-//Steady//Rituals//EN", name=f"Rituals with {partner_name}")
    cal.add("method", "PUBLISH")

    def event(key: str, summary: str, first: date, at: time, minutes: int, rule: dict,
              description: str, busy: bool) -> None:
        begin = datetime.combine(first, at, tzinfo=zone)
        ev = Event.new(
            uid=f"steady-ritual-{lo}-{hi}-{key}-for-{me.id}@steady.local",
            summary=summary, description=description, start=begin,
            end=begin + timedelta(minutes=minutes), stamp=stamp,
        )
        ev.add("rrule", rule)
        ev.add("transp", "OPAQUE" if busy else "TRANSPARENT")
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", summary)
        alarm.add("trigger", timedelta(minutes=-10 if busy else 0))
        ev.add_component(alarm)
        cal.add_component(ev)

    if plan.weekly_on:
        event("weekly", f"Weekly check-in with {partner_name}",
              _next_on(start, plan.weekly_day), plan.weekly_time, plan.weekly_minutes,
              {"freq": "weekly", "byday": _ICAL_DAYS[plan.weekly_day]},
              "What worked this week, what didn't, what needs adjusting. "
              "Each of you names one need and one hope; the listener mirrors back first.",
              busy=True)
    if plan.pause_on:
        event("pause", f"Five-minute pause with {partner_name}", start, plan.pause_time,
              PAUSE_MINUTES, {"freq": "daily"},
              "Put phones down and check in for five minutes. Small and regular is the point.",
              busy=False)
    cal.add_missing_timezones()
    return cal.to_ical()


@dataclass(frozen=True)
class StressOffer:
    """A one-off check-in for today, offered after the person marked the day as stressful."""

    day: date
    at: time
    partner_name: str | None
    ics: bytes


def stress_offer(
    con: duckdb.DuckDBPyConnection, account: Account, today: date, now: time, tz: str | None,
) -> StressOffer:
    """Today's 15-minute check-in: at the time a pair agreed on (if it's still ahead), else soon.

    Why one event and not a rule: the check-in belongs to the hard day, so nothing repeats.
    """
    linked = linked_partners(con, account)
    agreed = [(p, a.plan.stress_time) for p in linked
              if (a := get_agreement(con, account, p.id)) and a.agreed and a.plan.stress_on]
    partner = agreed[0][0] if agreed else (linked[0] if len(linked) == 1 else None)
    at = agreed[0][1] if agreed else None
    if at is None or at <= now:  # the agreed time has passed (or there is none): a bit later
        soon = datetime.combine(today, now) + timedelta(minutes=75)
        at = (time(soon.hour, soon.minute - soon.minute % 15) if soon.date() == today
              else time(23, 30))
    partner_name = partner.name if partner else None
    partner_id = partner.id if partner else None
    zone = _zone(tz or "UTC")
    begin = datetime.combine(today, at, tzinfo=zone)
    summary = (f"15 minutes with {partner_name}: how today landed" if partner_name
               else "15 minutes to check in: how today landed")
    cal = Calendar.new(prodid="-//Steady//Rituals//EN", name="After a stressful day")
    cal.add("method", "PUBLISH")
    lo, hi = pair(account.id, partner_id) if partner_id is not None else (account.id, 0)
    ev = Event.new(uid=f"steady-stress-{lo}-{hi}-{today:%Y%m%d}-for-{account.id}@steady.local",
                   summary=summary, start=begin,
                   end=begin + timedelta(minutes=STRESS_MINUTES), stamp=utcnow(),
                   description="Say how the day landed and listen back, without fixing.")
    cal.add_component(ev)
    cal.add_missing_timezones()
    return StressOffer(today, at, partner_name, cal.to_ical())
