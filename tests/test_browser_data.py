"""Browser: upload a Daylio CSV on the Data page, map a custom mood, import, find it in History."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser import assert_no_exception, go, sign_up, wait_idle

pytestmark = pytest.mark.browser

CSV = (
    "full_date,date,weekday,time,mood,activities,note_title,note\n"
    "2024-06-22,June 22,Saturday,9:41 PM,rad,family | walk,Dinner,"
    "\"We talked after dinner, no phones 🌿\"\n"
    "2024-06-21,June 21,Friday,2:14 pm,ruhig,work,,Quiet evening with a book\n"
    "2024-06-20,June 20,Thursday,8:00 AM\n"
)


def test_import_daylio_csv_then_find_it_in_history(page, server, tmp_path):
    export = tmp_path / "daylio_export.csv"
    export.write_text(CSV, encoding="utf-8")
    sign_up(page, server)
    go(page, "Data")
    assert_no_exception(page)
    page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(str(export))
    wait_idle(page)
    expect(page.get_by_text("Daylio CSV: 2 entries read")).to_be_visible()
    expect(page.get_by_text("line 4: has 4 fields")).to_be_hidden()   # inside the closed expander
    page.get_by_text("Problems in the file (1)").click()
    expect(page.get_by_text("line 4: has 4 fields")).to_be_visible()
    import_button = page.get_by_role("button", name="Import 2 entries")
    expect(import_button).to_be_disabled()                             # "ruhig" needs a mood
    page.get_by_role("combobox", name="Your mood “ruhig” (1×) means").click()
    page.get_by_role("option", name="4 · Good").click()
    wait_idle(page)
    expect(import_button).to_be_enabled()
    page.screenshot(path=str(tmp_path / "data-preview.png"), full_page=True)
    import_button.click()
    expect(page.get_by_text("Imported 2 entries from Daylio CSV")).to_be_visible()
    assert_no_exception(page)

    page.get_by_role("tab", name="Export").click()
    with page.expect_download() as download:
        page.get_by_role("button", name="Download Steady JSON (re-importable)").click()
    exported = Path(download.value.path()).read_text(encoding="utf-8")
    assert "We talked after dinner, no phones 🌿" in exported
    assert download.value.suggested_filename.startswith("steady-ana-")

    go(page, "History")
    expect(page.get_by_text("We talked after dinner, no phones 🌿")).to_be_visible()
    expect(page.get_by_text("Quiet evening with a book")).to_be_visible()
    assert_no_exception(page)
