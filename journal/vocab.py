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

TRIGGERS: dict[str, str] = {
    "late_reply": "Late reply",
    "cancelled_plans": "Cancelled plans",
    "silence": "Silence",
    "criticism": "Criticism",
    "feeling_ignored": "Feeling ignored",
    "conflict": "Conflict",
    "broken_promise": "Broken promise",
    "distance_after_closeness": "Distance after closeness",
    "phone_or_screen": "Partner on phone or screen",
    "old_memory": "An old memory resurfacing",
}

RESPONSES: dict[str, str] = {
    "withdrew": "Withdrew",
    "pursued": "Pursued or protested",
    "paused": "Paused",
    "self_soothed": "Self-soothed",
    "reached_out": "Reached out calmly",
}
CALM_RESPONSES = ("paused", "self_soothed", "reached_out")

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
