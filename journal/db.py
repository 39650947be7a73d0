"""Opening the journal's DuckDB file safely.

Why: a person's years of writing live in one file. Opening must never damage a file that is
not ours, and every way opening can fail (locked, foreign, unwritable, too new) must become one
clear sentence instead of a traceback.
"""

from __future__ import annotations

import os
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from .errors import DatabaseUnavailable
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
            parent.mkdir(parents=True, exist_ok=True)
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
    path: Path | str | None = None, *, read_only: bool = False
) -> duckdb.DuckDBPyConnection:
    """Open (creating if needed) and migrate the journal; raise DatabaseUnavailable kindly."""
    target = Path(path) if path is not None else db_path()
    if str(target) != ":memory:":
        _check_file(target)
    try:
        con = duckdb.connect(str(target), read_only=read_only)
    except duckdb.Error as err:
        raise DatabaseUnavailable(_explain(err, target)) from err
    try:
        if not read_only:
            migrate(con)
    except BaseException:
        con.close()
        raise
    return con


def _explain(err: Exception, target: Path) -> str:
    """Turn DuckDB's open errors into one sentence a person can act on."""
    text = str(err)
    if "lock" in text.lower():
        return (
            f"Your journal ({target}) is open in another Steady window or program right now. "
            "Close that one first, then try again. Nothing was changed."
        )
    if "not a valid" in text.lower() or "magic" in text.lower() or "version" in text.lower():
        return (
            f"{target} isn't a journal this version of Steady can open, so it was left "
            "untouched."
        )
    if "permission" in text.lower() or "read-only" in text.lower():
        return f"Steady isn't allowed to write to {target}. Check the file's permissions."
    return f"Steady couldn't open your journal at {target}. Nothing was changed. ({text})"
