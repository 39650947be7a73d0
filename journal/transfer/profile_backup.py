"""A profile's own backup: only the rows that profile may take, restorable beside the others.

Why not a copy of the whole file: two people share the journal file, and "Back up now" on one
person's Data page must not hand them a copy of the other's sealed rows (which would outlive
a later "take it back", unlink or passphrase change of the other person). So the app's backup
holds the profile's row in `profiles` and every row of every table with that `profile_id`,
nothing else. Links between two profiles (partnerships, rituals, mirrors, what a partner shared)
belong to both and are left out: restoring one person's backup must not bring back something
the other has since taken back.

How: `COPY FROM DATABASE` into a private staging file (one consistent snapshot, sequences and
indexes included), delete every other profile's rows there, then copy that file once more
(journal.compaction) so the deleted rows leave its bytes, and name it `steady-backup-p<id>-…`.
Restoring it into a journal that holds other profiles replaces only that profile's rows, in one
transaction; into an empty place it simply becomes the journal.
"""

from __future__ import annotations

import os
import secrets
from datetime import datetime
from pathlib import Path

import duckdb

from journal import filemodes
from journal.compaction import compact_file, copy_live_rows
from journal.db import connect, transaction, utcnow
from journal.transfer.backup import (
    BACKUP_PREFIX,
    BackupError,
    BackupInfo,
    RestoreInfo,
    _prepare_folder,
    inspect_backup,
    restore,
)

SCOPE_TABLE = "steady_backup_scope"
_PROFILE_TABLE = "profiles"


def profile_backup_prefix(profile_id: int) -> str:
    return f"{BACKUP_PREFIX}p{int(profile_id)}-"


def _target(folder: Path, profile_id: int, now: datetime | None) -> Path:
    stem = f"{profile_backup_prefix(profile_id)}{(now or utcnow()):%Y%m%d-%H%M%S}"
    target, n = folder / f"{stem}.duckdb", 2
    while target.exists():
        target, n = folder / f"{stem}-{n}.duckdb", n + 1
    return target


def _tables(con: duckdb.DuckDBPyConnection, database: str | None = None) -> dict[str, set[str]]:
    """Table -> column names, for the current database or an attached one."""
    rows = con.execute(
        "SELECT table_name, column_name FROM duckdb_columns() "
        "WHERE database_name = coalesce(?, current_database()) AND schema_name = 'main'",
        [database],
    ).fetchall()
    out: dict[str, set[str]] = {}
    for table, column in rows:
        out.setdefault(str(table), set()).add(str(column))
    return out


def owned_tables(con: duckdb.DuckDBPyConnection, database: str | None = None) -> list[str]:
    """Tables whose rows belong to one profile: every table with a `profile_id` column."""
    return sorted(t for t, cols in _tables(con, database).items()
                  if "profile_id" in cols and t != SCOPE_TABLE)


def _keep_only(con: duckdb.DuckDBPyConnection, profile_id: int) -> None:
    """In a copy of the journal, delete everything that is not this profile's own."""
    owned = set(owned_tables(con))
    with transaction(con):
        for table in _tables(con):
            if table in ("schema_migrations",):
                continue
            name = '"' + table.replace('"', '""') + '"'
            if table == _PROFILE_TABLE:
                con.execute(f"DELETE FROM {name} WHERE id <> ?", [profile_id])  # noqa: S608
            elif table in owned:
                con.execute(f"DELETE FROM {name} "  # noqa: S608 (catalog names)
                            "WHERE profile_id IS DISTINCT FROM ?", [profile_id])
            else:
                con.execute(f"DELETE FROM {name}")  # noqa: S608 (catalog names)
        con.execute(f"CREATE TABLE {SCOPE_TABLE} (profile_id INTEGER, made_utc TIMESTAMP)")
        con.execute(f"INSERT INTO {SCOPE_TABLE} VALUES (?, ?)",  # noqa: S608 (constant)
                    [profile_id, utcnow()])


def backup_profile(con: duckdb.DuckDBPyConnection, profile_id: int, folder: Path | str,
                   now: datetime | None = None) -> BackupInfo:
    """Write a backup holding only this profile's rows, through the app's connection `con`."""
    folder = _prepare_folder(Path(folder))
    target = _target(folder, profile_id, now)
    staging = folder / f".{target.name}.{secrets.token_hex(6)}.partial"
    try:
        copy_live_rows(con, staging)
        scratch = duckdb.connect(str(staging))
        try:
            _keep_only(scratch, profile_id)
        finally:
            scratch.close()
        compact_file(staging)     # the other profiles' deleted rows leave the bytes
        info = inspect_backup(staging)
        os.replace(staging, target)
        filemodes.tighten(target)
    except duckdb.Error as err:
        raise BackupError(f"The backup could not be written to {folder} ({err}).") from err
    finally:
        for leftover in (staging, staging.with_name(staging.name + ".wal"),
                         staging.with_name(staging.name + ".compacting")):
            leftover.unlink(missing_ok=True)
    return BackupInfo(target, target.stat().st_size, info.profiles, info.entries)


def backup_scope(path: Path | str) -> int | None:
    """The profile a backup belongs to, or None for a copy of a whole journal."""
    con = duckdb.connect(str(path), read_only=True)
    try:
        if SCOPE_TABLE not in _tables(con):
            return None
        row = con.execute(f"SELECT profile_id FROM {SCOPE_TABLE}").fetchone()  # noqa: S608
        return int(row[0]) if row else None
    finally:
        con.close()


def profile_backups(folder: Path | str, profile_id: int) -> list[Path]:
    """This profile's backups in a folder, newest first."""
    folder = Path(folder)
    if not folder.is_dir():
        return []
    return sorted(folder.glob(f"{profile_backup_prefix(profile_id)}*.duckdb"), reverse=True)


def delete_backups(folder: Path | str, profile_id: int) -> int:
    """Delete every backup of this profile in the folder; how many were deleted."""
    gone = 0
    for path in profile_backups(folder, profile_id):
        path.unlink(missing_ok=True)
        gone += 1
    return gone


def _other_profiles(db: Path, profile_id: int) -> bool:
    if not db.exists():
        return False
    con = duckdb.connect(str(db), read_only=True)
    try:
        row = con.execute("SELECT count(*) FROM profiles WHERE id <> ?", [profile_id]).fetchone()
        return bool(row and row[0])
    except duckdb.Error:
        return False
    finally:
        con.close()


def restore_any(backup: Path | str, db: Path | str, now: datetime | None = None) -> RestoreInfo:
    """Restore a backup: a profile's own backup beside the other profiles, else the whole file."""
    inspect_backup(backup)
    scope = backup_scope(backup)
    if scope is None or not _other_profiles(Path(db), scope):
        return restore(backup, db, now)
    return RestoreInfo(restore_profile(Path(backup), Path(db), scope), None)


def _merge(con: duckdb.DuckDBPyConnection, alias: str, profile_id: int) -> None:
    clash = con.execute(
        f"SELECT 1 FROM profiles p JOIN {alias}.profiles b "  # noqa: S608 (our alias)
        "ON p.name_key = b.name_key WHERE p.id <> b.id").fetchone()
    if clash:
        raise BackupError("This journal already has a different profile by the backup's name; "
                          "nothing was restored.")
    live = set(owned_tables(con))
    with transaction(con):
        for table in [_PROFILE_TABLE, *owned_tables(con, alias)]:
            if table != _PROFILE_TABLE and table not in live:
                continue
            key = "id" if table == _PROFILE_TABLE else "profile_id"
            con.execute(f'DELETE FROM "{table}" WHERE {key} = ?', [profile_id])  # noqa: S608
            con.execute(f'INSERT INTO "{table}" BY NAME '  # noqa: S608 (catalog names)
                        f'SELECT * FROM {alias}."{table}" WHERE {key} = ?', [profile_id])


def restore_profile(backup: Path, db: Path, profile_id: int) -> BackupInfo:
    """Replace one profile's rows in the journal with its backup's (app stopped)."""
    staging = db.with_name(f".{db.name}.{secrets.token_hex(6)}.restoring")
    staging.write_bytes(backup.read_bytes())
    filemodes.tighten(staging)
    try:
        connect(staging).close()            # an older backup is migrated to this version
        con = connect(db)
        alias = "steady_restore"
        try:
            con.execute(f"ATTACH ? AS {alias} (READ_ONLY)", [str(staging)])
            try:
                _merge(con, alias, profile_id)
            finally:
                con.execute(f"DETACH {alias}")
        except duckdb.Error as err:
            raise BackupError(f"The restore failed ({err}); your journal was left as it "
                              "was.") from err
        finally:
            con.close()
    finally:
        for leftover in (staging, staging.with_name(staging.name + ".wal")):
            leftover.unlink(missing_ok=True)
    compact_file(db)          # the replaced rows leave the file's bytes
    return inspect_backup(backup)
