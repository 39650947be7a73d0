"""Write: a suggested prompt, then mood, emotions, triggers and responses, wins. Draft kept.

Every widget key carries the form's generation (K.gen_key): Save and Discard start a new
generation, so the browser draws fresh, empty widgets. Each draft has a random token saved with
its entry, so the same draft sent twice (a double click, a stale form) is stored once.
"""

from __future__ import annotations

import secrets

import streamlit as st

from journal import entries, milestones, prompts, safety, suggestions, timeutil, vocab
from journal.sharing import rituals
from pages import _keys as K
from pages._components.draft_mirror import draft_mirror, typed
from pages._lock import still_here
from pages._shared import (
    act,
    cursor,
    date_format,
    flash,
    plain,
    require_account,
    show_flash,
    timezone,
)

account = require_account()
con = cursor()
tz = timezone()
today = timeutil.today(tz)
categories, library = prompts.load_library()
by_id = {p.id: p for p in library}
ss = st.session_state
ss.setdefault(K.W_GEN, 0)
ss.setdefault(K.W_TOKEN, secrets.token_urlsafe(16))
gen = ss[K.W_GEN]
# The text fields (draft field -> widget key); the mirror keeps their typing.
TEXT_KEYS = {"response": K.W_RESPONSE, "body": K.W_BODY, "need": K.W_NEED, "hope": K.W_HOPE}


def k(base: str, of: int | None = None) -> str:
    """This generation's key for a widget (or generation `of`)."""
    return K.gen_key(base, gen if of is None else of)


def _text(field: str, of: int | None = None) -> str:
    """What is typed in a text field: the mirror's report when fresher than the widget's.

    A report belongs to one form generation: one read from a form already saved never fills
    the next, empty form.
    """
    of = gen if of is None else of
    report = ss.get(K.W_TYPED) or {}
    if report.get("gen") == of and field in report.get("texts", {}):
        return report["texts"][field]
    return ss.get(k(TEXT_KEYS[field], of)) or ""


def _current() -> bool:
    """Whether the form this callback's widget belongs to is still the one on screen.

    Why: a callback runs with the page as it was drawn; a field's change or the mirror's
    report can reach the server in the same run as the Save that replaced that form.
    """
    return gen == ss.get(K.W_GEN)


def _draft_from_state(of: int | None = None) -> dict:
    """The form's current values (of generation `of`), as stored in the draft."""
    def get(base: str) -> object:
        return ss.get(k(base, of))

    triggers = list(get(K.W_TRIGGERS) or [])
    wins = list(get(K.W_WINS) or [])
    suggestion = ss.get(K.W_PROMPT)
    backdated = bool(ss.get(K.W_WHEN_SET))  # untouched date/time means "when I save"
    when_date = get(K.W_DATE) if backdated else None
    when_time = get(K.W_TIME) if backdated else None
    return {
        "token": ss[K.W_TOKEN],
        "kind": get(K.W_KIND) or "reflection",
        "prompt_id": suggestion.prompt.id if suggestion else None,
        "prompt_text": suggestion.prompt.text if suggestion else None,
        **{field: _text(field, of) for field in TEXT_KEYS},
        "mood": get(K.W_MOOD),
        "energy": get(K.W_ENERGY),
        "emotions": [w for q in vocab.EMOTIONS for w in get(K.W_EMOTIONS_PREFIX + q) or []],
        "custom_emotions": get(K.W_EMOTIONS_CUSTOM) or "",
        "triggers": triggers,
        "trigger_responses": {t: get(K.W_TRIGGER_RESPONSE_PREFIX + t) for t in triggers},
        "wins": wins,
        "win_texts": {p: get(K.W_WIN_TEXT_PREFIX + p) or "" for p in wins},
        "date": when_date.isoformat() if when_date else None,  # type: ignore[attr-defined]
        "time": when_time.strftime("%H:%M") if when_time else None,  # type: ignore[attr-defined]
    }


def _apply_draft(draft: dict) -> None:
    """Put a saved draft back into the widgets (before they are drawn)."""
    if draft.get("token"):
        ss[K.W_TOKEN] = str(draft["token"])
    ss[k(K.W_KIND)] = draft.get("kind") or "reflection"
    for field, key in (*TEXT_KEYS.items(), ("custom_emotions", K.W_EMOTIONS_CUSTOM)):
        ss[k(key)] = draft.get(field) or ""
    ss[k(K.W_MOOD)] = draft.get("mood")
    ss[k(K.W_ENERGY)] = draft.get("energy")
    chosen = set(draft.get("emotions") or [])
    for quadrant, words in vocab.EMOTIONS.items():
        ss[k(K.W_EMOTIONS_PREFIX + quadrant)] = [w for w in words if w in chosen]
    ss[k(K.W_TRIGGERS)] = list(draft.get("triggers") or [])
    for trig, resp in (draft.get("trigger_responses") or {}).items():
        ss[k(K.W_TRIGGER_RESPONSE_PREFIX + trig)] = resp
    ss[k(K.W_WINS)] = list(draft.get("wins") or [])
    for practice, text in (draft.get("win_texts") or {}).items():
        ss[k(K.W_WIN_TEXT_PREFIX + practice)] = text or ""
    if draft.get("date"):
        restored = entries.input_from_draft(draft, tz)
        ss[k(K.W_DATE)] = restored.when_local.date()
        ss[k(K.W_TIME)] = restored.when_local.time()
        ss[K.W_WHEN_SET] = True
    if draft.get("prompt_id") in by_id:
        ss[K.W_PROMPT] = prompts.Suggestion(  # as it was worded when offered
            prompts.with_text(by_id[draft["prompt_id"]], draft.get("prompt_text")),
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
    """on_change of every field: store the draft so nothing is lost on refresh.

    A field sent its value, so every field's value is current: the mirror's report is older.
    """
    if not _current():
        return
    ss.pop(K.W_TYPED, None)
    _store_draft()


def _keep_typed() -> None:
    """The mirror reported what is typed (within a second of a keystroke): keep it.

    Typing is activity: it keeps the idle lock away as clicks do.
    """
    texts = typed(k(K.W_MIRROR), gen)
    if texts is None or not _current():
        return
    still_here()
    ss[K.W_TYPED] = {"gen": gen, "texts": {f: v for f, v in texts.items() if f in TEXT_KEYS}}
    _store_draft()


def _store_draft() -> None:
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
    _new_prompt(ss.get(k(K.W_CATEGORY)) or None)


def _fresh_form() -> None:
    """Start a new generation of widgets (the browser draws them empty) and a new draft token."""
    for key in list(ss.keys()):
        if isinstance(key, str) and key.startswith("write_") and key not in _KEPT:
            del ss[key]
    ss[K.W_GEN] = ss.get(K.W_GEN, 0) + 1
    ss[K.W_TOKEN] = secrets.token_urlsafe(16)


_KEPT = {K.W_DRAFT_LOADED, K.W_GEN, K.W_TOKEN}


def _save(of: int, token: str) -> None:
    """Save the form of generation `of` as drawn with draft `token` (at most once per token)."""
    _note_prompt_shown()
    draft = _draft_from_state(of)
    saved = act(lambda: entries.save_draft_entry(cursor(), account,
                                                 entries.input_from_draft(draft, tz), token),
                slot=K.W_ERROR)
    if saved is None:
        return
    if of == ss.get(K.W_GEN):
        _fresh_form()
    if saved.already:
        flash("info", f"Already saved: entry #{saved.entry_id} is in your History. "
                      "Nothing was stored twice.")
        return
    # Reaching a milestone records a win: done here, where the data changed (owner B).
    reached = act(lambda: milestones.record_reached(cursor(), account, today), slot=K.W_ERROR)
    names = ", ".join(f"“{m.title}”" for m in reached or [])
    flash("success", f"Saved. Entry #{saved.entry_id} is in your History." + (
        f" You reached {names}: it's on your wins now." if names else ""))


def _discard(of: int) -> None:
    entries.clear_draft(cursor(), account)
    if of == ss.get(K.W_GEN):
        _fresh_form()
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
    st.markdown(f"#### {plain(suggestion.prompt.text)}")  # may hold the person's own word
    if suggestion.prompt.follow_up:
        st.write(suggestion.prompt.follow_up)
    st.caption(f"Why this prompt: {suggestion.reason}")
    left, right = st.columns([1, 2], vertical_alignment="bottom")
    left.button("Another prompt", on_click=_new_prompt, key="write_another")
    right.selectbox("Or choose a theme", [None, *categories], key=k(K.W_CATEGORY),
                    format_func=lambda c: "Any theme" if c is None else categories[c].label,
                    on_change=_pick_category)

st.text_area("Your response to the prompt", key=k(K.W_RESPONSE), height=140,
             on_change=_keep_draft)
st.text_area("Anything else on your mind", key=k(K.W_BODY), height=160, on_change=_keep_draft,
             placeholder="Describe what happened as you'd describe it to a kind friend: "
                         "what was said and done, not who someone is.")


@st.fragment
def _typing() -> None:
    """The count, a word of care, and the mirror that keeps what is typed within a second.

    A fragment: the mirror's report reruns only this part, so the fields being typed in are not
    redrawn, and a Save clicked meanwhile is never interrupted by it.
    """
    count = entries.typed_length(_text("body"), _text("response"))
    st.caption(f"{count:,} of {vocab.MAX_TEXT_CHARS:,} characters. "
               "Your draft is kept as you go.")
    if safety.mentions_crisis(*(_text(field) for field in TEXT_KEYS)):
        st.warning(safety.HELP_TEXT, icon="💛")
    draft_mirror(k(K.W_MIRROR), {f: k(key) for f, key in TEXT_KEYS.items()},
                 {f: _text(f) for f in TEXT_KEYS}, gen, _keep_typed)


_typing()

with st.expander("A need and a hope (for a conversation)"):
    st.text_input("One need that went unmet", key=k(K.W_NEED), on_change=_keep_draft)
    st.text_input("One hope for how it could go better", key=k(K.W_HOPE),
                  on_change=_keep_draft)

st.subheader("How you are", anchor=False)
st.pills("Mood", list(vocab.MOOD_LABELS), key=k(K.W_MOOD), on_change=_keep_draft,
         format_func=lambda m: f"{m} · {vocab.MOOD_LABELS[m]}")
st.pills("Energy", list(vocab.ENERGY_LABELS), key=k(K.W_ENERGY), on_change=_keep_draft,
         format_func=lambda m: f"{m} · {vocab.ENERGY_LABELS[m]}")
quadrant = vocab.quadrant(ss.get(k(K.W_MOOD)), ss.get(k(K.W_ENERGY)))
if quadrant:
    st.caption(f"Mood meter: {vocab.QUADRANTS[quadrant]}")
with st.expander("Emotion words", expanded=bool(quadrant)):
    cols = st.columns(2)
    for i, (quad, words) in enumerate(vocab.EMOTIONS.items()):
        # wrap=True: in a column, pills default to one sideways-scrolling row that hid 20 words.
        cols[i % 2].pills(vocab.QUADRANTS[quad], words, selection_mode="multi", wrap=True,
                          key=k(K.W_EMOTIONS_PREFIX + quad), on_change=_keep_draft)
    st.text_input("Your own words (comma separated)", key=k(K.W_EMOTIONS_CUSTOM),
                  on_change=_keep_draft)

st.subheader("What set things off", anchor=False)
st.multiselect("Triggers", list(vocab.TRIGGERS), key=k(K.W_TRIGGERS), accept_new_options=True,
               format_func=lambda t: vocab.label(vocab.TRIGGERS, t), on_change=_keep_draft,
               placeholder="Choose or type your own")
for trig in ss.get(k(K.W_TRIGGERS)) or []:
    trig_label = plain(vocab.label(vocab.TRIGGERS, trig))
    st.pills(f"When “{trig_label}” happened, I…", list(vocab.RESPONSES), wrap=True,
             key=k(K.W_TRIGGER_RESPONSE_PREFIX + trig), on_change=_keep_draft,
             format_func=lambda r: vocab.RESPONSES[r])
if vocab.marks_stressful_day(ss.get(k(K.W_TRIGGERS)) or []):
    # Offered on the day itself, never as a daily alarm: one event, for today only.
    offer = rituals.stress_offer(con, account, today, timeutil.local_now(tz).time(), tz)
    with st.container(border=True):
        st.markdown("**A hard day. Would fifteen minutes together help?**")
        st.caption(plain(f"A one-off check-in for today at {offer.at:%H:%M}"
                         + (f" with {offer.partner_name}" if offer.partner_name else "")
                         + ": say how the day landed and listen back, without fixing. "
                           "Only if you want it."))
        st.download_button("Add a 15-minute check-in for today (.ics)", data=offer.ics,
                           file_name=f"steady-check-in-{today:%Y-%m-%d}.ics",
                           mime="text/calendar", on_click="ignore", key=k("write_stress_ics"))

st.subheader("Wins worth celebrating", anchor=False)
st.multiselect("Practices you kept", list(vocab.PRACTICES), key=k(K.W_WINS),
               format_func=lambda p: vocab.label(vocab.PRACTICES, p), on_change=_keep_draft,
               placeholder="Small and specific counts")
for practice in ss.get(k(K.W_WINS)) or []:
    st.text_input(f"What you did: {vocab.label(vocab.PRACTICES, practice)}",
                  key=k(K.W_WIN_TEXT_PREFIX + practice), on_change=_keep_draft)

st.subheader("About this entry", anchor=False)
ss.setdefault(k(K.W_KIND), "reflection")
st.segmented_control("Kind", list(vocab.KINDS), key=k(K.W_KIND),
                     format_func=lambda kind: vocab.KINDS[kind], on_change=_keep_draft)
now = timeutil.local_now(tz)
ss.setdefault(k(K.W_DATE), now.date())
ss.setdefault(k(K.W_TIME), now.time())
when_left, when_right = st.columns(2)
when_left.date_input("Date", max_value=today, key=k(K.W_DATE), on_change=_backdate,
                     format=date_format())
when_right.time_input("Time", key=k(K.W_TIME), on_change=_backdate, step=300)

show_flash(K.W_ERROR)   # a problem saving is shown next to the button that saves
save_col, discard_col = st.columns([1, 1])
# The buttons belong to this generation and this draft: a click that reaches the server from a
# form already saved names that draft's token, which is then stored at most once.
save_col.button("Save entry", type="primary", on_click=_save, args=(gen, ss[K.W_TOKEN]),
                key=k("write_save"))
discard_col.button("Discard draft", on_click=_discard, args=(gen,), key=k("write_discard"))

# A pause with a return time is one tap away on Repair (kept there so Write stays light).
if st.button("I need a pause…", icon=":material/pause_circle:", key=k("write_pause")):
    st.switch_page("pages/repair.py", query_params={"pause": "1"})
