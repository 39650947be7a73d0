"""Neutral records every importer produces, plus the small helpers they share.

Why a separate module: the format modules and the registry in `__init__` both need these, and
keeping them here avoids import cycles. Nothing here touches the database or Streamlit.
"""

from __future__ import annotations

import codecs
import hashlib
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


PROBLEMS_KEPT = 1000


class ProblemLog(list):
    """A list of problems that keeps the first PROBLEMS_KEPT and only counts the rest.

    Why: a hostile file of millions of non-entries must not cost a problem object each.
    """

    more = 0

    def append(self, problem: ImportProblem) -> None:  # type: ignore[override]
        if len(self) < PROBLEMS_KEPT:
            super().append(problem)
        else:
            self.more += 1


@dataclass
class ParsedImport:
    """Everything one file yielded: the entries that parsed and what went wrong with the rest."""

    format: str
    entries: list[ImportedEntry]
    problems: list[ImportProblem]
    mood_labels: list[str]  # distinct mood labels in file order (Daylio), else []
    truncated: str | None = None  # why the file looks cut off; importing then needs a yes
    problems_more: int = 0  # problems counted but not listed (a huge broken file)

    def __post_init__(self) -> None:
        if isinstance(self.problems, ProblemLog):
            self.problems_more += self.problems.more

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
# detect() asks every importer to sniff, then parse() reads the file; remembering what was
# worked out (the JSON head, the unzipped members) for the few most recent bytes objects keeps
# that to one pass. Keyed on object identity (we hold a reference, so ids are not reused).

_memo_lock = threading.Lock()
_memo: dict[int, tuple[bytes, dict[str, Any]]] = {}
_MEMO_KEEP = 16  # a zip's members count too


def memoized(data: bytes, key: str, compute: Callable[[], T]) -> T:
    """Compute once per (bytes object, key). `compute` reports failure by returning Failure."""
    with _memo_lock:
        held = _memo.get(id(data))
        if held is None or held[0] is not data:
            held = (data, {})
            _memo[id(data)] = held
            while len(_memo) > _MEMO_KEEP:
                _memo.pop(next(iter(_memo)))
        slot = held[1]
    if key not in slot:
        slot[key] = compute()
    return slot[key]


def forget(data: bytes | None = None) -> None:
    """Drop what memoized() holds, so a big upload (and its unzipped members) is not kept."""
    with _memo_lock:
        _memo.clear()


_JRNL_STAMP = re.compile(rb"\[\s*\d{1,4}[-./]\d")  # `[09.06.2013 15:39]` is jrnl text, not JSON


def looks_like_json(data: bytes) -> bool:
    """Cheap first-bytes check before paying for a parse (UTF-16 JSON included)."""
    head = data[:256]
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        head = head[:254].decode("utf-16", "ignore").encode("utf-8")
    head = head.removeprefix(codecs.BOM_UTF8).lstrip()
    return head.startswith((b"{", b"[")) and not _JRNL_STAMP.match(head)


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
