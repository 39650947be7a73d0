"""Browser: Trends draws its Vega charts for a ten-year demo profile and for a single entry.

Set STEADY_SCREENSHOTS=docs/screenshots to also save trends.png and trends-1-entry.png (the
README's pictures); by default nothing is written outside the test's temp folder.
"""

from __future__ import annotations

import os
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from playwright.sync_api import expect

from journal import demo, entries, profiles
from journal.db import connect
from tests.browser import Server, assert_no_exception, go, sign_in, wait_idle

pytestmark = pytest.mark.browser

PASS = "correct horse battery"
CHARTS = "[data-testid=stVegaLiteChart]"


def journal_with(path: Path, fill) -> Path:
    """A journal file with profile Ana, filled in-process and closed before the app opens it."""
    con = connect(path)
    try:
        account = profiles.create_profile(con, "Ana", PASS)
        fill(con, account)
    finally:
        con.close()
    return path


def open_trends(browser, server: Server):
    # A zone west of UTC: a chart that shifted dates by the viewer's zone would show it here.
    context = browser.new_context(viewport={"width": 1280, "height": 1000},
                                  timezone_id="America/New_York")
    pg = context.new_page()
    pg.set_default_timeout(30_000)
    pg.goto(server.url)
    sign_in(pg, server)
    go(pg, "Trends")
    wait_idle(pg)
    return context, pg


def expect_every_chart_drawn(pg, count: int) -> None:
    charts = pg.locator(CHARTS)
    expect(charts).to_have_count(count)
    for i in range(count):
        expect(charts.nth(i).locator("canvas, svg").first).to_be_attached()
    expect(pg.locator(f"{CHARTS} canvas, {CHARTS} svg").first).to_be_visible()


def maybe_screenshot(pg, name: str) -> None:
    folder = os.environ.get("STEADY_SCREENSHOTS")
    if not folder:
        return
    height = pg.evaluate("document.querySelector('[data-testid=stMain]').scrollHeight")
    pg.set_viewport_size({"width": 1280, "height": int(height) + 40})
    wait_idle(pg)
    pg.wait_for_timeout(1500)   # a picture for people, not an assertion: let charts settle
    Path(folder).mkdir(parents=True, exist_ok=True)
    pg.screenshot(path=str(Path(folder) / name))


def test_trends_draws_charts_for_ten_years_of_demo_data(browser, tmp_path):
    db = journal_with(tmp_path / "journal.duckdb",
                      lambda con, account: demo.generate(con, account, years=10, seed=7))
    server = Server(db)
    try:
        context, pg = open_trends(browser, server)
        expect(pg.get_by_text("one point per day")).to_be_visible()
        expect(pg.get_by_text("Your mood averaged")).to_be_visible()
        expect_every_chart_drawn(pg, 9)
        assert_no_exception(pg)

        pg.get_by_role("radio", name="All time").click()
        wait_idle(pg)
        expect(pg.get_by_text("one point per month")).to_be_visible()
        expect(pg.get_by_text("Triggers per month")).to_be_visible()
        expect_every_chart_drawn(pg, 9)
        assert_no_exception(pg)
        maybe_screenshot(pg, "trends.png")
        context.close()
    finally:
        server.stop()


def test_trends_with_a_single_entry(browser, tmp_path):
    def one_entry(con, account):
        yesterday = date.today() - timedelta(days=1)
        entries.save_entry(con, account, entries.EntryInput(
            when_local=datetime.combine(yesterday, datetime.min.time()).replace(hour=21),
            body="We talked after dinner.", mood=4, energy=2, emotions=["calm"],
            triggers=[entries.TriggerItem("late_reply", "reached_out")],
            wins=[entries.WinItem("stayed_engaged")]))

    server = Server(journal_with(tmp_path / "journal.duckdb", one_entry))
    try:
        context, pg = open_trends(browser, server)
        expect(pg.get_by_text("One mood so far: 4.0")).to_be_visible()
        expect(pg.get_by_text("Your one entry in this period sat in Calm")).to_be_visible()
        expect_every_chart_drawn(pg, 9)
        assert_no_exception(pg)
        maybe_screenshot(pg, "trends-1-entry.png")
        context.close()
    finally:
        server.stop()
