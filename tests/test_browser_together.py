"""Browser: two people in two browser contexts on one Steady — a pause with a return time
reaches the partner, an agreement proposed by one and accepted by the other shows on both, a
repair's follow-up asks "did it happen?" on its date (fake clock: STEADY_NOW, see
journal/clock.py), and a check-in runs on one screen.

Screenshots go to a temp folder; set STEADY_SCREENSHOTS=docs/screenshots to refresh repair.png,
agreements.png and check-in.png for the README.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

import pytest
from playwright.sync_api import expect

from journal import profiles
from journal.db import connect
from tests.browser import Server, assert_no_exception, shots, wait_idle
from tests.conftest import PASS
from tests.together_helpers import hard_moment, link

pytestmark = pytest.mark.browser
BEN_PASS = PASS + "!"
ANA, BEN = ("Ana", PASS), ("Ben", BEN_PASS)
EVENING = "2026-12-01T20:00"   # the fake "now" (STEADY_NOW) of most scenarios


@pytest.fixture
def couple_db(tmp_path: Path) -> Path:
    """A journal where Ana and Ben are already linked, with one hard moment of Ana's."""
    db = tmp_path / "journal.duckdb"
    con = connect(db)
    ana = profiles.create_profile(con, "Ana", PASS)
    ben = profiles.create_profile(con, "Ben", BEN_PASS)
    link(con, ana, ben)
    hard_moment(con, ana, datetime(2026, 11, 28, 21, 0))
    con.close()
    return db


def person(browser, server: Server, name: str, passphrase: str):
    context = browser.new_context(viewport={"width": 1200, "height": 1300},
                                  timezone_id="Europe/Berlin", accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(20_000)
    page.goto(server.url)
    page.get_by_label("Name").fill(name)
    page.get_by_label("Passphrase").fill(passphrase)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Write", exact=True)).to_be_visible(timeout=20_000)
    wait_idle(page)
    return context, page


@contextmanager
def signed_in(browser, db: Path, now: str, *people: tuple[str, str]) -> Iterator[list]:
    """The app on `db` at the fake time `now`, one signed-in page per (name, passphrase);
    every context and the server closed afterwards."""
    server = Server(db, {"STEADY_NOW": now})
    contexts = []
    try:
        pages = []
        for name, passphrase in people:
            context, page = person(browser, server, name, passphrase)
            contexts.append(context)
            pages.append(page)
        yield pages
    finally:
        for context in contexts:
            context.close()
        server.stop()


def go(page, title: str) -> None:
    page.get_by_test_id("stSidebarNav").get_by_role("link", name=title, exact=True).click()
    expect(page.get_by_role("heading", name=title, exact=True).first).to_be_visible(
        timeout=20_000)  # a page's first run in a fresh server imports its modules
    wait_idle(page)


def test_a_pause_with_a_return_time_reaches_the_partner(browser, couple_db, tmp_path):
    with signed_in(browser, couple_db, EVENING, ANA, BEN) as (ana, ben):
        ana.get_by_role("button", name="I need a pause…").click()  # tap 1, from Write
        ana.get_by_role("button", name="Back in 20 minutes").click(timeout=20_000)  # tap 2
        expect(ana.get_by_text("I need a pause; I'll be back by 20:20.")).to_be_visible()
        assert_no_exception(ana)
        go(ben, "Shared with me")
        expect(ben.get_by_text("Ana is taking a pause")).to_be_visible()
        expect(ben.get_by_text("I need a pause; I'll be back by 20:20.")).to_be_visible()
        with ben.expect_download() as info:
            ben.get_by_role("button", name="Add to my calendar (.ics)").click()
        ics = tmp_path / "pause.ics"
        info.value.save_as(ics)
        assert "BEGIN:VEVENT" in ics.read_text()
        assert_no_exception(ben)


def test_an_agreement_proposed_by_one_and_accepted_by_the_other(browser, couple_db, tmp_path):
    with signed_in(browser, couple_db, EVENING, ANA, BEN) as (ana, ben):
        go(ana, "Agreements")
        ana.get_by_label("What you'd like to agree on").fill(
            "We say goodnight in person, even after a hard day.")
        ana.get_by_text("Firm for me").click()
        wait_idle(ana)
        ana.get_by_role("button", name="Propose", exact=True).click()
        expect(ana.get_by_text("Waiting for Ben to accept", exact=False)).to_be_visible()
        go(ben, "Agreements")
        expect(ben.get_by_test_id("stText").filter(
            has_text="We say goodnight in person, even after a hard day.")).to_be_visible()
        ben.get_by_role("button", name="Accept").click()
        expect(ben.get_by_text("Agreed by you both", exact=False)).to_be_visible()
        go(ana, "Write")
        go(ana, "Agreements")
        expect(ana.get_by_text("Agreed by you both", exact=False)).to_be_visible()
        ana.get_by_label("A new promise about your own behaviour").fill(
            "I reply within two hours on workdays.")
        ana.get_by_role("button", name="Add promise").click()
        expect(ana.get_by_text("Promise added.")).to_be_visible()
        ana.get_by_text("I reply within two hours on workdays. (kept today)").click()
        expect(ana.get_by_text("Practised on 1 of the last 7 days.")).to_be_visible()
        wait_idle(ana)
        ana.set_viewport_size({"width": 1200, "height": 1500})
        ana.wait_for_timeout(500)
        ana.screenshot(path=str(shots(tmp_path) / "agreements.png"), full_page=True)
        assert_no_exception(ana)
        assert_no_exception(ben)


def test_a_repair_asks_did_it_happen_on_its_follow_up_date(browser, couple_db, tmp_path):
    with signed_in(browser, couple_db, EVENING, ANA) as (ana,):
        go(ana, "Repair")
        ana.get_by_label("Start from").click()
        ana.get_by_role("option").nth(1).click()
        wait_idle(ana)
        ana.get_by_label("The impact on them, in a sentence or two").fill(
            "When I went quiet after dinner, you were left waiting on your own.")
        ana.get_by_label("One concrete change you will make").fill(
            "When I need space I'll say so, and say when I'll be back.")
        wait_idle(ana)
        ana.get_by_role("button", name="Save repair").click()
        expect(ana.get_by_text("Repair saved.", exact=False)).to_be_visible()
        expect(ana.get_by_text("Did it happen?", exact=True)).to_have_count(0)

    # the follow-up date (today + 7)
    with signed_in(browser, couple_db, "2026-12-08", ANA) as (ana,):
        go(ana, "Repair")
        expect(ana.get_by_text("Did it happen?", exact=True).first).to_be_visible()
        expect(ana.get_by_text("Time to come back", exact=True)).to_be_visible()
        ana.set_viewport_size({"width": 1200, "height": 2300})  # down to the chart
        ana.get_by_text("Your repairs").scroll_into_view_if_needed()
        expect(ana.get_by_test_id("stVegaLiteChart").first).to_be_visible()
        ana.wait_for_timeout(800)  # let the chart draw for the screenshot
        ana.screenshot(path=str(shots(tmp_path) / "repair.png"), full_page=True)
        ana.get_by_text("Yes, it happened").click()
        wait_idle(ana)
        ana.get_by_role("button", name="Save my answer").click()
        expect(ana.get_by_text("Noted, just for you.", exact=False)).to_be_visible()
        assert_no_exception(ana)


def test_a_check_in_on_one_screen(browser, couple_db, tmp_path):
    with signed_in(browser, couple_db, EVENING, ANA) as (ana,):
        go(ana, "Check-in")
        ana.get_by_role("button", name="Start the check-in").click()
        expect(ana.get_by_text("Ana, your turn to speak")).to_be_visible()
        ana.get_by_label("One need that went unmet").fill("To hear how your day went")
        ana.get_by_label("One hope for what could be better").fill("A walk together on Sunday")
        wait_idle(ana)
        ana.get_by_role("button", name="Over to Ben").click()
        expect(ana.get_by_text("Ben, say back what you heard")).to_be_visible()
        ana.get_by_label("What I heard is…").fill("You'd like me to tell you about my day")
        wait_idle(ana)
        ana.screenshot(path=str(shots(tmp_path) / "check-in.png"), full_page=True)
        ana.get_by_role("button", name="Say it back").click()
        ana.get_by_role("button", name="Got it").click()
        expect(ana.get_by_text("Ben, your turn to speak")).to_be_visible()
        assert_no_exception(ana)
