"""Demo rows for weekly reviews: the last few weeks of the demo journal, answered.

Why in journal.demo and not registered anywhere: journal.demo lists its generators in one
place; importing reviews never changes what the demo generates.
"""

from __future__ import annotations

from datetime import date, timedelta

import duckdb

from journal.account import Account
from journal.reviews import save_review

_DEMO_ANSWERS = [
    ("Keeping our Sunday check-in short made it easy to keep.",
     "I went quiet twice when plans changed at the last minute.",
     "Say 'I need ten minutes' out loud instead of just leaving the room."),
    ("Naming the feeling before answering slowed things down in a good way.",
     "I kept score in my head after the argument about the weekend.",
     "Write the score-keeping thoughts here instead of carrying them around."),
    ("The evening walk after dinner gave us time to talk without screens.",
     "Work stress spilled into the evenings.",
     "Plan a fifteen-minute check-in on the heavy days, not only on Sundays."),
    ("I apologised the same day, and said what I'd do differently.",
     "Late replies still set me off more than I'd like.",
     "Breathe first, then send one calm message instead of three."),
    ("We laughed more this week; small plans held.",
     "I skipped journaling for three days and felt more scattered.",
     "Keep the five-minute pause before bed, even when tired."),
    ("Asked for support instead of waiting for it to be noticed.",
     "An old memory came back and I let it colour the whole evening.",
     "Treat old memories as visitors: notice them, write a line, let them go."),
]


def demo_reviews(
    con: duckdb.DuckDBPyConnection, account: Account, first: date, last: date, rng: object
) -> None:
    """Weekly reviews for the last few weeks of the demo period (not the current week)."""
    weeks = min(len(_DEMO_ANSWERS), max(0, ((last - first).days - 6) // 7))
    for k in range(weeks, 0, -1):
        worked, didnt, adjust = _DEMO_ANSWERS[(weeks - k) % len(_DEMO_ANSWERS)]
        save_review(con, account, last - timedelta(days=6 + 7 * k), worked, didnt, adjust)
