"""Demo rows for milestones: a few milestones near the end of the demo journal.

Why in journal.demo and not registered anywhere: journal.demo lists its generators in one
place; importing milestones never changes what the demo generates.
"""

from __future__ import annotations

from datetime import date, timedelta

import duckdb

from journal.account import Account
from journal.milestones.measures import MEASURES, TEMPLATES
from journal.milestones.realism import baseline, stepped_plan
from journal.milestones.store import (
    change_target,
    create_milestone,
    create_plan,
    record_review,
    set_paused,
)


def demo_milestones(
    con: duckdb.DuckDBPyConnection, account: Account, first: date, last: date, rng: object
) -> None:
    """A few milestones near the end of the demo: reached, under way, paused, a stepped plan.

    Only milestone rows (and a review and a target change) are added, never entries.
    """
    if (last - first).days < 120:
        return
    specs = [  # template, start (days before last), target date (days after last), paused
        ("weekly_check_in", 112, -56, False),
        ("stay_engaged", 42, 42, False),
        ("steadier_month", 56, 56, False),
        ("meet_triggers_calmly", 63, 28, False),
        ("pause_or_reach_out", 84, 28, True),
    ]
    for key, before, after, paused in specs:
        tpl = TEMPLATES[key]
        m = MEASURES[tpl.measure]
        start = last - timedelta(days=before)
        base, _weeks = baseline(con, account, tpl.measure, start, tpl.practice)
        target = tpl.target
        if base is not None and m.rolling_28:      # a realistic stretch from where they were
            target = min(m.high, m.rounded(base + (0.3 if m.key == "mood_28d" else 5)))
        new_id = create_milestone(
            con, account, title=tpl.title, practice=tpl.practice, measure=tpl.measure,
            target=target, start=start, target_date=last + timedelta(days=after),
            cadence=tpl.cadence, baseline=base, template=key,
        )
        if paused:
            set_paused(con, account, new_id, True)
        if key == "stay_engaged":
            record_review(con, account, new_id,
                          "Saying out loud that I wanted to stay helped me stay.",
                          "When I was tired I still drifted to my phone.",
                          "Agree on a short pause word we both understand.",
                          review_date=start + timedelta(days=14))
    # Building on the weekly check-in: a stepped plan towards two check-ins a week.
    plan_start = last - timedelta(days=35)
    base, _weeks = baseline(con, account, "check_ins_per_week", plan_start)
    steps = stepped_plan("check_ins_per_week", base or 0.0, 2.0, plan_start,
                         plan_start + timedelta(days=84))
    if len(steps) > 1:
        ids = create_plan(con, account, title="Check in twice a week", practice="check_in",
                          measure="check_ins_per_week", start=plan_start, plan=steps,
                          cadence="fortnightly", baseline=base, template="weekly_check_in")
        change_target(con, account, ids[-1], steps[-1][1],
                      "Giving it two more weeks: work is heavy this month.",
                      steps[-1][0] + timedelta(days=14), today=plan_start + timedelta(days=14))
    # No wins are recorded here: demo entries stay exactly as generated (one a day with
    # daily=True); journal.milestones.wins.record_reached records them when asked.
