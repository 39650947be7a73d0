"""Check-in: a guided conversation for two people at one screen, ending in one adjustment each."""

from __future__ import annotations

import streamlit as st

from journal import checkin, clock
from journal.sharing import partners as share_partners
from journal.sharing.model import Partner
from pages import _keys as T
from pages._shared import act, cursor, flash, load, plain, require_account, show_flash, timezone

account = require_account()
con = cursor()
now = clock.local_now(timezone())
ss = st.session_state


def _step(fn, *args) -> None:
    """Advance the conversation; a domain error stays on the screen as a message."""
    state = act(lambda: fn(ss[T.CI_STATE], *args))
    if state is not None:
        ss[T.CI_STATE] = state


def _begin(names: dict[int, str]) -> None:
    partner_id = ss.get(T.CI_TO) or next(iter(names))
    state = act(lambda: checkin.begin(partner_id, account.name, names[partner_id],
                                      int(ss.get(T.CI_MINUTES) or 0),
                                      clock.local_now(timezone())))
    if state is not None:
        ss[T.CI_STATE] = state


def _speak() -> None:
    _step(checkin.speak, ss.get(T.CI_NEED, ""), ss.get(T.CI_HOPE, ""))
    if ss[T.CI_STATE].step == checkin.SAY_BACK:
        ss[T.CI_NEED] = ss[T.CI_HOPE] = ""


def _say_back() -> None:
    _step(checkin.say_back, ss.get(T.CI_HEARD, ""))
    if ss[T.CI_STATE].step == checkin.VERDICT:
        ss[T.CI_HEARD] = ""


def _save() -> None:
    state = ss[T.CI_STATE]
    if act(lambda: checkin.save(cursor(), account, state, mine=ss.get(T.CI_MINE, ""),
                     theirs=ss.get(T.CI_THEIRS, ""), today=clock.today(timezone()))) is None:
        return
    ss.pop(T.CI_STATE, None)
    ss[T.CI_MINE] = ss[T.CI_THEIRS] = ""
    flash("success", f"Saved to your weekly review. {state.names[1]} adds theirs to their own "
                     "review when they sign in, here or on their own device.")


def _confirm(checkin_id: int, dismiss: bool = False) -> None:
    def run() -> None:
        if dismiss:
            checkin.dismiss(cursor(), account, checkin_id)
        else:
            checkin.confirm(cursor(), account, checkin_id, today=clock.today(timezone()))

    if act(run) is None:
        return
    flash("success", "Removed from your list." if dismiss else
          "Added to this week's review.")


def waiting_section() -> None:
    for s in load(lambda: checkin.waiting(con, account)):
        with st.container(border=True):
            st.markdown(f"**Your check-in with {plain(s.partner_name)}, "
                        f"{s.held_on:%a %d %b}**")
            st.caption("Your small adjustment, as you said it together:")
            st.text(s.mine)
            a, b, _ = st.columns([1.4, 1, 1.6])
            a.button("Add to my weekly review", key=f"checkin_confirm_{s.id}",
                     on_click=_confirm, args=(s.id,))
            b.button("Not mine", key=f"checkin_dismiss_{s.id}", on_click=_confirm,
                     args=(s.id, True))


def setup(linked: list[Partner]) -> None:
    names = {p.id: p.name for p in linked}
    st.caption("For the two of you, sitting together. One speaks (a need and a hope), the other "
               "says back what they heard, the speaker says whether it landed; then swap.")
    if len(linked) > 1:
        st.selectbox("With", list(names), key=T.CI_TO, format_func=names.get)
    st.segmented_control("How long have you agreed on?", checkin.LENGTHS, key=T.CI_MINUTES,
                         format_func=lambda m: f"{m} minutes", default=15)
    st.button("Start the check-in", type="primary", key="checkin_start", on_click=_begin,
              args=(names,))


def turn(state: checkin.CheckIn) -> None:
    if state.step == checkin.SPEAK:
        st.subheader(plain(f"{state.speaker_name}, your turn to speak"), anchor=False)
        st.text_area("One need that went unmet", key=T.CI_NEED, height=68)
        st.text_area("One hope for what could be better", key=T.CI_HOPE, height=68)
        st.button(plain(f"Over to {state.listener_name}"), type="primary", key="checkin_spoke",
                  on_click=_speak)
    elif state.step == checkin.SAY_BACK:
        st.subheader(plain(f"{state.listener_name}, say back what you heard"), anchor=False)
        for label, text in (("The need", state.need), ("The hope", state.hope)):
            if text:
                st.caption(label)
                st.text(text)
        st.text_area("What I heard is…", key=T.CI_HEARD, height=68)
        st.button("Say it back", type="primary", key="checkin_said", on_click=_say_back)
    else:
        st.subheader(plain(f"{state.speaker_name}, did that land?"), anchor=False)
        st.text(state.heard)
        a, b, _ = st.columns([1, 1, 2])
        a.button("Got it", type="primary", key="checkin_got", on_click=_step,
                 args=(checkin.verdict, True))
        b.button("Not quite", key="checkin_not_quite", on_click=_step,
                 args=(checkin.verdict, False))


@st.fragment(run_every=15)
def time_line(state: checkin.CheckIn) -> None:
    """The agreed length, ticking on its own (every 15 s) so nobody has to click to see it."""
    st.caption(plain(checkin.time_line(state, clock.local_now(timezone()))))


def running(state: checkin.CheckIn) -> None:
    left = checkin.time_left(state, now)
    time_line(state)
    if state.paused_until is not None:
        st.info(f"Paused. Back together at {state.paused_until:%H:%M}.")
        st.button("We're back", type="primary", key="checkin_resume", on_click=_step,
                  args=(checkin.resume, clock.local_now(timezone())))
        return
    if left.total_seconds() == 0:
        st.info("Your agreed time is up. Finish with one small adjustment each.")
    else:
        turn(state)
    cols = st.columns(len(checkin.PAUSE_MINUTES) + 1)
    for col, minutes in zip(cols, checkin.PAUSE_MINUTES, strict=False):
        col.button(f"Pause {minutes} min", key=f"checkin_pause_{minutes}", on_click=_step,
                   args=(checkin.pause, clock.local_now(timezone()), minutes))
    cols[-1].button("Finish", key="checkin_finish", on_click=_step, args=(checkin.finish,))


def closing(state: checkin.CheckIn) -> None:
    st.subheader("One small adjustment each", anchor=False)
    st.text_input(plain(f"{state.names[0]}: one small thing I'll adjust"), key=T.CI_MINE)
    st.text_input(plain(f"{state.names[1]}: one small thing I'll adjust"), key=T.CI_THEIRS)
    st.caption(plain(f"Yours goes into your weekly review now. {state.names[1]} sees theirs "
                     "next time they sign in, and adds it to their own review."))
    st.button("Save to our weekly reviews", type="primary", key="checkin_save", on_click=_save)


st.title("Check-in")
show_flash()
linked = load(lambda: share_partners.partners(con, account))
waiting_section()
if not linked:
    st.info("A check-in is for two linked people. Link with your partner on the Share page "
            "first.")
    st.stop()
state = ss.get(T.CI_STATE)
if not isinstance(state, checkin.CheckIn):
    setup(linked)
elif state.step == checkin.ADJUST:
    closing(state)
else:
    running(state)
