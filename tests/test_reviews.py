"""Weekly review: the 7-day glance (hand-worked), saving and listing reviews, privacy."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from journal import demo, milestones, reviews, vocab
from journal.errors import NotFound, ValidationError
from tests.test_milestones import add

TODAY = date(2026, 3, 15)      # this week: 9-15 March; the week before: 2-8 March


@pytest.fixture
def week(con, account):
    add(con, account, date(2026, 3, 3), mood=2)
    add(con, account, date(2026, 3, 5), mood=4)
    add(con, account, date(2026, 3, 10), mood=4,
        triggers=[("late_reply", "reached_out"), ("silence", "withdrew")],
        wins=["stayed_engaged"])
    add(con, account, date(2026, 3, 12), mood=3, triggers=[("late_reply", "paused")],
        wins=["stayed_engaged", "check_in"])
    add(con, account, date(2026, 3, 12), hour=22, triggers=[("late_reply", None)])
    add(con, account, date(2026, 3, 15), kind="check_in", mood=5,
        triggers=[("conflict", "pursued")])
    add(con, account, date(2026, 3, 16), mood=1, triggers=[("conflict", "withdrew")])  # tomorrow
    return account


def test_week_summary_by_hand(con, week):
    s = reviews.week_summary(con, week, TODAY)
    assert (s.start, s.end) == (date(2026, 3, 9), TODAY)
    # 4 entries on 10, 12 (twice) and 15 March; moods 4, 3, 5 → 4.0; before: 2, 4 → 3.0.
    assert (s.entries, s.days_written, s.mood_count) == (4, 3, 3)
    assert s.mood_mean == pytest.approx(4.0) and s.prev_mood_mean == pytest.approx(3.0)
    assert s.mood_change == pytest.approx(1.0)
    # late_reply 3× (reached out, paused, nothing noted); then conflict and silence once each.
    assert [(t.trigger, t.count, t.calm) for t in s.triggers] == [
        ("late_reply", 3, 2), ("conflict", 1, 0), ("silence", 1, 0)]
    assert s.triggers[0].responses == [("Paused", 1), ("Reached out calmly", 1),
                                       ("no response noted", 1)]
    assert (s.trigger_total, s.responded_total, s.calm_total) == (5, 4, 2)
    assert s.wins == [(vocab.PRACTICES["stayed_engaged"], 2), (vocab.PRACTICES["check_in"], 1)]
    assert s.win_total == 3
    assert s.readings == [
        "Your mood averaged 4.0 out of 5, up from 3.0 the week before.",
        "Of the 4 triggers where you noted what you did, you met 2 calmly (pausing, "
        "soothing yourself or reaching out).",
        "3 wins to celebrate; the most frequent: Stayed engaged in a tense moment (twice).",
    ]


def test_a_lower_week_is_described_gently(con, account):
    add(con, account, TODAY - timedelta(days=8), mood=4)
    add(con, account, TODAY - timedelta(days=1), mood=2)
    s = reviews.week_summary(con, account, TODAY)
    assert s.mood_change == pytest.approx(-2.0)
    assert "a little lower than the week before (4.0)" in s.readings[0]
    assert "not a verdict" in s.readings[0]


def test_an_empty_week(con, account):
    s = reviews.week_summary(con, account, TODAY)
    assert (s.entries, s.mood_mean, s.triggers, s.wins, s.milestones) == (0, None, [], [], [])
    assert s.readings[0].startswith("No entries in the last 7 days")


def test_milestone_wins_count_as_wins_not_entries(con, account):
    add(con, account, TODAY, kind="win", wins=["check_in"], source="milestone")
    s = reviews.week_summary(con, account, TODAY)
    assert (s.entries, s.win_total) == (0, 1)


def test_milestones_in_the_glance(con, week):
    milestones.create_milestone(con, week, title="Weekly check-in", practice="check_in",
                                measure="check_ins_per_week", target=1,
                                start=date(2026, 3, 2), target_date=date(2026, 4, 27))
    s = reviews.week_summary(con, week, TODAY)
    assert [m.title for m in s.milestones] == ["Weekly check-in"]
    (line,) = milestones.glance(s.milestones, TODAY)
    assert line.startswith("Weekly check-in: on track · last week 0 a week · target 1 a week")


def test_save_list_get_and_update(con, account):
    first = reviews.save_review(con, account, date(2026, 3, 2), "Walks", "Late replies", "")
    second = reviews.save_review(con, account, date(2026, 3, 9), "", "", "Ask earlier")
    listed = reviews.list_reviews(con, account)
    assert [(r.id, r.week_start, r.week_end) for r in listed] == [
        (second, date(2026, 3, 9), date(2026, 3, 15)), (first, date(2026, 3, 2),
                                                        date(2026, 3, 8))]
    got = reviews.get_review(con, account, first)
    assert (got.worked, got.didnt, got.adjust) == ("Walks", "Late replies", "")
    # Saving the same week again updates it rather than adding a second review.
    assert reviews.save_review(con, account, date(2026, 3, 2), "Walks 🌙", "", "") == first
    assert reviews.get_review(con, account, first).worked == "Walks 🌙"
    assert reviews.count_reviews(con, account) == 2
    assert reviews.review_for_week(con, account, date(2026, 3, 9)).adjust == "Ask earlier"
    assert reviews.review_for_week(con, account, date(2026, 3, 16)) is None
    assert len(reviews.list_reviews(con, account, limit=1)) == 1


def test_answers_are_sealed_and_validated(con, account):
    reviews.save_review(con, account, TODAY, "secret words", "", "")
    raw = con.execute("SELECT worked, didnt FROM weekly_reviews").fetchone()
    assert raw[0].startswith("s1:") and "secret" not in raw[0]
    with pytest.raises(ValidationError):
        reviews.save_review(con, account, TODAY, "  ", "", "\n")
    with pytest.raises(ValidationError, match="characters"):
        reviews.save_review(con, account, TODAY, "x" * (vocab.MAX_SHORT_CHARS + 1), "", "")


def test_a_second_profile_never_sees_reviews(con, week, other):
    review_id = reviews.save_review(con, week, TODAY, "mine", "", "")
    assert reviews.list_reviews(con, other) == []
    assert reviews.review_for_week(con, other, TODAY) is None
    with pytest.raises(NotFound):
        reviews.get_review(con, other, review_id)
    s = reviews.week_summary(con, other, TODAY)
    assert (s.entries, s.trigger_total, s.win_total) == (0, 0, 0)


def test_demo_adds_earlier_reviews(con, account):
    assert demo.demo_reviews in demo.GENERATORS
    demo.generate(con, account, years=0.5, end=TODAY)
    listed = reviews.list_reviews(con, account)
    assert len(listed) == 6 and all(r.worked for r in listed)
    assert listed[0].week_start == TODAY - timedelta(days=13)
