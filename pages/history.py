"""History: entries newest first, filtered and paginated; open one to read, edit or delete."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

import streamlit as st

from journal import entries, vocab
from pages import _keys as K
from pages._shared import act, cursor, load, require_account, show_flash

PAGE_SIZE = 15
account = require_account()
con = cursor()
ss = st.session_state


def _open(entry_id: int | None) -> None:
    ss[K.H_OPEN] = entry_id
    ss[K.H_EDIT] = False
    ss[K.H_CONFIRM_DELETE] = False


def _reset_page() -> None:
    ss[K.H_PAGE] = 1


def _delete(entry_id: int) -> None:
    if act(lambda: entries.delete_entry(cursor(), account, entry_id),
           success="The entry was deleted.") is not None:
        _open(None)


def _save_edit(entry: entries.Entry) -> None:
    day = ss.get(K.E_PREFIX + "date") or entry.when_local.date()
    clock = ss.get(K.E_PREFIX + "time") or entry.when_local.time()
    changed = replace(
        entry,
        when_local=datetime.combine(day, clock),
        emotions=list(ss.get(K.E_PREFIX + "emotions") or []),
        body=ss.get(K.E_PREFIX + "body", ""),
        prompt_response=ss.get(K.E_PREFIX + "response", ""),
        need=ss.get(K.E_PREFIX + "need", ""),
        hope=ss.get(K.E_PREFIX + "hope", ""),
        mood=ss.get(K.E_PREFIX + "mood"),
        energy=ss.get(K.E_PREFIX + "energy"),
        kind=ss.get(K.E_PREFIX + "kind") or entry.kind,
    )
    if act(lambda: entries.update_entry(cursor(), account, entry.id, changed),
           success="Your changes are saved.") is not None:
        ss[K.H_EDIT] = False


def _show_entry(entry: entries.Entry) -> None:
    """Read view: every user text shown as plain text, never as Markdown or HTML."""
    st.button("← Back to the list", on_click=_open, args=(None,), key="history_back")
    st.subheader(f"{entry.when_local:%A %d %B %Y, %H:%M} · {vocab.KINDS.get(entry.kind)}",
                 anchor=False)
    facts = []
    if entry.mood:
        facts.append(f"Mood {entry.mood} ({vocab.MOOD_LABELS[entry.mood]})")
    if entry.energy:
        facts.append(f"Energy {entry.energy} ({vocab.ENERGY_LABELS[entry.energy]})")
    if entry.quadrant:
        facts.append(vocab.QUADRANTS[entry.quadrant])
    if facts:
        st.caption(" · ".join(facts))
    if entry.prompt_text:
        st.caption("Prompt")
        st.text(entry.prompt_text)
    for label, value in (("Your response", entry.prompt_response), ("Entry", entry.body),
                         ("Unmet need", entry.need), ("Hope", entry.hope)):
        if value:
            st.caption(label)
            st.text(value)
    if entry.emotions:
        st.caption("Emotion words")
        st.text(", ".join(entry.emotions))
    if entry.triggers:
        st.caption("Triggers and what you did")
        for t in entry.triggers:
            response = vocab.RESPONSES.get(t.response or "", "no response noted")
            st.text(f"• {vocab.label(vocab.TRIGGERS, t.trigger)} → {response}")
    if entry.wins:
        st.caption("Wins")
        for w in entry.wins:
            st.text(f"★ {vocab.label(vocab.PRACTICES, w.practice)}"
                    + (f": {w.text}" if w.text else ""))
    edit_col, delete_col = st.columns(2)
    edit_col.button("Edit", key="history_edit_btn",
                    on_click=lambda: ss.update({K.H_EDIT: True}))
    if not ss.get(K.H_CONFIRM_DELETE):
        delete_col.button("Delete", key="history_delete_btn",
                          on_click=lambda: ss.update({K.H_CONFIRM_DELETE: True}))
    else:
        delete_col.warning("Delete this entry for good? This can't be undone.")
        yes, no = delete_col.columns(2)
        yes.button("Yes, delete", type="primary", key="history_delete_yes",
                   on_click=_delete, args=(entry.id,))
        no.button("Keep it", key="history_delete_no",
                  on_click=lambda: ss.update({K.H_CONFIRM_DELETE: False}))


def _edit_entry(entry: entries.Entry) -> None:
    st.subheader(f"Editing {entry.when_local:%d %B %Y, %H:%M}", anchor=False)
    with st.form("history_edit_form"):
        st.text_area("Your response to the prompt", value=entry.prompt_response,
                     key=K.E_PREFIX + "response")
        st.text_area("Entry", value=entry.body, key=K.E_PREFIX + "body", height=200)
        st.text_input("One need that went unmet", value=entry.need, key=K.E_PREFIX + "need")
        st.text_input("One hope", value=entry.hope, key=K.E_PREFIX + "hope")
        st.pills("Mood", list(vocab.MOOD_LABELS), default=entry.mood, key=K.E_PREFIX + "mood",
                 format_func=lambda m: f"{m} · {vocab.MOOD_LABELS[m]}")
        st.pills("Energy", list(vocab.ENERGY_LABELS), default=entry.energy,
                 key=K.E_PREFIX + "energy",
                 format_func=lambda m: f"{m} · {vocab.ENERGY_LABELS[m]}")
        st.segmented_control("Kind", list(vocab.KINDS), default=entry.kind,
                             key=K.E_PREFIX + "kind", format_func=lambda k: vocab.KINDS[k])
        words = list(dict.fromkeys([*vocab.EMOTION_QUADRANT, *entry.emotions]))
        st.multiselect("Emotion words", words, default=entry.emotions,
                       key=K.E_PREFIX + "emotions", accept_new_options=True)
        day_col, time_col = st.columns(2)
        day_col.date_input("Date", value=entry.when_local.date(), key=K.E_PREFIX + "date")
        time_col.time_input("Time", value=entry.when_local.time(), key=K.E_PREFIX + "time",
                            step=300)
        st.caption("Triggers and wins stay as they were.")
        st.form_submit_button("Save changes", type="primary", on_click=_save_edit,
                              args=(entry,))
    st.button("Cancel", key="history_cancel_edit", on_click=lambda: ss.update({K.H_EDIT: False}))


st.title("History")
show_flash()
open_id = ss.get(K.H_OPEN)
if open_id is not None:
    opened = load(lambda: entries.get_entry(con, account, int(open_id)), stop=False, kind="info")
    if opened is None:
        st.button("← Back to the list", on_click=_open, args=(None,), key="history_back_missing")
        st.stop()
    if ss.get(K.H_EDIT):
        _edit_entry(opened)
    else:
        _show_entry(opened)
    st.stop()

total = entries.count_entries(con, account)
if total == 0:
    st.info("No entries yet. When you write one on the Write page, it will appear here.")
    st.stop()

used_triggers, used_emotions = entries.used_words(con, account)
with st.expander("Filter", expanded=False):
    st.text_input("Contains text", key=K.H_TEXT, on_change=_reset_page)
    st.date_input("Between dates", value=(), key=K.H_DATES, on_change=_reset_page)
    st.slider("Mood between", 1, 5, (1, 5), key=K.H_MOOD, on_change=_reset_page)
    a, b, c = st.columns(3)
    a.selectbox("Trigger", [None, *used_triggers], key=K.H_TRIGGER, on_change=_reset_page,
                format_func=lambda t: "Any" if t is None else vocab.label(vocab.TRIGGERS, t))
    b.selectbox("Emotion", [None, *used_emotions], key=K.H_EMOTION, on_change=_reset_page,
                format_func=lambda e: "Any" if e is None else e)
    c.selectbox("Kind", [None, *vocab.KINDS], key=K.H_KIND, on_change=_reset_page,
                format_func=lambda k: "Any" if k is None else vocab.KINDS[k])

dates = ss.get(K.H_DATES) or ()
mood_range = ss.get(K.H_MOOD) or (1, 5)
filt = entries.EntryFilter(
    text=ss.get(K.H_TEXT) or None,
    date_from=dates[0] if len(dates) > 0 else None,
    date_to=dates[1] if len(dates) > 1 else None,
    mood_min=mood_range[0], mood_max=mood_range[1],
    trigger=ss.get(K.H_TRIGGER), emotion=ss.get(K.H_EMOTION), kind=ss.get(K.H_KIND),
)
result = entries.list_entries(con, account, filt, page=ss.get(K.H_PAGE, 1), page_size=PAGE_SIZE)
st.caption(f"{result.total:,} of {total:,} entries · page {result.page} of {result.pages}")
if not result.items:
    st.info("Nothing matches these filters. Try widening them.")
for item in result.items:
    with st.container(border=True):
        lines = [f"{item.local_date:%a %d %b %Y} {item.local_time:%H:%M} · {vocab.KINDS[item.kind]}"
                 + (f" · mood {item.mood}/5" if item.mood else "")]
        if item.snippet:
            lines.append(item.snippet)
        tags = [vocab.label(vocab.TRIGGERS, t) for t in item.triggers] + item.emotions
        if tags or item.wins:
            lines.append(" · ".join(tags) + (f"  ★ {item.wins} win(s)" if item.wins else ""))
        st.text("\n".join(lines))  # one plain-text element per entry: user words stay inert
        st.button("Open", key=f"history_open_{item.id}", on_click=_open, args=(item.id,))
if result.pages > 1:
    ss[K.H_PAGE] = result.page
    st.number_input("Page", min_value=1, max_value=result.pages, key=K.H_PAGE, step=1)
