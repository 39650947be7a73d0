"""Take the README's screenshots: `.venv/bin/python -m tests.make_screenshots [page ...]`.

`--phone` takes Write, History and Trends at 390×844 (docs/screenshots/phone-*.png);
`--extremes` takes Trends at laptop width with one entry and with ten years of entries.

Why a script and not a test: screenshots are looked at by people; tests must not write into
the repository. It fills a temp journal with two years of demo data, starts the app and signs in.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from journal import demo, profiles
from journal.db import connect
from tests.browser import CHROMIUM, CHROMIUM_ARGS, ROOT, Server, go, sign_in, wait_idle

OUT = ROOT / "docs" / "screenshots"
PAGES = ["Write", "History", "Trends", "Milestones", "Weekly review", "Share", "Shared with me",
         "Data"]


def main(wanted: list[str]) -> None:
    os.environ["STEADY_FAST_KDF"] = "1"
    OUT.mkdir(parents=True, exist_ok=True)
    db = Path(tempfile.mkdtemp()) / "journal.duckdb"
    con = connect(db)
    account = profiles.create_profile(con, "Ana", "correct horse battery")
    demo.generate(con, account, years=2, seed=3)
    con.close()
    srv = Server(db)
    from playwright.sync_api import sync_playwright

    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1280, "height": 1800})
            page.set_default_timeout(30_000)
            page.goto(srv.url)
            sign_in(page, srv)
            for title in wanted or PAGES:
                link = page.get_by_test_id("stSidebarNav").get_by_role("link", name=title)
                if not link.count():
                    print(f"skip {title}: not in navigation")
                    continue
                go(page, title)
                wait_idle(page)
                page.wait_for_timeout(1500)  # let charts finish drawing
                path = OUT / f"{title.lower().replace(' ', '-')}.png"
                page.screenshot(path=str(path))
                print(f"wrote {path.relative_to(ROOT)}")
            browser.close()
    finally:
        srv.stop()


PHONE_UA = ("Mozilla/5.0 (Linux; Android 14; Pixel 7) AppleWebKit/537.36 (KHTML, like Gecko) "
            "Chrome/126.0.0.0 Mobile Safari/537.36")


def _journal(years: int | None) -> Path:
    """A temp journal for Ana: `years` of demo data, or a single entry (None)."""
    from datetime import datetime, timedelta

    from journal import entries

    db = Path(tempfile.mkdtemp()) / "journal.duckdb"
    con = connect(db)
    account = profiles.create_profile(con, "Ana", "correct horse battery")
    if years:
        demo.generate(con, account, years=years, seed=3)
    else:
        entries.save_entry(con, account, entries.EntryInput(
            when_local=datetime.now().replace(second=0, microsecond=0) - timedelta(hours=2),
            utc_offset_min=60, kind="reflection", body="First entry: a calm walk together.",
            mood=4, energy=3, emotions=["calm"],
            triggers=[entries.TriggerItem("late_reply", "paused")],
            wins=[entries.WinItem("stayed_engaged")]))
    con.close()
    return db


def _shoot(db: Path, shots: list[tuple[str, str, dict]], viewport: dict, phone: bool) -> None:
    """Sign in and screenshot each (page title, file name, options) in one browser."""
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=60_000)   # a busy machine draws ten years slowly

    srv = Server(db)
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            extra = {"user_agent": PHONE_UA, "is_mobile": True, "has_touch": True,
                     "device_scale_factor": 2} if phone else {}
            page = browser.new_context(viewport=viewport, locale="en-GB", **extra).new_page()
            page.set_default_timeout(60_000)
            page.goto(srv.url)
            sign_in(page, srv)
            for title, name, options in shots:
                sidebar = page.get_by_test_id("stSidebar")
                if phone and sidebar.get_attribute("data-collapsed") == "true":
                    page.get_by_test_id("stExpandSidebarButton").click()
                go(page, title)
                if options.get("range"):
                    page.get_by_role("radio", name=options["range"]).click()
                wait_idle(page)
                if title == "Trends":    # its charts arrive after the page's first draw
                    page.locator("[data-testid=stVegaLiteChart] .marks").first.wait_for(
                        state="attached", timeout=180_000)
                if options.get("scroll_to"):
                    heading = page.get_by_role("heading", name=options["scroll_to"]).first
                    heading.evaluate("h => h.scrollIntoView({block: 'start'})")
                page.wait_for_timeout(3000)  # let charts finish drawing
                path = OUT / name
                page.screenshot(path=str(path))
                print(f"wrote {path.relative_to(ROOT)}")
            browser.close()
    finally:
        srv.stop()


def phone() -> None:
    os.environ["STEADY_FAST_KDF"] = "1"
    shots = [("Write", "phone-write.png", {}), ("History", "phone-history.png", {}),
             ("Trends", "phone-trends.png", {"scroll_to": "Mood over time"})]
    _shoot(_journal(2), shots, {"width": 390, "height": 844}, phone=True)


def extremes() -> None:
    os.environ["STEADY_FAST_KDF"] = "1"
    tall = {"width": 1280, "height": 5200}
    _shoot(_journal(None), [("Trends", "trends-1-entry.png", {})], tall, phone=False)
    _shoot(_journal(10), [("Trends", "trends-10-years.png", {"range": "All time"})], tall,
           phone=False)


if __name__ == "__main__":
    if "--phone" in sys.argv:
        phone()
    elif "--extremes" in sys.argv:
        extremes()
    else:
        main(sys.argv[1:])
