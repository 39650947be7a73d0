"""Steady: entry point. Page config, the sign-in gate, and navigation over pages/."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from journal import state_keys as K
from pages._shared import sign_in_form

st.set_page_config(page_title="Steady", page_icon="🌿", layout="centered")

HERE = Path(__file__).parent
# Navigation order and titles are a contract (DESIGN.md). A page is listed once its file exists,
# so the menu only ever shows pages that work.
PAGES = [
    ("pages/write.py", "Write", ":material/edit_note:"),
    ("pages/history.py", "History", ":material/history:"),
    ("pages/trends.py", "Trends", ":material/monitoring:"),
    ("pages/milestones.py", "Milestones", ":material/flag:"),
    ("pages/weekly_review.py", "Weekly review", ":material/event_repeat:"),
    ("pages/share.py", "Share", ":material/diversity_1:"),
    ("pages/shared_with_me.py", "Shared with me", ":material/mail:"),
    ("pages/data.py", "Data", ":material/folder_managed:"),
]


def _sign_out() -> None:
    for key in list(st.session_state.keys()):
        del st.session_state[key]


account = st.session_state.get(K.ACCOUNT)
# Navigation is always declared (so a refresh on /history returns there after sign-in), but a
# page only runs once a profile is signed in; until then the sign-in form is all there is.
nav = st.navigation(
    [
        st.Page(path, title=title, icon=icon, default=(i == 0))
        for i, (path, title, icon) in enumerate(PAGES)
        if (HERE / path).exists()
    ],
    position="sidebar" if account is not None else "hidden",
)
if account is None:
    sign_in_form()
else:
    with st.sidebar:
        st.caption("Signed in as")
        st.text(account.name)
        st.button("Sign out", on_click=_sign_out, key="sign_out")
    nav.run()
