"""jrnl's JSON export (`jrnl --export json`).

    {"tags": {"@work": 3},
     "entries": [{"title": "...", "body": "...", "date": "2024-03-01", "time": "21:04",
                  "tags": ["@work"], "starred": false}]}

Tags keep jrnl's `@` spelling so a journal imported from JSON and from text agree.
"""

from __future__ import annotations

import json
from datetime import datetime

from journal.errors import ImportFormatError

from .base import (
    IdMaker,
    ImportedEntry,
    ImportProblem,
    ParsedImport,
    ProblemLog,
    clean_str,
    looks_like_json,
    normalize_newlines,
    parse_iso_date,
    parse_time,
    string_list,
)
from .jrnl_text import extract_tags
from .jsonstream import Items, JsonHead, head, is_dayone_head, list_ending, readable_head

NAME = "jrnl_json"
LABEL = "jrnl JSON"


def _is_jrnl_head(found: JsonHead) -> bool:
    """jrnl writes a top-level `tags` object and entries with separate `date` and `time`."""
    if not found.has_entries or is_dayone_head(found):
        return False
    if found.kinds.get("tags") == "start_map":
        return True
    return any(isinstance(e, dict) and "date" in e and "time" in e for e in found.sample)


class JrnlJsonImporter:
    """jrnl's JSON export."""

    name = NAME
    label = LABEL

    def sniff(self, data: bytes, filename: str) -> bool:
        """True for a JSON object shaped like jrnl's export (and not like Day One's)."""
        return looks_like_json(data) and _is_jrnl_head(head(data))

    def parse(self, data: bytes, filename: str) -> ParsedImport:
        """Entries with a readable date and time; the others become problems."""
        found = readable_head(data, LABEL)
        if not found.has_entries:
            raise ImportFormatError(
                f"{LABEL}: this JSON has no “entries” list, so it is not a jrnl export."
            )
        if found.sample and not any(isinstance(e, dict) and "date" in e for e in found.sample):
            raise ImportFormatError(
                f"{LABEL}: none of the entries has a “date”, so this is not a jrnl export."
            )
        make_id = IdMaker(NAME)
        entries: list[ImportedEntry] = []
        problems = ProblemLog()
        items = Items(data, "entries")
        for index, raw in enumerate(items, start=1):
            entry = _entry(raw, f"entry {index}", make_id, problems)
            if entry is not None:
                entries.append(entry)
        return ParsedImport(NAME, entries, problems, [], list_ending(items, LABEL))


def _entry(
    raw: object, where: str, make_id: IdMaker, problems: list[ImportProblem]
) -> ImportedEntry | None:
    """One jrnl entry, or None after noting why it was skipped."""
    if not isinstance(raw, dict):
        problems.append(ImportProblem(where, "is not an entry object; skipped."))
        return None
    raw_date, raw_time = clean_str(raw.get("date")), clean_str(raw.get("time"))
    day = parse_iso_date(raw_date) if raw_date is not None else None
    at = parse_time(raw_time) if raw_time is not None else None
    if day is None:
        said = (
            f"date “{raw_date}” is not a date like 2024-03-01"
            if raw_date is not None
            else "has no date"
        )
        problems.append(ImportProblem(where, f"{said}; skipped."))
        return None
    if at is None:
        said = (
            f"time “{raw_time}” is not a time like 21:04"
            if raw_time is not None
            else "has no time"
        )
        problems.append(ImportProblem(where, f"{said}; skipped."))
        return None
    title = normalize_newlines(clean_str(raw.get("title")) or "").strip() or None
    body = normalize_newlines(clean_str(raw.get("body")) or "")
    tags = (
        string_list(raw["tags"])
        if isinstance(raw.get("tags"), list)
        else extract_tags(title, body)
    )
    canonical = json.dumps(raw, sort_keys=True, ensure_ascii=False, default=str)
    return ImportedEntry(
        source=NAME, source_id=make_id(canonical), local_dt=datetime.combine(day, at),
        utc_dt=None, tz_name=None, title=title, body=body, mood_label=None, activities=[],
        tags=tags, starred=raw.get("starred") is True, location=None, line=None,
    )
