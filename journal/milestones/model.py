"""What a milestone is: its types, the words for its statuses, and the rules for saving one.

Why: titles, review answers and reasons for changes are free text the person types, so they
are checked here once (length, a kind message) before the store seals them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date, datetime

from journal import vocab
from journal.errors import ValidationError
from journal.milestones.measures import MEASURES, Measure
from journal.timeutil import long_date

MAX_TITLE_CHARS = 120
WIN_SOURCE = "milestone"   # entries.source of the win recorded when a milestone is reached

CADENCES: dict[str, str] = {
    "weekly": "Every week",
    "fortnightly": "Every two weeks",
    "monthly": "Every month",
}

STATUSES: dict[str, str] = {
    "on_track": "On track",
    "behind": "Behind for now",
    "reached": "Reached",
    "paused": "Paused",
}
ORDER = {"behind": 0, "on_track": 0, "paused": 1, "reached": 2}   # listing order


@dataclass
class Milestone:
    """A milestone as the person set it, with its status computed for `today`."""

    id: int
    title: str
    practice: str
    measure: str
    target: float
    start: date
    target_date: date
    cadence: str
    status: str
    paused: bool
    baseline: float | None = None
    reached_on: date | None = None
    plan_id: int | None = None
    plan_step: int | None = None
    plan_steps: int | None = None
    template: str | None = None
    created_utc: datetime | None = None
    note: str = ""
    latest: float | None = None
    last_review: date | None = None
    next_review: date | None = None
    review_due: bool = False
    periods: list[PeriodProgress] = field(default_factory=list, repr=False)

    @property
    def measure_def(self) -> Measure:
        return MEASURES[self.measure]

    @property
    def status_label(self) -> str:
        return STATUSES[self.status]

    @property
    def target_text(self) -> str:
        """The target in words, e.g. "2 a week", "at most 1 a week", "60%"."""
        m = self.measure_def
        if m.direction == "down":
            return "none at all" if self.target == 0 else f"at most {m.fmt(self.target)}"
        return m.fmt(self.target)

    @property
    def summary(self) -> str:
        """One line: what is measured, the target and the date (plain text, no markup)."""
        m = self.measure_def
        what = (f"Wins for “{vocab.label(vocab.PRACTICES, self.practice)}” per week"
                if m.uses_practice else m.label)
        practice = ("" if m.uses_practice else
                    f" · practice: {vocab.label(vocab.PRACTICES, self.practice).lower()}")
        return f"{what}: target {self.target_text} by {long_date(self.target_date)}{practice}"


@dataclass(frozen=True)
class PeriodProgress:
    """One week of a milestone: the actual value against the target and the plan."""

    start: date
    end: date
    value: float | None
    target: float
    planned: float | None
    met: bool | None
    complete: bool
    before_start: bool = False
    sample: int | None = None


@dataclass(frozen=True)
class Status:
    """A milestone's status and one gentle sentence about it."""

    key: str
    note: str
    latest: float | None = None
    reached_on: date | None = None

    @property
    def label(self) -> str:
        return STATUSES[self.key]


@dataclass(frozen=True)
class RealismCheck:
    """How a proposed target compares with the person's own recent weeks."""

    measure: str
    target: float
    baseline: float | None
    baseline_weeks: int
    kind: str            # "no_baseline" | "already" | "modest" | "large"
    message: str
    stepped_plan: list[tuple[date, float]] = field(default_factory=list)
    suggested_target: float | None = None

    @property
    def large_jump(self) -> bool:
        return self.kind == "large"


@dataclass(frozen=True)
class MilestoneReview:
    """A cadence review saved with a milestone."""

    id: int
    milestone_id: int
    review_date: date
    worked: str
    didnt: str
    adjust: str
    created_utc: datetime


@dataclass(frozen=True)
class TargetChange:
    """A change of target or date, with the reason kept."""

    id: int
    milestone_id: int
    changed_on: date
    old_target: float
    new_target: float
    old_target_date: date
    new_target_date: date
    reason: str


@dataclass(frozen=True)
class Overview:
    """Everything the Milestones page lists, plus those reached whose win isn't recorded yet."""

    milestones: list[Milestone]
    newly_reached: list[Milestone]

    @property
    def active(self) -> list[Milestone]:
        """Under way or paused: the ones worth a look this week."""
        return [m for m in self.milestones if m.status != "reached"]

    @property
    def reached(self) -> list[Milestone]:
        return [m for m in self.milestones if m.status == "reached"]


@dataclass
class Row:
    """A milestone row, decrypted, before its status is computed."""

    id: int
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
    last_review: date | None


# ---------------------------------------------------------------- validation


def clean_text(text: str | None, what: str, limit: int = vocab.MAX_SHORT_CHARS) -> str:
    """The text without stray carriage returns and NULs, if it is short enough."""
    value = (text or "").replace("\r\n", "\n").replace("\x00", "").strip()
    if len(value) > limit:
        raise ValidationError(
            f"The {what} is {len(value):,} characters; please keep it under {limit:,}. "
            "Your text is still here."
        )
    return value


def validate_target(measure: str, target: float) -> Measure:
    """The measure, if the target is within its range; otherwise a friendly error."""
    m = MEASURES.get(measure)
    if m is None:
        raise ValidationError("Please choose what the milestone measures.")
    try:
        value = float(target)
    except (TypeError, ValueError) as err:
        raise ValidationError("Please give the target as a number.") from err
    if math.isnan(value) or not m.low <= value <= m.high:
        raise ValidationError(
            f"For {m.label.lower()}, please choose a target between {m.fmt(m.low)} and "
            f"{m.fmt(m.high)}."
        )
    return m


MAX_YEARS_AHEAD = 5   # a milestone starts at most a year ahead and ends within five years


def check_dates(start: date, target_date: date, today: date | None = None) -> None:
    """Milestone dates within a few years of today, each refused with its value."""
    today = today or date.today()
    first = date(1900, 1, 1)
    latest_start = today.replace(year=today.year + 1, day=min(today.day, 28))
    if not first <= start <= latest_start:
        raise ValidationError(f"The start date {start.isoformat()} can't be right: please choose "
                              f"a day between {first.isoformat()} and {latest_start.isoformat()}.")
    last = today.replace(year=today.year + MAX_YEARS_AHEAD, day=min(today.day, 28))
    if not start <= target_date <= last:
        raise ValidationError(f"The target date {target_date.isoformat()} can't be right: please "
                              f"choose a day between the start and {last.isoformat()}.")


def validate_milestone(
    title: str, practice: str, measure: str, target: float, start: date, target_date: date,
    cadence: str,
) -> tuple[str, str]:
    """The cleaned title and practice, if the milestone can be saved; otherwise a kind error."""
    if target is None or not isinstance(start, date) or not isinstance(target_date, date):
        raise ValidationError("Please fill in the target and both dates.")   # an incomplete form
    clean_title = clean_text(title, "title", MAX_TITLE_CHARS)
    if not clean_title:
        raise ValidationError("Please give the milestone a short title.")
    clean_practice = (practice or "").strip()
    if not clean_practice:
        raise ValidationError("Please choose the practice this milestone is about.")
    if len(clean_practice) > vocab.MAX_WORD_CHARS:
        raise ValidationError(f"Please keep the practice under {vocab.MAX_WORD_CHARS} characters.")
    validate_target(measure, target)
    if cadence not in CADENCES:
        raise ValidationError("Please choose how often to review it.")
    check_dates(start, target_date)
    if (target_date - start).days < 6:
        raise ValidationError(
            "Please give it at least a week between the start and the target date; "
            "change is measured in weeks here."
        )
    return clean_title, clean_practice
