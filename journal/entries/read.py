"""Reading entries back: one entry, pages of History, filter words, and everything for export.

Why one reader: this is the only place that opens (decrypts) entry text, and every query here is
filtered by the signed-in profile, so no other module has to remember either.
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from datetime import date, datetime

import duckdb

from journal import cache
from journal.account import Account
from journal.entries.model import (
    Entry,
    EntryFilter,
    EntrySummary,
    Page,
    TriggerItem,
    WinItem,
)
from journal.errors import CryptoError, NotFound

_ENTRY_COLUMNS = (
    "id, local_date, local_time, utc_offset_min, kind, prompt_id, prompt_text, "
    "prompt_response, body, need, hope, mood, energy, created_utc, saved_utc, "
    "updated_utc, source, source_id"
)


UNREADABLE_SNIPPET = "This entry can't be read: its stored text is damaged."


def unreadable_message(day: date, entry_id: int) -> str:
    """What History says when a damaged entry is opened."""
    return (f"The entry of {day.isoformat()} (#{entry_id}) can't be read: its stored text is "
            "damaged. Every other entry is fine; restore a backup to get this one back.")


def _entry(
    account: Account, r: tuple, emotions: list[str], triggers: list[tuple],
    wins: list[tuple],
) -> Entry:
    """An Entry from one `_ENTRY_COLUMNS` row and its sealed parts, text opened for the owner.

    A value that can't be opened (damaged on disk) marks just this entry unreadable: its date,
    kind, numbers and words stay, its text is left empty, and every other entry reads as usual.
    """
    open_ = account.keys.open
    try:
        texts = [open_(v) or "" for v in r[7:11]]
        parts = ([TriggerItem(t, resp, open_(note)) for t, resp, note in triggers],
                 [WinItem(p, open_(text)) for p, text in wins])
        damaged = False
    except CryptoError:
        texts, damaged = ["", "", "", ""], True
        parts = ([TriggerItem(t, resp) for t, resp, _ in triggers],
                 [WinItem(p) for p, _ in wins])
    return Entry(
        id=int(r[0]), when_local=datetime.combine(r[1], r[2]), utc_offset_min=int(r[3]),
        kind=r[4], prompt_id=r[5], prompt_text=r[6],
        prompt_response=texts[0], body=texts[1], need=texts[2], hope=texts[3],
        mood=r[11], energy=r[12], emotions=emotions, triggers=parts[0], wins=parts[1],
        created_utc=r[13], saved_utc=r[14], updated_utc=r[15], source=r[16], source_id=r[17],
        unreadable=damaged,
    )


def get_entry(con: duckdb.DuckDBPyConnection, account: Account, entry_id: int) -> Entry:
    """One whole entry, decrypted, if it belongs to the signed-in profile.

    A damaged entry raises CryptoError naming its date, so History says so in place.
    """
    row = con.execute(
        f"SELECT {_ENTRY_COLUMNS} FROM entries WHERE id = ? AND profile_id = ?",  # noqa: S608
        [entry_id, account.id],
    ).fetchone()
    if row is None:
        raise NotFound("That entry isn't in your journal (it may have been deleted).")
    emotions = [r[0] for r in con.execute(
        "SELECT word FROM entry_emotions WHERE entry_id = ? AND profile_id = ? ORDER BY rowid",
        [entry_id, account.id]).fetchall()]
    triggers = con.execute(
        "SELECT trigger, response, note FROM entry_triggers WHERE entry_id = ? "
        "AND profile_id = ? ORDER BY id", [entry_id, account.id]).fetchall()
    wins = con.execute(
        "SELECT practice, text FROM wins WHERE entry_id = ? AND profile_id = ? ORDER BY id",
        [entry_id, account.id]).fetchall()
    entry = _entry(account, row, emotions, triggers, wins)
    if entry.unreadable:
        raise CryptoError(unreadable_message(entry.when_local.date(), entry.id))
    return entry


def load_for_export(con: duckdb.DuckDBPyConnection, account: Account) -> list[Entry]:
    """Every entry of the profile with its parts, decrypted, oldest first.

    Why a bulk loader: `get_entry` costs four queries per entry; an export of ten years must
    read a profile in four queries and open the sealed text in this process only. A damaged
    entry comes back with `unreadable` set (the export lists it and carries on).
    """
    rows = con.execute(
        f"SELECT {_ENTRY_COLUMNS} FROM entries WHERE profile_id = ? "  # noqa: S608
        "ORDER BY local_date, local_time, id",
        [account.id],
    ).fetchall()
    emotions: dict[int, list[str]] = defaultdict(list)
    for entry_id, word in con.execute(
        "SELECT entry_id, word FROM entry_emotions WHERE profile_id = ? ORDER BY entry_id, rowid",
        [account.id],
    ).fetchall():
        emotions[entry_id].append(word)
    triggers: dict[int, list[tuple]] = defaultdict(list)
    for entry_id, trigger, response, note in con.execute(
        "SELECT entry_id, trigger, response, note FROM entry_triggers WHERE profile_id = ? "
        "ORDER BY entry_id, id",
        [account.id],
    ).fetchall():
        triggers[entry_id].append((trigger, response, note))
    wins: dict[int, list[tuple]] = defaultdict(list)
    for entry_id, practice, text in con.execute(
        "SELECT entry_id, practice, text FROM wins WHERE profile_id = ? ORDER BY entry_id, id",
        [account.id],
    ).fetchall():
        wins[entry_id].append((practice, text))
    return [
        _entry(account, r, emotions.get(r[0], []), triggers.get(r[0], []), wins.get(r[0], []))
        for r in rows
    ]


def _where(account: Account, filt: EntryFilter) -> tuple[str, list[object]]:
    """SQL WHERE for every filter except free text (text is encrypted, so filtered in Python)."""
    clauses = ["e.profile_id = ?"]
    params: list[object] = [account.id]
    if filt.date_from:
        clauses.append("e.local_date >= ?")
        params.append(filt.date_from)
    if filt.date_to:
        clauses.append("e.local_date <= ?")
        params.append(filt.date_to)
    if filt.mood_min is not None and filt.mood_min > 1:
        clauses.append("e.mood >= ?")
        params.append(filt.mood_min)
    if filt.mood_max is not None and filt.mood_max < 5:
        clauses.append("e.mood <= ?")
        params.append(filt.mood_max)
    if filt.kind:
        clauses.append("e.kind = ?")
        params.append(filt.kind)
    if filt.trigger:
        clauses.append(
            "EXISTS (SELECT 1 FROM entry_triggers t WHERE t.entry_id = e.id "
            "AND t.profile_id = e.profile_id AND t.trigger = ?)"
        )
        params.append(filt.trigger)
    if filt.emotion:
        clauses.append(
            "EXISTS (SELECT 1 FROM entry_emotions m WHERE m.entry_id = e.id "
            "AND m.profile_id = e.profile_id AND m.word = ?)"
        )
        params.append(filt.emotion)
    return " AND ".join(clauses), params


def _matches(account: Account, row: tuple, needle: str) -> bool:
    """True if the opened text holds `needle`; a damaged entry is skipped (never matches)."""
    try:
        return any(needle in (account.keys.open(v) or "").casefold() for v in row if v)
    except CryptoError:
        return False


def list_entries(
    con: duckdb.DuckDBPyConnection,
    account: Account,
    filt: EntryFilter | None = None,
    page: int = 1,
    page_size: int = 20,
) -> Page:
    """One page of the profile's entries, newest first; never loads every entry's text."""
    filt = filt or EntryFilter()
    where, params = _where(account, filt)
    order = "ORDER BY e.local_date DESC, e.local_time DESC, e.id DESC"
    page = max(1, page)
    needle = unicodedata.normalize("NFC", (filt.text or "").strip()).casefold()
    if needle:
        # Encrypted text can only be searched after opening it here, in the app process.
        rows = con.execute(
            f"SELECT e.id, e.body, e.prompt_response, e.need, e.hope FROM entries e "  # noqa: S608
            f"WHERE {where} {order}",
            params,
        ).fetchall()
        hits = [r[0] for r in rows if _matches(account, r[1:], needle)]
        total = len(hits)
        page = min(page, max(1, -(-total // page_size)))
        ids = hits[(page - 1) * page_size: page * page_size]
    else:
        def page_rows() -> tuple[int, int, list[tuple]]:
            total_row = con.execute(
                f"SELECT count(*) FROM entries e WHERE {where}", params  # noqa: S608
            ).fetchone()
            count = int(total_row[0]) if total_row else 0
            current = min(page, max(1, -(-count // page_size)))
            found = [r[0] for r in con.execute(
                f"SELECT e.id FROM entries e WHERE {where} {order} "  # noqa: S608
                "LIMIT ? OFFSET ?",
                [*params, page_size, (current - 1) * page_size],
            ).fetchall()]
            return count, current, _summary_rows(con, account, found)

        # Reruns without a change (opening the filter, paging back) reuse the sealed rows.
        key = (cache.data_version(con, account), "history", filt, page, page_size)
        total, page, rows = cache.cached(key, page_rows)
        return Page(items=_to_summaries(account, rows), total=total, page=page,
                    page_size=page_size)
    return Page(items=_to_summaries(account, _summary_rows(con, account, ids)), total=total,
                page=page, page_size=page_size)


def _summary_rows(
    con: duckdb.DuckDBPyConnection, account: Account, ids: list[int]
) -> list[tuple]:
    """The page's rows in `ids` order, text still sealed (safe to cache)."""
    if not ids:
        return []
    # Filter every table by profile and the page's ids first, then join: correlated
    # subqueries here would be planned as joins over the whole profile's history.
    rows = con.execute(
        """
        WITH ids AS (SELECT unnest(?::BIGINT[]) AS id),
        t AS (SELECT entry_id, list(trigger ORDER BY id) AS words FROM entry_triggers
              WHERE profile_id = ? AND entry_id BETWEEN ? AND ?
                AND entry_id IN (SELECT id FROM ids) GROUP BY entry_id),
        m AS (SELECT entry_id, list(word) AS words FROM entry_emotions
              WHERE profile_id = ? AND entry_id BETWEEN ? AND ?
                AND entry_id IN (SELECT id FROM ids) GROUP BY entry_id),
        w AS (SELECT entry_id, count(*) AS n FROM wins
              WHERE profile_id = ? AND entry_id BETWEEN ? AND ?
                AND entry_id IN (SELECT id FROM ids) GROUP BY entry_id)
        SELECT e.id, e.local_date, e.local_time, e.kind, e.mood, e.energy,
               e.body, e.prompt_response, t.words, m.words, w.n
        FROM entries e
        LEFT JOIN t ON t.entry_id = e.id
        LEFT JOIN m ON m.entry_id = e.id
        LEFT JOIN w ON w.entry_id = e.id
        WHERE e.profile_id = ? AND e.id BETWEEN ? AND ? AND e.id IN (SELECT id FROM ids)
        """,
        # The id bounds let DuckDB skip row groups by their min/max before matching ids.
        [ids, *[account.id, min(ids), max(ids)] * 4],
    ).fetchall()
    by_id = {r[0]: r for r in rows}
    return [by_id[i] for i in ids if i in by_id]


def _to_summaries(account: Account, rows: list[tuple]) -> list[EntrySummary]:
    """Open the snippets for the signed-in owner."""
    items = []
    for r in rows:
        try:
            text = account.keys.open(r[6]) or account.keys.open(r[7]) or ""
            damaged = False
        except CryptoError:
            text, damaged = UNREADABLE_SNIPPET, True
        snippet = " ".join(text.split())
        if len(snippet) > 160:
            snippet = snippet[:159] + "…"
        items.append(EntrySummary(
            id=int(r[0]), local_date=r[1], local_time=r[2], kind=r[3], mood=r[4], energy=r[5],
            snippet=snippet, triggers=list(r[8] or []), emotions=list(r[9] or []),
            wins=int(r[10] or 0), unreadable=damaged,
        ))
    return items


def used_words(con: duckdb.DuckDBPyConnection, account: Account) -> tuple[list[str], list[str]]:
    """Trigger and emotion words this profile has used, for History filters."""
    return cache.cached((cache.data_version(con, account), "words"),
                        lambda: _used_words(con, account))


def _used_words(con: duckdb.DuckDBPyConnection, account: Account) -> tuple[list[str], list[str]]:
    trig = [r[0] for r in con.execute(
        "SELECT DISTINCT trigger FROM entry_triggers WHERE profile_id = ? ORDER BY 1",
        [account.id]).fetchall()]
    emo = [r[0] for r in con.execute(
        "SELECT DISTINCT word FROM entry_emotions WHERE profile_id = ? ORDER BY 1",
        [account.id]).fetchall()]
    return trig, emo


def count_entries(con: duckdb.DuckDBPyConnection, account: Account) -> int:
    """How many entries the profile has (for empty states)."""
    row = con.execute("SELECT count(*) FROM entries WHERE profile_id = ?", [account.id]).fetchone()
    return int(row[0]) if row else 0
