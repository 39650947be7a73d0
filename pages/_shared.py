"""UI plumbing shared by pages: the one DuckDB connection, the sign-in gate, friendly errors.

Why: pages stay thin (layout only); everything about connections and preconditions is here,
and the domain (journal/) never imports Streamlit.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import duckdb
import streamlit as st

from journal import state_keys as K
from journal.db import connect, db_path
from journal.errors import JournalError
from journal.profiles import Account


@st.cache_resource(show_spinner=False)
def _connection(path: str) -> duckdb.DuckDBPyConnection:
    """One connection per process and file; DuckDB allows a single process per file."""
    return connect(path)


def cursor() -> duckdb.DuckDBPyConnection:
    """A cursor for this script run, or a clear message and stop if the file can't be opened."""
    try:
        return _connection(str(db_path())).cursor()
    except JournalError as err:
        st.error(str(err), icon="🔒")
        st.stop()
        raise  # unreachable; st.stop raises


def require_account() -> Account:
    """The signed-in profile, or a gentle note and stop (every page but sign-in needs one)."""
    account = st.session_state.get(K.ACCOUNT)
    if not isinstance(account, Account):
        st.info("Please sign in to see this page.", icon="🔑")
        st.stop()
    return account


def attempt(action: Callable[[], Any], *, where: Any = None) -> Any:
    """Run a domain action; show its JournalError as one kind message instead of a traceback."""
    try:
        return action()
    except JournalError as err:
        (where or st).error(str(err))
        return None


def flash(kind: str, text: str) -> None:
    """Queue a message to show after the next rerun (callbacks can't draw directly)."""
    st.session_state[K.FLASH] = (kind, text)


def show_flash() -> None:
    """Show and forget the queued message, if any."""
    item = st.session_state.pop(K.FLASH, None)
    if item:
        kind, text = item
        getattr(st, kind, st.info)(text)


_MD_SPECIAL = "\\`*_{}[]<>()#+-.!|~:$"


def plain(text: str) -> str:
    """Escape Markdown so user words in labels and captions show exactly as typed, inert."""
    return "".join("\\" + ch if ch in _MD_SPECIAL else ch for ch in text)


def timezone() -> str | None:
    """The browser's IANA time zone, if it told us."""
    try:
        return st.context.timezone
    except Exception:  # noqa: BLE001 - not available in some test contexts
        return None
