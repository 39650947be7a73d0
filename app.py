"""Steady: entry point. Page config, the sign-in gate, and navigation over the page table."""

from __future__ import annotations

import streamlit as st

from pages._lock import guard, lock_now, sign_out
from pages._navigation import PAGES
from pages._shared import layout_css, sign_in_form, storage_guard

st.set_page_config(page_title="Steady", page_icon="🌿", layout="centered")
layout_css()


account = guard()  # resumes after a refresh, locks when idle (pages/_lock.py)
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
    storage_guard(sign_in_form)
else:
    with st.sidebar:
        st.caption("Signed in as")
        st.text(account.name)
        st.button("Lock now", on_click=lock_now, key="lock_now")
        st.button("Sign out", on_click=sign_out, key="sign_out")
    storage_guard(nav.run)
