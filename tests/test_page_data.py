"""AppTest for pages/data.py: signed out, signed in without and with data, import flow, backup,
passphrase change, unreadable uploads (always a message, never an exception)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from journal import entries, profiles
from journal.db import connect
from journal.transfer import backup, choices, importing
from pages import _keys as K
from tests.conftest import PASS, ROOT, make_entry

FIX = Path(__file__).parent / "fixtures" / "imports"
TIMEOUT = 30


def page(account=None) -> AppTest:
    at = AppTest.from_file(str(ROOT / "pages/data.py"), default_timeout=TIMEOUT)
    if account is not None:
        at.session_state[K.ACCOUNT] = account
    return at.run()


def texts(at: AppTest) -> str:
    parts = [e.value for e in at.text] + [e.value for e in at.markdown]
    parts += [e.value for e in at.caption] + [e.value for e in at.info]
    parts += [e.value for e in at.error] + [e.value for e in at.success]
    parts += [e.value for e in at.warning]
    return "\n".join(str(p) for p in parts)


@pytest.fixture
def ana(app_db):
    con = connect(app_db)
    account = profiles.create_profile(con, "Ana", PASS)
    con.close()
    importing.forget_parsed()
    return account


def count(db: Path, account) -> int:
    con = connect(db)
    try:
        return entries.count_entries(con, account)
    finally:
        con.close()


def button(at: AppTest, label: str):
    return next(b for b in at.button if b.label == label)


def test_signed_out_sees_only_the_sign_in_form(app_db):
    at = page()
    assert not at.exception
    assert [w.label for w in at.text_input] == ["Name", "Passphrase"]
    assert not at.file_uploader and not at.get("download_button")
    assert "Data" not in [t.value for t in at.title]


def test_signed_in_without_data(ana):
    at = page(ana)
    assert not at.exception
    assert [t.value for t in at.title] == ["Data"]
    assert [u.label for u in at.file_uploader] == ["Journal file to import"]
    assert "nothing to export yet" in texts(at)
    assert not at.get("download_button")
    assert "forget it, nobody can get the text back" in texts(at)
    assert {b.label for b in at.button} >= {"Back up now", "Change passphrase"}


def test_signed_in_with_data_offers_every_export(app_db, ana):
    con = connect(app_db)
    entries.save_entry(con, ana, make_entry(body="mine"))
    con.close()
    at = page(ana)
    assert not at.exception
    labels = [b.label for b in at.get("download_button")]
    assert labels == [f"Download {label}" for label in choices.export_labels().values()] + [
        "Download a Steady JSON export"]
    assert "Take all 1 of your entries" in texts(at)


def test_daylio_upload_preview_mapping_and_import(app_db, ana):
    at = page(ana)
    at.file_uploader[0].upload("daylio.csv", (FIX / "daylio_title.csv").read_bytes(), "text/csv")
    at.run()
    assert not at.exception
    assert "Daylio CSV: 6 entries read" in texts(at)
    assert "line 9" in texts(at)                                   # problems by line
    assert "Choose a Steady mood" in texts(at)
    assert button(at, "Import 6 entries").disabled                 # a mood still needs a choice
    mood = next(s for s in at.selectbox if "ruhig" in s.label)
    mood.select(4).run()
    at.multiselect[0].select("work").run()                         # "work" was a trigger
    at.multiselect[1].select("family").run()                       # "family" was a win
    assert not at.exception
    practice = next(s for s in at.selectbox if s.label.startswith("Practice for"))
    practice.select("check_in").run()
    assert not button(at, "Import 6 entries").disabled
    button(at, "Import 6 entries").click().run()
    assert not at.exception
    # Shown exactly as written: the parentheses carry no backslash (escaped once, not twice).
    assert [s.value for s in at.success] == [
        "Imported 6 entries from Daylio CSV (17 Jun 2024 to 22 Jun 2024). 2 problems were "
        "noted (rows that couldn't be read were left out). You'll find them in History."]
    assert count(app_db, ana) == 6
    con = connect(app_db)
    assert con.execute("SELECT trigger FROM entry_triggers").fetchall() == [("work",)]
    assert con.execute("SELECT DISTINCT practice FROM wins").fetchall() == [("check_in",)]
    con.close()
    # the uploader was cleared; a second upload of the same file adds nothing
    at.file_uploader[0].upload("daylio.csv", (FIX / "daylio_title.csv").read_bytes(), "text/csv")
    at.run()
    assert "6 already in your journal" in texts(at)
    assert button(at, "Nothing new to import").disabled
    assert "Past imports (1)" in [e.label for e in at.expander]
    # a wrong mapping can be undone: the whole import goes, after a confirmation
    next(b for b in at.button if b.label == "Undo").click().run()
    button(at, "Yes, remove them").click().run()
    assert not at.exception and "Removed 6 imported entries" in texts(at)
    assert count(app_db, ana) == 0


def test_format_override_and_unreadable_files_show_messages(app_db, ana):
    at = page(ana)
    at.file_uploader[0].upload("notes.csv", os.urandom(300), "text/csv")
    at.run()
    assert not at.exception
    assert at.error and "Steady can import" in at.error[0].value
    at.file_uploader[0].clear()
    at.file_uploader[0].upload("j.txt", (FIX / "jrnl_legacy.txt").read_bytes(), "text/plain")
    at.run()
    assert "jrnl text file: 2 entries read" in texts(at)
    at.selectbox(key=K.D_FORMAT).select("dayone").run()
    assert not at.exception
    assert at.error and "Day One" in at.error[0].value
    assert count(app_db, ana) == 0


def test_file_text_quoted_in_an_error_stays_inert(app_db, ana):
    at = page(ana)
    tracker = b"![pixel](http://example.invalid/t.png) hello\n"
    at.file_uploader[0].upload("x.csv", tracker, "text/csv")
    at.run()
    at.selectbox(key=K.D_FORMAT).select("daylio").run()
    assert not at.exception
    shown = at.error[0].value
    assert "!\\[pixel\\](http" in shown         # escaped: shown as text, never fetched
    assert "![pixel](" not in shown


def test_backup_button_makes_a_backup_next_to_the_journal(app_db, ana):
    at = page(ana)
    button(at, "Back up now").click().run()
    assert not at.exception
    made = backup.list_backups(backup.default_folder(app_db))
    assert len(made) == 1 and "Backup saved" in texts(at)
    assert any("python -m journal restore" in c.value for c in at.code)


def test_change_passphrase_form(app_db, ana):
    at = page(ana)
    at.text_input(key=K.D_PASS_OLD).input(PASS)
    at.text_input(key=K.D_PASS_NEW).input("another passphrase")
    at.text_input(key=K.D_PASS_NEW2).input("another passphrase!")
    button(at, "Change passphrase").click().run()
    assert not at.exception
    assert "don't match" in texts(at)
    at.text_input(key=K.D_PASS_NEW2).input("another passphrase")
    button(at, "Change passphrase").click().run()
    assert "Your passphrase is changed" in texts(at)
    con = connect(app_db)
    assert profiles.sign_in(con, "Ana", "another passphrase").id == ana.id
    con.close()
