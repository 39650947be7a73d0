"""Neutral records every importer produces, plus the small helpers they share.

Why a separate module: the format modules and the registry in `__init__` both need these, and
keeping them here avoids import cycles. Nothing here touches the database or Streamlit.
"""

from __future__ import annotations

import codecs
import hashlib
import json
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any, Protocol, TypeVar, runtime_checkable

from journal.errors import ImportFormatError

T = TypeVar("T")


@dataclass
class ImportedEntry:
    """One journal entry read from another app, before Steady decides how to store it."""

    source: str  # format name: "daylio" | "dayone" | "jrnl_json" | "jrnl_text"
    source_id: str  # stable across re-imports of the same file (see IdMaker)
    local_dt: datetime  # naive local date-time as the writer saw it
    utc_dt: datetime | None  # naive UTC if the source says (Day One)
    tz_name: str | None
    title: str | None
    body: str  # "" if missing
    mood_label: str | None  # raw mood text (Daylio); None elsewhere
    activities: list[str]  # Daylio activities, stripped
    tags: list[str]
    starred: bool
    location: str | None  # human text if present
    line: int | None  # 1-based line (CSV/text) for messages


@dataclass
class ImportProblem:
    """Something in the file that was skipped or guessed; shown to the person as-is."""

    where: str  # "line 14" or "entry 3 (uuid 1A2B3C4D…)"
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


@dataclass
class ParsedImport:
    """Everything one file yielded: the entries that parsed and what went wrong with the rest."""

    format: str
    entries: list[ImportedEntry]
    problems: list[ImportProblem]
    mood_labels: list[str]  # distinct mood labels in file order (Daylio), else []

    @property
    def date_range(self) -> tuple[date, date] | None:
        """First and last local dates, so the UI can say "412 entries, 2019-03-02 to …"."""
        if not self.entries:
            return None
        days = [e.local_dt.date() for e in self.entries]
        return min(days), max(days)


@runtime_checkable
class Importer(Protocol):
    """One source format. `sniff` must never raise; `parse` raises only ImportFormatError."""

    name: str
    label: str

    def sniff(self, data: bytes, filename: str) -> bool: ...

    def parse(self, data: bytes, filename: str) -> ParsedImport: ...


# --- text -------------------------------------------------------------------------------------

EMPTY_MESSAGE = "That file is empty: there is nothing in it to import."


_BLANK = re.compile(rb"(?:\xef\xbb\xbf)?\s*")


def is_blank(data: bytes) -> bool:
    """True for empty or whitespace-only files (a BOM alone counts as empty too).

    A regex instead of `data.strip()`: it stops at the first real byte and copies nothing.
    """
    return _BLANK.fullmatch(data) is not None


@dataclass(frozen=True)
class Failure:
    """Why bytes could not be read, kept label-free so each importer can phrase the message."""

    reason: str


def try_decode(data: bytes) -> str | Failure:
    """UTF-8 (a leading BOM is dropped) or BOM-marked UTF-16 as spreadsheets save it."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            return Failure(f"the file says it is UTF-16 text but is damaged near byte {exc.start}")
    try:
        return data.removeprefix(codecs.BOM_UTF8).decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        return Failure(
            f"line {line} is not valid UTF-8 text. If you edited the file in a spreadsheet or "
            "text editor, save it again as UTF-8"
        )


def decode_text(data: bytes, label: str) -> str:
    """Bytes to text, or ImportFormatError saying where the bytes stop being text.

    Why strict: guessing another encoding would silently garble notes; a clear message lets the
    person re-export instead.
    """
    if is_blank(data):
        raise ImportFormatError(EMPTY_MESSAGE)
    text = memoized(data, "text", lambda: try_decode(data))
    if isinstance(text, Failure):
        raise ImportFormatError(f"{label}: {text.reason}.")
    return text


_SURROGATE = re.compile("[\ud800-\udfff]")


def clean_str(value: object) -> str | None:
    """A JSON value as text, or None; lone surrogates (legal in JSON escapes) become U+FFFD.

    Why: a lone surrogate cannot be encoded as UTF-8, so storing it later would crash.
    """
    if not isinstance(value, str):
        return None
    return _SURROGATE.sub("\ufffd", value)


def normalize_newlines(text: str) -> str:
    """CR LF and lone CR become LF, so the same note reads the same whatever saved the file."""
    if "\r" not in text:
        return text
    return text.replace("\r\n", "\n").replace("\r", "\n")


# --- ids --------------------------------------------------------------------------------------


class IdMaker:
    """Stable ids: sha256 of a canonical record plus how many identical records came before.

    Why the occurrence index: two genuinely identical rows (same minute, same mood, same note)
    must both survive, yet re-importing the same file must give the same ids so nothing doubles.
    """

    def __init__(self, source: str) -> None:
        self._source = source
        self._seen: dict[str, int] = {}

    def __call__(self, canonical: str) -> str:
        index = self._seen.get(canonical, 0)
        self._seen[canonical] = index + 1
        raw = f"{self._source}\x1f{canonical}\x1f{index}"
        return hashlib.sha256(raw.encode("utf-8", "surrogatepass")).hexdigest()


# --- dates and times --------------------------------------------------------------------------

_TIME = re.compile(
    r"(?P<h>\d{1,2})[:.](?P<m>\d{2})(?:[:.](?P<s>\d{2}))?\s*(?:(?P<ap>[AaPp])\.?\s*[Mm]\.?)?"
)
_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")


def parse_time(text: str) -> time | None:
    """`3:26 AM`, `2:14 pm`, `12:05 am`, `9:03`, `08:45`, `21:04:05`; None if not a time."""
    match = _TIME.fullmatch(text.strip())
    if not match:
        return None
    hour, minute = int(match["h"]), int(match["m"])
    second = int(match["s"]) if match["s"] else 0
    if match["ap"]:
        if hour > 12:
            return None
        pm = match["ap"] in "Pp"
        if hour == 12:
            hour = 12 if pm else 0
        elif pm:
            if hour == 0:
                return None
            hour += 12
    if hour > 23 or minute > 59 or second > 59:
        return None
    return time(hour, minute, second)


def parse_iso_date(text: str) -> date | None:
    """`2024-06-22` (also `2024-6-2`); None when it is not a real calendar date."""
    match = _ISO_DATE.fullmatch(text.strip())
    if not match:
        return None
    try:
        return date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None


# --- shared parsing of one file ---------------------------------------------------------------
# detect() asks every importer to sniff, then parse() reads the file again; remembering the
# decoded JSON / unzipped members for the most recent bytes object keeps that to one pass.
# Keyed on object identity (we hold a reference, so the id cannot be reused meanwhile).

_memo_lock = threading.Lock()
_memo: tuple[bytes, dict[str, Any]] | None = None


def memoized(data: bytes, key: str, compute: Callable[[], T]) -> T:
    """Compute once per (bytes object, key). `compute` reports failure by returning Failure."""
    global _memo
    with _memo_lock:
        slot = _memo[1] if _memo is not None and _memo[0] is data else None
        if slot is None:
            slot = {}
            _memo = (data, slot)
    if key not in slot:
        slot[key] = compute()
    return slot[key]


def forget(data: bytes) -> None:
    """Drop what memoized() holds for these bytes, so a big upload is not kept in memory."""
    global _memo
    with _memo_lock:
        if _memo is not None and _memo[0] is data:
            _memo = None


def json_error_text(exc: Exception) -> str:
    """Plain words for why JSON did not load."""
    if isinstance(exc, json.JSONDecodeError):
        return f"it is not valid JSON (problem at line {exc.lineno}, column {exc.colno})"
    if isinstance(exc, RecursionError):
        return "it is nested too deeply to be a journal export"
    return "it is not valid JSON"


def try_json_text(text: str) -> Any:
    """json.loads, with failure returned as Failure rather than raised."""
    try:
        return json.loads(text)
    except (ValueError, RecursionError) as exc:  # JSONDecodeError is a ValueError
        return Failure(json_error_text(exc))


def load_json_bytes(data: bytes, label: str) -> Any:
    """Decode + load once per bytes object; ImportFormatError (prefixed with label) on failure."""
    text = decode_text(data, label)
    value = memoized(data, "json", lambda: try_json_text(text))
    if isinstance(value, Failure):
        raise ImportFormatError(f"{label}: {value.reason}.")
    return value


def looks_like_json(data: bytes) -> bool:
    """Cheap first-bytes check before paying for a full parse."""
    head = data[:64].removeprefix(codecs.BOM_UTF8).lstrip()
    return head.startswith((b"{", b"["))


def trim_blank_lines(text: str) -> str:
    """Drop whitespace-only lines at the start and end; keep indentation and inner blank lines."""
    lines = text.split("\n")
    start, end = 0, len(lines)
    while start < end and not lines[start].strip():
        start += 1
    while end > start and not lines[end - 1].strip():
        end -= 1
    return "\n".join(lines[start:end])


def unique(items: list[str], *, fold_case: bool = False) -> list[str]:
    """Order-keeping de-duplication (optionally ignoring case, keeping the first spelling)."""
    seen: dict[str, str] = {}
    for item in items:
        seen.setdefault(item.casefold() if fold_case else item, item)
    return list(seen.values())


def string_list(value: object) -> list[str]:
    """The non-empty strings of a JSON list, stripped and de-duplicated; [] for anything else."""
    if not isinstance(value, list):
        return []
    return unique([s.strip() for s in map(clean_str, value) if s and s.strip()])


def entries_list(doc: object) -> list[Any] | None:
    """doc["entries"] when doc is an object holding a list there (both JSON formats), else None."""
    if isinstance(doc, dict):
        entries = doc.get("entries")
        if isinstance(entries, list):
            return entries
    return None


def is_dayone_doc(doc: object) -> bool:
    """Day One marks itself with `metadata` and entries carrying `creationDate`/`uuid`."""
    entries = entries_list(doc)
    if entries is None:
        return False
    if isinstance(doc, dict) and isinstance(doc.get("metadata"), dict):
        return True
    return any(
        isinstance(e, dict) and ("creationDate" in e or "uuid" in e) for e in entries[:20]
    )
