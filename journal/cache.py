"""A per-process cache of query results, keyed by the profile's data version.

Why: Streamlit reruns a whole page on every click, and DuckDB spends more time planning a
dozen small aggregation queries than reading the data. A profile's entries only change through
save, edit, delete or import, each of which changes its entry count, newest save or edit time,
or sum of ids; a key holding those is safe to reuse. Cache entry text sealed, never opened.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import TypeVar

import duckdb

from journal.account import Account

T = TypeVar("T")


class LruCache:
    """A small thread-safe least-recently-used map (Streamlit runs sessions in threads)."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._items: OrderedDict[object, object] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: object) -> object | None:
        with self._lock:
            value = self._items.get(key)
            if value is not None:
                self._items.move_to_end(key)
            return value

    def put(self, key: object, value: T) -> T:
        with self._lock:
            self._items[key] = value
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)
        return value

    def clear(self) -> None:
        with self._lock:
            self._items.clear()


def version_row(con: duckdb.DuckDBPyConnection, account: Account) -> tuple:
    """(count, first day, last day, newest save, newest edit, sum of ids, database path)."""
    row = con.execute(
        """
        SELECT count(*), min(local_date), max(local_date), max(saved_utc), max(updated_utc),
               sum(id),
               (SELECT path FROM duckdb_databases() WHERE database_name = current_database())
        FROM entries WHERE profile_id = ?
        """,
        [account.id],
    ).fetchone()
    assert row is not None
    return tuple(row)


def data_version(con: duckdb.DuckDBPyConnection, account: Account) -> tuple | None:
    """A key that changes whenever the profile's entries change; None for in-memory files."""
    count, _first, _last, saved, updated, id_sum, path = version_row(con, account)
    return (path, account.id, int(count), saved, updated, id_sum) if path else None


_shared = LruCache(256)


def cached(key: tuple, compute: Callable[[], T]) -> T:
    """compute(), reused while `key` (whose first item is a data_version) is unchanged."""
    if key[0] is None:
        return compute()
    hit = _shared.get(key)
    if hit is not None:
        return hit  # type: ignore[return-value]
    return _shared.put(key, compute())


def clear() -> None:
    """Forget everything cached (tests, benchmarks)."""
    _shared.clear()
