"""Repair: acknowledge the impact, name one concrete change, check later that it happened.

Why it looks like this: the texts describe repair as a sequence — a timely apology that owns the
impact, a clear statement of what will change, then change you can see. So a repair holds exactly
those two statements and a follow-up date; on or after that date the person privately answers
"did it happen?", with room for what got in the way (no score, no streak). "Time to come back"
is the person's own median time from a hard moment (an entry with a trigger) to its repair, by
month — never compared with anyone else.
"""

from __future__ import annotations

import json
import re
import statistics
from dataclasses import dataclass
from datetime import date, datetime

import altair as alt
import duckdb

from . import vocab
from .account import Account
from .db import transaction, utcnow
from .errors import NotFound, ValidationError
from .pairs import clean, open_copy
from .sharing import insights as sharing

OUTCOMES: dict[str, str] = {
    "yes": "Yes, it happened",
    "partly": "Partly",
    "not_yet": "Not yet",
}
LABEL_IMPACT = "What my part did to you"
LABEL_CHANGE = "What I will do differently"
_EXPLAINING = re.compile(r"\b(but|because you|if you hadn(?:'|’)?t|only because)\b", re.I)


@dataclass(frozen=True)
class HardMoment:
    """An entry with at least one trigger: where a repair can start."""

    entry_id: int
    when_local: datetime
    labels: tuple[str, ...]

    @property
    def label(self) -> str:
        """How the picker names it."""
        return f"{self.when_local:%a %d %b %Y, %H:%M} · {', '.join(self.labels)}"


@dataclass(frozen=True)
class Repair:
    """One repair, opened for its owner."""

    id: int
    entry_id: int | None
    hard_local: datetime | None
    started_local: datetime
    follow_up: date | None
    impact: str
    change: str
    outcome: str | None
    in_the_way: str
    insight_id: int | None

    def due(self, today: date) -> bool:
        """The follow-up date has come and the person hasn't answered yet."""
        return self.follow_up is not None and self.outcome is None and self.follow_up <= today


@dataclass(frozen=True)
class ComeBackMonth:
    """The person's own median hours from a hard moment to its repair, in one month."""

    month: date
    median_hours: float
    repairs: int


def explains_away(impact: str) -> bool:
    """True if the acknowledgement leans on "but" or "because you" (a gentle hint, not a rule)."""
    return bool(_EXPLAINING.search(impact or ""))


def hard_moments(con: duckdb.DuckDBPyConnection, account: Account,
                 limit: int = 40) -> list[HardMoment]:
    """The person's most recent entries with triggers, newest first."""
    rows = con.execute(
        "SELECT e.id, e.local_date, e.local_time, list(t.trigger ORDER BY t.id) FROM entries e "
        "JOIN entry_triggers t ON t.entry_id = e.id AND t.profile_id = e.profile_id "
        "WHERE e.profile_id = ? GROUP BY e.id, e.local_date, e.local_time "
        "ORDER BY e.local_date DESC, e.local_time DESC, e.id DESC LIMIT ?",
        [account.id, max(1, int(limit))],
    ).fetchall()
    return [HardMoment(int(r[0]), datetime.combine(r[1], r[2]),
                       tuple(vocab.label(vocab.TRIGGERS, t) for t in r[3])) for r in rows]


def _entry_time(con: duckdb.DuckDBPyConnection, account: Account, entry_id: int) -> datetime:
    row = con.execute(
        "SELECT local_date, local_time FROM entries WHERE id = ? AND profile_id = ?",
        [entry_id, account.id],
    ).fetchone()
    if row is None:
        raise NotFound("That entry isn't in your journal.")
    return datetime.combine(row[0], row[1])


def start_repair(
    con: duckdb.DuckDBPyConnection, account: Account, *, impact: str, change: str,
    follow_up: date | None, now_local: datetime, entry_id: int | None = None,
) -> int:
    """Save the two statements and a follow-up date (sealed); returns the repair's id."""
    impact = clean(impact, "impact you acknowledge", vocab.MAX_SHORT_CHARS, required=True)
    change = clean(change, "change you will make", vocab.MAX_SHORT_CHARS, required=True)
    if follow_up is not None and follow_up < now_local.date():
        raise ValidationError("Please pick a follow-up date from today onwards.")
    hard = _entry_time(con, account, entry_id) if entry_id is not None else None
    row = con.execute("SELECT nextval('together_seq')").fetchone()
    assert row is not None
    repair_id = int(row[0])
    payload = account.keys.seal(_json({"impact": impact, "change": change}),
                                aad=f"repair:{repair_id}")
    con.execute(
        "INSERT INTO repairs (id, profile_id, entry_id, hard_local, started_local, follow_up, "
        "payload, created_utc) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [repair_id, account.id, entry_id, hard, now_local, follow_up, payload, utcnow()],
    )
    return repair_id


def _json(data: dict[str, str]) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


_COLUMNS = ("id, entry_id, hard_local, started_local, follow_up, payload, outcome_payload, "
            "insight_id")


def _repair(account: Account, r: tuple) -> Repair:
    words = open_copy(account, r[5], f"repair:{r[0]}")
    answer = open_copy(account, r[6], f"repair-outcome:{r[0]}") if r[6] else {}
    return Repair(
        id=int(r[0]), entry_id=r[1], hard_local=r[2], started_local=r[3], follow_up=r[4],
        impact=str(words.get("impact", "")), change=str(words.get("change", "")),
        outcome=answer.get("outcome") if r[6] else None,
        in_the_way=str(answer.get("in_the_way", "")), insight_id=r[7],
    )


def list_repairs(con: duckdb.DuckDBPyConnection, account: Account) -> list[Repair]:
    """The person's repairs, newest first."""
    rows = con.execute(
        f"SELECT {_COLUMNS} FROM repairs WHERE profile_id = ? "  # noqa: S608
        "ORDER BY started_local DESC, id DESC",
        [account.id],
    ).fetchall()
    return [_repair(account, r) for r in rows]


def get_repair(con: duckdb.DuckDBPyConnection, account: Account, repair_id: int) -> Repair:
    """One of the person's repairs, or NotFound."""
    row = con.execute(
        f"SELECT {_COLUMNS} FROM repairs WHERE id = ? AND profile_id = ?",  # noqa: S608
        [repair_id, account.id],
    ).fetchone()
    if row is None:
        raise NotFound("That repair isn't in your journal.")
    return _repair(account, row)


def due_follow_ups(con: duckdb.DuckDBPyConnection, account: Account,
                   today: date) -> list[Repair]:
    """Repairs whose follow-up date has come and that still wait for "did it happen?"."""
    return [r for r in list_repairs(con, account) if r.due(today)]


def record_follow_up(
    con: duckdb.DuckDBPyConnection, account: Account, repair_id: int, outcome: str,
    in_the_way: str = "", *, today: date,
) -> None:
    """Answer "did it happen?" privately; only on or after the follow-up date, only once."""
    if outcome not in OUTCOMES:
        raise ValidationError("Please choose one of the answers.")
    repair = get_repair(con, account, repair_id)
    if repair.follow_up is None or repair.follow_up > today:
        raise ValidationError("This repair's follow-up date hasn't come yet.")
    if repair.outcome is not None:
        raise ValidationError("You've already answered this follow-up.")
    note = clean(in_the_way, "note on what got in the way", vocab.MAX_SHORT_CHARS)
    sealed = account.keys.seal(_json({"outcome": outcome, "in_the_way": note}),
                               aad=f"repair-outcome:{repair_id}")
    con.execute(
        "UPDATE repairs SET outcome_payload = ?, outcome_utc = ? WHERE id = ? AND profile_id = ?",
        [sealed, utcnow(), repair_id, account.id],
    )


def delete_repair(con: duckdb.DuckDBPyConnection, account: Account, repair_id: int) -> None:
    """Remove a repair; if its statement was shared, the partner's copy is taken back first."""
    repair = get_repair(con, account, repair_id)
    if repair.insight_id is not None:
        sharing.forget(con, account, repair.insight_id)
    con.execute("DELETE FROM repairs WHERE id = ? AND profile_id = ?", [repair_id, account.id])


# ---------------------------------------------------------------- sharing the statement


def statement(repair: Repair, note: str = "") -> sharing.InsightContent:
    """The repair statement (impact + change) as an insight: exactly what the partner reads."""
    parts = (sharing.Part(LABEL_IMPACT, repair.impact), sharing.Part(LABEL_CHANGE, repair.change))
    return sharing.InsightContent("repair", "A repair", parts, note)


def share_statement(
    con: duckdb.DuckDBPyConnection, account: Account, repair_id: int, partner_id: int,
    note: str = "",
) -> int:
    """Share the statement with a partner through the insight mechanism (revocable there)."""
    repair = get_repair(con, account, repair_id)
    insight_id = sharing.share(con, account, statement(repair, note), partner_id)
    with transaction(con):
        con.execute("UPDATE repairs SET insight_id = ? WHERE id = ? AND profile_id = ?",
                    [insight_id, repair_id, account.id])
    return insight_id


# ---------------------------------------------------------------- time to come back


def time_to_come_back(con: duckdb.DuckDBPyConnection, account: Account) -> list[ComeBackMonth]:
    """Per month of the repair: the median hours from the hard moment to starting the repair."""
    rows = con.execute(
        "SELECT hard_local, started_local FROM repairs WHERE profile_id = ? "
        "AND hard_local IS NOT NULL ORDER BY started_local",
        [account.id],
    ).fetchall()
    by_month: dict[date, list[float]] = {}
    for hard, started in rows:
        hours = max(0.0, (started - hard).total_seconds() / 3600)
        by_month.setdefault(started.date().replace(day=1), []).append(hours)
    return [ComeBackMonth(m, float(statistics.median(v)), len(v))
            for m, v in sorted(by_month.items())]


def come_back_chart(months: list[ComeBackMonth]) -> alt.Chart:
    """Bars of one's own median time to come back; lower bars mean coming back sooner."""
    import pandas as pd

    frame = pd.DataFrame([{"Month": m.month.isoformat(), "Hours": round(m.median_hours, 1),
                           "Repairs": m.repairs} for m in months])
    return (
        alt.Chart(frame, height=220)
        .mark_bar(color="#5b8a72", size=48)
        .encode(
            x=alt.X("yearmonth(Month):O", title=None),
            y=alt.Y("Hours:Q", title="Median hours to come back"),
            tooltip=[alt.Tooltip("yearmonth(Month):O", title="Month"), "Hours:Q", "Repairs:Q"],
        )
    )


def come_back_reading(months: list[ComeBackMonth]) -> str:
    """One sentence in words, about the person's own practice only."""
    if not months:
        return ""
    last = months[-1]
    text = (f"In {last.month:%B %Y} you came back after a median of {_hours(last.median_hours)} "
            f"({last.repairs} repair{'s' if last.repairs != 1 else ''}).")
    if len(months) > 1 and last.median_hours < months[-2].median_hours:
        text += " That's sooner than the month before."
    return text


def _hours(h: float) -> str:
    if h < 1:
        return f"{round(h * 60)} minutes"
    if h < 48:
        return f"{h:.1f} hours"
    return f"{h / 24:.1f} days"
