"""Browser: what History and the Share form show *after* each action, in Chromium.

AppTest reports widgets as they are in session state; the browser can keep other values. These
tests read what the page shows: the filter boxes against the list, the edit form's results, the
share ticks after sharing, and that a double click does a thing once.
Screenshots go to a temp folder (STEADY_SCREENSHOTS=<folder> keeps them).
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from playwright.sync_api import expect

from journal import entries, profiles
from journal.db import connect
from journal.entries import TriggerItem, WinItem
from journal.sharing import partners
from tests.browser import assert_no_exception, choose, served, shots, sign_in, wait_idle

pytestmark = pytest.mark.browser
PASS = "correct horse battery"


def seed(db: Path, partner: bool = False) -> None:
    """Ana with three entries (and Ben linked to her if `partner`), written before the server."""
    con = connect(db)
    ana = profiles.create_profile(con, "Ana", PASS)
    for day, text, trig in ((1, "ANA first walk", "silence"),
                            (2, "ANA second dinner", "late_reply"),
                            (3, "ANA third morning", "conflict")):
        entries.save_entry(con, ana, entries.EntryInput(
            when_local=datetime(2026, 11, day, 20), body=text, mood=day + 1, energy=3,
            need=f"NEED {day}", triggers=[TriggerItem(trig, "paused")],
            wins=[WinItem("check_in", f"kept {day}")]))
    if partner:
        ben = profiles.create_profile(con, "Ben", PASS)
        partners.accept_invitation(con, ben, partners.create_invitation(con, ana).code)
    con.close()


@pytest.fixture
def seeded(tmp_path):
    yield from served(tmp_path, seed)


@pytest.fixture
def linked(tmp_path):
    yield from served(tmp_path, lambda db: seed(db, partner=True))


def open_app(page, server, title: str) -> None:
    page.goto(server.url)
    sign_in(page, server)
    page.get_by_test_id("stSidebarNav").get_by_role("link", name=title, exact=True).click()
    expect(page.get_by_role("heading", name=title, exact=True).first).to_be_visible(
        timeout=20_000)
    wait_idle(page)


def open_buttons(page):
    """The entries' "Open" buttons (a selectbox's arrow is also labelled "Open")."""
    return page.get_by_test_id("stButton").get_by_role("button", name="Open", exact=True)


def counted(page, text: str):
    return expect(page.get_by_text(text, exact=False).first)


def shown(locator):
    """Only what is on screen: Streamlit keeps elements of earlier runs hidden in the page."""
    return locator.filter(visible=True)


# ---------------------------------------------------------------- History


def test_history_filter_open_back_shows_the_applied_filter(page, seeded, tmp_path):
    open_app(page, seeded, "History")
    clear = page.get_by_role("button", name="Clear filters")
    expect(clear).to_be_disabled()
    page.get_by_text("Filter", exact=True).click()
    box = page.get_by_label("Contains text")
    box.fill("second")
    box.press("Enter")
    wait_idle(page)
    counted(page, "1 of 3 entries").to_be_visible()
    counted(page, "filtered: contains “second”").to_be_visible()
    expect(shown(open_buttons(page))).to_have_count(1)
    page.screenshot(path=str(shots(tmp_path) / "history-filtered.png"), full_page=True)

    open_buttons(page).click()
    expect(shown(page.get_by_text("ANA second dinner")).first).to_be_visible()
    page.get_by_role("button", name="← Back to the list").click()
    wait_idle(page)
    # What is shown is what is applied: the box still says "second", the list is filtered.
    counted(page, "1 of 3 entries").to_be_visible()
    expect(shown(page.get_by_label("Contains text"))).to_have_value("second")
    expect(shown(page.get_by_text("ANA first walk"))).to_have_count(0)
    page.screenshot(path=str(shots(tmp_path) / "history-after-back.png"), full_page=True)

    page.get_by_role("button", name="Clear filters").click()
    wait_idle(page)
    counted(page, "3 of 3 entries").to_be_visible()
    page.get_by_text("Filter", exact=True).click()   # closed again: nothing is filtered
    expect(shown(page.get_by_label("Contains text"))).to_have_value("")
    expect(shown(open_buttons(page))).to_have_count(3)
    expect(page.get_by_role("button", name="Clear filters")).to_be_disabled()
    assert_no_exception(page)


def test_history_trigger_filter_survives_open_and_back(page, seeded):
    open_app(page, seeded, "History")
    page.get_by_text("Filter", exact=True).click()
    choose(page, "Trigger", "Conflict")
    counted(page, "1 of 3 entries").to_be_visible()
    open_buttons(page).click()
    page.get_by_role("button", name="← Back to the list").click()
    wait_idle(page)
    counted(page, "1 of 3 entries · page 1 of 1 · filtered: trigger Conflict").to_be_visible()
    expect(shown(page.get_by_role("combobox", name="Trigger"))).to_have_value("Conflict")
    expect(shown(page.get_by_text("Choose an option"))).to_have_count(0)
    assert_no_exception(page)


def test_history_edit_changes_triggers_and_wins(page, seeded):
    open_app(page, seeded, "History")
    open_buttons(page).first.click()   # newest: "ANA third morning"
    page.get_by_role("button", name="Edit").click()
    wait_idle(page)
    body = page.get_by_label("Entry", exact=True)
    expect(body).to_have_value("ANA third morning")
    body.fill("ANA third morning, edited")
    body.blur()
    wait_idle(page)
    choose(page, "Triggers", "Silence")
    page.get_by_role("radiogroup", name="When “Silence” happened, I…").get_by_role(
        "radio", name="Reached out calmly").click()
    wait_idle(page)
    choose(page, "Practices you kept", "Apologised and repaired")
    win = page.get_by_label("What you did: Apologised and repaired")
    win.fill("I said sorry first")
    win.blur()
    wait_idle(page)
    page.get_by_role("button", name="Save changes").dblclick()
    expect(shown(page.get_by_text("Your changes are saved.")).first).to_be_visible()
    wait_idle(page)
    expect(shown(page.get_by_text("ANA third morning, edited")).first).to_be_visible()
    expect(shown(page.get_by_text("Conflict → Paused")).first).to_be_visible()
    expect(shown(page.get_by_text("Silence → Reached out calmly")).first).to_be_visible()
    expect(shown(page.get_by_text("★ Apologised and repaired: I said sorry first")).first
           ).to_be_visible()
    expect(shown(page.get_by_text("★ Kept a check-in ritual: kept 3")).first).to_be_visible()
    expect(shown(page.get_by_role("button", name="Save changes"))).to_have_count(0)

    page.get_by_role("button", name="Edit").click()   # a second edit starts from what is saved
    expect(page.get_by_label("Entry", exact=True)).to_have_value("ANA third morning, edited")
    page.get_by_role("button", name="Cancel").click()
    page.get_by_role("button", name="← Back to the list").click()
    counted(page, "3 of 3 entries").to_be_visible()
    expect(shown(page.get_by_text("ANA third morning, edited")).first).to_be_visible()
    assert_no_exception(page)


def test_history_delete_on_a_double_click_deletes_one(page, seeded):
    open_app(page, seeded, "History")
    open_buttons(page).nth(1).click()   # "ANA second dinner"
    page.get_by_role("button", name="Delete").click()
    expect(shown(page.get_by_text("Delete this entry for good?")).first).to_be_visible()
    page.get_by_role("button", name="Yes, delete").dblclick()
    expect(shown(page.get_by_text("The entry was deleted.")).first).to_be_visible()
    wait_idle(page)
    counted(page, "2 of 2 entries").to_be_visible()
    expect(shown(page.get_by_text("ANA second dinner"))).to_have_count(0)
    expect(shown(page.get_by_text("isn't in your journal"))).to_have_count(0)
    assert_no_exception(page)


# ---------------------------------------------------------------- Share


def test_share_form_resets_after_sharing_and_a_double_click_shares_once(page, linked):
    open_app(page, linked, "Share")
    page.get_by_role("tab", name="Compose").click()
    wait_idle(page)
    expect(page.get_by_label("Share with")).to_be_visible()
    expect(page.get_by_role("combobox", name="Share with")).to_have_value("Ben")
    page.get_by_text("The unmet need: NEED 3").click()
    wait_idle(page)
    expect(page.get_by_role("checkbox", name="The unmet need: NEED 3")).to_be_checked()
    note = page.get_by_label("A note to go with it (optional)")
    note.fill("Can we talk on Sunday?")
    note.blur()
    wait_idle(page)
    page.get_by_role("button", name="Share with Ben…").click()
    page.get_by_role("button", name="Yes, share it").dblclick()
    expect(shown(page.get_by_text("Shared with Ben.")).first).to_be_visible()
    wait_idle(page)
    # The form is new: nothing ticked, no note, no button to share the same thing again.
    expect(page.get_by_role("checkbox", name="The unmet need: NEED 3")).not_to_be_checked()
    expect(page.get_by_label("A note to go with it (optional)")).to_have_value("")
    expect(shown(page.get_by_role("button", name="Share with Ben…"))).to_have_count(0)
    expect(shown(page.get_by_role("button", name="Yes, share it"))).to_have_count(0)
    expect(shown(page.get_by_text("Pick at least one part")).first).to_be_visible()
    page.get_by_role("tab", name="Shared by you").click()
    expect(shown(page.get_by_text("Shared with Ben ·"))).to_have_count(1)
    assert_no_exception(page)


def test_share_with_says_plainly_when_there_is_no_partner(page, seeded):
    open_app(page, seeded, "Share")
    page.get_by_role("tab", name="Compose").click()
    wait_idle(page)
    expect(shown(page.get_by_text("You're not linked with a partner yet")).first).to_be_visible()
    expect(shown(page.get_by_text("Choose an option"))).to_have_count(0)
    page.get_by_text("The unmet need: NEED 3").click()
    wait_idle(page)
    page.get_by_role("button", name="Keep for the share packet").click()
    page.get_by_role("button", name="Yes, keep it").click()
    expect(shown(page.get_by_text("Kept for your share packet.")).first).to_be_visible()
    expect(page.get_by_role("checkbox", name="The unmet need: NEED 3")).not_to_be_checked()
    assert_no_exception(page)

