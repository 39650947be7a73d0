"""Demo entries: a year (or several) shaped like a real person's writing, as EntryInputs.

Why: charts, milestones and benchmarks must be judged on data shaped like a real person's
year: weekly rhythms, dips and recoveries, triggers that pull mood down on their days, wins that
become more frequent, and responses that shift from withdrawing to reaching out calmly.
Every draw comes from the one seeded `rng`, in a fixed order, so a seed always gives the same
journal.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from journal import prompts, vocab
from journal.entries.model import EntryInput, TriggerItem, WinItem

_OPENINGS = [
    "Quiet evening at home.", "Long day at work and I came home tired.",
    "We had breakfast together before the week got busy.", "Sunday, slow start.",
    "Spent most of the day apart, each with our own plans.", "Rainy day, both indoors.",
]
_TRIGGER_LINES = {
    "late_reply": "My message sat unanswered for most of the afternoon.",
    "cancelled_plans": "Our dinner plan was called off an hour before.",
    "silence": "We sat through the evening without really talking.",
    "criticism": "A comment about the dishes landed harder than it was meant.",
    "feeling_ignored": "I spoke and the answer came from behind a screen.",
    "conflict": "We argued about the weekend schedule.",
    "broken_promise": "The call that was promised for eight didn't happen.",
    "distance_after_closeness": "After a warm morning, the afternoon went cold and quiet.",
    "phone_or_screen": "Most of dinner happened with a phone on the table.",
    "old_memory": "Something small reminded me of last year's hard months.",
}
_RESPONSE_LINES = {
    "withdrew": "I went quiet and found reasons to be in another room.",
    "pursued": "I kept asking until it turned into an argument.",
    "paused": "I noticed my chest tighten and waited before answering.",
    "self_soothed": "I took a walk around the block and breathed slowly.",
    "reached_out": "Later I said plainly that I had felt left out, and we talked.",
}
_WIN_LINES = {
    "stayed_engaged": "I stayed in the conversation even when I wanted to leave.",
    "repair": "I apologised for my tone, said what I'd do differently, and meant it.",
    "check_in": "We kept our check-in even though the week was full.",
    "mirroring": "I repeated back what I heard before answering.",
    "named_feeling": "I said 'I feel anxious' instead of snapping.",
    "boundary": "I asked for an hour to myself, kindly, and came back as promised.",
    "self_compassion": "I didn't call myself names for a wobbly day.",
    "follow_through": "I called when I said I would.",
    "asked_for_support": "I booked the counsellor appointment we'd talked about.",
}
_CLOSINGS = [
    "Tomorrow I want to ask how their day really went.", "Going to bed a little lighter.",
    "Not perfect, but steadier than last month.", "Writing this helped me see my part.",
    "I can feel the pattern, which is something.", "",
]

_PROMPT_ANSWER = "It made me notice how often I wait instead of asking."


@dataclass
class _Walk:
    """What carries over from one demo day to the next."""

    noise: float = 0.0
    dip_left: int = 0
    dip_depth: float = 0.0


def entry_inputs(
    rng: random.Random, start: date, days: int, daily: bool
) -> list[EntryInput]:
    """Entries for `days` days from `start`: most days one, some none or two (daily: one)."""
    _, library = prompts.load_library()
    walk = _Walk()
    out: list[EntryInput] = []
    for i in range(days):
        day = start + timedelta(days=i)
        progress = i / max(1, days - 1)            # 0 → 1 across the period
        if walk.dip_left == 0 and rng.random() < 1 / 75:
            walk.dip_left, walk.dip_depth = rng.randint(5, 14), rng.uniform(0.8, 1.6)
        in_dip = walk.dip_left > 0
        walk.dip_left = max(0, walk.dip_left - 1)
        skip, double = rng.random() < 0.15, rng.random() < 0.08
        n_entries = 1 if daily else (0 if skip else (2 if double else 1))
        for k in range(n_entries):
            out.append(_entry(rng, walk, day, k, progress, in_dip, library))
    return out


def _entry(
    rng: random.Random, walk: _Walk, day: date, k: int, progress: float, in_dip: bool,
    library: list,
) -> EntryInput:
    """The k-th entry of one day."""
    walk.noise = 0.6 * walk.noise + rng.gauss(0, 0.45)
    weekly = {0: -0.25, 4: 0.15, 5: 0.35, 6: 0.3}.get(day.weekday(), 0.0)
    trig_p = (0.38 - 0.18 * progress) + (0.25 if in_dip else 0.0)
    triggers = []
    if rng.random() < trig_p:
        count = 1 if rng.random() < 0.8 else 2
        triggers = rng.sample(list(_TRIGGER_LINES), count)  # the demo's own ten
    level = 2.9 + 0.8 * progress + weekly + walk.noise - (walk.dip_depth if in_dip else 0.0)
    level -= 0.7 * len(triggers)
    mood = int(min(5, max(1, round(level))))
    energy = int(min(5, max(1, round(3 + rng.gauss(0, 0.9) + (0.3 if mood >= 4 else 0)))))
    responses = [_response(rng, progress) for _t in triggers]
    kind, wins = _kind_and_wins(rng, day, k, progress, responses)
    quad = vocab.quadrant(mood, energy) or "low_pleasant"
    emotions = rng.sample(vocab.EMOTIONS[quad], rng.randint(1, 3))
    body = " ".join(filter(None, [
        rng.choice(_OPENINGS),
        *(_TRIGGER_LINES[t] for t in triggers),
        *(_RESPONSE_LINES[r] for r in responses),
        *(_WIN_LINES[w] for w in wins),
        rng.choice(_CLOSINGS),
    ]))
    prompt = rng.choice(library) if rng.random() < 0.5 else None
    hour = 21 if k == 0 else 8
    when = datetime.combine(day, time(hour, rng.randint(0, 59)))
    # Demo rows leave absent text NULL (None), exactly as they always have.
    return EntryInput(
        when_local=when, kind=kind, body=body,
        prompt_id=prompt.id if prompt else None, prompt_text=prompt.text if prompt else None,
        prompt_response=_PROMPT_ANSWER if prompt else None,  # type: ignore[arg-type]
        need=None, hope=None,  # type: ignore[arg-type]
        mood=mood, energy=energy, emotions=emotions,
        triggers=[TriggerItem(t, r) for t, r in zip(triggers, responses, strict=True)],
        wins=[WinItem(w, _WIN_LINES[w]) for w in wins], source="demo",
    )


def _response(rng: random.Random, progress: float) -> str:
    """How the person met a trigger: withdrawing early on, calmer as the year goes."""
    w_withdraw = 0.45 * (1 - progress) + 0.05
    w_pursue = 0.25 * (1 - progress) + 0.05
    w_calm = 0.3 + 0.6 * progress
    return rng.choices(
        ["withdrew", "pursued", "paused", "self_soothed", "reached_out"],
        [w_withdraw, w_pursue, w_calm * 0.3, w_calm * 0.3, w_calm * 0.4],
    )[0]


def _kind_and_wins(
    rng: random.Random, day: date, k: int, progress: float, responses: list[str]
) -> tuple[str, list[str]]:
    """The entry's wins (more frequent over time) and its kind (Sunday check-ins, repairs)."""
    wins = []
    if rng.random() < 0.08 + 0.42 * progress:
        wins = rng.sample(list(vocab.PRACTICES), 1 if rng.random() < 0.85 else 2)
    if day.weekday() == 6 and k == 0 and rng.random() < 0.7:
        kind = "check_in"
        wins = wins or (["check_in"] if rng.random() < 0.6 else [])
    elif any(r in ("pursued", "withdrew") for r in responses) and rng.random() < 0.3:
        kind = "repair"
    elif wins and rng.random() < 0.3:
        kind = "win"
    else:
        kind = "reflection"
    return kind, wins
