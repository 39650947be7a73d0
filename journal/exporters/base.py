"""What every exporter shares: the export file record and a bulk, decrypting entry loader.

Why a bulk loader here: `entries.get_entry` costs four queries per entry; an export of ten years
must read a profile in four queries and open the sealed text in this process only.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol, runtime_checkable

import duckdb

from journal.entries import Entry, TriggerItem, WinItem
from journal.profiles import Account


@dataclass(frozen=True)
class ExportFile:
    """A finished export: what to call it, what it is, and its bytes."""

    file_name: str
    mime: str
    data: bytes
    entries: int


@runtime_checkable
class Exporter(Protocol):
    """One output format. `render` gets decrypted entries (oldest first) and returns bytes."""

    name: str
    label: str
    extension: str
    mime: str

    def render(self, entries: list[Entry], profile_name: str, exported_utc: datetime) -> bytes:
        ...


def load_entries(con: duckdb.DuckDBPyConnection, account: Account) -> list[Entry]:
    """Every entry of the profile with its parts, decrypted, oldest first."""
    open_ = account.keys.open
    rows = con.execute(
        """
        SELECT id, local_date, local_time, utc_offset_min, kind, prompt_id, prompt_text,
               prompt_response, body, need, hope, mood, energy, created_utc, saved_utc,
               updated_utc, source, source_id
        FROM entries WHERE profile_id = ?
        ORDER BY local_date, local_time, id
        """,
        [account.id],
    ).fetchall()
    emotions: dict[int, list[str]] = defaultdict(list)
    for entry_id, word in con.execute(
        "SELECT entry_id, word FROM entry_emotions WHERE profile_id = ? ORDER BY entry_id, rowid",
        [account.id],
    ).fetchall():
        emotions[entry_id].append(word)
    triggers: dict[int, list[TriggerItem]] = defaultdict(list)
    for entry_id, trigger, response, note in con.execute(
        "SELECT entry_id, trigger, response, note FROM entry_triggers WHERE profile_id = ? "
        "ORDER BY entry_id, id",
        [account.id],
    ).fetchall():
        triggers[entry_id].append(TriggerItem(trigger, response, open_(note)))
    wins: dict[int, list[WinItem]] = defaultdict(list)
    for entry_id, practice, text in con.execute(
        "SELECT entry_id, practice, text FROM wins WHERE profile_id = ? ORDER BY entry_id, id",
        [account.id],
    ).fetchall():
        wins[entry_id].append(WinItem(practice, open_(text)))
    return [
        Entry(
            id=int(r[0]), when_local=datetime.combine(r[1], r[2]), utc_offset_min=int(r[3]),
            kind=r[4], prompt_id=r[5], prompt_text=r[6],
            prompt_response=open_(r[7]) or "", body=open_(r[8]) or "",
            need=open_(r[9]) or "", hope=open_(r[10]) or "", mood=r[11], energy=r[12],
            emotions=emotions.get(r[0], []), triggers=triggers.get(r[0], []),
            wins=wins.get(r[0], []), created_utc=r[13], saved_utc=r[14], updated_utc=r[15],
            source=r[16], source_id=r[17],
        )
        for r in rows
    ]


def slug(text: str, fallback: str = "journal") -> str:
    """A file-name-safe version of a profile name (letters, digits, dashes)."""
    ascii_ = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    clean = re.sub(r"[^A-Za-z0-9]+", "-", ascii_).strip("-").lower()
    return clean[:40] or fallback
