"""Daylio CSV export: one row per mood entry, newest first.

Known shapes (all handled by column name, so extra or reordered columns do not matter):
    full_date,date,weekday,time,mood,activities,note_title,note
    full_date,date,weekday,time,mood,activities,note
    year,date,weekday,time,mood,activities,note      (`date` is display text like "June 22")
    no header at all: full_date,date,weekday,time,mood,activities,note
`date` and `weekday` are in the phone's language, so they are only read when there is no
`full_date`. Moods are custom free text in any language and are kept raw.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime

from journal.errors import ImportFormatError

from .base import (
    Failure,
    IdMaker,
    ImportedEntry,
    ImportProblem,
    ParsedImport,
    decode_text,
    looks_like_json,
    normalize_newlines,
    parse_iso_date,
    parse_time,
)
from .daylio_dates import FILLER, best_locale, month_names

NAME = "daylio"
LABEL = "Daylio CSV"

DAYLIO_DEFAULT_MOODS: dict[str, int] = {"rad": 5, "good": 4, "meh": 3, "bad": 2, "awful": 1}

_NO_HEADER = ("full_date", "date", "weekday", "time", "mood", "activities", "note")
_DELIMITERS = (",", ";", "\t")  # Daylio writes commas; spreadsheets re-save with ; or tabs
_SNIFF_ROWS = 5

_TOKENS = re.compile(r"[^\W\d_]+|\d+")


@dataclass
class _Layout:
    """Where each column is, learned from the header (or the fixed no-header order)."""

    delimiter: str
    columns: dict[str, int]
    width: int
    header: list[str] | None
    locale: str = "en"  # language of the display `date` column (year,date files)


def _rows(text: str, delimiter: str) -> Iterator[tuple[int, list[str] | Failure]]:
    """CSV rows with the physical line each starts on; a broken row yields a Failure.

    Why strict mode: a stray quote would otherwise silently swallow the following rows into
    one note. In strict mode the reader reports it and carries on with the next line.
    """
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    end = 0
    while True:
        start = end + 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            end = reader.line_num
            if "unexpected end of data" in str(exc):
                span = f"lines {start}–{end}" if end > start else f"line {start}"
                reason = (
                    f"a quoted field that starts here is never closed, so {span} could not be "
                    "read"
                )
            else:
                reason = (
                    "the quotes in this row do not match up (a quote inside a note must be "
                    f'doubled as ""), so its fields cannot be told apart; row skipped ({exc})'
                )
            yield start, Failure(reason)
            continue
        end = reader.line_num
        yield start, row


_HEAD_CHARS = 1024 * 1024


def _head(text: str) -> str:
    """The first rows only (up to 1 MB): finding the layout never splits a whole huge line."""
    if len(text) <= _HEAD_CHARS:
        return text
    cut = text.rfind("\n", 0, _HEAD_CHARS)
    return text[: cut + 1] if cut > 0 else text[:_HEAD_CHARS]


def _is_blank(row: list[str]) -> bool:
    return not any(cell.strip() for cell in row)


def _header_columns(row: list[str]) -> dict[str, int] | None:
    """Column positions if this row is a Daylio header, else None."""
    names = [cell.strip().lower() for cell in row]
    has_date = "full_date" in names or ("year" in names and "date" in names)
    if not (has_date and "time" in names and "mood" in names):
        return None
    columns: dict[str, int] = {}
    for index, name in enumerate(names):
        columns.setdefault(name, index)
    return columns


def _looks_like_headerless_row(row: list[str]) -> bool:
    return len(row) == len(_NO_HEADER) and bool(parse_iso_date(row[0])) and bool(parse_time(row[3]))


def _layout(text: str) -> _Layout | None:
    """Find the header (or a header-less data row) among the first few rows, per delimiter."""
    for delimiter in _DELIMITERS:
        seen = 0
        for _line, row in _rows(text, delimiter):
            if isinstance(row, Failure):
                seen += 1
            elif not _is_blank(row):
                columns = _header_columns(row) if seen == 0 else None
                if columns is not None:
                    return _Layout(delimiter, columns, len(row), row)
                if _looks_like_headerless_row(row):
                    columns = {name: i for i, name in enumerate(_NO_HEADER)}
                    return _Layout(delimiter, columns, len(_NO_HEADER), None)
                seen += 1
            if seen >= _SNIFF_ROWS:
                break
    return None


def _words(text: str) -> list[str]:
    return [t for t in _TOKENS.findall(text.casefold()) if t not in FILLER and not t.isdecimal()]


def _month_day(text: str, year: int, locale: str = "en") -> tuple[int, int, bool] | None:
    """Month and day from display text such as "June 22", "22 Jun", "6/22" or "22.06.".

    Returns (month, day, False) when the text says which is which, (a, b, True) for two bare
    numbers whose order must come from the rest of the file, and None when it cannot be read
    (for example a month name in another language).
    """
    tokens = [t for t in _TOKENS.findall(text.casefold()) if t not in FILLER]
    months = month_names(locale)
    words = [t for t in tokens if not t.isdecimal()]
    numbers = [t for t in tokens if t.isdecimal()]
    if len(numbers) > 1:  # a year inside the display text is fine if it is this year
        numbers = [n for n in numbers if not (len(n) == 4 and int(n) == year)]
    if len(words) == 1 and len(numbers) == 1 and words[0] in months:
        return months[words[0]], int(numbers[0]), False
    if not words and len(numbers) == 2 and all(len(n) <= 2 for n in numbers):
        return int(numbers[0]), int(numbers[1]), True
    return None


def _numeric_order(pairs: list[tuple[int, int]]) -> str | None:
    """"md" or "dm" if the file's unambiguous dates agree on an order, else None."""
    month_first = any(b > 12 >= a for a, b in pairs)
    day_first = any(a > 12 >= b for a, b in pairs)
    if month_first != day_first:
        return "md" if month_first else "dm"
    return None


def _year_date(
    year_text: str, date_text: str, order: str | None, locale: str = "en"
) -> tuple[date | None, str | None]:
    """Date from the `year` column plus display `date`; (None, reason) if it cannot be built."""
    if not re.fullmatch(r"\s*\d{4}\s*", year_text):
        return None, f"year “{year_text}” is not a four-digit year"
    year = int(year_text)
    parts = _month_day(date_text, year, locale)
    if parts is None:
        return None, (
            f"date “{date_text}” could not be read (Steady understands month names in the "
            "languages Daylio uses, and numbers, or a full_date column like 2024-06-22)"
        )
    a, b, numeric = parts
    if not numeric:
        month, day = a, b
    else:
        if a > 12 or (order == "dm" and b <= 12):
            day, month = a, b
        elif b > 12 or order == "md" or a == b:
            month, day = a, b
        else:
            return None, (
                f"date “{date_text}” could mean day/month or month/day and nothing else in the "
                "file settles which"
            )
    try:
        return date(year, month, day), None
    except ValueError:
        return None, f"date “{date_text}” {year} is not a real calendar date"


def _field(row: list[str], layout: _Layout, name: str) -> str:
    index = layout.columns.get(name)
    return row[index] if index is not None and index < len(row) else ""


def _activities(text: str) -> list[str]:
    """`walk | friends |  | reading ` -> ["walk", "friends", "reading"], order kept, no repeats."""
    seen: dict[str, None] = {}
    for part in text.split("|"):
        part = part.strip()
        if part:
            seen.setdefault(part, None)
    return list(seen)


class DaylioImporter:
    """Daylio's CSV backup ("Export entries (CSV)")."""

    name = NAME
    label = LABEL

    def sniff(self, data: bytes, filename: str) -> bool:
        """True when the first rows are a Daylio header or a header-less Daylio row."""
        try:
            if looks_like_json(data):
                return False    # a CSV never starts with { or [; and JSON is one long row
            return _layout(_head(decode_text(data, LABEL))) is not None
        except ImportFormatError:
            return False

    def parse(self, data: bytes, filename: str) -> ParsedImport:
        """Every well-formed row becomes an entry; every other row becomes a problem."""
        text = decode_text(data, LABEL)
        layout = _layout(_head(text))
        if layout is None:
            first = next((ln for ln in text[:2000].splitlines() if ln.strip()), "")[:80]
            raise ImportFormatError(
                f"{LABEL}: this does not look like a Daylio export. The first line should be "
                "Daylio's header (full_date,date,weekday,time,mood,activities,note…) or a row "
                f"starting with a date like 2024-06-22, but it is “{first}”."
            )
        problems: list[tuple[int, ImportProblem]] = []
        rows, truncated = _well_formed(text, layout, problems)
        if "full_date" not in layout.columns:
            layout.locale = best_locale(
                [w for _line, row in rows[:500] for w in _words(_field(row, layout, "date"))])
        order = None if "full_date" in layout.columns else _date_order(rows, layout)
        make_id = IdMaker(NAME)
        entries: list[ImportedEntry] = []
        moods: dict[str, None] = {}
        for line, row in rows:
            entry = _row_entry(line, row, layout, order, make_id, problems)
            if entry is not None:
                entries.append(entry)
                if entry.mood_label is not None:
                    moods.setdefault(entry.mood_label, None)
        problems.sort(key=lambda item: item[0])  # stable: file order within a line
        return ParsedImport(NAME, entries, [p for _line, p in problems], list(moods), truncated)


_OPTIONAL_TAIL = ("note", "note_title")  # older exports leave these off when empty


def _missing_tail(layout: _Layout, row: list[str]) -> int:
    """How many trailing optional columns (note, note_title) this short row lacks, or 0."""
    names = layout.header or list(_NO_HEADER)
    missing = layout.width - len(row)
    tail = [name.strip().lower() for name in names[len(row):]]
    ok = 0 < missing <= len(_OPTIONAL_TAIL) and all(name in _OPTIONAL_TAIL for name in tail)
    return missing if ok else 0


def _well_formed(
    text: str, layout: _Layout, problems: list[tuple[int, ImportProblem]]
) -> tuple[list[tuple[int, list[str]]], str | None]:
    """The data rows with the layout's width (header and blank rows left out); others noted.

    Also says whether the file looks cut off: its last row unfinished (a quote never closed,
    or fewer fields than the header and no line end after it).
    """
    rows: list[tuple[int, list[str]]] = []
    header_skipped = layout.header is None
    last: tuple[int, str] | None = None
    padded = 0
    for line, row in _rows(text, layout.delimiter):
        if isinstance(row, Failure):
            problems.append((line, ImportProblem(f"line {line}", row.reason + ".")))
            last = (line, "open" if "never closed" in row.reason else "broken")
            continue
        if _is_blank(row):
            continue
        if not header_skipped or row == layout.header:  # the header, or a repeated one
            header_skipped = True
            continue
        if len(row) > layout.width and _is_blank(row[layout.width :]):
            row = row[: layout.width]  # trailing empty cells added by spreadsheets
        if missing := _missing_tail(layout, row):
            row, padded, last = row + [""] * missing, padded + 1, (line, "padded")
        elif len(row) != layout.width:
            message = (
                f"has {len(row)} fields but should have {layout.width} "
                f"({', '.join(layout.header or _NO_HEADER)}); row skipped."
            )
            problems.append((line, ImportProblem(f"line {line}", message)))
            last = (line, "short")
            continue
        else:
            last = (line, "ok")
        rows.append((line, row))
    return rows, _cut_off(text, last, padded, rows, problems)


def _cut_off(
    text: str, last: tuple[int, str] | None, padded: int, rows: list[tuple[int, list[str]]],
    problems: list[tuple[int, ImportProblem]],
) -> str | None:
    """Why the file looks truncated, or None; a lone padded last row is then left out."""
    if last is None:
        return None
    line, kind = last
    unended = not text.endswith(("\n", "\r"))
    if not (kind == "open" or (unended and kind in ("short", "broken"))
            or (unended and kind == "padded" and padded == 1)):
        return None
    if kind == "padded":
        rows.pop()
        problems.append((line, ImportProblem(f"line {line}", "is cut off part-way; row skipped.")))
    return (f"The file ends in the middle of line {line}: it looks cut off, perhaps by a "
            "download or copy that didn't finish. Daylio writes the newest entries first, so "
            "the oldest ones after the cut are missing. Only the rows before it can be imported.")


def _date_order(rows: list[tuple[int, list[str]]], layout: _Layout) -> str | None:
    """Month/day order of year+date files, judged from every row that says it plainly."""
    pairs = []
    for _line, row in rows:
        year_text = _field(row, layout, "year").strip()
        if year_text.isdecimal():
            parts = _month_day(_field(row, layout, "date"), int(year_text), layout.locale)
            if parts is not None and parts[2]:
                pairs.append((parts[0], parts[1]))
    return _numeric_order(pairs)


def _row_entry(
    line: int, row: list[str], layout: _Layout, order: str | None, make_id: IdMaker,
    problems: list[tuple[int, ImportProblem]],
) -> ImportedEntry | None:
    """One row as an entry, or None with the reason noted in `problems`."""
    where = f"line {line}"
    if "full_date" in layout.columns:
        raw_date = _field(row, layout, "full_date")
        day = parse_iso_date(raw_date)
        reason = f"full_date “{raw_date}” is not a real date like 2024-06-22"
    else:
        day, reason = _year_date(_field(row, layout, "year"), _field(row, layout, "date"), order,
                                 layout.locale)
    if day is None:
        problems.append((line, ImportProblem(where, f"{reason}; row skipped.")))
        return None
    raw_time = _field(row, layout, "time")
    at = parse_time(raw_time)
    if at is None:
        message = (
            f"time “{raw_time}” is not a time of day Steady understands (like "
            "3:26 AM or 21:04); row skipped."
        )
        problems.append((line, ImportProblem(where, message)))
        return None
    title = normalize_newlines(_field(row, layout, "note_title")).strip() or None
    canonical = "\x1f".join(normalize_newlines(cell) for cell in row)
    return ImportedEntry(
        source=NAME, source_id=make_id(canonical), local_dt=datetime.combine(day, at),
        utc_dt=None, tz_name=None, title=title,
        body=normalize_newlines(_field(row, layout, "note")),
        mood_label=_field(row, layout, "mood").strip() or None,
        activities=_activities(_field(row, layout, "activities")), tags=[], starred=False,
        location=None, line=line,
    )
