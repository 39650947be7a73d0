"""Browser: a refresh keeps you signed in with only a random token in a cookie; the idle lock
and "Lock now" close the journal, and a refresh after that does not reopen it."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser import CHROMIUM, Server, assert_no_exception, sign_up, wait_idle

pytestmark = pytest.mark.browser
PASS = "correct horse battery"


@pytest.fixture
def short_idle_server(tmp_path: Path):
    """The app with a 6-second idle lock."""
    srv = Server(tmp_path / "journal.duckdb", env={"STEADY_IDLE_MINUTES": "0.1"})
    yield srv
    srv.stop()


def _session_cookie(page) -> str:
    cookies = {c["name"]: c["value"] for c in page.context.cookies()}
    return cookies.get("steady_session", "")


def test_refresh_keeps_you_in_without_the_passphrase_in_the_browser(page, server):
    sign_up(page, server)
    token = ""
    for _ in range(50):  # the cookie is set by the component right after sign-in
        token = _session_cookie(page)
        if token:
            break
        page.wait_for_timeout(100)
    assert len(token) >= 40
    storage = page.evaluate("JSON.stringify([localStorage, sessionStorage, document.cookie])")
    assert PASS not in storage and PASS not in token and "passphrase" not in page.url
    page.reload()
    expect(page.get_by_role("heading", name="Write", exact=True)).to_be_visible()
    expect(page.get_by_label("Passphrase")).to_have_count(0)
    assert_no_exception(page)
    # "Lock now" ends the session on the server: a refresh then asks for the passphrase.
    page.get_by_role("button", name="Lock now").click()
    expect(page.get_by_label("Passphrase")).to_be_visible()
    expect(page.get_by_text("Locked.")).to_be_visible()
    page.reload()
    expect(page.get_by_label("Passphrase")).to_be_visible()
    expect(page.get_by_role("heading", name="Write", exact=True)).to_have_count(0)


def test_idle_lock_locks(browser, short_idle_server):
    if not Path(CHROMIUM).exists():
        pytest.skip("Chromium missing")
    context = browser.new_context()
    page = context.new_page()
    page.set_default_timeout(20_000)
    try:
        sign_up(page, short_idle_server)
        wait_idle(page)
        # Nobody touches anything: within the idle time plus one check, the journal locks.
        expect(page.get_by_label("Passphrase")).to_be_visible(timeout=15_000)
        expect(page.get_by_text("locked itself")).to_be_visible()
        expect(page.get_by_role("heading", name="Write", exact=True)).to_have_count(0)
        page.reload()
        expect(page.get_by_label("Passphrase")).to_be_visible()
        assert_no_exception(page)
    finally:
        context.close()
