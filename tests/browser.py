"""Playwright support: a real `streamlit run app.py` on a temp journal, driven by Chromium.

Why here: every browser test needs the same server, browser and sign-in steps; one scenario
per test, locating by role/label, `expect` instead of sleeps.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-dev-shm-usage",
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """A running Steady app."""

    def __init__(self, db: Path, env: dict[str, str] | None = None) -> None:
        self.db = db
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        full_env = {**os.environ, "JOURNAL_DB": str(db), "STEADY_FAST_KDF": "1", **(env or {})}
        self.log = db.with_suffix(".log").open("w")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"),
             "--server.port", str(self.port), "--server.headless", "true",
             "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false",
             "--server.fileWatcherType", "none"],
            cwd=ROOT, env=full_env, stdout=self.log, stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=2) as r:
                    if r.status == 200:
                        return
            except OSError:
                time.sleep(0.3)
            if self.proc.poll() is not None:
                break
        self.stop()
        raise RuntimeError(f"streamlit did not start; see {db.with_suffix('.log')}")

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        self.log.close()


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Server]:
    """The app on a fresh temp journal."""
    srv = Server(tmp_path / "journal.duckdb")
    yield srv
    srv.stop()


def served(tmp_path: Path, seed: Callable[[Path], None]) -> Iterator[Server]:
    """For a fixture (`yield from served(...)`): the app on a temp journal `seed` filled first."""
    db = tmp_path / "journal.duckdb"
    seed(db)
    srv = Server(db)
    yield srv
    srv.stop()


def shots(tmp_path: Path) -> Path:
    """Where screenshots go: STEADY_SCREENSHOTS (relative to the repository) or `tmp_path`."""
    folder = Path(os.environ.get("STEADY_SCREENSHOTS") or tmp_path)
    folder = folder if folder.is_absolute() else ROOT / folder
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium through Playwright (Playwright can't download browsers here)."""
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail("Chromium is missing in CI; `make test` should have installed it.")
        pytest.skip("Chromium is not installed (run `make test` as root to install it).")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, server):
    """A fresh browser context and page pointed at the app."""
    context = browser.new_context(viewport={"width": 1200, "height": 1000},
                                  timezone_id="Europe/Berlin")
    pg = context.new_page()
    pg.set_default_timeout(20_000)
    yield pg
    context.close()


def sign_up(pg, server: Server, name: str = "Ana", passphrase: str = "correct horse battery"):
    """Open the app and create a profile; waits until the Write page shows."""
    from playwright.sync_api import expect

    pg.goto(server.url)
    pg.get_by_label("Name").fill(name)
    pg.get_by_label("Passphrase").fill(passphrase)
    pg.get_by_role("button", name="Create profile").click()
    expect(pg.get_by_role("heading", name="Write", exact=True)).to_be_visible()
    wait_idle(pg)


def sign_in(pg, server: Server, name: str = "Ana", passphrase: str = "correct horse battery"):
    """Sign in to an existing profile."""
    from playwright.sync_api import expect

    pg.get_by_label("Name").fill(name)
    pg.get_by_label("Passphrase").fill(passphrase)
    pg.get_by_role("button", name="Sign in").click()
    expect(pg.get_by_role("heading", name="Write", exact=True)).to_be_visible()
    wait_idle(pg)


def go(pg, title: str) -> None:
    """Open a page from the sidebar navigation by its title."""
    from playwright.sync_api import expect

    pg.get_by_test_id("stSidebarNav").get_by_role("link", name=title, exact=True).click()
    expect(pg.get_by_role("heading", name=title, exact=True).first).to_be_visible()


def assert_no_exception(pg) -> None:
    """No Streamlit exception box anywhere on the page."""
    from playwright.sync_api import expect

    expect(pg.get_by_test_id("stException")).to_have_count(0)


# Streamlit marks its run state on stApp; with the minimal toolbar there is no status widget,
# so the attribute (and no element left stale from the previous run) is what says "idle".
IDLE_JS = """() => {
  const app = document.querySelector('[data-testid="stApp"]');
  if (!app) return false;
  if (['initial', 'running', 'rerunRequested'].includes(app.dataset.testScriptState))
    return false;
  if (document.querySelector('[data-testid="stStatusWidget"]')) return false;
  return !document.querySelector('[data-stale="true"]');
}"""


def wait_idle(pg) -> None:
    """Wait until the app finished its current run and nothing from the last run is stale."""
    pg.wait_for_function(IDLE_JS, timeout=20_000)


def choose(pg, label: str, option: str) -> None:
    """Pick an option in a multiselect/selectbox by typing it and pressing Enter."""
    box = pg.get_by_label(label)
    box.click()
    box.fill(option)
    pg.get_by_role("option", name=option, exact=True).click()
    pg.keyboard.press("Escape")
    wait_idle(pg)
