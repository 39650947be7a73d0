"""Removal that removes: rewrite the journal into a fresh file and swap it in.

Why: DuckDB does not wipe freed blocks. After a delete, `CHECKPOINT` and even `VACUUM`, the
removed row's sealed text is still in the file's bytes, and whoever holds a key that opens it (a
partner for what was shared to them, an old passphrase for what was sealed before a change) can
read it back. `COPY FROM DATABASE` into a new file writes only live rows, so after each removal
the journal is copied, the copy is made durable (fsync), and it replaces the original with one
`os.replace`. The old WAL goes with it.

While the app runs, the file is open in its one shared connection: `SharedConnection` owns that
connection, hands out `Cursor`s that follow it across a swap, and swaps only when no statement
is running and no transaction is open (new ones wait a moment), so other sessions carry on with
their next statement on the new file. `compact_file()` does the same for a file nobody has open
(command line, tests).
"""

from __future__ import annotations

import os
import secrets
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb

from journal import filemodes

_TX_OPEN = ("BEGIN",)
_TX_CLOSE = ("COMMIT", "ROLLBACK", "ABORT", "END")
SWAP_WAIT_SECONDS = 15.0


@dataclass(frozen=True)
class Compacted:
    """One finished rewrite: the file, its size before and after, and how long it took."""

    path: Path
    size_before: int
    size_after: int
    seconds: float


def _wal(path: Path) -> Path:
    return path.with_name(path.name + ".wal")


def _fsync_file(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return  # some file systems can't open a folder; the rename itself still happened
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def copy_live_rows(con: duckdb.DuckDBPyConnection, target: Path) -> None:
    """Write every live row, sequence and index of `con`'s database into a new file `target`."""
    target.unlink(missing_ok=True)
    _wal(target).unlink(missing_ok=True)
    alias = f"steady_compact_{secrets.token_hex(6)}"
    source = con.execute("SELECT current_database()").fetchone()
    assert source is not None
    quoted = '"' + str(source[0]).replace('"', '""') + '"'
    con.execute(f"ATTACH ? AS {alias} (READ_WRITE)", [str(target)])
    try:
        con.execute(f"COPY FROM DATABASE {quoted} TO {alias}")
        con.execute(f"CHECKPOINT {alias}")
    finally:
        con.execute(f"DETACH {alias}")
    filemodes.tighten(target)


def _staging(path: Path) -> Path:
    return path.with_name(f"{path.name}.compacting")


def _swap_in(staging: Path, path: Path) -> None:
    """Make the copy durable, put it in place of `path`, and drop the old file's WAL.

    Called only once the old file is closed: its WAL (normally gone after the close) can't be
    replayed onto the new file, and its contents are all in the copy already.
    """
    leftover = _wal(staging)
    if leftover.exists():
        raise OSError(f"The rewritten journal {staging} was not complete; it was not used.")
    _fsync_file(staging)
    _wal(path).unlink(missing_ok=True)
    os.replace(staging, path)
    filemodes.tighten(path)
    _fsync_dir(path.parent)


def _size(path: Path) -> int:
    return sum(p.stat().st_size for p in (path, _wal(path)) if p.exists())


def compact_file(path: Path | str) -> Compacted:
    """Rewrite a journal file nobody has open so its bytes hold only live rows."""
    path = Path(path)
    started, before = time.perf_counter(), _size(path)
    staging = _staging(path)
    con = duckdb.connect(str(path))
    try:
        copy_live_rows(con, staging)
    except BaseException:
        con.close()
        staging.unlink(missing_ok=True)
        raise
    con.close()
    _swap_in(staging, path)
    return Compacted(path, before, _size(path), time.perf_counter() - started)


class SharedConnection:
    """The app's one connection to a journal file, which a rewrite can swap under everyone.

    `cursor()` hands out a `Cursor` that runs each statement on the connection current at that
    moment. `compact()` waits until no statement runs and no transaction is open, blocks new
    ones, rewrites the file, reopens it, and lets everyone carry on.
    """

    def __init__(self, path: Path | str,
                 opener: Callable[[Path], duckdb.DuckDBPyConnection]) -> None:
        self.path = Path(path)
        self._opener = opener
        self._con: duckdb.DuckDBPyConnection | None = opener(self.path)
        self.generation = 0
        self._cond = threading.Condition()
        self._busy = 0          # statements running + transactions open
        self._swapping = False

    def cursor(self) -> Cursor:
        """A cursor for one script run or thread; it follows the connection across swaps."""
        return Cursor(self)

    def raw_cursor(self) -> tuple[int, duckdb.DuckDBPyConnection]:
        with self._cond:
            if self._con is None:
                self._con = self._opener(self.path)
                self.generation += 1
            return self.generation, self._con.cursor()

    @contextmanager
    def hold(self, already_holding: bool = False) -> Iterator[None]:
        """Keep a swap from starting while the block runs (waits for one in progress)."""
        self.acquire(already_holding)
        try:
            yield
        finally:
            self.release()

    def acquire(self, already_holding: bool = False) -> None:
        with self._cond:
            if not already_holding:
                self._cond.wait_for(lambda: not self._swapping)
            self._busy += 1

    def release(self) -> None:
        with self._cond:
            self._busy -= 1
            self._cond.notify_all()

    def compact(self, wait: float = SWAP_WAIT_SECONDS) -> Compacted | None:
        """Rewrite the file so it holds only live rows; None if others stayed busy too long.

        A skipped rewrite is not lost: the next one copies every live row, so it also
        removes what this one would have.
        """
        with self._cond:
            if self._swapping:
                return None
            self._swapping = True
            try:
                if not self._cond.wait_for(lambda: self._busy == 0, timeout=wait):
                    return None
                return self._rewrite()
            finally:
                self._swapping = False
                self._cond.notify_all()

    def _rewrite(self) -> Compacted:
        started, before = time.perf_counter(), _size(self.path)
        staging = _staging(self.path)
        con = self._con if self._con is not None else self._opener(self.path)
        self._con = None
        try:
            # No CHECKPOINT first: an idle cursor with an unread result keeps a transaction
            # open, which would refuse it; the copy reads the committed state, WAL included.
            copy_live_rows(con, staging)
        except BaseException:
            staging.unlink(missing_ok=True)
            self._con = con
            raise
        con.close()   # closes every cursor of the old file too
        self.generation += 1
        try:
            _swap_in(staging, self.path)
        finally:
            self._con = self._opener(self.path)
        return Compacted(self.path, before, _size(self.path), time.perf_counter() - started)

    def close(self) -> None:
        with self._cond:
            if self._con is not None:
                self._con.close()
                self._con = None
                self.generation += 1


def _first_word(sql: str) -> str:
    words = sql.lstrip().split(None, 1)
    return words[0].upper().rstrip(";") if words else ""


class Cursor:
    """A DuckDB cursor that survives a swap: each statement runs on the current connection.

    A transaction keeps the swap waiting from its BEGIN to its COMMIT or ROLLBACK, so a
    transaction never straddles two files.
    """

    def __init__(self, shared: SharedConnection) -> None:
        self._shared = shared
        self._generation = -1
        self._raw: duckdb.DuckDBPyConnection | None = None
        self._in_tx = False

    def _current(self) -> duckdb.DuckDBPyConnection:
        if self._raw is None or self._generation != self._shared.generation:
            self._generation, self._raw = self._shared.raw_cursor()
        return self._raw

    def _run(self, method: str, sql: str, *args: Any) -> Any:
        word = _first_word(sql)
        with self._shared.hold(already_holding=self._in_tx):
            try:
                result = getattr(self._current(), method)(sql, *args)
            except BaseException:
                if self._in_tx and word in _TX_CLOSE:
                    self._end_tx()
                raise
            if word in _TX_OPEN and not self._in_tx:
                self._in_tx = True
                self._shared.acquire(already_holding=True)
            elif word in _TX_CLOSE and self._in_tx:
                self._end_tx()
        return result

    def _end_tx(self) -> None:
        self._in_tx = False
        self._shared.release()

    def execute(self, sql: str, *args: Any) -> duckdb.DuckDBPyConnection:
        return self._run("execute", sql, *args)

    def executemany(self, sql: str, *args: Any) -> duckdb.DuckDBPyConnection:
        return self._run("executemany", sql, *args)

    def cursor(self) -> Cursor:
        return self._shared.cursor()

    def close(self) -> None:
        if self._in_tx:
            self._end_tx()
        if self._raw is not None and self._generation == self._shared.generation:
            self._raw.close()
        self._raw = None

    def __del__(self) -> None:
        if getattr(self, "_in_tx", False):
            self._end_tx()

    def __getattr__(self, name: str) -> Any:
        """fetchone(), fetchall(), description…: from the cursor the last statement ran on."""
        return getattr(self._current(), name)
