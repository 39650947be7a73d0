"""What a milestone can measure, and the common milestones offered as templates.

Why: every measure is computed by DuckDB from what the person already writes (entry kinds,
triggers and responses, wins, moods), so a milestone never asks for extra bookkeeping.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, timedelta

WEEK = timedelta(days=7)


@dataclass(frozen=True)
class Measure:
    """Something the journal can compute per week, and how to talk about it."""

    key: str
    label: str
    unit: str                 # short unit for axes and numbers ("a week", "%", "/ 5")
    axis: str                 # y-axis title of the progress chart
    how: str                  # one sentence: how it is computed (shown to the person)
    direction: str            # "up": higher is the goal; "down": lower is the goal
    numerator: str            # which window total is counted (see progress.FACTS, "practice_wins")
    low: float                # smallest allowed target
    high: float               # largest allowed target
    step: float               # a comfortable change per step of a plan
    rel_step: float = 0.0     # ...or this share of the baseline, whichever is larger
    modest: float | None = None   # first target to suggest when there is no baseline
    decimals: int = 0
    per_week: bool = True     # a count, divided by the weeks in the window
    rolling_28: bool = False  # value over the 28 days ending each week, not the week alone
    uses_practice: bool = False
    denominator: str | None = None  # ...divided by this total (a share or a mean), if any
    scale: float = 1.0        # e.g. 100 for a percentage
    default_practice: str = "check_in"
    offered: bool = True      # False: kept so older milestones still read, not offered anew

    def fmt(self, value: float | None) -> str:
        """The value as a person reads it ("2 a week", "60%", "3.4 / 5")."""
        if value is None:
            return "no data yet"
        if self.per_week:
            number = f"{value:.0f}" if float(value).is_integer() else f"{value:.1f}"
            return f"{number} a week"
        if self.unit == "%":
            return f"{value:.0f}%"
        return f"{value:.{self.decimals}f} {self.unit}"

    def value(self, totals: dict[str, int], weeks: float) -> tuple[float | None, int | None]:
        """(value, sample size) from a window's totals; None when there is nothing to count."""
        num = float(totals[self.numerator])
        if self.denominator is None:
            return (num / weeks if self.per_week else num), None
        den = int(totals[self.denominator])
        return (self.scale * num / den if den else None), den

    @property
    def sample(self) -> str | None:
        """What the sample size counts, for tooltips."""
        if self.denominator is None:
            return None
        return "Triggers with a response" if self.denominator == "responded" else "Moods noted"

    def rounded(self, value: float) -> float:
        """Round a target to the precision people set it in (halves up, as people expect)."""
        factor = 10 ** self.decimals
        return math.floor(value * factor + 0.5 + 1e-9) / factor

    def met(self, value: float | None, target: float) -> bool | None:
        """Whether a period's value meets the target (None when there was nothing to count)."""
        if value is None:
            return None
        eps = 1e-9
        return value >= target - eps if self.direction == "up" else value <= target + eps


MEASURES: dict[str, Measure] = {
    m.key: m
    for m in (
        Measure(
            key="check_ins_per_week", axis="Check-ins a week",
            label="Check-ins per week", unit="a week",
            how="Entries of kind Check-in, counted per week.",
            direction="up", numerator="check_ins",
            low=1, high=14, step=1, rel_step=0.25, modest=1, default_practice="check_in",
        ),
        Measure(
            key="repairs_per_week", axis="Repair entries a week",
            label="Repair entries per week", unit="a week",
            how="Entries of kind Repair, counted per week.",
            direction="up", numerator="repairs",
            low=1, high=14, step=1, rel_step=0.25, modest=1, default_practice="repair",
        ),
        Measure(
            key="practice_wins_per_week", axis="Wins a week",
            label="Wins of a practice per week", unit="a week",
            how="Wins you noted for the chosen practice, counted per week.",
            direction="up", numerator="practice_wins",
            low=1, high=21, step=1, rel_step=0.25, modest=1, uses_practice=True,
            default_practice="stayed_engaged",
        ),
        Measure(
            key="calm_share", axis="Met calmly (%)",
            label="Triggers met calmly (28 days)", unit="%",
            how=("Of the triggers where you noted a response in the 28 days up to each week's "
                 "end, the share you met by pausing, self-soothing or reaching out calmly "
                 "(rather than withdrawing or pursuing)."),
            direction="up", numerator="calm", denominator="responded", scale=100.0,
            low=5, high=100, step=10, modest=50, per_week=False, rolling_28=True,
            default_practice="named_feeling",
        ),
        Measure(
            key="mood_28d", axis="Mood, 28-day mean (1–5)",
            label="28-day mean mood", unit="/ 5",
            how="Your mean mood (1 to 5) over the 28 days ending each week.",
            direction="up", numerator="mood_sum", denominator="mood_n",
            low=1, high=5, step=0.3, modest=3.0, decimals=1, per_week=False,
            rolling_28=True, default_practice="self_compassion",
        ),
        Measure(
            key="paused_or_reached_share", axis="Paused or reached out (%)",
            label="Tense moments met by pausing or reaching out (28 days)", unit="%",
            how=("Of the triggers where you noted a response in the 28 days up to each week's "
                 "end, the share you met by pausing or by reaching out calmly."),
            direction="up", numerator="paused_or_reached", denominator="responded",
            scale=100.0, low=5, high=100, step=10, modest=40, per_week=False, rolling_28=True,
            default_practice="stayed_engaged",
        ),
        # No longer offered: it counted lapses. Kept so milestones made with it still read.
        Measure(
            key="withdrawals_per_week", axis="Went quiet, a week",
            label="Times I went quiet per week (an earlier measure)", unit="a week",
            how="Triggers where you noted that you withdrew, counted per week.",
            direction="down", numerator="withdrew",
            low=0, high=14, step=1, rel_step=0.25, modest=None,
            default_practice="stayed_engaged", offered=False,
        ),
    )
}


# ---------------------------------------------------------------- templates


@dataclass(frozen=True)
class Template:
    """A common milestone, ready to adjust."""

    key: str
    title: str
    measure: str
    practice: str
    target: float
    weeks: int
    cadence: str
    why: str


TEMPLATES: dict[str, Template] = {
    t.key: t
    for t in (
        Template("weekly_check_in", "Keep a weekly check-in", "check_ins_per_week", "check_in",
                 1, 8, "weekly",
                 "A regular, unhurried check-in matters more than a long or perfect one."),
        Template("stay_engaged", "Stay in tense conversations", "practice_wins_per_week",
                 "stayed_engaged", 2, 10, "fortnightly",
                 "Noticing each time you stayed present makes the new habit visible."),
        Template("repair_quickly", "Repair after hard moments", "practice_wins_per_week",
                 "repair", 1, 8, "fortnightly",
                 "An apology, a clear change, then showing it: counted as repair wins."),
        Template("meet_triggers_calmly", "Meet triggers calmly", "calm_share", "named_feeling",
                 60, 12, "monthly",
                 "Pausing, soothing yourself or reaching out calmly instead of going quiet."),
        Template("pause_or_reach_out", "Pause or reach out when it gets tense",
                 "paused_or_reached_share", "stayed_engaged", 50, 12, "fortnightly",
                 "Counts the moments you took a breath or reached out; one hard week doesn't "
                 "undo the ones before it."),
        Template("steadier_month", "A steadier month", "mood_28d", "self_compassion",
                 3.5, 12, "monthly",
                 "Mood moves day to day; a 28-day mean shows the slower trend."),
    )
}


CUSTOM = "custom"
OFFERED_MEASURES: tuple[str, ...] = tuple(k for k, m in MEASURES.items() if m.offered)


def template_defaults(key: str, today: date) -> dict[str, object]:
    """Form values for a template (or a blank custom milestone) starting today."""
    tpl = TEMPLATES.get(key)
    if tpl is None:
        m = MEASURES["practice_wins_per_week"]
        return {"title": "", "measure": m.key, "practice": m.default_practice,
                "target": m.modest or m.low, "start": today,
                "target_date": today + WEEK * 8, "cadence": "fortnightly"}
    return {"title": tpl.title, "measure": tpl.measure, "practice": tpl.practice,
            "target": tpl.target, "start": today, "target_date": today + WEEK * tpl.weeks,
            "cadence": tpl.cadence}

