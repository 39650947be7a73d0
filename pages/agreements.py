"""Agreements: a shared map of what each of you expects, and my own promises below it."""

from __future__ import annotations

from datetime import timedelta

import streamlit as st

from journal import agreements, clock, promises
from journal.sharing import partners as share_partners
from journal.sharing.model import Partner
from pages import _keys as T
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
from pages._together import words_hint

account = require_account()
con = cursor()
today = clock.today(timezone())
ss = st.session_state


def _run(action, success: str) -> None:
    if act(lambda: action()) is None:
        return
    flash("success", success)


def _propose(partner_id: int) -> None:
    _run(lambda: agreements.propose(
        cursor(), account, partner_id, text=ss.get(T.AG_TEXT, ""), area=ss.get(T.AG_AREA),
        stance=ss.get(T.AG_STANCE), revisit_on=ss.get(T.AG_REVISIT), today=today),
        "Proposed. It's agreed once your partner accepts it too.")


def _change(aid: int) -> None:
    def key(name: str) -> str:
        return f"{T.AG_EDIT_PREFIX}{name}_{aid}"
    _run(lambda: agreements.propose_change(
        cursor(), account, aid, text=ss.get(key("text"), ""), area=ss.get(key("area")),
        stance=ss.get(key("stance")), reason=ss.get(key("reason"), ""),
        revisit_on=ss.get(key("revisit")), today=today),
        "Change proposed, with its reason. It holds once you both accept it.")


def _add_promise() -> None:
    if act(lambda: promises.add_promise(cursor(), account, ss.get(T.PR_TEXT, ""))) is None:
        return
    ss[T.PR_TEXT] = ""
    flash("success", "Promise added.")


def propose_form(linked: list[Partner]) -> None:
    names = {p.id: p.name for p in linked}
    with st.expander("Propose an item", expanded=not load(
            lambda: agreements.list_agreements(con, account))):
        if len(linked) > 1:
            st.selectbox("With", list(names), key=T.AG_TO, format_func=names.get)
        partner_id = ss.get(T.AG_TO) or linked[0].id
        st.text_area("What you'd like to agree on", key=T.AG_TEXT, height=68,
                     placeholder="We say goodnight in person, even after a hard day.")
        words_hint([ss.get(T.AG_TEXT, "")])
        st.selectbox("Area of life", list(agreements.AREAS), key=T.AG_AREA,
                     format_func=agreements.AREAS.get)
        st.radio("How you hold it", list(agreements.STANCES), key=T.AG_STANCE,
                 format_func=agreements.STANCES.get, horizontal=True)
        if T.AG_REVISIT not in ss:
            ss[T.AG_REVISIT] = today + timedelta(days=30)
        st.date_input("Revisit on", key=T.AG_REVISIT, min_value=today + timedelta(days=1),
                      format=date_format())
        st.button("Propose", type="primary", key="agreement_propose", on_click=_propose,
                  args=(partner_id,))


def change_form(a: agreements.Agreement) -> None:
    def key(name: str) -> str:
        return f"{T.AG_EDIT_PREFIX}{name}_{a.id}"
    with st.expander("Suggest a change"):
        ss.setdefault(key("text"), a.current.text)
        ss.setdefault(key("area"), a.current.area)
        ss.setdefault(key("stance"), a.current.stance)
        ss.setdefault(key("revisit"), max(a.revisit_on or today, today) + timedelta(days=30))
        st.text_area("New wording", key=key("text"), height=68)
        st.selectbox("Area of life", list(agreements.AREAS), key=key("area"),
                     format_func=agreements.AREAS.get)
        st.radio("How you hold it", list(agreements.STANCES), key=key("stance"),
                 format_func=agreements.STANCES.get, horizontal=True)
        st.text_input("Why the change (kept with it)", key=key("reason"))
        st.date_input("Revisit on", key=key("revisit"), min_value=today + timedelta(days=1),
                      format=date_format())
        st.button("Propose the change", key=f"agreement_change_{a.id}", on_click=_change,
                  args=(a.id,))


def status(a: agreements.Agreement) -> str:
    if a.agreed:
        return "Agreed by you both"
    if not a.accepted_by_me:
        return f"Waiting for you ({a.partner_name} proposed this wording)"
    return f"Waiting for {a.partner_name} to accept"


def item(a: agreements.Agreement) -> None:
    with st.container(border=True):
        st.text(a.current.text)
        revisit = f" · revisit {a.revisit_on:%d %b %Y}" if a.revisit_on else ""
        st.caption(plain(f"{agreements.AREAS.get(a.current.area, '')} · "
                         f"{agreements.STANCES.get(a.current.stance, '')} · {status(a)}"
                         f"{revisit}"))
        if a.due(today):
            st.caption("Time to revisit this one together.")
        if not a.agreed and a.last_agreed is not None:
            st.caption("Until you both accept the change, this still holds:")
            st.text(a.last_agreed.text)
        if not a.accepted_by_me:
            st.button("Accept", type="primary", key=f"agreement_accept_{a.id}",
                      on_click=_run, args=(lambda: agreements.accept(cursor(), account, a.id),
                                           "Accepted."))
        elif not a.accepted_by_partner and a.current.author_id == account.id:
            st.button("Take it back", key=f"agreement_withdraw_{a.id}", on_click=_run,
                      args=(lambda: agreements.withdraw(cursor(), account, a.id),
                            "Taken back."))
        change_form(a)
        if len(a.history) > 1:
            with st.expander("How it changed"):
                for v in a.history:
                    who = "You" if v.author_id == account.id else a.partner_name
                    st.caption(plain(f"Version {v.version} by {who}, {v.created_utc:%d %b %Y}"
                                     + (" · agreed" if v.agreed else "")))
                    st.text(v.text + (f"\nWhy: {v.reason}" if v.reason else ""))


def promises_section(linked: list[Partner]) -> None:
    st.subheader("My promises", anchor=False)
    st.caption("Commitments about your own behaviour. Only you can tick them; nobody can log "
               "yours, and you can't log anyone else's.")
    mine = load(lambda: promises.list_promises(con, account, today))
    for p in mine:
        key = T.PR_TICK_PREFIX + str(p.id)
        ss[key] = p.ticked_today
        st.checkbox(plain(f"{p.text} (kept today)"), key=key, on_change=lambda i=p.id, k=key:
                    _run(lambda: promises.tick(cursor(), account, i, today, bool(ss.get(k))),
                         "Noted."))
        st.caption(f"Practised on {p.days_last_week} of the last 7 days.")
    st.text_input("A new promise about your own behaviour", key=T.PR_TEXT,
                  placeholder="I reply within two hours on workdays.")
    st.button("Add promise", key="promise_add", on_click=_add_promise)
    shared = load(lambda: promises.shared_with(con, account))
    for partner in linked if mine else []:
        if partner.id in shared:
            st.button(plain(f"Take back the summary shared with {partner.name}"),
                      key=f"promise_unshare_{partner.id}", on_click=_run, args=(
                          lambda pid=partner.id: promises.unshare_summary(cursor(), account,
                                                                          pid), "Taken back."))
        else:
            st.button(plain(f"Share a summary with {partner.name}"),
                      key=f"promise_share_{partner.id}", on_click=_run, args=(
                          lambda pid=partner.id: promises.share_summary(cursor(), account, pid,
                                                                        today), "Shared."))


st.title("Agreements")
show_flash()
linked = load(lambda: share_partners.partners(con, account))
st.caption("A shared map of what each of you expects: what's open to talk about and what's "
           "firm. Boundaries here are railings, not walls.")
if not linked:
    st.info("Agreements are made by two linked people. Link with your partner on the Share "
            "page; your own promises below work on their own.")
else:
    propose_form(linked)
    for a in load(lambda: agreements.list_agreements(con, account)):
        item(a)
st.divider()
promises_section(linked)
