"""AppTest for pages/trends.py: no data, one entry, demo data; ranges, year, safe user words."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from streamlit.testing.v1 import AppTest

from journal import demo, entries
from pages import _keys as K
from tests.conftest import ROOT, make_entry

PAGE = str(ROOT / "pages/trends.py")


def open_page(account=None) -> AppTest:
    at = AppTest.from_file(PAGE, default_timeout=60)
    if account is not None:
        at.session_state[K.ACCOUNT] = account
    at.run()
    assert not at.exception, at.exception
    return at


def texts(at: AppTest) -> str:
    """Everything written as Markdown/caption/info, exactly as sent (escapes included)."""
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption]
    parts += [i.value for i in at.info]
    return "\n".join(parts)


def chart_count(at: AppTest) -> int:
    return len(at.get("vega_lite_chart"))


def test_needs_a_signed_in_profile(app_db):
    at = open_page()
    assert [t.label for t in at.text_input] == ["Name", "Passphrase"]
    assert chart_count(at) == 0


def test_no_entries_yet(app_db, con, account):
    at = open_page(account)
    assert "Your trends appear here once you have written a few entries" in at.info[0].value
    assert chart_count(at) == 0


def test_one_entry_reads_well(app_db, con, account):
    today = date.today()
    entries.save_entry(con, account, make_entry(
        when_local=datetime.combine(today, datetime.min.time()).replace(hour=9),
        mood=4, energy=4, emotions=["hopeful", "*mine* <b>x</b>"],
        triggers=[entries.TriggerItem("*late* <b>reply</b>", "paused")],
        wins=[entries.WinItem("check_in")]))
    at = open_page(account)
    shown = texts(at)
    assert "One mood so far: 4.0" in shown
    assert "Your one entry in this period sat in Bright (high energy, pleasant)." in shown
    assert r"You noted one trigger in this period: “\*late\* \<b\>reply\</b\>”." in shown
    assert "One response noted in this period: paused." in shown
    assert "One win so far in this period: “Kept a check-in ritual”." in shown
    assert chart_count(at) >= 7
    # User words reach Markdown only escaped (pages._shared.plain), so they stay inert.
    raw = "\n".join(m.value for m in at.markdown)
    assert r"“\*late\* \<b\>reply\</b\>”" in raw
    assert "<b>reply</b>" not in raw


def test_demo_data_every_range_and_year(app_db, con, account):
    demo.generate(con, account, years=2, seed=3, end=date.today())
    at = open_page(account)
    shown = texts(at)
    assert "one point per day" in shown
    assert "Your mood averaged" in shown
    assert "Your mood on days with" in shown
    assert "of your responses were calm ones" in shown
    assert "had at least one win" in shown
    assert f"In {date.today().year} you noted a mood on" in shown
    assert chart_count(at) == 9
    for key, unit in (("4w", "one point per day"), ("1y", "one point per week"),
                      ("all", "one point per week")):
        at.button_group(key=K.T_RANGE).set_value(key).run()
        assert not at.exception, at.exception
        assert unit in texts(at), key
        assert chart_count(at) == 9, key
    at.button_group(key=K.T_RANGE).set_value("custom").run()
    start = date.today() - timedelta(days=400)
    at.date_input(key=K.T_CUSTOM).set_value((start, date.today())).run()
    assert not at.exception, at.exception
    assert "401 days · one point per week" in texts(at)
    last_year = date.today().year - 1
    at.selectbox(key=K.T_YEAR).select(last_year).run()
    assert not at.exception, at.exception
    assert f"In {last_year} you noted a mood on" in texts(at)


def test_a_range_without_entries_says_so(app_db, con, account):
    old = date.today() - timedelta(days=200)
    entries.save_entry(con, account, make_entry(when_local=datetime.combine(
        old, datetime.min.time()).replace(hour=20), mood=2))
    at = open_page(account)
    at.button_group(key=K.T_RANGE).set_value("4w").run()
    assert not at.exception, at.exception
    assert "Nothing noted between" in texts(at)
    assert [s.value for s in at.subheader] == ["Year at a glance"]


@pytest.mark.parametrize("choice", ["custom"])
def test_custom_range_needs_two_dates(app_db, con, account, choice):
    entries.save_entry(con, account, make_entry(when_local=datetime.now().replace(
        second=0, microsecond=0), mood=3))
    at = open_page(account)
    at.button_group(key=K.T_RANGE).set_value(choice).run()
    at.date_input(key=K.T_CUSTOM).set_value((date.today(),)).run()
    assert not at.exception, at.exception
    assert "Choose a start date and an end date" in texts(at)
