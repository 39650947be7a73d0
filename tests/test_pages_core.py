"""AppTests: sign-in gate, Write and History, signed in and signed out, and bad database files."""

from __future__ import annotations

import subprocess
import sys
from datetime import date, datetime

import pytest
from streamlit.testing.v1 import AppTest

from journal import entries, profiles
from journal.db import connect
from journal.entries import TriggerItem, WinItem
from pages import _keys as K
from tests.conftest import PASS, ROOT, make_entry, page_texts, run_page

TIMEOUT = 30


def app() -> AppTest:
    return AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT)


def signed_in(page: str, account) -> AppTest:
    return run_page(page, account)


@pytest.fixture
def seeded(app_db):
    """A journal file with Ana (3 entries) and Ben (1 entry); returns both accounts."""
    con = connect(app_db)
    ana = profiles.create_profile(con, "Ana", PASS)
    ben = profiles.create_profile(con, "Ben", PASS)
    for day, text in ((1, "ANA first"), (2, "ANA second"), (3, "ANA third 🌙")):
        entries.save_entry(con, ana, make_entry(
            when_local=datetime(2026, 11, day, 20), body=text,
            triggers=[TriggerItem("late_reply", "paused")], wins=[WinItem("check_in", "kept")]))
    entries.save_entry(con, ben, make_entry(body="BEN only"))
    con.close()
    return ana, ben


texts = page_texts


# ---------------------------------------------------------------- sign-in gate


def test_signed_out_app_shows_only_sign_in(app_db):
    at = app().run()
    assert not at.exception
    assert [w.label for w in at.text_input] == ["Name", "Passphrase"]
    assert {b.label for b in at.button} >= {"Sign in", "Create profile"}
    assert "Write" not in [t.value for t in at.title]


def test_create_profile_then_sign_in_elsewhere(app_db):
    at = app().run()
    at.text_input(key=K.SIGNIN_NAME).input("Ana")
    at.text_input(key=K.SIGNIN_PASS).input(PASS)
    next(b for b in at.button if b.label == "Create profile").click().run()
    assert not at.exception
    assert [t.value for t in at.title] == ["Write"]
    assert at.session_state[K.ACCOUNT].name == "Ana"
    again = app().run()   # a new session signs in to the same profile
    again.text_input(key=K.SIGNIN_NAME).input("ana")
    again.text_input(key=K.SIGNIN_PASS).input(PASS)
    next(b for b in again.button if b.label == "Sign in").click().run()
    assert not again.exception
    assert [t.value for t in again.title] == ["Write"]
    assert again.session_state[K.ACCOUNT].id == at.session_state[K.ACCOUNT].id


def test_wrong_passphrase_in_the_app(seeded):
    at = app().run()
    at.text_input(key=K.SIGNIN_NAME).input("Ana")
    at.text_input(key=K.SIGNIN_PASS).input("not my passphrase")
    next(b for b in at.button if b.label == "Sign in").click().run()
    assert not at.exception
    assert [e.value for e in at.error] == ["That name and passphrase don't match a profile here."]
    assert K.ACCOUNT not in at.session_state


def test_foreign_database_file_in_the_app(tmp_path, monkeypatch):
    target = tmp_path / "photo.duckdb"
    target.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    monkeypatch.setenv("JOURNAL_DB", str(target))
    at = app().run()
    assert not at.exception
    assert len(at.error) == 1 and "isn't a Steady journal" in at.error[0].value
    assert target.read_bytes() == b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def test_locked_database_file_in_the_app(tmp_path, monkeypatch):
    target = tmp_path / "locked.duckdb"
    connect(target).close()
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import duckdb,sys,time; c=duckdb.connect(sys.argv[1]); print('ok', flush=True); "
         "time.sleep(60)", str(target)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "ok"
        monkeypatch.setenv("JOURNAL_DB", str(target))
        at = app().run()
        assert not at.exception
        assert len(at.error) == 1 and "open in another Steady window" in at.error[0].value
    finally:
        holder.kill()
        holder.wait()


# ---------------------------------------------------------------- pages signed out


@pytest.mark.parametrize("page", ["pages/write.py", "pages/history.py"])
def test_pages_signed_out_show_only_sign_in(seeded, page):
    at = AppTest.from_file(str(ROOT / page), default_timeout=TIMEOUT).run()
    assert not at.exception
    assert [w.label for w in at.text_input] == ["Name", "Passphrase"]
    assert not at.text_area and "ANA" not in texts(at)


# ---------------------------------------------------------------- Write


def test_write_page_saves_an_entry(seeded):
    ana, _ = seeded
    at = signed_in("pages/write.py", ana)
    assert not at.exception
    assert "Why this prompt:" in texts(at)
    at.text_area(key=K.gen_key(K.W_BODY, 0)).input("We didn't talk after dinner. שלום 🌿").run()
    at.multiselect(key=K.gen_key(K.W_TRIGGERS, 0)).select("silence").run()
    at.multiselect(key=K.gen_key(K.W_WINS, 0)).select("stayed_engaged").run()
    at.text_input(key=K.gen_key(K.W_WIN_TEXT_PREFIX + "stayed_engaged", 0)).input(
        "I stayed").run()
    at.button(key=K.gen_key("write_save", 0)).click().run()
    assert not at.exception
    assert any("Saved." in s.value for s in at.success)
    assert at.text_area(key=K.gen_key(K.W_BODY, 1)).value == ""   # a new, empty form


def test_write_page_keeps_text_after_a_validation_error(seeded):
    ana, _ = seeded
    at = signed_in("pages/write.py", ana)
    long_text = "ü" * 20_001
    at.text_area(key=K.gen_key(K.W_BODY, 0)).input(long_text).run()
    at.button(key=K.gen_key("write_save", 0)).click().run()
    assert not at.exception
    assert len(at.error) == 1 and "limit is 20,000" in at.error[0].value
    assert at.text_area(key=K.gen_key(K.W_BODY, 0)).value == long_text


def test_write_page_restores_the_draft_in_a_new_session(seeded):
    ana, _ = seeded
    first = signed_in("pages/write.py", ana)
    first.text_area(key=K.gen_key(K.W_BODY, 0)).input("unfinished thought 🌙").run()
    second = signed_in("pages/write.py", ana)   # a new browser session
    assert second.text_area(key=K.gen_key(K.W_BODY, 0)).value == "unfinished thought 🌙"
    assert "unfinished entry is restored" in texts(second)


def test_write_page_crisis_banner_never_blocks_saving(seeded):
    ana, _ = seeded
    at = signed_in("pages/write.py", ana)
    at.text_area(key=K.gen_key(K.W_BODY, 0)).input(
        "Tonight I keep thinking I want to die.").run()
    assert len(at.warning) == 1 and "emergency" in at.warning[0].value
    at.button(key=K.gen_key("write_save", 0)).click().run()
    assert any("Saved." in s.value for s in at.success)


def test_write_page_another_prompt_changes_it(seeded):
    ana, _ = seeded
    at = signed_in("pages/write.py", ana)
    first = at.session_state[K.W_PROMPT].prompt.id
    at.button(key="write_another").click().run()
    assert at.session_state[K.W_PROMPT].prompt.id != first
    at.selectbox(key=K.gen_key(K.W_CATEGORY, 0)).select("repair").run()
    assert at.session_state[K.W_PROMPT].prompt.category == "repair"
    assert not at.exception


# ---------------------------------------------------------------- History


def test_history_lists_only_own_entries(seeded):
    ana, ben = seeded
    at = signed_in("pages/history.py", ana)
    assert not at.exception
    shown = texts(at)
    assert "ANA third 🌙" in shown and "ANA first" in shown and "BEN only" not in shown
    assert shown.index("ANA third") < shown.index("ANA first")   # newest first
    bens = signed_in("pages/history.py", ben)
    assert "BEN only" in texts(bens) and "ANA" not in texts(bens)


def gen(at) -> int:
    """History's widget generation (its keys rotate so the browser draws them afresh)."""
    return at.session_state[K.H_GEN] if K.H_GEN in at.session_state else 0


def hkey(at, key: str) -> str:
    return f"{key}_{gen(at)}"


def edit_key(at, field: str) -> str:
    return f"{K.E_PREFIX}{gen(at)}_{field}"


def test_history_filter_open_edit_delete(seeded):
    ana, _ = seeded
    at = signed_in("pages/history.py", ana)
    at.text_input(key=hkey(at, K.H_TEXT)).input("second").run()
    assert "ANA second" in texts(at) and "ANA first" not in texts(at)
    assert "1 of 3 entries" in texts(at) and "filtered: contains “second”" in texts(at)
    open_buttons = [b for b in at.button if b.label == "Open"]
    assert len(open_buttons) == 1
    open_buttons[0].click().run()
    assert "Late reply → Paused" in texts(at)
    at.button(key="history_edit_btn").click().run()
    at.text_area(key=edit_key(at, "body")).input("ANA second, edited")
    at.date_input(key=edit_key(at, "date")).set_value(date(2026, 10, 30))
    at.multiselect(key=edit_key(at, "emotions")).select("hopeful")
    at.button(key="history_save_edit").click().run()
    assert not at.exception
    shown = texts(at)
    assert "ANA second, edited" in shown and "Friday 30 October 2026" in shown
    assert "hopeful" in shown
    assert "Late reply → Paused" in shown   # triggers kept
    at.button(key="history_delete_btn").click().run()
    assert any("can't be undone" in w.value for w in at.warning)
    at.button(key="history_delete_yes").click().run()
    assert not at.exception
    assert any("deleted" in s.value for s in at.success)
    # Back on the list, the filter still applied is the one the box shows.
    assert at.text_input(key=hkey(at, K.H_TEXT)).value == "second"
    assert "0 of 2 entries" in texts(at)


def test_history_edit_changes_triggers_and_wins(seeded):
    ana, _ = seeded
    at = signed_in("pages/history.py", ana)
    next(b for b in at.button if b.label == "Open").click().run()
    at.button(key="history_edit_btn").click().run()
    at.multiselect(key=edit_key(at, "triggers")).unselect("late_reply").select("silence").run()
    at.button_group(key=edit_key(at, "response_silence")).set_value("reached_out").run()
    at.multiselect(key=edit_key(at, "wins")).select("repair").run()
    at.text_input(key=edit_key(at, "win_repair")).input("I said sorry first").run()
    at.button(key="history_save_edit").click().run()
    assert not at.exception
    shown = texts(at)
    assert "Silence → Reached out calmly" in shown and "Late reply" not in shown
    assert "Kept a check-in ritual: kept" in shown
    assert "Apologised and repaired: I said sorry first" in shown


def test_history_clear_filters_and_back_keep_what_is_shown(seeded):
    ana, _ = seeded
    at = signed_in("pages/history.py", ana)
    clear = at.button(key="history_clear")
    assert clear.disabled
    at.slider(key=hkey(at, K.H_MOOD)).set_range(4, 5).run()
    assert "0 of 3 entries" in texts(at) and "mood 4–5" in texts(at)
    at.slider(key=hkey(at, K.H_MOOD)).set_range(1, 5).run()
    at.text_input(key=hkey(at, K.H_TEXT)).input("third").run()
    next(b for b in at.button if b.label == "Open").click().run()
    at.button(key="history_back").click().run()
    assert at.text_input(key=hkey(at, K.H_TEXT)).value == "third"
    assert "1 of 3 entries" in texts(at)
    at.button(key="history_clear").click().run()
    assert not at.exception
    assert at.text_input(key=hkey(at, K.H_TEXT)).value == ""
    assert "3 of 3 entries" in texts(at) and at.button(key="history_clear").disabled


def test_history_empty_state(app_db):
    con = connect(app_db)
    fresh = profiles.create_profile(con, "Cy", PASS)
    con.close()
    at = signed_in("pages/history.py", fresh)
    assert not at.exception
    assert "No entries yet" in texts(at)


def test_names_in_messages_stay_inert(app_db):
    """A profile name that looks like a Markdown link/image is shown as text, not rendered."""
    at = app().run()
    at.text_input(key=K.SIGNIN_NAME).input("![x](http://evil.example/p.png)")
    at.text_input(key=K.SIGNIN_PASS).input(PASS)
    next(b for b in at.button if b.label == "Create profile").click().run()
    assert not at.exception
    welcome = at.success[0].value
    # escaped, and the bare URL broken by an invisible word joiner so it can't autolink
    assert welcome == "Welcome, !\\[x\\](http:\u2060//evil.example/p.png). Your journal is ready."
    assert "![x](" not in welcome and "http://" not in welcome


def test_a_name_with_markdown_shows_literally(app_db):
    """Escaped exactly once: only the marks that would format are escaped, each by one backslash.

    (CommonMark shows `\\*` as `*`: the welcome reads "Welcome, Ana *B* [x](y) (2).")
    """
    name = "Ana *B* [x](y) (2)"
    at = app().run()
    at.text_input(key=K.SIGNIN_NAME).input(name)
    at.text_input(key=K.SIGNIN_PASS).input(PASS)
    next(b for b in at.button if b.label == "Create profile").click().run()
    assert not at.exception
    assert [s.value for s in at.success] == [
        "Welcome, Ana \\*B\\* \\[x\\](y) (2). Your journal is ready."]


def test_plain_escapes_what_could_link_or_format():
    from pages._shared import plain

    assert plain("[a](b) <i>x</i> **y** `z`") == (
        "\\[a\\](b) \\<i\\>x\\</i\\> \\*\\*y\\*\\* \\`z\\`")
    assert plain("# Title\n  # again, not #3 (fine)!") == "\\# Title\n  \\# again, not #3 (fine)!"
    assert plain("a\\(b) $x$ ~y~ _z_ |t|") == "a\\\\(b) \\$x\\$ \\~y\\~ \\_z\\_ \\|t\\|"
    assert plain("Taken back. Ben can no longer see it.") == (
        "Taken back. Ben can no longer see it.")
