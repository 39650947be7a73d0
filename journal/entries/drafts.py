"""The entry being written: kept sealed between visits, and turned into an EntryInput.

Why: a refresh or a new session must lose nothing, and the draft restored after a refresh and
the entry saved from it must mean exactly the same thing.
"""

from __future__ import annotations

import json
from datetime import date, datetime, time

import duckdb

from journal import timeutil
from journal.account import Account
from journal.db import retrying, utcnow
from journal.entries.model import FIRST_DAY, EntryInput, TriggerItem, WinItem
from journal.errors import CryptoError


def save_draft(con: duckdb.DuckDBPyConnection, account: Account, draft: dict) -> None:
    """Keep the text being written (sealed) so a refresh or a new session loses nothing.

    Two sessions of one profile (laptop and phone) may write the draft at the same moment:
    DuckDB then aborts one upsert with a conflict, which `retrying` runs again, so the last
    writer wins and neither session sees an error.
    """
    payload = account.keys.seal(json.dumps(draft, ensure_ascii=False, default=str))
    retrying(con, lambda: con.execute(
        "INSERT INTO drafts (profile_id, payload, updated_utc) VALUES (?, ?, ?) "
        "ON CONFLICT (profile_id) DO UPDATE SET payload = excluded.payload, "
        "updated_utc = excluded.updated_utc",
        [account.id, payload, utcnow()],
    ))


def load_draft(con: duckdb.DuckDBPyConnection, account: Account) -> dict | None:
    """The saved draft, or None (also when the stored draft is damaged and can't be read)."""
    row = con.execute(
        "SELECT payload FROM drafts WHERE profile_id = ?", [account.id]
    ).fetchone()
    if row is None:
        return None
    try:
        value = json.loads(account.keys.open(row[0]) or "{}")
    except (json.JSONDecodeError, CryptoError):
        return None
    return value if isinstance(value, dict) else None


def clear_draft(con: duckdb.DuckDBPyConnection, account: Account) -> None:
    """Forget the draft (after saving, or when the person discards it)."""
    retrying(con, lambda: con.execute("DELETE FROM drafts WHERE profile_id = ?", [account.id]))


def _split_words(text: str | None) -> list[str]:
    return [w.strip() for w in (text or "").replace("،", ",").split(",") if w.strip()]


def _int(value: object) -> int | None:
    try:
        return int(value) if value not in (None, "") else None  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None


def input_from_draft(draft: dict, tz_name: str | None = None) -> EntryInput:
    """Turn the Write form's values (the same dict kept as the draft) into an EntryInput.

    Why one function: the draft restored after a refresh and the entry saved from it must mean
    exactly the same thing.
    """
    when = timeutil.local_now(tz_name)
    try:
        if draft.get("date"):
            day = date.fromisoformat(str(draft["date"]))
            clock = time.fromisoformat(str(draft.get("time") or "12:00"))
            # A stored draft can be dated after today here (written in a time zone ahead of
            # this one) or be damaged: keep it within the dates the Write form accepts.
            day = min(max(day, FIRST_DAY), when.date())
            when = datetime.combine(day, clock)
    except ValueError:
        pass
    emotions = list(draft.get("emotions") or []) + _split_words(draft.get("custom_emotions"))
    responses = draft.get("trigger_responses") or {}
    win_texts = draft.get("win_texts") or {}
    return EntryInput(
        when_local=when,
        kind=draft.get("kind") or "reflection",
        body=draft.get("body") or "",
        prompt_id=draft.get("prompt_id"),
        prompt_text=draft.get("prompt_text"),
        prompt_response=draft.get("response") or "",
        need=draft.get("need") or "",
        hope=draft.get("hope") or "",
        mood=_int(draft.get("mood")),
        energy=_int(draft.get("energy")),
        emotions=emotions,
        triggers=[TriggerItem(t, responses.get(t)) for t in draft.get("triggers") or []],
        wins=[WinItem(p, win_texts.get(p) or None) for p in draft.get("wins") or []],
        utc_offset_min=timeutil.offset_minutes(when, tz_name),
    )


def typed_length(*texts: str | None) -> int:
    """Characters typed across the fields that share the per-entry limit."""
    return sum(len(t or "") for t in texts)


def draft_has_content(draft: dict | None) -> bool:
    """True if a draft holds anything worth restoring."""
    if not draft:
        return False
    return any(draft.get(k) for k in ("body", "response", "need", "hope", "mood", "emotions",
                                      "custom_emotions", "triggers", "wins"))
