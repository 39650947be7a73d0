"""Realistic milestones: a practice, a measure the journal can compute, a target and a date.

Where things live:

* measures: what can be measured (computed by DuckDB from what the person already writes) and
  the templates offered;
* model: the types, the status words and the rules for saving one;
* store: create, pause, delete, cadence reviews and target changes (free text sealed);
* progress: weekly values, the status rules (no streaks: one missed week never wipes anything
  out) and the read-only listing;
* realism: the target compared with the person's own recent weeks, and a stepped plan;
* wins: reaching a milestone records a win, as an explicit write (never while a page draws).

Demo milestones are made by journal.demo.milestone_rows.

The chart is journal.charts.milestones. This package re-exports the names callers use.
"""

from __future__ import annotations

from journal.milestones.measures import (
    CUSTOM,
    MEASURES,
    OFFERED_MEASURES,
    TEMPLATES,
    WEEK,
    Measure,
    Template,
    template_defaults,
)
from journal.milestones.model import (
    CADENCES,
    MAX_TITLE_CHARS,
    STATUSES,
    WIN_SOURCE,
    Milestone,
    MilestoneReview,
    Overview,
    PeriodProgress,
    RealismCheck,
    Row,
    Status,
    TargetChange,
    validate_target,
)
from journal.milestones.progress import (
    CONTEXT_WEEKS,
    clear_cache,
    first_reached,
    get_milestone,
    glance,
    judge,
    list_milestones,
    next_review,
    overview,
    planned_value,
    progress,
    status,
)
from journal.milestones.realism import baseline, realism_check, stepped_plan
from journal.milestones.store import (
    change_target,
    create_milestone,
    create_plan,
    delete_milestone,
    list_milestone_reviews,
    milestone_rules,
    record_review,
    set_paused,
    stored_milestones,
    target_history,
)
from journal.milestones.wins import record_reached
from journal.timeutil import long_date, short_date

__all__ = [
    "CADENCES", "CONTEXT_WEEKS", "CUSTOM", "MAX_TITLE_CHARS", "MEASURES", "OFFERED_MEASURES",
    "STATUSES",
    "TEMPLATES", "WEEK", "WIN_SOURCE", "Measure", "Milestone", "MilestoneReview", "Overview",
    "PeriodProgress", "RealismCheck", "Row", "Status", "TargetChange", "Template", "baseline",
    "change_target", "clear_cache", "create_milestone", "create_plan", "delete_milestone",
    "first_reached", "get_milestone", "glance", "judge", "list_milestone_reviews",
    "list_milestones", "long_date", "milestone_rules", "next_review", "overview",
    "planned_value", "progress", "realism_check", "record_reached", "record_review",
    "set_paused", "short_date", "status", "stepped_plan", "stored_milestones",
    "target_history", "template_defaults", "validate_target",
]
