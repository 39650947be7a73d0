"""`python -m benchmarks.browser`: what a person waits for in Chromium, next to a bare app.

Why a benchmark and not a timed test: timings depend on the machine and on what else runs, so
tests never assert them; this prints a table with a same-run baseline and PASS/MISS per row.

For each size (2 and 10 years of daily demo entries, `python -m journal demo --daily`):

* The real app (`streamlit run app.py` on 127.0.0.1, a temp JOURNAL_DB) is opened in Debian's
  Chromium through Playwright, launched as tests/browser.py launches it, and signed in.
* Every page of pages/_navigation.PAGES is opened once while the server's websocket messages are
  read (the probe): how many charts the page draws and how many data rows each chart carries.
* A bare app is written to a temp folder: one `st.navigation` page per real page, same title,
  drawing the same number of `st.altair_chart` line charts with the same number of rows, and
  nothing else. It runs on its own server in the same run.
* Warm: rounds of clicks through the sidebar navigation in menu order (each page is reached from
  the one before it), alternating real click / bare click, --runs rounds; median per page.
  A click is timed in the page, from the click event until the page is fully drawn: its title
  shown, every chart's `.vega-embed` canvas/svg present and sized, the app idle (the script
  state Streamlit puts on `stApp` is not running, no `stStatusWidget`, no stale element); this
  must still hold 300 ms later (a component or a second run may start after the first draw),
  else the wait goes on. (With this app's minimal toolbar Streamlit 1.67 never shows
  `stStatusWidget`, so the script state on `stApp` is what tells a run is going on.)
* Cold: for each page a fresh server on the same file, then the first visit to that page: for
  Write (where signing in lands) the "Sign in" click until Write is drawn, for every other page
  the first click to it after signing in (median of --cold-runs starts).

Targets (issue 10): warm page <= 1.3x its bare counterpart; first visit after a start <= 2x warm.
Like the tests, servers run with STEADY_FAST_KDF=1 (cheap key derivation for signing in; nothing
timed derives a key). Only 127.0.0.1 is contacted.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from pages._navigation import PAGES

ROOT = Path(__file__).resolve().parents[1]
PROFILE = "bench"
PASSPHRASE = "benchmark passphrase"
WARM_TARGET = 1.3
COLD_TARGET = 2.0
SETTLE_MS = 300
TIMEOUT_MS = 180_000
CHART = '[data-testid="stVegaLiteChart"]'


# ---------------------------------------------------------------- servers and journals


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """`streamlit run SCRIPT` on 127.0.0.1 with the same options as tests/browser.py."""

    def __init__(self, script: Path, log: Path, env: dict[str, str]) -> None:
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self._log = log.open("a")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", str(script),
             "--server.port", str(self.port), "--server.headless", "true",
             "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false",
             "--server.fileWatcherType", "none"],
            cwd=ROOT, env={**os.environ, "STEADY_FAST_KDF": "1", **env},
            stdout=self._log, stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline and self.proc.poll() is None:
            try:
                with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=5) as r:
                    if r.status == 200:
                        return
            except OSError:
                time.sleep(0.3)
        self.stop()
        raise RuntimeError(f"streamlit did not start; see {log}")

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(15)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self._log.close()


def fill_journal(db: Path, years: int) -> None:
    """One profile with `years` of daily demo entries, through the command line."""
    subprocess.run(
        [sys.executable, "-m", "journal", "demo", "--db", str(db), "--profile", PROFILE,
         "--passphrase", PASSPHRASE, "--years", str(years), "--daily"],
        cwd=ROOT, env={**os.environ, "STEADY_FAST_KDF": "1"}, check=True,
        stdout=subprocess.DEVNULL,
    )


# ---------------------------------------------------------------- the bare app


BARE_APP = '''"""Bare pages written by benchmarks.browser: titles and Altair charts only."""

import altair as alt
import numpy as np
import pandas as pd
import streamlit as st

PAGES = {pages}


def frame(rows, seed):
    rng = np.random.default_rng(seed)
    return pd.DataFrame({{
        "day": pd.date_range("2016-01-01", periods=rows, freq="D"),
        "value": rng.normal(3.0, 1.0, rows),
        "group": [f"g{{i % 4}}" for i in range(rows)],
    }})


def draw(title, charts):
    st.title(title)
    for i, rows in enumerate(charts):
        chart = alt.Chart(frame(rows, i)).mark_line().encode(
            x="day:T", y="value:Q", color="group:N").properties(height=220)
        st.altair_chart(chart, width="stretch")


st.navigation([
    st.Page(lambda t=title, c=charts: draw(t, c), title=title, url_path=f"p{{n}}",
            default=(n == 0))
    for n, (title, charts) in enumerate(PAGES.items())
]).run()
'''


def bare_app_source(pages: dict[str, list[int]]) -> str:
    """The bare app: for each title (menu order), one line chart per entry of `rows`."""
    clean = {str(title): [max(1, int(rows)) for rows in charts]
             for title, charts in pages.items()}
    return BARE_APP.format(pages=json.dumps(clean, indent=4))


# ---------------------------------------------------------------- the probe


def _spec_rows(node: object) -> int:
    """Rows given inline in a Vega-Lite spec ("values" lists under data/datasets)."""
    if isinstance(node, dict):
        total = 0
        for key, value in node.items():
            if key == "values" and isinstance(value, list):
                total += len(value)
            elif key == "datasets" and isinstance(value, dict):
                total += sum(len(v) for v in value.values() if isinstance(v, list))
            else:
                total += _spec_rows(value)
        return total
    if isinstance(node, list):
        return sum(_spec_rows(item) for item in node)
    return 0


def _arrow_rows(data: bytes) -> int:
    if not data:
        return 0
    import pyarrow as pa

    return pa.ipc.open_stream(data).read_all().num_rows


def chart_rows(payload: bytes) -> list[int]:
    """Rows of each chart element in one websocket message from the Streamlit server."""
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    msg = ForwardMsg()
    try:
        msg.ParseFromString(payload)
    except Exception:  # noqa: BLE001 - not a ForwardMsg (never expected); ignore it
        return []
    if msg.WhichOneof("type") != "delta" or msg.delta.WhichOneof("type") != "new_element":
        return []
    element = msg.delta.new_element
    if element.WhichOneof("type") != "vega_lite_chart":
        return []
    chart = element.vega_lite_chart
    rows = _arrow_rows(chart.data.data) + sum(_arrow_rows(d.data.data) for d in chart.datasets)
    return [rows + _spec_rows(json.loads(chart.spec or "{}"))]


class Probe:
    """Collects chart rows from the websocket while switched on."""

    def __init__(self, pg) -> None:
        self.rows: list[int] | None = None
        pg.on("websocket", lambda ws: ws.on("framereceived", self._frame))

    def _frame(self, payload) -> None:
        if self.rows is not None and isinstance(payload, bytes):
            self.rows.extend(chart_rows(payload))


# ---------------------------------------------------------------- timing a click in the page


DRAWN_JS = """([title, charts]) => {
  const ok = (() => {
    const app = document.querySelector('[data-testid="stApp"]');
    if (!app || app.dataset.testConnectionState !== 'CONNECTED') return false;
    if (['initial', 'running', 'rerunRequested'].includes(app.dataset.testScriptState))
      return false;
    if (document.querySelector('[data-testid="stStatusWidget"]')) return false;
    if (document.querySelector('[data-stale="true"]')) return false;
    const heads = [...document.querySelectorAll('h1')];
    if (!heads.some(h => h.textContent.trim() === title)) return false;
    const boxes = document.querySelectorAll('CHART');
    if (charts >= 0 && boxes.length !== charts) return false;
    for (const box of boxes) {
      const c = box.querySelector('.vega-embed canvas, .vega-embed svg');
      if (!c) return false;
      const r = c.getBoundingClientRect();
      if (r.width < 10 || r.height < 10) return false;
    }
    return true;
  })();
  if (!ok) window.__benchDrawn = null;
  else if (window.__benchDrawn == null) window.__benchDrawn = performance.now();
  return ok;
}""".replace("CHART", CHART)

ARM_JS = """() => {
  window.__benchClick = null; window.__benchDrawn = null;
  document.addEventListener('click', () => { window.__benchClick = performance.now(); },
                            {capture: true, once: true});
}"""


def wait_drawn(pg, title: str, charts: int) -> float:
    """Wait until the page is drawn and stays so for SETTLE_MS; ms since the armed click."""
    while True:
        pg.wait_for_function(DRAWN_JS, arg=[title, charts], polling="raf", timeout=TIMEOUT_MS)
        first = pg.evaluate("() => window.__benchDrawn")
        pg.wait_for_timeout(SETTLE_MS)
        if pg.evaluate(DRAWN_JS, [title, charts]) and \
                pg.evaluate("() => window.__benchDrawn") == first:
            start = pg.evaluate("() => window.__benchClick")
            return float(first - start) if start is not None else float("nan")


def click_to(pg, title: str, charts: int, button=None) -> float:
    """Click `title` in the sidebar (or `button`) and time it until the page is drawn."""
    pg.evaluate(ARM_JS)
    target = button or pg.get_by_test_id("stSidebarNav").get_by_role(
        "link", name=title, exact=True)
    target.click()
    return wait_drawn(pg, title, charts)


def sign_in(pg, url: str) -> None:
    pg.goto(url)
    pg.get_by_label("Name").fill(PROFILE)
    pg.get_by_label("Passphrase").fill(PASSPHRASE)
    pg.get_by_role("button", name="Sign in").click()


def new_page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 1000},
                                  timezone_id="Europe/Berlin")
    pg = context.new_page()
    pg.set_default_timeout(TIMEOUT_MS)
    return context, pg


# ---------------------------------------------------------------- one size


@dataclass
class Row:
    title: str
    years: int
    charts: list[int]
    warm: list[float] = field(default_factory=list)
    bare: list[float] = field(default_factory=list)
    cold: list[float] = field(default_factory=list)

    @staticmethod
    def med(values: list[float]) -> float | None:
        return statistics.median(values) if values else None


def measure_size(browser, folder: Path, years: int, runs: int, cold_runs: int,
                 progress) -> list[Row]:
    db = folder / f"journal-{years}y.duckdb"
    progress(f"({years} y) filling {db.name}…")
    fill_journal(db, years)
    env = {"JOURNAL_DB": str(db)}
    titles = [p.title for p in PAGES]
    server = Server(ROOT / "app.py", folder / f"app-{years}y.log", env)
    context, pg = new_page(browser)
    try:
        probe = Probe(pg)
        sign_in(pg, server.url)
        wait_drawn(pg, titles[0], -1)
        rows = {}
        for title in [*titles[1:], titles[0]]:   # Write last: it is the landing page
            probe.rows = []
            click_to(pg, title, -1)
            rows[title] = Row(title, years, list(probe.rows))
            probe.rows = None
            progress(f"({years} y) {title}: {len(rows[title].charts)} charts, rows "
                     f"{rows[title].charts}")
        bare_script = folder / f"bare_{years}y.py"
        bare_script.write_text(bare_app_source({t: rows[t].charts for t in titles}))
        bare = Server(bare_script, folder / f"bare-{years}y.log", env)
        bcontext, bpg = new_page(browser)
        try:
            bpg.goto(bare.url)
            wait_drawn(bpg, titles[0], len(rows[titles[0]].charts))
            for title in [*titles[1:], titles[0]]:   # warm both alike
                click_to(bpg, title, len(rows[title].charts))
            for n in range(runs):
                progress(f"({years} y) warm round {n + 1}/{runs}")
                for title in [*titles[1:], titles[0]]:
                    count = len(rows[title].charts)
                    rows[title].warm.append(click_to(pg, title, count))
                    rows[title].bare.append(click_to(bpg, title, count))
                    progress(f"  {title}: {rows[title].warm[-1]:.0f} ms, bare "
                             f"{rows[title].bare[-1]:.0f} ms")
        finally:
            bcontext.close()
            bare.stop()
    finally:
        context.close()
        server.stop()
    for spec in PAGES:
        for n in range(cold_runs):
            progress(f"({years} y) cold {spec.title} {n + 1}/{cold_runs}")
            rows[spec.title].cold.append(cold_click(browser, folder, years, env, spec.title,
                                                    len(rows[spec.title].charts)))
            progress(f"  {spec.title}: {rows[spec.title].cold[-1]:.0f} ms")
    return [rows[t] for t in titles]


def cold_click(browser, folder: Path, years: int, env: dict[str, str], title: str,
               charts: int) -> float:
    """A fresh server, then the first visit to `title`: for the landing page (Write) the
    "Sign in" click, for every other page the first click to it after signing in."""
    server = Server(ROOT / "app.py", folder / f"cold-{years}y.log", env)
    context, pg = new_page(browser)
    try:
        pg.goto(server.url)
        pg.get_by_label("Name").fill(PROFILE)
        pg.get_by_label("Passphrase").fill(PASSPHRASE)
        sign_in_button = pg.get_by_role("button", name="Sign in")
        if title == PAGES[0].title:
            return click_to(pg, title, charts, button=sign_in_button)
        sign_in_button.click()
        wait_drawn(pg, PAGES[0].title, -1)
        return click_to(pg, title, charts)
    finally:
        context.close()
        server.stop()


# ---------------------------------------------------------------- the table


def _ms(value: float | None) -> str:
    return "–" if value is None else f"{value:,.0f}"


def render(rows: list[Row], runs: int, cold_runs: int) -> str:
    head = ("| Page | Years | Charts (rows) | Warm median ms | Bare median ms | Ratio | "
            "Cold ms | Cold/warm | Targets |")
    lines = [head, "|" + "---|" * 9]
    for r in rows:
        warm, bare, cold = r.med(r.warm), r.med(r.bare), r.med(r.cold)
        ratio = warm / bare if warm and bare else None
        cw = cold / warm if cold and warm else None
        verdict = []
        if ratio is not None:
            verdict.append("warm PASS" if ratio <= WARM_TARGET else "warm MISS")
        if cw is not None:
            verdict.append("cold PASS" if cw <= COLD_TARGET else "cold MISS")
        charts = f"{len(r.charts)} ({sum(r.charts):,})" if r.charts else "0"
        lines.append(
            f"| {r.title} | {r.years} | {charts} | {_ms(warm)} | {_ms(bare)} | "
            f"{'–' if ratio is None else f'{ratio:.2f}×'} | {_ms(cold)} | "
            f"{'–' if cw is None else f'{cw:.2f}×'} | {', '.join(verdict)} |")
    lines += [
        "",
        f"Warm: median of {runs} clicks per page (menu order, each from the page before), "
        f"real and bare clicks alternating in one run. Cold: median of {cold_runs} fresh "
        "server start(s), first visit to the page (Write: the Sign in click).",
        f"Targets: warm <= {WARM_TARGET}x bare, cold <= {COLD_TARGET}x warm. "
        f"{os.cpu_count()} cores; load average at the end: {os.getloadavg()[0]:.1f} "
        "(compare columns of one run, not runs).",
    ]
    return "\n".join(lines)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m benchmarks.browser",
                                description="page speed in Chromium against a bare Streamlit "
                                            "app measured in the same run")
    p.add_argument("--runs", type=int, default=7, help="warm clicks per page (default 7)")
    p.add_argument("--cold-runs", type=int, default=1,
                   help="server starts per page for the cold column (default 1)")
    p.add_argument("--years", type=int, nargs="+", default=[2, 10],
                   help="years of daily entries (default: 2 10)")
    p.add_argument("--quick", action="store_true", help="2 years only, 3 runs")
    p.add_argument("--dir", help="keep the journals, apps and logs here (default: temp, removed)")
    return p.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.quick:
        args.years, args.runs = [2], min(args.runs, 3)
    from playwright.sync_api import sync_playwright

    from tests.browser import CHROMIUM, CHROMIUM_ARGS

    if not Path(CHROMIUM).exists():
        print("Chromium is missing (see `make chromium`); nothing measured.", file=sys.stderr)
        return 2
    folder = Path(args.dir) if args.dir else Path(tempfile.mkdtemp(prefix="steady-bbench-"))
    folder.mkdir(parents=True, exist_ok=True)

    def progress(text: str) -> None:
        print(text, file=sys.stderr, flush=True)

    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            try:
                rows = [row for years in args.years
                        for row in measure_size(browser, folder, years, max(1, args.runs),
                                                max(1, args.cold_runs), progress)]
            finally:
                browser.close()
        print(render(rows, max(1, args.runs), max(1, args.cold_runs)))
        return 0
    finally:
        if not args.dir:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
