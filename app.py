"""Steady: entry point. Page config, the sign-in gate, and navigation over pages/."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from journal import entries, profiles
from journal import state_keys as K
from journal.errors import JournalError
from pages._shared import cursor, show_flash

st.set_page_config(page_title="Steady", page_icon="🌿", layout="centered")

HERE = Path(__file__).parent
# Navigation order and titles are a contract (DESIGN.md). A page is listed once its file exists,
# so the menu only ever shows pages that work.
PAGES = [
    ("pages/write.py", "Write", "✍️"),
    ("pages/history.py", "History", "📖"),
    ("pages/trends.py", "Trends", "📈"),
    ("pages/milestones.py", "Milestones", "🏁"),
    ("pages/weekly_review.py", "Weekly review", "🗓️"),
    ("pages/share.py", "Share", "🤝"),
    ("pages/shared_with_me.py", "Shared with me", "💌"),
    ("pages/data.py", "Data", "🗄️"),
]


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
        st.session_state[K.FLASH] = ("error", str(err))
        return
    st.session_state[K.SIGNIN_PASS] = ""
    st.session_state[K.ACCOUNT] = account
    if create:
        st.session_state[K.FLASH] = ("success", f"Welcome, {account.name}. Your journal is ready.")


def sign_in_page() -> None:
    """The only page without a profile: sign in or create one."""
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


def _sign_out() -> None:
    for key in list(st.session_state.keys()):
        del st.session_state[key]


account = st.session_state.get(K.ACCOUNT)
if account is None:
    nav = st.navigation([st.Page(sign_in_page, title="Sign in", icon="🔑")], position="hidden")
else:
    nav = st.navigation(
        [
            st.Page(path, title=title, icon=icon, default=(i == 0))
            for i, (path, title, icon) in enumerate(PAGES)
            if (HERE / path).exists()
        ]
    )
    with st.sidebar:
        st.caption("Signed in as")
        st.text(account.name)
        st.button("Sign out", on_click=_sign_out, key="sign_out")
nav.run()
