"""Browser: a new profile sets an unrealistic milestone, sees the realism warning and the
stepped plan, saves the plan and finds it listed with its progress chart."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser import assert_no_exception, go, sign_up, wait_idle

pytestmark = pytest.mark.browser


def test_unrealistic_target_gets_a_stepped_plan(page, server):
    sign_up(page, server)
    go(page, "Milestones")
    assert_no_exception(page)
    expect(page.get_by_role("heading", name="Your first milestone")).to_be_visible()
    target = page.get_by_label("Target (a week)")
    target.fill("7")
    target.press("Enter")
    wait_idle(page)
    expect(page.get_by_text("is a lot to begin with")).to_be_visible()
    expect(page.get_by_text("Stepped plan", exact=True)).to_be_visible()
    expect(page.get_by_text("1 a week", exact=False).first).to_be_visible()
    page.get_by_role("button", name="Save the stepped plan (4 milestones)").click()
    expect(page.get_by_text("Stepped plan saved as 4 milestones")).to_be_visible()
    expect(page.get_by_text("Keep a weekly check-in · step 1 of 4").first).to_be_visible()
    expect(page.get_by_text("Keep a weekly check-in · step 4 of 4").first).to_be_visible()
    expect(page.locator("[data-testid='stVegaLiteChart'] canvas, "
                        "[data-testid='stVegaLiteChart'] svg").first).to_be_visible()
    assert_no_exception(page)
