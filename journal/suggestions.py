"""Choosing today's prompt from the person's own recent entries.

Why: a prompt that answers what actually happened this week (triggers, withdrawing, a low
stretch, a win) is more useful than a random one; and repeating a prompt within 14 days feels
careless, so what was shown is remembered per profile.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import duckdb

from . import prompts, vocab
from .db import utcnow
from .profiles import Account

NO_REPEAT_DAYS = 14
FEELING_DAYS = 28  # "the last weeks" for the most frequent feeling word


def recent_activity(
    con: duckdb.DuckDBPyConnection, account: Account, today: date
) -> prompts.RecentActivity:
    """Summarise the last 7 days of the profile's own entries for prompt choice."""
    since = today - timedelta(days=6)
    row = con.execute(
        """
        SELECT count(*),
               count(*) FILTER (WHERE kind = 'check_in'),
               count(*) FILTER (WHERE kind = 'repair'),
               count(DISTINCT local_date) FILTER (WHERE mood <= 2)
        FROM entries WHERE profile_id = ? AND local_date BETWEEN ? AND ?
        """,
        [account.id, since, today],
    ).fetchone() or (0, 0, 0, 0)
    responses = dict(con.execute(
        """
        SELECT coalesce(response, ''), count(*) FROM entry_triggers
        WHERE profile_id = ? AND local_date BETWEEN ? AND ? GROUP BY 1
        """,
        [account.id, since, today],
    ).fetchall())
    wins_row = con.execute(
        "SELECT count(*) FROM wins WHERE profile_id = ? AND local_date BETWEEN ? AND ?",
        [account.id, since, today],
    ).fetchone()
    last = con.execute(
        "SELECT max(local_date) FROM entries WHERE profile_id = ?", [account.id]
    ).fetchone()
    # Lean over the last 90 days: which way does the person tend to move when triggered?
    lean_rows = dict(con.execute(
        """
        SELECT response, count(*) FROM entry_triggers
        WHERE profile_id = ? AND local_date >= ? AND response IN ('withdrew', 'pursued')
        GROUP BY 1
        """,
        [account.id, today - timedelta(days=90)],
    ).fetchall())
    withdrew, pursued = lean_rows.get("withdrew", 0), lean_rows.get("pursued", 0)
    lean = None
    if withdrew + pursued >= 3:
        if withdrew >= 2 * pursued:
            lean = "avoidant"
        elif pursued >= 2 * withdrew:
            lean = "anxious"
    return prompts.RecentActivity(
        entries_7d=int(row[0]),
        triggers_7d=int(sum(responses.values())),
        withdrew_7d=int(responses.get("withdrew", 0)),
        pursued_7d=int(responses.get("pursued", 0)),
        calm_7d=int(sum(responses.get(k, 0) for k in vocab.CALM_RESPONSES)),
        low_mood_days_7d=int(row[3]),
        wins_7d=int(wins_row[0]) if wins_row else 0,
        checkins_7d=int(row[1]),
        repairs_7d=int(row[2]),
        days_since_last_entry=(today - last[0]).days if last and last[0] else None,
        recently_shown=recently_shown(con, account),
        lean=lean,
        **_prompt_data(con, account, today),
    )


def _prompt_data(
    con: duckdb.DuckDBPyConnection, account: Account, today: date
) -> dict[str, Any]:
    """The most frequent feeling word of the last weeks (if it came up more than once), and
    whether the person has a milestone: what data-filled and milestone prompts need."""
    feeling = con.execute(
        "SELECT word FROM entry_emotions WHERE profile_id = ? AND local_date BETWEEN ? AND ? "
        "GROUP BY word HAVING count(*) > 1 ORDER BY count(*) DESC, word LIMIT 1",
        [account.id, today - timedelta(days=FEELING_DAYS - 1), today],
    ).fetchone()
    milestone = con.execute(
        "SELECT count(*) FROM milestones WHERE profile_id = ?", [account.id]).fetchone()
    return {"top_feeling": str(feeling[0]) if feeling else None,
            "has_milestone": bool(milestone and milestone[0])}


def recently_shown(con: duckdb.DuckDBPyConnection, account: Account) -> frozenset[str]:
    """Prompt ids shown to this profile in the last 14 days."""
    rows = con.execute(
        "SELECT DISTINCT prompt_id FROM prompts_shown WHERE profile_id = ? AND shown_utc >= ?",
        [account.id, utcnow() - timedelta(days=NO_REPEAT_DAYS)],
    ).fetchall()
    return frozenset(r[0] for r in rows)


def record_shown(
    con: duckdb.DuckDBPyConnection, account: Account, prompt_id: str, reason: str
) -> None:
    """Remember that a prompt was offered, so it isn't offered again for 14 days."""
    con.execute(
        "INSERT INTO prompts_shown (profile_id, prompt_id, shown_utc, reason) VALUES (?, ?, ?, ?)",
        [account.id, prompt_id, utcnow(), reason],
    )


def pick_prompt(
    con: duckdb.DuckDBPyConnection,
    account: Account,
    today: date,
    category: str | None = None,
    exclude: frozenset[str] = frozenset(),
) -> prompts.Suggestion:
    """Pick a prompt for today (a read: the Write page draws it, then records it on an action)."""
    return prompts.suggest(recent_activity(con, account, today), category=category,
                           exclude=exclude)


def next_prompt(
    con: duckdb.DuckDBPyConnection,
    account: Account,
    today: date,
    category: str | None = None,
    exclude: frozenset[str] = frozenset(),
) -> prompts.Suggestion:
    """Pick a prompt for today and record it as shown."""
    suggestion = pick_prompt(con, account, today, category=category, exclude=exclude)
    record_shown(con, account, suggestion.prompt.id, suggestion.reason)
    return suggestion
