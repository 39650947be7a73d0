"""Sign-in throttle: slows guessing without letting a guesser lock the owner out.

Why it looks like this (issue 8, item 7):

* Failures are counted per (name, client), not per name. "Client" is the network address the
  attempt came from ("local" for this machine). Someone on the Wi-Fi guessing at "Ana" slows only
  their own guesses; Ana on her phone or laptop is not made to wait by them at all.
* Waits are capped at `MAX_WAIT_SECONDS` (60): even when the guesser and the owner share a
  client (the same household laptop), the owner waits at most a minute after the guessing
  stops. The cap still limits one client to about one guess a minute (1,440 a day), which the
  strength check (journal.passphrase) makes hopeless.
* Check and record are one step: under a per-(name, client) lock the wait is checked and the
  attempt is recorded as a failure *before* the passphrase is checked (a crash mid-check still
  counts); success removes it. Eight parallel guesses therefore see each other's records.
* At most `MAX_CHECKS` argon2 checks run at once (each costs ~64 MiB); the rest wait up to
  `BUSY_SECONDS` and then get a kind "busy, try again" that counts against no one.
* Records older than `FAILURE_WINDOW` are deleted whenever the throttle is consulted, so
  guesses at random names don't pile up. They survive a restart only for that window.
"""

from __future__ import annotations

import threading
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta

import duckdb

from .db import utcnow
from .errors import SignInBusy, SignInFailed

FREE_FAILURES = 3               # tries before any waiting
MAX_WAIT_SECONDS = 60           # never more than a minute, whoever is guessing
FAILURE_WINDOW = timedelta(minutes=15)
MAX_CHECKS = 3                  # argon2 checks at once (memory bound)
BUSY_SECONDS = 5.0              # how long an attempt waits for a free check slot
LOCAL_CLIENT = "local"

_CHECKS = threading.BoundedSemaphore(MAX_CHECKS)
# Striped locks: bounded memory however many names are tried; one key always maps to one lock.
_LOCKS = [threading.Lock() for _ in range(64)]

_BUSY = "Steady is busy checking other sign-ins. Please try again in a moment."


def _lock_for(key: str, client: str) -> threading.Lock:
    return _LOCKS[zlib.crc32(f"{key}\x1f{client}".encode()) % len(_LOCKS)]


def wait_for(failures: int) -> int:
    """Seconds to wait after `failures` recent failures: 0,0,0 then 2,4,8,16,32, then 60."""
    if failures < FREE_FAILURES:
        return 0
    return min(2 ** (failures - FREE_FAILURES + 1), MAX_WAIT_SECONDS)


def purge(con: duckdb.DuckDBPyConnection, now: datetime) -> None:
    """Forget failures older than the window (any name), so the table stays small."""
    con.execute("DELETE FROM sign_in_failures WHERE failed_utc <= ?", [now - FAILURE_WINDOW])


def wait_seconds(
    con: duckdb.DuckDBPyConnection, key: str, client: str = LOCAL_CLIENT,
    now: datetime | None = None,
) -> int:
    """Seconds this client must wait before trying this name again (0 = may try now)."""
    now = now or utcnow()
    rows = con.execute(
        "SELECT failed_utc FROM sign_in_failures WHERE name_key = ? AND client = ? "
        "AND failed_utc > ? ORDER BY failed_utc",
        [key, client, now - FAILURE_WINDOW],
    ).fetchall()
    wait = wait_for(len(rows))
    if not wait:
        return 0
    ready_at = rows[-1][0] + timedelta(seconds=wait)
    return max(0, int((ready_at - now).total_seconds() + 0.999))


@dataclass
class Attempt:
    """One recorded attempt; call `succeeded()` once the passphrase proved right."""

    con: duckdb.DuckDBPyConnection
    key: str
    client: str

    def succeeded(self) -> None:
        """The right passphrase: clear this client's failures for this name."""
        self.con.execute(
            "DELETE FROM sign_in_failures WHERE name_key = ? AND client = ?",
            [self.key, self.client],
        )


@contextmanager
def check_slot() -> Iterator[None]:
    """Hold one of the few argon2 check slots, or say kindly that Steady is busy."""
    if not _CHECKS.acquire(timeout=BUSY_SECONDS):
        raise SignInBusy(_BUSY)
    try:
        yield
    finally:
        _CHECKS.release()


@contextmanager
def attempt(
    con: duckdb.DuckDBPyConnection, key: str, client: str = LOCAL_CLIENT,
    now: datetime | None = None,
) -> Iterator[Attempt]:
    """Check the wait, record the attempt, hold a check slot; the body verifies the passphrase.

    Raises SignInFailed (with the wait) or SignInBusy before the body runs.
    """
    now = now or utcnow()
    lock = _lock_for(key, client)
    if not lock.acquire(timeout=BUSY_SECONDS):
        raise SignInBusy(_BUSY)
    try:
        purge(con, now)
        wait = wait_seconds(con, key, client, now)
        if wait:
            raise SignInFailed(
                f"Too many tries for now. Please wait {wait} seconds and try again."
            )
        with check_slot():
            con.execute(
                "INSERT INTO sign_in_failures (name_key, failed_utc, client) VALUES (?, ?, ?)",
                [key, now, client],
            )
            yield Attempt(con, key, client)
    finally:
        lock.release()
