"""Shared with me: what partners chose to share, newest first; mirror it back before replying."""

from __future__ import annotations

import streamlit as st

from journal.charts import shared as shared_charts
from journal.sharing import choices, insights, mirrors, partners
from pages import _keys as K
from pages._insight import show_insight, show_mirror
from pages._shared import (
    act,
    cursor,
    load,
    plain,
    repeat_flash,
    require_account,
    show_flash,
    timezone,
)
from pages._together import received as together_received

account = require_account()
con = cursor()
tz = timezone()
ss = st.session_state


def _when(utc) -> str:
    return f"{choices.local_time(utc, tz):%a %d %b %Y, %H:%M}"


def _gen() -> int:
    return int(ss.get(K.SW_GEN, 0))


def _key(prefix: str, insight_id: int) -> str:
    """A mirror box's key in this generation: after sending, the browser draws new, empty ones."""
    return f"{prefix}{insight_id}" + (f"_{_gen()}" if _gen() else "")


def _send(insight_id: int, sharer: str, gen: int) -> None:
    if gen != _gen():
        repeat_flash()  # the second click of a double click: the first one sent it
        return
    if act(lambda: mirrors.send_mirror(cursor(), account, insight_id,
                                       ss.get(_key(K.SW_HEAR_PREFIX, insight_id), ""),
                                       ss.get(_key(K.SW_SENSE_PREFIX, insight_id), "")),
           success=f"Sent. {sharer} will tell you whether you got it.") is None:
        return
    ss[K.SW_GEN] = _gen() + 1


st.title("Shared with me")
show_flash()
linked = load(lambda: partners.partners(con, account))
if not linked:
    st.info("Nobody shares with you yet. When you and a partner link on the Share page, what "
            "they choose to share with you appears here.")
    st.stop()

st.caption("What your partner chose to share, newest first. Before you answer, say back what "
           "you hear; they'll tell you whether you got it.")
together_received(con, account)  # pauses with a return time, promise summaries (issue 11)
names = {p.id: p.name for p in linked}
if len(linked) > 1:
    st.segmented_control("From", list(names), key=K.SW_FROM,
                         format_func=lambda i: plain(names[i]))
chosen = ss.get(K.SW_FROM)
for partner in linked:
    if chosen is not None and partner.id != chosen:
        continue
    if len(linked) > 1:
        st.subheader(plain(partner.name), anchor=False)
    items = load(lambda p=partner.id: insights.received(con, account, p))
    if not items:
        st.info(plain(f"{partner.name} hasn't shared anything with you yet."))
    for item in items:
        with st.container(border=True):
            show_insight(item.content, meta=f"Shared by {item.sharer_name} · "
                                            f"{_when(item.shared_utc)}", key=f"in_{item.id}")
            for mirror in item.mirrors:
                with st.container(border=True):
                    show_mirror(mirror, listener="you", sharer=item.sharer_name,
                                when=_when(mirror.created_utc))
            if item.can_mirror:
                with st.form(f"swm_form_{item.id}", border=False):
                    st.text_area("What I hear is…", key=_key(K.SW_HEAR_PREFIX, item.id),
                                 height=90,
                                 placeholder="It sounds like… Say it back in your own words, "
                                             "without answering yet.")
                    st.text_area("What makes sense to me about it (optional)",
                                 key=_key(K.SW_SENSE_PREFIX, item.id), height=68)
                    st.form_submit_button(
                        "Send my mirror" if not item.mirrors else "Try again",
                        on_click=_send, args=(item.id, item.sharer_name, _gen()))
            elif not item.understood:
                st.caption(plain(f"Your mirror is with {item.sharer_name}; they'll say whether "
                                 "you got it."))

practice = load(lambda: mirrors.listening_practice(con, account))
if practice:
    st.markdown("**My listening practice**")
    st.altair_chart(shared_charts.listening_chart(practice), width="stretch")
    st.caption(shared_charts.listening_reading(practice) + " Only your own mirrors are counted "
               "here, never how anyone else listens.")
