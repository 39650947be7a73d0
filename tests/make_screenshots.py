"""Take the README's screenshots: `.venv/bin/python -m tests.make_screenshots [page ...]`.

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


if __name__ == "__main__":
    main(sys.argv[1:])
