"""Lock and resume: idle lock, "Lock now", and staying signed in across a browser refresh.

Why: a journal left open on a shared laptop is read by whoever sits down next, so it locks
itself after STEADY_IDLE_MINUTES (default 15) without activity, and "Lock now" closes it at
once. A refresh must not ask for the passphrase again, yet neither the passphrase nor any key
may reach the browser: the browser keeps only a random token in a cookie (SameSite=Strict,
Secure over HTTPS), and the unlocked account stays in server memory (journal.sessions).
A cookie is chosen over a query parameter because a token in the URL would leak through
history, bookmarks and screenshots. Locking deletes the token on the server; the cookie is
then worthless even if it lingers.
"""

from __future__ import annotations

import streamlit as st

from journal.profiles import Account
from journal.sessions import SessionStore, idle_seconds
from journal.throttle import LOCAL_CLIENT
from pages import _keys as K

COOKIE = "steady_session"
_COOKIE_JS = """
export default function (component) {
  const { data, setTriggerValue } = component;
  const secure = window.location.protocol === "https:" ? "; Secure" : "";
  const attributes = "; Path=/; SameSite=Strict" + secure;
  const raw = data && typeof data.token === "string" ? data.token : "";
  const token = raw.replace(/[^A-Za-z0-9_-]/g, "");
  document.cookie = token ? "steady_session=" + token + attributes
                          : "steady_session=" + attributes + "; Max-Age=0";
  if (window.steadyIdleTimer) clearTimeout(window.steadyIdleTimer);
  if (token && data.idle_ms > 0) {
    // Ask the server to look again once the idle time has passed since this run.
    window.steadyIdleTimer = setTimeout(() => setTriggerValue("idle", Date.now()),
                                        data.idle_ms + 1000);
  }
}
"""
_cookie = st.components.v2.component("steady_session_cookie", js=_COOKIE_JS)
IDLE_MESSAGE = ("Steady locked itself after a while without activity, so no one else can read "
                "your journal here. Sign in to carry on; your draft is kept.")


@st.cache_resource(show_spinner=False)
def _store() -> SessionStore:
    """One in-memory session table per server process (emptied when it stops)."""
    return SessionStore()


def client() -> str:
    """Where this browser connects from; "local" for this machine (sign-in throttle, tokens)."""
    try:
        address = st.context.ip_address
    except Exception:  # noqa: BLE001 - not available in some test contexts
        return LOCAL_CLIENT
    return address if isinstance(address, str) and address else LOCAL_CLIENT


def _cookie_from_browser() -> str | None:
    try:
        token = st.context.cookies.get(COOKIE)
    except Exception:  # noqa: BLE001 - AppTest has no request
        return None
    return token if isinstance(token, str) and token else None


def _idle_tick() -> None:
    """The browser's idle timer fired: check the session without counting it as activity."""
    st.session_state[K.IDLE_TICK] = True


def _mount_cookie(token: str | None, idle: float = 0.0) -> None:
    """Tell the browser to keep (token) or drop (None) its session cookie, and start its idle
    timer; draws nothing. `run` changes every run so the timer restarts with each activity."""
    run = st.session_state.get(K.SESSION_RUNS, 0) + 1
    st.session_state[K.SESSION_RUNS] = run
    _cookie(key="steady_session_cookie", height=0, on_idle_change=_idle_tick,
            data={"token": token or "", "idle_ms": int(idle * 1000), "run": run})


def _end(message: str | None) -> None:
    """Forget the session on the server and everything this browser session held."""
    _store().close(st.session_state.get(K.SESSION_TOKEN))
    account = st.session_state.get(K.ACCOUNT)
    for key in list(st.session_state.keys()):
        del st.session_state[key]
    st.session_state[K.COOKIE_CLEAR] = True
    if message:
        if isinstance(account, Account):
            st.session_state[K.SIGNIN_NAME] = account.name
        st.session_state[K.FLASH] = ("info", message)


def rekey(account: Account) -> None:
    """After a passphrase change: keep this session with the new keys; end the profile's
    other sessions (they lock at their next run)."""
    st.session_state[K.ACCOUNT] = account
    _store().rekey(st.session_state.get(K.SESSION_TOKEN), account)


def lock_now() -> None:
    """Button callback: close the journal now; the name stays filled in for coming back."""
    _end("Locked. Your journal is closed until you sign in again.")


def sign_out() -> None:
    """Button callback: close the journal and forget the name too."""
    _end(None)


def still_here() -> None:
    """Activity seen outside a full run (Write's typing reports, which rerun only a fragment):
    keep the session from locking while the person types. An ended session stays ended."""
    token = st.session_state.get(K.SESSION_TOKEN)
    if token:
        _store().touch(token, idle_seconds())


def _keep(account: Account) -> Account | None:
    """A signed-in run: count it as activity, or lock if the session already ended."""
    store, idle = _store(), idle_seconds()
    token = st.session_state.get(K.SESSION_TOKEN)
    timer = st.session_state.pop(K.IDLE_TICK, False)
    if token is None:
        token = st.session_state[K.SESSION_TOKEN] = store.open(account, client())
    elif not (store.alive(token, idle) if timer else store.touch(token, idle)):
        _end(IDLE_MESSAGE)
        _mount_cookie(None)
        return None
    with st.sidebar:
        _mount_cookie(token, idle)
    return account


def guard() -> Account | None:
    """Run first on every full run: the signed-in account (resumed after a refresh) or None."""
    account = st.session_state.get(K.ACCOUNT)
    if isinstance(account, Account):
        return _keep(account)
    token = _cookie_from_browser()
    if token:
        resumed = _store().resume(token, client(), idle_seconds())
        if isinstance(resumed, Account):
            st.session_state[K.ACCOUNT] = resumed
            st.session_state[K.SESSION_TOKEN] = token
            return _keep(resumed)
        st.session_state[K.COOKIE_CLEAR] = True
    if st.session_state.pop(K.COOKIE_CLEAR, False):
        _mount_cookie(None)
    return None
