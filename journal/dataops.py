"""Own your data: imports into storage, exports, and the `import`/`export`/`backup`/`restore`
commands of `python -m journal`.

Why one module between the parsers and the database: `journal.importers` only reads files into
neutral records; deciding what those records become in Steady (moods mapped, activities marked
as triggers or wins, duplicates left out, text sealed) and writing them all-or-nothing happens
here, for the Data page and the command line alike.

    preview = preview_import(con, account, data, "daylio.csv")   # nothing is written
    result = run_import(con, account, data, "daylio.csv", ImportChoices(moods={"ruhig": 4}))
"""

from __future__ import annotations

import argparse
import getpass
import hashlib
import json
import os
import sys
import threading
from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from pathlib import Path

import duckdb

from . import entries, exporters, importers, milestones, profiles, reviews, vocab
from .cli import command, open_profile
from .db import transaction, utcnow
from .entries import EntryInput, TriggerItem, WinItem
from .errors import ImportFormatError, JournalError, ProfileError, ValidationError
from .exporters import ExportFile
from .exporters.steady_json import MilestoneRecord, WeeklyReviewRecord
from .importers import DAYLIO_DEFAULT_MOODS, ImportedEntry, ImportProblem, ParsedImport
from .importers.steady_json import SteadyParsedImport
from .profiles import Account
from .timeutil import offset_minutes

ROLE_TEXT = ""            # keep the activity or tag as words in the entry
ROLE_TRIGGER = "trigger"  # store it as a trigger (queryable in charts)
WIN_PREFIX = "win:"       # + practice key: store it as a celebrated win
KIND_BY_SOURCE = {"daylio": "check_in"}   # a Daylio row is a mood check-in; the rest reflect
PROBLEMS_SHOWN = 50
SAMPLE_ROWS = 5

# One import at a time per process: the dedupe check and the write must not interleave
# (two clicks, two tabs). Across processes the unique index on source ids is the guard.
_IMPORT_LOCK = threading.Lock()


# ---------------------------------------------------------------- choices and preview


@dataclass
class ImportChoices:
    """What the person decided: format override, moods for custom labels, activity roles."""

    fmt: str | None = None
    moods: dict[str, int | None] = field(default_factory=dict)  # label -> 1..5, None = no mood
    roles: dict[str, str] = field(default_factory=dict)  # label -> ROLE_TEXT/ROLE_TRIGGER/win:…
    tz_name: str | None = None  # zone for files without one (the browser's)


@dataclass(frozen=True)
class MoodChoice:
    """A mood label found in the file and what it maps to (how: default/remembered/chosen)."""

    label: str
    count: int
    mood: int | None
    how: str  # "default" | "remembered" | "chosen" | "unmapped"

    @property
    def mapped(self) -> bool:
        return self.how != "unmapped"


@dataclass(frozen=True)
class LabelChoice:
    """An activity (Daylio) or tag (Day One, jrnl) and the role it will get."""

    label: str
    count: int
    kind: str  # "activity" | "tag"
    role: str

    @property
    def practice(self) -> str | None:
        return self.role[len(WIN_PREFIX):] if self.role.startswith(WIN_PREFIX) else None


@dataclass(frozen=True)
class SampleRow:
    """A few of the entries that would be added, so the person can check dates and moods."""

    when: datetime
    mood: int | None
    text: str


@dataclass
class _Planned:
    inp: EntryInput
    saved_utc: datetime | None = None
    updated_utc: datetime | None = None


@dataclass
class ImportPreview:
    """Everything the Data page shows before anything is written."""

    format: str
    format_label: str
    file_sha256: str
    rows: int  # entries read from the file
    new: int  # entries that would be added
    duplicates: int  # already in the journal (same source id or same content)
    date_range: tuple[date, date] | None
    moods: list[MoodChoice]
    labels: list[LabelChoice]
    problems: list[ImportProblem]
    sample: list[SampleRow]
    planned: list[_Planned] = field(default_factory=list, repr=False)
    milestones: int = 0  # milestones that would be added (Steady JSON)
    weekly_reviews: int = 0  # weekly reviews that would be added (Steady JSON)

    @property
    def unmapped_moods(self) -> list[str]:
        return [m.label for m in self.moods if not m.mapped]

    @property
    def ready(self) -> bool:
        """True when importing would add something and nothing still needs a choice."""
        return self.new > 0 and not self.unmapped_moods

    def sample_table(self) -> list[dict[str, object]]:
        """The first few new entries as rows for a table (text shown as plain text)."""
        return [{"When": f"{r.when:%Y-%m-%d %H:%M}", "Mood": f"{r.mood}/5" if r.mood else "–",
                 "Text": r.text} for r in self.sample]

    @property
    def problems_shown(self) -> list:
        """The problems listed on screen; the rest are counted in `problems_hidden`."""
        return self.problems[:PROBLEMS_SHOWN]

    @property
    def problems_hidden(self) -> int:
        """How many problems are not listed (a huge broken file stays readable)."""
        return max(0, len(self.problems) - PROBLEMS_SHOWN)

    def summary(self) -> str:
        """One sentence: what is in the file and what importing it would do."""
        text = f"{self.format_label}: {self.rows:,} entries read"
        if self.date_range:
            first, last = self.date_range
            text += f", from {first:%d %b %Y} to {last:%d %b %Y}"
        text += f". {self.new:,} new"
        if self.duplicates:
            text += f", {self.duplicates:,} already in your journal"
        if self.problems:
            text += f", {len(self.problems):,} problem{'s' if len(self.problems) != 1 else ''}"
        return text + "."


@dataclass(frozen=True)
class ImportResult:
    """What an import did."""

    batch_id: int | None
    format_label: str
    added: int
    duplicates: int
    skipped: int
    date_range: tuple[date, date] | None
    milestones: int = 0  # milestones added (Steady JSON), with their reviews and history
    weekly_reviews: int = 0  # weekly reviews added (Steady JSON)

    def _plans_text(self) -> str:
        parts = []
        if self.milestones:
            parts.append(f"{self.milestones:,} milestone{'s' if self.milestones != 1 else ''}")
        if self.weekly_reviews:
            parts.append(f"{self.weekly_reviews:,} weekly "
                         f"review{'s' if self.weekly_reviews != 1 else ''}")
        return " and ".join(parts)

    def message(self) -> str:
        """The sentence shown after importing."""
        plans = self._plans_text()
        if not self.added:
            if plans:
                return (f"Imported {plans} from {self.format_label}; its entries "
                        f"({self.duplicates:,}) are already in your journal.")
            return (f"Nothing new to import: all {self.duplicates:,} entries in this file "
                    f"({self.format_label}) are already in your journal.")
        text = f"Imported {self.added:,} entries from {self.format_label}"
        if self.date_range:
            text += f" ({self.date_range[0]:%d %b %Y} to {self.date_range[1]:%d %b %Y})"
        text += "."
        if plans:
            text += f" Also imported {plans}."
        if self.duplicates:
            text += f" {self.duplicates:,} were already in your journal and were left out."
        if self.skipped:
            text += (f" {self.skipped:,} problem{'s were' if self.skipped != 1 else ' was'} "
                     "noted (rows that couldn't be read were left out).")
        return text


# ---------------------------------------------------------------- remembered mappings


def remembered(
    con: duckdb.DuckDBPyConnection, account: Account, source: str
) -> tuple[dict[str, int | None], dict[str, str]]:
    """The mood mapping and label roles this profile chose in earlier imports of `source`."""
    moods: dict[str, int | None] = {}
    roles: dict[str, str] = {}
    for kind, label, value in con.execute(
        "SELECT kind, label, value FROM import_mappings WHERE profile_id = ? AND source = ?",
        [account.id, source],
    ).fetchall():
        if kind == "mood":
            moods[label] = int(value) if value else None
        else:
            roles[label] = value
    return moods, roles


def _remember(
    con: duckdb.DuckDBPyConnection, account: Account, source: str, choices: ImportChoices,
    moods: list[str], labels: list[str],
) -> None:
    rows = [["mood", label, "" if choices.moods[label] is None else str(choices.moods[label])]
            for label in moods if label in choices.moods]
    rows += [["label", label, choices.roles[label]] for label in labels if label in choices.roles]
    if not rows:
        return
    now = utcnow()
    con.executemany(
        "INSERT INTO import_mappings (profile_id, source, kind, label, value, updated_utc) "
        "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (profile_id, source, kind, label) "
        "DO UPDATE SET value = excluded.value, updated_utc = excluded.updated_utc",
        [[account.id, source, kind, label, value, now] for kind, label, value in rows],
    )


def _resolve_moods(
    parsed: ParsedImport, chosen: dict[str, int | None], kept: dict[str, int | None]
) -> list[MoodChoice]:
    counts = Counter(e.mood_label for e in parsed.entries if e.mood_label)
    out = []
    for label in parsed.mood_labels or list(counts):
        if label in chosen:
            out.append(MoodChoice(label, counts[label], chosen[label], "chosen"))
        elif label in kept:
            out.append(MoodChoice(label, counts[label], kept[label], "remembered"))
        elif label.strip().casefold() in DAYLIO_DEFAULT_MOODS:
            default = DAYLIO_DEFAULT_MOODS[label.strip().casefold()]
            out.append(MoodChoice(label, counts[label], default, "default"))
        else:
            out.append(MoodChoice(label, counts[label], None, "unmapped"))
    return out


def _resolve_labels(
    parsed: ParsedImport, chosen: dict[str, str], kept: dict[str, str]
) -> list[LabelChoice]:
    acts = Counter(a for e in parsed.entries for a in e.activities)
    tags = Counter(t for e in parsed.entries for t in e.tags)
    out = []
    for counter, kind in ((acts, "activity"), (tags, "tag")):
        for label, count in sorted(counter.items(), key=lambda kv: (-kv[1], kv[0].casefold())):
            role = chosen.get(label, kept.get(label, ROLE_TEXT))
            out.append(LabelChoice(label, count, kind, _check_role(role)))
    return out


def _check_role(role: str | None) -> str:
    role = role or ROLE_TEXT
    if role in (ROLE_TEXT, ROLE_TRIGGER):
        return role
    if role.startswith(WIN_PREFIX) and role[len(WIN_PREFIX):].strip():
        return role
    raise ValidationError(f"“{role}” isn't a role Steady knows (use trigger or win:<practice>).")


# ---------------------------------------------------------------- records -> entries


def _compose(item: ImportedEntry, other_activities: list[str], other_tags: list[str]) -> str:
    """The entry text: title, body, then whatever the file said that Steady has no field for."""
    text = "\n".join(p for p in (item.title, item.body) if p and p.strip())
    footer = []
    if other_activities:
        footer.append("Activities: " + ", ".join(other_activities))
    folded = text.casefold()  # jrnl's @tags are already written in the text; others are not
    loose_tags = [t for t in other_tags if not (t.startswith("@") and t.casefold() in folded)]
    if loose_tags:
        footer.append("Tags: " + ", ".join(loose_tags))
    if item.location:
        footer.append(f"Place: {item.location}")
    if item.starred:
        footer.append("★ Starred")
    if footer:
        text = (text + "\n\n" if text else "") + "\n".join(footer)
    return text


def _split_text(text: str, limit: int) -> list[str]:
    """Cut text longer than Steady's entry limit at line or word breaks (nothing is dropped)."""
    parts = []
    while len(text) > limit:
        cut = text.rfind("\n", limit // 2, limit)
        if cut < 0:
            cut = text.rfind(" ", limit // 2, limit)
        if cut < 0:
            cut = limit
        parts.append(text[:cut])
        text = text[cut:]
    parts.append(text)
    return parts


def _to_inputs(
    item: ImportedEntry, moods: dict[str, int | None], roles: dict[str, str], tz_name: str | None
) -> list[_Planned]:
    """One imported record as one (or, for very long text, several) Steady entries."""
    steady = getattr(item, "steady", None)
    if isinstance(steady, EntryInput):  # Steady's own export: every field is already there
        return [_Planned(steady, getattr(item, "saved_utc", None),
                         getattr(item, "updated_utc", None))]
    triggers: list[TriggerItem] = []
    wins: list[WinItem] = []
    other_acts: list[str] = []
    other_tags: list[str] = []
    for labels, rest in ((item.activities, other_acts), (item.tags, other_tags)):
        for label in labels:
            role = roles.get(label, ROLE_TEXT)
            if role == ROLE_TRIGGER:
                triggers.append(TriggerItem(label))
            elif role.startswith(WIN_PREFIX):
                wins.append(WinItem(role[len(WIN_PREFIX):], label))
            else:
                rest.append(label)
    text = _compose(item, other_acts, other_tags)
    if item.utc_dt is not None:
        offset = round((item.local_dt - item.utc_dt).total_seconds() / 60)
    else:
        offset = offset_minutes(item.local_dt, item.tz_name or tz_name)
    mood = moods.get(item.mood_label) if item.mood_label else None
    kind = KIND_BY_SOURCE.get(item.source, "reflection")
    chunks = _split_text(text, vocab.MAX_TEXT_CHARS - 40)
    planned = [_Planned(EntryInput(
        when_local=item.local_dt, kind=kind, body=chunks[0], mood=mood, triggers=triggers,
        wins=wins, utc_offset_min=offset, source=item.source, source_id=item.source_id))]
    for n, chunk in enumerate(chunks[1:], start=2):
        planned.append(_Planned(EntryInput(
            when_local=item.local_dt, kind="reflection",
            body=f"(continued, part {n} of {len(chunks)})\n{chunk}", utc_offset_min=offset,
            source=item.source, source_id=f"{item.source_id}#part{n}")))
    return planned


def content_key(inp: EntryInput) -> str:
    """A hash of everything an entry says; dedupes entries that carry no source id."""
    canonical = json.dumps(
        [inp.when_local.isoformat(), inp.kind, inp.prompt_id, inp.prompt_text,
         inp.prompt_response, inp.body, inp.need, inp.hope, inp.mood, inp.energy,
         list(inp.emotions), [[t.trigger, t.response, t.note] for t in inp.triggers],
         [[w.practice, w.text] for w in inp.wins], inp.source],
        ensure_ascii=False,
    )
    return hashlib.sha256(canonical.encode("utf-8", "surrogatepass")).hexdigest()


def _where(item: ImportedEntry) -> str:
    """Where a record was in the file, in the words the file's own problems use."""
    if item.line:
        return f"line {item.line}"
    number = getattr(item, "index", None)  # position in the file (Steady JSON)
    if isinstance(number, int):
        return f"entry {number}"
    return f"the entry of {item.local_dt:%Y-%m-%d %H:%M}"


@dataclass
class _Plan:
    planned: list[_Planned]
    duplicates: int
    problems: list[ImportProblem]
    moods: list[MoodChoice]
    labels: list[LabelChoice]
    milestones: list[MilestoneRecord] = field(default_factory=list)
    weekly_reviews: list[WeeklyReviewRecord] = field(default_factory=list)
    known_milestones: dict[int, int] = field(default_factory=dict)  # exported id -> id here


def _plan(
    con: duckdb.DuckDBPyConnection, account: Account, parsed: ParsedImport,
    choices: ImportChoices,
) -> _Plan:
    """Map, validate and dedupe every parsed record against this profile's journal."""
    kept_moods, kept_roles = remembered(con, account, parsed.format)
    moods = _resolve_moods(parsed, choices.moods, kept_moods)
    labels = _resolve_labels(parsed, choices.roles, kept_roles)
    mood_of = {m.label: m.mood for m in moods if m.mapped}
    unmapped = {m.label for m in moods if not m.mapped}
    role_of = {lc.label: lc.role for lc in labels}
    problems = list(parsed.problems)
    clean: list[_Planned] = []
    for item in parsed.entries:
        pending = bool(item.mood_label) and item.mood_label in unmapped
        try:
            plans = _to_inputs(item, mood_of, role_of, choices.tz_name)
            for plan in plans:  # the UTC time stored next to the local one must exist too
                _ = plan.inp.when_local - timedelta(minutes=plan.inp.utc_offset_min)
        except (OverflowError, ValueError, OSError):
            problems.append(ImportProblem(_where(item), "its date is out of the range "
                                          "Steady can store; skipped."))
            continue
        for plan in plans:
            probe = plan.inp
            if pending and probe.mood is None:
                probe = replace(probe, mood=3)  # placeholder: the mood is still to be chosen
            if not (probe.body.strip() or probe.prompt_response.strip() or probe.need.strip()
                    or probe.hope.strip() or probe.mood or probe.triggers or probe.wins
                    or probe.emotions):
                problems.append(ImportProblem(
                    _where(item), "has no text and no mood, so there is nothing to "
                    "import; skipped."))
                continue
            try:
                checked = entries.validate(probe)
            except ValidationError as err:
                problems.append(ImportProblem(_where(item), f"{err} Skipped."))
                continue
            if probe is not plan.inp:
                checked.mood = None
            plan.inp = checked
            clean.append(plan)
    new, duplicates = _dedupe(con, account, clean)
    new_milestones, known, new_weekly = _plan_extras(con, account, parsed)
    return _Plan(new, duplicates, problems, moods, labels, new_milestones, new_weekly, known)


def _plan_extras(
    con: duckdb.DuckDBPyConnection, account: Account, parsed: ParsedImport
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
        if r.week_start not in weeks:
            weeks.add(r.week_start)
            new_weekly.append(r)
    return new_milestones, known, new_weekly


def _dedupe(
    con: duckdb.DuckDBPyConnection, account: Account, planned: list[_Planned]
) -> tuple[list[_Planned], int]:
    """Leave out what the profile already has: same (source, source id), or same content."""
    have: set[tuple[str, str]] = set()
    for source in sorted({p.inp.source for p in planned if p.inp.source_id}):
        have |= {(source, r[0]) for r in con.execute(
            "SELECT source_id FROM entries WHERE profile_id = ? AND source = ? "
            "AND source_id IS NOT NULL", [account.id, source]).fetchall()}
    existing_content: Counter[str] = Counter()
    if any(p.inp.source_id is None for p in planned):
        existing_content = Counter(
            content_key(e) for e in exporters.load_entries(con, account) if e.source_id is None)
    seen_content: Counter[str] = Counter()
    new: list[_Planned] = []
    duplicates = 0
    for plan in planned:
        inp = plan.inp
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
        new.append(plan)
    return new, duplicates


# The Data page previews on every rerun; the last couple of parses are kept (keyed by the
# file's hash and the chosen format) so a mood choice doesn't re-read a 10,000-row file.
_PARSED: dict[tuple[str, str | None], ParsedImport] = {}
_PARSED_LOCK = threading.Lock()
_PARSED_KEEP = 2


def _parse(data: bytes, filename: str, fmt: str | None) -> ParsedImport:
    key = (hashlib.sha256(data).hexdigest(), fmt or None)
    with _PARSED_LOCK:
        parsed = _PARSED.get(key)
    if parsed is None:
        parsed = importers.parse(data, filename, fmt or None)
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


def _sample(planned: list[_Planned]) -> list[SampleRow]:
    rows = []
    for plan in planned[:SAMPLE_ROWS]:
        lines = (" ".join(line.split()) for line in plan.inp.body.splitlines())
        text = " · ".join(line for line in lines if line)
        rows.append(SampleRow(plan.inp.when_local, plan.inp.mood,
                              text[:79] + "…" if len(text) > 80 else text))
    return rows


def file_choices(
    con: duckdb.DuckDBPyConnection, account: Account, data: bytes, filename: str = "",
    fmt: str | None = None,
) -> tuple[list[MoodChoice], list[LabelChoice]]:
    """The file's mood labels and activities/tags as mapped before this import's choices.

    Why separate from the preview: the Data page builds its mapping widgets from these, and
    their defaults must not shift while the person is choosing (Streamlit keys widgets on them).
    """
    parsed = _parse(data, filename, fmt)
    kept_moods, kept_roles = remembered(con, account, parsed.format)
    return (_resolve_moods(parsed, {}, kept_moods), _resolve_labels(parsed, {}, kept_roles))


def preview_import(
    con: duckdb.DuckDBPyConnection, account: Account, data: bytes, filename: str = "",
    choices: ImportChoices | None = None,
) -> ImportPreview:
    """Parse and plan an import without writing anything."""
    choices = choices or ImportChoices()
    parsed = _parse(data, filename, choices.fmt)
    plan = _plan(con, account, parsed, choices)
    return ImportPreview(
        format=parsed.format,
        format_label=importers.labels().get(parsed.format, parsed.format),
        file_sha256=hashlib.sha256(data).hexdigest(),
        rows=len(parsed.entries), new=len(plan.planned), duplicates=plan.duplicates,
        date_range=parsed.date_range, moods=plan.moods, labels=plan.labels,
        problems=plan.problems, sample=_sample(plan.planned), planned=plan.planned,
        milestones=len(plan.milestones), weekly_reviews=len(plan.weekly_reviews),
    )


def run_import(
    con: duckdb.DuckDBPyConnection, account: Account, data: bytes, filename: str = "",
    choices: ImportChoices | None = None,
) -> ImportResult:
    """Import everything that can be read, in one transaction: all of it or none of it."""
    choices = choices or ImportChoices()
    parsed = _parse(data, filename, choices.fmt)
    label = importers.labels().get(parsed.format, parsed.format)
    with _IMPORT_LOCK:
        plan = _plan(con, account, parsed, choices)
        unmapped = [m.label for m in plan.moods if not m.mapped]
        if unmapped:
            raise ValidationError(
                "Please choose a Steady mood (or “no mood”) for: "
                + ", ".join(f"“{m}”" for m in unmapped) + ". Nothing was imported yet."
            )
        batch_id = None
        added_plans = (0, 0)
        if (plan.planned or plan.milestones or plan.weekly_reviews or choices.moods
                or choices.roles):
            batch_id, added_plans = _write(con, account, parsed,
                                           hashlib.sha256(data).hexdigest(), plan, choices)
    return ImportResult(batch_id if plan.planned else None, label, len(plan.planned),
                        plan.duplicates, len(plan.problems), parsed.date_range, *added_plans)


# ---------------------------------------------------------------- writing


def _rollback(con: duckdb.DuckDBPyConnection) -> None:
    """Roll back if a transaction is still open (a failed COMMIT has already ended it)."""
    try:
        con.execute("ROLLBACK")
    except duckdb.Error:
        pass


def _write(
    con: duckdb.DuckDBPyConnection, account: Account, parsed: ParsedImport, sha: str,
    plan: _Plan, choices: ImportChoices,
) -> tuple[int | None, tuple[int, int]]:
    """Entries, milestones and weekly reviews in one transaction; (batch id, plans added)."""
    con.execute("BEGIN TRANSACTION")
    try:
        batch_id = None
        if plan.planned:
            ids = _insert_entries(con, account, plan.planned)
            _insert_parts(con, account, ids, plan.planned)
            row = con.execute(
                "INSERT INTO import_batches (profile_id, format, file_sha256, imported_utc, "
                "added, duplicates, skipped) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
                [account.id, parsed.format, sha, utcnow(), len(ids), plan.duplicates,
                 len(plan.problems)],
            ).fetchone()
            assert row is not None
            batch_id = int(row[0])
            con.execute(
                "INSERT INTO import_batch_entries (batch_id, profile_id, entry_id) "
                "SELECT ?, ?, unnest(?::BIGINT[])", [batch_id, account.id, ids])
        added_plans = (_insert_milestones(con, account, plan),
                       _insert_weekly_reviews(con, account, plan))
        _remember(con, account, parsed.format, choices, [m.label for m in plan.moods],
                  [lc.label for lc in plan.labels])
        con.execute("COMMIT")
    except BaseException as err:
        _rollback(con)
        if isinstance(err, duckdb.ConstraintException | duckdb.TransactionException):
            raise ImportFormatError(
                "Some of these entries were imported a moment ago (perhaps from another "
                "window), so nothing was added twice. Check History, then import again if "
                "anything is missing."
            ) from err
        raise
    return batch_id, added_plans


def _insert_milestones(
    con: duckdb.DuckDBPyConnection, account: Account, plan: _Plan
) -> int:
    """The plan's new milestones, their reviews and target history (inside _write's
    transaction; text sealed by the milestones helpers). Returns how many were added."""
    ids = dict(plan.known_milestones)     # exported id -> id here, for stepped plans
    added: list[tuple[MilestoneRecord, int]] = []
    for m in plan.milestones:
        try:
            new_id = milestones.create_milestone(
                con, account, title=m.title, practice=m.practice, measure=m.measure,
                target=m.target, start=m.start, target_date=m.target_date, cadence=m.cadence,
                baseline=m.baseline, template=m.template, plan_step=m.plan_step,
                plan_steps=m.plan_steps)
        except ValidationError as err:
            plan.problems.append(ImportProblem(f"milestone “{m.title[:40]}”", f"{err} Skipped."))
            continue
        if m.old_id is not None:
            ids.setdefault(m.old_id, new_id)
        added.append((m, new_id))
    heads: dict[int, int] = {}
    seal = account.keys.seal
    for m, new_id in added:
        plan_id = None
        if m.plan_id is not None:    # the plan's first step here (or its first one imported)
            plan_id = ids.get(m.plan_id) or heads.setdefault(m.plan_id, new_id)
        if m.paused:
            milestones.set_paused(con, account, new_id, True)
        con.execute(
            "UPDATE milestones SET plan_id = ?, reached_on = ?, "
            "created_utc = coalesce(?, created_utc) WHERE id = ? AND profile_id = ?",
            [plan_id, m.reached_on, m.created_utc, new_id, account.id])
        for r in m.reviews:
            try:
                review_id = milestones.record_review(con, account, new_id, r.worked, r.didnt,
                                                     r.adjust, r.review_date)
            except ValidationError as err:
                plan.problems.append(ImportProblem(
                    f"a review of milestone “{m.title[:40]}”", f"{err} Skipped."))
                continue
            if r.created_utc is not None:
                con.execute("UPDATE milestone_reviews SET created_utc = ? "
                            "WHERE id = ? AND profile_id = ?",
                            [r.created_utc, review_id, account.id])
        for c in m.changes:   # change_target would rewrite the target (and open a transaction)
            con.execute(
                "INSERT INTO milestone_changes (milestone_id, profile_id, changed_on, "
                "old_target, new_target, old_target_date, new_target_date, reason, "
                "created_utc) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [new_id, account.id, c.changed_on, c.old_target, c.new_target,
                 c.old_target_date, c.new_target_date, seal(c.reason), utcnow()])
    return len(added)


def _insert_weekly_reviews(
    con: duckdb.DuckDBPyConnection, account: Account, plan: _Plan
) -> int:
    """The plan's new weekly reviews (sealed by reviews.save_review); returns how many."""
    added = 0
    for r in plan.weekly_reviews:
        try:
            review_id = reviews.save_review(con, account, r.week_start, r.worked, r.didnt,
                                            r.adjust)
        except ValidationError as err:
            plan.problems.append(ImportProblem(f"the weekly review of {r.week_start}",
                                               f"{err} Skipped."))
            continue
        con.execute(
            "UPDATE weekly_reviews SET week_end = ?, created_utc = coalesce(?, created_utc), "
            "updated_utc = ? WHERE id = ? AND profile_id = ?",
            [r.week_end, r.created_utc, r.updated_utc, review_id, account.id])
        added += 1
    return added


def _insert_entries(
    con: duckdb.DuckDBPyConnection, account: Account, planned: list[_Planned]
) -> list[int]:
    """All entries in one statement (list parameters unnested), sealed text only."""
    seal = account.keys.seal
    ids = [int(r[0]) for r in con.execute(
        "SELECT nextval('entry_seq') FROM range(?)", [len(planned)]).fetchall()]
    now = utcnow()
    cols: dict[str, list[object]] = {k: [] for k in (
        "created", "day", "time", "offset", "kind", "prompt_id", "prompt_text", "response",
        "body", "need", "hope", "mood", "energy", "saved", "updated", "source", "source_id")}
    for plan in planned:
        inp = plan.inp
        cols["created"].append(inp.when_local - timedelta(minutes=inp.utc_offset_min))
        cols["day"].append(inp.when_local.date())
        cols["time"].append(inp.when_local.time())
        cols["offset"].append(inp.utc_offset_min)
        cols["kind"].append(inp.kind)
        cols["prompt_id"].append(inp.prompt_id)
        cols["prompt_text"].append(inp.prompt_text)
        cols["response"].append(seal(inp.prompt_response))
        cols["body"].append(seal(inp.body))
        cols["need"].append(seal(inp.need))
        cols["hope"].append(seal(inp.hope))
        cols["mood"].append(inp.mood)
        cols["energy"].append(inp.energy)
        cols["saved"].append(plan.saved_utc or now)
        cols["updated"].append(plan.updated_utc)
        cols["source"].append(inp.source)
        cols["source_id"].append(inp.source_id)
    con.execute(
        """
        INSERT INTO entries (id, profile_id, created_utc, local_date, local_time, utc_offset_min,
            kind, prompt_id, prompt_text, prompt_response, body, need, hope, mood, energy,
            saved_utc, updated_utc, source, source_id)
        SELECT unnest(?::BIGINT[]), ?, unnest(?::TIMESTAMP[]), unnest(?::DATE[]),
            unnest(?::TIME[]), unnest(?::INTEGER[]), unnest(?::VARCHAR[]), unnest(?::VARCHAR[]),
            unnest(?::VARCHAR[]), unnest(?::VARCHAR[]), unnest(?::VARCHAR[]),
            unnest(?::VARCHAR[]), unnest(?::VARCHAR[]), unnest(?::TINYINT[]),
            unnest(?::TINYINT[]), unnest(?::TIMESTAMP[]), unnest(?::TIMESTAMP[]),
            unnest(?::VARCHAR[]), unnest(?::VARCHAR[])
        """,
        [ids, account.id, *cols.values()],
    )
    return ids


def _insert_parts(
    con: duckdb.DuckDBPyConnection, account: Account, ids: list[int], planned: list[_Planned]
) -> None:
    """Emotions, triggers and wins of every entry, three statements in all."""
    seal = account.keys.seal
    emo: list[list[object]] = [[], [], [], []]
    trig: list[list[object]] = [[], [], [], [], []]
    win: list[list[object]] = [[], [], [], []]
    for entry_id, plan in zip(ids, planned, strict=True):
        inp = plan.inp
        day = inp.when_local.date()
        for word in inp.emotions:
            for col, value in zip(emo, (entry_id, day, word, vocab.EMOTION_QUADRANT.get(word)),
                                  strict=True):
                col.append(value)
        for t in inp.triggers:
            for col, value in zip(trig, (entry_id, day, t.trigger, t.response, seal(t.note)),
                                  strict=True):
                col.append(value)
        for w in inp.wins:
            for col, value in zip(win, (entry_id, day, w.practice, seal(w.text)), strict=True):
                col.append(value)
    if emo[0]:
        con.execute(
            "INSERT INTO entry_emotions (entry_id, profile_id, local_date, word, quadrant) "
            "SELECT unnest(?::BIGINT[]), ?, unnest(?::DATE[]), unnest(?::VARCHAR[]), "
            "unnest(?::VARCHAR[])", [emo[0], account.id, *emo[1:]])
    if trig[0]:
        con.execute(
            "INSERT INTO entry_triggers (entry_id, profile_id, local_date, trigger, response, "
            "note) SELECT unnest(?::BIGINT[]), ?, unnest(?::DATE[]), unnest(?::VARCHAR[]), "
            "unnest(?::VARCHAR[]), unnest(?::VARCHAR[])", [trig[0], account.id, *trig[1:]])
    if win[0]:
        con.execute(
            "INSERT INTO wins (entry_id, profile_id, local_date, practice, text) "
            "SELECT unnest(?::BIGINT[]), ?, unnest(?::DATE[]), unnest(?::VARCHAR[]), "
            "unnest(?::VARCHAR[])", [win[0], account.id, *win[1:]])


# ---------------------------------------------------------------- past imports


@dataclass(frozen=True)
class ImportBatch:
    """One past import, for the Data page's list (and its undo)."""

    id: int
    format_label: str
    imported_utc: datetime
    added: int
    remaining: int


def list_batches(con: duckdb.DuckDBPyConnection, account: Account) -> list[ImportBatch]:
    """This profile's imports, newest first, with how many of their entries still exist."""
    labels = importers.labels()
    rows = con.execute(
        """
        SELECT b.id, b.format, b.imported_utc, b.added,
               (SELECT count(*) FROM import_batch_entries be JOIN entries e
                  ON e.id = be.entry_id AND e.profile_id = be.profile_id
                WHERE be.batch_id = b.id AND be.profile_id = b.profile_id)
        FROM import_batches b WHERE b.profile_id = ? ORDER BY b.id DESC
        """,
        [account.id],
    ).fetchall()
    return [ImportBatch(int(r[0]), labels.get(r[1], r[1]), r[2], int(r[3]), int(r[4]))
            for r in rows]


def undo_import(con: duckdb.DuckDBPyConnection, account: Account, batch_id: int) -> int:
    """Remove the entries one import added (all in one transaction); returns how many."""
    found = con.execute(
        "SELECT 1 FROM import_batches WHERE id = ? AND profile_id = ?", [batch_id, account.id]
    ).fetchone()
    if not found:
        raise ValidationError("That import isn't in your journal's list any more.")
    picked = ("SELECT entry_id FROM import_batch_entries WHERE batch_id = ? AND profile_id = ?")
    with transaction(con):
        row = con.execute(
            f"SELECT count(*) FROM entries WHERE profile_id = ? AND id IN ({picked})",  # noqa: S608
            [account.id, batch_id, account.id]).fetchone()
        for table, key in (("entry_emotions", "entry_id"), ("entry_triggers", "entry_id"),
                           ("wins", "entry_id"), ("entries", "id")):
            con.execute(
                f"DELETE FROM {table} WHERE profile_id = ? AND {key} IN ({picked})",  # noqa: S608
                [account.id, batch_id, account.id])
        con.execute("DELETE FROM import_batch_entries WHERE batch_id = ? AND profile_id = ?",
                    [batch_id, account.id])
        con.execute("DELETE FROM import_batches WHERE id = ? AND profile_id = ?",
                    [batch_id, account.id])
    return int(row[0]) if row else 0


# ---------------------------------------------------------------- exports


def export_file(con: duckdb.DuckDBPyConnection, account: Account, fmt: str) -> ExportFile:
    """The signed-in profile's journal in `fmt` (json, csv, markdown), decrypted here."""
    return exporters.export(con, account, fmt)


def export_name(account: Account, fmt: str) -> str:
    """The file name an export gets (known before the export is made, for download buttons)."""
    return exporters.file_name(account.name, fmt)


def forget_parsed() -> None:
    """Drop remembered parses (after an import, or in tests)."""
    with _PARSED_LOCK:
        _PARSED.clear()


def entry_count(con: duckdb.DuckDBPyConnection, account: Account) -> int:
    """How many entries the profile has (empty states on the Data page)."""
    return entries.count_entries(con, account)


def change_passphrase(
    con: duckdb.DuckDBPyConnection, account: Account, old: str, new: str, repeat: str
) -> None:
    """Rewrap the profile's keys under a new passphrase (entries are not re-encrypted)."""
    if new != repeat:
        raise ProfileError("The two new passphrases don't match. Please type them again.")
    if new == old:
        raise ProfileError("The new passphrase is the same as the current one.")
    profiles.change_passphrase(con, account, old, new)


def export_labels() -> dict[str, str]:
    """Export format name -> label."""
    return exporters.labels()


def import_labels() -> dict[str, str]:
    """Import format name -> label (the format picker on the Data page)."""
    return importers.labels()


def detect_format(data: bytes, filename: str = "") -> str | None:
    """The format the content looks like, or None if no importer recognises it."""
    try:
        return importers.detect(data, filename)
    except ImportFormatError:
        return None


def auto_mapped(moods: list[MoodChoice]) -> str:
    """"rad → 5, good → 4, …" for the moods Steady mapped by itself (Daylio's defaults)."""
    auto = sorted((m for m in moods if m.how == "default"), key=lambda m: -(m.mood or 0))
    return ", ".join(f"{m.label} → {m.mood}" for m in auto)


def practices() -> dict[str, str]:
    """Practice key -> label, for marking activities as wins."""
    return dict(vocab.PRACTICES)


def mood_options() -> dict[int | None, str]:
    """Choices for mapping a custom mood label."""
    return {**{m: f"{m} · {label}" for m, label in vocab.MOOD_LABELS.items()}, None: "No mood"}


# ---------------------------------------------------------------- command line


def _passphrase(args: argparse.Namespace) -> str:
    """--passphrase, else STEADY_PASSPHRASE, else a hidden prompt (never echoed)."""
    if getattr(args, "passphrase", None):
        return args.passphrase
    if os.environ.get("STEADY_PASSPHRASE"):
        return os.environ["STEADY_PASSPHRASE"]
    if sys.stdin.isatty():
        return getpass.getpass(f"Passphrase for {args.profile}: ")
    raise ProfileError("Give the passphrase with --passphrase or the STEADY_PASSPHRASE variable.")


def _profile_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--db", required=True, help="journal file")
    p.add_argument("--profile", required=True, help="profile name")
    p.add_argument("--passphrase", help="or set STEADY_PASSPHRASE, or type it when asked")


def parse_mood_flags(values: list[str]) -> dict[str, int | None]:
    """`LABEL=N` (1-5) or `LABEL=none` from --mood flags."""
    moods: dict[str, int | None] = {}
    for value in values:
        label, sep, mood = value.rpartition("=")
        if not sep or not label:
            raise ValidationError(f"--mood “{value}” should look like “Очень хорошо=5”.")
        if mood.strip().lower() in ("none", "no", "-"):
            moods[label] = None
        elif mood.strip() in {"1", "2", "3", "4", "5"}:
            moods[label] = int(mood)
        else:
            raise ValidationError(f"--mood “{value}”: the mood should be 1 to 5, or none.")
    return moods


def parse_role_flags(triggers: list[str], wins: list[str]) -> dict[str, str]:
    """--trigger LABEL and --win LABEL[=PRACTICE] into roles."""
    roles = {label: ROLE_TRIGGER for label in triggers}
    for value in wins:
        label, sep, practice = value.partition("=")
        roles[label] = WIN_PREFIX + (practice.strip() if sep and practice.strip() else label)
    return roles


def _import_args(p: argparse.ArgumentParser) -> None:
    _profile_args(p)
    p.add_argument("file", help="Daylio CSV, Day One JSON/zip, jrnl JSON/text, Steady JSON")
    p.add_argument("--format", dest="fmt", help="override detection: " + ", ".join(
        importers.IMPORTERS))
    p.add_argument("--mood", action="append", default=[], metavar="LABEL=N",
                   help="map a custom mood to 1-5 (or none); remembered for next time")
    p.add_argument("--trigger", action="append", default=[], metavar="LABEL",
                   help="store this activity/tag as a trigger")
    p.add_argument("--win", action="append", default=[], metavar="LABEL[=PRACTICE]",
                   help="store this activity/tag as a win (practice: " + ", ".join(
                       vocab.PRACTICES) + ")")
    p.add_argument("--tz", help="IANA time zone for files without one (default: this computer's)")
    p.add_argument("--dry-run", action="store_true", help="show the preview, write nothing")


def _print_preview(preview: ImportPreview) -> None:
    print(preview.summary())
    for mood in preview.moods:
        target = "unmapped" if not mood.mapped else (
            "no mood" if mood.mood is None else f"{mood.mood} ({mood.how})")
        print(f"  mood “{mood.label}” ×{mood.count} → {target}")
    for problem in preview.problems[:PROBLEMS_SHOWN]:
        print(f"  problem: {problem}")
    if len(preview.problems) > PROBLEMS_SHOWN:
        print(f"  … and {len(preview.problems) - PROBLEMS_SHOWN} more problems")


def _import(args: argparse.Namespace) -> int:
    path = Path(args.file)
    try:
        data = path.read_bytes()
    except OSError as err:
        raise ImportFormatError(f"Steady can't read {path} ({err.strerror}).") from err
    choices = ImportChoices(fmt=args.fmt, moods=parse_mood_flags(args.mood),
                            roles=parse_role_flags(args.trigger, args.win), tz_name=args.tz)
    con, account = open_profile(args.db, args.profile, _passphrase(args))
    try:
        preview = preview_import(con, account, data, path.name, choices)
        _print_preview(preview)
        if preview.unmapped_moods:
            flags = " ".join(f'--mood "{m}=N"' for m in preview.unmapped_moods)
            print(f"steady: choose a mood (1-5 or none) for each unmapped label, e.g. {flags}",
                  file=sys.stderr)
            return 2
        if args.dry_run:
            print("Dry run: nothing was written.")
            return 0
        result = run_import(con, account, data, path.name, choices)
    finally:
        con.close()
    print(result.message())
    return 0


def _export_args(p: argparse.ArgumentParser) -> None:
    _profile_args(p)
    p.add_argument("--format", dest="fmt", required=True, choices=list(exporters.EXPORTERS))
    p.add_argument("--out", required=True, help="file to write, or a folder to write into")
    p.add_argument("--force", action="store_true", help="overwrite an existing file")


def _export(args: argparse.Namespace) -> int:
    con, account = open_profile(args.db, args.profile, _passphrase(args))
    try:
        done = export_file(con, account, args.fmt)
    finally:
        con.close()
    out = Path(args.out)
    target = out / done.file_name if out.is_dir() else out
    if target.exists() and not args.force:
        raise ValidationError(f"{target} already exists; add --force to replace it.")
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = target.with_name(target.name + ".partial")
    staging.write_bytes(done.data)
    os.replace(staging, target)
    print(f"Exported {done.entries:,} entries of '{account.name}' to {target}. "
          "This file is not encrypted: keep it somewhere private.")
    return 0


def _backup_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--db", required=True, help="journal file (the app must be stopped)")
    p.add_argument("--to", required=True, help="folder for the backup")


def _backup(args: argparse.Namespace) -> int:
    from . import backup

    info = backup.backup_file(args.db, args.to)
    print(f"Backed up {info.profiles} profile(s), {info.entries:,} entries to {info.path} "
          f"({info.size / 1e6:.1f} MB). Restore with: python -m journal restore --db {args.db} "
          f"--from {info.path}")
    return 0


def _restore_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--db", required=True, help="journal file to replace (the app must be stopped)")
    p.add_argument("--from", dest="source", required=True, help="backup file")


def _restore(args: argparse.Namespace) -> int:
    from . import backup

    done = backup.restore(args.source, args.db)
    print(f"Restored {done.restored.entries:,} entries ({done.restored.profiles} profile(s)) "
          f"from {done.restored.path} into {args.db}.")
    if done.kept_previous:
        print(f"The journal it replaced is kept at {done.kept_previous}.")
    return 0


def _bench(args: argparse.Namespace) -> int:
    from . import bench_data

    return bench_data.main(args)


def _bench_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--kills", type=int, default=100, help="SIGKILL rounds in the crash loop")
    p.add_argument("--import-kills", type=int, default=20, help="SIGKILLs during imports")
    p.add_argument("--rows", type=int, default=10_000, help="rows in the Daylio import file")
    p.add_argument("--repeats", type=int, default=5, help="timed runs per import measurement")
    p.add_argument("--seed", type=int, default=11)
    p.add_argument("--keep", help="folder to keep the bench files in (default: a temp folder)")


for _name, _handler, _add, _help in (
    ("import", _import, _import_args, "import a Daylio/Day One/jrnl/Steady export (preview first)"),
    ("export", _export, _export_args, "export a profile as JSON, CSV or Markdown"),
    ("backup", _backup, _backup_args, "copy the journal (app stopped; else the Data page)"),
    ("restore", _restore, _restore_args, "replace the journal with a backup (app stopped)"),
    ("bench-data", _bench, _bench_args, "time imports and run the SIGKILL crash loop"),
):
    _handler.add_args = _add  # type: ignore[attr-defined]
    command(_name, _help)(_handler)

__all__ = [
    "ImportBatch", "ImportChoices", "ImportPreview", "ImportResult", "JournalError", "LabelChoice",
    "MoodChoice", "ROLE_TEXT", "ROLE_TRIGGER", "WIN_PREFIX", "content_key", "detect_format",
    "export_file", "list_batches", "preview_import", "remembered", "run_import", "undo_import",
]
