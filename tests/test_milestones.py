"""Milestones: every measure, realism check, stepped plan, status rules, reviews, privacy.

Expected values are worked out by hand from the small journals built below.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from journal import demo, entries, milestones
from journal.cache import data_version
from journal.charts import milestones as milestone_charts
from journal.entries import TriggerItem, WinItem
from journal.errors import NotFound, ValidationError
from journal.migrations import applied, migrate
from journal.milestones import MEASURES, PeriodProgress

D = date
START = D(2026, 3, 2)          # week 1: 2 Mar - 8 Mar; week 2: 9 Mar - 15 Mar
TODAY = D(2026, 3, 16)         # week 3 has just begun


def add(con, account, day: date, *, kind="reflection", mood=None, triggers=(), wins=(),
        hour=20, source="steady"):
    """Save one small entry on `day`."""
    return entries.save_entry(con, account, entries.EntryInput(
        when_local=datetime(day.year, day.month, day.day, hour), kind=kind, mood=mood,
        body="note", triggers=[TriggerItem(t, r) for t, r in triggers],
        wins=[WinItem(p) for p in wins], source=source,
    ))


@pytest.fixture
def week_journal(con, account):
    """Two weeks of entries; see the module docstring of each test for the sums."""
    add(con, account, D(2026, 2, 28), kind="check_in", mood=1)          # before the start
    add(con, account, D(2026, 3, 2), kind="check_in", mood=4,
        triggers=[("late_reply", "reached_out")], wins=["check_in"])
    add(con, account, D(2026, 3, 3), mood=2,
        triggers=[("silence", "withdrew"), ("criticism", "pursued")])
    add(con, account, D(2026, 3, 4), kind="repair", mood=3,
        triggers=[("conflict", "paused")], wins=["repair", "stayed_engaged"])
    add(con, account, D(2026, 3, 5), kind="check_in", triggers=[("old_memory", None)])
    add(con, account, D(2026, 3, 8), mood=5, triggers=[("phone_or_screen", "self_soothed")],
        wins=["stayed_engaged"])
    add(con, account, D(2026, 3, 9), kind="check_in", mood=1)           # week 2
    # A milestone's own win must not count towards any milestone measure.
    add(con, account, D(2026, 3, 4), kind="win", wins=["stayed_engaged"], source="milestone")
    return account


def make(con, account, measure, target=2.0, practice=None, start=START,
         target_date=START + timedelta(days=55), **kw) -> int:
    return milestones.create_milestone(
        con, account, title=f"My {measure}", practice=practice or
        MEASURES[measure].default_practice, measure=measure, target=target, start=start,
        target_date=target_date, **kw,
    )


def values(con, account, milestone_id, today=TODAY):
    return [p.value for p in milestones.progress(con, account, milestone_id, today)]


# ---------------------------------------------------------------- measures


def test_migration_recorded_once(con):
    assert "0002_milestones_reviews" in applied(con)
    assert migrate(con) == []


def test_check_ins_per_week(con, week_journal):
    # Week 1: check-ins on 2 and 5 March = 2; week 2: 9 March = 1; week 3 so far: 0.
    mid = make(con, week_journal, "check_ins_per_week")
    assert values(con, week_journal, mid) == [2.0, 1.0, 0.0]


def test_repairs_per_week(con, week_journal):
    mid = make(con, week_journal, "repairs_per_week", target=1)
    assert values(con, week_journal, mid) == [1.0, 0.0, 0.0]


def test_practice_wins_per_week_leaves_out_milestone_wins(con, week_journal):
    # stayed_engaged on 4 and 8 March (the milestone win on 4 March is not counted) = 2.
    mid = make(con, week_journal, "practice_wins_per_week", practice="stayed_engaged")
    assert values(con, week_journal, mid) == [2.0, 0.0, 0.0]
    other = make(con, week_journal, "practice_wins_per_week", practice="check_in", target=1)
    assert values(con, week_journal, other) == [1.0, 0.0, 0.0]


def test_withdrawals_per_week(con, week_journal):
    mid = make(con, week_journal, "withdrawals_per_week", target=0)
    assert values(con, week_journal, mid) == [1.0, 0.0, 0.0]


def test_calm_share_over_28_days(con, week_journal):
    # Responses noted up to 8 March: reached_out, withdrew, pursued, paused, self_soothed
    # (old_memory had none, so it is left out): 3 calm of 5 = 60%. Nothing new after that.
    mid = make(con, week_journal, "calm_share", target=70)
    periods = milestones.progress(con, week_journal, mid, TODAY)
    assert [p.value for p in periods] == [60.0, 60.0, 60.0]
    assert [p.sample for p in periods] == [5, 5, 5]


def test_mood_28d(con, week_journal):
    # 28 days to 8 March: moods 1, 4, 2, 3, 5 (5 March had none) = 15 / 5 = 3.0.
    # 28 days to 15 March: add 1 on 9 March = 16 / 6.
    mid = make(con, week_journal, "mood_28d", target=3.5)
    got = values(con, week_journal, mid)
    assert got[0] == pytest.approx(3.0)
    assert got[1] == pytest.approx(16 / 6)


def test_context_weeks_before_the_start(con, week_journal):
    mid = make(con, week_journal, "check_ins_per_week")
    periods = milestones.progress(con, week_journal, mid, TODAY, context_weeks=1)
    assert periods[0].before_start and periods[0].start == D(2026, 2, 23)
    assert periods[0].value == 1.0          # the check-in of 28 February
    assert periods[0].met is None and periods[0].planned is None


def test_other_profiles_entries_never_count(con, week_journal, other):
    add(con, other, D(2026, 3, 3), kind="check_in", mood=1,
        triggers=[("silence", "withdrew")], wins=["stayed_engaged"])
    for measure, expected in (("check_ins_per_week", 2.0), ("withdrawals_per_week", 1.0),
                              ("calm_share", 60.0), ("mood_28d", 3.0)):
        mid = make(con, week_journal, measure, target=MEASURES[measure].low)
        assert values(con, week_journal, mid)[0] == pytest.approx(expected), measure


# ---------------------------------------------------------------- realism check


R_TODAY = D(2026, 5, 4)


@pytest.fixture
def one_check_in_a_week(con, account):
    """Eight weeks with exactly one check-in each (Sundays), history starting 60 days ago."""
    add(con, account, R_TODAY - timedelta(days=60), mood=3)
    for k in range(8):
        add(con, account, R_TODAY - timedelta(days=7 * k + 1), kind="check_in", mood=4)
    return account


def test_baseline_is_the_mean_of_the_last_8_weeks(con, one_check_in_a_week):
    assert milestones.baseline(con, one_check_in_a_week, "check_ins_per_week", R_TODAY) == (
        1.0, 8)


def test_baseline_uses_fewer_weeks_for_a_shorter_history(con, account):
    # First entry 35 days ago: 5 whole weeks; two check-ins in them = 0.4 a week.
    add(con, account, R_TODAY - timedelta(days=35), kind="check_in")
    add(con, account, R_TODAY - timedelta(days=3), kind="check_in")
    assert milestones.baseline(con, account, "check_ins_per_week", R_TODAY) == (
        pytest.approx(0.4), 5)


def test_large_jump_offers_a_stepped_plan(con, one_check_in_a_week):
    check = milestones.realism_check(con, one_check_in_a_week, "check_ins_per_week", 4,
                                     R_TODAY, target_date=R_TODAY + timedelta(days=84))
    assert check.kind == "large" and check.large_jump
    assert check.baseline == 1.0 and check.baseline_weeks == 8
    # Gap 3, comfortable step 1 → 3 steps, 84 days / 3 = 28 days each.
    assert check.stepped_plan == [(D(2026, 6, 1), 2.0), (D(2026, 6, 29), 3.0),
                                  (D(2026, 7, 27), 4.0)]
    assert "big jump" in check.message and "1 a week" in check.message


def test_modest_and_already_reached_targets(con, one_check_in_a_week):
    modest = milestones.realism_check(con, one_check_in_a_week, "check_ins_per_week", 2,
                                      R_TODAY)
    assert modest.kind == "modest" and not modest.stepped_plan
    already = milestones.realism_check(con, one_check_in_a_week, "check_ins_per_week", 1,
                                       R_TODAY)
    assert already.kind == "already" and "already" in already.message


def test_too_close_a_date_gets_two_weeks_per_step(con, one_check_in_a_week):
    check = milestones.realism_check(con, one_check_in_a_week, "check_ins_per_week", 4,
                                     R_TODAY, target_date=R_TODAY + timedelta(days=21))
    assert check.stepped_plan == [(R_TODAY + timedelta(days=14), 2.0),
                                  (R_TODAY + timedelta(days=28), 3.0),
                                  (R_TODAY + timedelta(days=42), 4.0)]
    assert "runs to 15 June 2026" in check.message


def test_far_targets_get_the_first_four_steps(con, one_check_in_a_week):
    check = milestones.realism_check(con, one_check_in_a_week, "check_ins_per_week", 10,
                                     R_TODAY)
    assert check.stepped_plan == [(R_TODAY + timedelta(days=21 * i), float(i + 1))
                                  for i in range(1, 5)]
    assert "next target" in check.message


def test_no_baseline_suggests_a_modest_first_target(con, account):
    check = milestones.realism_check(con, account, "check_ins_per_week", 2, R_TODAY)
    assert check.kind == "no_baseline" and check.baseline is None
    assert check.suggested_target == 1 and "start small" in check.message
    fine = milestones.realism_check(con, account, "check_ins_per_week", 1, R_TODAY)
    assert fine.kind == "no_baseline" and "good start" in fine.message


def test_no_baseline_and_a_big_target_builds_up_from_a_modest_start(con, account):
    add(con, account, R_TODAY - timedelta(days=3), kind="check_in")   # one entry: no baseline
    check = milestones.realism_check(con, account, "check_ins_per_week", 7, R_TODAY)
    assert check.kind == "large" and check.baseline is None
    assert [v for _, v in check.stepped_plan] == [1.0, 2.0, 3.0, 4.0]
    assert "a lot to begin with" in check.message


def test_realism_for_mood_and_calm_share(con, account):
    # 28 days before R_TODAY: moods 2 and 3 → 2.5; responses: 1 calm of 4 → 25%.
    add(con, account, R_TODAY - timedelta(days=40), mood=3)          # history long enough
    add(con, account, R_TODAY - timedelta(days=20), mood=2,
        triggers=[("silence", "withdrew"), ("conflict", "pursued")])
    add(con, account, R_TODAY - timedelta(days=2), mood=3,
        triggers=[("late_reply", "withdrew"), ("criticism", "paused")])
    mood = milestones.realism_check(con, account, "mood_28d", 3.5, R_TODAY)
    assert mood.baseline == pytest.approx(2.5) and mood.kind == "large"
    assert [v for _, v in mood.stepped_plan] == [2.8, 3.0, 3.3, 3.5]
    calm = milestones.realism_check(con, account, "calm_share", 30, R_TODAY)
    assert calm.baseline == pytest.approx(25.0) and calm.kind == "modest"


def test_stepped_plan_values_and_dates():
    start = D(2026, 1, 5)
    assert milestones.stepped_plan("mood_28d", 2.8, 4.0, start, start + timedelta(days=84)) == [
        (D(2026, 1, 26), 3.1), (D(2026, 2, 16), 3.4), (D(2026, 3, 9), 3.7), (D(2026, 3, 30), 4.0)]
    assert milestones.stepped_plan("withdrawals_per_week", 4, 0, start) == [
        (D(2026, 1, 26), 3.0), (D(2026, 2, 16), 2.0), (D(2026, 3, 9), 1.0), (D(2026, 3, 30), 0.0)]
    # Baseline 6: a quarter of it (1.5) is the comfortable step → 2 steps: 7.5 rounds to 8.
    assert milestones.stepped_plan("check_ins_per_week", 6, 9, start) == [
        (D(2026, 1, 26), 8.0), (D(2026, 2, 16), 9.0)]


# ---------------------------------------------------------------- status rules


def weeks(values_: list[float | None], target: float, measure: str = "check_ins_per_week",
          start: date = START) -> list[PeriodProgress]:
    m = MEASURES[measure]
    return [PeriodProgress(start + timedelta(days=7 * i), start + timedelta(days=7 * i + 6), v,
                           target, None, m.met(v, target), True)
            for i, v in enumerate(values_)]


def ms(target=3.0, baseline=1.0, measure="check_ins_per_week", paused=False, reached_on=None,
       target_date=START + timedelta(days=55)) -> milestones.Milestone:
    return milestones.Milestone(0, "t", "check_in", measure, target, START, target_date,
                                "weekly", "on_track", paused, baseline=baseline,
                                reached_on=reached_on)


def test_planned_path_is_a_straight_line():
    # 56 days from 1 to 3: after 14 days a quarter of the way → 1.5.
    assert milestones.planned_value(1.0, 3.0, START, START + timedelta(days=55),
                                    START + timedelta(days=13)) == pytest.approx(1.5)


def test_on_track_and_behind():
    today = START + timedelta(days=14)
    assert milestones.judge(weeks([2, 2], 3), ms(), today).key == "on_track"   # 2 ≥ 1.5
    behind = milestones.judge(weeks([1, 0], 3), ms(), today)
    assert behind.key == "behind" and "not the end of it" in behind.note


def test_one_missed_week_resets_nothing():
    # Target 4 over 8 weeks from 1: by week 3 the plan is at 2.125; [3, 4, 0] averages 2.33.
    today = START + timedelta(days=21)
    status = milestones.judge(weeks([3, 4, 0], 4), ms(target=4), today)
    assert status.key == "on_track"
    # Met, missed, met: 2 of the last 3 weeks → reached at the end of week 3.
    reached = milestones.judge(weeks([2, 0, 2], 2), ms(target=2), today)
    assert reached.key == "reached" and reached.reached_on == START + timedelta(days=20)
    # Met, met, then missed: still reached (at the end of week 2), nothing is undone.
    again = milestones.judge(weeks([2, 2, 0], 2), ms(target=2), today)
    assert again.key == "reached" and again.reached_on == START + timedelta(days=13)


def test_weeks_without_data_count_neither_way():
    periods = weeks([None, 80, None, 90], 75, measure="calm_share")
    assert milestones.first_reached(periods, total_weeks=8) == START + timedelta(days=27)


def test_lower_is_better_measures():
    periods = weeks([0, 1, 3], 1, measure="withdrawals_per_week")
    assert milestones.first_reached(periods, total_weeks=8) == START + timedelta(days=13)


def test_paused_first_week_and_past_date():
    today = START + timedelta(days=3)
    assert milestones.judge(weeks([3, 3], 3), ms(paused=True), today).key == "paused"
    first = milestones.judge([], ms(), today)
    assert first.key == "on_track" and "first week" in first.note
    late = milestones.judge(weeks([1] * 9, 3), ms(), START + timedelta(days=70))
    assert late.key == "behind" and "date has passed" in late.note


def test_statuses_from_the_journal(con, week_journal):
    on = make(con, week_journal, "check_ins_per_week", target=1)      # 2, 1 → reached
    far = make(con, week_journal, "repairs_per_week", target=3, baseline=1.0)
    rest = make(con, week_journal, "mood_28d", target=4)
    milestones.set_paused(con, week_journal, rest, True)
    got = {m.id: m.status for m in milestones.list_milestones(con, week_journal, TODAY)}
    assert got == {on: "reached", far: "behind", rest: "paused"}
    assert milestones.status(con, week_journal, far, TODAY).label == "Behind for now"


# ---------------------------------------------------------------- reaching, reviews, changes


def test_reaching_records_one_win(con, week_journal):
    mid = make(con, week_journal, "check_ins_per_week", target=1)
    # Listing only reads: the reached milestone is named, nothing is written yet.
    assert [m.id for m in milestones.overview(con, week_journal, TODAY).newly_reached] == [mid]
    assert con.execute("SELECT count(*) FROM entries WHERE source = 'milestone' "
                       "AND local_date = ?", [D(2026, 3, 15)]).fetchone()[0] == 0
    first = milestones.record_reached(con, week_journal, TODAY)
    assert [m.id for m in first] == [mid]
    assert milestones.record_reached(con, week_journal, TODAY) == []
    assert milestones.overview(con, week_journal, TODAY).newly_reached == []
    rows = con.execute(
        "SELECT w.practice, w.local_date, e.kind, e.source, w.profile_id FROM wins w "
        "JOIN entries e ON e.id = w.entry_id WHERE e.source = 'milestone' AND e.kind = 'win' "
        "AND w.local_date = ?", [D(2026, 3, 15)]).fetchall()
    assert rows == [("check_in", D(2026, 3, 15), "win", "milestone", week_journal.id)]
    assert milestones.get_milestone(con, week_journal, mid, TODAY).reached_on == D(2026, 3, 15)


def test_reviews_are_saved_sealed_and_listed(con, account):
    mid = make(con, account, "check_ins_per_week")
    milestones.record_review(con, account, mid, "Sunday walks", "", "Earlier time",
                             review_date=D(2026, 3, 9))
    milestones.record_review(con, account, mid, "Kept it", "Tired", "", review_date=D(2026, 3, 16))
    listed = milestones.list_milestone_reviews(con, account, mid)
    assert [(r.review_date, r.worked, r.didnt) for r in listed] == [
        (D(2026, 3, 16), "Kept it", "Tired"), (D(2026, 3, 9), "Sunday walks", "")]
    raw = con.execute("SELECT worked FROM milestone_reviews").fetchall()
    assert all(r[0].startswith("s1:") for r in raw)
    with pytest.raises(ValidationError):
        milestones.record_review(con, account, mid, " ", "", "")
    got = milestones.get_milestone(con, account, mid, D(2026, 3, 17))
    assert got.last_review == D(2026, 3, 16) and got.next_review == D(2026, 3, 23)
    assert not got.review_due


def test_review_cadences():
    assert milestones.next_review("weekly", START, None) == D(2026, 3, 9)
    assert milestones.next_review("fortnightly", START, D(2026, 3, 10)) == D(2026, 3, 24)
    assert milestones.next_review("monthly", D(2026, 1, 31), None) == D(2026, 2, 28)


def test_change_target_keeps_the_reason(con, week_journal):
    mid = make(con, week_journal, "check_ins_per_week", target=1)
    milestones.record_reached(con, week_journal, TODAY)                 # reached
    with pytest.raises(ValidationError):
        milestones.change_target(con, week_journal, mid, 2, "  ")
    milestones.change_target(con, week_journal, mid, 2, "Ready for a little more",
                             START + timedelta(days=69), today=TODAY)
    (change,) = milestones.target_history(con, week_journal, mid)
    assert (change.old_target, change.new_target, change.reason) == (
        1.0, 2.0, "Ready for a little more")
    assert change.new_target_date == START + timedelta(days=69)
    assert con.execute("SELECT reason FROM milestone_changes").fetchone()[0].startswith("s1:")
    again = milestones.get_milestone(con, week_journal, mid, TODAY)
    assert again.target == 2.0 and again.status != "reached"          # open again


def test_stepped_plan_is_saved_as_milestones(con, account):
    plan = [(D(2026, 4, 1), 2.0), (D(2026, 5, 1), 3.0)]
    ids = milestones.create_plan(con, account, title="Check in", practice="check_in",
                                 measure="check_ins_per_week", start=START, plan=plan,
                                 baseline=1.0)
    got = [milestones.get_milestone(con, account, i, TODAY) for i in ids]
    assert [(m.title, m.target, m.target_date, m.plan_id, m.plan_step, m.plan_steps)
            for m in got] == [
        ("Check in · step 1 of 2", 2.0, D(2026, 4, 1), ids[0], 1, 2),
        ("Check in · step 2 of 2", 3.0, D(2026, 5, 1), ids[0], 2, 2)]


def test_validation(con, account):
    with pytest.raises(ValidationError, match="title"):
        milestones.create_milestone(
            con, account, title=" ", practice="check_in", measure="check_ins_per_week",
            target=1, start=START, target_date=START + timedelta(days=30))
    with pytest.raises(ValidationError, match="between"):
        make(con, account, "calm_share", target=120)
    with pytest.raises(ValidationError, match="week"):
        make(con, account, "check_ins_per_week", target_date=START + timedelta(days=3))
    with pytest.raises(ValidationError):
        make(con, account, "no_such_measure", practice="check_in")
    with pytest.raises(ValidationError):
        make(con, account, "check_ins_per_week", cadence="daily")
    with pytest.raises(ValidationError, match="both dates"):       # an incomplete form
        make(con, account, "check_ins_per_week", target_date=None)


def test_titles_are_sealed(con, account):
    make(con, account, "check_ins_per_week")
    assert con.execute("SELECT title FROM milestones").fetchone()[0].startswith("s1:")


def test_templates_are_valid():
    for key, tpl in milestones.TEMPLATES.items():
        m = milestones.validate_target(tpl.measure, tpl.target)
        assert tpl.cadence in milestones.CADENCES and m.low <= tpl.target <= m.high, key
        values_ = milestones.template_defaults(key, START)
        assert values_["target_date"] == START + timedelta(days=7 * tpl.weeks)
    assert milestones.template_defaults(milestones.CUSTOM, START)["title"] == ""


# ---------------------------------------------------------------- charts, rules, privacy


def test_progress_chart_is_valid_vega_lite(con, week_journal):
    # Week 1: 2 check-ins (below 3) and a 28-day mood of 3.0 (meets 3); week 2 below both.
    for measure, first in (("check_ins_per_week", "Below target"), ("mood_28d", "Target met")):
        mid = make(con, week_journal, measure, target=3)
        chart = milestone_charts.progress_chart(con, week_journal, mid, TODAY)
        spec = chart.to_dict()          # validates against the Vega-Lite schema
        assert [v["state"] for v in spec["data"]["values"]] == [
            *["Before the start"] * milestones.CONTEXT_WEEKS, first, "Below target",
            "This week so far"]
        assert {layer["mark"]["type"] for layer in spec["layer"]} >= {"rule", "line"}
        assert "url" not in spec.get("data", {})


def test_milestone_rules(con, account):
    make(con, account, "check_ins_per_week")
    milestones.create_plan(con, account, title="Calm", practice="named_feeling",
                           measure="calm_share", start=D(2026, 4, 1),
                           plan=[(D(2026, 5, 1), 50.0), (D(2026, 6, 1), 60.0)])
    rules = milestones.milestone_rules(con, account, D(2026, 3, 1), D(2026, 5, 15))
    assert rules == [
        (START, "Start: My check_ins_per_week"),
        (D(2026, 4, 1), "Start: Calm"),
        (START + timedelta(days=55), "Target: My check_ins_per_week"),
        (D(2026, 5, 1), "Target: Calm (step 1)"),
    ]


def test_a_second_profile_never_sees_milestones(con, week_journal, other):
    mid = make(con, week_journal, "check_ins_per_week")
    milestones.record_review(con, week_journal, mid, "a", "b", "c")
    assert milestones.list_milestones(con, other, TODAY) == []
    assert milestones.milestone_rules(con, other, D(2026, 1, 1), D(2026, 12, 31)) == []
    for call in (
        lambda: milestones.get_milestone(con, other, mid),
        lambda: milestones.progress(con, other, mid),
        lambda: milestones.status(con, other, mid),
        lambda: milestone_charts.progress_chart(con, other, mid),
        lambda: milestones.record_review(con, other, mid, "x", "", ""),
        lambda: milestones.change_target(con, other, mid, 3, "why"),
        lambda: milestones.set_paused(con, other, mid, True),
        lambda: milestones.delete_milestone(con, other, mid),
    ):
        with pytest.raises(NotFound):
            call()
    assert milestones.list_milestone_reviews(con, other, mid) == []
    assert milestones.target_history(con, other, mid) == []
    assert len(milestones.list_milestones(con, week_journal, TODAY)) == 1


def test_delete_keeps_the_win(con, week_journal):
    mid = make(con, week_journal, "check_ins_per_week", target=1)
    milestones.record_reached(con, week_journal, TODAY)
    milestones.record_review(con, week_journal, mid, "a", "", "")
    milestones.delete_milestone(con, week_journal, mid)
    assert milestones.list_milestones(con, week_journal, TODAY) == []
    assert con.execute("SELECT count(*) FROM milestone_reviews").fetchone()[0] == 0
    assert con.execute("SELECT count(*) FROM entries WHERE source = 'milestone' "
                       "AND kind = 'win'").fetchone()[0] == 2     # fixture's + this one


def test_demo_adds_milestones_and_a_plan(con, account):
    assert demo.demo_milestones in demo.GENERATORS
    demo.generate(con, account, years=1, end=D(2026, 6, 30))
    listed = milestones.list_milestones(con, account, D(2026, 6, 30))
    assert len(listed) >= 5
    assert {m.status for m in listed} >= {"reached", "paused"}
    assert any(m.plan_steps for m in listed)
    # Demo entries stay as generated; the reached ones become wins when recorded.
    assert con.execute("SELECT count(*) FROM entries WHERE source = 'milestone'").fetchone()[0] == 0
    newly = milestones.record_reached(con, account, D(2026, 6, 30))
    assert {m.id for m in newly} == {m.id for m in listed if m.status == "reached"}


def test_a_single_week_never_decides_behind():
    status = milestones.judge(weeks([0], 3), ms(), START + timedelta(days=8))
    assert status.key == "on_track" and "Early days" in status.note


def test_reopened_and_reached_again_is_still_one_win(con, week_journal):
    mid = make(con, week_journal, "check_ins_per_week", target=1)
    milestones.record_reached(con, week_journal, TODAY)
    milestones.change_target(con, week_journal, mid, 1, "A bit more time",
                             START + timedelta(days=69), today=TODAY)
    again = milestones.record_reached(con, week_journal, TODAY)
    assert [m.id for m in again] == [mid]
    assert con.execute("SELECT count(*) FROM entries WHERE source = 'milestone'").fetchone()[0] == 2


def test_weekly_values_are_cached_until_an_entry_changes(con, week_journal):
    mid = make(con, week_journal, "check_ins_per_week")
    assert data_version(con, week_journal) is not None     # a file: cacheable
    assert values(con, week_journal, mid) == [2.0, 1.0, 0.0]
    entry_id = add(con, week_journal, D(2026, 3, 10), kind="check_in")
    assert values(con, week_journal, mid) == [2.0, 2.0, 0.0]
    entries.delete_entry(con, week_journal, entry_id)
    assert values(con, week_journal, mid) == [2.0, 1.0, 0.0]
    con.execute("UPDATE milestones SET target = 1 WHERE id = ?", [mid])
    assert [p.met for p in milestones.progress(con, week_journal, mid, TODAY)][:2] == [True, True]


def test_chart_parts_carry_the_same_rows(con, week_journal):
    mid = make(con, week_journal, "calm_share", target=70)
    m = milestones.get_milestone(con, week_journal, mid, TODAY)
    table, spec = milestone_charts.chart_parts(m)
    assert "data" not in spec
    assert table.to_pylist() == milestone_charts.milestone_chart(m).to_dict()["data"]["values"]


def test_count_milestone_axis_shows_whole_numbers_only(con, week_journal):
    # A weekly count with target 1 and weeks of 0-2 check-ins: drawn, the axis reads 0, 1, 2,
    # never "0.2 check-ins" (the SVG Vega renders is what a person sees).
    import re

    import vl_convert as vlc

    mid = make(con, week_journal, "check_ins_per_week", target=1)
    spec = milestone_charts.progress_chart(con, week_journal, mid, TODAY).to_dict()
    svg = vlc.vegalite_to_svg(spec)
    axis = re.search(r'aria-label="Y-axis titled[^"]*values ([^"]*)"', svg)
    assert axis, "no y axis found"
    ticks = re.findall(r"-?\d+(?:\.\d+)?", axis.group(1))
    assert ticks and all("." not in t for t in ticks), axis.group(1)
