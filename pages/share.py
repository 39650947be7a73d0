"""Share: link with a partner, compose an insight from chosen parts, preview it, confirm.

Also: what you shared (mirrors to answer, take it back), a share packet to download, and the
check-in rituals you agree on together.
"""

from __future__ import annotations

import streamlit as st

from journal import entries, timeutil, unlinking
from journal.sharing import choices as picks
from journal.sharing import insights, mirrors, model, packet, rituals
from journal.sharing import partners as links
from pages import _keys as K
from pages._insight import show_insight, show_mirror
from pages._removal import removal_notice, remove
from pages._shared import (
    act,
    cursor,
    flash,
    load,
    outcome,
    plain,
    require_account,
    show_flash,
    timezone,
)
from pages._together import words_hint

account = require_account()
con = cursor()
tz = timezone()
today = timeutil.today(tz)
ss = st.session_state


PACKET = "packet"  # "Share with": nobody in Steady, kept for a share packet


def _when(utc) -> str:
    return f"{picks.local_time(utc, tz):%a %d %b %Y, %H:%M}"


def _k(key: str) -> str:
    """A compose widget's key in this generation: sharing starts a new one, so the browser
    draws every tick, excerpt and note afresh (unticked, empty) instead of keeping them."""
    gen = int(ss.get(K.S_GEN, 0))
    return key if gen == 0 else f"{key}_{gen}"


# ---------------------------------------------------------------- callbacks


def _invite() -> None:
    act(lambda: links.create_invitation(cursor(), account),
        lambda invitation: f"Your code is {invitation.code}. Give it to your partner; it works "
                           "once, for 7 days.")


def _accept() -> None:
    if act(lambda: links.accept_invitation(cursor(), account, ss.get(K.S_CODE, "")),
           lambda partner: f"You and {partner.name} are linked. Nothing is shared until one of "
                           "you chooses to.") is not None:
        ss[K.S_CODE] = ""


def _unlink(partner_id: int, name: str) -> None:
    ss[K.S_UNLINK] = None
    remove(lambda: unlinking.unlink(cursor(), account, partner_id),
           f"You and {name} are no longer linked. Nothing either of you shared is visible any "
           f"more, and it is gone from the journal file; a backup {name} made before now may "
           "still hold what they could see.")


def _share(name: str) -> None:
    """"Yes, share it": shares what is pending, once; a second click finds nothing pending."""
    pending = ss.get(K.S_PENDING)
    ss[K.S_PENDING] = None
    if pending is None:
        if ss.get(K.S_SHARED):   # the first click's message stays on screen
            flash("success", ss[K.S_SHARED])
        return
    recipient, content = pending
    done = (f"Shared with {name}. You can take it back at any time under “Shared by you”."
            if recipient is not None else
            "Kept for your share packet. It isn't shared with anyone in Steady.")
    ss[K.S_SHARED] = None
    if act(lambda: insights.share(cursor(), account, content, recipient), done) is not None:
        ss[K.S_SHARED] = done
        ss[K.S_GEN] = int(ss.get(K.S_GEN, 0)) + 1


def _verdict(mirror_id: int, verdict: str) -> None:
    text = ss.get(K.S_CLARIFY_PREFIX + str(mirror_id), "")
    act(lambda: mirrors.mark_mirror(cursor(), account, mirror_id, verdict, text),
        "Thanks. Your answer is on its way.")


# ---------------------------------------------------------------- partners


def partners_section(partners: list[model.Partner]) -> None:
    st.subheader("Your partners", anchor=False)
    if not partners:
        st.info("You're not linked with anyone yet. Create an invitation code and give it to "
                "your partner, or enter the code they gave you.")
    for p in partners:
        with st.container(border=True):
            left, right = st.columns([3, 1], vertical_alignment="center")
            left.text(p.name)
            left.caption(f"Linked since {picks.local_time(p.linked_utc, tz):%d %B %Y}")
            if ss.get(K.S_UNLINK) == p.id:
                st.warning(plain(f"Unlink from {p.name}? Everything either of you shared with "
                                 "the other disappears for both of you, and your rituals "
                                 "end. Your own journals are not touched."))
                yes, no, _ = st.columns([1.3, 1.3, 2])
                yes.button("Yes, unlink", type="primary", key=f"{K.S_UNLINK}_yes_{p.id}",
                           on_click=_unlink, args=(p.id, p.name))
                no.button("Keep the link", key=f"{K.S_UNLINK}_no_{p.id}",
                          on_click=lambda: ss.update({K.S_UNLINK: None}))
            else:
                right.button("Unlink", key=f"{K.S_UNLINK}_{p.id}",
                             on_click=lambda pid=p.id: ss.update({K.S_UNLINK: pid}))
    invite_col, join_col = st.columns(2)
    with invite_col:
        st.markdown("**Invite someone**")
        st.caption("A code works once and for 7 days. Give it in person or by message.")
        st.button("Create an invitation code", key="share_invite", on_click=_invite)
        for inv in load(lambda: links.open_invitations(con, account)):
            st.code(inv.code, language=None)
            st.caption(f"Open until {_when(inv.expires_utc)}")
            st.button("Cancel this code", key=f"share_cancel_invite_{inv.id}",
                      on_click=lambda i=inv.id: act(
                          lambda: links.cancel_invitation(cursor(), account, i),
                          "That code was cancelled."))
    with join_col:
        st.markdown("**Have a code?**")
        with st.form("share_join", border=False):
            st.text_input("Invitation code", key=K.S_CODE, placeholder="XXXX-XXXX-XXXX")
            st.form_submit_button("Link with this code", on_click=_accept)


# ---------------------------------------------------------------- compose


def _entry_form(note: str) -> model.InsightContent | None:
    recent = entries.list_entries(con, account, page_size=60).items
    if not recent:
        st.info("You haven't written an entry yet. Write one first, then come back to share "
                "a part of it.")
        return None
    by_id = {e.id: e for e in recent}
    if ss.get(K.S_ENTRY) not in by_id:
        ss[K.S_ENTRY] = recent[0].id
    st.selectbox(
        "Entry", list(by_id), key=K.S_ENTRY,
        format_func=lambda i: f"{by_id[i].local_date:%a %d %b %Y} · "
                              f"{by_id[i].snippet[:70] or '(no text)'}",
    )
    entry = entries.get_entry(con, account, int(ss[K.S_ENTRY]))
    st.caption("Pick exactly what goes. Anything you don't tick stays in your journal.")
    if entry.need:
        st.checkbox(plain(f"The unmet need: {entry.need}"), key=_k(K.S_NEED))
    if entry.hope:
        st.checkbox(plain(f"The hope: {entry.hope}"), key=_k(K.S_HOPE))
    if entry.mood:
        st.checkbox("How I felt (mood and emotion words)", key=_k(K.S_MOOD))
    trig = dict(picks.trigger_choices(entry))
    if trig:
        st.multiselect("Triggers and what you did", list(trig), key=_k(K.S_TRIGGERS),
                       format_func=trig.__getitem__)
    wins = dict(picks.win_choices(entry))
    if wins:
        st.multiselect("Wins", list(wins), key=_k(K.S_WINS), format_func=wins.__getitem__)
    excerpt_key = _k(K.S_EXCERPT_PREFIX + str(entry.id))
    if entry.body or entry.prompt_response:
        if st.checkbox("An excerpt of what I wrote (you can edit it first)",
                       key=_k(K.S_EXCERPT_ON)):
            st.text_area("Excerpt to share", value=entry.body or entry.prompt_response,
                         key=excerpt_key, height=150,
                         help="Cut it down to the part you want them to read. Your entry "
                              "itself is not changed.")
    pick = model.EntryPick(
        need=bool(ss.get(_k(K.S_NEED))), hope=bool(ss.get(_k(K.S_HOPE))),
        mood=bool(ss.get(_k(K.S_MOOD))),
        triggers=tuple(i for i in ss.get(_k(K.S_TRIGGERS)) or [] if i in trig),
        wins=tuple(i for i in ss.get(_k(K.S_WINS)) or [] if i in wins),
        excerpt=ss.get(excerpt_key) if ss.get(_k(K.S_EXCERPT_ON)) else None,
    )
    return insights.from_entry(entry, pick, note)


def _review_form(note: str) -> model.InsightContent | None:
    choices = dict(picks.review_choices(con, account))
    st.selectbox("Weekly review", list(choices), key=K.S_REVIEW,
                 format_func=choices.__getitem__)
    labels = {"worked": model.LABEL_WORKED, "didnt": model.LABEL_DIDNT,
              "adjust": model.LABEL_ADJUST}
    st.pills("Which answers go", list(labels), key=_k(K.S_REVIEW_PARTS), selection_mode="multi",
             format_func=labels.__getitem__)
    chosen = set(ss.get(_k(K.S_REVIEW_PARTS)) or [])
    if ss.get(K.S_REVIEW) is None:
        return None
    return picks.review_insight(con, account, int(ss[K.S_REVIEW]), worked="worked" in chosen,
                                didnt="didnt" in chosen, adjust="adjust" in chosen, note=note)


def _milestone_form(note: str) -> model.InsightContent | None:
    choices = dict(picks.milestone_choices(con, account))
    st.selectbox("Milestone", list(choices), key=K.S_MILESTONE, format_func=choices.__getitem__)
    st.checkbox("Its progress chart (a picture of the weekly numbers as they are today)",
                key=_k(K.S_MILESTONE_CHART), value=True)
    st.checkbox("Where it stands and what I'm aiming for", key=_k(K.S_MILESTONE_SUMMARY),
                value=True)
    if ss.get(K.S_MILESTONE) is None:
        return None
    return picks.milestone_insight(
        con, account, int(ss[K.S_MILESTONE]), chart=bool(ss.get(_k(K.S_MILESTONE_CHART))),
        summary=bool(ss.get(_k(K.S_MILESTONE_SUMMARY))), note=note, today=today)


def _chart_form(note: str) -> model.InsightContent | None:
    ranges = picks.chart_ranges()
    if ss.get(K.S_CHART_RANGE) not in ranges:
        ss[K.S_CHART_RANGE] = "3m" if "3m" in ranges else next(iter(ranges))
    st.segmented_control("Range", list(ranges), key=K.S_CHART_RANGE, required=True,
                         format_func=ranges.__getitem__)
    st.toggle("Show more charts (what set things off, and mood on those days)",
              key=K.S_CHART_MORE)
    choices = dict(picks.chart_choices(con, account, ss[K.S_CHART_RANGE], today,
                                       more=bool(ss.get(K.S_CHART_MORE))))
    if not choices:
        st.info("Nothing to draw in this range yet. Try a longer one.")
        return None
    if ss.get(K.S_CHART) not in choices:
        ss[K.S_CHART] = next(iter(choices))
    st.selectbox("Chart", list(choices), key=K.S_CHART, format_func=choices.__getitem__)
    st.caption("The chart goes as a picture of today's numbers, with its summary in words. "
               "It won't change later, and it gives no way into your journal.")
    return picks.chart_insight(con, account, ss[K.S_CHART_RANGE], ss[K.S_CHART], note=note,
                               today=today)


def _recipient(names: dict[int, str]) -> int | None:
    """"Share with": a partner, or nobody in Steady (a share packet); said plainly if unlinked."""
    if not names:
        st.markdown("**Share with**")
        st.caption("You're not linked with a partner yet, so what you compose here is kept for "
                   "a share packet (a file you give to someone). To share in Steady, link with "
                   "your partner on the Partners tab first.")
        return None
    options: list[int | str] = [*names, PACKET]
    if ss.get(K.S_TO) not in options:
        ss[K.S_TO] = options[0]
    st.selectbox("Share with", options, key=K.S_TO,
                 format_func=lambda i: "Someone outside Steady (keep it for a share packet)"
                 if i == PACKET else names[i])
    chosen = ss.get(K.S_TO)
    return None if chosen == PACKET else int(chosen)


def compose_section(partners: list[model.Partner]) -> None:
    st.subheader("Compose an insight", anchor=False)
    names = {p.id: p.name for p in partners}
    recipient = _recipient(names)
    who = names.get(recipient, "the reader of your packet") if recipient is not None else \
        "the reader of your packet"
    sources = picks.available_sources(con, account)
    if ss.get(K.S_SOURCE) not in sources:
        ss[K.S_SOURCE] = sources[0]
    st.radio("Compose from", sources, key=K.S_SOURCE, horizontal=True,
             format_func=model.KINDS.__getitem__)
    note = ss.get(_k(K.S_NOTE), "")
    forms = {"entry": _entry_form, "review": _review_form, "milestone": _milestone_form,
             "chart": _chart_form}
    content, problem = outcome(lambda: forms[ss[K.S_SOURCE]](note))
    st.text_area("A note to go with it (optional)", key=_k(K.S_NOTE), height=80,
                 placeholder="For example: I'd like to talk about this at our check-in.")

    st.markdown(f"**Preview: exactly what {plain(who)} will see**")
    with st.container(border=True):
        if content is not None:
            show_insight(content, meta=f"Shared by {account.name}", key="preview")
            pause = picks.chart_note(ss.get(K.S_CHART)) if ss.get(K.S_SOURCE) == "chart" \
                else None
            if pause:
                st.info(pause)  # a gentle note, never a block
        else:
            st.caption(plain(problem) if problem else "Pick something above to see the preview.")
    if content is not None:
        words_hint(content.texts())  # never blocks sharing (issue 11, item 5)

    pending = ss.get(K.S_PENDING)
    if pending is not None and pending != (recipient, content):
        ss[K.S_PENDING] = pending = None  # something changed since "Share…": ask again
    if content is None:
        return
    if pending is None:
        label = f"Share with {who}…" if recipient is not None else "Keep for the share packet"
        st.button(plain(label), type="primary", key="share_confirm",
                  on_click=lambda: ss.update({K.S_PENDING: (recipient, content)}))
        st.caption("Nothing is shared until you confirm on the next step.")
    else:
        st.warning(plain(f"Share this with {who} now? They will see exactly the preview above. "
                         "You can take it back later.") if recipient is not None else
                   "Keep this for your share packet? Nobody in Steady will see it.")
        yes, no, _ = st.columns([1.3, 1.3, 2])
        yes.button("Yes, share it" if recipient is not None else "Yes, keep it", type="primary",
                   key="share_yes", on_click=_share, args=(who,))
        no.button("Not yet", key="share_not_yet",
                  on_click=lambda: ss.update({K.S_PENDING: None}))


# ---------------------------------------------------------------- shared by you


def shared_section(mine: list[model.SharedInsight]) -> None:
    st.subheader("Shared by you", anchor=False)
    if not mine:
        st.caption("Nothing yet. What you share appears here, with your partner's mirrors.")
        return
    for item in mine:
        with st.container(border=True):
            if item.partner_id is None:
                status = f"Kept for the share packet · {_when(item.created_utc)}"
            elif item.active:
                status = f"Shared with {item.partner_name} · {_when(item.created_utc)}"
            else:
                status = (f"Taken back from {item.partner_name or 'a former partner'} · "
                          f"{_when(item.revoked_utc)}")
            show_insight(item.content, meta=status, key=f"mine_{item.id}")
            listener = item.partner_name or "They"
            for mirror in item.mirrors:
                with st.container(border=True):
                    show_mirror(mirror, listener=listener, sharer="You",
                                when=_when(mirror.created_utc))
                    if mirror.pending and item.active:
                        st.text_area("Anything to clarify? (optional)",
                                     key=K.S_CLARIFY_PREFIX + str(mirror.id), height=68)
                        got, not_quite, _ = st.columns([1.3, 1.3, 2])
                        got.button("You got it", type="primary",
                                   key=f"{K.S_VERDICT_PREFIX}{mirror.id}_got_it",
                                   on_click=_verdict, args=(mirror.id, model.GOT_IT))
                        not_quite.button("Not quite",
                                         key=f"{K.S_VERDICT_PREFIX}{mirror.id}_not_quite",
                                         on_click=_verdict, args=(mirror.id, model.NOT_QUITE))
            if item.active:
                st.button("Take it back", key=K.S_REVOKE_PREFIX + str(item.id),
                          help="It disappears from their view at once.",
                          on_click=lambda i=item.id, n=item.partner_name: remove(
                              lambda: insights.revoke(cursor(), account, i),
                              f"Taken back. {n} can no longer see it. It is gone from "
                              f"the journal file; a backup {n} made before now may still "
                              "hold it."))
            else:
                st.button("Delete my copy", key=K.S_FORGET_PREFIX + str(item.id),
                          on_click=lambda i=item.id: remove(
                              lambda: insights.forget(cursor(), account, i),
                              "Deleted."))


# ---------------------------------------------------------------- packet


def packet_section(mine: list[model.SharedInsight]) -> None:
    st.subheader("Share packet", anchor=False)
    st.caption("For someone who doesn't use Steady: a single file with only the insights you "
               "pick here. The web page version shows charts; the Markdown version is plain text.")
    usable = {i.id: i for i in mine if i.revoked_utc is None}
    if not usable:
        st.caption("Compose an insight first; then you can put it in a packet.")
        return
    st.multiselect(
        "Insights in the packet", list(usable), key=K.S_PACKET,
        placeholder="Pick the insights to include",
        format_func=lambda i: f"{picks.local_time(usable[i].created_utc, tz):%d %b %Y} · "
                              f"{usable[i].content.title}",
    )
    chosen = [usable[i] for i in ss.get(K.S_PACKET) or [] if i in usable]
    if not chosen:
        return
    items = [packet.PacketItem(i.content, picks.local_time(i.created_utc, tz)) for i in chosen]
    html_col, md_col = st.columns(2)
    html_col.download_button(
        "Download as a web page (.html)", key="share_packet_html",
        data=lambda: packet.packet_html(items, from_name=account.name, made_on=today),
        file_name=f"steady-share-packet-{today}.html", mime="text/html", on_click="ignore",
    )
    md_col.download_button(
        "Download as Markdown (.md)", key="share_packet_md",
        data=lambda: packet.packet_markdown(items, from_name=account.name, made_on=today),
        file_name=f"steady-share-packet-{today}.md", mime="text/markdown", on_click="ignore",
    )


# ---------------------------------------------------------------- rituals


def rituals_section(partners: list[model.Partner]) -> None:
    st.subheader("Rituals you agree on", anchor=False)
    st.caption("Small and regular beats grand: a weekly check-in, a five-minute pause each "
               "day, fifteen minutes after a hard day. One of you proposes, the other agrees; "
               "then both can add them to a calendar.")
    if not partners:
        st.info("Link with a partner first; rituals are agreed between the two of you.")
        return
    names = {p.id: p.name for p in partners}
    if ss.get(K.S_RIT_PARTNER) not in names:
        ss[K.S_RIT_PARTNER] = partners[0].id
    if len(partners) > 1:
        st.selectbox("With", list(names), key=K.S_RIT_PARTNER, format_func=names.__getitem__)
    pid = int(ss[K.S_RIT_PARTNER])
    name = names[pid]
    agreement = load(lambda: rituals.get_agreement(con, account, pid))
    if agreement is not None:
        lines = "\n".join(rituals.describe(agreement.plan))
        if agreement.agreed:
            st.success(plain(f"You and {name} agreed on these:"))
            st.text(lines)
            st.download_button(
                "Add to my calendar (.ics)", key=f"{K.S_RIT_PREFIX}{pid}_ics",
                data=rituals.to_ics(agreement.plan, me=account, partner_id=pid,
                                    partner_name=name, start=today),
                file_name="steady-rituals.ics", mime="text/calendar", on_click="ignore",
            )
        elif agreement.waiting_on(account.id):
            st.info(plain(f"{name} proposed these rituals:"))
            st.text(lines)
            st.button(plain(f"Agree with {name}"), type="primary",
                      key=f"{K.S_RIT_PREFIX}{pid}_agree",
                      on_click=lambda: act(lambda: rituals.agree(cursor(), account, pid),
                                           "Agreed. You can both add them to your calendars."))
        else:
            st.info(plain(f"You proposed these; waiting for {name} to agree:"))
            st.text(lines)
    plan = agreement.plan if agreement else rituals.RitualPlan(tz=tz or "UTC")
    prefix = f"{K.S_RIT_PREFIX}{pid}_{agreement.updated_utc:%Y%m%d%H%M%S%f}_" if agreement \
        else f"{K.S_RIT_PREFIX}{pid}_new_"
    with st.expander("Propose rituals" if agreement is None else "Propose a change",
                     expanded=agreement is None):
        with st.form(prefix + "form", border=False):
            st.checkbox("A weekly check-in", value=plan.weekly_on, key=prefix + "weekly_on")
            day, at, minutes = st.columns(3)
            day.selectbox("Day", range(7), index=plan.weekly_day, key=prefix + "weekly_day",
                          format_func=rituals.WEEKDAYS.__getitem__)
            at.time_input("Time", value=plan.weekly_time, key=prefix + "weekly_time", step=900)
            minutes.selectbox("Minutes", rituals.WEEKLY_MINUTES_CHOICES,
                              index=rituals.WEEKLY_MINUTES_CHOICES.index(plan.weekly_minutes)
                              if plan.weekly_minutes in rituals.WEEKLY_MINUTES_CHOICES else 2,
                              key=prefix + "weekly_minutes")
            pause_on, pause_at = st.columns([2, 1])
            pause_on.checkbox("A daily five-minute pause together", value=plan.pause_on,
                              key=prefix + "pause_on")
            pause_at.time_input("At", value=plan.pause_time, key=prefix + "pause_time",
                                step=900)
            stress_on, stress_at = st.columns([2, 1])
            stress_on.checkbox("A 15-minute check-in after stressful days",
                               value=plan.stress_on, key=prefix + "stress_on")
            stress_at.time_input("At ", value=plan.stress_time, key=prefix + "stress_time",
                                 step=900)
            st.caption(f"Times are in {plan.tz if agreement else (tz or 'UTC')}.")

            def _propose() -> None:
                proposal = rituals.RitualPlan(
                    weekly_on=bool(ss[prefix + "weekly_on"]),
                    weekly_day=int(ss[prefix + "weekly_day"]),
                    weekly_time=ss[prefix + "weekly_time"],
                    weekly_minutes=int(ss[prefix + "weekly_minutes"]),
                    pause_on=bool(ss[prefix + "pause_on"]), pause_time=ss[prefix + "pause_time"],
                    stress_on=bool(ss[prefix + "stress_on"]),
                    stress_time=ss[prefix + "stress_time"], tz=plan.tz,
                )
                act(lambda: rituals.propose(cursor(), account, pid, proposal),
                    f"Proposed. {name} will see it on their Share page.")

            st.form_submit_button(plain(f"Propose to {name}"), on_click=_propose)


# ---------------------------------------------------------------- the page

st.title("Share")
show_flash()
removal_notice(account)
st.caption("Your journal stays private. Here you choose a few words to share with a partner, "
           "see exactly what they'll see, and can take them back at any time.")
linked = load(lambda: links.partners(con, account))
mine = load(lambda: insights.my_insights(con, account))
sections = {
    "Compose": lambda: compose_section(linked),
    "Shared by you": lambda: shared_section(mine),
    "Partners": lambda: partners_section(linked),
    "Rituals": lambda: rituals_section(linked),
    "Share packet": lambda: packet_section(mine),
}
# Keyed so the open tab survives reruns; not linked yet, linking is the first thing to do.
tabs = st.tabs(list(sections), key=K.S_TAB, on_change="rerun",
               default=None if linked else "Partners")
for tab, draw in zip(tabs, sections.values(), strict=True):
    if tab.open:  # only the open tab is drawn: the others cost a rerun nothing
        with tab:
            draw()
