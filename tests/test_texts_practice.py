"""Issue 11, "stop working against the texts": words that describe behaviour, measures of growth,
trigger charts one step away when sharing, rituals chosen not pre-ticked, prompts that use the
person's own data. (No-comparison between partners: tests/test_page_shared_with_me.py.)"""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from journal import entries, milestones, suggestions, vocab
from journal.entries import TriggerItem
from journal.migrations import MIGRATIONS
from journal.milestones import MEASURES, OFFERED_MEASURES, TEMPLATES
from journal.sharing import choices
from journal.transfer.importers import ImportedEntry
from journal.transfer.records import to_inputs
from tests.conftest import make_entry
from tests.test_milestones import START, TODAY, make, values, week_journal  # noqa: F401

VERDICTS = ("Broken promise", "Partner on phone or screen", "Feeling ignored", "Criticism",
            "Pursued or protested")


# ---------------------------------------------------------------- words, not verdicts


def test_no_curated_label_is_a_verdict():
    shown = [*vocab.TRIGGERS.values(), *vocab.RESPONSES.values()]
    for old in VERDICTS:
        assert old not in shown
    for label in shown:
        for word in ("broken", "ignored", "criticism", "protest", "partner"):
            assert word not in label.lower(), label


def test_keys_stay_and_old_labels_still_mean_them():
    for key in ("criticism", "feeling_ignored", "broken_promise", "phone_or_screen"):
        assert key in vocab.TRIGGERS
    assert "pursued" in vocab.RESPONSES
    assert vocab.trigger_key("Broken promise") == "broken_promise"
    assert vocab.trigger_key(" partner on phone or screen ") == "phone_or_screen"
    assert vocab.trigger_key(vocab.TRIGGERS["criticism"]) == "criticism"  # the new label too
    assert vocab.trigger_key("late_reply") == "late_reply"
    assert vocab.trigger_key("Rain on the window") == "Rain on the window"  # own words stay
    assert vocab.response_key("Pursued or protested") == "pursued"
    assert vocab.response_key(None) is None


def test_migration_turns_stored_old_labels_into_their_keys(con, account):
    entries.save_entry(con, account, make_entry(triggers=[
        TriggerItem("Broken promise"), TriggerItem("partner on phone or screen"),
        TriggerItem("My own word")]))
    con.execute("UPDATE entry_triggers SET response = 'Pursued or protested' "
                "WHERE trigger = 'My own word'")
    step = dict(MIGRATIONS)["0006_trigger_words"]
    step(con)
    rows = sorted(con.execute("SELECT trigger, response FROM entry_triggers").fetchall(),
                  key=lambda r: r[0])
    assert rows == [("My own word", "pursued"), ("broken_promise", None),
                    ("phone_or_screen", None)]
    got = entries.get_entry(con, account, int(con.execute("SELECT max(id) FROM entries")
                                              .fetchone()[0]))
    assert vocab.label(vocab.TRIGGERS, got.triggers[0].trigger) in vocab.TRIGGERS.values()


def test_an_imported_tag_with_an_old_label_maps_to_its_key():
    item = ImportedEntry(source="daylio", source_id="1", local_dt=datetime(2026, 3, 1, 9),
                         utc_dt=None, tz_name="UTC", title=None, body="", mood_label=None,
                         starred=False, location=None, line=None, activities=["Broken promise"],
                         tags=["Feeling ignored", "walk"])
    roles = {"Broken promise": "trigger", "Feeling ignored": "trigger", "walk": "trigger"}
    (planned,) = to_inputs(item, {}, roles, "UTC")
    assert [t.trigger for t in planned.inp.triggers] == ["broken_promise", "feeling_ignored",
                                                           "walk"]


def test_exports_show_the_new_words(con, account):
    from journal.transfer import exporting
    entries.save_entry(con, account, make_entry(triggers=[TriggerItem("broken_promise",
                                                                      "pursued")]))
    text = exporting.export_file(con, account, "csv").data.decode()
    assert vocab.TRIGGERS["broken_promise"] in text and "Broken promise" not in text
    raw = exporting.export_file(con, account, "json").data.decode()
    assert '"broken_promise"' in raw and '"pursued"' in raw  # ids, read back unchanged


# ---------------------------------------------------------------- growth, not lapses


def test_no_offered_measure_or_template_counts_lapses():
    for key in OFFERED_MEASURES:
        m = MEASURES[key]
        assert m.direction == "up", key
        assert "lower is the aim" not in m.how and "withdr" not in m.label.lower(), key
    assert "withdrawals_per_week" not in OFFERED_MEASURES
    for tpl in TEMPLATES.values():
        assert tpl.measure in OFFERED_MEASURES and "less often" not in tpl.title, tpl.key


def test_paused_or_reached_share(con, week_journal):  # noqa: F811
    # Up to 8 March: reached_out, withdrew, pursued, paused, self_soothed -> 2 of 5 = 40%.
    mid = make(con, week_journal, "paused_or_reached_share", target=50)
    periods = milestones.progress(con, week_journal, mid, TODAY)
    assert [p.value for p in periods] == [40.0, 40.0, 40.0]
    assert [p.sample for p in periods] == [5, 5, 5]


def test_a_stored_milestone_with_the_old_measure_still_reads(con, week_journal):  # noqa: F811
    mid = make(con, week_journal, "withdrawals_per_week", target=1)
    assert values(con, week_journal, mid) == [1.0, 0.0, 0.0]
    got = milestones.get_milestone(con, week_journal, mid, today=TODAY)
    assert got.measure == "withdrawals_per_week" and "lower is the aim" not in got.measure_def.how


# ---------------------------------------------------------------- trigger charts: a pause first


@pytest.fixture
def triggered(con, account):
    day = date(2026, 3, 1)
    for i in range(40):
        entries.save_entry(con, account, make_entry(
            when_local=datetime.combine(day + timedelta(days=i), datetime.min.time()), mood=2,
            triggers=[TriggerItem("broken_promise", "withdrew")] if i % 3 else []))
    return account, day + timedelta(days=40)


def test_trigger_charts_need_the_extra_step(con, triggered):
    account, today = triggered
    first = dict(choices.chart_choices(con, account, "3m", today))
    more = dict(choices.chart_choices(con, account, "3m", today, more=True))
    assert first and not set(first) & choices.PAUSE_FIRST_CHARTS
    assert {"triggers", "impact"} <= set(more)
    assert list(more)[:len(first)] == list(first)  # the rest come after
    assert choices.chart_note("triggers") and choices.chart_note("impact")
    assert "need" in choices.chart_note("triggers") and "hope" in choices.chart_note("impact")
    assert choices.chart_note("mood") is None


def test_shared_trigger_readings_name_no_counts(con, triggered):
    account, today = triggered
    for key in ("triggers", "impact"):
        shared = choices.chart_insight(con, account, "3m", key, today=today)  # never blocked
        reading = " ".join(p.text for p in shared.parts)
        assert not any(ch.isdigit() for ch in reading), reading
        assert vocab.TRIGGERS["broken_promise"] not in reading
        assert shared.chart is not None


# ---------------------------------------------------------------- prompts with the person's data


def test_recent_activity_brings_the_top_feeling_and_milestones(con, account):
    today = date(2026, 11, 20)
    assert suggestions.recent_activity(con, account, today).top_feeling is None
    for i, words in enumerate((["on edge", "tired"], ["on edge"], ["tired"], ["on edge"])):
        entries.save_entry(con, account, make_entry(
            when_local=datetime(2026, 11, 10 + i, 20), emotions=words))
    entries.save_entry(con, account, make_entry(when_local=datetime(2026, 9, 1, 20),
                                                emotions=["calm"] * 1))
    got = suggestions.recent_activity(con, account, today)
    assert got.top_feeling == "on edge" and not got.has_milestone
    make(con, account, "check_ins_per_week", start=START)
    assert suggestions.recent_activity(con, account, today).has_milestone


# ---------------------------------------------------------------- the pages


def test_share_page_offers_trigger_charts_only_after_the_toggle(app_db, monkeypatch):
    from journal.db import connect
    from journal.profiles import create_profile
    from pages import _keys as K
    from tests.conftest import PASS
    from tests.test_page_share import page_text, run_page
    con = connect(app_db)
    ana = create_profile(con, "Ana", PASS)
    today = date.today()
    for i in range(30):
        entries.save_entry(con, ana, make_entry(
            when_local=datetime.combine(today - timedelta(days=i), datetime.min.time()),
            mood=2 + i % 3, triggers=[TriggerItem("broken_promise", "withdrew")] if i % 2 else []))
    con.close()
    at = run_page("pages/share.py", ana, **{K.S_SOURCE: "chart", K.S_TAB: "Compose"})
    assert not at.exception
    (chart,) = [s for s in at.selectbox if s.label == "Chart"]
    assert chart.options and not any("rigger" in o for o in chart.options)
    at.toggle(key=K.S_CHART_MORE).set_value(True).run()
    (chart,) = [s for s in at.selectbox if s.label == "Chart"]
    assert any("Trigger" in o for o in chart.options)
    key = next(k for k, _ in choices.chart_choices(connect(app_db), ana, "3m", today, more=True)
               if k == "triggers")
    chart.set_value(key).run()
    assert not at.exception
    text = page_text(at)
    assert "Before you share this one" in text
    assert any(b.label.startswith("Keep for the share packet") for b in at.button)  # not blocked


def test_write_offers_a_check_in_on_a_stressful_day(app_db):
    from journal.db import connect
    from journal.profiles import create_profile
    from tests.conftest import PASS
    from tests.test_page_share import page_text, run_page
    con = connect(app_db)
    ana = create_profile(con, "Ana", PASS)
    con.close()
    at = run_page("pages/write.py", ana)
    assert "Add a 15-minute check-in" not in page_text(at)
    (trig,) = [m for m in at.multiselect if m.label == "Triggers"]
    trig.select(vocab.STRESSFUL_DAY).run()
    assert not at.exception
    assert "Would fifteen minutes together help?" in page_text(at)
    assert at.get("download_button")
