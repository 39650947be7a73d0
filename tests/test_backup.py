"""Backups through the running app's connection, CLI backup/restore when stopped, lock messages."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from datetime import datetime, timedelta
from pathlib import Path

import duckdb
import pytest

from journal import cli, entries, profiles
from journal.db import connect
from journal.entries import TriggerItem
from journal.errors import JournalError
from journal.transfer import backup
from tests.conftest import PASS, ROOT, make_entry


def _count(path: Path, sql: str = "SELECT count(*) FROM entries") -> int:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return int(con.execute(sql).fetchone()[0])
    finally:
        con.close()


def test_backup_while_another_session_writes_is_consistent(con, account, tmp_path):
    stop = threading.Event()
    written: list[int] = []

    def writer() -> None:
        cur = con.cursor()
        n = 0
        while not stop.is_set():
            n += 1
            written.append(entries.save_entry(cur, account, make_entry(
                when_local=datetime(2026, 1, 1) + timedelta(minutes=n), body=f"n{n}",
                triggers=[TriggerItem("late_reply")])))
        cur.close()

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        while len(written) < 20:
            time.sleep(0.01)
        info = backup.backup_to(con.cursor(), tmp_path / "backups")
    finally:
        stop.set()
        thread.join()
    assert info.path.name.startswith("steady-backup-") and info.path.exists()
    assert not list((tmp_path / "backups").glob("*.partial*"))
    n = _count(info.path)
    assert 20 <= n <= len(written) and info.entries == n
    # one snapshot: every entry in the copy has its trigger row, and nothing else
    assert _count(info.path, "SELECT count(*) FROM entry_triggers") == n


def test_backup_keeps_sequences_index_and_keys(con, account, tmp_path):
    entries.save_entry(con, account, make_entry(body="before the backup"))
    info = backup.backup_to(con, tmp_path)
    restored = connect(info.path)
    try:
        ana = profiles.sign_in(restored, "Ana", PASS)
        new_id = entries.save_entry(restored, ana, make_entry(body="after restore"))
        assert new_id == 2                                   # sequence carried over
        assert [e.snippet for e in entries.list_entries(restored, ana).items] == [
            "after restore", "before the backup"]
        assert restored.execute("SELECT count(*) FROM duckdb_indexes() "
                                "WHERE index_name = 'entries_source_uq'").fetchone() == (1,)
    finally:
        restored.close()


def _hold_lock(db: Path) -> subprocess.Popen[str]:
    """Another process holding the journal open, like the running app."""
    proc = subprocess.Popen(
        [sys.executable, "-c",
         "import sys, duckdb; c = duckdb.connect(sys.argv[1]); print('ready', flush=True); "
         "sys.stdin.read()", str(db)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, cwd=ROOT)
    assert proc.stdout is not None and proc.stdout.readline().strip() == "ready"
    return proc


def _release(proc: subprocess.Popen[str]) -> None:
    assert proc.stdin is not None
    proc.stdin.close()
    proc.wait(timeout=20)
    if proc.stdout:
        proc.stdout.close()


@pytest.fixture
def journal_file(db_file):
    con = connect(db_file)
    ana = profiles.create_profile(con, "Ana", PASS)
    entries.save_entry(con, ana, make_entry(body="kept safe"))
    con.close()
    return db_file


def test_cli_backup_then_restore(journal_file, tmp_path, capsys):
    assert cli.main(["backup", "--db", str(journal_file), "--to", str(tmp_path / "bk")]) == 0
    out = capsys.readouterr().out
    copy = backup.list_backups(tmp_path / "bk")[0]
    assert "1 profile(s), 1 entries" in out and "python -m journal restore" in out
    con = connect(journal_file)
    entries.save_entry(con, profiles.sign_in(con, "Ana", PASS), make_entry(body="later"))
    con.close()
    assert cli.main(["restore", "--db", str(journal_file), "--from", str(copy)]) == 0
    out = capsys.readouterr().out
    assert "Restored 1 entries" in out and "before-restore" in out
    kept = next(tmp_path.glob("journal.before-restore-*.duckdb"))
    assert _count(kept) == 2 and _count(journal_file) == 1
    con = connect(journal_file)
    ana = profiles.sign_in(con, "Ana", PASS)
    assert [e.snippet for e in entries.list_entries(con, ana).items] == ["kept safe"]
    con.close()


def test_cli_backup_of_a_locked_file_points_to_the_data_page(journal_file, tmp_path, capsys):
    holder = _hold_lock(journal_file)
    try:
        assert cli.main(["backup", "--db", str(journal_file), "--to", str(tmp_path / "b")]) == 2
        err = capsys.readouterr().err
        assert "Data page" in err and "Back up now" in err and "Traceback" not in err
        copy = tmp_path / "some-backup.duckdb"
        duckdb.connect(str(copy)).close()
        assert cli.main(["restore", "--db", str(journal_file), "--from", str(copy)]) == 2
        err = capsys.readouterr().err
        assert "not a Steady journal" in err
    finally:
        _release(holder)
    assert _count(journal_file) == 1


def test_restore_refuses_while_the_app_holds_the_file(journal_file, tmp_path):
    good = backup.backup_file(journal_file, tmp_path / "bk").path
    holder = _hold_lock(journal_file)
    try:
        with pytest.raises(JournalError, match="Stop the app first"):
            backup.restore(good, journal_file)
    finally:
        _release(holder)
    assert _count(journal_file) == 1
    assert not list(journal_file.parent.glob("*.before-restore-*"))


@pytest.mark.parametrize("content", [b"not a database at all", b""])
def test_restore_from_a_bad_file_changes_nothing(journal_file, tmp_path, content):
    bad = tmp_path / "bad.duckdb"
    bad.write_bytes(content)
    with pytest.raises(JournalError, match="isn't a Steady backup|can't be opened"):
        backup.restore(bad, journal_file)
    assert _count(journal_file) == 1


def test_restore_from_a_foreign_database_changes_nothing(journal_file, tmp_path):
    foreign = tmp_path / "other.duckdb"
    c = duckdb.connect(str(foreign))
    c.execute("CREATE TABLE t (x INT)")
    c.close()
    with pytest.raises(JournalError, match="not a Steady journal"):
        backup.restore(foreign, journal_file)
    with pytest.raises(JournalError, match="no backup file"):
        backup.restore(tmp_path / "missing.duckdb", journal_file)
    assert _count(journal_file) == 1


def test_backup_of_a_missing_journal_is_a_sentence(tmp_path):
    with pytest.raises(JournalError, match="no journal"):
        backup.backup_file(tmp_path / "nope.duckdb", tmp_path / "bk")
