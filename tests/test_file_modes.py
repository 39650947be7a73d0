"""Every file Steady creates is 0600 and every folder it makes is 0700 (issue 8, item 4)."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from journal import entries, filemodes, profiles
from journal.db import connect
from journal.transfer import backup
from tests.conftest import PASS, make_entry


def _mode(path: Path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def test_database_wal_and_new_folders_are_owner_only(tmp_path: Path):
    db = tmp_path / "new" / "deeper" / "journal.duckdb"
    con = connect(db)
    account = profiles.create_profile(con, "Ana", PASS)
    entries.save_entry(con, account, make_entry(body="private"))
    wal = db.with_name(db.name + ".wal")
    assert wal.exists()  # written, not yet checkpointed
    assert _mode(db) == 0o600 and _mode(wal) == 0o600
    assert _mode(db.parent) == 0o700 and _mode(db.parent.parent) == 0o700
    con.close()


def test_an_older_world_readable_journal_is_tightened(tmp_path: Path):
    db = tmp_path / "journal.duckdb"
    connect(db).close()
    os.chmod(db, 0o644)
    connect(db).close()
    assert _mode(db) == 0o600


def test_backups_and_their_folder_are_owner_only(tmp_path: Path):
    db = tmp_path / "journal.duckdb"
    con = connect(db)
    profiles.create_profile(con, "Ana", PASS)
    folder = backup.default_folder(db)
    info = backup.backup_to(con, folder)
    con.close()
    assert _mode(folder) == 0o700
    assert _mode(info.path) == 0o600
    restored = tmp_path / "restored" / "journal.duckdb"
    backup.restore(info.path, restored)
    assert _mode(restored) == 0o600 and _mode(restored.parent) == 0o700


def test_exports_written_by_steady_are_owner_only(tmp_path: Path):
    out = filemodes.write_private(tmp_path / "exports" / "journal.csv", b"date,mood\n")
    assert _mode(out) == 0o600 and _mode(out.parent) == 0o700


def test_cli_export_is_owner_only(tmp_path: Path):
    from journal.cli import main

    db = tmp_path / "journal.duckdb"
    con = connect(db)
    profiles.create_profile(con, "Ana", PASS)
    con.close()
    out = tmp_path / "out" / "export.json"
    os.environ["STEADY_PASSPHRASE"] = PASS
    try:
        code = main(["export", "--db", str(db), "--profile", "Ana", "--format", "json",
                     "--out", str(out)])
    finally:
        os.environ.pop("STEADY_PASSPHRASE")
    assert code == 0
    assert _mode(out) == 0o600
