"""Planning an import: parse (cached), map, validate and dedupe against the profile's journal.

Why apart from the use cases in `importing`: the preview and the write plan the same way, and
the plan is the only thing the write trusts (nothing is re-decided while writing).
"""

from __future__ import annotations

import hashlib
import threading
from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta

import duckdb

from journal import entries, milestones, reviews
from journal.account import Account
from journal.entries import BulkEntry
from journal.errors import ImportFormatError, ValidationError
from journal.transfer import importers
from journal.transfer.importers import ImportedEntry, ImportProblem, ParsedImport
from journal.transfer.importers.steady_json import SteadyParsedImport
from journal.transfer.importers.steady_records import MilestoneRecord, WeeklyReviewRecord
from journal.transfer.mapping import (
    ImportChoices,
    LabelChoice,
    MoodChoice,
    remembered,
    resolve_labels,
    resolve_moods,
)
from journal.transfer.records import content_key, to_inputs, where


@dataclass
class Plan:
    """What an import would write, and what it would leave out and why."""

    planned: list[BulkEntry]
    duplicates: int
    problems: list[ImportProblem]
    moods: list[MoodChoice]
    labels: list[LabelChoice]
    milestones: list[MilestoneRecord] = field(default_factory=list)
    weekly_reviews: list[WeeklyReviewRecord] = field(default_factory=list)
    known_milestones: dict[int, int] = field(default_factory=dict)  # exported id -> id here


def plan_import(
    con: duckdb.DuckDBPyConnection, account: Account, parsed: ParsedImport,
    choices: ImportChoices,
) -> Plan:
    """Map, validate and dedupe every parsed record against this profile's journal."""
    kept_moods, kept_roles = remembered(con, account, parsed.format)
    moods = resolve_moods(parsed, choices.moods, kept_moods)
    labels = resolve_labels(parsed, choices.roles, kept_roles)
    mood_of = {m.label: m.mood for m in moods if m.mapped}
    unmapped = {m.label for m in moods if not m.mapped}
    role_of = {lc.label: lc.role for lc in labels}
    problems = list(parsed.problems)
    clean: list[BulkEntry] = []
    for item in parsed.entries:
        try:
            plans = to_inputs(item, mood_of, role_of, choices.tz_name)
            for one in plans:  # the UTC time stored next to the local one must exist too
                _ = one.inp.when_local - timedelta(minutes=one.inp.utc_offset_min)
        except (OverflowError, ValueError, OSError):
            problems.append(ImportProblem(where(item), "its date is out of the range "
                                          "Steady can store; skipped."))
            continue
        if not _in_range(item, problems):
            continue
        pending = bool(item.mood_label) and item.mood_label in unmapped
        clean += _checked(item, plans, pending, problems)
    new, duplicates = _dedupe(con, account, clean)
    new_milestones, known, new_weekly = _plan_extras(con, account, parsed, problems)
    return Plan(new, duplicates, problems, moods, labels, new_milestones, new_weekly, known)


EARLIEST = date(1900, 1, 1)
MILESTONE_YEARS = 5  # milestones may start or end this many years from today


def _tomorrow() -> date:
    return date.today() + timedelta(days=1)


def _in_range(item: ImportedEntry, problems: list[ImportProblem]) -> bool:
    """Entries are dated 1900 to tomorrow; others are refused with their line and value."""
    day = item.local_dt.date()
    if EARLIEST <= day <= _tomorrow():
        return True
    problems.append(ImportProblem(where(item), f"its date {day.isoformat()} is outside 1900 to "
                                  "tomorrow, so it can't be right; skipped."))
    return False


def _milestone_in_range(m: MilestoneRecord, problems: list[ImportProblem]) -> bool:
    """A milestone's dates (start, target, reviews, changes) within a few years of today."""
    today = date.today()
    low = date(today.year - 4 * MILESTONE_YEARS, 1, 1)
    high = date(today.year + MILESTONE_YEARS, 12, 31)
    dates = [("start", m.start), ("target date", m.target_date), ("reached on", m.reached_on)]
    dates += [("review date", r.review_date) for r in m.reviews]
    dates += [("target change", c.changed_on) for c in m.changes]
    for name, value in dates:
        day = value.date() if isinstance(value, datetime) else value
        if isinstance(day, date) and not low <= day <= high:
            problems.append(ImportProblem(
                f"milestone “{m.title[:40]}”", f"its {name} {day.isoformat()} is outside "
                f"{low.year} to {high.year}, so it can't be right; skipped."))
            return False
    return True


def _checked(
    item: ImportedEntry, plans: list[BulkEntry], pending: bool, problems: list[ImportProblem]
) -> list[BulkEntry]:
    """The record's entries that Steady would accept; the others are noted as problems."""
    out = []
    for one in plans:
        probe = one.inp
        if pending and probe.mood is None:
            probe = replace(probe, mood=3)  # placeholder: the mood is still to be chosen
        if not (probe.body.strip() or probe.prompt_response.strip() or probe.need.strip()
                or probe.hope.strip() or probe.mood or probe.triggers or probe.wins
                or probe.emotions):
            problems.append(ImportProblem(
                where(item), "has no text and no mood, so there is nothing to "
                "import; skipped."))
            continue
        try:
            checked = entries.validate(probe)
        except ValidationError as err:
            problems.append(ImportProblem(where(item), f"{err} Skipped."))
            continue
        if probe is not one.inp:
            checked.mood = None
        out.append(replace(one, inp=checked))
    return out


def _plan_extras(
    con: duckdb.DuckDBPyConnection, account: Account, parsed: ParsedImport,
    problems: list[ImportProblem],
) -> tuple[list[MilestoneRecord], dict[int, int], list[WeeklyReviewRecord]]:
    """A Steady export's milestones and weekly reviews that this profile doesn't have yet.

    A milestone with the same title, measure and start is already here (its reviews and target
    history with it); a week that already has a weekly review keeps the one it has.
    """
    if not isinstance(parsed, SteadyParsedImport):
        return [], {}, []
    have: dict[tuple[str, str, date], int | None] = {
        (m.title.strip(), m.measure, m.start): m.id
        for m in milestones.stored_milestones(con, account)
    }
    new_milestones: list[MilestoneRecord] = []
    known: dict[int, int] = {}
    for m in parsed.milestones:
        if not _milestone_in_range(m, problems):
            continue
        key = (m.title.strip(), m.measure, m.start)
        if key in have:
            here = have[key]
            if here is not None and m.old_id is not None:
                known.setdefault(m.old_id, here)
            continue
        have[key] = None
        new_milestones.append(m)
    weeks = {r.week_start for r in reviews.list_reviews(
        con, account, limit=reviews.count_reviews(con, account))}
    new_weekly: list[WeeklyReviewRecord] = []
    for r in parsed.weekly_reviews:
        if not EARLIEST <= r.week_start <= _tomorrow():
            problems.append(ImportProblem(f"the weekly review of {r.week_start.isoformat()}",
                                          "is dated outside 1900 to tomorrow; skipped."))
            continue
        if r.week_start not in weeks:
            weeks.add(r.week_start)
            new_weekly.append(r)
    return new_milestones, known, new_weekly


def _dedupe(
    con: duckdb.DuckDBPyConnection, account: Account, planned: list[BulkEntry]
) -> tuple[list[BulkEntry], int]:
    """Leave out what the profile already has: same (source, source id), or same content."""
    have: set[tuple[str, str]] = set()
    for source in sorted({p.inp.source for p in planned if p.inp.source_id}):
        have |= {(source, r[0]) for r in con.execute(
            "SELECT source_id FROM entries WHERE profile_id = ? AND source = ? "
            "AND source_id IS NOT NULL", [account.id, source]).fetchall()}
    existing_content: Counter[str] = Counter()
    if any(p.inp.source_id is None for p in planned):
        existing_content = Counter(
            content_key(e) for e in entries.load_for_export(con, account) if e.source_id is None)
    seen_content: Counter[str] = Counter()
    new: list[BulkEntry] = []
    duplicates = 0
    for one in planned:
        inp = one.inp
        if inp.source_id is not None:
            key = (inp.source, inp.source_id)
            if key in have:
                duplicates += 1
                continue
            have.add(key)
        else:
            digest = content_key(inp)
            seen_content[digest] += 1
            if seen_content[digest] <= existing_content[digest]:
                duplicates += 1
                continue
        new.append(one)
    return new, duplicates


# The Data page previews on every rerun; the last couple of parses are kept (keyed by the
# file's hash and the chosen format) so a mood choice doesn't re-read a 10,000-row file.
_PARSED: dict[tuple[str, str | None, str | None], ParsedImport] = {}
_PARSED_LOCK = threading.Lock()
_PARSED_KEEP = 2


def parse(
    data: bytes, filename: str, fmt: str | None, date_format: str | None = None
) -> ParsedImport:
    """The file parsed (or its recent parse); ImportFormatError if it holds nothing to import."""
    key = (hashlib.sha256(data).hexdigest(), fmt or None, date_format or None)
    with _PARSED_LOCK:
        parsed = _PARSED.get(key)
    if parsed is None:
        parsed = importers.parse(data, filename, fmt or None, date_format or None)
        with _PARSED_LOCK:
            _PARSED[key] = parsed
            while len(_PARSED) > _PARSED_KEEP:
                _PARSED.pop(next(iter(_PARSED)))
    extras = isinstance(parsed, SteadyParsedImport) and bool(
        parsed.milestones or parsed.weekly_reviews)
    if not parsed.entries and not extras:
        detail = "; ".join(str(p) for p in parsed.problems[:3])
        raise ImportFormatError(
            "No entries could be read from this file, so nothing was imported."
            + (f" {detail}" if detail else "")
        )
    return parsed


def forget_parsed() -> None:
    """Drop remembered parses (after an import, or in tests)."""
    with _PARSED_LOCK:
        _PARSED.clear()
