"""CSV export: one row per entry, for spreadsheets.

Why these choices: UTF-8 with a BOM so spreadsheet programs show emoji and right-to-left text
correctly; lists joined with " | " like Daylio does; cells a spreadsheet would run as a formula
(starting with =, +, @ or a tab) get a leading apostrophe, because an export must never execute.
"""

from __future__ import annotations

import csv
import io
from datetime import datetime

from journal import vocab
from journal.entries import Entry

from .base import Unreadable

NAME = "csv"
LABEL = "CSV (spreadsheet)"

COLUMNS = [
    "date", "time", "weekday", "utc_offset_min", "kind", "mood", "mood_label", "energy",
    "energy_label", "emotions", "triggers", "wins", "prompt", "prompt_response", "body",
    "need", "hope", "source",
]
_FORMULA_START = ("=", "+", "@", "\t", "\r")


def _safe(value: object) -> str:
    text = "" if value is None else str(value)
    if text.startswith(_FORMULA_START) or (text.startswith("-") and text[1:2] not in ("", " ")):
        return "'" + text
    return text


def _trigger(t) -> str:
    text = vocab.label(vocab.TRIGGERS, t.trigger)
    if t.response:
        text += f" → {vocab.label(vocab.RESPONSES, t.response)}"
    if t.note:
        text += f": {t.note}"
    return text


def _win(w) -> str:
    text = vocab.label(vocab.PRACTICES, w.practice)
    return f"{text}: {w.text}" if w.text else text


def row(entry: Entry) -> list[str]:
    """The CSV cells of one entry, in COLUMNS order."""
    values: list[object] = [
        entry.when_local.date().isoformat(),
        entry.when_local.time().isoformat(timespec="seconds"),
        f"{entry.when_local:%A}",
        entry.utc_offset_min,
        vocab.KINDS.get(entry.kind, entry.kind),
        entry.mood,
        vocab.MOOD_LABELS.get(entry.mood or 0, ""),
        entry.energy,
        vocab.ENERGY_LABELS.get(entry.energy or 0, ""),
        " | ".join(entry.emotions),
        " | ".join(_trigger(t) for t in entry.triggers),
        " | ".join(_win(w) for w in entry.wins),
        entry.prompt_text,
        entry.prompt_response,
        entry.body,
        entry.need,
        entry.hope,
        entry.source,
    ]
    return [_safe(v) for v in values]


class CsvExporter:
    """Spreadsheet-friendly; not meant for re-import (use the JSON export for that)."""

    name = NAME
    label = LABEL
    extension = "csv"
    mime = "text/csv"

    def render(self, entries: list[Entry], profile_name: str, exported_utc: datetime, *,
               unreadable: tuple[Unreadable, ...] = ()) -> bytes:
        out = io.StringIO(newline="")
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(COLUMNS)
        for entry in entries:
            writer.writerow(row(entry))
        for lost in unreadable:   # listed last, by date, so the person knows what is missing
            cells = {"date": lost.day.isoformat(), "kind": "unreadable",
                     "body": f"Entry #{lost.id} could not be read (its stored text is damaged)."}
            writer.writerow([cells.get(c, "") for c in COLUMNS])
        return out.getvalue().encode("utf-8-sig")
