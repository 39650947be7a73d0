"""benchmarks.browser: the bare app it writes runs and draws what it was asked to (no timing)."""

from __future__ import annotations

from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.testing.v1 import AppTest

from benchmarks.browser import bare_app_source, chart_rows


def test_bare_app_draws_the_charts_and_rows_it_was_given():
    source = bare_app_source({"Trends": [5, 40, 1], "Write": []})
    at = AppTest.from_string(source, default_timeout=60).run()
    assert not at.exception
    assert [t.value for t in at.title] == ["Trends"]     # the first page is the default
    charts = at.get("vega_lite_chart")
    assert len(charts) == 3
    # The probe reads the rows of each chart back from the message the server would send.
    rows = []
    for chart in charts:
        msg = ForwardMsg()
        msg.delta.new_element.vega_lite_chart.CopyFrom(chart.proto)
        rows += chart_rows(msg.SerializeToString())
    assert rows == [5, 40, 1]


def test_probe_ignores_messages_without_charts():
    msg = ForwardMsg()
    msg.delta.new_element.markdown.body = "hello"
    assert chart_rows(msg.SerializeToString()) == []
    assert chart_rows(b"\xff not a message") == []


def test_warm_view_builds_the_view_trends_opens_with_so_the_page_reuses_it(
        con, account, monkeypatch):
    from datetime import date

    from journal import analytics, demo
    from journal.charts import trends as charts

    builds = []
    real_build = charts._build_view
    monkeypatch.setattr(charts, "_build_view", lambda *a: builds.append(a) or real_build(*a))
    today = date(2026, 11, 20)
    charts.clear_cache()
    charts.warm_view(con, account, today)          # nothing written yet: nothing to build
    assert builds == []
    demo.generate(con, account, years=0.5, end=today, daily=True)
    charts.warm_view(con, account, today)
    assert len(builds) == 1
    state = analytics.journal_state(con, account)   # what pages/trends.py asks for by default
    rng = analytics.resolve_range("3m", today, state.bounds)
    view = charts.trends_view(con, account, rng, today.year, state)
    assert len(builds) == 1 and view.range == rng
    charts.trends_view(con, account, analytics.resolve_range("1y", today, state.bounds),
                       today.year, state)
    assert len(builds) == 2                         # another range is built, not reused
    charts.clear_cache()
