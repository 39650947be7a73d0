"""Damaged files and storage faults: one clear sentence, never a traceback, nothing lost.

Each case damages a real journal file the way a disk or a person can (a flipped byte in a sealed
value, in a header block, in the middle of the file; a cut-off file; a full disk; a read-only
file) and checks the message in the domain, the app (AppTest) and the CLI, and that every
committed entry is back once the cause is gone.
"""

from __future__ import annotations

import os
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
from datetime import date, datetime, timedelta
from pathlib import Path

import duckdb
import pytest

from journal import entries, profiles
from journal.db import connect
from journal.errors import CryptoError, DatabaseUnavailable
from journal.transfer import backup
from journal.transfer.exporting import export_file, unreadable_note
from tests.conftest import PASS, ROOT, make_entry, page_texts, run_page

BODIES = [f"Entry number {i}: we talked about the weekend." for i in range(6)]
DAYS = [datetime(2026, 10, 1 + i, 20, 0) for i in range(6)]
ENV = {**os.environ, "STEADY_FAST_KDF": "1", "PYTHONPATH": str(ROOT)}


@pytest.fixture
def journal(app_db: Path) -> tuple[Path, profiles.Account, list[int]]:
    """Ana's journal with six entries, closed (so the app and the CLI can open it)."""
    con = connect(app_db)
    account = profiles.create_profile(con, "Ana", PASS)
    ids = [entries.save_entry(con, account, make_entry(when_local=d, body=b))
           for d, b in zip(DAYS, BODIES, strict=True)]
    con.execute("CHECKPOINT")
    con.close()
    return app_db, account, ids


def _cli(*args: str, db: Path, preexec=None, wrap=()) -> subprocess.CompletedProcess:
    return subprocess.run(
        [*wrap, sys.executable, "-m", "journal", *args, "--db", str(db)], capture_output=True,
        text=True,
        env=ENV, cwd=str(ROOT), timeout=300, preexec_fn=preexec,
    )


def _export_cli(db: Path, out: Path, preexec=None) -> subprocess.CompletedProcess:
    return _cli("export", "--profile", "Ana", "--passphrase", PASS, "--format", "json",
                "--out", str(out), db=db, preexec=preexec)


def _assert_clean(proc: subprocess.CompletedProcess, *words: str) -> None:
    assert proc.returncode == 2, proc.stderr
    assert "Traceback" not in proc.stderr
    for word in words:
        assert word in proc.stderr, proc.stderr


# A page run the way app.py runs it (`storage_guard(nav.run)`): AppTest.switch_page would
# run the page file on its own, outside app.py.
_GUARDED_PAGE = """
import runpy
from pages._shared import storage_guard
storage_guard(lambda: runpy.run_path({page!r}, run_name="__page__"))
"""


def _app_error(account: profiles.Account, page: str | None = None) -> str:
    """What the app (sign-in gate, navigation, or `page` as app.py runs it) shows; no raise."""
    from streamlit.testing.v1 import AppTest

    from pages import _keys as K

    if page:
        at = AppTest.from_string(_GUARDED_PAGE.format(page=str(ROOT / page)), default_timeout=60)
    else:
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.session_state[K.ACCOUNT] = account
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    _release()
    return "\n".join(e.value for e in at.error)


def _release() -> None:
    """Close the app's cached connection, so the CLI (another process) can open the file."""
    import gc

    from pages._shared import _connection

    try:
        _connection(os.environ["JOURNAL_DB"]).close()   # the cached one (a damaged file: new)
    except DatabaseUnavailable:
        pass
    _connection.clear()
    gc.collect()


def _body(at):
    """The Write page's main text area (found by its label: W owns the widget keys)."""
    return next(t for t in at.text_area if t.label == "Anything else on your mind")


def _flip(path: Path, offset: int) -> None:
    with path.open("r+b") as fh:
        fh.seek(offset)
        byte = fh.read(1)
        fh.seek(offset)
        fh.write(bytes([byte[0] ^ 0xFF]))


def _all_there(db: Path, account_name: str = "Ana") -> list[str]:
    con = connect(db)
    try:
        account = profiles.sign_in(con, account_name, PASS)
        return [e.body for e in entries.load_for_export(con, account)]
    finally:
        con.close()


# ---------------------------------------------------------------- one damaged sealed value


def _damage_one_value(db: Path, entry_id: int) -> None:
    """Flip one byte inside the ciphertext of one entry's sealed body."""
    con = duckdb.connect(str(db))
    token = con.execute("SELECT body FROM entries WHERE id = ?", [entry_id]).fetchone()[0]
    i = len(token) // 2
    damaged = token[:i] + ("A" if token[i] != "A" else "B") + token[i + 1:]
    con.execute("UPDATE entries SET body = ? WHERE id = ?", [damaged, entry_id])
    con.close()


def test_a_damaged_sealed_value_marks_only_that_entry(journal):
    db, account, ids = journal
    _damage_one_value(db, ids[2])
    con = connect(db)
    account = profiles.sign_in(con, "Ana", PASS)
    page = entries.list_entries(con, account)
    assert page.total == 6
    damaged = [i for i in page.items if i.unreadable]
    assert [i.id for i in damaged] == [ids[2]]
    assert "can't be read" in damaged[0].snippet
    found = entries.list_entries(con, account, entries.EntryFilter(text="weekend"))
    assert sorted(i.id for i in found.items) == sorted(set(ids) - {ids[2]})
    with pytest.raises(CryptoError, match="2026-10-03"):
        entries.get_entry(con, account, ids[2])
    assert entries.get_entry(con, account, ids[1]).body == BODIES[1]
    for fmt in ("json", "csv", "markdown"):
        done = export_file(con, account, fmt)
        assert done.entries == 5
        assert [(u.id, u.day.isoformat()) for u in done.unreadable] == [(ids[2], "2026-10-03")]
        assert "2026-10-03" in (unreadable_note(done) or "")
    text = export_file(con, account, "json").data.decode()
    assert BODIES[1] in text and BODIES[2] not in text
    assert '"unreadable_entries"' in text and f'"id": {ids[2]}' in text
    assert "2026-10-03" in export_file(con, account, "csv").data.decode("utf-8-sig")
    con.close()


def test_history_and_cli_export_work_with_a_damaged_value(journal, tmp_path):
    db, account, ids = journal
    _damage_one_value(db, ids[2])
    at = run_page("pages/history.py", account)
    assert not at.exception
    assert "can't be read" in page_texts(at)
    at = run_page("pages/history.py", account, history_open=ids[2])
    assert not at.exception
    assert "2026-10-03" in page_texts(at)
    _release()
    proc = _export_cli(db, tmp_path / "out.json")
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr and "2026-10-03" in proc.stderr
    assert BODIES[5] in (tmp_path / "out.json").read_text()


# ---------------------------------------------------------------- damaged or cut-off file


def test_a_damaged_header_block_is_called_damaged_with_the_backups(journal, tmp_path):
    db, account, _ = journal
    made = backup.backup_file(db, db.parent / "backups")
    good = tmp_path / "good.duckdb"
    shutil.copy(db, good)
    _flip(db, 4096 + 10)   # the second header block
    with pytest.raises(DatabaseUnavailable) as err:
        connect(db)
    message = str(err.value)
    assert "damaged" in message and made.path.name in message
    assert "another Steady" not in message
    assert made.path.name in _app_error(account)
    _assert_clean(_export_cli(db, tmp_path / "o.json"), "damaged", made.path.name)
    shutil.copy(good, db)   # the cause gone (restored)
    assert _all_there(db) == BODIES


def _used_block_offset(db: Path) -> int:
    """A byte inside a data block the entries table really uses, near the file's middle."""
    con = duckdb.connect(str(db), read_only=True)
    blocks = sorted({r[0] for r in con.execute(
        "SELECT block_id FROM pragma_storage_info('entries') WHERE block_id >= 0").fetchall()})
    con.close()
    size = db.stat().st_size
    offsets = [3 * 4096 + b * 262144 + 100 for b in blocks]
    return min(offsets, key=lambda o: abs(o - size // 2))


def test_a_damaged_block_in_the_middle_of_the_file(journal, tmp_path):
    db, account, _ = journal
    good = tmp_path / "good.duckdb"
    shutil.copy(db, good)
    _flip(db, _used_block_offset(db))
    assert "damaged" in _app_error(account, "pages/history.py")
    _assert_clean(_export_cli(db, tmp_path / "o.json"), "damaged")
    shutil.copy(good, db)
    assert _all_there(db) == BODIES


def test_a_truncated_file(journal, tmp_path):
    db, account, _ = journal
    good = tmp_path / "good.duckdb"
    shutil.copy(db, good)
    os.truncate(db, db.stat().st_size // 2)
    with pytest.raises(DatabaseUnavailable, match="damaged"):
        connect(db)
    assert "damaged" in _app_error(account)
    _assert_clean(_export_cli(db, tmp_path / "o.json"), "damaged")
    shutil.copy(good, db)
    assert _all_there(db) == BODIES


# ---------------------------------------------------------------- disk full, read-only


def _file_limit(limit: int):
    def apply() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)   # get EFBIG instead of being killed
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    return apply


def test_a_full_disk_names_the_cause_and_loses_nothing(journal):
    db, _, _ = journal
    proc = _cli("demo", "--profile", "Ana", "--passphrase", PASS, "--years", "5", db=db,
                preexec=_file_limit(256 * 1024))
    _assert_clean(proc, "disk", "full")
    assert "rollback" not in proc.stderr.lower()
    assert _all_there(db) == BODIES   # the limit gone: every committed entry, nothing half-made


def test_a_failed_save_in_the_app_keeps_the_typed_form(journal, monkeypatch):
    db, account, _ = journal
    from journal.entries import store

    def full(*_a, **_k):
        raise duckdb.IOException('IO Error: Could not write file "x": No space left on device')

    monkeypatch.setattr(store, "_insert_entry", full)
    at = run_page("pages/write.py", account)
    _body(at).set_value("Words I must not lose.").run()
    next(b for b in at.button if b.label == "Save entry").click().run()
    assert not at.exception
    assert any("disk" in e.value and "full" in e.value for e in at.error)
    assert _body(at).value == "Words I must not lose."
    _release()
    con = connect(db)
    assert "Words I must not lose." in (entries.load_draft(con, account) or {}).get("body", "")
    con.close()


# Root ignores file permissions; without CAP_DAC_OVERRIDE it obeys them like anyone else.
_NO_OVERRIDE = (["setpriv", "--bounding-set", "-dac_override", "--inh-caps", "-dac_override"]
                if os.geteuid() == 0 and shutil.which("setpriv") else [])


def test_a_read_only_file_is_explained(tmp_path):
    folder = Path(tempfile.mkdtemp(prefix="steady-ro-"))
    try:
        folder.chmod(0o755)
        db = folder / "journal.duckdb"
        con = connect(db)
        account = profiles.create_profile(con, "Ana", PASS)
        entries.save_entry(con, account, make_entry(body=BODIES[0]))
        con.execute("CHECKPOINT")
        con.close()
        db.chmod(0o444)
        if os.geteuid() == 0 and not _NO_OVERRIDE:
            pytest.skip("running as root without setpriv: permissions can't be enforced")
        proc = _cli("demo", "--profile", "Ana", "--passphrase", PASS, "--years", "0.1", db=db,
                    wrap=_NO_OVERRIDE)
        _assert_clean(proc, "allowed to write", str(db))
        db.chmod(0o644)
        assert _all_there(db) == BODIES[:1]
    finally:
        shutil.rmtree(folder, ignore_errors=True)


# ---------------------------------------------------------------- far dates already stored


def test_far_dates_in_the_file_break_no_page(journal):
    db, account, _ = journal
    raw = duckdb.connect(str(db))
    raw.execute("INSERT INTO milestones (profile_id, title, practice, measure, target, "
                "start_date, target_date, cadence, created_utc) VALUES (?,?,?,?,?,?,?,?,now())",
                [account.id, account.keys.seal("Far"), "pause", "check_ins_per_week", 2.0,
                 date(1, 1, 1), date(9999, 12, 31), "weekly"])
    for day in (date(9999, 12, 31), date(1, 1, 1)):
        raw.execute("INSERT INTO entries (profile_id, created_utc, local_date, local_time, "
                    "utc_offset_min, kind, body, mood, saved_utc, source) VALUES "
                    "(?, now(), ?, '12:00', 0, 'reflection', ?, 3, now(), 'steady')",
                    [account.id, day, account.keys.seal("far")])
    raw.close()
    for page, state in [("pages/milestones.py", {}), ("pages/weekly_review.py", {}),
                        ("pages/trends.py", {"trends_range": "all"}), ("pages/history.py", {}),
                        ("pages/write.py", {})]:
        at = run_page(page, account, **state)
        assert not at.exception, (page, [e.value for e in at.exception])


def test_a_draft_dated_tomorrow_is_kept_within_the_form(journal):
    db, account, _ = journal
    con = connect(db)
    tomorrow = date.today() + timedelta(days=2)
    entries.save_draft(con, account, {"body": "late", "date": tomorrow.isoformat(),
                                      "time": "09:00"})
    con.close()
    at = run_page("pages/write.py", account)
    assert not at.exception, [e.value for e in at.exception]
    assert _body(at).value == "late"
    assert entries.input_from_draft({"date": "9999-12-31"}).when_local.date() <= date.today()


def test_entry_and_milestone_dates_are_checked_with_their_value(con, account):
    from journal.errors import ValidationError
    from journal.milestones.model import check_dates

    with pytest.raises(ValidationError, match="9999-12-31"):
        entries.save_entry(con, account, make_entry(when_local=datetime(9999, 12, 31)))
    with pytest.raises(ValidationError, match="1899-12-31"):
        entries.save_entry(con, account, make_entry(when_local=datetime(1899, 12, 31)))
    with pytest.raises(ValidationError, match="9999-12-31"):
        check_dates(date(2026, 1, 5), date(9999, 12, 31))
    with pytest.raises(ValidationError, match="0001-01-01"):
        check_dates(date(1, 1, 1), date(2026, 3, 1))


def test_cli_profile_create_and_list_and_no_stray_files(tmp_path):
    db = tmp_path / "new.duckdb"
    proc = _cli("profile", "list", db=db)
    _assert_clean(proc, "no journal")
    proc = _cli("import", "--profile", "Ana", "--passphrase", PASS, str(tmp_path / "x.csv"),
                db=db)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert not db.exists()
    proc = _cli("profile", "create", "--name", "Ana", "--passphrase", "short", db=db)
    _assert_clean(proc, "at least")
    assert not db.exists()
    proc = subprocess.run(
        [sys.executable, "-m", "journal", "profile", "create", "--db", str(db), "--name", "Ana"],
        capture_output=True, text=True, env={**ENV, "STEADY_PASSPHRASE": PASS}, cwd=str(ROOT))
    assert proc.returncode == 0, proc.stderr
    proc = _cli("profile", "list", db=db)
    assert proc.returncode == 0 and proc.stdout.startswith("Ana\t0 entries")
