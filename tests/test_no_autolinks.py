"""User words never become links (issue 8, item 9): bare URLs, www. and e-mail addresses in
names and milestone titles are shown as words, in AppTest and in a real browser."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest

from journal import milestones
from journal.db import connect
from pages import _keys as K
from pages._inert import WORD_JOINER, no_autolink
from pages._shared import plain
from tests.browser import assert_no_exception, sign_in, wait_idle
from tests.conftest import ROOT, page_texts

EVIL = "see https://evil.example, www.evil.example or ana@evil.example"
# What GitHub-flavoured Markdown links on its own (the autolink literal extension).
LINKABLE = re.compile(r"(?i)\b(?:https?|ftp|mailto):(?=//|\w)|\bwww\.|\w@\w")


@pytest.mark.parametrize("text", [EVIL, "HTTPS://EVIL.EXAMPLE", "javascript:alert(1)",
                                  "xmpp:ana@evil.example", "mailto:ana@evil.example"])
def test_plain_breaks_every_autolink_but_keeps_the_words(text):
    shown = plain(text)
    assert not LINKABLE.search(shown), shown
    assert shown.replace(WORD_JOINER, "").replace("\\", "") == text


def test_ordinary_words_are_untouched():
    for text in ("At 10:30 we talked.", "Note: be kind", "we're ok"):
        assert no_autolink(text) == text


def test_milestone_titles_with_urls_are_inert_in_the_app(ana, app_db):
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "pages" / "milestones.py"), default_timeout=30)
    at.session_state[K.ACCOUNT] = ana
    at.run()
    at.selectbox(key=K.M_TEMPLATE).set_value("custom").run()
    at.text_input(key=K.M_TITLE).input(EVIL).run()
    at.button(key="milestones_save_one").click().run()
    assert not at.exception
    shown = page_texts(at) + "\n".join(e.label for e in at.expander)
    assert "evil" in shown
    assert not LINKABLE.search(shown), shown


def _seed_milestone(db, account) -> None:
    con = connect(db)
    today = date.today()
    milestones.create_milestone(
        con, account, title=EVIL, practice="check_in", measure="check_ins_per_week",
        target=1, start=today - timedelta(days=7), target_date=today + timedelta(days=60),
    )
    con.close()


@pytest.mark.browser
def test_no_link_holds_the_users_url_in_the_browser(page, server):
    from journal import profiles
    from tests.conftest import PASS

    con = connect(server.db)
    account = profiles.create_profile(con, "Ana www.evil.example", PASS)
    con.close()
    _seed_milestone(server.db, account)
    page.goto(server.url)
    sign_in(page, server, name="Ana www.evil.example")
    from playwright.sync_api import expect

    expect(page.get_by_text("Welcome").or_(page.get_by_text("Ana www"))).not_to_have_count(0)
    page.get_by_test_id("stSidebarNav").get_by_role("link", name="Milestones").click()
    expect(page.get_by_text("see https").first).to_be_visible(timeout=40_000)
    wait_idle(page)
    assert_no_exception(page)
    assert page.locator("a", has_text="evil").count() == 0
    assert page.locator("a[href*='evil']").count() == 0
