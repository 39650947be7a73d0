"""Day One export: `Journal.json` on its own, or the `.zip` Day One produces (JSON + photos/).

Each entry has a `uuid` (used as the stable id), `creationDate` in UTC and an IANA `timeZone`,
so the local time the writer saw is computed rather than guessed. `text` is Markdown in which
Day One escapes punctuation (`\\.`, `\\!`, `\\-`); those escapes are undone so the words read
as written. Photos, weather and `richText` are ignored.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from journal.errors import ImportFormatError

from .archive import is_zip, members
from .base import (
    EMPTY_MESSAGE,
    Failure,
    IdMaker,
    ImportedEntry,
    ImportProblem,
    ParsedImport,
    ProblemLog,
    clean_str,
    is_blank,
    looks_like_json,
    memoized,
    normalize_newlines,
    string_list,
    trim_blank_lines,
    unique,
)
from .jsonstream import Items, head, is_dayone_head, list_ending

NAME = "dayone"
LABEL = "Day One JSON"

__all__ = ["DayOneImporter", "is_zip", "split_title", "unescape_markdown"]

# Markdown lets any ASCII punctuation be backslash-escaped; Day One escapes a lot of it.
_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")
_CODE = re.compile(r"(```.*?```|`[^`\n]*`)", re.DOTALL)  # escapes are literal inside code
_MOMENT = re.compile(r"!\[[^\]\n]*\]\(dayone-moment:[^)\s]*\)[ \t]*\n?")


Doc = tuple[str, bytes]  # (name of the JSON inside the zip or "", its bytes)


def _docs_from_zip(data: bytes) -> list[Doc] | Failure:
    """Every `*.json` in the archive holding an `entries` list (one per Day One journal)."""
    found = members(data, ".json")
    if isinstance(found, Failure):
        return found
    docs: list[Doc] = []
    broken: list[str] = []
    for name, raw in found:
        top = head(raw)
        if top.failure:
            broken.append(f"“{name}”: {top.failure}")
        elif top.has_entries:
            docs.append((name, raw))
    if not docs:
        if broken:
            return Failure("the JSON inside the ZIP could not be read: " + "; ".join(broken))
        return Failure(
            "the ZIP has no Day One journal inside (a .json file with an “entries” list)"
        )
    return docs


def _load_docs(data: bytes) -> list[Doc] | Failure:
    if is_zip(data):
        return _docs_from_zip(data)
    top = head(data)
    if top.failure:
        return Failure(top.failure)
    if not top.has_entries:
        return Failure("this JSON has no “entries” list, so it is not a Day One export")
    return [("", data)]


def _docs(data: bytes) -> list[Doc]:
    """The journals in the file, remembered per bytes object so detect() + parse() unzip once."""
    if is_blank(data):
        raise ImportFormatError(EMPTY_MESSAGE)
    docs = memoized(data, "dayone", lambda: _load_docs(data))
    if isinstance(docs, Failure):
        raise ImportFormatError(f"{LABEL}: {docs.reason}.")
    return docs


def unescape_markdown(text: str) -> str:
    """`Hello\\! It\\'s 3\\.5 km` -> `Hello! It's 3.5 km`, leaving code spans untouched."""
    if "\\" not in text:
        return text
    parts = _CODE.split(text)
    for i in range(0, len(parts), 2):  # even indices are outside code
        parts[i] = _ESCAPE.sub(r"\1", parts[i])
    return "".join(parts)


def split_title(text: str) -> tuple[str | None, str]:
    """Day One shows a first line `# Heading` as the entry's title; the rest is the body.

    The heading is found before unescaping, because `\\# not a heading` is literal text.
    """
    text = trim_blank_lines(_MOMENT.sub("", normalize_newlines(text)))
    first, _, rest = text.partition("\n")
    if first.startswith("# "):
        title = unescape_markdown(first[2:]).strip() or None
        return title, unescape_markdown(trim_blank_lines(rest))
    return None, unescape_markdown(text)


def _utc(value: object) -> datetime | None:
    """`2023-05-01T18:22:10Z` (or with an offset / fraction) as naive UTC; None if unreadable."""
    if not isinstance(value, str):
        return None
    try:
        moment = datetime.fromisoformat(value.strip())
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=UTC)
        return moment.astimezone(UTC).replace(tzinfo=None)
    except (ValueError, OverflowError):
        return None


def _zone(name: str | None) -> ZoneInfo | None:
    if not name:
        return None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return None


def _location(value: object) -> str | None:
    """`placeName, localityName, country`, skipping blanks and repeats."""
    if not isinstance(value, dict):
        return None
    parts = [clean_str(value.get(key)) for key in ("placeName", "localityName", "country")]
    text = ", ".join(unique([p.strip() for p in parts if p and p.strip()]))
    return text or None


def _where(index: int, uuid: str | None, doc_name: str) -> str:
    where = f"entry {index}"
    if uuid:
        where += f" (uuid {uuid[:8]}…)" if len(uuid) > 8 else f" (uuid {uuid})"
    if doc_name:
        where += f" in {doc_name}"
    return where


class DayOneImporter:
    """Day One's "Export → JSON" (a .zip) or the JSON file taken out of it."""

    name = NAME
    label = LABEL

    def sniff(self, data: bytes, filename: str) -> bool:
        """True for a zip or JSON whose head looks like Day One (metadata, uuid, dates)."""
        if not (is_zip(data) or looks_like_json(data)):
            return False
        try:
            return any(is_dayone_head(head(raw)) for _name, raw in _docs(data))
        except ImportFormatError:
            return False

    def parse(self, data: bytes, filename: str) -> ParsedImport:
        """Entries of every journal in the export; unreadable entries become problems."""
        docs = _docs(data)
        if not any(is_dayone_head(head(raw)) or not head(raw).sample for _n, raw in docs):
            raise ImportFormatError(
                f"{LABEL}: the entries in this file have no “uuid” or “creationDate”, so it is "
                "not a Day One export."
            )
        entries: list[ImportedEntry] = []
        problems = ProblemLog()
        seen_ids: set[str] = set()
        make_id = IdMaker(NAME)
        name_docs = len(docs) > 1
        truncated = None
        for doc_name, raw_doc in docs:
            items = Items(raw_doc, "entries")
            for index, raw in enumerate(items, start=1):
                entry = self._entry(
                    raw, index, doc_name if name_docs else "", problems, make_id, seen_ids
                )
                if entry is not None:
                    entries.append(entry)
            truncated = list_ending(items, LABEL) or truncated
        return ParsedImport(NAME, entries, problems, [], truncated)

    def _entry(
        self,
        raw: object,
        index: int,
        doc_name: str,
        problems: list[ImportProblem],
        make_id: IdMaker,
        seen_ids: set[str],
    ) -> ImportedEntry | None:
        """One entry, or None after recording why it was skipped."""
        if not isinstance(raw, dict):
            problems.append(
                ImportProblem(_where(index, None, doc_name), "is not an entry object; skipped.")
            )
            return None
        uuid = (clean_str(raw.get("uuid")) or "").strip() or None
        where = _where(index, uuid, doc_name)
        utc_dt = _utc(raw.get("creationDate"))
        if utc_dt is None:
            shown = clean_str(raw.get("creationDate"))
            problems.append(
                ImportProblem(
                    where,
                    f"creationDate “{shown}” is not a date-time like 2023-05-01T18:22:10Z; "
                    "skipped."
                    if shown is not None
                    else "has no creationDate, so Steady cannot tell when it was written; "
                    "skipped.",
                )
            )
            return None
        if uuid is not None:
            if uuid in seen_ids:
                problems.append(
                    ImportProblem(where, "has the same uuid as an earlier entry; kept the first.")
                )
                return None
            seen_ids.add(uuid)
            source_id = uuid
        else:
            canonical = json.dumps(raw, sort_keys=True, ensure_ascii=False, default=str)
            source_id = make_id(canonical)
        local_dt, tz_name = _local(utc_dt, raw.get("timeZone"), where, problems)
        title, body = split_title(clean_str(raw.get("text")) or "")
        return ImportedEntry(
            source=NAME,
            source_id=source_id,
            local_dt=local_dt,
            utc_dt=utc_dt,
            tz_name=tz_name,
            title=title,
            body=body,
            mood_label=None,
            activities=[],
            tags=string_list(raw.get("tags")),
            starred=raw.get("starred") is True,
            location=_location(raw.get("location")),
            line=None,
        )


def _local(
    utc_dt: datetime, raw_zone: object, where: str, problems: list[ImportProblem]
) -> tuple[datetime, str | None]:
    """The entry's local time in its own zone; UTC (with a problem noted) if that can't be."""
    tz_name = (clean_str(raw_zone) or "").strip() or None
    zone = _zone(tz_name)
    if zone is None:
        problems.append(
            ImportProblem(
                where,
                f"time zone “{tz_name}” is unknown, so its time is shown in UTC."
                if tz_name
                else "has no time zone, so its time is shown in UTC.",
            )
        )
        return utc_dt, None
    try:
        return utc_dt.replace(tzinfo=UTC).astimezone(zone).replace(tzinfo=None), tz_name
    except OverflowError:
        problems.append(ImportProblem(where, "its date is out of range, so it is shown in UTC."))
        return utc_dt, tz_name
