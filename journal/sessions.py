"""Server-side sign-in sessions: a browser refresh resumes, idleness locks.

Why: a refresh starts a new Streamlit session, which would ask for the passphrase again; but
keeping the passphrase or any key in the browser would let anyone with the browser profile
open the journal. So the browser holds only a random token (a cookie); the unlocked account
stays in this process's memory under the token's SHA-256, and is forgotten when the person
locks, signs out, stays idle past the setting, or the server stops. A token is bound to the
client address it was issued to, so a copied cookie does not work from another machine.
"""

from __future__ import annotations

import hashlib
import os
import secrets
import threading
import time
from dataclasses import dataclass
from typing import Any

IDLE_ENV = "STEADY_IDLE_MINUTES"
DEFAULT_IDLE_MINUTES = 15.0
MAX_AGE_SECONDS = 12 * 3600     # even an active session asks again after half a day


def idle_seconds() -> float:
    """The idle lock in seconds: STEADY_IDLE_MINUTES (minutes, may be fractional), default 15."""
    raw = os.environ.get(IDLE_ENV, "").strip()
    try:
        minutes = float(raw) if raw else DEFAULT_IDLE_MINUTES
    except ValueError:
        minutes = DEFAULT_IDLE_MINUTES
    return max(minutes, 0.05) * 60


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


@dataclass
class _Live:
    account: Any
    client: str
    started: float
    last_seen: float


class SessionStore:
    """Token -> unlocked account, in memory only; every method sweeps out expired sessions."""

    def __init__(self) -> None:
        self._live: dict[str, _Live] = {}
        self._lock = threading.Lock()

    def _sweep(self, idle: float, now: float) -> None:
        dead = [d for d, s in self._live.items()
                if now - s.last_seen > idle or now - s.started > MAX_AGE_SECONDS]
        for digest in dead:
            del self._live[digest]

    def open(self, account: Any, client: str, now: float | None = None) -> str:
        """A new random token for this unlocked account (the only thing the browser gets)."""
        token = secrets.token_urlsafe(32)
        moment = time.time() if now is None else now
        with self._lock:
            self._live[_digest(token)] = _Live(account, client, moment, moment)
        return token

    def touch(self, token: str, idle: float, now: float | None = None) -> bool:
        """Mark activity; False if the session has ended (locked, idle or too old)."""
        moment = time.time() if now is None else now
        with self._lock:
            self._sweep(idle, moment)
            live = self._live.get(_digest(token))
            if live is None:
                return False
            live.last_seen = moment
            return True

    def alive(self, token: str, idle: float, now: float | None = None) -> bool:
        """Whether the session is still open, without counting this as activity."""
        moment = time.time() if now is None else now
        with self._lock:
            self._sweep(idle, moment)
            return _digest(token) in self._live

    def resume(self, token: str, client: str, idle: float, now: float | None = None) -> Any:
        """The account behind a token from the same client (after a refresh), else None."""
        moment = time.time() if now is None else now
        with self._lock:
            self._sweep(idle, moment)
            live = self._live.get(_digest(token or ""))
            if live is None or not secrets.compare_digest(live.client, client):
                return None
            live.last_seen = moment
            return live.account

    def rekey(self, token: str | None, account: Any) -> None:
        """After a passphrase change: this session gets the account with its new keys, and
        every other session of that profile ends (it holds keys that open nothing now)."""
        with self._lock:
            mine = self._live.get(_digest(token)) if token else None
            for digest, live in list(self._live.items()):
                if getattr(live.account, "id", None) == getattr(account, "id", object()):
                    del self._live[digest]
            if token and mine is not None:
                mine.account = account
                self._live[_digest(token)] = mine

    def close(self, token: str | None) -> None:
        """Forget a session (lock, sign out): its token opens nothing any more."""
        if token:
            with self._lock:
                self._live.pop(_digest(token), None)

    def __len__(self) -> int:
        return len(self._live)
