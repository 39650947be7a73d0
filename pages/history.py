"""History: entries newest first, filtered and paginated; open one to read, edit or delete.

What is shown is what is applied: the filters live in plain session state (K.H_FILTER) and the
widgets only edit them. The widgets' keys carry a generation (K.H_GEN) that is bumped whenever
the list is hidden and shown again or the filters are cleared, so the browser always draws them
fresh from the applied filters instead of keeping values it remembered (or forgot).
"""

from __future__ import annotations

import zlib
from datetime import datetime

import streamlit as st

from journal import entries, vocab
from pages import _keys as K
from pages._removal import removal_notice, remove
from pages._shared import act, cursor, date_format, load, plain, require_account, show_flash

PAGE_SIZE = 15
ANY = ""  # "any" in the filter selectboxes (None would read "Choose an option")
NO_FILTER = {"text": "", "dates": (), "mood": (1, 5), "trigger": ANY, "emotion": ANY,
             "kind": ANY}
FILTER_KEYS = {"text": K.H_TEXT, "dates": K.H_DATES, "mood": K.H_MOOD, "trigger": K.H_TRIGGER,
               "emotion": K.H_EMOTION, "kind": K.H_KIND, "page": K.H_PAGE}
account = require_account()
con = cursor()
ss = st.session_state


def _gen() -> int:
    return int(ss.get(K.H_GEN, 0))


def _renew() -> None:
    """New keys for every filter and edit widget: the browser draws them from state again."""
    ss[K.H_GEN] = _gen() + 1


def _wkey(field: str) -> str:
    return f"{FILTER_KEYS[field]}_{_gen()}"


def _ekey(field: str) -> str:
    return f"{K.E_PREFIX}{_gen()}_{field}"


def _filters() -> dict:
    if not isinstance(ss.get(K.H_FILTER), dict):
        ss[K.H_FILTER] = dict(NO_FILTER)
    return ss[K.H_FILTER]


def _apply(field: str) -> None:
    """A filter widget changed: apply its value and go back to the first page."""
    _filters()[field] = ss.get(_wkey(field), NO_FILTER[field])
    ss[K.H_PAGE] = 1


def _clear() -> None:
    ss[K.H_FILTER] = dict(NO_FILTER)
    ss[K.H_PAGE] = 1
    _renew()


def _page_key(applied: dict) -> str:
    """New for other filters: a filter change shows page 1 in the box, not the page before."""
    return f"{_wkey('page')}_{zlib.crc32(repr(sorted(applied.items())).encode())}"


def _turn_page() -> None:
    ss[K.H_PAGE] = int(ss.get(_page_key(_filters())) or 1)


def _open(entry_id: int | None) -> None:
    ss[K.H_OPEN] = entry_id
    ss[K.H_EDIT] = False
    ss[K.H_CONFIRM_DELETE] = False
    _renew()


def _start_edit() -> None:
    ss[K.H_EDIT] = True
    _renew()


def _stop_edit() -> None:
    ss[K.H_EDIT] = False
    _renew()


def _delete(entry_id: int) -> None:
    if not ss.get(K.H_CONFIRM_DELETE) or ss.get(K.H_OPEN) != entry_id:
        return  # a second click of "Yes, delete": already done
    ss[K.H_CONFIRM_DELETE] = False
    if remove(lambda: entries.delete_entry(cursor(), account, entry_id),
              success="The entry was deleted.") is not None:
        _open(None)


def _edited(entry: entries.Entry) -> entries.EntryInput:
    """The entry as the edit form now reads (triggers keep their notes; wins their texts)."""
    day = ss.get(_ekey("date")) or entry.when_local.date()
    clock = ss.get(_ekey("time")) or entry.when_local.time()
    notes = {t.trigger: t.note for t in entry.triggers}
    return entries.EntryInput(
        when_local=datetime.combine(day, clock), kind=ss.get(_ekey("kind")) or entry.kind,
        body=ss.get(_ekey("body"), ""), prompt_id=entry.prompt_id,
        prompt_text=entry.prompt_text, prompt_response=ss.get(_ekey("response"), ""),
        need=ss.get(_ekey("need"), ""), hope=ss.get(_ekey("hope"), ""),
        mood=ss.get(_ekey("mood")), energy=ss.get(_ekey("energy")),
        emotions=list(ss.get(_ekey("emotions")) or []),
        triggers=[entries.TriggerItem(t, ss.get(_ekey(f"response_{t}")), notes.get(t))
                  for t in ss.get(_ekey("triggers")) or []],
        wins=[entries.WinItem(p, ss.get(_ekey(f"win_{p}")) or None)
              for p in ss.get(_ekey("wins")) or []],
        utc_offset_min=entry.utc_offset_min, source=entry.source, source_id=entry.source_id,
    )


def _save_edit(entry: entries.Entry, gen: int) -> None:
    if not ss.get(K.H_EDIT) or gen != _gen():
        return  # a second click of "Save changes": the first one saved
    if act(lambda: entries.update_entry(cursor(), account, entry.id, _edited(entry)),
           success="Your changes are saved.") is not None:
        _stop_edit()


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
    edit_col.button("Edit", key="history_edit_btn", on_click=_start_edit)
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


def _edit_parts(entry: entries.Entry) -> None:
    """Triggers with what the person did, and wins with what they did: editable like Write."""
    responses = {t.trigger: t.response for t in entry.triggers}
    chosen = st.multiselect(
        "Triggers", list(dict.fromkeys([*vocab.TRIGGERS, *responses])),
        default=list(responses), key=_ekey("triggers"), accept_new_options=True,
        format_func=lambda t: vocab.label(vocab.TRIGGERS, t))
    for trig in chosen:
        st.pills(f"When “{plain(vocab.label(vocab.TRIGGERS, trig))}” happened, I…",
                 list(vocab.RESPONSES), default=responses.get(trig),
                 key=_ekey(f"response_{trig}"), format_func=lambda r: vocab.RESPONSES[r])
    texts: dict[str, str] = {}
    for w in entry.wins:  # two wins of one practice become one, their texts kept
        texts[w.practice] = "\n".join(x for x in (texts.get(w.practice), w.text) if x)
    practices = st.multiselect(
        "Practices you kept", list(dict.fromkeys([*vocab.PRACTICES, *texts])),
        default=list(texts), key=_ekey("wins"),
        format_func=lambda p: vocab.label(vocab.PRACTICES, p))
    for practice in practices:
        st.text_input(f"What you did: {plain(vocab.label(vocab.PRACTICES, practice))}",
                      value=texts.get(practice, ""), key=_ekey(f"win_{practice}"))


def _edit_entry(entry: entries.Entry) -> None:
    st.subheader(f"Editing {entry.when_local:%d %B %Y, %H:%M}", anchor=False)
    st.text_area("Your response to the prompt", value=entry.prompt_response,
                 key=_ekey("response"))
    st.text_area("Entry", value=entry.body, key=_ekey("body"), height=200)
    st.text_input("One need that went unmet", value=entry.need, key=_ekey("need"))
    st.text_input("One hope", value=entry.hope, key=_ekey("hope"))
    st.pills("Mood", list(vocab.MOOD_LABELS), default=entry.mood, key=_ekey("mood"),
             format_func=lambda m: f"{m} · {vocab.MOOD_LABELS[m]}")
    st.pills("Energy", list(vocab.ENERGY_LABELS), default=entry.energy, key=_ekey("energy"),
             format_func=lambda m: f"{m} · {vocab.ENERGY_LABELS[m]}")
    st.segmented_control("Kind", list(vocab.KINDS), default=entry.kind, key=_ekey("kind"),
                         format_func=lambda k: vocab.KINDS[k])
    words = list(dict.fromkeys([*vocab.EMOTION_QUADRANT, *entry.emotions]))
    st.multiselect("Emotion words", words, default=entry.emotions, key=_ekey("emotions"),
                   accept_new_options=True)
    _edit_parts(entry)
    day_col, time_col = st.columns(2)
    day_col.date_input("Date", value=entry.when_local.date(), key=_ekey("date"),
                       format=date_format())
    time_col.time_input("Time", value=entry.when_local.time(), key=_ekey("time"), step=300)
    save_col, cancel_col = st.columns(2)
    save_col.button("Save changes", type="primary", key="history_save_edit",
                    on_click=_save_edit, args=(entry, _gen()))
    cancel_col.button("Cancel", key="history_cancel_edit", on_click=_stop_edit)


def _described(applied: dict) -> list[str]:
    """The applied filters in words, for the line above the list."""
    parts = []
    if applied["text"]:
        parts.append(f"contains “{applied['text']}”")
    dates = tuple(applied["dates"] or ())
    if dates:
        parts.append(f"from {dates[0]:%d %b %Y}"
                     + (f" to {dates[1]:%d %b %Y}" if len(dates) > 1 else ""))
    if tuple(applied["mood"]) != NO_FILTER["mood"]:
        parts.append("mood {}–{}".format(*applied["mood"]))
    if applied["trigger"]:
        parts.append(f"trigger {vocab.label(vocab.TRIGGERS, applied['trigger'])}")
    if applied["emotion"]:
        parts.append(f"emotion {applied['emotion']}")
    if applied["kind"]:
        parts.append(vocab.KINDS.get(applied["kind"], applied["kind"]))
    return parts


def _with(options: list[str], current: str) -> list[str]:
    return [ANY, *options] + ([current] if current and current not in options else [])


def _filter_widgets(applied: dict, active: bool) -> None:
    """The filter widgets, drawn from the applied filters under this generation's keys."""
    used_triggers, used_emotions = entries.used_words(con, account)
    with st.expander("Filter", expanded=active):
        st.text_input("Contains text", value=applied["text"], key=_wkey("text"),
                      on_change=_apply, args=("text",))
        st.date_input("Between dates", value=tuple(applied["dates"] or ()), key=_wkey("dates"),
                      on_change=_apply, args=("dates",), format=date_format())
        st.slider("Mood between", 1, 5, tuple(applied["mood"]), key=_wkey("mood"),
                  on_change=_apply, args=("mood",))
        a, b, c = st.columns(3)
        trig = _with(used_triggers, applied["trigger"])
        a.selectbox("Trigger", trig, index=trig.index(applied["trigger"]),
                    key=_wkey("trigger"), on_change=_apply, args=("trigger",),
                    format_func=lambda t: "Any" if not t else vocab.label(vocab.TRIGGERS, t))
        emo = _with(used_emotions, applied["emotion"])
        b.selectbox("Emotion", emo, index=emo.index(applied["emotion"]), key=_wkey("emotion"),
                    on_change=_apply, args=("emotion",), format_func=lambda e: e or "Any")
        kinds = _with(list(vocab.KINDS), applied["kind"])
        c.selectbox("Kind", kinds, index=kinds.index(applied["kind"]), key=_wkey("kind"),
                    on_change=_apply, args=("kind",),
                    format_func=lambda k: vocab.KINDS.get(k, k) if k else "Any")


def _entry_filter(applied: dict) -> entries.EntryFilter:
    dates = tuple(applied["dates"] or ())
    return entries.EntryFilter(
        text=applied["text"] or None,
        date_from=dates[0] if len(dates) > 0 else None,
        date_to=dates[1] if len(dates) > 1 else None,
        mood_min=applied["mood"][0], mood_max=applied["mood"][1],
        trigger=applied["trigger"] or None, emotion=applied["emotion"] or None,
        kind=applied["kind"] or None,
    )


def _list_entries(total: int) -> None:
    applied = _filters()
    described = _described(applied)
    _filter_widgets(applied, bool(described))
    result = entries.list_entries(con, account, _entry_filter(applied),
                                  page=int(ss.get(K.H_PAGE) or 1), page_size=PAGE_SIZE)
    ss[K.H_PAGE] = result.page
    shown, clear = st.columns([4, 1], vertical_alignment="center")
    shown.caption(plain(f"{result.total:,} of {total:,} entries · page {result.page} of "
                        f"{result.pages}" + (" · filtered: " + ", ".join(described)
                                             if described else "")))
    clear.button("Clear filters", key="history_clear", on_click=_clear, disabled=not described,
                 width="stretch")
    if not result.items:
        st.info("Nothing matches these filters. Try widening them, or clear them.")
    for item in result.items:
        with st.container(border=True):
            lines = [f"{item.local_date:%a %d %b %Y} {item.local_time:%H:%M} · "
                     f"{vocab.KINDS[item.kind]}" + (f" · mood {item.mood}/5" if item.mood else "")]
            if item.snippet:
                lines.append(item.snippet)
            tags = [vocab.label(vocab.TRIGGERS, t) for t in item.triggers] + item.emotions
            if tags or item.wins:
                lines.append(" · ".join(tags) + (f"  ★ {item.wins} win(s)" if item.wins else ""))
            st.text("\n".join(lines))  # one plain-text element per entry: user words stay inert
            st.button("Open", key=f"history_open_{item.id}", on_click=_open, args=(item.id,))
    if result.pages > 1:
        st.number_input("Page", min_value=1, max_value=result.pages, value=result.page,
                        key=_page_key(applied), step=1, on_change=_turn_page)


st.title("History")
show_flash()
removal_notice(account)
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

entry_total = entries.count_entries(con, account)
if entry_total == 0:
    st.info("No entries yet. When you write one on the Write page, it will appear here.")
    st.stop()
_list_entries(entry_total)
