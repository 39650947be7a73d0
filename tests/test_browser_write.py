"""Browser: what Write shows after each action (save, double save, discard), typing kept across
a refresh, every emotion word in view at laptop and phone widths. Real Chromium (tests/browser.py).
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from journal import vocab
from tests.browser import assert_no_exception, choose, go, sign_up, wait_idle

pytestmark = pytest.mark.browser

LAPTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
BODY = "We didn't talk after dinner 🌙"
RESPONSE = "I noticed I went quiet."
SLOW = 20_000   # ms: the first draw after a load, on a busy machine


@pytest.fixture
def sized(browser, server, request):
    """A page at the viewport given by the test's parameter (laptop or phone)."""
    context = browser.new_context(viewport=request.param, timezone_id="Europe/Berlin",
                                  is_mobile=request.param["width"] < 600,
                                  has_touch=request.param["width"] < 600)
    pg = context.new_page()
    pg.set_default_timeout(20_000)
    yield pg
    context.close()


def _fill_everything(pg) -> None:
    """Text, need, mood, energy, an emotion word, a trigger and its response, a win, a kind."""
    pg.get_by_label("Your response to the prompt").fill(RESPONSE)
    pg.get_by_label("Anything else on your mind").fill(BODY)
    pg.get_by_text("A need and a hope (for a conversation)").click()
    pg.get_by_label("One need that went unmet").fill("To be asked how my day was")
    pg.get_by_role("radiogroup", name="Mood").get_by_role("radio", name="2 · Low").click()
    wait_idle(pg)
    pg.get_by_role("radiogroup", name="Energy").get_by_role("radio").first.click()
    wait_idle(pg)
    emotions = pg.get_by_role("toolbar", name=vocab.QUADRANTS["low_unpleasant"])
    emotions.get_by_role("button", name="lonely", exact=True).click()
    wait_idle(pg)
    choose(pg, "Triggers", "Late reply")
    pg.get_by_role("radio", name="Reached out calmly").click()
    wait_idle(pg)
    choose(pg, "Practices you kept", "Stayed engaged in a tense moment")
    pg.get_by_label("What you did: Stayed engaged in a tense moment").fill("I stayed at the table")
    pg.get_by_role("radiogroup", name="Kind").get_by_role("radio").last.click()
    wait_idle(pg)


def _field(pg, label: str):
    """The one field with this label, once the previous form's (faded, stale) copy is gone."""
    found = pg.get_by_label(label)
    expect(found).to_have_count(1, timeout=SLOW)
    return found


def _expect_empty_form(pg) -> None:
    """Every field the person can type in or pick from shows nothing chosen."""
    expect(_field(pg, "Your response to the prompt")).to_have_value("")
    expect(_field(pg, "Anything else on your mind")).to_have_value("")
    expect(pg.get_by_text(f"0 of {vocab.MAX_TEXT_CHARS:,} characters")).to_be_visible()
    expect(pg.get_by_label("What you did: Stayed engaged in a tense moment")).to_have_count(0)
    expect(pg.get_by_role("radio", name="Reached out calmly")).to_have_count(0)
    for group in ("Mood", "Energy"):
        expect(pg.get_by_role("radiogroup", name=group).get_by_role(
            "radio", checked=True)).to_have_count(0)
    expect(pg.get_by_role("button", name="lonely", exact=True, pressed=True)).to_have_count(0)
    kind = pg.get_by_role("radiogroup", name="Kind").get_by_role("radio", checked=True)
    expect(kind).to_have_text(vocab.KINDS["reflection"])
    for label in ("Triggers", "Practices you kept"):   # no chosen chips left in the boxes
        expect(_field(pg, label)).to_have_value("")
    expect(pg.get_by_test_id("stMultiSelectTag")).to_have_count(0)
    pg.get_by_text("A need and a hope (for a conversation)").click()
    expect(_field(pg, "One need that went unmet")).to_have_value("")


def _mirror_ready(pg) -> None:
    """The draft mirror's script is running (its first load can take a moment on a busy box)."""
    pg.wait_for_function("() => !!(window.__steadyDraftMirror && window.__steadyDraftMirror.alive)")


def _resumed(pg) -> None:
    """After a reload: Write again, without the sign-in form (the session cookie resumed it)."""
    expect(pg.get_by_role("heading", name="Write", exact=True)).to_be_visible(timeout=SLOW)
    expect(pg.get_by_label("Passphrase")).to_have_count(0)


def _expect_history_count(pg, count: int) -> None:
    if pg.viewport_size["width"] < 600:      # on a phone the sidebar starts closed
        pg.get_by_test_id("stExpandSidebarButton").click()
    go(pg, "History")
    expect(pg.get_by_text(re.compile(rf"\b{count} of {count} entr"))).to_be_visible()
    expect(pg.get_by_text(BODY)).to_have_count(count)
    assert_no_exception(pg)


@pytest.mark.parametrize("sized", [LAPTOP, PHONE], ids=["laptop", "phone"], indirect=True)
def test_save_shows_an_empty_form_and_one_entry(sized, server, tmp_path):
    pg = sized
    sign_up(pg, server)
    _fill_everything(pg)
    pg.get_by_role("button", name="Save entry").click()
    expect(pg.get_by_text("Saved. Entry #1 is in your History.")).to_be_visible()
    wait_idle(pg)
    _expect_empty_form(pg)
    assert_no_exception(pg)
    width = "phone" if pg.viewport_size["width"] < 600 else "laptop"
    pg.get_by_role("heading", name="Write", exact=True).scroll_into_view_if_needed()
    pg.screenshot(path=str(tmp_path / f"write-after-save-{width}.png"), full_page=True)
    _expect_history_count(pg, 1)


def test_double_click_on_save_stores_one_entry(page, server):
    sign_up(page, server)
    page.get_by_label("Anything else on your mind").fill(BODY)
    page.get_by_role("radiogroup", name="Mood").get_by_role("radio", name="3 · Okay").click()
    wait_idle(page)
    page.get_by_role("button", name="Save entry").dblclick()
    saved = re.compile(r"^(Saved\. Entry|Already saved: entry) #1\b")
    expect(page.get_by_text(saved)).to_be_visible()
    wait_idle(page)
    expect(_field(page, "Anything else on your mind")).to_have_value("")
    page.get_by_role("button", name="Save entry").click()   # again, on the empty form
    wait_idle(page)
    _expect_history_count(page, 1)


def test_discard_shows_an_empty_form(page, server):
    sign_up(page, server)
    _fill_everything(page)
    page.get_by_role("button", name="Discard draft").click()
    expect(page.get_by_text("Draft discarded. A fresh page is ready.")).to_be_visible()
    wait_idle(page)
    _expect_empty_form(page)
    page.reload()                        # nothing of the discarded draft comes back
    _resumed(page)
    expect(_field(page, "Anything else on your mind")).to_have_value("")
    expect(page.get_by_text("your unfinished entry is restored")).to_have_count(0)


def test_refresh_while_typing_keeps_the_words(page, server, tmp_path):
    sign_up(page, server)
    _mirror_ready(page)
    box = page.get_by_label("Anything else on your mind")
    box.click()
    box.press_sequentially("Typed without leaving the box, ", delay=20)
    page.get_by_label("Your response to the prompt").click()   # the first box sends on blur
    wait_idle(page)
    words = "then more words that never left the keyboard"
    page.get_by_label("Your response to the prompt").press_sequentially(words, delay=20)
    page.wait_for_timeout(2_000)        # the promise: at most the last two seconds are lost
    # Without the best-effort send on leaving the page: the words got there while typing.
    page.evaluate("window.removeEventListener('pagehide', window.__steadyDraftMirror.flush)")
    page.reload()
    _resumed(page)
    expect(_field(page, "Your response to the prompt")).to_have_value(words)
    expect(page.get_by_label("Anything else on your mind")).to_have_value(
        "Typed without leaving the box, ")
    assert_no_exception(page)
    page.screenshot(path=str(tmp_path / "write-after-refresh.png"), full_page=True)


def test_typing_continues_while_the_draft_is_kept(page, server):
    """The mirror's rerun neither steals focus nor drops keystrokes typed meanwhile."""
    sign_up(page, server)
    _mirror_ready(page)
    box = page.get_by_label("Anything else on your mind")
    box.click()
    text = "a steady stream of words typed for a few seconds without stopping at all"
    box.press_sequentially(text, delay=60)     # ~4.5 s: several mirror reports while typing
    # Still in the box, caret at the end, every keystroke there; and the count (drawn from the
    # mirror's reports, the box has not sent its value yet) has caught up without a blur.
    expect(page.get_by_text(f"{len(text)} of {vocab.MAX_TEXT_CHARS:,} characters")).to_be_visible(
        timeout=SLOW)
    expect(box).to_be_focused()
    expect(box).to_have_value(text)
    assert box.evaluate("e => [e.selectionStart, e.selectionEnd]") == [len(text), len(text)]
    box.press_sequentially(" ok", delay=60)    # typing carries on where it was
    expect(box).to_have_value(text + " ok")
    box.blur()
    wait_idle(page)
    count = f"{len(text) + 3} of {vocab.MAX_TEXT_CHARS:,} characters"
    expect(page.get_by_text(count)).to_be_visible()


@pytest.mark.parametrize("sized", [LAPTOP, PHONE], ids=["laptop", "phone"], indirect=True)
def test_every_emotion_word_is_in_view(sized, server):
    pg = sized
    sign_up(pg, server)
    pg.get_by_text("Emotion words").click()
    view = pg.viewport_size
    for quadrant, words in vocab.EMOTIONS.items():
        group = pg.get_by_role("toolbar", name=vocab.QUADRANTS[quadrant])
        group.scroll_into_view_if_needed()
        box = group.bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= view["width"]
        for word in words:
            pill = group.get_by_role("button", name=word, exact=True)
            pill.scroll_into_view_if_needed()
            # (0.99: a pill scrolled to the window's edge may sit a sub-pixel outside it)
            expect(pill).to_be_in_viewport(ratio=0.99)
            pbox = pill.bounding_box()
            assert pbox is not None
            # Inside its row (a row scrolling sideways clips its pills) and inside the window.
            assert box["x"] - 0.5 <= pbox["x"] and pbox["x"] + pbox["width"] <= box["x"] + box[
                "width"] + 0.5, f"{word!r} is outside its row at {view['width']} px"
            assert pbox["x"] + pbox["width"] <= view["width"], f"{word!r} is off screen"
        assert group.evaluate("e => e.scrollWidth <= e.clientWidth + 1"), quadrant
    assert_no_exception(pg)
