"""Opening the journal's DuckDB file safely.

Why: a person's years of writing live in one file. Opening must never damage a file that is
not ours, and every way opening can fail (locked, foreign, unwritable, too new) must become one
clear sentence instead of a traceback.
"""

from __future__ import annotations

import errno
import os
import random
import re
import time
import weakref
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import TypeVar

import duckdb

from . import filemodes
from .errors import DatabaseUnavailable, StorageFault
from .migrations import migrate

DEFAULT_DB = Path("data") / "journal.duckdb"
_DUCKDB_MAGIC = b"DUCK"  # bytes 8..12 of every DuckDB database file


def db_path() -> Path:
    """The database path: `JOURNAL_DB` if set, else data/journal.duckdb."""
    return Path(os.environ.get("JOURNAL_DB") or DEFAULT_DB)


def utcnow() -> datetime:
    """Naive UTC now; every TIMESTAMP column stores UTC without a zone."""
    return datetime.now(UTC).replace(tzinfo=None)


# Open transaction() depth per connection object. DuckDB cursors (`con.cursor()`) are separate
# objects with their own transactions, so depth is kept per object given, and forgotten with it.
_DEPTH: weakref.WeakKeyDictionary[object, int] = weakref.WeakKeyDictionary()


@contextmanager
def transaction(con: duckdb.DuckDBPyConnection) -> Iterator[duckdb.DuckDBPyConnection]:
    """All of the block's writes or none: COMMIT on success, ROLLBACK on any exception.

    Blocks nest, so use cases compose: only the outermost block on a connection issues
    BEGIN/COMMIT/ROLLBACK; inner blocks just run inside it. DuckDB has no savepoints, so an
    exception leaving an inner block rolls back the whole outer transaction.
    """
    depth = _DEPTH.get(con, 0)
    if depth:
        _DEPTH[con] = depth + 1
        try:
            yield con
        finally:
            _DEPTH[con] = depth
        return
    con.execute("BEGIN TRANSACTION")
    _DEPTH[con] = 1
    try:
        try:
            yield con
        except BaseException as err:
            _rollback_quietly(con, err)
            raise
        # A failed COMMIT already ended the transaction in DuckDB: its error propagates as is.
        con.execute("COMMIT")
    finally:
        _DEPTH.pop(con, None)


def _rollback_quietly(con: duckdb.DuckDBPyConnection, original: BaseException) -> None:
    """Undo the open transaction without letting a failing ROLLBACK hide the original error."""
    try:
        con.execute("ROLLBACK")
    except Exception as err:  # noqa: BLE001 (the original error is the one to report)
        original.add_note(f"(The rollback also failed: {err})")


def _check_file(path: Path) -> None:
    """Refuse files that exist but are not DuckDB databases, before DuckDB touches them."""
    if path.is_dir():
        raise DatabaseUnavailable(
            f"{path} is a folder, not a journal file. Set JOURNAL_DB to a file path."
        )
    if not path.exists():
        parent = path.parent if str(path.parent) else Path(".")
        try:
            filemodes.make_dir(parent)
        except OSError as err:
            raise DatabaseUnavailable(
                f"Steady can't create the folder {parent} for your journal ({err.strerror}). "
                "Choose another place with JOURNAL_DB."
            ) from err
        if not os.access(parent, os.W_OK):
            raise DatabaseUnavailable(
                f"Steady can't write to the folder {parent}, so it can't keep your journal "
                "there. Choose another place with JOURNAL_DB."
            )
        return
    try:
        with path.open("rb") as fh:
            head = fh.read(12)
    except OSError as err:
        raise DatabaseUnavailable(
            f"Steady can't read {path} ({err.strerror}). Check the file's permissions."
        ) from err
    if len(head) < 12 or head[8:12] != _DUCKDB_MAGIC:
        raise DatabaseUnavailable(
            f"{path} isn't a Steady journal (it is some other kind of file), so Steady left "
            "it untouched. Point JOURNAL_DB at your journal file or at a new file name."
        )


def connect(
    path: Path | str | None = None, *, read_only: bool = False, must_exist: bool = False
) -> duckdb.DuckDBPyConnection:
    """Open (creating if needed) and migrate the journal; raise DatabaseUnavailable kindly.

    `must_exist` refuses a missing file instead of creating one (signing in to an existing
    profile must never leave an empty journal behind).
    """
    target = Path(path) if path is not None else db_path()
    if str(target) != ":memory:":
        if must_exist and not target.exists():
            raise DatabaseUnavailable(
                f"There is no journal at {target}. Check the path, or create a profile there "
                "first with `python -m journal profile create`."
            )
        filemodes.private_umask()  # the WAL DuckDB creates later must be owner-only too
        _check_file(target)
    try:
        con = duckdb.connect(str(target), read_only=read_only)
    except duckdb.Error as err:
        raise DatabaseUnavailable(_explain(err, target)) from err
    if str(target) != ":memory:":
        for own in (target, target.with_name(target.name + ".wal")):
            filemodes.tighten(own)  # files made by an older Steady were 0644
        if target.parent.resolve() == DEFAULT_DB.parent.resolve():
            filemodes.tighten(target.parent, filemodes.PRIVATE_DIR)  # Steady's own folder
    try:
        if not read_only:
            migrate(con)
    except duckdb.Error as err:
        con.close()
        raise fault(err, target) from err
    except BaseException:
        con.close()
        raise
    return con


def _backups_hint(target: Path) -> str:
    """'Restore it from a backup' with the backups that exist next to the journal, newest first."""
    folder = target.resolve().parent / "backups"
    try:
        found = sorted(folder.glob("steady-backup-*.duckdb"), reverse=True) if folder.is_dir() \
            else []
    except OSError:
        found = []
    if not found:
        return (f"Restore it from a backup (none were found in {folder}) or from an export, "
                "with `python -m journal restore`.")
    names = ", ".join(p.name for p in found[:5]) + (" …" if len(found) > 5 else "")
    return (f"Restore it from a backup in {folder} ({names}) with `python -m journal restore "
            f"--db {target} --from {found[0]}`.")


_LOCKED = re.compile(r"could not set lock|conflicting lock|\block(ed)?\b.*\bfile\b|"
                     r"resource temporarily unavailable", re.IGNORECASE)
_DAMAGED = ("corrupt", "checksum", "could not read enough bytes", "not a valid duckdb",
            "invalid database", "truncated", "serialization", "failed to deserialize",
            "invalid block", "magic")
_NO_SPACE = ("no space left", "file too large", "disk full", "could not write all bytes",
             "not enough space", "out of space")
_DENIED = ("permission denied", "read-only", "read only", "operation not permitted")


def describe(err: BaseException, target: Path | str | None = None) -> str:
    """One sentence a person can act on for any failure reading or writing the journal file."""
    target = Path(target) if target is not None else db_path()
    text = str(err)
    low = text.lower()
    if isinstance(err, OSError) and err.errno in (errno.ENOSPC, errno.EFBIG):
        low += " no space left"
    if any(w in low for w in _NO_SPACE):
        return (f"The disk holding your journal ({target}) is full, so the last change was not "
                "saved. Free some disk space, then try again; everything saved before is safe.")
    if _LOCKED.search(text):
        return (f"Your journal ({target}) is open in another Steady window or program right "
                "now. Stop the other Steady first, then try again. Nothing was changed.")
    if any(w in low for w in _DAMAGED):
        return (f"Your journal file ({target}) is damaged, so Steady can't read it. "
                f"{_backups_hint(target)} The damaged file was left as it was.")
    if "version" in low:
        return (f"{target} isn't a journal this version of Steady can open, so it was left "
                "untouched.")
    if any(w in low for w in _DENIED):
        return (f"Steady isn't allowed to write to {target}, so the last change was not saved. "
                "Make the file writable again (check its permissions), then try again.")
    return (f"Steady couldn't read or write your journal at {target} ({text.splitlines()[0]}). "
            "Nothing was changed.")


def fault(err: BaseException, target: Path | str | None = None) -> StorageFault:
    """A StorageFault carrying `describe(err)`, chained to the original error."""
    out = StorageFault(describe(err, target))
    out.__cause__ = err
    return out


def _explain(err: Exception, target: Path) -> str:
    """Turn DuckDB's open errors into one sentence a person can act on."""
    return describe(err, target)


# ---------------------------------------------------------------- write-write conflicts

T = TypeVar("T")
_CONFLICT = ("conflict", "duplicate key")


def _is_conflict(err: BaseException) -> bool:
    return isinstance(err, (duckdb.TransactionException, duckdb.ConstraintException)) and any(
        w in str(err).lower() for w in _CONFLICT)


def retrying(con: duckdb.DuckDBPyConnection, work: Callable[[], T], attempts: int = 12) -> T:
    """Run `work` in one transaction, again if another session wrote the same rows meanwhile.

    Why: two sessions of one profile (a laptop and a phone) share rows such as the draft; DuckDB
    then aborts one transaction with a write-write conflict, which is safe to run again. Inside
    an outer transaction() block nothing is retried here (the whole outer block was aborted):
    the conflict propagates to whoever opened the outermost block.
    """
    if _DEPTH.get(con, 0):
        return work()
    for attempt in range(attempts):
        try:
            with transaction(con):
                return work()
        except duckdb.Error as err:
            if attempt == attempts - 1 or not _is_conflict(err):
                raise
            time.sleep(random.uniform(0.001, 0.004) * (attempt + 1))  # noqa: S311 (jitter)
    raise AssertionError("unreachable")
