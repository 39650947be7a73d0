"""Pieces the together-pages share: the pause box, the words hint, and what partners sent.

Why here: Repair and Write both offer a pause; Shared with me and Weekly review show a few
together-items. Keeping these in one UI module keeps each edit to an existing page to one line.
Every person-written string is drawn with st.text or escaped with plain().
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import streamlit as st

from journal import agreements, checkin, clock, pauses, promises, words
from journal.profiles import Account
from journal.sharing import choices as share_choices
from journal.sharing import partners as share_partners
from pages import _keys as T
from pages._shared import act, cursor, flash, load, plain, timezone


def words_hint(texts: list[str], where: Any = None) -> None:
    """A gentle note when blaming words show up; sharing is never blocked."""
    check = words.check_words(texts)
    if check.any:
        (where or st).info(plain(check.message()), icon="💬")


def _send_pause(account: Account, partner_id: int, minutes: int | None) -> None:
    ss = st.session_state
    now = clock.local_now(timezone())
    at = None if minutes is not None else ss.get(T.PZ_AT)

    def send() -> datetime:
        back = pauses.back_by(now, minutes=minutes, at=at)
        pauses.start_pause(cursor(), account, partner_id, back, now_local=now,
                           utc_offset=clock.utc_offset(timezone()), note=ss.get(T.PZ_NOTE, ""))
        return back

    back = act(send)
    if back is None:
        return
    ss[T.PZ_NOTE] = ""
    flash("success", f"Sent: “I need a pause; I'll be back by {back:%H:%M}.”")


def pause_box(con: Any, account: Account, *, expanded: bool = False) -> None:
    """ "I need a pause; I'll be back by …" in two taps, sent sealed to the partner."""
    linked = load(lambda: share_partners.partners(con, account))
    with st.expander("I need a pause", expanded=expanded):
        if not linked:
            st.caption("Once you link with your partner on the Share page, a pause with a "
                       "return time reaches them here.")
            return
        names = {p.id: p.name for p in linked}
        if len(linked) > 1:
            st.selectbox("Tell", list(names), key=T.PZ_TO, format_func=names.get)
        partner_id = st.session_state.get(T.PZ_TO) or linked[0].id
        st.caption(plain(f"{names[partner_id]} sees that you're pausing and when you'll be "
                         "back, so the silence has an end."))
        cols = st.columns(len(pauses.QUICK_MINUTES))
        for col, minutes in zip(cols, pauses.QUICK_MINUTES, strict=True):
            label = "Back in 1 hour" if minutes == 60 else f"Back in {minutes} minutes"
            col.button(label, key=f"pause_quick_{minutes}", on_click=_send_pause,
                       args=(account, partner_id, minutes))
        left, right = st.columns([1, 2])
        left.time_input("Or back by", key=T.PZ_AT, step=300)
        right.text_input("A word with it (optional)", key=T.PZ_NOTE, max_chars=200)
        st.button("Send my pause", key="pause_send", on_click=_send_pause,
                  args=(account, partner_id, None))


def _answer_pause(account: Account, pause_id: int, came_back: bool) -> None:
    win = act(lambda: pauses.answer(cursor(), account, pause_id, came_back,
                            now_local=clock.local_now(timezone()),
                            note=st.session_state.get(T.PZ_WAY_PREFIX + str(pause_id), "")))
    if win is None:
        return
    flash("success", "Saved as a win: you came back when you said." if win else
          "Saved, privately. Coming back later still counts as coming back.")


def pause_checks(con: Any, account: Account) -> None:
    """At the return time, a private "Did you come back?"."""
    for p in load(lambda: pauses.due_checks(con, account, clock.utc_now(timezone()))):
        with st.container(border=True):
            st.markdown("**Did you come back?**")
            st.caption(plain(f"You said you'd be back by {p.back_by}. Only you see this."))
            st.text_input("What got in the way, if anything (optional)",
                          key=T.PZ_WAY_PREFIX + str(p.id))
            yes, no, _ = st.columns([1, 1, 2])
            yes.button("Yes, I came back", key=f"pause_yes_{p.id}", on_click=_answer_pause,
                       args=(account, p.id, True))
            no.button("Not this time", key=f"pause_no_{p.id}", on_click=_answer_pause,
                      args=(account, p.id, False))


def received(con: Any, account: Account) -> None:
    """For Shared with me: current pauses and promise summaries from partners."""
    tz = timezone()
    for p in load(lambda: pauses.received(con, account, clock.utc_now(tz))):
        with st.container(border=True):
            st.markdown(f"**{plain(p.sender_name)} is taking a pause**")
            st.text(p.message)
            if p.note:
                st.text(p.note)
            back = share_choices.local_time(p.return_utc, tz)
            st.caption(f"Back by {back:%H:%M} your time ({back:%a %d %b})")
            st.download_button("Add to my calendar (.ics)", pauses.ics(p),
                               file_name="pause.ics", mime="text/calendar",
                               key=f"pause_ics_{p.id}")
    for s in load(lambda: promises.received_summaries(con, account)):
        with st.container(border=True):
            st.markdown(f"**{plain(s.sharer_name)}'s own promises**")
            st.caption("Shared by them about their own practice. Only they tick these.")
            for line in s.lines:
                st.text(f"• {line}")


def week_items(con: Any, account: Account, today: Any) -> None:
    """For Weekly review: agreements due for a revisit and this week's check-in adjustments."""
    due = load(lambda: agreements.due(con, account, today))
    adjusted = load(lambda: checkin.recent_adjustments(con, account, today))
    if not due and not adjusted:
        return
    st.markdown("**Together**")
    for a in due:
        st.text(f"Time to revisit with {a.partner_name}: {a.current.text}")
    for c in adjusted:
        st.text(f"From your check-in with {c.partner_name} ({c.held_on:%a %d %b}): {c.mine}")


def when(value: datetime) -> str:
    """A short local date and time for captions."""
    return f"{value:%a %d %b %Y, %H:%M}"
