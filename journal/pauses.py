"""A pause with a return time: "I need a pause; I'll be back by 20:15."

Why: the texts describe how withdrawing in silence leaves the other person waiting without an
end. Naming the time you'll be back turns the silence into a pause with an edge. The message is
sealed to the partner (and for the sender), shown in their Shared with me with a one-off calendar
file, and at the time the sender privately answers "did you come back?"; a kept return is saved
as a small win. Withdrawing a pause takes the partner's copy back.
"""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta

import duckdb
from icalendar import Calendar, Event

from . import entries, vocab
from .account import Account
from .db import utcnow
from .errors import NotFound, ValidationError
from .pairs import clean, open_copy, seal_both
from .profiles import profile_names
from .sharing.partners import partners

QUICK_MINUTES = (20, 30, 60)
MAX_PAUSE = timedelta(hours=24)
SHOWN_FOR = timedelta(hours=12)  # the partner sees a pause until this long after its end


@dataclass(frozen=True)
class Pause:
    """One pause as the viewer may read it."""

    id: int
    sender_id: int
    sender_name: str
    created_utc: datetime
    return_utc: datetime
    back_by: str            # "20:15", in the sender's own time, as they said it
    note: str
    answered: bool
    came_back: bool | None
    withdrawn: bool

    @property
    def message(self) -> str:
        """The words the partner reads."""
        return f"I need a pause; I'll be back by {self.back_by}."


def back_by(now_local: datetime, *, minutes: int | None = None,
            at: time | None = None) -> datetime:
    """The local return time: in N minutes (rounded up to 5), or at HH:MM (tomorrow if passed)."""
    if minutes is not None:
        target = now_local + timedelta(minutes=minutes)
        extra = (-target.minute) % 5
        return (target + timedelta(minutes=extra)).replace(second=0, microsecond=0)
    if at is None:
        raise ValidationError("Please choose when you'll be back.")
    target = datetime.combine(now_local.date(), at.replace(second=0, microsecond=0))
    return target if target > now_local else target + timedelta(days=1)


def start_pause(
    con: duckdb.DuckDBPyConnection, account: Account, partner_id: int, return_local: datetime,
    *, now_local: datetime, utc_offset: timedelta = timedelta(0), note: str = "",
) -> int:
    """Send the pause to the partner (sealed to them) and keep one's own sealed copy."""
    if not now_local < return_local <= now_local + MAX_PAUSE:
        raise ValidationError("Please pick a return time later today or within the next day.")
    note = clean(note, "note", vocab.MAX_SHORT_CHARS)
    row = con.execute("SELECT nextval('together_seq')").fetchone()
    assert row is not None
    pause_id = int(row[0])
    data = {"back_by": f"{return_local:%H:%M}", "note": note}
    copies = seal_both(con, account, partner_id, data, aad=f"pause:{pause_id}")
    con.execute(
        "INSERT INTO pauses (id, profile_id, partner_id, created_utc, return_utc, own_copy, "
        "partner_copy) VALUES (?, ?, ?, ?, ?, ?, ?)",
        [pause_id, account.id, partner_id, utcnow(), return_local - utc_offset,
         copies[account.id], copies[partner_id]],
    )
    return pause_id


def _pause(account: Account, r: tuple, names: dict[int, str]) -> Pause:
    words = open_copy(account, r[5], f"pause:{r[0]}")
    answer = open_copy(account, r[6], f"pause-answer:{r[0]}") if r[6] else {}
    return Pause(
        id=int(r[0]), sender_id=int(r[1]), sender_name=names.get(int(r[1]), ""),
        created_utc=r[2], return_utc=r[3], back_by=str(words.get("back_by", "")),
        note=str(words.get("note", "")), answered=r[6] is not None,
        came_back=answer.get("came_back") if r[6] else None, withdrawn=r[4] is not None,
    )


def my_pauses(con: duckdb.DuckDBPyConnection, account: Account, limit: int = 10) -> list[Pause]:
    """The person's own pauses, newest first."""
    rows = con.execute(
        "SELECT id, profile_id, created_utc, return_utc, withdrawn_utc, own_copy, answer "
        "FROM pauses WHERE profile_id = ? ORDER BY created_utc DESC, id DESC LIMIT ?",
        [account.id, max(1, int(limit))],
    ).fetchall()
    return [_pause(account, r, {account.id: account.name}) for r in rows]


def received(con: duckdb.DuckDBPyConnection, account: Account, now_utc: datetime) -> list[Pause]:
    """Pauses linked partners sent this person that are still current (not withdrawn)."""
    linked = [p.id for p in partners(con, account)]
    if not linked:
        return []
    rows = con.execute(
        "SELECT id, profile_id, created_utc, return_utc, withdrawn_utc, partner_copy, NULL "
        "FROM pauses WHERE partner_id = ? AND list_contains(?, profile_id) "
        "AND withdrawn_utc IS NULL AND partner_copy IS NOT NULL AND return_utc >= ? "
        "ORDER BY created_utc DESC, id DESC",
        [account.id, linked, now_utc - SHOWN_FOR],
    ).fetchall()
    names = profile_names(con, linked)
    return [_pause(account, r, names) for r in rows]


def due_checks(con: duckdb.DuckDBPyConnection, account: Account,
               now_utc: datetime) -> list[Pause]:
    """Own pauses whose return time has come and that wait for "did you come back?"."""
    return [p for p in my_pauses(con, account, limit=50)
            if not p.answered and not p.withdrawn and p.return_utc <= now_utc]


def answer(
    con: duckdb.DuckDBPyConnection, account: Account, pause_id: int, came_back: bool, *,
    now_local: datetime, note: str = "",
) -> int | None:
    """Answer privately; a kept return is saved as a win entry (its id is returned)."""
    own = [p for p in my_pauses(con, account, limit=200) if p.id == pause_id]
    if not own:
        raise NotFound("That pause isn't one of yours.")
    if own[0].answered:
        raise ValidationError("You've already answered for this pause.")
    note = clean(note, "note", vocab.MAX_SHORT_CHARS)
    win_id = None
    if came_back:
        win_id = entries.save_entry(con, account, entries.EntryInput(
            when_local=now_local, kind="win",
            body=note or f"I said I'd be back by {own[0].back_by}, and I came back.",
            wins=[entries.WinItem("follow_through", "Came back from a pause when I said")],
        ), clear_draft=False)
    sealed = account.keys.seal(_json({"came_back": came_back, "note": note}),
                               aad=f"pause-answer:{pause_id}")
    con.execute(
        "UPDATE pauses SET answered_utc = ?, answer = ?, win_entry_id = ? "
        "WHERE id = ? AND profile_id = ?",
        [utcnow(), sealed, win_id, pause_id, account.id],
    )
    return win_id


def withdraw(con: duckdb.DuckDBPyConnection, account: Account, pause_id: int) -> None:
    """Take a pause back: the partner's copy is deleted at once."""
    done = con.execute(
        "UPDATE pauses SET partner_copy = NULL, withdrawn_utc = ? "
        "WHERE id = ? AND profile_id = ? AND withdrawn_utc IS NULL RETURNING id",
        [utcnow(), pause_id, account.id],
    ).fetchone()
    if done is None:
        raise NotFound("That pause isn't one of yours, or it was already taken back.")


def ics(pause: Pause) -> bytes:
    """A one-off calendar event at the return time (UTC), without any private words."""
    cal = Calendar()
    cal.add("prodid", "-//Steady//pause//EN")
    cal.add("version", "2.0")
    event = Event()
    event.add("uid", f"pause-{secrets.token_hex(8)}@steady.local")
    event.add("dtstamp", utcnow().replace(tzinfo=UTC))
    start = pause.return_utc.replace(tzinfo=UTC)
    event.add("dtstart", start)
    event.add("dtend", start + timedelta(minutes=15))
    event.add("summary", "Back from a pause: time to reconnect")
    cal.add_component(event)
    return cal.to_ical()


def _json(data: dict[str, object]) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def forget_pair(con: duckdb.DuckDBPyConnection, me: int, other: int) -> None:
    """Unlinking takes back every pause between the two (a kept return's win entry stays)."""
    con.execute("DELETE FROM pauses WHERE (profile_id = ? AND partner_id = ?) "
                "OR (profile_id = ? AND partner_id = ?)", [me, other, other, me])
