"""Steady's own JSON export: everything an entry holds, so importing it back loses nothing.

Shape (version 1):

    {"steady_export": {"version": 1, "profile": "Ana", "exported_utc": "2026-…"},
     "entries": [{"when_local": "2024-06-22T21:41:05", "utc_offset_min": 120, "kind": "…",
                  "body": "…", "mood": 4, "emotions": […], "triggers": [{"trigger": …}],
                  "wins": [{"practice": …, "text": …}], "source": "daylio", "source_id": "…",
                  "saved_utc": "…", "updated_utc": null, …}],
     "milestones": [{"id": 3, "title": "…", "practice": "…", "measure": "…", "target": 2.0,
                     "start": "2026-01-05", "target_date": "2026-03-02", "paused": false, …,
                     "reviews": [{"review_date": "…", "worked": "…", "didnt": "…", …}],
                     "target_changes": [{"changed_on": "…", "old_target": 1.0, …,
                                         "reason": "…"}]}],
     "weekly_reviews": [{"week_start": "2026-01-05", "week_end": "2026-01-11",
                         "worked": "…", "didnt": "…", "adjust": "…", …}]}

`milestones` and `weekly_reviews` were added later within version 1: files without them still
import (entries only), and older Steady versions importing a newer file simply ignore them.

Keys are chosen so neither the Day One sniffer (`uuid`, `creationDate`, `metadata`) nor the jrnl
one (`date` + `time`, top-level `tags`) can mistake this file for theirs.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from journal.entries import Entry

from .base import Unreadable

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


class SteadyJsonExporter:
    """The lossless format; also what a person should keep as their own copy."""

    name = NAME
    label = LABEL
    extension = "json"
    mime = "application/json"

    def render(
        self, entries: list[Entry], profile_name: str, exported_utc: datetime,
        plans: tuple[list[dict[str, Any]], list[dict[str, Any]]] | None = None, *,
        unreadable: tuple[Unreadable, ...] = (),
    ) -> bytes:
        """The document; `plans` is (milestones, weekly_reviews) as records, handed in by
        `journal.transfer.exporting` (this module renders only: it never reads the journal)."""
        milestones, weekly = plans or ([], [])
        doc = {
            MARKER: {
                "version": VERSION,
                "profile": profile_name,
                "exported_utc": exported_utc.isoformat(timespec="seconds"),
                "entries": len(entries),
                "milestones": len(milestones),
                "weekly_reviews": len(weekly),
            },
            "entries": [to_record(e) for e in entries],
            "milestones": milestones,
            "weekly_reviews": weekly,
        }
        if unreadable:   # damaged entries, left out: listed so the person knows what is missing
            doc["unreadable_entries"] = [{"id": u.id, "date": u.day.isoformat()}
                                         for u in unreadable]
        return json.dumps(doc, ensure_ascii=False, indent=1).encode("utf-8")
