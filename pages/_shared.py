"""UI plumbing shared by pages: the one DuckDB connection, the sign-in gate, friendly errors.

Why: pages stay thin (layout only); everything about connections and preconditions is here,
and the domain (journal/) never imports Streamlit.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TypeVar

import duckdb
import streamlit as st

from journal import profiles
from journal.db import connect, db_path
from journal.errors import JournalError
from journal.profiles import Account
from pages import _keys as K

T = TypeVar("T")


@st.cache_resource(show_spinner=False)
def _connection(path: str) -> duckdb.DuckDBPyConnection:
    """One connection per process and file; DuckDB allows a single process per file."""
    return connect(path)


def cursor() -> duckdb.DuckDBPyConnection:
    """A cursor for this script run, or a clear message and stop if the file can't be opened."""
    try:
        return _connection(str(db_path())).cursor()
    except JournalError as err:
        say("error", str(err), icon="🔒")
        st.stop()
        raise  # unreachable; st.stop raises


def _sign_in(create: bool) -> None:
    """Form callback: create a profile or sign in; errors stay on the form."""
    name = st.session_state.get(K.SIGNIN_NAME, "")
    passphrase = st.session_state.get(K.SIGNIN_PASS, "")

    def open_profile() -> Account:
        return profiles.open_session(cursor(), name, passphrase, create=create)

    welcome = (lambda a: f"Welcome, {a.name}. Your journal is ready.") if create else None
    account = act(open_profile, success=welcome)
    if account is None:
        return
    st.session_state[K.SIGNIN_PASS] = ""
    st.session_state[K.ACCOUNT] = account


def sign_in_form() -> None:
    """The only thing shown without a profile: sign in or create one."""
    cursor()  # a locked or foreign database file is explained here, before anything else
    st.title("Steady")
    st.write(
        "A private journal for rebuilding trust, one honest entry at a time. "
        "What you write stays yours; you choose what, if anything, to share."
    )
    show_flash()
    with st.form("sign_in", border=True):
        st.text_input("Name", key=K.SIGNIN_NAME, max_chars=profiles.MAX_NAME)
        st.text_input("Passphrase", key=K.SIGNIN_PASS, type="password")
        left, right = st.columns(2)
        left.form_submit_button("Sign in", type="primary", on_click=_sign_in, args=(False,),
                                width="stretch")
        right.form_submit_button("Create profile", on_click=_sign_in, args=(True,),
                                 width="stretch")
    st.caption(
        "Your passphrase is the only key to your journal's text: it is encrypted on this "
        "device, and a forgotten passphrase can't be recovered by anyone. Keep it somewhere "
        "safe, and export your journal from the Data page from time to time."
    )


def require_account() -> Account:
    """The signed-in profile; without one, the sign-in form is shown instead of the page."""
    account = st.session_state.get(K.ACCOUNT)
    if not isinstance(account, Account):
        sign_in_form()
        st.stop()
    return account


def outcome(action: Callable[[], T]) -> tuple[T | None, str | None]:
    """(result, None), or (None, the kind message) when a domain action raised a JournalError.

    The one place pages catch domain errors; act() and load() are built on it.
    """
    try:
        return action(), None
    except JournalError as err:
        return None, str(err)


def act(action: Callable[[], T], success: str | Callable[[T], str] | None = None, *,
        kind: str = "success", slot: str = K.FLASH) -> T | None:
    """Run a domain action the person asked for (a callback): its result (True when the action
    returns nothing), or None if it failed.

    A JournalError becomes one kind message, and `success` (text, or a function of the result)
    is queued as `kind`; both show after the rerun, where the page calls show_flash(slot).
    Text is queued as typed: it is escaped once, when shown.
    """
    result, problem = outcome(action)
    if problem is not None:
        flash("error", problem, slot=slot)
        return None
    if success is not None:
        flash(kind, success(result) if callable(success) else success, slot=slot)
    return True if result is None else result


def load(action: Callable[[], T], *, stop: bool = True, kind: str = "error") -> T | None:
    """Run what the page needs to draw; on a JournalError show it kindly in place.

    Then the page stops (stop=True), or the caller gets None and skips just that part.
    """
    result, problem = outcome(action)
    if problem is not None:
        say(kind, problem)
        if stop:
            st.stop()
    return result


def flash(kind: str, text: str, *, slot: str = K.FLASH) -> None:
    """Queue a message to show after the next rerun (callbacks can't draw directly).

    `text` is plain text as it should read; show_flash escapes it.
    """
    st.session_state[slot] = (kind, text)


def show_flash(slot: str = K.FLASH) -> None:
    """Show and forget the queued message, if any."""
    item = st.session_state.pop(slot, None)
    if item:
        say(*item)


def say(kind: str, text: str, *, icon: str | None = None) -> None:
    """Show plain text as an alert ("error", "warning", "info" or "success"), escaped once.

    Messages can carry names and words people chose (a partner's profile name, a custom
    trigger, a file's contents): escaping keeps them from becoming links, images or emphasis.
    """
    alert = {"error": st.error, "warning": st.warning, "success": st.success}.get(kind, st.info)
    alert(plain(text), icon=icon)


# Characters that can start emphasis, code, links, HTML, tables, maths or directives. Others are
# inert without these ("(" only makes a link after "]", "!" an image before "["), so they are
# left alone and read naturally in the Markdown source too; "#" only matters at a line start.
_MD_SPECIAL = "\\`*_{}[]<>|~$"
_LINE_START_HASH = re.compile(r"^([ \t]*)#", re.MULTILINE)


def plain(text: str) -> str:
    """Escape Markdown so user words in labels and captions show exactly as typed, inert."""
    escaped = "".join("\\" + ch if ch in _MD_SPECIAL else ch for ch in text)
    return _LINE_START_HASH.sub(r"\1\\#", escaped)


def timezone() -> str | None:
    """The browser's IANA time zone, if it told us."""
    try:
        return st.context.timezone
    except Exception:  # noqa: BLE001 - not available in some test contexts
        return None
