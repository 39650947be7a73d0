"""Write: a suggested prompt, then mood, emotions, triggers and responses, wins. Draft kept."""

from __future__ import annotations

import streamlit as st

from journal import entries, milestones, prompts, safety, suggestions, timeutil, vocab
from pages import _keys as K
from pages._shared import act, cursor, flash, plain, require_account, show_flash, timezone

account = require_account()
con = cursor()
tz = timezone()
today = timeutil.today(tz)
categories, library = prompts.load_library()
by_id = {p.id: p for p in library}
ss = st.session_state


def _draft_from_state() -> dict:
    """The form's current values, as stored in the draft."""
    triggers = list(ss.get(K.W_TRIGGERS) or [])
    wins = list(ss.get(K.W_WINS) or [])
    suggestion = ss.get(K.W_PROMPT)
    backdated = bool(ss.get(K.W_WHEN_SET))  # untouched date/time means "when I save"
    when_date = ss.get(K.W_DATE) if backdated else None
    when_time = ss.get(K.W_TIME) if backdated else None
    return {
        "kind": ss.get(K.W_KIND) or "reflection",
        "prompt_id": suggestion.prompt.id if suggestion else None,
        "prompt_text": suggestion.prompt.text if suggestion else None,
        "response": ss.get(K.W_RESPONSE, ""),
        "body": ss.get(K.W_BODY, ""),
        "need": ss.get(K.W_NEED, ""),
        "hope": ss.get(K.W_HOPE, ""),
        "mood": ss.get(K.W_MOOD),
        "energy": ss.get(K.W_ENERGY),
        "emotions": [w for q in vocab.EMOTIONS for w in ss.get(K.W_EMOTIONS_PREFIX + q) or []],
        "custom_emotions": ss.get(K.W_EMOTIONS_CUSTOM, ""),
        "triggers": triggers,
        "trigger_responses": {t: ss.get(K.W_TRIGGER_RESPONSE_PREFIX + t) for t in triggers},
        "wins": wins,
        "win_texts": {p: ss.get(K.W_WIN_TEXT_PREFIX + p, "") for p in wins},
        "date": when_date.isoformat() if when_date else None,
        "time": when_time.strftime("%H:%M") if when_time else None,
    }


def _apply_draft(draft: dict) -> None:
    """Put a saved draft back into the widgets (before they are drawn)."""
    ss[K.W_KIND] = draft.get("kind") or "reflection"
    for key, name in ((K.W_RESPONSE, "response"), (K.W_BODY, "body"), (K.W_NEED, "need"),
                      (K.W_HOPE, "hope"), (K.W_EMOTIONS_CUSTOM, "custom_emotions")):
        ss[key] = draft.get(name) or ""
    ss[K.W_MOOD] = draft.get("mood")
    ss[K.W_ENERGY] = draft.get("energy")
    chosen = set(draft.get("emotions") or [])
    for quadrant, words in vocab.EMOTIONS.items():
        ss[K.W_EMOTIONS_PREFIX + quadrant] = [w for w in words if w in chosen]
    ss[K.W_TRIGGERS] = list(draft.get("triggers") or [])
    for trig, resp in (draft.get("trigger_responses") or {}).items():
        ss[K.W_TRIGGER_RESPONSE_PREFIX + trig] = resp
    ss[K.W_WINS] = list(draft.get("wins") or [])
    for practice, text in (draft.get("win_texts") or {}).items():
        ss[K.W_WIN_TEXT_PREFIX + practice] = text or ""
    if draft.get("date"):
        restored = entries.input_from_draft(draft, tz)
        ss[K.W_DATE] = restored.when_local.date()
        ss[K.W_TIME] = restored.when_local.time()
        ss[K.W_WHEN_SET] = True
    if draft.get("prompt_id") in by_id:
        ss[K.W_PROMPT] = prompts.Suggestion(by_id[draft["prompt_id"]],
                                            "This is the prompt you were answering.")


def _note_prompt_shown() -> None:
    """Record the prompt on screen as shown, once, from the first action on the page.

    Why here and not when drawing: a page only reads while it draws.
    """
    suggestion = ss.get(K.W_PROMPT)
    if suggestion is not None and ss.get(K.W_PROMPT_RECORDED) != suggestion.prompt.id:
        act(lambda: suggestions.record_shown(cursor(), account, suggestion.prompt.id,
                                             suggestion.reason), slot=K.W_ERROR)
        ss[K.W_PROMPT_RECORDED] = suggestion.prompt.id


def _keep_draft() -> None:
    """on_change of every field: store the draft so nothing is lost on refresh."""
    _note_prompt_shown()
    draft = _draft_from_state()
    if entries.draft_has_content(draft):
        act(lambda: entries.save_draft(cursor(), account, draft), slot=K.W_ERROR)


def _backdate() -> None:
    ss[K.W_WHEN_SET] = True
    _keep_draft()


def _new_prompt(category: str | None = None) -> None:
    current = ss.get(K.W_PROMPT)
    exclude = set(ss.get(K.W_PROMPT_EXCLUDE) or set())
    if current:
        exclude.add(current.prompt.id)
    _note_prompt_shown()
    ss[K.W_PROMPT_EXCLUDE] = exclude
    ss[K.W_PROMPT] = suggestions.pick_prompt(cursor(), account, today, category=category,
                                             exclude=frozenset(exclude))
    _keep_draft()


def _pick_category() -> None:
    _new_prompt(ss.get(K.W_CATEGORY) or None)


def _reset_form() -> None:
    for key in list(ss.keys()):
        if isinstance(key, str) and key.startswith("write_") and key != K.W_DRAFT_LOADED:
            del ss[key]


def _save() -> None:
    _note_prompt_shown()
    draft = _draft_from_state()
    entry_id = act(lambda: entries.save_entry(cursor(), account,
                                              entries.input_from_draft(draft, tz)),
                   slot=K.W_ERROR)
    if entry_id is None:
        return
    _reset_form()
    # Reaching a milestone records a win: done here, where the data changed (owner B).
    reached = act(lambda: milestones.record_reached(cursor(), account, today), slot=K.W_ERROR)
    names = ", ".join(f"“{m.title}”" for m in reached or [])
    flash("success", f"Saved. Entry #{entry_id} is in your History." + (
        f" You reached {names}: it's on your wins now." if names else ""))


def _discard() -> None:
    entries.clear_draft(cursor(), account)
    _reset_form()
    flash("info", "Draft discarded. A fresh page is ready.")


# Restore the draft once per session, before any widget is drawn.
if ss.get(K.W_DRAFT_LOADED) != account.id:
    ss[K.W_DRAFT_LOADED] = account.id
    saved = entries.load_draft(con, account)
    if entries.draft_has_content(saved):
        _apply_draft(saved or {})
        flash("info", "Welcome back: your unfinished entry is restored below.")
if K.W_PROMPT not in ss:
    ss[K.W_PROMPT] = suggestions.pick_prompt(con, account, today)   # recorded on an action

st.title("Write")
show_flash()
suggestion = ss[K.W_PROMPT]
with st.container(border=True):
    st.caption(categories[suggestion.prompt.category].label)
    st.markdown(f"#### {suggestion.prompt.text}")  # library text, not user text
    if suggestion.prompt.follow_up:
        st.write(suggestion.prompt.follow_up)
    st.caption(f"Why this prompt: {suggestion.reason}")
    left, right = st.columns([1, 2], vertical_alignment="bottom")
    left.button("Another prompt", on_click=_new_prompt, key="write_another")
    right.selectbox("Or choose a theme", [None, *categories], key=K.W_CATEGORY,
                    format_func=lambda c: "Any theme" if c is None else categories[c].label,
                    on_change=_pick_category)

st.text_area("Your response to the prompt", key=K.W_RESPONSE, height=140,
             on_change=_keep_draft)
st.text_area("Anything else on your mind", key=K.W_BODY, height=160, on_change=_keep_draft,
             placeholder="Describe what happened as you'd describe it to a kind friend: "
                         "what was said and done, not who someone is.")
typed = entries.typed_length(ss.get(K.W_BODY), ss.get(K.W_RESPONSE))
st.caption(f"{typed:,} of {vocab.MAX_TEXT_CHARS:,} characters. Your draft is kept as you go.")
if safety.mentions_crisis(ss.get(K.W_BODY), ss.get(K.W_RESPONSE), ss.get(K.W_NEED),
                          ss.get(K.W_HOPE)):
    st.warning(safety.HELP_TEXT, icon="💛")

with st.expander("A need and a hope (for a conversation)"):
    st.text_input("One need that went unmet", key=K.W_NEED, on_change=_keep_draft)
    st.text_input("One hope for how it could go better", key=K.W_HOPE, on_change=_keep_draft)

st.subheader("How you are", anchor=False)
st.pills("Mood", list(vocab.MOOD_LABELS), key=K.W_MOOD, on_change=_keep_draft,
         format_func=lambda m: f"{m} · {vocab.MOOD_LABELS[m]}")
st.pills("Energy", list(vocab.ENERGY_LABELS), key=K.W_ENERGY, on_change=_keep_draft,
         format_func=lambda m: f"{m} · {vocab.ENERGY_LABELS[m]}")
quadrant = vocab.quadrant(ss.get(K.W_MOOD), ss.get(K.W_ENERGY))
if quadrant:
    st.caption(f"Mood meter: {vocab.QUADRANTS[quadrant]}")
with st.expander("Emotion words", expanded=bool(quadrant)):
    cols = st.columns(2)
    for i, (quad, words) in enumerate(vocab.EMOTIONS.items()):
        cols[i % 2].pills(vocab.QUADRANTS[quad], words, selection_mode="multi",
                          key=K.W_EMOTIONS_PREFIX + quad, on_change=_keep_draft)
    st.text_input("Your own words (comma separated)", key=K.W_EMOTIONS_CUSTOM,
                  on_change=_keep_draft)

st.subheader("What set things off", anchor=False)
st.multiselect("Triggers", list(vocab.TRIGGERS), key=K.W_TRIGGERS, accept_new_options=True,
               format_func=lambda t: vocab.label(vocab.TRIGGERS, t), on_change=_keep_draft,
               placeholder="Choose or type your own")
for trig in ss.get(K.W_TRIGGERS) or []:
    trig_label = plain(vocab.label(vocab.TRIGGERS, trig))
    st.pills(f"When “{trig_label}” happened, I…", list(vocab.RESPONSES),
             key=K.W_TRIGGER_RESPONSE_PREFIX + trig, on_change=_keep_draft,
             format_func=lambda r: vocab.RESPONSES[r])

st.subheader("Wins worth celebrating", anchor=False)
st.multiselect("Practices you kept", list(vocab.PRACTICES), key=K.W_WINS,
               format_func=lambda p: vocab.label(vocab.PRACTICES, p), on_change=_keep_draft,
               placeholder="Small and specific counts")
for practice in ss.get(K.W_WINS) or []:
    st.text_input(f"What you did: {vocab.label(vocab.PRACTICES, practice)}",
                  key=K.W_WIN_TEXT_PREFIX + practice, on_change=_keep_draft)

st.subheader("About this entry", anchor=False)
ss.setdefault(K.W_KIND, "reflection")
st.segmented_control("Kind", list(vocab.KINDS), key=K.W_KIND,
                     format_func=lambda k: vocab.KINDS[k], on_change=_keep_draft)
now = timeutil.local_now(tz)
ss.setdefault(K.W_DATE, now.date())
ss.setdefault(K.W_TIME, now.time())
when_left, when_right = st.columns(2)
when_left.date_input("Date", max_value=today, key=K.W_DATE, on_change=_backdate)
when_right.time_input("Time", key=K.W_TIME, on_change=_backdate, step=300)

show_flash(K.W_ERROR)   # a problem saving is shown next to the button that saves
save_col, discard_col = st.columns([1, 1])
save_col.button("Save entry", type="primary", on_click=_save, key="write_save")
discard_col.button("Discard draft", on_click=_discard, key="write_discard")
