"""Time to come back: one's own median time from a hard moment to its repair, by month.

Why its own small module: Trends and Repair both draw it, and Trends shouldn't have to load
the rest of the together-features to do so.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from journal import repair
from journal.profiles import Account
from pages._shared import load


def come_back_section(con: Any, account: Account) -> None:
    """A chart of the person's own practice only; never a comparison with anyone."""
    months = load(lambda: repair.time_to_come_back(con, account))
    if not months:
        return
    st.subheader("Time to come back", anchor=False)
    st.caption("Your own median time from a hard moment to starting its repair. "
               "Coming back sooner is the growth; nobody else is on this chart.")
    st.altair_chart(repair.come_back_chart(months))
    st.text(repair.come_back_reading(months))
