"""Browser over HTTPS: `make serve-household`'s launcher serves a self-signed certificate whose
printed fingerprint is the one the server presents, and a person signs in through it."""

from __future__ import annotations

import hashlib
import os
import re
import ssl
import stat
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser import ROOT, _free_port, assert_no_exception, wait_idle

pytestmark = pytest.mark.browser


def _wait_https(url: str, proc: subprocess.Popen, log: Path) -> None:
    insecure = ssl.create_default_context()
    insecure.check_hostname = False
    insecure.verify_mode = ssl.CERT_NONE
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2,
                                        context=insecure) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
        if proc.poll() is not None:
            break
    raise RuntimeError(f"serve-household did not start: {log.read_text()}")


@pytest.fixture
def household(tmp_path: Path):
    """The household launcher on a temp journal, listening on 127.0.0.1 only (for the test)."""
    port = _free_port()
    log = tmp_path / "household.log"
    env = {**os.environ, "JOURNAL_DB": str(tmp_path / "journal.duckdb"), "STEADY_FAST_KDF": "1"}
    with log.open("w") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "journal.cli.household", "--port", str(port),
             "--address", "127.0.0.1"],
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
        )
    url = f"https://127.0.0.1:{port}"
    try:
        _wait_https(url, proc, log)
        yield url, port, log.read_text(), tmp_path / "tls"
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()


def test_household_serves_https_with_the_printed_fingerprint(browser, household):
    url, port, printed, tls = household
    assert f"Open: {url}" in printed
    shown = re.search(r"SHA-256 fingerprint: ([0-9A-F:]{95})", printed)
    assert shown, printed
    # The certificate the server presents is the one whose fingerprint was printed.
    der = ssl.PEM_cert_to_DER_cert(ssl.get_server_certificate(("127.0.0.1", port)))
    assert hashlib.sha256(der).digest().hex(":").upper() == shown.group(1)
    assert stat.S_IMODE((tls / "key.pem").stat().st_mode) == 0o600
    assert stat.S_IMODE(tls.stat().st_mode) == 0o700

    context = browser.new_context(ignore_https_errors=True)
    try:
        page = context.new_page()
        page.set_default_timeout(20_000)
        page.goto(url)
        page.get_by_label("Name").fill("Ana")
        page.get_by_label("Passphrase").fill("correct horse battery")
        page.get_by_role("button", name="Create profile").click()
        expect(page.get_by_role("heading", name="Write", exact=True)).to_be_visible()
        wait_idle(page)
        assert page.url.startswith("https://127.0.0.1")
        assert_no_exception(page)
    finally:
        context.close()
