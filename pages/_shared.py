"""UI plumbing shared by pages: the one DuckDB connection, the sign-in gate, friendly errors.

Why: pages stay thin (layout only); everything about connections and preconditions is here,
and the domain (journal/) never imports Streamlit.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import duckdb
import streamlit as st

from journal import entries, profiles
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


def _sign_in(create: bool) -> None:
    """Form callback: create a profile or sign in; errors stay on the form."""
    name = st.session_state.get(K.SIGNIN_NAME, "")
    passphrase = st.session_state.get(K.SIGNIN_PASS, "")
    con = cursor()
    try:
        if create:
            account = profiles.create_profile(con, name, passphrase)
        else:
            account = profiles.sign_in(con, name, passphrase)
            entries.seal_plaintext_rows(con, account)
    except JournalError as err:
        flash("error", str(err))
        return
    st.session_state[K.SIGNIN_PASS] = ""
    st.session_state[K.ACCOUNT] = account
    if create:
        flash("success", f"Welcome, {account.name}. Your journal is ready.")


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


def attempt(action: Callable[[], Any], *, where: Any = None) -> Any:
    """Run a domain action; show its JournalError as one kind message instead of a traceback."""
    try:
        return action()
    except JournalError as err:
        (where or st).error(plain(str(err)))
        return None


def must(action: Callable[[], Any]) -> Any:
    """Run what the page needs to draw at all; on a JournalError show it kindly and stop."""
    try:
        return action()
    except JournalError as err:
        st.error(plain(str(err)))
        st.stop()


def flash(kind: str, text: str) -> None:
    """Queue a message to show after the next rerun (callbacks can't draw directly)."""
    st.session_state[K.FLASH] = (kind, text)


def show_flash() -> None:
    """Show and forget the queued message, if any."""
    item = st.session_state.pop(K.FLASH, None)
    if item:
        kind, text = item
        # Messages can carry names and words people chose (a partner's profile name, a
        # custom trigger): escape them so they never become links or images.
        getattr(st, kind, st.info)(plain(text))


# Characters that can start emphasis, code, links, images, HTML, tables, maths or directives.
# (".", "-", "+" and ":" only shape lists and icons, so they are left alone and read naturally.)
_MD_SPECIAL = "\\`*_{}[]<>()#!|~$"


def plain(text: str) -> str:
    """Escape Markdown so user words in labels and captions show exactly as typed, inert."""
    return "".join("\\" + ch if ch in _MD_SPECIAL else ch for ch in text)


def timezone() -> str | None:
    """The browser's IANA time zone, if it told us."""
    try:
        return st.context.timezone
    except Exception:  # noqa: BLE001 - not available in some test contexts
        return None
