"""Weekly review: the last 7 days at a glance, three questions, and earlier reviews."""

from __future__ import annotations

import streamlit as st

from journal import milestones, reviews, timeutil
from pages import _keys as K
from pages._shared import (
    act,
    cursor,
    load,
    locale,
    plain,
    require_account,
    show_flash,
    timezone,
)
from pages._together import week_items

account = require_account()
con = cursor()
today = timeutil.today(timezone())
ss = st.session_state
QUESTIONS = (
    (K.R_WORKED, "What worked this week?",
     "A moment you stayed, repaired, or looked after yourself."),
    (K.R_DIDNT, "What didn't?",
     "Describe what happened, not who anyone is. No score keeping."),
    (K.R_ADJUST, "What needs adjusting?",
     "One small, specific change for next week is plenty."),
)


def _save(week_start) -> None:
    act(lambda: reviews.save_review(cursor(), account, week_start, ss.get(K.R_WORKED, ""),
                                    ss.get(K.R_DIDNT, ""), ss.get(K.R_ADJUST, "")),
        success="Review saved. Well done for taking the time to look back.")


st.title("Weekly review")
show_flash()
summary = load(lambda: reviews.week_summary(con, account, today))
st.caption(f"The last 7 days: {summary.start:%A %d %B} to {summary.end:%A %d %B %Y}")

a, b, c = st.columns(3)
a.metric("Entries", summary.entries, border=True,
         help="Entries written in the last 7 days, on how many different days.",
         delta=f"on {summary.days_written} of 7 days", delta_color="off", delta_arrow="off")
b.metric("Mean mood", "–" if summary.mood_mean is None else f"{summary.mood_mean:.1f} / 5",
         delta=None if summary.mood_change is None else f"{summary.mood_change:+.1f} vs the "
         "week before", delta_color="off", border=True,
         help="Your moods this week against the 7 days before. Ups and downs are normal.")
c.metric("Wins", summary.win_total, border=True,
         help="Wins you noted this week, including milestones reached.")
for line in summary.readings:
    st.text(line)  # readings can name imported practices: shown as plain text

left, right = st.columns(2)
with left:
    st.markdown("**Triggers and what you did**")
    if not summary.triggers:
        st.caption("No triggers noted this week.")
    for trig in summary.triggers:
        done = ", ".join(f"{label} ({n})" for label, n in trig.responses)
        st.text(f"{trig.label} · {trig.count}×\n  {done}")
with right:
    st.markdown("**Wins**")
    if not summary.wins:
        st.caption("No wins noted this week. Small ones count too: a calm reply, "
                   "a kept promise.")
    for label, n in summary.wins:
        st.text(f"★ {label} · {n}×")

st.markdown("**Milestones**")
if not summary.milestones:
    st.caption("No milestones yet. The Milestones page helps you set a realistic one.")
for line in milestones.glance(summary.milestones, today):
    st.text(line)
due = [m for m in summary.milestones if m.review_due]
if due:
    st.caption("A milestone review is due for: "
               + ", ".join(plain(m.title) for m in due) + ". You'll find it on Milestones.")
week_items(con, account, today)  # agreements to revisit, check-in adjustments (issue 11)

st.divider()
st.subheader("Your review", anchor=False)
existing = load(lambda: reviews.review_for_week(con, account, summary.start))
answer_keys = (K.R_WORKED, K.R_DIDNT, K.R_ADJUST)
# Leaving the page drops the widgets' values: coming back shows the saved answers again.
if ss.get(K.R_LOADED) != summary.start or any(key not in ss for key in answer_keys):
    ss[K.R_LOADED] = summary.start
    for key, value in zip((K.R_WORKED, K.R_DIDNT, K.R_ADJUST),
                          (existing.worked, existing.didnt, existing.adjust) if existing
                          else ("", "", ""), strict=True):
        ss[key] = value
if existing:
    st.caption("You already reviewed this week; saving again updates it.")
with st.form("weekly_review_form", border=False):
    for key, question, hint in QUESTIONS:
        st.text_area(question, key=key, placeholder=hint, height=90)
    st.form_submit_button("Save review", type="primary", on_click=_save, args=(summary.start,))

earlier = [r for r in load(lambda: reviews.list_reviews(con, account))
           if r.week_start != summary.start]
if earlier:
    st.subheader("Earlier reviews", anchor=False)
for review in earlier:
    with st.expander(f"Week of {milestones.long_date(review.week_start, locale())}"):
        for label, text in (("What worked", review.worked), ("What didn't", review.didnt),
                            ("What to adjust", review.adjust)):
            if text:
                st.caption(label)
                st.text(text)
