"""Milestones: realistic targets tied to a practice, progress per week, reviews at a cadence."""

from __future__ import annotations

import streamlit as st

from journal import milestones, timeutil, vocab
from journal.charts import milestones as milestone_charts
from pages import _keys as K
from pages._removal import removal_notice, remove
from pages._shared import (
    act,
    cursor,
    date_format,
    flash,
    load,
    locale,
    plain,
    repeat_flash,
    require_account,
    show_flash,
    timezone,
)

account = require_account()
con = cursor()
today = timeutil.today(timezone())
ss = st.session_state
# status → (badge colour, icon); the words carry the meaning, colour only helps.
BADGE = {"on_track": ("blue", ":material/trending_up:"), "behind": ("orange", ":material/spa:"),
         "reached": ("green", ":material/celebration:"), "paused": ("gray", ":material/pause:")}


# ---------------------------------------------------------------- callbacks


def _apply_template() -> None:
    """Fill the form from the chosen template (or blank it for a custom milestone)."""
    values = milestones.template_defaults(ss.get(K.M_TEMPLATE) or milestones.CUSTOM, today)
    ss[K.M_TITLE] = values["title"]
    ss[K.M_MEASURE] = values["measure"]
    ss[K.M_PRACTICE] = values["practice"]
    ss[K.M_TARGET_PREFIX + str(values["measure"])] = float(values["target"])  # type: ignore[arg-type]
    ss[K.M_START] = values["start"]
    ss[K.M_TARGET_DATE] = values["target_date"]
    ss[K.M_CADENCE] = values["cadence"]


def _form_values() -> dict:
    measure = ss.get(K.M_MEASURE) or "check_ins_per_week"
    template = ss.get(K.M_TEMPLATE)
    return {
        "title": ss.get(K.M_TITLE, ""), "practice": ss.get(K.M_PRACTICE) or "",
        "measure": measure, "start": ss.get(K.M_START) or today,
        "cadence": ss.get(K.M_CADENCE) or "weekly",
        "template": None if template == milestones.CUSTOM else template,
    }


def _clear_form() -> None:
    for key in list(ss.keys()):
        if isinstance(key, str) and key.startswith(("milestones_target", K.M_TITLE, K.M_TEMPLATE)):
            del ss[key]
    ss[K.M_ADDING] = False


def _fresh(gen: int) -> bool:
    """False for the second click of a double click: the first one already saved the form."""
    if gen == int(ss.get(K.M_GEN, 0)):
        return True
    repeat_flash()  # keep the first click's message on screen
    return False


def _saved() -> None:
    """A form did its action: its widgets get new keys, so the browser draws them afresh."""
    ss[K.M_GEN] = int(ss.get(K.M_GEN, 0)) + 1


def _gk(key: str) -> str:
    """A tool's widget key in this generation (the key itself in the first)."""
    gen = int(ss.get(K.M_GEN, 0))
    return key if gen == 0 else f"{key}_{gen}"


def _save_one(baseline: float | None, gen: int = 0) -> None:
    if not _fresh(gen):
        return
    values = _form_values()
    new_id = act(lambda: milestones.create_milestone(   # an incomplete form: a kind error
        cursor(), account, target=ss.get(K.M_TARGET_PREFIX + values["measure"]),
        target_date=ss.get(K.M_TARGET_DATE), baseline=baseline, **values,
    ), success="Milestone saved. Its progress is counted from the start date, week by week.")
    if new_id is None:
        return
    _saved()
    _clear_form()
    ss[K.M_SELECTED] = new_id


def _save_plan(check: milestones.RealismCheck, gen: int = 0) -> None:
    if not _fresh(gen):
        return
    values = _form_values()
    values.pop("title")
    ids = act(lambda: milestones.create_plan(
        cursor(), account, title=ss.get(K.M_TITLE, ""), plan=check.stepped_plan,
        baseline=check.baseline, **values,
    ), success=lambda ids: f"Stepped plan saved as {len(ids)} milestones. One step at a time.")
    if ids is None:
        return
    _saved()
    _clear_form()
    ss[K.M_SELECTED] = ids[0]


def _use_target(measure: str, value: float) -> None:
    ss[K.M_TARGET_PREFIX + measure] = value


def _review(milestone_id: int, gen: int = 0) -> None:
    if not _fresh(gen):
        return
    if act(lambda: milestones.record_review(
        cursor(), account, milestone_id, ss.get(_gk(K.M_REVIEW_WORKED), ""),
        ss.get(_gk(K.M_REVIEW_DIDNT), ""), ss.get(_gk(K.M_REVIEW_ADJUST), ""), review_date=today,
    ), success="Review saved with the milestone.") is None:
        return
    _saved()


def _change(milestone_id: int) -> None:
    target = ss.get(_gk(f"{K.M_NEW_TARGET}_{milestone_id}"))
    target_date = ss.get(_gk(f"{K.M_NEW_DATE}_{milestone_id}"))
    if target is None or target_date is None:
        flash("error", "Please fill in the new target and date.")
        return
    if act(lambda: milestones.change_target(
        cursor(), account, milestone_id, target, ss.get(_gk(K.M_REASON), ""), target_date,
        today=today,
    ), success="Target changed. The old one and your reason are kept below.") is None:
        return
    _saved()


def _pause(milestone_id: int, paused: bool) -> None:
    if act(lambda: milestones.set_paused(cursor(), account, milestone_id, paused), kind="info",
           success="Paused: it rests without judging you." if paused else "Resumed.") is None:
        return
    _saved()


def _record_reached() -> None:
    """Record the wins of milestones reached since they were last recorded (the person asked)."""
    act(lambda: milestones.record_reached(cursor(), account, today),
        success=lambda newly: f"You reached {_names(newly)}. Each one is on your wins now. "
        "Well done.")


def _names(items: list[milestones.Milestone]) -> str:
    return ", ".join(f"“{m.title}”" for m in items)


def _delete(milestone_id: int) -> None:
    if remove(lambda: milestones.delete_milestone(cursor(), account, milestone_id),
              success="Milestone deleted. Any win it earned stays in your journal.") is None:
        return
    ss[K.M_SELECTED] = None
    _saved()


# ---------------------------------------------------------------- sections


def _cards(items: list[milestones.Milestone]) -> None:
    """One small card per milestone: title and status, the target, one gentle sentence."""
    for m in items:
        colour, icon = BADGE[m.status]
        due = ("  \n:material/event: A short review is due; open it below when you have "
               "five minutes." if m.review_due else "")
        with st.container(border=True):
            st.markdown(f"**{plain(m.title)}** &nbsp; :{colour}-badge[{icon} {m.status_label}]")
            st.caption(f"{plain(m.summary)}  \n{plain(m.note)}{due}")


def _detail(m: milestones.Milestone) -> None:
    st.subheader(plain(m.title), anchor=False)
    st.caption(plain(m.measure_def.how))
    data, spec = milestone_charts.chart_parts(m)
    st.vega_lite_chart(data, spec, width="stretch", height=380)
    st.caption("Dashed line: your target. Dotted line: the planned path from where you "
               "started. A low week is part of the trend, not a reset.")
    actions = ["Review", "Change target", "Resume" if m.paused else "Pause", "Delete"]
    action = st.segmented_control("What would you like to do?", actions, key=_gk(K.M_ACTION))
    if action == "Review":
        with st.form("milestones_review_form"):
            st.text_area("What worked?", key=_gk(K.M_REVIEW_WORKED))
            st.text_area("What didn't?", key=_gk(K.M_REVIEW_DIDNT))
            st.text_area("What would you adjust?", key=_gk(K.M_REVIEW_ADJUST))
            st.form_submit_button("Save review", type="primary", on_click=_review,
                                  args=(m.id, int(ss.get(K.M_GEN, 0))))
    elif action == "Change target":
        md = m.measure_def
        with st.form("milestones_change_form"):
            left, right = st.columns(2)
            left.number_input(
                f"New target ({md.unit.strip()})", min_value=float(md.low),
                max_value=float(md.high), value=float(m.target), step=float(md.step),
                format="%.1f" if md.decimals else "%.0f", key=_gk(f"{K.M_NEW_TARGET}_{m.id}"),
            )
            right.date_input("New target date", value=m.target_date, min_value=m.start,
                             key=_gk(f"{K.M_NEW_DATE}_{m.id}"), format=date_format())
            st.text_area("Why the change? (kept with the milestone)", key=_gk(K.M_REASON))
            st.form_submit_button("Change target", type="primary", on_click=_change,
                                  args=(m.id,))
    elif action in ("Pause", "Resume"):
        st.write("Pausing stops the status from judging while life is busy; "
                 "your weeks are still counted and shown.")
        st.button(action, key="milestones_pause_btn", on_click=_pause,
                  args=(m.id, action == "Pause"))
    elif action == "Delete":
        st.warning("Delete this milestone with its reviews? A win it earned stays.")
        st.button("Yes, delete it", type="primary", key="milestones_delete_yes",
                  on_click=_delete, args=(m.id,))

    reviews = load(lambda: milestones.list_milestone_reviews(con, account, m.id))
    changes = load(lambda: milestones.target_history(con, account, m.id))
    if reviews or changes:
        st.markdown("**Reviews and changes**")
    for change in changes:
        st.caption(f"{milestones.long_date(change.changed_on, locale())} · target "
                   f"{plain(m.measure_def.fmt(change.old_target))} → "
                   f"{plain(m.measure_def.fmt(change.new_target))}, date "
                   f"{milestones.short_date(change.old_target_date, locale())} → "
                   f"{milestones.short_date(change.new_target_date, locale())}")
        st.text(f"Why: {change.reason}")
    for review in reviews:
        with st.container(border=True):
            st.caption(f"Review of {milestones.long_date(review.review_date, locale())}")
            for label, text in (("Worked", review.worked), ("Didn't", review.didnt),
                                ("Adjust", review.adjust)):
                if text:
                    st.text(f"{label}: {text}")


def _new_form() -> None:
    if K.M_TEMPLATE not in ss:
        ss[K.M_TEMPLATE] = next(iter(milestones.TEMPLATES))
        _apply_template()
    st.selectbox(
        "Start from", [*milestones.TEMPLATES, milestones.CUSTOM], key=K.M_TEMPLATE,
        on_change=_apply_template,
        format_func=lambda k: milestones.TEMPLATES[k].title if k in milestones.TEMPLATES
        else "My own milestone",
    )
    template = milestones.TEMPLATES.get(ss.get(K.M_TEMPLATE) or "")
    if template:
        st.caption(template.why)
    st.text_input("Title", key=K.M_TITLE, max_chars=milestones.MAX_TITLE_CHARS)
    left, right = st.columns(2)
    measure_key = left.selectbox("Measure", list(milestones.OFFERED_MEASURES), key=K.M_MEASURE,
                                 format_func=lambda k: milestones.MEASURES[k].label)
    right.selectbox("Practice it's about", list(vocab.PRACTICES), key=K.M_PRACTICE,
                    format_func=lambda k: vocab.PRACTICES[k])
    md = milestones.MEASURES[measure_key]
    st.caption(md.how)
    target_key = K.M_TARGET_PREFIX + measure_key
    if target_key not in ss:
        ss[target_key] = float(md.modest if md.modest is not None else md.low)
    a, b, c, d = st.columns(4)
    target = a.number_input(
        f"Target ({'at most, ' if md.direction == 'down' else ''}{md.unit.strip()})",
        min_value=float(md.low), max_value=float(md.high), step=float(md.step),
        format="%.1f" if md.decimals else "%.0f", key=target_key,
    )
    b.date_input("Start", key=K.M_START, format=date_format())
    target_date = c.date_input("Target date", key=K.M_TARGET_DATE, format=date_format())
    d.selectbox("Review", list(milestones.CADENCES), key=K.M_CADENCE,
                format_func=lambda k: milestones.CADENCES[k])

    check = load(lambda: milestones.realism_check(
        con, account, measure_key, target, today, practice=ss.get(K.M_PRACTICE),
        target_date=target_date, start=ss.get(K.M_START) or today,
    ), stop=False)
    if check is None:
        return
    if check.kind == "large":
        st.warning(check.message, icon=":material/stairs:")
        st.markdown("**Stepped plan**")
        for day, value in check.stepped_plan:
            st.markdown(f"- by {milestones.long_date(day, locale())}: {plain(md.fmt(value))}")
        left, right = st.columns(2)
        left.button(f"Save the stepped plan ({len(check.stepped_plan)} milestones)",
                    type="primary", key="milestones_save_plan", on_click=_save_plan,
                    args=(check, int(ss.get(K.M_GEN, 0))), width="stretch")
        right.button("Save my target as it is", key="milestones_save_one",
                     on_click=_save_one, args=(check.baseline, int(ss.get(K.M_GEN, 0))),
                     width="stretch")
        return
    if check.kind == "no_baseline":
        st.info(check.message, icon=":material/spa:")
        if check.suggested_target is not None and check.suggested_target != target:
            st.button(f"Use {md.fmt(check.suggested_target)} instead", key="milestones_modest",
                      on_click=_use_target, args=(measure_key, check.suggested_target))
    else:
        st.success(check.message, icon=":material/check_circle:")
    st.button("Save milestone", type="primary", key="milestones_save_one",
              on_click=_save_one, args=(check.baseline, int(ss.get(K.M_GEN, 0))))


# ---------------------------------------------------------------- layout

st.title("Milestones")
show_flash()
removal_notice(account)
overview = load(lambda: milestones.overview(con, account, today))
items = overview.milestones
if overview.newly_reached:     # reached since wins were last recorded: recorded on request
    st.success(f"You reached {plain(_names(overview.newly_reached))}. Well done.",
               icon=":material/celebration:")
    st.button("Add to my wins", icon=":material/celebration:", key="milestones_record_reached",
              on_click=_record_reached)

if not items:
    st.write(
        "A milestone is a small, specific goal tied to one practice and counted from what you "
        "already write. Progress is looked at week by week: a quiet week is part of the "
        "trend, never a reset."
    )
    st.subheader("Your first milestone", anchor=False)
    _new_form()
    st.stop()

st.caption("Counted week by week from what you write. A quiet week is part of the trend, "
           "never a reset.")
_cards(overview.active)
if overview.reached:
    with st.expander(f"Reached ({len(overview.reached)}), each one also on your wins",
                     icon=":material/celebration:"):
        _cards(overview.reached)

by_id = {m.id: m for m in items}
if ss.get(K.M_SELECTED) not in by_id:
    ss[K.M_SELECTED] = items[0].id
st.divider()
selected = st.selectbox("Show progress for", list(by_id), key=K.M_SELECTED,
                        format_func=lambda i: by_id[i].title)
_detail(by_id[selected])

st.divider()
if ss.get(K.M_ADDING):
    st.subheader("New milestone", anchor=False)
    _new_form()
    st.button("Cancel", key="milestones_cancel", on_click=_clear_form)
else:
    st.button("Add a milestone", icon=":material/add:", key="milestones_add",
              on_click=lambda: ss.update({K.M_ADDING: True}))
