"""Steady: entry point. Page config, the sign-in gate, and navigation over the page table."""

from __future__ import annotations

import streamlit as st

from pages import _keys as K
from pages._navigation import PAGES
from pages._shared import sign_in_form

st.set_page_config(page_title="Steady", page_icon="🌿", layout="centered")


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
