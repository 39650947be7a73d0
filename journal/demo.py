"""Realistic, deterministic demo data for a profile.

Why: charts, milestones and benchmarks must be judged on data shaped like a real person's
year: weekly rhythms, dips and recoveries, triggers that pull mood down on their days, wins that
become more frequent, and responses that shift from withdrawing to reaching out calmly.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

import duckdb
import pandas as pd

from . import prompts, vocab
from .db import utcnow
from .profiles import Account

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


@dataclass(frozen=True)
class DemoSummary:
    """What was generated."""

    entries: int
    triggers: int
    wins: int
    first_day: date
    last_day: date


def generate(
    con: duckdb.DuckDBPyConnection,
    account: Account,
    years: float = 1.0,
    seed: int = 7,
    end: date | None = None,
    daily: bool = False,
) -> DemoSummary:
    """Fill a profile with `years` of entries ending `end` (default yesterday); seeded.

    daily=True writes exactly one entry every day (benchmarks); otherwise most days have one
    entry and some have none or two, as people really write.
    """
    rng = random.Random(seed)
    end = end or date.today() - timedelta(days=1)  # whole days only, none in the future
    days = max(1, int(round(365.25 * years)))
    start = end - timedelta(days=days - 1)
    _, library = prompts.load_library()
    seal = account.keys.seal

    rows, emo_rows, trig_rows, win_rows = [], [], [], []
    noise = 0.0
    dip_left, dip_depth = 0, 0.0
    for i in range(days):
        day = start + timedelta(days=i)
        progress = i / max(1, days - 1)            # 0 → 1 across the period
        if dip_left == 0 and rng.random() < 1 / 75:
            dip_left, dip_depth = rng.randint(5, 14), rng.uniform(0.8, 1.6)
        in_dip = dip_left > 0
        dip_left = max(0, dip_left - 1)
        skip, double = rng.random() < 0.15, rng.random() < 0.08
        n_entries = 1 if daily else (0 if skip else (2 if double else 1))
        for k in range(n_entries):
            noise = 0.6 * noise + rng.gauss(0, 0.45)
            weekly = {0: -0.25, 4: 0.15, 5: 0.35, 6: 0.3}.get(day.weekday(), 0.0)
            trig_p = (0.38 - 0.18 * progress) + (0.25 if in_dip else 0.0)
            triggers = []
            if rng.random() < trig_p:
                count = 1 if rng.random() < 0.8 else 2
                triggers = rng.sample(list(vocab.TRIGGERS), count)
            level = 2.9 + 0.8 * progress + weekly + noise - (dip_depth if in_dip else 0.0)
            level -= 0.7 * len(triggers)
            mood = int(min(5, max(1, round(level))))
            energy = int(min(5, max(1, round(3 + rng.gauss(0, 0.9) + (0.3 if mood >= 4 else 0)))))
            responses = []
            for _t in triggers:
                w_withdraw = 0.45 * (1 - progress) + 0.05
                w_pursue = 0.25 * (1 - progress) + 0.05
                w_calm = 0.3 + 0.6 * progress
                pick = rng.choices(
                    ["withdrew", "pursued", "paused", "self_soothed", "reached_out"],
                    [w_withdraw, w_pursue, w_calm * 0.3, w_calm * 0.3, w_calm * 0.4],
                )[0]
                responses.append(pick)
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
            rows.append({
                "local_date": day, "local_time": when.time(), "created_utc": when, "kind": kind,
                "prompt_id": prompt.id if prompt else None,
                "prompt_text": prompt.text if prompt else None,
                "prompt_response": seal("It made me notice how often I wait instead of asking.")
                if prompt else None,
                "body": seal(body), "mood": mood, "energy": energy,
                "emotions": emotions, "triggers": list(zip(triggers, responses, strict=True)),
                "wins": wins,
            })

    ids = [r[0] for r in con.execute(
        "SELECT nextval('entry_seq') FROM range(?)", [len(rows)]).fetchall()]
    now = utcnow()
    for entry_id, row in zip(ids, rows, strict=True):
        row["id"] = entry_id
        for word in row["emotions"]:
            emo_rows.append((entry_id, account.id, row["local_date"], word,
                             vocab.EMOTION_QUADRANT.get(word)))
        for trig, resp in row["triggers"]:
            trig_rows.append((entry_id, account.id, row["local_date"], trig, resp))
        for practice in row["wins"]:
            win_rows.append((entry_id, account.id, row["local_date"], practice,
                             seal(_WIN_LINES[practice])))
    frame = pd.DataFrame([{k: v for k, v in r.items() if k not in ("emotions", "triggers", "wins")}
                          for r in rows])
    frame["profile_id"] = account.id
    frame["saved_utc"] = now
    emo = pd.DataFrame(emo_rows, columns=["entry_id", "profile_id", "local_date", "word",
                                          "quadrant"])
    trig = pd.DataFrame(trig_rows, columns=["entry_id", "profile_id", "local_date", "trigger",
                                            "response"])
    win = pd.DataFrame(win_rows, columns=["entry_id", "profile_id", "local_date", "practice",
                                          "text"])
    con.execute("BEGIN TRANSACTION")
    try:
        con.register("demo_entries", frame)
        con.execute(
            """
            INSERT INTO entries (id, profile_id, created_utc, local_date, local_time, kind,
                prompt_id, prompt_text, prompt_response, body, mood, energy, saved_utc, source)
            SELECT id, profile_id, created_utc, local_date, local_time, kind, prompt_id,
                   prompt_text, prompt_response, body, mood, energy, saved_utc, 'demo'
            FROM demo_entries
            """
        )
        if len(emo):
            con.register("demo_emotions", emo)
            con.execute("INSERT INTO entry_emotions SELECT * FROM demo_emotions")
        if len(trig):
            con.register("demo_triggers", trig)
            con.execute(
                "INSERT INTO entry_triggers (entry_id, profile_id, local_date, trigger, response)"
                " SELECT * FROM demo_triggers"
            )
        if len(win):
            con.register("demo_wins", win)
            con.execute(
                "INSERT INTO wins (entry_id, profile_id, local_date, practice, text) "
                "SELECT * FROM demo_wins"
            )
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    finally:
        for name in ("demo_entries", "demo_emotions", "demo_triggers", "demo_wins"):
            try:
                con.unregister(name)
            except duckdb.Error:
                pass
    for hook in EXTRA_GENERATORS:
        hook(con, account, start, end, rng)
    return DemoSummary(len(rows), len(trig_rows), len(win_rows), start, end)


# Later capabilities (milestones, reviews) add their own demo rows here; each gets
# (con, account, first_day, last_day, rng).
EXTRA_GENERATORS: list = []


# Milestones and weekly reviews register their demo rows in EXTRA_GENERATORS when imported.
from . import milestones as _milestones  # noqa: E402,F401
from . import reviews as _reviews  # noqa: E402,F401
