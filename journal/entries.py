"""Journal entries and their parts (emotions, triggers with responses, wins), drafts, history.

Why: this is the one place that reads or writes a person's entries, so privacy (every query is
filtered by the signed-in profile) and encryption of free text (journal.crypto) are enforced
here and nowhere else has to remember them.
"""

from __future__ import annotations

import json
import unicodedata
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, time, timedelta

import duckdb

from . import cache, vocab
from .db import transaction, utcnow
from .errors import NotFound, ValidationError
from .profiles import Account

SEALED_ENTRY_COLUMNS = ("prompt_response", "body", "need", "hope")


@dataclass
class TriggerItem:
    """One trigger and what the person did when it happened."""

    trigger: str
    response: str | None = None
    note: str | None = None


@dataclass
class WinItem:
    """A celebrated win, tied to a practice."""

    practice: str
    text: str | None = None


@dataclass
class EntryInput:
    """Everything a person can write in one entry; local date-time as they lived it."""

    when_local: datetime
    kind: str = "reflection"
    body: str = ""
    prompt_id: str | None = None
    prompt_text: str | None = None
    prompt_response: str = ""
    need: str = ""
    hope: str = ""
    mood: int | None = None
    energy: int | None = None
    emotions: list[str] = field(default_factory=list)
    triggers: list[TriggerItem] = field(default_factory=list)
    wins: list[WinItem] = field(default_factory=list)
    utc_offset_min: int = 0
    source: str = "steady"
    source_id: str | None = None


@dataclass
class Entry(EntryInput):
    """A saved entry, decrypted for its owner."""

    id: int = 0
    created_utc: datetime | None = None
    saved_utc: datetime | None = None
    updated_utc: datetime | None = None

    @property
    def quadrant(self) -> str | None:
        return vocab.quadrant(self.mood, self.energy)


@dataclass(frozen=True)
class EntryFilter:
    """History filters; None means "any"."""

    text: str | None = None
    date_from: date | None = None
    date_to: date | None = None
    mood_min: int | None = None
    mood_max: int | None = None
    trigger: str | None = None
    emotion: str | None = None
    kind: str | None = None


@dataclass(frozen=True)
class EntrySummary:
    """One History row: enough to scan, never the whole entry."""

    id: int
    local_date: date
    local_time: time
    kind: str
    mood: int | None
    energy: int | None
    snippet: str
    triggers: list[str]
    emotions: list[str]
    wins: int


@dataclass(frozen=True)
class Page:
    """One page of History results."""

    items: list[EntrySummary]
    total: int
    page: int
    page_size: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.page_size))


# ---------------------------------------------------------------- validation


def _clean_text(text: str | None, what: str, limit: int) -> str:
    """Normalise newlines, keep every other character exactly; refuse what can't be stored."""
    value = (text or "").replace("\r\n", "\n").replace("\x00", "")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as err:
        raise ValidationError(
            f"The {what} has a character that can't be saved. Please retype that part."
        ) from err
    if len(value) > limit:
        raise ValidationError(
            f"The {what} is {len(value):,} characters; the limit is {limit:,}. "
            "Your text is still here: trim it or split it into two entries."
        )
    return value


def _clean_word(word: str, what: str) -> str:
    clean = unicodedata.normalize("NFC", (word or "").strip())
    if len(clean) > vocab.MAX_WORD_CHARS:
        raise ValidationError(
            f"Please keep each {what} under {vocab.MAX_WORD_CHARS} characters."
        )
    return clean


def validate(inp: EntryInput) -> EntryInput:
    """Return a cleaned copy or raise ValidationError with one friendly message."""
    if inp.kind not in vocab.KINDS:
        raise ValidationError("Please choose what kind of entry this is.")
    for label_, value in (("mood", inp.mood), ("energy", inp.energy)):
        if value is not None and not 1 <= int(value) <= 5:
            raise ValidationError(f"The {label_} should be between 1 and 5.")
    body = _clean_text(inp.body, "entry", vocab.MAX_TEXT_CHARS)
    response = _clean_text(inp.prompt_response, "prompt response", vocab.MAX_TEXT_CHARS)
    if len(body) + len(response) > vocab.MAX_TEXT_CHARS:
        raise ValidationError(
            f"Together, the prompt response and the entry are {len(body) + len(response):,} "
            f"characters; the limit is {vocab.MAX_TEXT_CHARS:,}. Your text is still here."
        )
    need = _clean_text(inp.need, "unmet need", vocab.MAX_SHORT_CHARS)
    hope = _clean_text(inp.hope, "hope", vocab.MAX_SHORT_CHARS)
    if len(inp.triggers) > vocab.MAX_TRIGGERS:
        raise ValidationError(
            f"An entry can hold up to {vocab.MAX_TRIGGERS} triggers. If more happened, "
            "that sounds like a lot: consider splitting this into two entries."
        )
    if len(inp.wins) > vocab.MAX_WINS:
        raise ValidationError(f"An entry can hold up to {vocab.MAX_WINS} wins.")
    emotions: list[str] = []
    for word in inp.emotions:
        clean = _clean_word(word, "emotion word")
        if clean and clean not in emotions:
            emotions.append(clean)
    if len(emotions) > vocab.MAX_EMOTIONS:
        raise ValidationError(f"Please pick up to {vocab.MAX_EMOTIONS} emotion words.")
    triggers = []
    for item in inp.triggers:
        name = _clean_word(item.trigger, "trigger")
        if not name:
            continue
        if item.response is not None and item.response not in vocab.RESPONSES:
            raise ValidationError("Please choose how you responded from the list.")
        triggers.append(
            TriggerItem(name, item.response, _clean_text(item.note, "trigger note",
                                                         vocab.MAX_SHORT_CHARS) or None)
        )
    wins = []
    for win in inp.wins:
        practice = _clean_word(win.practice, "practice")
        if not practice:
            raise ValidationError("Please say which practice each win belongs to.")
        wins.append(WinItem(practice, _clean_text(win.text, "win", vocab.MAX_SHORT_CHARS) or None))
    if not (body.strip() or response.strip() or need.strip() or hope.strip() or inp.mood
            or triggers or wins or emotions):
        raise ValidationError(
            "There's nothing to save yet. Write a few words or pick a mood first."
        )
    return EntryInput(
        when_local=inp.when_local.replace(tzinfo=None, microsecond=0),
        kind=inp.kind, body=body, prompt_id=inp.prompt_id, prompt_text=inp.prompt_text,
        prompt_response=response, need=need, hope=hope,
        mood=int(inp.mood) if inp.mood is not None else None,
        energy=int(inp.energy) if inp.energy is not None else None,
        emotions=emotions, triggers=triggers, wins=wins, utc_offset_min=inp.utc_offset_min,
        source=inp.source, source_id=inp.source_id,
    )


# ---------------------------------------------------------------- writing


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


def save_entry(
    con: duckdb.DuckDBPyConnection, account: Account, inp: EntryInput, *, clear_draft: bool = True
) -> int:
    """Validate and store a new entry atomically; clears the draft it came from."""
    clean = validate(inp)
    with transaction(con):
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
        if clear_draft:
            con.execute("DELETE FROM drafts WHERE profile_id = ?", [account.id])
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


# ---------------------------------------------------------------- reading


def get_entry(con: duckdb.DuckDBPyConnection, account: Account, entry_id: int) -> Entry:
    """One whole entry, decrypted, if it belongs to the signed-in profile."""
    row = con.execute(
        """
        SELECT id, local_date, local_time, utc_offset_min, kind, prompt_id, prompt_text,
               prompt_response, body, need, hope, mood, energy, created_utc, saved_utc,
               updated_utc, source, source_id
        FROM entries WHERE id = ? AND profile_id = ?
        """,
        [entry_id, account.id],
    ).fetchone()
    if row is None:
        raise NotFound("That entry isn't in your journal (it may have been deleted).")
    open_ = account.keys.open
    emotions = [r[0] for r in con.execute(
        "SELECT word FROM entry_emotions WHERE entry_id = ? AND profile_id = ? ORDER BY rowid",
        [entry_id, account.id]).fetchall()]
    triggers = [TriggerItem(r[0], r[1], open_(r[2])) for r in con.execute(
        "SELECT trigger, response, note FROM entry_triggers WHERE entry_id = ? "
        "AND profile_id = ? ORDER BY id", [entry_id, account.id]).fetchall()]
    wins = [WinItem(r[0], open_(r[1])) for r in con.execute(
        "SELECT practice, text FROM wins WHERE entry_id = ? AND profile_id = ? ORDER BY id",
        [entry_id, account.id]).fetchall()]
    return Entry(
        id=int(row[0]), when_local=datetime.combine(row[1], row[2]), utc_offset_min=row[3],
        kind=row[4], prompt_id=row[5], prompt_text=row[6],
        prompt_response=open_(row[7]) or "", body=open_(row[8]) or "",
        need=open_(row[9]) or "", hope=open_(row[10]) or "", mood=row[11], energy=row[12],
        emotions=emotions, triggers=triggers, wins=wins, created_utc=row[13],
        saved_utc=row[14], updated_utc=row[15], source=row[16], source_id=row[17],
    )


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
    return any(needle in (account.keys.open(v) or "").casefold() for v in row if v)


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
        text = account.keys.open(r[6]) or account.keys.open(r[7]) or ""
        snippet = " ".join(text.split())
        if len(snippet) > 160:
            snippet = snippet[:159] + "…"
        items.append(EntrySummary(
            id=int(r[0]), local_date=r[1], local_time=r[2], kind=r[3], mood=r[4], energy=r[5],
            snippet=snippet, triggers=list(r[8] or []), emotions=list(r[9] or []),
            wins=int(r[10] or 0),
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


# ---------------------------------------------------------------- drafts


def save_draft(con: duckdb.DuckDBPyConnection, account: Account, draft: dict) -> None:
    """Keep the text being written (sealed) so a refresh or a new session loses nothing."""
    payload = account.keys.seal(json.dumps(draft, ensure_ascii=False, default=str))
    con.execute(
        "INSERT INTO drafts (profile_id, payload, updated_utc) VALUES (?, ?, ?) "
        "ON CONFLICT (profile_id) DO UPDATE SET payload = excluded.payload, "
        "updated_utc = excluded.updated_utc",
        [account.id, payload, utcnow()],
    )


def load_draft(con: duckdb.DuckDBPyConnection, account: Account) -> dict | None:
    """The saved draft, or None."""
    row = con.execute(
        "SELECT payload FROM drafts WHERE profile_id = ?", [account.id]
    ).fetchone()
    if row is None:
        return None
    try:
        value = json.loads(account.keys.open(row[0]) or "{}")
    except json.JSONDecodeError:
        return None
    return value if isinstance(value, dict) else None


def clear_draft(con: duckdb.DuckDBPyConnection, account: Account) -> None:
    """Forget the draft (after saving, or when the person discards it)."""
    con.execute("DELETE FROM drafts WHERE profile_id = ?", [account.id])


# ---------------------------------------------------------------- encryption upkeep


def seal_plaintext_rows(con: duckdb.DuckDBPyConnection, account: Account) -> int:
    """Encrypt any of this profile's text still stored as plaintext (older files, imports)."""
    from .crypto import is_sealed

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


def entry_to_dict(entry: EntryInput) -> dict:
    """Plain dict of an entry (drafts, exports)."""
    data = asdict(entry)
    data["when_local"] = entry.when_local.isoformat(timespec="minutes")
    return data


def _split_words(text: str | None) -> list[str]:
    return [w.strip() for w in (text or "").replace("،", ",").split(",") if w.strip()]


def input_from_draft(draft: dict, tz_name: str | None = None) -> EntryInput:
    """Turn the Write form's values (the same dict kept as the draft) into an EntryInput.

    Why one function: the draft restored after a refresh and the entry saved from it must mean
    exactly the same thing.
    """
    from .timeutil import local_now, offset_minutes

    when = local_now(tz_name)
    try:
        if draft.get("date"):
            day = date.fromisoformat(str(draft["date"]))
            clock = time.fromisoformat(str(draft.get("time") or "12:00"))
            when = datetime.combine(day, clock)
    except ValueError:
        pass
    emotions = list(draft.get("emotions") or []) + _split_words(draft.get("custom_emotions"))
    responses = draft.get("trigger_responses") or {}
    win_texts = draft.get("win_texts") or {}

    def _int(value: object) -> int | None:
        try:
            return int(value) if value not in (None, "") else None  # type: ignore[arg-type]
        except (TypeError, ValueError):
            return None

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
        utc_offset_min=offset_minutes(when, tz_name),
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
