"""jrnl's plain-text journal file (what `jrnl --export txt` writes, and jrnl's own file).

    [2024-03-01 21:04] Title. Rest of the first line
    more body, possibly with blank lines

    [2024-03-02 08:15] Next entry *      <- a trailing " *" means starred

Older files have no brackets (`2013-06-10 15:40 Title.`). A new entry starts only where a
full date-time header begins a line, in the same style as the file's first header, so a body
line such as `[1] a footnote` or a bare date in a bracketed file stays part of the body.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime

from journal.errors import ImportFormatError

from .base import (
    IdMaker,
    ImportedEntry,
    ImportProblem,
    ParsedImport,
    decode_text,
    normalize_newlines,
    parse_iso_date,
    parse_time,
    trim_blank_lines,
    unique,
)
from .jrnl_dates import LOOSE_BARE, LOOSE_BRACKETED, Style, best_style, style_for

NAME = "jrnl_text"
LABEL = "jrnl text file"

_HEADER = re.compile(
    r"(?P<open>\[)?(?P<date>[0-9]{4}-[0-9]{2}-[0-9]{2})[ T]"
    r"(?P<time>[0-9]{1,2}:[0-9]{2}(?::[0-9]{2})?(?:[ \t]?[AaPp]\.?[Mm]\.?)?)"
    r"(?(open)\]|(?=\s|$))"
)
# jrnl's title rule: up to the first sentence end (. ! ? and their CJK/full-width forms,
# optionally followed by a closing quote or bracket) that is followed by space or line end.
_SENTENCE_END = re.compile(
    "[.!?\u203c\u203d\u2047\u2048\u2049\u3002\ufe52\ufe57\uff01\uff0e\uff1f\uff61]"
    "['\u2019\"\u201d]?[\\])]*(?=\\s|$)"
)
# @tag as jrnl writes it; the look-behind keeps e-mail addresses (me@example.org) out.
TAG = re.compile(r"(?<![\w@])@\w+(?:[-/]\w+)*")


def extract_tags(*texts: str | None) -> list[str]:
    """`@tags` in order of first use, spelled as first written, ignoring case for repeats."""
    found = [tag for text in texts if text for tag in TAG.findall(text)]
    return unique(found, fold_case=True)


@dataclass
class _Block:
    line: int
    match: re.Match[str] | None  # None: looked like a header but its date can't be read
    header: str
    lines: list[str] = field(default_factory=list)


def _valid_header(match: re.Match[str]) -> datetime | None:
    day = parse_iso_date(match["date"])
    at = parse_time(match["time"])
    return datetime.combine(day, at) if day and at else None


DEFAULT = Style(_HEADER, _valid_header, "2013-06-09 15:39")


def _split_title(text: str) -> tuple[str, str]:
    end = _SENTENCE_END.search(text)
    if end is None:
        return text.strip(), ""
    return text[: end.end()].strip(), text[end.end() :].strip()


def _blocks(text: str, style: Style) -> tuple[list[_Block], list[int]]:
    """Header-led blocks, plus line numbers of non-blank text before the first header.

    A line shaped like a header whose date can't be read starts a block of its own (reported
    and skipped), so it is never folded into the entry before it.
    """
    blocks: list[_Block] = []
    preamble: list[int] = []
    bracketed: bool | None = None
    for number, line in enumerate(normalize_newlines(text).split("\n"), start=1):
        match = style.pattern.match(line)
        if match is not None and (bracketed is None or bool(match["open"]) == bracketed):
            if bracketed is None:
                bracketed = bool(match["open"])
            blocks.append(_Block(number, match, line))
        elif blocks and (LOOSE_BRACKETED if bracketed else LOOSE_BARE).match(line):
            blocks.append(_Block(number, None, line))
        elif blocks:
            blocks[-1].lines.append(line)
        elif line.strip():
            preamble.append(number)
    return blocks, preamble


def _style(text: str, date_format: str | None) -> tuple[Style, str | None]:
    if date_format:
        return style_for(date_format), None
    lines = [ln for ln in normalize_newlines(text[:200_000]).split("\n")[:2000] if ln.strip()]
    return best_style(lines, DEFAULT)


class JrnlTextImporter:
    """jrnl's plain-text format, bracketed or the older bracket-less dates."""

    name = NAME
    label = LABEL

    def sniff(self, data: bytes, filename: str) -> bool:
        """True when the first non-blank line is a jrnl date-time header."""
        try:
            text = decode_text(data, LABEL)
        except ImportFormatError:
            return False
        style, _note = _style(text[:8192], None)
        for line in normalize_newlines(text[:4096]).split("\n"):
            if line.strip():
                match = style.pattern.match(line)
                return match is not None and style.read(match) is not None
        return False

    def parse(self, data: bytes, filename: str, date_format: str | None = None) -> ParsedImport:
        """One entry per header; text between headers (blank lines included) is the body."""
        text = decode_text(data, LABEL)
        style, note = _style(text, date_format)
        blocks, preamble = _blocks(text, style)
        if not blocks:
            raise ImportFormatError(
                f"{LABEL}: no entries found. Each jrnl entry starts with a date and time "
                f"at the start of a line, like “[{style.example}] Title.”"
                + (" Check the date format." if date_format else "")
            )
        problems: list[ImportProblem] = []
        if note:
            problems.append(ImportProblem("the dates", note))
        if preamble:
            first, last = preamble[0], preamble[-1]
            where = f"line {first}" if first == last else f"lines {first}–{last}"
            problems.append(
                ImportProblem(where, "text before the first dated entry was skipped.")
            )
        make_id = IdMaker(NAME)
        entries: list[ImportedEntry] = []
        for block in blocks:
            when = style.read(block.match) if block.match is not None else None
            if when is None or block.match is None:
                stamp = block.header.strip()[:60]
                problems.append(
                    ImportProblem(
                        f"line {block.line}",
                        f"“{stamp}” looks like the start of an entry, but its date and time "
                        f"can't be read (this file's entries start like “[{style.example}]”), "
                        "so this entry was skipped.",
                    )
                )
                continue
            rest = block.header[block.match.end() :].strip()
            starred = rest == "*" or rest.endswith(" *")
            if starred:
                rest = rest[:-1].rstrip()
            title, inline_body = _split_title(rest)
            body = trim_blank_lines("\n".join([inline_body, *block.lines]))
            canonical = trim_blank_lines("\n".join([block.header, *block.lines]))
            entries.append(
                ImportedEntry(
                    source=NAME,
                    source_id=make_id(canonical),
                    local_dt=when,
                    utc_dt=None,
                    tz_name=None,
                    title=title or None,
                    body=body,
                    mood_label=None,
                    activities=[],
                    tags=extract_tags(title, body),
                    starred=starred,
                    location=None,
                    line=block.line,
                )
            )
        return ParsedImport(NAME, entries, problems, [])
