"""Backups and restores of the whole journal file.

Why two ways in: DuckDB lets one process hold the file. While the app runs, only the app can
read it, so the Data page asks the app's own connection to copy itself (`COPY FROM DATABASE`
into a freshly attached file: one statement, one consistent snapshot, even while other
sessions keep writing). When the app is stopped, `python -m journal backup` does the same from
the command line; if the file is locked it says to use the Data page instead.
A backup holds the same encrypted text as the journal, so it is as private as the original.
"""

from __future__ import annotations

import os
import secrets
import shutil
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import duckdb

from journal import filemodes
from journal.db import _check_file, connect, utcnow
from journal.errors import DatabaseUnavailable, JournalError
from journal.migrations import MIGRATIONS

BACKUP_PREFIX = "steady-backup-"
_LOCKED_BACKUP = (
    "Your journal ({path}) is open in the running Steady app, so a copy can't be taken from "
    "here. Use the “Back up now” button on the app's Data page (it copies through the app "
    "itself), or stop the app and run this command again."
)
_LOCKED_RESTORE = (
    "Your journal ({path}) is open in the running Steady app. Stop the app first, then run "
    "the restore again; nothing was changed."
)


class BackupError(JournalError):
    """A backup or restore that could not be done; the message says what to do instead."""


@dataclass(frozen=True)
class BackupInfo:
    """A finished backup (or a checked backup file before restoring)."""

    path: Path
    size: int
    profiles: int
    entries: int


def backup_name(now: datetime | None = None) -> str:
    """steady-backup-YYYYmmdd-HHMMSS.duckdb (UTC), sortable by name."""
    return f"{BACKUP_PREFIX}{(now or utcnow()):%Y%m%d-%H%M%S}.duckdb"


def _free_target(folder: Path, now: datetime | None) -> Path:
    target = folder / backup_name(now)
    n = 2
    while target.exists():
        target = folder / backup_name(now).replace(".duckdb", f"-{n}.duckdb")
        n += 1
    return target


def _quote_ident(name: str) -> str:
    """A DuckDB identifier in double quotes (catalog names can't be `?` parameters)."""
    return '"' + name.replace('"', '""') + '"'


def _prepare_folder(folder: Path) -> Path:
    folder = Path(folder)
    try:
        filemodes.make_dir(folder)
        filemodes.tighten(folder, filemodes.PRIVATE_DIR)  # backups/ is Steady's own folder
    except OSError as err:
        raise BackupError(f"Steady can't create the backup folder {folder} ({err.strerror}).") \
            from err
    if not os.access(folder, os.W_OK):
        raise BackupError(f"Steady can't write to the backup folder {folder}.")
    return folder


def backup_to(
    con: duckdb.DuckDBPyConnection, folder: Path | str, now: datetime | None = None
) -> BackupInfo:
    """Copy the open journal into a new file in `folder`, consistently, through `con`.

    Works on the app's shared connection while other cursors write: the copy is one statement
    and sees one snapshot. The file appears under its final name only once it is complete.
    """
    folder = _prepare_folder(Path(folder))
    target = _free_target(folder, now)
    alias = f"steady_backup_{secrets.token_hex(6)}"
    partial = target.with_name(f"{target.name}.{alias}.partial")  # two clicks never collide
    source = con.execute("SELECT current_database()").fetchone()
    assert source is not None
    try:
        con.execute(f"ATTACH ? AS {alias} (READ_WRITE)", [str(partial)])
        try:
            con.execute(f"COPY FROM DATABASE {_quote_ident(str(source[0]))} TO {alias}")
        finally:
            con.execute(f"DETACH {alias}")
        info = inspect_backup(partial)
        filemodes.tighten(partial)
        os.replace(partial, target)
    except duckdb.Error as err:
        raise BackupError(f"The backup could not be written to {folder} ({err}).") from err
    finally:
        for leftover in (partial, partial.with_name(partial.name + ".wal")):
            leftover.unlink(missing_ok=True)
    return BackupInfo(target, target.stat().st_size, info.profiles, info.entries)


def _open_raw(path: Path, locked_message: str, read_only: bool) -> duckdb.DuckDBPyConnection:
    """Open the file directly (no migrations), turning a lock into the given message."""
    _check_file(path)
    try:
        return duckdb.connect(str(path), read_only=read_only)
    except duckdb.Error as err:
        if "lock" in str(err).lower():
            raise BackupError(locked_message.format(path=path)) from err
        raise DatabaseUnavailable(f"Steady couldn't open {path} ({err}).") from err


def backup_file(db: Path | str, folder: Path | str) -> BackupInfo:
    """CLI backup while the app is stopped; a locked file gets the "use the Data page" message."""
    db = Path(db)
    if not db.exists():
        raise BackupError(f"There is no journal at {db} to back up.")
    con = _open_raw(db, _LOCKED_BACKUP, read_only=True)
    try:
        return backup_to(con, folder)
    finally:
        con.close()


def inspect_backup(path: Path | str) -> BackupInfo:
    """Check a file is a complete Steady journal this version can open; count what it holds."""
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"There is no backup file at {path}.")
    try:
        _check_file(path)
    except DatabaseUnavailable as err:
        raise BackupError(f"{path} isn't a Steady backup (it is some other kind of file).") \
            from err
    try:
        con = duckdb.connect(str(path), read_only=True)
    except duckdb.Error as err:
        raise BackupError(f"{path} can't be opened as a Steady backup ({err}).") from err
    try:
        names = {r[0] for r in con.execute(
            "SELECT table_name FROM duckdb_tables() WHERE database_name = current_database()"
        ).fetchall()}
        if not {"schema_migrations", "profiles", "entries"} <= names:
            raise BackupError(f"{path} is a database, but not a Steady journal.")
        applied = {r[0] for r in con.execute("SELECT name FROM schema_migrations").fetchall()}
        if applied - {name for name, _ in MIGRATIONS}:
            raise BackupError(
                f"{path} was made by a newer version of Steady; update Steady to restore it."
            )
        counts = con.execute(
            "SELECT (SELECT count(*) FROM profiles), (SELECT count(*) FROM entries)"
        ).fetchone()
        assert counts is not None
    except duckdb.Error as err:
        raise BackupError(f"{path} looks damaged and can't be restored ({err}).") from err
    finally:
        con.close()
    return BackupInfo(path, path.stat().st_size, int(counts[0]), int(counts[1]))


@dataclass(frozen=True)
class RestoreInfo:
    """What a restore did: the backup used and where the replaced journal was kept."""

    restored: BackupInfo
    kept_previous: Path | None


def restore(backup: Path | str, db: Path | str, now: datetime | None = None) -> RestoreInfo:
    """Replace the journal at `db` with a backup; the current file is kept aside, not deleted.

    Only while the app is stopped: the file must not be locked by another process.
    """
    info = inspect_backup(Path(backup))
    db = Path(db)
    kept: Path | None = None
    if db.exists():
        probe = _open_raw(db, _LOCKED_RESTORE, read_only=False)
        probe.close()  # folds any WAL into the file, so the kept copy is complete on its own
        kept = db.with_name(f"{db.stem}.before-restore-{(now or utcnow()):%Y%m%d-%H%M%S}"
                            f"{db.suffix}")
        os.replace(db, kept)
        wal = db.with_name(db.name + ".wal")
        if wal.exists():
            os.replace(wal, kept.with_name(kept.name + ".wal"))
    filemodes.make_dir(db.parent)
    staging = db.with_name(db.name + ".restoring")
    try:
        shutil.copyfile(info.path, staging)
        filemodes.tighten(staging)
        os.replace(staging, db)
        connect(db).close()  # migrate an older backup to this version and prove it opens
    except (OSError, JournalError) as err:
        staging.unlink(missing_ok=True)
        if kept is not None:
            os.replace(kept, db)
            kept_wal = kept.with_name(kept.name + ".wal")
            if kept_wal.exists():
                os.replace(kept_wal, db.with_name(db.name + ".wal"))
        if isinstance(err, JournalError):
            raise
        raise BackupError(f"The restore failed ({err}); your journal was left as it was.") \
            from err
    return RestoreInfo(info, kept)


def list_backups(folder: Path | str) -> list[Path]:
    """Backups in a folder, newest first."""
    folder = Path(folder)
    if not folder.is_dir():
        return []
    return sorted(folder.glob(f"{BACKUP_PREFIX}*.duckdb"), reverse=True)


def default_folder(db: Path | str) -> Path:
    """Where the Data page keeps backups: a `backups` folder next to the journal file."""
    return Path(db).resolve().parent / "backups"
