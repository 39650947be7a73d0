"""Reading Steady JSON records back: entries, milestones and weekly reviews, field by field.

Why apart from the exporter: exporters only render; turning a record back into Steady's types
is parsing, used by `importers.steady_json`. Every failure is a RecordError naming the field.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from journal.entries import EntryInput, TriggerItem, WinItem


class RecordError(ValueError):
    """A record that can't become an entry; the message names the field."""


def _text(record: dict[str, Any], key: str, *, optional: bool = False) -> str | None:
    value = record.get(key)
    if value is None:
        return None if optional else ""
    if not isinstance(value, str):
        raise RecordError(f"“{key}” should be text")
    return value


def _small_int(record: dict[str, Any], key: str, low: int, high: int) -> int | None:
    value = record.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise RecordError(f"“{key}” should be a whole number from {low} to {high}")
    return value


def _moment(record: dict[str, Any], key: str, *, required: bool) -> datetime | None:
    value = record.get(key)
    if value is None and not required:
        return None
    if not isinstance(value, str):
        raise RecordError(f"“{key}” should be a date-time like 2024-06-22T21:41:00")
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise RecordError(f"“{key}” “{value[:40]}” is not a date-time") from None
    if not 1 < moment.year < 9999:
        raise RecordError(f"“{key}” {moment.year} is out of range")
    return moment.replace(tzinfo=None)


def from_record(record: object) -> tuple[EntryInput, datetime | None, datetime | None]:
    """A record back into an EntryInput plus its saved/updated times; RecordError if unreadable."""
    if not isinstance(record, dict):
        raise RecordError("is not an entry object")
    when = _moment(record, "when_local", required=True)
    assert when is not None
    emotions = record.get("emotions") or []
    triggers = record.get("triggers") or []
    wins = record.get("wins") or []
    if not isinstance(emotions, list) or not all(isinstance(w, str) for w in emotions):
        raise RecordError("“emotions” should be a list of words")
    if not isinstance(triggers, list) or not all(isinstance(t, dict) for t in triggers):
        raise RecordError("“triggers” should be a list of objects")
    if not isinstance(wins, list) or not all(isinstance(w, dict) for w in wins):
        raise RecordError("“wins” should be a list of objects")
    offset = record.get("utc_offset_min", 0)
    if isinstance(offset, bool) or not isinstance(offset, int) or not -1440 < offset < 1440:
        raise RecordError("“utc_offset_min” should be minutes from UTC")
    source = _text(record, "source", optional=True) or "steady"
    entry = EntryInput(
        when_local=when,
        kind=_text(record, "kind") or "reflection",
        body=_text(record, "body") or "",
        prompt_id=_text(record, "prompt_id", optional=True),
        prompt_text=_text(record, "prompt_text", optional=True),
        prompt_response=_text(record, "prompt_response") or "",
        need=_text(record, "need") or "",
        hope=_text(record, "hope") or "",
        mood=_small_int(record, "mood", 1, 5),
        energy=_small_int(record, "energy", 1, 5),
        emotions=list(emotions),
        triggers=[
            TriggerItem(
                _text(t, "trigger") or "", _text(t, "response", optional=True),
                _text(t, "note", optional=True),
            )
            for t in triggers
        ],
        wins=[
            WinItem(_text(w, "practice") or "", _text(w, "text", optional=True)) for w in wins
        ],
        utc_offset_min=offset,
        source=source,
        source_id=_text(record, "source_id", optional=True),
    )
    return (
        entry,
        _moment(record, "saved_utc", required=False),
        _moment(record, "updated_utc", required=False),
    )


@dataclass(frozen=True)
class MilestoneReviewRecord:
    review_date: date
    worked: str
    didnt: str
    adjust: str
    created_utc: datetime | None


@dataclass(frozen=True)
class TargetChangeRecord:
    changed_on: date
    old_target: float
    new_target: float
    old_target_date: date
    new_target_date: date
    reason: str


@dataclass(frozen=True)
class MilestoneRecord:
    """A milestone read back from an export (ids are the exporting journal's)."""

    old_id: int | None
    title: str
    practice: str
    measure: str
    target: float
    baseline: float | None
    start: date
    target_date: date
    cadence: str
    paused: bool
    reached_on: date | None
    plan_id: int | None
    plan_step: int | None
    plan_steps: int | None
    template: str | None
    created_utc: datetime | None
    reviews: list[MilestoneReviewRecord] = field(default_factory=list)
    changes: list[TargetChangeRecord] = field(default_factory=list)


@dataclass(frozen=True)
class WeeklyReviewRecord:
    week_start: date
    week_end: date
    worked: str
    didnt: str
    adjust: str
    created_utc: datetime | None
    updated_utc: datetime | None


def _date(record: dict[str, Any], key: str, *, required: bool = True) -> date | None:
    value = record.get(key)
    if value is None and not required:
        return None
    if not isinstance(value, str):
        raise RecordError(f"“{key}” should be a date like 2024-06-22")
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise RecordError(f"“{key}” “{value[:40]}” is not a date") from None


def _number(record: dict[str, Any], key: str, *, required: bool = True) -> float | None:
    value = record.get(key)
    if value is None and not required:
        return None
    if (isinstance(value, bool) or not isinstance(value, int | float)
            or (isinstance(value, int) and abs(value) > 10**15)
            or not math.isfinite(value)):
        raise RecordError(f"“{key}” should be a number")
    return float(value)


def _int(record: dict[str, Any], key: str) -> int | None:
    value = record.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value < 2**31:
        raise RecordError(f"“{key}” should be a whole number")
    return value


def _need_date(record: dict[str, Any], key: str) -> date:
    value = _date(record, key)
    assert value is not None
    return value


def _need_number(record: dict[str, Any], key: str) -> float:
    value = _number(record, key)
    assert value is not None
    return value


def _objects(record: dict[str, Any], key: str) -> list[dict[str, Any]]:
    value = record.get(key) or []
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        raise RecordError(f"“{key}” should be a list of objects")
    return value


def milestone_from_record(record: object) -> MilestoneRecord:
    """A milestone record back into its fields; RecordError if unreadable."""
    if not isinstance(record, dict):
        raise RecordError("is not a milestone object")
    paused = record.get("paused", False)
    if not isinstance(paused, bool):
        raise RecordError("“paused” should be true or false")
    reviews = [
        MilestoneReviewRecord(
            review_date=_need_date(r, "review_date"), worked=_text(r, "worked") or "",
            didnt=_text(r, "didnt") or "", adjust=_text(r, "adjust") or "",
            created_utc=_moment(r, "created_utc", required=False),
        )
        for r in _objects(record, "reviews")
    ]
    changes = [
        TargetChangeRecord(
            changed_on=_need_date(c, "changed_on"), old_target=_need_number(c, "old_target"),
            new_target=_need_number(c, "new_target"),
            old_target_date=_need_date(c, "old_target_date"),
            new_target_date=_need_date(c, "new_target_date"),
            reason=_text(c, "reason") or "",
        )
        for c in _objects(record, "target_changes")
    ]
    return MilestoneRecord(
        old_id=_int(record, "id"), title=_text(record, "title") or "",
        practice=_text(record, "practice") or "", measure=_text(record, "measure") or "",
        target=_need_number(record, "target"),
        baseline=_number(record, "baseline", required=False),
        start=_need_date(record, "start"), target_date=_need_date(record, "target_date"),
        cadence=_text(record, "cadence") or "", paused=paused,
        reached_on=_date(record, "reached_on", required=False),
        plan_id=_int(record, "plan_id"), plan_step=_int(record, "plan_step"),
        plan_steps=_int(record, "plan_steps"),
        template=_text(record, "template", optional=True),
        created_utc=_moment(record, "created_utc", required=False),
        reviews=reviews, changes=changes,
    )


def weekly_review_from_record(record: object) -> WeeklyReviewRecord:
    """A weekly review record back into its fields; RecordError if unreadable."""
    if not isinstance(record, dict):
        raise RecordError("is not a weekly review object")
    start = _date(record, "week_start")
    assert start is not None
    return WeeklyReviewRecord(
        week_start=start, week_end=_date(record, "week_end", required=False) or start,
        worked=_text(record, "worked") or "", didnt=_text(record, "didnt") or "",
        adjust=_text(record, "adjust") or "",
        created_utc=_moment(record, "created_utc", required=False),
        updated_utc=_moment(record, "updated_utc", required=False),
    )
