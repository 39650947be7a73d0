"""Day One Classic (before 2016): one `.doentry` property list per entry, or a ZIP of them.

Each file is an Apple plist (XML or binary) with `Creation Date` (UTC), `Entry Text`, `UUID`,
`Time Zone`, `Starred` and `Tags`; the same fields as today's Day One JSON, so the entry is
built the same way (title from a `# Heading`, local time from the zone).
"""

from __future__ import annotations

import plistlib
from datetime import UTC, datetime
from typing import Any
from xml.parsers.expat import ExpatError

from journal.errors import ImportFormatError

from .archive import is_zip, members
from .base import (
    Failure,
    ImportedEntry,
    ImportProblem,
    ParsedImport,
    ProblemLog,
    clean_str,
    string_list,
)
from .dayone import _local, split_title

NAME = "dayone_classic"
LABEL = "Day One Classic (.doentry)"
_MAGIC = (b"bplist00", b"<?xml", b"<!DOCTYPE plist", b"<plist")


def _is_plist(data: bytes) -> bool:
    start = data[:512].lstrip()
    return start.startswith(_MAGIC) and (start.startswith(b"bplist") or b"<plist" in start)


def _entry_files(data: bytes) -> list[tuple[str, bytes]] | Failure:
    if is_zip(data):
        return members(data, ".doentry")
    return [("", data)]


def _when(raw: dict[str, Any]) -> datetime | None:
    value = raw.get("Creation Date")
    if not isinstance(value, datetime):
        return None
    if value.tzinfo is not None:
        value = value.astimezone(UTC).replace(tzinfo=None)
    return value


def _one(name: str, raw_bytes: bytes, problems: list[ImportProblem]) -> ImportedEntry | None:
    where = f"“{name}”" if name else "the entry"
    try:
        raw = plistlib.loads(raw_bytes)
    except (plistlib.InvalidFileException, ExpatError, ValueError, TypeError, KeyError, IndexError,
            OverflowError):
        problems.append(ImportProblem(where, "is not a readable Day One Classic entry; skipped."))
        return None
    if not isinstance(raw, dict):
        problems.append(ImportProblem(where, "is not a Day One Classic entry; skipped."))
        return None
    utc_dt = _when(raw)
    if utc_dt is None:
        problems.append(ImportProblem(where, "has no Creation Date; skipped."))
        return None
    uuid = (clean_str(raw.get("UUID")) or "").strip() or f"{name}@{utc_dt.isoformat()}"
    local_dt, tz_name = _local(utc_dt, raw.get("Time Zone"), where, problems)
    title, body = split_title(clean_str(raw.get("Entry Text")) or "")
    place = raw.get("Location") if isinstance(raw.get("Location"), dict) else {}
    parts = [clean_str(place.get(k)) for k in ("Place Name", "Locality", "Country")]
    location = ", ".join(p.strip() for p in parts if p and p.strip()) or None
    return ImportedEntry(
        source="dayone", source_id=uuid, local_dt=local_dt, utc_dt=utc_dt, tz_name=tz_name,
        title=title, body=body, mood_label=None, activities=[],
        tags=string_list(raw.get("Tags")), starred=raw.get("Starred") is True,
        location=location, line=None,
    )


class DayOneClassicImporter:
    """`.doentry` files from Day One Classic, one at a time or zipped together."""

    name = NAME
    label = LABEL

    def sniff(self, data: bytes, filename: str) -> bool:
        """A plist, or a ZIP holding `.doentry` files."""
        if _is_plist(data):
            return True
        if is_zip(data):
            found = _entry_files(data)
            return not isinstance(found, Failure) and bool(found)
        return False

    def parse(self, data: bytes, filename: str) -> ParsedImport:
        """One entry per `.doentry`; unreadable ones become problems."""
        found = _entry_files(data)
        if isinstance(found, Failure):
            raise ImportFormatError(f"{LABEL}: {found.reason}.")
        if not found or (len(found) == 1 and not _is_plist(found[0][1])):
            raise ImportFormatError(f"{LABEL}: no .doentry entries found in this file.")
        problems = ProblemLog()
        entries = [e for name, raw in found if (e := _one(name, raw, problems)) is not None]
        return ParsedImport(NAME, entries, problems, [])
