"""Curated words: entry kinds, mood scale, emotions, triggers, responses, practices.

Why one module: charts, filters, importers and the demo must agree on exactly these keys, while
the person can still add their own words (custom emotions and triggers are stored as typed).
"""

from __future__ import annotations

KINDS: dict[str, str] = {
    "reflection": "Reflection",
    "check_in": "Check-in",
    "repair": "Repair",
    "win": "Win",
}

MOOD_LABELS: dict[int, str] = {1: "Very low", 2: "Low", 3: "Okay", 4: "Good", 5: "Very good"}
ENERGY_LABELS: dict[int, str] = {1: "Drained", 2: "Low", 3: "Steady", 4: "Lively", 5: "Buzzing"}

# Mood-meter quadrants: energy (high/low) x pleasantness (unpleasant/pleasant).
QUADRANTS: dict[str, str] = {
    "high_unpleasant": "Tense (high energy, unpleasant)",
    "high_pleasant": "Bright (high energy, pleasant)",
    "low_unpleasant": "Heavy (low energy, unpleasant)",
    "low_pleasant": "Calm (low energy, pleasant)",
}

EMOTIONS: dict[str, list[str]] = {
    "high_unpleasant": [
        "anxious", "angry", "frustrated", "jealous", "panicky", "on edge", "hurt", "defensive",
        "overwhelmed", "resentful",
    ],
    "high_pleasant": [
        "hopeful", "excited", "proud", "playful", "affectionate", "energised", "grateful",
        "confident",
    ],
    "low_unpleasant": [
        "lonely", "sad", "numb", "disappointed", "ashamed", "tired", "rejected", "withdrawn",
        "discouraged", "guilty",
    ],
    "low_pleasant": [
        "calm", "content", "safe", "relieved", "tender", "settled", "connected", "at ease",
    ],
}
EMOTION_QUADRANT: dict[str, str] = {w: q for q, words in EMOTIONS.items() for w in words}

# Labels describe what could be seen or heard, never a verdict on anyone. Keys are stored, so they
# never change; a relabelled key keeps its earlier label in FORMER_LABELS (imports, typed words).
TRIGGERS: dict[str, str] = {
    "late_reply": "Late reply",
    "cancelled_plans": "Cancelled plans",
    "silence": "Silence",
    "criticism": "A remark about something I did",
    "feeling_ignored": "What I said went unanswered",
    "conflict": "Conflict",
    "broken_promise": "Something agreed didn't happen",
    "distance_after_closeness": "Distance after closeness",
    "phone_or_screen": "Talking while a screen had their attention",
    "old_memory": "An old memory resurfacing",
    "stressful_day": "A stressful day",
}

RESPONSES: dict[str, str] = {
    "withdrew": "Withdrew",
    "pursued": "Pressed to talk it out right away",
    "paused": "Paused",
    "self_soothed": "Self-soothed",
    "reached_out": "Reached out calmly",
}
CALM_RESPONSES = ("paused", "self_soothed", "reached_out")

# Earlier labels of relabelled keys: an import or a typed word carrying one still means that key.
FORMER_LABELS: dict[str, str] = {
    "Criticism": "criticism",
    "Feeling ignored": "feeling_ignored",
    "Broken promise": "broken_promise",
    "Partner on phone or screen": "phone_or_screen",
    "Pursued or protested": "pursued",
}

PRACTICES: dict[str, str] = {
    "stayed_engaged": "Stayed engaged in a tense moment",
    "repair": "Apologised and repaired",
    "check_in": "Kept a check-in ritual",
    "mirroring": "Listened and mirrored back",
    "named_feeling": "Named a feeling instead of acting on it",
    "boundary": "Stated a boundary kindly",
    "self_compassion": "Was kind to myself",
    "follow_through": "Followed through on a promise",
    "asked_for_support": "Asked for support",
}

MAX_TEXT_CHARS = 20_000
MAX_SHORT_CHARS = 2_000
MAX_TRIGGERS = 12
MAX_WINS = 12
MAX_EMOTIONS = 24
MAX_WORD_CHARS = 60


def quadrant(mood: int | None, energy: int | None) -> str | None:
    """Mood-meter quadrant for a mood/energy pair (3 counts as pleasant / high)."""
    if mood is None or energy is None:
        return None
    return f"{'high' if energy >= 3 else 'low'}_{'pleasant' if mood >= 3 else 'unpleasant'}"


def label(mapping: dict[str, str], key: str) -> str:
    """Display label for a curated key, or the custom word itself."""
    return mapping.get(key, key)


def _key_for(mapping: dict[str, str], word: str) -> str | None:
    folded = word.strip().casefold()
    for key, text in mapping.items():
        if folded in (key.casefold(), text.casefold()):
            return key
    key = next((k for t, k in FORMER_LABELS.items() if t.casefold() == folded), None)
    return key if key in mapping else None


def trigger_key(word: str) -> str:
    """The curated key for a trigger given by key, label or earlier label; else the word."""
    return _key_for(TRIGGERS, word) or word


def response_key(word: str | None) -> str | None:
    """The curated key for a response given by key, label or earlier label; else the word."""
    if word is None:
        return None
    return _key_for(RESPONSES, word) or word


STRESSFUL_DAY = "stressful_day"


def marks_stressful_day(triggers: list[str]) -> bool:
    """True when the triggers picked (or typed) include "A stressful day"."""
    return any(trigger_key(t) == STRESSFUL_DAY for t in triggers)
