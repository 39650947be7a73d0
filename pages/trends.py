"""Trends: mood, mood meter, triggers, responses and wins for a chosen range, and a year map."""

from __future__ import annotations

import streamlit as st

from journal import analytics, timeutil
from journal.charts import trends as charts
from pages import _keys as K
from pages._comeback import come_back_section
from pages._shared import cursor, date_format, load, plain, require_account, timezone

account = require_account()
con = cursor()
ss = st.session_state
today = timeutil.today(timezone())

st.title("Trends")
state = analytics.journal_state(con, account)
if state.entries == 0:
    st.info("Your trends appear here once you have written a few entries on the Write page: "
            "mood over time, what sets things off, how you respond, and the wins you "
            "celebrate.")
    st.stop()

ss.setdefault(K.T_RANGE, "3m")
ss.setdefault(K.T_CUSTOM, analytics.resolve_range("3m", today, None).as_tuple())
st.segmented_control("Range", list(analytics.RANGES), key=K.T_RANGE, required=True,
                     format_func=lambda k: analytics.RANGES[k])
if ss.get(K.T_RANGE) == "custom":
    st.date_input("From and to", key=K.T_CUSTOM, max_value=today, format=date_format())
rng = load(lambda: analytics.resolve_range(ss.get(K.T_RANGE) or "3m", today, state.bounds,
                                           ss.get(K.T_CUSTOM) or ()), kind="info")

years = analytics.heatmap_years(state.bounds, today)
if ss.get(K.T_YEAR) not in years:
    ss[K.T_YEAR] = rng.end.year if rng.end.year in years else years[0]
view = charts.trends_view(con, account, rng, ss[K.T_YEAR], state)
st.caption(charts.describe_range(view.range, view.unit))
if view.range_is_empty:
    st.info(view.empty_range_text)

for section in view.sections:
    if view.range_is_empty and section.key != "year":
        continue
    st.subheader(section.title, anchor=False)
    if section.key == "year":
        st.columns([1, 3])[0].selectbox("Year", years, key=K.T_YEAR)
    for figure in section.figures:
        if len(section.figures) > 1:
            st.markdown(f"**{figure.title}**")
        if not figure.drawn:
            st.info(plain(figure.reading))
            continue
        st.vega_lite_chart(figure.spec(), width="stretch")
        if figure.milestones:
            st.caption(plain(figure.milestones))   # the names as typed, escaped once here
        st.markdown(plain(figure.reading))
        if figure.note:
            st.caption(figure.note)   # fixed wording from journal.charts, no user words

come_back_section(con, account)  # time to come back after a hard moment (issue 11)
