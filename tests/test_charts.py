"""Trends charts: Vega-Lite specs (tooltips, milestone rules, palette) and their readings."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pandas as pd
import pyarrow as pa
import pytest

from journal import analytics, entries
from journal.analytics import DateRange
from journal.analytics import trends as analytics_trends
from journal.charts import trends as charts
from tests.conftest import make_entry

D0 = date(2026, 3, 2)
RNG = DateRange(D0, D0 + timedelta(days=27))
RULES = [(D0 + timedelta(days=3), "Start: weekly check-in"),
         (D0 + timedelta(days=20), "Target <b>*reached*</b>")]


def day(n: int) -> date:
    return D0 + timedelta(days=n - 1)


def write(con, account, when: date, **kw) -> int:
    kw.setdefault("mood", 3)
    kw.setdefault("energy", 3)
    return entries.save_entry(con, account, make_entry(
        when_local=datetime.combine(when, time(21)), **kw))


@pytest.fixture
def filled(con, account):
    """Four weeks with moods, triggers, responses, wins and emotion words."""
    for i in range(28):
        mood = 2 if i % 4 == 0 else 4
        trig = [entries.TriggerItem("late_reply", "withdrew" if i < 14 else "reached_out")] \
            if i % 4 == 0 else []
        wins = [entries.WinItem("check_in")] if i % 3 == 0 else []
        write(con, account, day(i + 1), mood=mood, energy=2 + i % 3, triggers=trig, wins=wins,
              emotions=["calm", "hopeful"] if mood == 4 else ["anxious"])
    return con, account


def all_figures(con, account, rules) -> list[charts.Figure]:
    data = analytics.compute_trends(con, account, RNG, 2026)
    wins_per, wins_total = charts.wins_figures(data.wins, rules)
    return [
        charts.mood_figure(data.mood, rules), charts.meter_figure(data.meter),
        charts.emotions_figure(data.meter), charts.trigger_figure(data.triggers, rules),
        charts.impact_figure(data.impact), charts.responses_figure(data.responses, rules),
        wins_per, wins_total, charts.heatmap_figure(data.heatmap, rules),
    ]


TIME_AXIS = {"mood", "triggers", "responses", "wins", "wins_total", "heatmap"}


def layers(spec: dict) -> list[dict]:
    return spec["layer"] if "layer" in spec else [spec]


def data_name(layer: dict, spec: dict) -> str | None:
    return (layer.get("data") or spec.get("data") or {}).get("name")


# ---------------------------------------------------------------- specs


def test_every_chart_has_tooltips_and_milestone_rules(filled):
    figures = all_figures(*filled, RULES)
    assert all(f.drawn for f in figures)
    for figure in figures:
        spec = figure.chart.to_dict()           # validates against the Vega-Lite schema
        drawn = [ly for ly in layers(spec) if data_name(ly, spec) not in ("frame",)]
        assert drawn, figure.key
        for layer in drawn:
            assert "tooltip" in layer["encoding"], (figure.key, layer["mark"])
        rule_layers = [ly for ly in layers(spec) if data_name(ly, spec) == "rules"]
        if figure.key in TIME_AXIS:
            marks = sorted(ly["mark"]["type"] for ly in rule_layers)
            assert marks == ["rule", "text", "text"], figure.key
            labels = [row["label"] for row in spec["datasets"]["rules"]]
            assert labels == [label for _, label in RULES]   # user text kept as data, verbatim
        else:
            assert rule_layers == []


def test_no_rule_layer_without_milestones(filled):
    for figure in all_figures(*filled, []):
        spec = figure.chart.to_dict()
        assert "rules" not in spec.get("datasets", {}), figure.key
        assert all(data_name(ly, spec) != "rules" for ly in layers(spec)), figure.key


def test_spec_binds_arrow_datasets_to_a_checked_template(filled):
    figure = all_figures(*filled, RULES)[0]
    spec = figure.spec()
    assert set(spec["datasets"]) == {"mood", "frame", "rules"}
    assert all(isinstance(v, bytes) for v in spec["datasets"].values())
    table = pa.ipc.open_stream(spec["datasets"]["mood"]).read_all()
    assert table.num_rows == len(figure.data["mood"]) == 28
    assert "continuousWidth" not in str(spec.get("config", {}))
    assert spec["autosize"] == {"type": "fit-x", "contains": "padding"}
    spec["layer"].clear()                        # Streamlit may edit what it is given...
    assert figure.spec()["layer"]                # ...the template is untouched


def test_colour_blind_safe_palettes(filled):
    figures = {f.key: f.chart.to_dict() for f in all_figures(*filled, [])}
    okabe_ito = {"#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7"}
    assert set(charts.PALETTE) == okabe_ito
    triggers = figures["triggers"]["layer"][1]["encoding"]["color"]
    assert triggers["scale"]["range"] == charts.CATEGORY_RANGE
    assert charts.CATEGORY_RANGE[-1] == charts.OTHER_GREY
    responses = figures["responses"]["layer"][1]["encoding"]["color"]["scale"]["range"]
    assert set(responses) <= okabe_ito
    heat = [ly for ly in figures["heatmap"]["layer"] if "color" in ly.get("encoding", {})]
    assert heat[0]["encoding"]["color"]["scale"]["scheme"] == "viridis"


def test_time_axes_are_utc_so_days_do_not_shift(filled):
    for figure in all_figures(*filled, RULES):
        if figure.key not in TIME_AXIS:
            continue
        spec = figure.chart.to_dict()
        for layer in layers(spec):
            x = layer.get("encoding", {}).get("x", {})
            if x.get("type") == "temporal":
                assert x["scale"] == {"type": "utc"}, figure.key


def test_empty_figures_are_not_drawn_and_say_why(con, account):
    figures = all_figures(con, account, RULES)
    assert not any(f.drawn for f in figures)
    readings = {f.key: f.reading for f in figures}
    assert readings["mood"].startswith("No moods noted in this period yet.")
    assert readings["triggers"] == ("No triggers noted in this period. Quiet stretches count "
                                    "too.")
    assert readings["heatmap"] == "No moods noted in 2026."
    with pytest.raises(ValueError):
        figures[0].spec()


# ---------------------------------------------------------------- readings


def trend_with(series: pd.DataFrame, declines=(), ongoing=None, days=0, mean=None):
    return analytics.MoodTrend(RNG, "day", series, list(declines), days, mean, ongoing)


def test_mood_reading_for_one_entry(con, account):
    write(con, account, day(5), mood=4)
    trend = analytics.mood_trend(con, account, RNG)
    assert charts.mood_reading(trend) == (
        "One mood so far: 4.0 (Fri 6 Mar 2026). The 7-day average and your usual range "
        "appear after a few more days.")
    assert charts.mood_figure(trend).drawn


def test_mood_reading_calls_out_only_sustained_declines(con, account):
    for i, mood in enumerate([4] * 28 + [2] * 7 + [4] * 20):
        write(con, account, day(i + 1), mood=mood)
    past = analytics.mood_trend(con, account, DateRange(day(1), day(55)))
    assert charts.mood_reading(past) == (
        "Your mood averaged 3.7 over 55 days. A stretch of a week or more sat below your usual "
        "range (the latest 1–7 Apr 2026); it lifted again.")
    ongoing = analytics.mood_trend(con, account, DateRange(day(1), day(37)))
    assert charts.mood_reading(ongoing).startswith(
        "For the last 7 days your 7-day average has stayed below your usual range.")
    calm = analytics.mood_trend(con, account, DateRange(day(1), day(30)))
    assert charts.mood_reading(calm) == (
        "Your mood averaged 3.9 over 30 days. Low days came and went inside your usual range; "
        "no week-long dip below it.")
    figure = charts.mood_figure(past)
    assert "declines" in figure.data and "red shading" in figure.note


def test_impact_reading_example_sentence(con, account):
    late = [entries.TriggerItem("late_reply")]
    for n, mood in enumerate([2, 2, 3, 4, 5, 4], start=1):
        write(con, account, day(n), mood=mood, triggers=late if n <= 3 else [])
    impact = analytics.trigger_impact(con, account, RNG)
    assert charts.impact_reading(impact) == (
        "Your mood on days with “Late reply” averaged 2.3, against 4.3 otherwise (3 days).")
    row = charts.impact_figure(impact).data["impact"].iloc[0]
    assert row["row"] == "Late reply · 3 days"


def test_impact_reading_with_a_small_sample(con, account):
    write(con, account, day(1), mood=2, triggers=[entries.TriggerItem("my own trigger")])
    write(con, account, day(2), mood=4)
    impact = analytics.trigger_impact(con, account, RNG)
    assert charts.impact_reading(impact) == (
        "Only 1 day with “my own trigger” so far, too few to read much into: mood 2.0 then, "
        "4.0 on other days.")


def test_trigger_meter_and_emotion_readings(filled):
    con, account = filled
    data = analytics.compute_trends(con, account, RNG, 2026)
    assert charts.trigger_reading(data.triggers) == (
        "You noted 7 triggers in this period; the most frequent was “Late reply” (7 times).")
    assert charts.meter_reading(data.meter) == (   # 14 of 28 is half, not "most"
        "More entries sat in Bright (high energy, pleasant) than anywhere else (14 of 28); "
        "every quadrant is a normal place to be some of the time.")
    assert charts.emotions_reading(data.meter) == (   # calm and hopeful are tied
        "Your most frequent words: calm and hopeful, 21 times each.")


def test_responses_reading_compares_halves():
    table = pd.DataFrame(columns=["start", "stop", "label", "response", "n", "share", "name"])
    trend = analytics.ResponseTrend(RNG, "week", table, 10, (1, 4), (5, 6),
                                    {"withdrew": 4, "reached_out": 6})
    assert charts.responses_reading(trend) == (
        "In the first half of this period 25% of your responses were calm ones (pausing, "
        "self-soothing, reaching out calmly); in the second half, 83% (10 responses in all).")
    one = analytics.ResponseTrend(RNG, "week", table, 1, (1, 1), None, {"paused": 1})
    assert charts.responses_reading(one) == "One response noted in this period: paused."


def test_wins_readings(filled):
    con, account = filled
    data = analytics.compute_trends(con, account, RNG, 2026)
    per, total = charts.wins_figures(data.wins)
    assert per.reading == "4 of 4 weeks had at least one win; the busiest had 3 wins."
    assert total.reading == ("10 wins in this period; the practice you kept most often was "
                             "“Kept a check-in ritual” (10 times).")


def test_heatmap_reading():
    cells = pd.DataFrame()
    heat = analytics.YearHeatmap(2025, cells, 40, 3.25, (6, 3.9), (2, 2.8), 3)
    assert charts.heatmap_reading(heat) == (
        "In 2025 you noted a mood on 40 days, averaging 3.2. Lightest month: June (3.9); "
        "heaviest: February (2.8).")
    one = analytics.YearHeatmap(2025, cells, 1, 4.0, None, None, 0)
    assert charts.heatmap_reading(one) == "In 2025 you noted a mood on 1 day, averaging 4.0."


# ---------------------------------------------------------------- ties and small counts


def _freq(totals: list[tuple[str, int]]) -> analytics.TriggerFrequency:
    return analytics.TriggerFrequency(RNG, "week", pd.DataFrame(), totals,
                                      sum(n for _, n in totals))


def test_trigger_reading_names_ties_and_single_counts_plainly():
    assert charts.trigger_reading(_freq([("Work stress", 1)])) == (
        "You noted one trigger in this period: “Work stress”.")
    assert charts.trigger_reading(_freq([("Work stress", 1), ("Late reply", 1)])) == (
        "You noted 2 triggers in this period, each once: “Work stress” and “Late reply”.")
    assert charts.trigger_reading(_freq([("Work stress", 3), ("Late reply", 3), ("Tone", 1)])) == (
        "You noted 7 triggers in this period; “Work stress” and “Late reply” came up most "
        "often, 3 times each.")
    assert charts.trigger_reading(_freq([("Work stress", 2), ("Late reply", 1)])) == (
        "You noted 3 triggers in this period; the most frequent was “Work stress” (twice).")
    many = _freq([(f"T{i}", 1) for i in range(6)])
    assert charts.trigger_reading(many) == (
        "You noted 6 triggers in this period: 6 different ones, none more than once.")
    for freq in (_freq([("A", 1), ("B", 1)]), _freq([("A", 2), ("B", 2)])):
        assert "most frequent was" not in charts.trigger_reading(freq)


def _wins(totals: list[tuple[str, int]], buckets: int, active: int, busiest: int):
    return analytics.WinTrend(RNG, "week", pd.DataFrame(), sum(n for _, n in totals), totals,
                              buckets, active, busiest)


def test_win_readings_handle_ties_and_small_counts():
    spread = _wins([("Paused", 1), ("Repaired", 1)], 4, 2, 1)
    assert charts.wins_reading(spread) == (
        "2 wins in this period, each in a different week (2 of 4 weeks).")
    assert charts.cumulative_reading(spread) == (
        "2 wins in this period, one each for “Paused” and “Repaired”.")
    tied = _wins([("Paused", 2), ("Repaired", 2)], 4, 2, 2)
    assert charts.cumulative_reading(tied) == (
        "4 wins in this period; you kept “Paused” and “Repaired” most often, twice each.")
    one_week = _wins([("Paused", 3)], 1, 1, 3)
    assert charts.wins_reading(one_week) == "3 wins in this week."


def _meter(counts: list[int], words: list[tuple[str, int]]) -> analytics.MoodMeter:
    names = ["Bright", "Tense", "Calm", "Low"]
    return analytics.MoodMeter(pd.DataFrame({
        "quadrant": names, "name": names, "n": counts, "share": [0.0] * 4,
        "energy": ["High energy", "High energy", "Low energy", "Low energy"],
        "feel": ["Pleasant", "Unpleasant", "Pleasant", "Unpleasant"],
    }), sum(counts), pd.DataFrame({"word": [w for w, _ in words], "group": ["Bright"] * len(words),
                                   "n": [n for _, n in words]}))


def test_meter_and_emotion_readings_handle_ties_and_single_counts():
    tie = _meter([1, 0, 1, 0], [("calm", 1), ("hurt", 1), ("safe", 1)])
    assert charts.meter_reading(tie) == (
        "Your 2 entries were spread evenly across Bright (high energy, pleasant) and Calm "
        "(low energy, pleasant), 1 each; every quadrant is a normal place to be some of the time.")
    assert charts.emotions_reading(tie) == (
        "You chose 3 different words, each once: calm, hurt and safe.")
    most = _meter([3, 1, 0, 0], [("calm", 4), ("hurt", 2), ("safe", 1)])
    assert charts.meter_reading(most).startswith("Most entries (3 of 4) sat in Bright")
    assert charts.emotions_reading(most) == (
        "Your most frequent word: calm (4 times); then hurt (twice) and safe (once).")
    single = _meter([1, 0, 0, 0], [("calm", 1)])
    assert charts.emotions_reading(single) == "The one word you chose: calm (once)."
    for meter in (tie, most, single):   # never "(1)" or "1 times"
        text = charts.meter_reading(meter) + charts.emotions_reading(meter)
        assert "(1)" not in text and "1 times" not in text


# ---------------------------------------------------------------- integer count axes


def _axis_formats(spec: dict, channel: str) -> list[dict]:
    found = []
    for layer in layers(spec):
        enc = layer.get("encoding", {}).get(channel, {})
        if enc.get("type") == "quantitative" and "axis" in enc:
            found.append(enc["axis"])
    return found


def test_every_count_axis_has_whole_number_ticks(filled):
    figures = {f.key: f for f in all_figures(*filled, RULES)}
    for key, channel in (("triggers", "y"), ("wins", "y"), ("wins_total", "y"),
                         ("emotions", "x")):
        axes = _axis_formats(figures[key].chart.to_dict(), channel)
        assert axes, key
        for axis in axes:
            assert axis.get("tickMinStep") == 1 and axis.get("format") == "d", (key, axis)


# ---------------------------------------------------------------- milestone labels


def test_milestones_are_numbered_on_the_chart_and_listed_under_it(filled):
    long_names = [(D0 + timedelta(days=3), "A very long milestone name that would run on"),
                  (D0 + timedelta(days=4), "Another long milestone name right beside it")]
    figure = charts.trigger_figure(analytics.compute_trends(*filled, RNG, 2026).triggers,
                                   long_names)
    rows = figure.spec()["datasets"]
    frame = figure.data["rules"]
    assert list(frame["text"]) == ["1", "2"] and list(frame["mark"]) == ["1", "2"]
    assert len(set(frame["offset"])) == 2          # one day apart: different rows
    assert figure.milestones == (
        "Milestones: 1 A very long milestone name that would run on (5 Mar 2026) · "
        "2 Another long milestone name right beside it (6 Mar 2026)")
    assert "rules" in rows
    assert charts.trigger_figure(analytics.compute_trends(*filled, RNG, 2026).triggers
                                 ).milestones == ""


def test_markers_never_overlap_at_phone_width():
    # Twenty milestones in ten years: whatever rows they take, no two shown in a row overlap
    # when drawn at the narrowest plot planned for.
    start, end = date(2016, 1, 1), date(2025, 12, 31)
    days = sorted(start + timedelta(days=(i * 97) % 3650) for i in range(20))
    frame = charts.rules_frame([(d, f"Milestone {i}") for i, d in enumerate(days)], start, end)
    boxes: dict[int, list[tuple[float, float]]] = {}
    span = (end - start).days + 1
    for day, text, offset, side in zip(frame["date"], frame["text"], frame["offset"],
                                       frame["side"], strict=True):
        if not text:
            continue
        x = charts.PLAN_WIDTH_PX * (day.date() - start).days / span
        w = 8 * len(text) + 4       # bold digits at 11 px are at most 7 px wide
        box = (x - w, x) if side == "right" else (x, x + w)
        for other in boxes.setdefault(offset, []):
            assert box[1] <= other[0] or box[0] >= other[1], (day, text)
        boxes[offset].append(box)
    assert sum(1 for t in frame["text"] if t) >= 15   # most are shown, not hidden




def test_labels_on_the_same_day_take_separate_rows():
    spots = charts.label_layout([D0, D0], ["First", "Second"], D0, D0 + timedelta(days=90))
    assert [s.row for s in spots] == [0, 1]
    assert [s.side for s in spots] == ["left", "left"]


def test_labels_far_apart_share_the_first_row():
    days = [D0, D0 + timedelta(days=45)]
    spots = charts.label_layout(days, ["One", "Two"], D0, D0 + timedelta(days=90))
    assert [s.row for s in spots] == [0, 0]


def test_labels_near_the_right_edge_end_at_their_rule():
    end = D0 + timedelta(days=90)
    spots = charts.label_layout([end], ["A label near the end"], D0, end)
    assert spots[0].side == "right"


def test_crowded_labels_hide_rather_than_overlap():
    days = [D0] * (charts.RULE_ROWS + 1)
    labels = [f"Milestone {i}" for i in range(len(days))]
    spots = charts.label_layout(days, labels, D0, D0 + timedelta(days=30))
    assert [s.row for s in spots] == [*range(charts.RULE_ROWS), None]
    frame = charts.rules_frame(list(zip(days, labels, strict=True)), D0,
                               D0 + timedelta(days=30))
    assert list(frame["text"])[-1] == "" and list(frame["label"])[-1] == "Milestone 4"


# ---------------------------------------------------------------- the whole view


def test_trends_view_sections_and_milestones(filled, monkeypatch):
    con, account = filled
    charts.clear_cache()
    monkeypatch.setattr(analytics_trends, "milestone_dates", lambda c, a, start, end: [
        (d, label) for d, label in RULES if start <= d <= end])
    view = charts.trends_view(con, account, RNG, 2026)
    assert [s.key for s in view.sections] == ["mood", "meter", "triggers", "responses",
                                              "wins", "year"]
    assert not view.range_is_empty
    figures = {f.key: f for s in view.sections for f in s.figures}
    for key in TIME_AXIS:
        assert "rules" in figures[key].data, key
    assert charts.trends_view(con, account, RNG, 2026) is view      # reused while unchanged
    monkeypatch.setattr(analytics_trends, "milestone_dates", lambda c, a, start, end: [])
    fresh = charts.trends_view(con, account, RNG, 2026)
    assert fresh is not view and "rules" not in fresh.sections[0].figures[0].data


def test_describe_range():
    assert charts.describe_range(RNG, "day") == (
        "2–29 Mar 2026 · 28 days · one point per day")
    long = DateRange(date(2016, 11, 21), date(2026, 11, 20))
    assert charts.describe_range(long, "month") == (
        "21 Nov 2016 – 20 Nov 2026 · 3,652 days · one point per month")
