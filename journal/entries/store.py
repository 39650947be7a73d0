"""Writing entries: save, update, delete, bulk insert (imports, demo) and sealing upkeep.

Why one writer: every way an entry reaches the database goes through here, so free text is
sealed (journal.crypto) in one place and every row is tied to the signed-in profile.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import duckdb

from journal import vocab
from journal.account import Account
from journal.crypto import is_sealed
from journal.db import retrying, transaction, utcnow
from journal.entries.drafts import clear_draft as _clear_draft
from journal.entries.model import SEALED_ENTRY_COLUMNS, EntryInput, validate
from journal.errors import NotFound


@dataclass(frozen=True)
class BulkEntry:
    """One entry for `bulk_insert`, already validated, with its own save/edit times if known."""

    inp: EntryInput
    saved_utc: datetime | None = None
    updated_utc: datetime | None = None


def _insert_parts(
    con: duckdb.DuckDBPyConnection, account: Account, entry_id: int, inp: EntryInput
) -> None:
    day = inp.when_local.date()
    seal = account.keys.seal
    if inp.emotions:
        con.executemany(
            "INSERT INTO entry_emotions (entry_id, profile_id, local_date, word, quadrant) "
            "VALUES (?, ?, ?, ?, ?)",
            [[entry_id, account.id, day, w, vocab.EMOTION_QUADRANT.get(w)] for w in inp.emotions],
        )
    if inp.triggers:
        con.executemany(
            "INSERT INTO entry_triggers (entry_id, profile_id, local_date, trigger, response, note)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            [[entry_id, account.id, day, t.trigger, t.response, seal(t.note)]
             for t in inp.triggers],
        )
    if inp.wins:
        con.executemany(
            "INSERT INTO wins (entry_id, profile_id, local_date, practice, text) "
            "VALUES (?, ?, ?, ?, ?)",
            [[entry_id, account.id, day, w.practice, seal(w.text)] for w in inp.wins],
        )


def _entry_values(account: Account, inp: EntryInput) -> list[object]:
    seal = account.keys.seal
    created = inp.when_local - timedelta(minutes=inp.utc_offset_min)
    return [
        created, inp.when_local.date(), inp.when_local.time(), inp.utc_offset_min, inp.kind,
        inp.prompt_id, inp.prompt_text, seal(inp.prompt_response), seal(inp.body),
        seal(inp.need), seal(inp.hope), inp.mood, inp.energy,
    ]


@dataclass(frozen=True)
class Saved:
    """What saving a draft did: the entry's id, and whether it was already saved before."""

    entry_id: int
    already: bool = False


def save_entry(
    con: duckdb.DuckDBPyConnection, account: Account, inp: EntryInput, *, clear_draft: bool = True
) -> int:
    """Validate and store a new entry atomically; clears the draft it came from."""
    clean = validate(inp)

    def work() -> int:
        entry_id = _insert_entry(con, account, clean)
        if clear_draft:
            _clear_draft(con, account)
        return entry_id

    # Another session of the profile may write the draft at the same moment: run it again.
    return retrying(con, work)


def save_draft_entry(
    con: duckdb.DuckDBPyConnection, account: Account, inp: EntryInput, token: str
) -> Saved:
    """Store the entry a draft became, at most once per draft token.

    Why: a double click, or a browser still showing the saved form, sends the same draft again;
    the token is recorded in the same transaction as the entry (primary key), so the second save
    stores nothing and says which entry it already is. The token is checked before validating,
    so a repeat never reads as "write something first".
    """
    if not token:
        raise ValueError("a draft token is required")
    done = _saved_as(con, account, token)
    if done is not None:
        return Saved(done, already=True)
    clean = validate(inp)

    def work() -> Saved:
        already = _saved_as(con, account, token)   # a retry after another run saved it
        if already is not None:
            return Saved(already, already=True)
        entry_id = _insert_entry(con, account, clean)
        con.execute(
            "INSERT INTO draft_saves (profile_id, token, entry_id, saved_utc) "
            "VALUES (?, ?, ?, ?)", [account.id, token, entry_id, utcnow()])
        _clear_draft(con, account)
        return Saved(entry_id)

    try:   # retried when another session wrote the draft meanwhile (journal.db.retrying)
        return retrying(con, work)
    except duckdb.ConstraintException:   # the same token, committed by another run first
        done = _saved_as(con, account, token)
        if done is None:
            raise
        return Saved(done, already=True)


def _saved_as(con: duckdb.DuckDBPyConnection, account: Account, token: str) -> int | None:
    row = con.execute("SELECT entry_id FROM draft_saves WHERE profile_id = ? AND token = ?",
                      [account.id, token]).fetchone()
    return None if row is None else int(row[0])


def _insert_entry(con: duckdb.DuckDBPyConnection, account: Account, clean: EntryInput) -> int:
    """The entry row and its parts (inside the caller's transaction); its id."""
    row = con.execute(
        """
        INSERT INTO entries (created_utc, local_date, local_time, utc_offset_min, kind,
            prompt_id, prompt_text, prompt_response, body, need, hope, mood, energy,
            profile_id, saved_utc, source, source_id)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id
        """,
        [*_entry_values(account, clean), account.id, utcnow(), clean.source,
         clean.source_id],
    ).fetchone()
    assert row is not None
    entry_id = int(row[0])
    _insert_parts(con, account, entry_id, clean)
    return entry_id


def _own(con: duckdb.DuckDBPyConnection, account: Account, entry_id: int) -> None:
    found = con.execute(
        "SELECT 1 FROM entries WHERE id = ? AND profile_id = ?", [entry_id, account.id]
    ).fetchone()
    if not found:
        raise NotFound("That entry isn't in your journal (it may have been deleted).")


def _delete_parts(con: duckdb.DuckDBPyConnection, account: Account, entry_id: int) -> None:
    for table in ("entry_emotions", "entry_triggers", "wins"):
        con.execute(
            f"DELETE FROM {table} WHERE entry_id = ? AND profile_id = ?",  # noqa: S608 (fixed names)
            [entry_id, account.id],
        )


def update_entry(
    con: duckdb.DuckDBPyConnection, account: Account, entry_id: int, inp: EntryInput
) -> None:
    """Replace an entry's content (and its parts) atomically."""
    clean = validate(inp)
    _own(con, account, entry_id)
    with transaction(con):
        con.execute(
            """
            UPDATE entries SET created_utc = ?, local_date = ?, local_time = ?,
                utc_offset_min = ?, kind = ?, prompt_id = ?, prompt_text = ?,
                prompt_response = ?, body = ?, need = ?, hope = ?, mood = ?, energy = ?,
                updated_utc = ?
            WHERE id = ? AND profile_id = ?
            """,
            [*_entry_values(account, clean), utcnow(), entry_id, account.id],
        )
        _delete_parts(con, account, entry_id)
        _insert_parts(con, account, entry_id, clean)


def delete_entry(con: duckdb.DuckDBPyConnection, account: Account, entry_id: int) -> None:
    """Delete an entry and its parts (the UI asks to confirm first)."""
    _own(con, account, entry_id)
    with transaction(con):
        _delete_parts(con, account, entry_id)
        con.execute("DELETE FROM entries WHERE id = ? AND profile_id = ?", [entry_id, account.id])


# ---------------------------------------------------------------- many at once


def bulk_insert(
    con: duckdb.DuckDBPyConnection, account: Account, items: list[BulkEntry]
) -> list[int]:
    """Store many already-validated entries in a few statements (one transaction); their ids.

    Why: imports and demo data write thousands of entries; one INSERT per entry and part would
    take minutes. Text is sealed here, like every other write. A text field given as None (demo
    data) stays NULL.
    """
    if not items:
        return []
    with transaction(con):
        ids = [int(r[0]) for r in con.execute(
            "SELECT nextval('entry_seq') FROM range(?)", [len(items)]).fetchall()]
        _bulk_entries(con, account, ids, items)
        _bulk_parts(con, account, ids, [item.inp for item in items])
    return ids


def _bulk_entries(
    con: duckdb.DuckDBPyConnection, account: Account, ids: list[int], items: list[BulkEntry]
) -> None:
    """All entry rows in one statement (list parameters unnested), sealed text only."""
    seal = account.keys.seal
    now = utcnow()
    cols: dict[str, list[object]] = {k: [] for k in (
        "created", "day", "time", "offset", "kind", "prompt_id", "prompt_text", "response",
        "body", "need", "hope", "mood", "energy", "saved", "updated", "source", "source_id")}
    for item in items:
        inp = item.inp
        cols["created"].append(inp.when_local - timedelta(minutes=inp.utc_offset_min))
        cols["day"].append(inp.when_local.date())
        cols["time"].append(inp.when_local.time())
        cols["offset"].append(inp.utc_offset_min)
        cols["kind"].append(inp.kind)
        cols["prompt_id"].append(inp.prompt_id)
        cols["prompt_text"].append(inp.prompt_text)
        cols["response"].append(seal(inp.prompt_response))
        cols["body"].append(seal(inp.body))
        cols["need"].append(seal(inp.need))
        cols["hope"].append(seal(inp.hope))
        cols["mood"].append(inp.mood)
        cols["energy"].append(inp.energy)
        cols["saved"].append(item.saved_utc or now)
        cols["updated"].append(item.updated_utc)
        cols["source"].append(inp.source)
        cols["source_id"].append(inp.source_id)
    con.execute(
        """
        INSERT INTO entries (id, profile_id, created_utc, local_date, local_time, utc_offset_min,
            kind, prompt_id, prompt_text, prompt_response, body, need, hope, mood, energy,
            saved_utc, updated_utc, source, source_id)
        SELECT unnest(?::BIGINT[]), ?, unnest(?::TIMESTAMP[]), unnest(?::DATE[]),
            unnest(?::TIME[]), unnest(?::INTEGER[]), unnest(?::VARCHAR[]), unnest(?::VARCHAR[]),
            unnest(?::VARCHAR[]), unnest(?::VARCHAR[]), unnest(?::VARCHAR[]),
            unnest(?::VARCHAR[]), unnest(?::VARCHAR[]), unnest(?::TINYINT[]),
            unnest(?::TINYINT[]), unnest(?::TIMESTAMP[]), unnest(?::TIMESTAMP[]),
            unnest(?::VARCHAR[]), unnest(?::VARCHAR[])
        """,
        [ids, account.id, *cols.values()],
    )


def _bulk_parts(
    con: duckdb.DuckDBPyConnection, account: Account, ids: list[int], inputs: list[EntryInput]
) -> None:
    """Emotions, triggers and wins of every entry, three statements in all."""
    seal = account.keys.seal
    emo: list[list[object]] = [[], [], [], []]
    trig: list[list[object]] = [[], [], [], [], []]
    win: list[list[object]] = [[], [], [], []]
    for entry_id, inp in zip(ids, inputs, strict=True):
        day = inp.when_local.date()
        for word in inp.emotions:
            for col, value in zip(emo, (entry_id, day, word, vocab.EMOTION_QUADRANT.get(word)),
                                  strict=True):
                col.append(value)
        for t in inp.triggers:
            for col, value in zip(trig, (entry_id, day, t.trigger, t.response, seal(t.note)),
                                  strict=True):
                col.append(value)
        for w in inp.wins:
            for col, value in zip(win, (entry_id, day, w.practice, seal(w.text)), strict=True):
                col.append(value)
    if emo[0]:
        con.execute(
            "INSERT INTO entry_emotions (entry_id, profile_id, local_date, word, quadrant) "
            "SELECT unnest(?::BIGINT[]), ?, unnest(?::DATE[]), unnest(?::VARCHAR[]), "
            "unnest(?::VARCHAR[])", [emo[0], account.id, *emo[1:]])
    if trig[0]:
        con.execute(
            "INSERT INTO entry_triggers (entry_id, profile_id, local_date, trigger, response, "
            "note) SELECT unnest(?::BIGINT[]), ?, unnest(?::DATE[]), unnest(?::VARCHAR[]), "
            "unnest(?::VARCHAR[]), unnest(?::VARCHAR[])", [trig[0], account.id, *trig[1:]])
    if win[0]:
        con.execute(
            "INSERT INTO wins (entry_id, profile_id, local_date, practice, text) "
            "SELECT unnest(?::BIGINT[]), ?, unnest(?::DATE[]), unnest(?::VARCHAR[]), "
            "unnest(?::VARCHAR[])", [win[0], account.id, *win[1:]])


# ---------------------------------------------------------------- encryption upkeep


def seal_plaintext_rows(con: duckdb.DuckDBPyConnection, account: Account) -> int:
    """Encrypt any of this profile's text still stored as plaintext (older files, imports)."""
    sealed = 0
    targets = [
        ("entries", "id", SEALED_ENTRY_COLUMNS),
        ("entry_triggers", "id", ("note",)),
        ("wins", "id", ("text",)),
        ("drafts", "profile_id", ("payload",)),
    ]
    with transaction(con):
        for table, key, cols in targets:
            for col in cols:
                rows = con.execute(
                    f"SELECT {key}, {col} FROM {table} WHERE profile_id = ? "  # noqa: S608
                    f"AND {col} IS NOT NULL AND NOT starts_with({col}, 's1:')",
                    [account.id],
                ).fetchall()
                for row_key, value in rows:
                    if is_sealed(value):
                        continue
                    con.execute(
                        f"UPDATE {table} SET {col} = ? WHERE {key} = ? AND profile_id = ?",  # noqa: S608
                        [account.keys.seal(value), row_key, account.id],
                    )
                    sealed += 1
    return sealed
