"""Check-in: a guided conversation for two people sitting at one screen.

Why it looks like this: the texts describe a regular check-in with an agreed length, where one
person names a need and a hope, the other says back what they heard before answering, and the
speaker says whether it landed; then they swap. A pause is allowed, with a time to come back.
It ends with one small adjustment each. The conversation itself is never stored: only the date,
the length, and the two adjustments. Each person's adjustment reaches their own weekly review
only when *they* confirm it (signed in on this device, or later from their own session), since
one person can't write in the other's journal.

The flow is a pure state machine (CheckIn, replaced on every step) so the page only lays it out.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta

import duckdb

from . import reviews, vocab
from .account import Account
from .db import transaction, utcnow
from .errors import NotFound, ValidationError
from .pairs import clean, open_copy, other_of, pair, seal_both
from .profiles import profile_names
from .sharing.partners import partners

LENGTHS = (10, 15, 20, 30)
PAUSE_MINUTES = (5, 10, 20)
SPEAK, SAY_BACK, VERDICT, ADJUST = "speak", "say_back", "verdict", "adjust"
REVIEW_PREFIX = "From our check-in: "


@dataclass(frozen=True)
class CheckIn:
    """Where the conversation is. `speaker` is a name; the words live only in the session."""

    partner_id: int
    names: tuple[str, str]          # (signed-in person, partner)
    minutes: int
    started: datetime
    speaker: int = 0                # index into names
    step: str = SPEAK
    need: str = ""
    hope: str = ""
    heard: str = ""
    turns_done: int = 0
    tries: int = 0
    paused_at: datetime | None = None
    paused_until: datetime | None = None
    paused_total: timedelta = field(default=timedelta(0))

    @property
    def speaker_name(self) -> str:
        """Who speaks now."""
        return self.names[self.speaker]

    @property
    def listener_name(self) -> str:
        """Who listens and says back now."""
        return self.names[1 - self.speaker]


def begin(partner_id: int, me: str, partner: str, minutes: int, now: datetime) -> CheckIn:
    """Start with an agreed length; the signed-in person speaks first."""
    if minutes not in LENGTHS:
        raise ValidationError("Please agree on one of the offered lengths.")
    return CheckIn(partner_id, (me, partner), minutes, now)


def time_left(ci: CheckIn, now: datetime) -> timedelta:
    """What remains of the agreed length (pauses don't count against it)."""
    paused = ci.paused_total + (max(timedelta(0), now - ci.paused_at) if ci.paused_at
                                else timedelta(0))
    end = ci.started + timedelta(minutes=ci.minutes) + paused
    return max(timedelta(0), end - now)


def time_line(ci: CheckIn, now: datetime) -> str:
    """One line for the screen: who, how many whole minutes are left, and turns so far."""
    left = time_left(ci, now)
    if left <= timedelta(0):
        return (f"{ci.names[0]} and {ci.names[1]} · your {ci.minutes} minutes are up · "
                f"turns so far: {ci.turns_done}")
    minutes = int(left.total_seconds() // 60)
    if minutes < 1:
        when = "less than a minute"
    else:
        when = f"{minutes} of {ci.minutes} minutes"
    return f"{ci.names[0]} and {ci.names[1]} · {when} left · turns so far: {ci.turns_done}"


def speak(ci: CheckIn, need: str, hope: str) -> CheckIn:
    """The speaker names one need and one hope."""
    need = clean(need, "need", vocab.MAX_SHORT_CHARS)
    hope = clean(hope, "hope", vocab.MAX_SHORT_CHARS)
    if not need and not hope:
        raise ValidationError("Name a need or a hope first; one short sentence is enough.")
    return replace(ci, step=SAY_BACK, need=need, hope=hope, heard="", tries=0)


def say_back(ci: CheckIn, heard: str) -> CheckIn:
    """The listener says back what they heard, before any answer of their own."""
    heard = clean(heard, "what you heard", vocab.MAX_SHORT_CHARS, required=True)
    return replace(ci, step=VERDICT, heard=heard)


def verdict(ci: CheckIn, got_it: bool) -> CheckIn:
    """"Got it" swaps roles; "not quite" lets the listener try again."""
    if not got_it:
        return replace(ci, step=SAY_BACK, heard="", tries=ci.tries + 1)
    return replace(ci, step=SPEAK, speaker=1 - ci.speaker, need="", hope="", heard="",
                   turns_done=ci.turns_done + 1, tries=0)


def pause(ci: CheckIn, now: datetime, minutes: int) -> CheckIn:
    """A break with a time to come back, so the pause has an end."""
    if minutes not in PAUSE_MINUTES:
        raise ValidationError("Please choose one of the pause lengths.")
    return replace(ci, paused_at=now, paused_until=now + timedelta(minutes=minutes))


def resume(ci: CheckIn, now: datetime) -> CheckIn:
    """Back from the pause; only the time actually paused extends the check-in."""
    if ci.paused_at is None:
        return ci
    return replace(ci, paused_at=None, paused_until=None,
                   paused_total=ci.paused_total + max(timedelta(0), now - ci.paused_at))


def finish(ci: CheckIn) -> CheckIn:
    """Move to the closing step: one small adjustment each."""
    return replace(resume(ci, ci.paused_at or ci.started), step=ADJUST)


# ---------------------------------------------------------------- saving the adjustments


@dataclass(frozen=True)
class Saved:
    """A check-in as one of the two people holds it."""

    id: int
    partner_id: int
    partner_name: str
    held_on: date
    minutes: int
    turns: int
    mine: str
    theirs: str
    confirmed: bool


def save(
    con: duckdb.DuckDBPyConnection, account: Account, ci: CheckIn, *, mine: str, theirs: str,
    today: date,
) -> int:
    """Store the two adjustments for both people; the signed-in person's goes to their review."""
    mine = clean(mine, "adjustment", vocab.MAX_SHORT_CHARS, required=True)
    theirs = clean(theirs, f"adjustment for {ci.names[1]}", vocab.MAX_SHORT_CHARS, required=True)
    lo, hi = pair(account.id, ci.partner_id)
    with transaction(con):
        row = con.execute(
            "INSERT INTO checkins (profile_lo, profile_hi, started_by, held_on, minutes, "
            "created_utc) VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
            [lo, hi, account.id, today, ci.minutes, utcnow()],
        ).fetchone()
        assert row is not None
        checkin_id = int(row[0])
        data = {"turns": ci.turns_done, "adjust": {str(account.id): mine,
                                                   str(ci.partner_id): theirs}}
        copies = seal_both(con, account, ci.partner_id, data, aad=f"checkin:{checkin_id}")
        for holder, token in copies.items():
            con.execute(
                "INSERT INTO checkin_copies (checkin_id, holder_id, payload) VALUES (?, ?, ?)",
                [checkin_id, holder, token])
    confirm(con, account, checkin_id, today=today)
    return checkin_id


def _held(con: duckdb.DuckDBPyConnection, account: Account) -> list[Saved]:
    linked = {p.id for p in partners(con, account)}
    rows = con.execute(
        "SELECT c.id, c.profile_lo, c.profile_hi, c.held_on, c.minutes, k.payload, k.saved_utc "
        "FROM checkins c JOIN checkin_copies k ON k.checkin_id = c.id AND k.holder_id = ? "
        "ORDER BY c.held_on DESC, c.id DESC",
        [account.id],
    ).fetchall()
    names = profile_names(con, sorted(linked))
    out = []
    for r in rows:
        partner_id = other_of(int(r[1]), int(r[2]), account.id)
        if partner_id not in linked:
            continue
        data = open_copy(account, r[5], f"checkin:{r[0]}")
        adjust = data.get("adjust", {}) if isinstance(data.get("adjust"), dict) else {}
        out.append(Saved(int(r[0]), partner_id, names.get(partner_id, ""), r[3], int(r[4]),
                         int(data.get("turns", 0)), str(adjust.get(str(account.id), "")),
                         str(adjust.get(str(partner_id), "")), r[6] is not None))
    return out


def list_checkins(con: duckdb.DuckDBPyConnection, account: Account) -> list[Saved]:
    """Check-ins this person holds with a currently linked partner, newest first."""
    return _held(con, account)


def waiting(con: duckdb.DuckDBPyConnection, account: Account) -> list[Saved]:
    """Check-ins whose adjustment this person hasn't confirmed into their own review yet."""
    return [s for s in _held(con, account) if not s.confirmed]


def confirm(con: duckdb.DuckDBPyConnection, account: Account, checkin_id: int, *,
            today: date) -> None:
    """Add one's own adjustment to this week's weekly review (appended, nothing overwritten)."""
    item = next((s for s in _held(con, account) if s.id == checkin_id), None)
    if item is None:
        raise NotFound("That check-in isn't one of yours.")
    if item.confirmed:
        return
    week_start = today - timedelta(days=6)  # the weekly review's rolling week (reviews.py)
    existing = reviews.review_for_week(con, account, week_start)
    line = REVIEW_PREFIX + item.mine
    adjust = f"{existing.adjust}\n{line}".strip() if existing else line
    reviews.save_review(con, account, week_start, existing.worked if existing else "",
                        existing.didnt if existing else "", adjust)
    con.execute("UPDATE checkin_copies SET saved_utc = ? WHERE checkin_id = ? AND holder_id = ?",
                [utcnow(), checkin_id, account.id])


def dismiss(con: duckdb.DuckDBPyConnection, account: Account, checkin_id: int) -> None:
    """Delete one's own copy of a check-in (the other person's copy is theirs to keep)."""
    con.execute("DELETE FROM checkin_copies WHERE checkin_id = ? AND holder_id = ?",
                [checkin_id, account.id])


def recent_adjustments(con: duckdb.DuckDBPyConnection, account: Account,
                       today: date) -> list[Saved]:
    """Confirmed check-ins of the last 7 days (the weekly review lists them)."""
    start = today - timedelta(days=6)
    return [s for s in _held(con, account) if s.confirmed and start <= s.held_on <= today]


def forget_pair(con: duckdb.DuckDBPyConnection, me: int, other: int) -> None:
    """Unlinking drops check-ins of the pair still waiting; adjustments saved stay in reviews."""
    lo, hi = pair(me, other)
    con.execute("DELETE FROM checkin_copies WHERE checkin_id IN (SELECT id FROM checkins "
                "WHERE profile_lo = ? AND profile_hi = ?)", [lo, hi])
    con.execute("DELETE FROM checkins WHERE profile_lo = ? AND profile_hi = ?", [lo, hi])
