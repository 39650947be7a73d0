"""UI plumbing shared by pages: the one DuckDB connection, the sign-in gate, friendly errors.

Why: pages stay thin (layout only); everything about connections and preconditions is here,
and the domain (journal/) never imports Streamlit.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from contextlib import suppress
from datetime import date
from typing import TypeVar

import duckdb
import streamlit as st

from journal import profiles, timeutil
from journal.compaction import SharedConnection
from journal.db import connect, db_path, describe
from journal.errors import JournalError
from journal.profiles import Account
from pages import _keys as K
from pages._inert import no_autolink
from pages._lock import client

T = TypeVar("T")


@st.cache_resource(show_spinner=False)
def _connection(path: str) -> SharedConnection:
    """One connection per process and file (DuckDB allows a single process per file); a
    removal rewrites the file through it and every session carries on (journal.compaction)."""
    return SharedConnection(path, connect)


def shared_connection() -> SharedConnection:
    """The process's one connection holder (for rewriting the file after a removal)."""
    return _connection(str(db_path()))


def cursor() -> duckdb.DuckDBPyConnection:
    """A cursor for this script run, or a clear message and stop if the file can't be opened."""
    try:
        return _connection(str(db_path())).cursor()  # type: ignore[return-value]
    except JournalError as err:
        say("error", str(err), icon="🔒")
        st.stop()
        raise  # unreachable; st.stop raises


def _sign_in(create: bool) -> None:
    """Form callback: create a profile or sign in; errors stay on the form."""
    name = st.session_state.get(K.SIGNIN_NAME, "")
    passphrase = st.session_state.get(K.SIGNIN_PASS, "")

    def open_profile() -> Account:
        return profiles.open_session(cursor(), name, passphrase, create=create,
                                     client=client())

    welcome = (lambda a: f"Welcome, {a.name}. Your journal is ready.") if create else None
    account = act(open_profile, success=welcome)
    if account is None:
        return
    st.session_state[K.SIGNIN_PASS] = ""
    st.session_state[K.ACCOUNT] = account
    _in_background(account, cursor(), timeutil.today(timezone()))


def _prepare_charts(account: Account | None, con: object = None, today: date | None = None
                    ) -> None:
    """Load Altair and its schema; once signed in, build and cache Trends' opening view.

    Why in the background: on a busy machine the first chart after a server start waited
    seconds for these (benchmarks/browser.py). The import is here, not at the top, so the
    sign-in page never waits for Altair. A failure only means the page builds it itself.
    """
    from journal.charts import trends as charts

    with suppress(Exception):
        charts.warm_schema()
        if account is not None and today is not None:
            charts.warm_view(con, account, today)  # type: ignore[arg-type]


def _in_background(*args: object) -> threading.Thread:
    thread = threading.Thread(target=_prepare_charts, args=args, daemon=True,
                              name="steady-warm-charts")
    thread.start()
    return thread


@st.cache_resource(show_spinner=False)
def _warm_at_start() -> threading.Thread:
    """Once per server process, when its first sign-in page is drawn."""
    return _in_background(None)


def storage_guard(run: Callable[[], object]) -> None:
    """Run a whole page; a fault of the journal file that no action caught becomes one sentence.

    Why here: a damaged block can surface in any query a page draws from; the person sees what
    to do (restore a backup, free disk space, stop the other Steady), never a traceback.
    """
    try:
        run()
    except (duckdb.Error, OSError) as err:
        say("error", describe(err), icon="🔒")


def sign_in_form() -> None:
    """The only thing shown without a profile: sign in or create one."""
    cursor()  # a locked or foreign database file is explained here, before anything else
    _warm_at_start()
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
    except (duckdb.Error, OSError) as err:   # the file itself: damaged, full, read-only, locked
        return None, describe(err)


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
    st.session_state[K.LAST_FLASH] = (slot, kind, text)


def repeat_flash() -> None:
    """Queue the last message again: the second click of a double click does nothing, and
    without this its rerun would take away the message the first click earned."""
    last = st.session_state.get(K.LAST_FLASH)
    if last:
        slot, kind, text = last
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
    """Escape Markdown so user words in labels and captions show exactly as typed, inert:
    no formatting and no links, not even bare URLs (pages/_inert.py)."""
    escaped = "".join("\\" + ch if ch in _MD_SPECIAL else ch for ch in text)
    return no_autolink(_LINE_START_HASH.sub(r"\1\\#", escaped))


# Phone widths (390 px and up): nothing wider than the screen, controls big enough for a thumb
# (44 px, Apple's and WCAG's comfortable target), 16 px text in fields so phones don't zoom in on
# focus, and wrapping instead of sideways scrolling. Streamlit already stacks columns under 640 px.
_LAYOUT_CSS = """
<style>
@media (max-width: 640px) {
  [data-testid="stMainBlockContainer"] { padding-left: 1rem; padding-right: 1rem;
                                         padding-top: 3.5rem; }
  [data-testid="stMain"] [data-testid^="stBaseButton"],
  [data-testid="stSidebar"] [data-testid^="stBaseButton"] { min-height: 44px; }
  [data-testid="stMain"] [data-testid="stButtonGroup"] button,
  [data-testid="stSidebarNavLink"] { min-height: 44px; }
  [data-testid="stExpandSidebarButton"], [data-testid="stSidebarCollapseButton"] button {
    min-width: 44px; min-height: 44px; }
  [data-testid="stMain"] input, [data-testid="stMain"] textarea { font-size: 16px; }
  [data-testid="stMain"] [data-baseweb="select"] > div { min-height: 44px; }
  [data-testid="stMain"] [data-testid="stExpander"] summary { min-height: 44px; }
  [data-testid="stMain"] [data-testid="stMarkdownContainer"],
  [data-testid="stMain"] [data-testid="stCaptionContainer"] { overflow-wrap: anywhere; }
  [data-testid="stMain"] [data-testid="stVegaLiteChart"] { max-width: 100%; overflow: hidden; }
  [data-testid="stMain"] [data-testid="stButtonGroup"] > div { flex-wrap: wrap; }
}
</style>
"""


def layout_css() -> None:
    """The app's one stylesheet (phone layout), drawn once per run by app.py."""
    st.html(_LAYOUT_CSS)


def locale() -> str | None:
    """The browser's language tag ("en-US"), if it told us: dates follow it (journal.timeutil)."""
    try:
        return st.context.locale
    except Exception:  # noqa: BLE001 - not available in some test contexts
        return None


def date_format() -> str:
    """The st.date_input `format` for the browser's locale, the same on every page."""
    return timeutil.input_format(locale())


def timezone() -> str | None:
    """The browser's IANA time zone, if it told us."""
    try:
        return st.context.timezone
    except Exception:  # noqa: BLE001 - not available in some test contexts
        return None
