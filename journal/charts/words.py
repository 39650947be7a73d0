"""How Trends readings and captions put numbers and dates into words (plain text, English)."""

from __future__ import annotations

from datetime import date


def fmt_mood(value: float) -> str:
    """Moods as people say them: one decimal."""
    return f"{value:.1f}"


def fmt_date(day: date) -> str:
    """'3 Mar 2025' (no zero padding, no locale surprises)."""
    return f"{day.day} {day:%b %Y}"


def fmt_span(first: date, last: date) -> str:
    """"3–9 Mar 2026", "28 Feb – 6 Mar 2026" or across years in full."""
    if first.year == last.year and first.month == last.month:
        return f"{first.day}–{last.day} {last:%b %Y}"
    if first.year == last.year:
        return f"{first.day} {first:%b} – {fmt_date(last)}"
    return f"{fmt_date(first)} – {fmt_date(last)}"


def plural(count: int, one: str, many: str | None = None) -> str:
    """"1 day", "1,204 days"."""
    return f"{count:,} {one if count == 1 else (many or one + 's')}"


def times(count: int) -> str:
    """"once", "twice", "3 times", "1,204 times"."""
    return {1: "once", 2: "twice"}.get(count, f"{count:,} times")


def leaders(totals: list[tuple[str, int]]) -> tuple[list[str], int]:
    """The names sharing the highest count, in the given order, and that count ([], 0 if none).

    Why: a reading must not crown one winner when several are tied.
    """
    if not totals:
        return [], 0
    top = max(n for _, n in totals)
    return [name for name, n in totals if n == top], top


def quoted(name: str) -> str:
    """A user's word in curly quotes (plain text, never markup)."""
    return f"“{name}”"


def listing(words: list[str]) -> str:
    """"a, b and c"."""
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]


def pct(part: int, whole: int) -> str:
    """A whole-number percentage; 0% of nothing."""
    return f"{round(100 * part / whole)}%" if whole else "0%"


def period_word(unit: str, count: int = 2) -> str:
    """"week" or "weeks" for a bucket unit."""
    return {"day": "day", "week": "week", "month": "month"}[unit] + ("" if count == 1 else "s")
