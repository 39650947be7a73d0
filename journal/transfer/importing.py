"""Importing, the use cases: preview a file (nothing written) and import it (all or nothing).

Why between the parsers and the database: `journal.transfer.importers` only reads files into
neutral records; deciding what those records become in Steady (moods mapped, activities marked
as triggers or wins, duplicates left out, text sealed) and writing them all-or-nothing happens
here (with `mapping`, `records`, `planning` and `writing`), for the Data page and the CLI alike.

    preview = preview_import(con, account, data, "daylio.csv")   # nothing is written
    result = run_import(con, account, data, "daylio.csv", ImportChoices(moods={"ruhig": 4}))
"""

from __future__ import annotations

import hashlib
import threading
from dataclasses import dataclass, field
from datetime import date, datetime

import duckdb

from journal.account import Account
from journal.entries import BulkEntry
from journal.errors import ValidationError
from journal.milestones.wins import record_reached
from journal.transfer import importers
from journal.transfer.importers import ImportProblem
from journal.transfer.mapping import (
    ImportChoices,
    LabelChoice,
    MoodChoice,
    remembered,
    resolve_labels,
    resolve_moods,
)
from journal.transfer.planning import forget_parsed, parse, plan_import
from journal.transfer.writing import write

PROBLEMS_SHOWN = 50
SAMPLE_ROWS = 5

# One import at a time per process: the dedupe check and the write must not interleave
# (two clicks, two tabs). Across processes the unique index on source ids is the guard.
_IMPORT_LOCK = threading.Lock()

__all__ = [
    "ImportChoices", "ImportPreview", "ImportResult", "LabelChoice", "MoodChoice", "SampleRow",
    "file_choices", "forget_parsed", "preview_import", "run_import",
]


@dataclass(frozen=True)
class SampleRow:
    """A few of the entries that would be added, so the person can check dates and moods."""

    when: datetime
    mood: int | None
    text: str


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
    planned: list[BulkEntry] = field(default_factory=list, repr=False)
    milestones: int = 0  # milestones that would be added (Steady JSON)
    weekly_reviews: int = 0  # weekly reviews that would be added (Steady JSON)
    truncated: str | None = None  # the file looks cut off: importing needs a second yes
    problems_more: int = 0  # problems counted but not listed (a huge broken file)

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
        return max(0, len(self.problems) - PROBLEMS_SHOWN) + self.problems_more

    @property
    def problem_count(self) -> int:
        return len(self.problems) + self.problems_more

    def summary(self) -> str:
        """One sentence: what is in the file and what importing it would do."""
        text = f"{self.format_label}: {self.rows:,} entries read"
        if self.date_range:
            first, last = self.date_range
            text += f", from {first:%d %b %Y} to {last:%d %b %Y}"
        text += f". {self.new:,} new"
        if self.duplicates:
            text += f", {self.duplicates:,} already in your journal"
        if self.problem_count:
            text += f", {self.problem_count:,} problem{'s' if self.problem_count != 1 else ''}"
        text += "."
        if self.truncated:
            text += " " + self.truncated
        return text


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


def _sample(planned: list[BulkEntry]) -> list[SampleRow]:
    """The first few planned entries, their text on one line and cut to 80 characters."""
    rows = []
    for plan in planned[:SAMPLE_ROWS]:
        lines = (" ".join(line.split()) for line in plan.inp.body.splitlines())
        text = " · ".join(line for line in lines if line)
        rows.append(SampleRow(plan.inp.when_local, plan.inp.mood,
                              text[:79] + "…" if len(text) > 80 else text))
    return rows


def file_choices(
    con: duckdb.DuckDBPyConnection, account: Account, data: bytes, filename: str = "",
    fmt: str | None = None, date_format: str | None = None,
) -> tuple[list[MoodChoice], list[LabelChoice]]:
    """The file's mood labels and activities/tags as mapped before this import's choices.

    Why separate from the preview: the Data page builds its mapping widgets from these, and
    their defaults must not shift while the person is choosing (Streamlit keys widgets on them).
    """
    parsed = parse(data, filename, fmt, date_format)
    kept_moods, kept_roles = remembered(con, account, parsed.format)
    return (resolve_moods(parsed, {}, kept_moods), resolve_labels(parsed, {}, kept_roles))


def preview_import(
    con: duckdb.DuckDBPyConnection, account: Account, data: bytes, filename: str = "",
    choices: ImportChoices | None = None,
) -> ImportPreview:
    """Parse and plan an import without writing anything."""
    choices = choices or ImportChoices()
    parsed = parse(data, filename, choices.fmt, choices.date_format)
    plan = plan_import(con, account, parsed, choices)
    return ImportPreview(
        format=parsed.format,
        format_label=importers.labels().get(parsed.format, parsed.format),
        file_sha256=hashlib.sha256(data).hexdigest(),
        rows=len(parsed.entries), new=len(plan.planned), duplicates=plan.duplicates,
        date_range=parsed.date_range, moods=plan.moods, labels=plan.labels,
        problems=plan.problems, sample=_sample(plan.planned), planned=plan.planned,
        milestones=len(plan.milestones), weekly_reviews=len(plan.weekly_reviews),
        truncated=parsed.truncated, problems_more=parsed.problems_more,
    )


def run_import(
    con: duckdb.DuckDBPyConnection, account: Account, data: bytes, filename: str = "",
    choices: ImportChoices | None = None,
) -> ImportResult:
    """Import everything that can be read, in one transaction: all of it or none of it."""
    choices = choices or ImportChoices()
    parsed = parse(data, filename, choices.fmt, choices.date_format)
    label = importers.labels().get(parsed.format, parsed.format)
    if parsed.truncated and not choices.accept_truncated:
        raise ValidationError(parsed.truncated + " Nothing was imported: confirm that you want "
                              "the readable part imported, or export the file again.")
    with _IMPORT_LOCK:
        plan = plan_import(con, account, parsed, choices)
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
            batch_id, added_plans = write(con, account, parsed,
                                          hashlib.sha256(data).hexdigest(), plan, choices)
            # Reaching a milestone records a win: done here, where the data changed (owner B).
            record_reached(con, account)
    return ImportResult(batch_id, label, len(plan.planned), plan.duplicates,
                        len(plan.problems) + parsed.problems_more, parsed.date_range,
                        *added_plans)
