"""Steady's own JSON export: everything an entry holds, so importing it back loses nothing.

Shape (version 1):

    {"steady_export": {"version": 1, "profile": "Ana", "exported_utc": "2026-…"},
     "entries": [{"when_local": "2024-06-22T21:41:05", "utc_offset_min": 120, "kind": "…",
                  "body": "…", "mood": 4, "emotions": […], "triggers": [{"trigger": …}],
                  "wins": [{"practice": …, "text": …}], "source": "daylio", "source_id": "…",
                  "saved_utc": "…", "updated_utc": null, …}]}

Keys are chosen so neither the Day One sniffer (`uuid`, `creationDate`, `metadata`) nor the jrnl
one (`date` + `time`, top-level `tags`) can mistake this file for theirs.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from journal.entries import Entry, EntryInput, TriggerItem, WinItem

NAME = "json"
LABEL = "Steady JSON (re-importable)"
MARKER = "steady_export"
VERSION = 1


def to_record(entry: Entry) -> dict[str, Any]:
    """One entry as a JSON-ready dict (local time to the second, parts in order)."""
    return {
        "when_local": entry.when_local.isoformat(timespec="seconds"),
        "utc_offset_min": entry.utc_offset_min,
        "kind": entry.kind,
        "prompt_id": entry.prompt_id,
        "prompt_text": entry.prompt_text,
        "prompt_response": entry.prompt_response,
        "body": entry.body,
        "need": entry.need,
        "hope": entry.hope,
        "mood": entry.mood,
        "energy": entry.energy,
        "emotions": list(entry.emotions),
        "triggers": [
            {"trigger": t.trigger, "response": t.response, "note": t.note} for t in entry.triggers
        ],
        "wins": [{"practice": w.practice, "text": w.text} for w in entry.wins],
        "source": entry.source,
        "source_id": entry.source_id,
        "saved_utc": _iso(entry.saved_utc),
        "updated_utc": _iso(entry.updated_utc),
    }


def _iso(value: datetime | None) -> str | None:
    return value.isoformat(timespec="microseconds") if value else None


class RecordError(ValueError):
    """A record that can't become an entry; the message names the field."""


def _text(record: dict[str, Any], key: str, *, optional: bool = False) -> str | None:
    value = record.get(key)
    if value is None:
        return None if optional else ""
    if not isinstance(value, str):
        raise RecordError(f"“{key}” should be text")
    return value


def _small_int(record: dict[str, Any], key: str, low: int, high: int) -> int | None:
    value = record.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise RecordError(f"“{key}” should be a whole number from {low} to {high}")
    return value


def _moment(record: dict[str, Any], key: str, *, required: bool) -> datetime | None:
    value = record.get(key)
    if value is None and not required:
        return None
    if not isinstance(value, str):
        raise RecordError(f"“{key}” should be a date-time like 2024-06-22T21:41:00")
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise RecordError(f"“{key}” “{value[:40]}” is not a date-time") from None
    if not 1 < moment.year < 9999:
        raise RecordError(f"“{key}” {moment.year} is out of range")
    return moment.replace(tzinfo=None)


def from_record(record: object) -> tuple[EntryInput, datetime | None, datetime | None]:
    """A record back into an EntryInput plus its saved/updated times; RecordError if unreadable."""
    if not isinstance(record, dict):
        raise RecordError("is not an entry object")
    when = _moment(record, "when_local", required=True)
    assert when is not None
    emotions = record.get("emotions") or []
    triggers = record.get("triggers") or []
    wins = record.get("wins") or []
    if not isinstance(emotions, list) or not all(isinstance(w, str) for w in emotions):
        raise RecordError("“emotions” should be a list of words")
    if not isinstance(triggers, list) or not all(isinstance(t, dict) for t in triggers):
        raise RecordError("“triggers” should be a list of objects")
    if not isinstance(wins, list) or not all(isinstance(w, dict) for w in wins):
        raise RecordError("“wins” should be a list of objects")
    offset = record.get("utc_offset_min", 0)
    if isinstance(offset, bool) or not isinstance(offset, int) or not -1440 < offset < 1440:
        raise RecordError("“utc_offset_min” should be minutes from UTC")
    source = _text(record, "source", optional=True) or "steady"
    entry = EntryInput(
        when_local=when,
        kind=_text(record, "kind") or "reflection",
        body=_text(record, "body") or "",
        prompt_id=_text(record, "prompt_id", optional=True),
        prompt_text=_text(record, "prompt_text", optional=True),
        prompt_response=_text(record, "prompt_response") or "",
        need=_text(record, "need") or "",
        hope=_text(record, "hope") or "",
        mood=_small_int(record, "mood", 1, 5),
        energy=_small_int(record, "energy", 1, 5),
        emotions=list(emotions),
        triggers=[
            TriggerItem(
                _text(t, "trigger") or "", _text(t, "response", optional=True),
                _text(t, "note", optional=True),
            )
            for t in triggers
        ],
        wins=[
            WinItem(_text(w, "practice") or "", _text(w, "text", optional=True)) for w in wins
        ],
        utc_offset_min=offset,
        source=source,
        source_id=_text(record, "source_id", optional=True),
    )
    return (
        entry,
        _moment(record, "saved_utc", required=False),
        _moment(record, "updated_utc", required=False),
    )


class SteadyJsonExporter:
    """The lossless format; also what a person should keep as their own copy."""

    name = NAME
    label = LABEL
    extension = "json"
    mime = "application/json"

    def render(self, entries: list[Entry], profile_name: str, exported_utc: datetime) -> bytes:
        doc = {
            MARKER: {
                "version": VERSION,
                "profile": profile_name,
                "exported_utc": exported_utc.isoformat(timespec="seconds"),
                "entries": len(entries),
            },
            "entries": [to_record(e) for e in entries],
        }
        return json.dumps(doc, ensure_ascii=False, indent=1).encode("utf-8")
