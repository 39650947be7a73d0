"""Every page at phone size (390×844, a phone's user agent) on a demo-filled journal.

What a person on the bus needs: no sideways scrolling, the page's main action reachable and big
enough for a thumb, the navigation one tap away, charts drawn within the screen.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from pages._navigation import PAGES
from tests.browser import Server, assert_no_exception, wait_idle

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
# Streamlit collapses the sidebar after a page is picked only for a mobile user agent.
PHONE_UA = ("Mozilla/5.0 (Linux; Android 14; Pixel 7) AppleWebKit/537.36 (KHTML, like Gecko) "
            "Chrome/126.0.0.0 Mobile Safari/537.36")
TAP_PX = 40   # smallest button height accepted (the stylesheet asks for 44)
PASSPHRASE = "correct horse battery"
WAIT = 60_000   # ms; a first Trends draw of two years on a busy two-core machine takes a while

# The one thing each page is for, with the demo profile (no partner yet): a button, or the text
# that stands in for one where a page has nothing to press.
PRIMARY: dict[str, tuple[str, str]] = {
    "Write": ("button", "Save entry"),
    "History": ("button", "Open"),
    "Trends": ("radio", "All time"),   # the range picker
    "Milestones": ("button", "Add a milestone"),
    "Weekly review": ("button", "Save review"),
    "Repair": ("button", "Save repair"),
    "Agreements": ("button", "Add promise"),
    "Check-in": ("text", "A check-in is for two linked people"),
    "Share": ("button", "Create an invitation code"),
    "Shared with me": ("text", "Nobody shares with you yet"),
    "Data": ("button", "Upload"),
}

# Scrolls the page's own scroller to the bottom (Streamlit draws charts lazily), then reports
# what sticks out past the right edge and which buttons are too small to tap.
SCAN_JS = """
async (tapPx) => {
  const main = document.querySelector('[data-testid=stMain]');
  for (let y = 0; y <= main.scrollHeight; y += 500) {
    main.scrollTop = y; await new Promise(r => setTimeout(r, 80));
  }
  const W = window.innerWidth, wide = [], small = [];
  for (const el of main.querySelectorAll('*')) {
    if (!el.checkVisibility()) continue;
    const r = el.getBoundingClientRect();
    if (r.width > 0 && r.right > W + 1) {
      const id = el.getAttribute('data-testid') || '';
      wide.push(`${el.tagName} ${id} right=${Math.round(r.right)}`);
    }
  }
  const taps = 'button[data-testid^=stBaseButton], [data-testid=stButtonGroup] button';
  for (const b of main.querySelectorAll(taps)) {
    const kind = b.getAttribute('data-testid') || 'group';
    if (!b.checkVisibility() || kind.includes('Toolbar') || kind.includes('Icon')) continue;
    const r = b.getBoundingClientRect();
    if (r.height < tapPx) small.push(`${(b.innerText || '').trim()} ${Math.round(r.height)}px`);
  }
  main.scrollTop = 0;
  return {scrollWidth: document.documentElement.scrollWidth, innerWidth: W,
          mainScrollWidth: main.scrollWidth, wide: wide.slice(0, 8), small: small.slice(0, 8)};
}
"""


@pytest.fixture(scope="module")
def demo_server(tmp_path_factory):
    """Two years of demo data made by the command line, served by the app."""
    db = tmp_path_factory.mktemp("phone") / "journal.duckdb"
    env = {**os.environ, "STEADY_FAST_KDF": "1"}
    subprocess.run([sys.executable, "-m", "journal", "demo", "--db", str(db), "--profile", "Ana",
                    "--passphrase", PASSPHRASE, "--years", "2"], check=True, env=env,
                   cwd=Path(__file__).resolve().parents[1], capture_output=True)
    srv = Server(db)
    yield srv
    srv.stop()


@pytest.fixture(scope="module")
def phone(browser, demo_server):
    """A phone-sized, signed-in page kept across this module's tests."""
    from playwright.sync_api import expect

    context = browser.new_context(viewport=PHONE, user_agent=PHONE_UA, is_mobile=True,
                                  has_touch=True, timezone_id="Europe/Berlin", locale="en-US")
    pg = context.new_page()
    pg.set_default_timeout(WAIT)
    pg.goto(demo_server.url)
    pg.get_by_label("Name").fill("Ana")
    pg.get_by_label("Passphrase").fill(PASSPHRASE)
    pg.get_by_role("button", name="Sign in").click()
    expect(pg.get_by_role("heading", name="Write", exact=True)).to_be_visible(timeout=WAIT)
    wait_idle(pg)
    yield pg
    context.close()


def open_from_menu(pg, title: str) -> None:
    """The phone way: tap the menu button in view, then the page's link; the menu closes."""
    from playwright.sync_api import expect

    sidebar = pg.get_by_test_id("stSidebar")
    if sidebar.get_attribute("data-collapsed") == "true":
        opener = pg.get_by_test_id("stExpandSidebarButton")
        expect(opener).to_be_in_viewport()
        box = opener.bounding_box()
        assert box and box["height"] >= TAP_PX and box["width"] >= TAP_PX, box
        opener.click()
    link = pg.get_by_test_id("stSidebarNav").get_by_role("link", name=title, exact=True)
    expect(link).to_be_in_viewport()
    link.click()
    expect(pg.get_by_role("heading", name=title, exact=True).first).to_be_visible(timeout=WAIT)
    expect(sidebar).to_have_attribute("data-collapsed", "true")   # the page is not covered
    wait_idle(pg)


def _primary(pg, title: str):
    kind, name = PRIMARY[title]
    main = pg.get_by_test_id("stMain")
    if kind == "text":
        return main.get_by_text(name).first
    return main.get_by_role(kind, name=name, exact=True).first


@pytest.mark.parametrize("title", [spec.title for spec in PAGES])
def test_page_fits_a_phone(phone, title):
    from playwright.sync_api import expect

    assert set(PRIMARY) == {spec.title for spec in PAGES}   # a new page needs its row here
    open_from_menu(phone, title)
    if title == "Trends":   # charts arrive after the page's first draw
        expect(phone.locator("[data-testid=stVegaLiteChart] svg, "
                             "[data-testid=stVegaLiteChart] canvas").first).to_be_attached(
                                 timeout=WAIT)
    assert_no_exception(phone)
    found = phone.evaluate(SCAN_JS, TAP_PX)
    assert found["scrollWidth"] <= found["innerWidth"], found
    assert found["mainScrollWidth"] <= found["innerWidth"], found
    assert found["wide"] == [], found
    assert found["small"] == [], found

    target = _primary(phone, title)
    target.scroll_into_view_if_needed()
    expect(target).to_be_in_viewport()
    box = target.bounding_box()
    assert box is not None
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], box
    if PRIMARY[title][0] != "text":
        assert box["height"] >= TAP_PX, box


def test_trends_charts_fit_the_phone_width(phone):
    from playwright.sync_api import expect

    open_from_menu(phone, "Trends")
    charts = phone.locator("[data-testid=stVegaLiteChart]")
    expect(charts.first).to_be_attached(timeout=WAIT)
    phone.evaluate(SCAN_JS, TAP_PX)                # scroll through so every chart is drawn
    drawn = phone.locator("[data-testid=stVegaLiteChart] svg.marks, "
                          "[data-testid=stVegaLiteChart] canvas.marks")
    expect(drawn).to_have_count(charts.count(), timeout=WAIT)
    widths = phone.evaluate("""() => [...document.querySelectorAll(
        '[data-testid=stVegaLiteChart]')].map(c => c.querySelector('.marks')
        .getBoundingClientRect().width)""")
    # Each chart uses the width there is: not shrunk by a legend, not wider than the screen.
    assert widths and all(300 <= w <= PHONE["width"] for w in widths), widths
