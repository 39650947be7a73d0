"""Trends analytics: every computation checked against values worked out by hand."""

from __future__ import annotations

import math
from datetime import date, datetime, time, timedelta

import pandas as pd
import pytest

from journal import analytics, entries, vocab
from journal.analytics import DateRange
from journal.analytics import trends as analytics_trends
from journal.errors import ValidationError
from tests.conftest import make_entry

D0 = date(2026, 3, 2)   # a Monday


def day(n: int) -> date:
    """Day n of the test calendar, day 1 being D0."""
    return D0 + timedelta(days=n - 1)


def write(con, account, when: date, mood: int | None = 3, energy: int | None = 3,
          hour: int = 21, **kw) -> int:
    return entries.save_entry(
        con, account, make_entry(when_local=datetime.combine(when, time(hour, 0)), mood=mood,
                                 energy=energy, **kw))


def write_moods(con, account, moods: list[int | None], first: date = D0) -> None:
    for i, mood in enumerate(moods):
        if mood is not None:
            write(con, account, first + timedelta(days=i), mood=mood)


def by_day(trend: analytics.MoodTrend) -> dict[date, pd.Series]:
    return {ts.date(): row for ts, (_, row) in zip(trend.series["start"],
                                                   trend.series.iterrows(), strict=True)}


# ---------------------------------------------------------------- ranges and buckets


def test_bucket_choice_at_the_boundaries():
    assert analytics.choose_bucket(1) == "day"
    assert analytics.choose_bucket(120) == "day"
    assert analytics.choose_bucket(121) == "week"
    assert analytics.choose_bucket(731) == "week"
    assert analytics.choose_bucket(732) == "month"
    assert analytics.choose_bucket(3653) == "month"
    assert analytics.count_bucket(731) == "week"
    assert analytics.count_bucket(732) == "month"
    assert analytics.response_bucket(120) == "week"
    assert analytics.response_bucket(121) == "month"


def test_resolve_range_for_each_choice():
    today = date(2026, 11, 20)
    assert analytics.resolve_range("4w", today, None) == DateRange(date(2026, 10, 24), today)
    assert analytics.resolve_range("4w", today, None).days == 28
    assert analytics.resolve_range("3m", today, None) == DateRange(date(2026, 8, 22), today)
    assert analytics.resolve_range("1y", today, None) == DateRange(date(2025, 11, 21), today)
    bounds = (date(2019, 1, 5), date(2026, 11, 1))
    assert analytics.resolve_range("all", today, bounds) == DateRange(date(2019, 1, 5), today)
    assert analytics.resolve_range("all", today, None) == DateRange(today, today)
    picked = (date(2026, 5, 9), date(2026, 2, 1))
    assert analytics.resolve_range("custom", today, bounds, picked) == DateRange(
        date(2026, 2, 1), date(2026, 5, 9))
    with pytest.raises(ValidationError):
        analytics.resolve_range("custom", today, bounds, (date(2026, 5, 9),))
    with pytest.raises(ValidationError):
        analytics.resolve_range("bogus", today, bounds)


def test_heatmap_years_span_the_journal():
    today = date(2026, 11, 20)
    assert analytics.heatmap_years(None, today) == [2026]
    assert analytics.heatmap_years((date(2023, 4, 1), date(2026, 1, 1)), today) == [
        2026, 2025, 2024, 2023]


def test_journal_state_counts_and_versions(con, account, other):
    assert analytics.journal_state(con, account).entries == 0
    assert analytics.journal_state(con, account).bounds is None
    write(con, other, day(1))
    entry_id = write(con, account, day(3))
    first = analytics.journal_state(con, account)
    assert first.entries == 1 and first.bounds == (day(3), day(3))
    write(con, account, day(5))
    second = analytics.journal_state(con, account)
    assert second.bounds == (day(3), day(5)) and second.version != first.version
    entries.delete_entry(con, account, entry_id)
    third = analytics.journal_state(con, account)
    assert third.entries == 1 and third.version not in (first.version, second.version)


# ---------------------------------------------------------------- mood: rolling mean and band


def test_rolling_mean_and_band_by_hand(con, account):
    # Moods 2, 4, 3, 5, 1, 3, 3 on days 1-7.
    write_moods(con, account, [2, 4, 3, 5, 1, 3, 3])
    trend = analytics.mood_trend(con, account, DateRange(day(1), day(7)))
    rows = by_day(trend)
    assert trend.unit == "day"
    assert math.isnan(rows[day(2)]["rolling"])              # only 2 moods in the window
    assert rows[day(3)]["rolling"] == pytest.approx(3.0)    # (2+4+3)/3
    assert rows[day(4)]["rolling"] == pytest.approx(3.5)    # (2+4+3+5)/4
    assert rows[day(7)]["rolling"] == pytest.approx(3.0)    # 21/7
    # Band needs 7 moods: none on day 6; on day 7 mean 3, squared deviations
    # 1+1+0+4+4+0+0 = 10, population SD sqrt(10/7) = 1.19523.
    assert math.isnan(rows[day(6)]["low"])
    assert rows[day(7)]["low"] == pytest.approx(3 - math.sqrt(10 / 7))
    assert rows[day(7)]["high"] == pytest.approx(3 + math.sqrt(10 / 7))
    assert trend.days == 7 and trend.mean == pytest.approx(3.0)


def test_rolling_mean_counts_calendar_days_not_entries(con, account):
    # Moods on days 1-3 only, then a mood on day 9.
    write_moods(con, account, [1, 2, 3, None, None, None, None, None, 5])
    rows = by_day(analytics.mood_trend(con, account, DateRange(day(1), day(9))))
    assert math.isnan(rows[day(5)]["mood"])                 # no entry that day...
    assert rows[day(5)]["rolling"] == pytest.approx(2.0)    # ...but days 1-3 are in its week
    assert day(8) not in rows        # window 2-8 holds 2 moods: nothing to draw, no row
    assert math.isnan(rows[day(9)]["rolling"])              # window 3-9 holds only 2 moods
    assert rows[day(9)]["mood"] == 5


def test_a_day_is_the_mean_of_its_entries(con, account):
    write(con, account, day(1), mood=2, hour=8)
    write(con, account, day(1), mood=4, hour=21)
    write(con, account, day(1), mood=None, hour=22)         # no mood: not part of the mean
    rows = by_day(analytics.mood_trend(con, account, DateRange(day(1), day(1))))
    assert rows[day(1)]["mood"] == pytest.approx(3.0)
    assert rows[day(1)]["entries"] == 2


def test_band_reaches_back_before_the_range(con, account):
    # 27 days of 4 before the range and a 2 on its first day: the band is already there.
    write_moods(con, account, [4] * 27 + [2])
    rows = by_day(analytics.mood_trend(con, account, DateRange(day(28), day(28))))
    mean = (27 * 4 + 2) / 28
    sd = math.sqrt((27 * (4 - mean) ** 2 + (2 - mean) ** 2) / 28)
    assert rows[day(28)]["low"] == pytest.approx(mean - sd)
    assert rows[day(28)]["rolling"] == pytest.approx((6 * 4 + 2) / 7)


def test_weekly_buckets_average_their_days(con, account):
    write(con, account, day(1), mood=2)      # Monday 2 March
    write(con, account, day(2), mood=4)
    write(con, account, day(9), mood=5)      # the next Monday
    trend = analytics.mood_trend(con, account, DateRange(day(1), day(150)))
    assert trend.unit == "week"
    first, second = trend.series.iloc[0], trend.series.iloc[1]
    assert first["start"] == pd.Timestamp(day(1)) and first["stop"] == pd.Timestamp(day(8))
    assert first["label"] == "Week of 2 Mar 2026"
    assert first["mood"] == pytest.approx(3.0) and first["days"] == 2
    assert second["mood"] == pytest.approx(5.0) and second["days"] == 1
    assert trend.days == 3 and trend.mean == pytest.approx(11 / 3)


def test_monthly_buckets_for_long_ranges(con, account):
    write(con, account, date(2024, 1, 10), mood=1)
    write(con, account, date(2024, 1, 20), mood=3)
    write(con, account, date(2026, 2, 3), mood=4)
    trend = analytics.mood_trend(con, account, DateRange(date(2024, 1, 1), date(2026, 3, 1)))
    assert trend.unit == "month"
    jan = trend.series.iloc[0]
    assert jan["label"] == "January 2024" and jan["mood"] == pytest.approx(2.0)
    assert jan["stop"] == pd.Timestamp(date(2024, 2, 1))


# ---------------------------------------------------------------- sustained decline


def test_a_single_low_day_inside_the_band_is_not_called_out(con, account):
    # 28 steady days of 4, one day of 1, then 4 again. Day 29: rolling (6*4+1)/7 = 3.571,
    # band low (27*4+1)/28 - 3*sqrt(27)/28 = 3.893 - 0.557 = 3.336: still inside.
    write_moods(con, account, [4] * 28 + [1] + [4] * 14)
    trend = analytics.mood_trend(con, account, DateRange(day(1), day(43)))
    rows = by_day(trend)
    assert rows[day(29)]["rolling"] == pytest.approx(25 / 7)
    assert rows[day(29)]["low"] == pytest.approx(109 / 28 - 3 * math.sqrt(27) / 28)
    assert rows[day(29)]["rolling"] > rows[day(29)]["low"]
    assert trend.declines == [] and trend.ongoing is None


def test_six_days_below_the_band_are_not_yet_a_decline(con, account):
    # 28 days of 4 then 6 days of 2: the rolling mean is below the band on days 31-36 only
    # (day 31: 3.143 < 3.167; day 37: 2.857 > 2.751) - six days, one short of a week.
    write_moods(con, account, [4] * 28 + [2] * 6 + [4] * 20)
    trend = analytics.mood_trend(con, account, DateRange(day(1), day(54)))
    rows = by_day(trend)
    assert rows[day(31)]["rolling"] < rows[day(31)]["low"]
    assert rows[day(36)]["rolling"] < rows[day(36)]["low"]
    assert rows[day(37)]["rolling"] >= rows[day(37)]["low"]
    assert trend.declines == []


def test_seven_days_below_the_band_are_a_sustained_decline(con, account):
    # 7 days of 2: below on days 31-37. Day 37 (first 4 again): rolling 18/7 = 2.571, band
    # over 21 fours and 7 twos = 3.5 - 0.866 = 2.634, still below; day 38 is above.
    write_moods(con, account, [4] * 28 + [2] * 7 + [4] * 20)
    trend = analytics.mood_trend(con, account, DateRange(day(1), day(55)))
    rows = by_day(trend)
    assert rows[day(37)]["rolling"] == pytest.approx(18 / 7)
    assert rows[day(37)]["low"] == pytest.approx(3.5 - math.sqrt(0.75))
    assert trend.declines == [analytics.Decline(day(31), day(37), 7)]
    assert trend.ongoing is None


def test_a_longer_decline_and_an_ongoing_one(con, account):
    write_moods(con, account, [4] * 28 + [2] * 10 + [4] * 10)
    trend = analytics.mood_trend(con, account, DateRange(day(1), day(48)))
    assert trend.declines == [analytics.Decline(day(31), day(39), 9)]
    still = analytics.mood_trend(con, account, DateRange(day(1), day(38)))
    assert still.ongoing == analytics.Decline(day(31), day(38), 8)


def test_declines_ignore_other_profiles(con, account, other):
    write_moods(con, other, [4] * 28 + [1] * 10)
    write_moods(con, account, [3] * 38)
    trend = analytics.mood_trend(con, account, DateRange(day(1), day(38)))
    assert trend.declines == [] and trend.mean == pytest.approx(3.0)


# ---------------------------------------------------------------- mood meter


def test_quadrant_counts_match_vocab_quadrant(con, account):
    expected: dict[str, int] = dict.fromkeys(vocab.QUADRANTS, 0)
    for mood in range(1, 6):
        for energy in range(1, 6):
            write(con, account, day(mood), mood=mood, energy=energy)
            expected[vocab.quadrant(mood, energy) or ""] += 1
    write(con, account, day(6), mood=3, energy=None)   # no energy: not on the meter
    meter = analytics.mood_meter(con, account, DateRange(day(1), day(6)))
    got = dict(zip(meter.quadrants["quadrant"], meter.quadrants["n"], strict=True))
    assert got == expected
    assert got == {"high_unpleasant": 6, "high_pleasant": 9, "low_unpleasant": 4,
                   "low_pleasant": 6}
    assert meter.entries == 25
    shares = dict(zip(meter.quadrants["quadrant"], meter.quadrants["share"], strict=True))
    assert shares["high_pleasant"] == pytest.approx(9 / 25)


def test_meter_shows_all_quadrants_even_when_empty(con, account):
    write(con, account, day(1), mood=5, energy=5)
    meter = analytics.mood_meter(con, account, DateRange(day(1), day(1)))
    assert list(meter.quadrants["n"]) == [0, 1, 0, 0]
    assert list(meter.quadrants["name"]) == ["Tense", "Bright", "Heavy", "Calm"]


def test_most_frequent_emotion_words(con, account):
    write(con, account, day(1), emotions=["calm", "hopeful"])
    write(con, account, day(2), emotions=["calm", "my own *word*"])
    write(con, account, day(3), emotions=["calm", "hopeful", "anxious"])
    meter = analytics.mood_meter(con, account, DateRange(day(1), day(3)))
    rows = list(meter.emotions.itertuples(index=False))
    assert [(r.word, r.n, r.group) for r in rows] == [
        ("calm", 3, "Calm"), ("hopeful", 2, "Bright"), ("anxious", 1, "Tense"),
        ("my own *word*", 1, "Your own words")]


# ---------------------------------------------------------------- triggers


def trig(*names: str, response: str | None = None) -> list[entries.TriggerItem]:
    return [entries.TriggerItem(n, response) for n in names]


def test_trigger_impact_by_hand(con, account):
    # late_reply on days 1 and 3 (day 3 has two entries: moods 1 and 3, mean 2), silence on
    # day 2. Days: 1 -> 2, 2 -> 4, 3 -> 2, 4 -> 5, 5 -> no mood (not counted anywhere).
    write(con, account, day(1), mood=2, triggers=trig("late_reply"))
    write(con, account, day(2), mood=4, triggers=trig("silence"))
    write(con, account, day(3), mood=1, hour=8, triggers=trig("late_reply"))
    write(con, account, day(3), mood=3, hour=21)
    write(con, account, day(4), mood=5)
    write(con, account, day(5), mood=None, triggers=trig("late_reply"))
    impact = analytics.trigger_impact(con, account, DateRange(day(1), day(5)))
    rows = {r.trigger: r for r in impact.table.itertuples(index=False)}
    late = rows["late_reply"]
    assert (late.days_with, late.days_without) == (2, 2)
    assert late.mood_with == pytest.approx(2.0)              # (2 + 2) / 2
    assert late.mood_without == pytest.approx(4.5)           # (4 + 5) / 2
    silence = rows["silence"]
    assert (silence.days_with, silence.days_without) == (1, 3)
    assert silence.mood_with == pytest.approx(4.0)
    assert silence.mood_without == pytest.approx(3.0)        # (2 + 2 + 5) / 3
    assert list(impact.table["name"]) == ["Late reply", "Silence"]


def test_trigger_frequency_per_week_and_other_group(con, account):
    keys = list(vocab.TRIGGERS)[:9]           # nine different triggers
    for i, key in enumerate(keys):
        for _ in range(9 - i):                # the first is noted 9 times, the last once
            write(con, account, day(1 + i % 7), triggers=trig(key))
    write(con, account, day(8), triggers=trig("late_reply", "my own trigger"))
    freq = analytics.trigger_frequency(con, account, DateRange(day(1), day(14)))
    assert freq.unit == "week"
    assert freq.total == sum(range(1, 10)) + 2
    names = [n for n, _ in freq.totals]
    assert len(names) == analytics.TOP_CATEGORIES + 1 and names[-1] == "Other triggers"
    # late_reply: 9 + 1 = 10 times; the two rarest curated ones and the custom word are grouped.
    assert freq.totals[0] == ("Late reply", 10)
    assert freq.totals[-1] == ("Other triggers", 2 + 1 + 1)
    week2 = freq.table[freq.table["start"] == pd.Timestamp(day(8))]
    assert dict(zip(week2["name"], week2["n"], strict=True)) == {
        "Late reply": 1, "Other triggers": 1}


# ---------------------------------------------------------------- responses


def test_response_shares_and_calm_halves(con, account):
    write(con, account, day(1), triggers=trig("late_reply", response="withdrew"))
    write(con, account, day(2), triggers=trig("silence", response="withdrew"))
    write(con, account, day(3), triggers=trig("conflict", response="paused"))
    write(con, account, day(8), triggers=trig("conflict", response="reached_out"))
    write(con, account, day(10), triggers=[entries.TriggerItem("silence", "self_soothed"),
                                           entries.TriggerItem("late_reply", None)])
    trend = analytics.responses(con, account, DateRange(day(1), day(14)))
    assert trend.unit == "week" and trend.total == 5
    week1 = trend.table[trend.table["start"] == pd.Timestamp(day(1))]
    shares = dict(zip(week1["response"], week1["share"], strict=True))
    assert shares == pytest.approx({"withdrew": 2 / 3, "paused": 1 / 3})
    week2 = trend.table[trend.table["start"] == pd.Timestamp(day(8))]
    assert dict(zip(week2["response"], week2["share"], strict=True)) == pytest.approx(
        {"reached_out": 0.5, "self_soothed": 0.5})
    # Span day 1..10: (10 - 1) // 2 = 4, so days 1-5 are early, 6-10 late.
    assert trend.calm_early == (1, 3)
    assert trend.calm_late == (2, 2)
    assert trend.counts == {"withdrew": 2, "paused": 1, "reached_out": 1, "self_soothed": 1}


def test_responses_are_monthly_for_long_ranges(con, account):
    write(con, account, date(2026, 1, 5), triggers=trig("silence", response="pursued"))
    write(con, account, date(2026, 1, 25), triggers=trig("silence", response="paused"))
    trend = analytics.responses(con, account, DateRange(date(2025, 6, 1), date(2026, 3, 1)))
    assert trend.unit == "month"
    assert list(trend.table["label"]) == ["January 2026", "January 2026"]
    assert list(trend.table["share"]) == [0.5, 0.5]


# ---------------------------------------------------------------- wins


def test_wins_per_week_and_cumulative(con, account):
    win = entries.WinItem
    write(con, account, day(1), wins=[win("check_in"), win("repair")])
    write(con, account, day(3), wins=[win("check_in")])
    write(con, account, day(16), wins=[win("check_in")])
    trend = analytics.wins(con, account, DateRange(day(1), day(21)))
    assert trend.unit == "week"
    assert (trend.total, trend.buckets, trend.active, trend.busiest) == (4, 3, 2, 3)
    assert trend.totals == [("Kept a check-in ritual", 3), ("Apologised and repaired", 1)]
    check = trend.table[trend.table["practice"] == "check_in"]
    assert list(check["n"]) == [2, 0, 1]
    assert list(check["cum"]) == [2, 2, 3]
    repair = trend.table[trend.table["practice"] == "repair"]
    assert list(repair["cum"]) == [1, 1, 1]


def test_no_wins_gives_an_empty_trend(con, account):
    write(con, account, day(1))
    trend = analytics.wins(con, account, DateRange(day(1), day(7)))
    assert trend.total == 0 and len(trend.table) == 0 and trend.totals == []


# ---------------------------------------------------------------- year heatmap


def test_heatmap_cells_and_months(con, account):
    write(con, account, date(2025, 1, 1), mood=3)               # a Wednesday
    write(con, account, date(2025, 1, 2), mood=5, hour=8)
    write(con, account, date(2025, 1, 2), mood=1, hour=20)
    for d in range(3, 6):
        write(con, account, date(2025, 1, d), mood=2)           # January: 3,3,2,2,2 = 2.4
    for d in range(1, 6):
        write(con, account, date(2025, 2, d), mood=4)           # February: 4.0
    write(con, account, date(2025, 3, 1), mood=1)               # March: one day, not compared
    heat = analytics.year_heatmap(con, account, 2025)
    assert len(heat.cells) == 365
    first = heat.cells.iloc[0]
    assert first["day"] == pd.Timestamp(date(2025, 1, 1))
    assert first["week"] == pd.Timestamp(date(2024, 12, 30))     # that week's Monday
    assert (first["dow"], first["weekday"], first["label"]) == (3, "Wed", "Wed 1 Jan 2025")
    assert first["mood"] == 3 and first["entries"] == 1
    second = heat.cells.iloc[1]
    assert second["mood"] == pytest.approx(3.0) and second["entries"] == 2
    assert math.isnan(heat.cells.iloc[100]["mood"]) and heat.cells.iloc[100]["entries"] == 0
    assert heat.days == 11
    assert heat.mean == pytest.approx((3 + 3 + 2 + 2 + 2 + 4 * 5 + 1) / 11)
    assert heat.best == (2, pytest.approx(4.0))
    assert heat.worst == (1, pytest.approx(2.4))
    assert heat.months == 2


def test_heatmap_of_an_empty_year(con, account):
    heat = analytics.year_heatmap(con, account, 2024)
    assert len(heat.cells) == 366 and heat.days == 0 and heat.best is None


# ---------------------------------------------------------------- milestones and caching


def test_milestone_rules_come_from_the_milestones_module(con, account, monkeypatch):
    def fake(con, account, start, end):
        return [
            (datetime(2026, 3, 5, 12, 0), "Start: weekly check-in"),
            (date(2026, 3, 9), "Target"),
            (date(2027, 1, 1), "out of range"),
        ]

    monkeypatch.setattr(analytics_trends, "milestone_dates", fake)
    assert analytics.milestone_rules(con, account, day(1), day(14)) == [
        (date(2026, 3, 5), "Start: weekly check-in"), (date(2026, 3, 9), "Target")]


def test_milestone_rules_without_milestones_are_empty(con, account):
    assert analytics.milestone_rules(con, account, day(1), day(14)) == []


def test_trends_data_is_reused_until_entries_change(con, account):
    analytics.clear_cache()
    entry_id = write(con, account, day(1), mood=2)
    rng = DateRange(day(1), day(7))
    first = analytics.trends_data(con, account, rng, 2026)
    assert analytics.trends_data(con, account, rng, 2026) is first
    write(con, account, day(2), mood=4)
    second = analytics.trends_data(con, account, rng, 2026)
    assert second is not first and second.mood.days == 2
    entries.update_entry(con, account, entry_id, make_entry(
        when_local=datetime.combine(day(1), time(21)), mood=5))
    third = analytics.trends_data(con, account, rng, 2026)
    assert third is not second and third.mood.mean == pytest.approx(4.5)
    entries.delete_entry(con, account, entry_id)
    assert analytics.trends_data(con, account, rng, 2026).mood.days == 1


def test_compute_trends_matches_the_parts(con, account):
    write(con, account, day(1), mood=2, triggers=trig("silence", response="paused"),
          wins=[entries.WinItem("check_in")], emotions=["calm"])
    rng = DateRange(day(1), day(7))
    data = analytics.compute_trends(con, account, rng, 2026)
    assert data.mood.days == 1 and data.meter.entries == 1
    assert data.triggers.total == 1 and data.responses.total == 1 and data.wins.total == 1
    assert len(data.impact.table) == 1 and data.heatmap.days == 1


@pytest.mark.parametrize("choice", ["4w", "1y", "all"])
def test_the_benchmark_baseline_computes_the_same_numbers(con, account, choice):
    """The naive pandas baseline of `python -m benchmarks.pages` must measure the same work."""
    from benchmarks import pages as bench
    from journal import demo

    demo.generate(con, account, years=2, seed=11, end=date(2026, 11, 20))
    rng = analytics.resolve_range(choice, date(2026, 11, 20),
                                  analytics.journal_state(con, account).bounds)
    naive = bench.naive_trends(con, account, rng, 2026)
    real = analytics.compute_trends(con, account, rng, 2026)
    assert bench.same_results(naive, real) == []
    assert naive.mood_days == real.mood.days > 0 and naive.wins == real.wins.total > 0
