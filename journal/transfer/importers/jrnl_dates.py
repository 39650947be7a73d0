"""The date formats jrnl users configure (`timeformat`), as header patterns for jrnl text files.

jrnl writes each entry as `[<timeformat>] Title.`; the default is `%Y-%m-%d %H:%M`, but people
set `%d.%m.%Y %H:%M`, `%m/%d/%Y %I:%M %p` and more. A format is either given (the `--date-format`
option, the Data page field) or found: the common formats are tried on the file's headers and the
one that reads the most of them wins.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from journal.errors import ImportFormatError

COMMON_FORMATS = (
    "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S", "%d.%m.%Y %H:%M", "%d.%m.%Y %I:%M %p",
    "%d/%m/%Y %H:%M", "%m/%d/%Y %H:%M", "%d/%m/%Y %I:%M %p", "%m/%d/%Y %I:%M %p",
    "%Y/%m/%d %H:%M", "%d-%m-%Y %H:%M", "%m-%d-%Y %H:%M", "%d.%m.%y %H:%M",
    "%b %d, %Y %I:%M %p", "%d %b %Y %H:%M", "%B %d, %Y %I:%M %p",
)
_DIRECTIVES = {
    "Y": r"\d{4}", "y": r"\d{2}", "m": r"\d{1,2}", "d": r"\d{1,2}", "H": r"\d{1,2}",
    "I": r"\d{1,2}", "M": r"\d{2}", "S": r"\d{2}", "f": r"\d{1,6}", "j": r"\d{1,3}",
    "p": r"[AaPp]\.?[Mm]\.?", "b": r"[^\W\d_]{3,4}\.?", "B": r"[^\W\d_]+", "a": r"[^\W\d_]+\.?",
    "A": r"[^\W\d_]+", "z": r"[+-]\d{4}", "%": "%",
}
_AMPM = re.compile(r"([AaPp])\.?\s*([Mm])\.?")
# Something shaped like the start of an entry (a bracketed date) whose date can't be read.
LOOSE_BRACKETED = re.compile(r"\[\s*\d{1,4}[-./]\d{1,2}[-./]\d{1,4}[^\]\n]{0,40}\]")
LOOSE_BARE = re.compile(r"\d{1,4}[-./]\d{1,2}[-./]\d{1,4}[ T]+\d{1,2}[:.]\d")


@dataclass(frozen=True)
class Style:
    """How this file's entry headers look: a pattern (groups `open`, `stamp`) and a reader."""

    pattern: re.Pattern[str]
    read: Callable[[re.Match[str]], datetime | None]
    example: str


def style_for(fmt: str) -> Style:
    """A header style for a strftime format; ImportFormatError for one Steady can't follow."""
    fmt = fmt.strip()
    parts: list[str] = []
    i = 0
    while i < len(fmt):
        if fmt[i] == "%" and i + 1 < len(fmt):
            code = _DIRECTIVES.get(fmt[i + 1])
            if code is None:
                raise ImportFormatError(
                    f"The date format “{fmt}” uses %{fmt[i + 1]}, which Steady can't read. Use "
                    "jrnl's timeformat codes such as %Y-%m-%d %H:%M or %d.%m.%Y %I:%M %p.")
            parts.append(code)
            i += 2
        else:
            parts.append(r"\s+" if fmt[i].isspace() else re.escape(fmt[i]))
            i += 1
    if not parts or "%" not in fmt:
        raise ImportFormatError(f"“{fmt}” is not a date format (try %Y-%m-%d %H:%M).")
    pattern = re.compile(
        r"(?P<open>\[)?(?P<stamp>" + "".join(parts) + r")(?(open)\]|(?=\s|$))")

    def read(match: re.Match[str]) -> datetime | None:
        stamp = " ".join(_AMPM.sub(r"\1\2", match["stamp"]).split())
        try:
            return datetime.strptime(stamp, " ".join(fmt.split()))
        except ValueError:
            return None

    return Style(pattern, read, datetime(2013, 6, 9, 15, 39).strftime(fmt))


def best_style(lines: list[str], default: Style) -> tuple[Style, str | None]:
    """The style that reads the most header-like lines; a note when day/month stays open."""
    scored: list[tuple[int, int, int, Style, str | None]] = []
    for order, (fmt, style) in enumerate(
            [(None, default)] + [(f, style_for(f)) for f in COMMON_FORMATS]):
        matches = [m for line in lines if (m := style.pattern.match(line)) is not None
                   and style.read(m) is not None]
        if matches:   # most headers read; then the one that reads more of each (3:39 PM)
            scored.append((-len(matches), -sum(m.end() for m in matches), order, style, fmt))
    if not scored:
        return default, None
    scored.sort(key=lambda s: (s[0], s[1], s[2]))
    best = scored[0]
    rival = next((s for s in scored[1:] if s[:2] == best[:2] and s[4] and best[4]
                  and sorted(s[4]) == sorted(best[4])), None)
    note = None
    if rival is not None:
        note = (f"the dates could be read as {best[4]} or as {rival[4]}; Steady read them as "
                f"{best[4]}. If that is wrong, give the date format your jrnl uses.")
    return best[3], note
