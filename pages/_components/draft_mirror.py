"""Keep a draft while typing: a tiny components.v2 script that mirrors what is typed.

Why: st.text_area and st.text_input send their value only on blur or Ctrl+Enter, so a refresh
or a closed tab lost everything typed since the last click elsewhere. The script reads the
page's own fields (found by their keys) and reports their text at most a second after a
keystroke; the page stores the draft from it. The fields stay ordinary Streamlit widgets.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import streamlit as st
from streamlit.components.v2 import component

DELAY_MS = 1000   # at most this long after a keystroke, the text reaches the server
_JS = (Path(__file__).with_name("draft_mirror.js")).read_text(encoding="utf-8")
_mount = component("steady_draft_mirror", js=_JS)


def key_class(key: str) -> str:
    """The CSS class Streamlit gives the container of the widget with this key."""
    return "st-key-" + re.sub(r"[^a-zA-Z0-9_-]", "-", key.strip())


def draft_mirror(key: str, fields: dict[str, str], known: dict[str, str], gen: int,
                 on_typed: Callable[[], None]) -> None:
    """Mirror the widgets with keys `fields` (draft field -> widget key) to the server.

    `known` is what the server holds for each field (a field showing more is sent at once).
    `on_typed` runs (as a callback, before the page draws) with `typed(key, gen)` available.
    """
    classes = {name: key_class(widget) for name, widget in fields.items()}
    _mount(key=key, data={"fields": classes, "known": known, "delay_ms": DELAY_MS, "gen": gen},
           height=0, on_typed_change=on_typed)


def typed(key: str, gen: int) -> dict[str, str] | None:
    """The texts the mirror last reported for this form generation, or None."""
    state = st.session_state.get(key)
    event = state.get("typed") if hasattr(state, "get") else None
    if not isinstance(event, dict) or event.get("gen") != gen:
        return None
    texts = event.get("texts")
    if not isinstance(texts, dict):
        return None
    return {str(k): str(v) for k, v in texts.items() if isinstance(v, str)}
