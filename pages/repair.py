"""Repair: own the impact, name one change, and check later, privately, that it happened."""

from __future__ import annotations

from datetime import timedelta

import streamlit as st

from journal import clock, repair
from journal.sharing import partners as share_partners
from journal.sharing.model import Partner
from pages import _keys as T
from pages._comeback import come_back_section
from pages._insight import show_insight
from pages._shared import (
    act,
    cursor,
    date_format,
    flash,
    load,
    plain,
    require_account,
    show_flash,
    timezone,
)
from pages._together import pause_box, pause_checks, words_hint

account = require_account()
con = cursor()
now = clock.local_now(timezone())
today = now.date()
ss = st.session_state


def _start() -> None:
    started = act(lambda: repair.start_repair(
        cursor(), account, impact=ss.get(T.RP_IMPACT, ""), change=ss.get(T.RP_CHANGE, ""),
        follow_up=ss.get(T.RP_FOLLOW), now_local=clock.local_now(timezone()),
        entry_id=ss.get(T.RP_FROM)))
    if started is None:
        return
    ss[T.RP_IMPACT] = ss[T.RP_CHANGE] = ""
    flash("success", "Repair saved. On the follow-up date you'll be asked, privately, whether "
                     "the change happened.")


def _answer(repair_id: int) -> None:
    if act(lambda: repair.record_follow_up(cursor(), account, repair_id,
                                ss.get(T.RP_OUTCOME_PREFIX + str(repair_id)) or "",
                                ss.get(T.RP_WAY_PREFIX + str(repair_id), ""), today=today)) is None:
        return
    flash("success", "Noted, just for you. Change shows over time; this is one step of it.")


def _share(repair_id: int, partner_id: int, name: str) -> None:
    if act(lambda: repair.share_statement(cursor(), account, repair_id, partner_id,
                               ss.get(T.RP_NOTE_PREFIX + str(repair_id), ""))) is None:
        return
    flash("success", f"Shared with {name}. You can take it back on the Share page.")


def _delete(repair_id: int) -> None:
    if act(lambda: repair.delete_repair(cursor(), account, repair_id)) is None:
        return
    flash("success", "Repair removed.")


def follow_ups() -> None:
    for r in load(lambda: repair.due_follow_ups(con, account, today)):
        with st.container(border=True):
            st.markdown("**Did it happen?**")
            st.caption("The change you named. Only you see this answer.")
            st.text(r.change)
            st.radio("Did it happen?", list(repair.OUTCOMES), key=T.RP_OUTCOME_PREFIX + str(r.id),
                     format_func=repair.OUTCOMES.get, horizontal=True, index=None,
                     label_visibility="collapsed")
            st.text_area("What got in the way (optional)", key=T.RP_WAY_PREFIX + str(r.id),
                         height=68)
            st.button("Save my answer", key=f"repair_answer_{r.id}", on_click=_answer,
                      args=(r.id,))


def start_form() -> None:
    st.subheader("Start a repair", anchor=False)
    moments = load(lambda: repair.hard_moments(con, account))
    labels = {m.entry_id: m.label for m in moments}
    st.selectbox("Start from", [None, *labels], key=T.RP_FROM,
                 format_func=lambda i: "From scratch" if i is None else labels[i])
    st.text_area("The impact on them, in a sentence or two", key=T.RP_IMPACT, height=90,
                 placeholder="When I went quiet after dinner, you were left waiting and alone.")
    if repair.explains_away(ss.get(T.RP_IMPACT, "")):
        st.caption("A gentle note: a “but” or “because you” can explain the impact away. "
                   "Owning it plainly is enough for now.")
    st.text_area("One concrete change you will make", key=T.RP_CHANGE, height=68,
                 placeholder="When I need space, I'll say so and say when I'll be back.")
    if T.RP_FOLLOW not in ss:
        ss[T.RP_FOLLOW] = today + timedelta(days=7)
    st.date_input("Follow-up date", key=T.RP_FOLLOW, min_value=today, format=date_format())
    st.button("Save repair", type="primary", key="repair_save", on_click=_start)


def share_box(r: repair.Repair, linked: list[Partner]) -> None:
    if r.insight_id is not None:
        st.caption("You shared this statement. You can take it back on the Share page.")
        return
    if not linked:
        return
    partner = linked[0]
    st.caption(plain(f"Preview: exactly what {partner.name} will see"))
    note = ss.get(T.RP_NOTE_PREFIX + str(r.id), "")
    with st.container(border=True):
        show_insight(repair.statement(r, note), meta=f"Shared by {account.name}",
                     key=f"repair_{r.id}")
    words_hint([r.impact, r.change, note])
    st.text_input("A note to go with it (optional)", key=T.RP_NOTE_PREFIX + str(r.id))
    st.button(plain(f"Share this statement with {partner.name}"), key=f"repair_share_{r.id}",
              on_click=_share, args=(r.id, partner.id, partner.name))


def your_repairs() -> None:
    items = load(lambda: repair.list_repairs(con, account))
    if not items:
        return
    st.subheader("Your repairs", anchor=False)
    linked = load(lambda: share_partners.partners(con, account))
    for r in items:
        title = f"{r.started_local:%a %d %b %Y}" + (
            f" · follow-up {r.follow_up:%d %b}" if r.follow_up else "")
        with st.expander(title):
            st.caption(repair.LABEL_IMPACT)
            st.text(r.impact)
            st.caption(repair.LABEL_CHANGE)
            st.text(r.change)
            if r.outcome:
                st.caption(f"Did it happen? {repair.OUTCOMES.get(r.outcome, '')}")
                if r.in_the_way:
                    st.text(r.in_the_way)
            share_box(r, linked)
            st.button("Remove this repair", key=f"repair_delete_{r.id}", on_click=_delete,
                      args=(r.id,))


st.title("Repair")
show_flash()
st.caption("Own the impact without explaining it away, name one change, then let the change "
           "show. No score keeping: this is about your own next step.")
follow_ups()
pause_checks(con, account)
pause_box(con, account, expanded=st.query_params.get("pause") == "1")  # from Write
start_form()
your_repairs()
come_back_section(con, account)
