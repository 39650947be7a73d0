"""Steady's own JSON export (see journal.transfer.exporters.steady_json), read back, nothing lost.

Unlike the other formats, every Steady field survives: each record carries its full EntryInput
(`steady`), which `journal.transfer.importing` stores as is. Entries that came from another app
keep their original source and id, so re-importing an export into the same profile adds
nothing; entries written in Steady are matched by content instead. Milestones (with their
reviews and target history) and weekly reviews travel too (SteadyParsedImport); files from
before they were exported simply have none.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from journal.entries import EntryInput
from journal.errors import ImportFormatError
from journal.transfer.exporters.steady_json import MARKER, VERSION

from .base import (
    IdMaker,
    ImportedEntry,
    ImportProblem,
    ParsedImport,
    ProblemLog,
    clean_str,
    looks_like_json,
)
from .jsonstream import Items, JsonHead, cut_off_message, head, list_ending, readable_head
from .steady_records import (
    MilestoneRecord,
    RecordError,
    WeeklyReviewRecord,
    from_record,
    milestone_from_record,
    weekly_review_from_record,
)

NAME = "steady_json"
LABEL = "Steady JSON"


@dataclass
class SteadyImportedEntry(ImportedEntry):
    """An ImportedEntry that also holds the complete Steady entry it was exported from."""

    steady: EntryInput | None = None
    saved_utc: datetime | None = None
    updated_utc: datetime | None = None
    index: int | None = None  # 1-based position in the file's entries, for messages


@dataclass
class SteadyParsedImport(ParsedImport):
    """A Steady export's entries plus its milestones and weekly reviews (absent in older files)."""

    milestones: list[MilestoneRecord] = field(default_factory=list)
    weekly_reviews: list[WeeklyReviewRecord] = field(default_factory=list)


def _clean(value: Any) -> Any:
    """Lone surrogates (legal in JSON escapes, unstorable as UTF-8) become U+FFFD, everywhere."""
    if isinstance(value, str):
        return clean_str(value)
    if isinstance(value, list):
        return [_clean(v) for v in value]
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items()}
    return value


def _is_steady_head(found: JsonHead) -> bool:
    return isinstance(found.small.get(MARKER), dict)


class SteadyJsonImporter:
    """The JSON file Steady's own Export writes."""

    name = NAME
    label = LABEL

    def sniff(self, data: bytes, filename: str) -> bool:
        """True for a JSON object with Steady's `steady_export` header."""
        return looks_like_json(data) and _is_steady_head(head(data))

    def parse(self, data: bytes, filename: str) -> ParsedImport:
        """Every record that reads as an entry; the others become problems naming the field."""
        found = readable_head(data, LABEL)
        if not _is_steady_head(found):
            raise ImportFormatError(
                f"{LABEL}: this JSON has no “{MARKER}” header, so it is not a Steady export."
            )
        version = found.small[MARKER].get("version")
        if isinstance(version, bool) or not isinstance(version, int) or version < 1:
            raise ImportFormatError(f"{LABEL}: the export header has no valid version number.")
        if version > VERSION:
            raise ImportFormatError(
                f"{LABEL}: this export was made by a newer version of Steady (format "
                f"{version}); please update Steady to import it."
            )
        if not found.has_entries:
            raise ImportFormatError(f"{LABEL}: this export has no “entries” list.")
        problems = ProblemLog()
        items = Items(data, "entries")
        entries = _entries(items, problems)
        truncated = list_ending(items, LABEL)
        milestones: list[MilestoneRecord] = []
        weekly: list[WeeklyReviewRecord] = []
        for key, what, read, out in (
            ("milestones", "milestone", milestone_from_record, milestones),
            ("weekly_reviews", "weekly review", weekly_review_from_record, weekly),
        ):
            if truncated:       # the lists after the cut are gone; nothing to stream
                break
            listed = Items(data, key)   # absent in exports made before these were included
            for index, raw in enumerate(listed, start=1):
                try:
                    out.append(read(_clean(raw)))
                except RecordError as err:
                    problems.append(ImportProblem(f"{what} {index}", f"{err}; skipped."))
            if listed.truncated:
                truncated = cut_off_message(listed, what + "s")
        return SteadyParsedImport(NAME, entries, problems, [], truncated, 0, milestones, weekly)


def _entries(items: Items, problems: ProblemLog) -> list[ImportedEntry]:
    """The entries list, record by record; unreadable records become problems."""
    make_id = IdMaker(NAME)
    entries: list[ImportedEntry] = []
    for index, raw in enumerate(items, start=1):
        record = _clean(raw)
        try:
            entry, saved, updated = from_record(record)
            utc = entry.when_local - timedelta(minutes=entry.utc_offset_min)
        except RecordError as err:
            problems.append(ImportProblem(f"entry {index}", f"{err}; skipped."))
            continue
        except OverflowError:
            problems.append(ImportProblem(f"entry {index}", "its date is out of range; "
                                          "skipped."))
            continue
        canonical = json.dumps(record, sort_keys=True, ensure_ascii=False, default=str)
        entries.append(SteadyImportedEntry(
            source=NAME, source_id=entry.source_id or make_id(canonical),
            local_dt=entry.when_local, utc_dt=utc, tz_name=None, title=None,
            body=entry.body, mood_label=None, activities=[], tags=[], starred=False,
            location=None, line=None, steady=entry, saved_utc=saved, updated_utc=updated,
            index=index,
        ))
    return entries
