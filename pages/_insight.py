"""How one shared insight looks, used by the Share preview and by "Shared with me".

Why one function: the preview must be *exactly* what the partner will see, so both pages draw
an insight with the same code. Every person-written string is shown as plain text (st.text) or
Markdown-escaped (plain()); nothing is rendered as HTML or as a link.
"""

from __future__ import annotations

import streamlit as st

from journal.charts.shared import safe_spec
from journal.sharing.model import InsightContent, Mirror
from pages._shared import plain


def show_insight(content: InsightContent, *, meta: str = "", key: str = "") -> None:
    """Title, chosen parts, chart snapshot and note, in that order."""
    st.markdown(f"**{plain(content.title)}**")
    if meta:
        st.caption(plain(meta))
    for part in content.parts:
        st.caption(plain(part.label))
        st.text(part.text)
    if content.chart is not None:
        st.vega_lite_chart(safe_spec(content.chart), width="stretch",
                           key=f"insight_chart_{key}" if key else None)
    if content.note:
        st.caption("A note with it")
        st.text(content.note)


def show_mirror(mirror: Mirror, *, listener: str, sharer: str, when: str) -> None:
    """One mirror and its answer, as the history both people keep."""
    if mirror.hear is None:
        st.caption(plain(f"{listener} mirrored this back ({when})."))
    else:
        st.caption(plain(f"What {listener} heard ({when})"))
        st.text(mirror.hear)
        if mirror.sense:
            st.caption(plain(f"What makes sense to {listener} about it"))
            st.text(mirror.sense)
    if mirror.verdict == "got_it":
        st.caption(plain(f"{sharer} said: “You got it.”"))
    elif mirror.verdict == "not_quite":
        st.caption(plain(f"{sharer} said: “Not quite.”"))
    if mirror.clarification:
        st.caption(plain(f"{sharer} clarified"))
        st.text(mirror.clarification)
