"""What the person decides about an import: moods for custom labels, roles for activities/tags.

Why a module of its own: the preview, the write and the Data page all read these choices, and a
profile's earlier choices for a source are remembered (import_mappings) and offered again.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import duckdb

from journal.account import Account
from journal.db import utcnow
from journal.errors import ValidationError
from journal.transfer.importers import DAYLIO_DEFAULT_MOODS, ParsedImport

ROLE_TEXT = ""            # keep the activity or tag as words in the entry
ROLE_TRIGGER = "trigger"  # store it as a trigger (queryable in charts)
WIN_PREFIX = "win:"       # + practice key: store it as a celebrated win


@dataclass
class ImportChoices:
    """What the person decided: format override, moods for custom labels, activity roles."""

    fmt: str | None = None
    moods: dict[str, int | None] = field(default_factory=dict)  # label -> 1..5, None = no mood
    roles: dict[str, str] = field(default_factory=dict)  # label -> ROLE_TEXT/ROLE_TRIGGER/win:…
    tz_name: str | None = None  # zone for files without one (the browser's)
    date_format: str | None = None  # jrnl text: the timeformat of its headers (else found)
    accept_truncated: bool = False  # a file that looks cut off: import the readable part


@dataclass(frozen=True)
class MoodChoice:
    """A mood label found in the file and what it maps to (how: default/remembered/chosen)."""

    label: str
    count: int
    mood: int | None
    how: str  # "default" | "remembered" | "chosen" | "unmapped"

    @property
    def mapped(self) -> bool:
        return self.how != "unmapped"


@dataclass(frozen=True)
class LabelChoice:
    """An activity (Daylio) or tag (Day One, jrnl) and the role it will get."""

    label: str
    count: int
    kind: str  # "activity" | "tag"
    role: str

    @property
    def practice(self) -> str | None:
        return self.role[len(WIN_PREFIX):] if self.role.startswith(WIN_PREFIX) else None


def remembered(
    con: duckdb.DuckDBPyConnection, account: Account, source: str
) -> tuple[dict[str, int | None], dict[str, str]]:
    """The mood mapping and label roles this profile chose in earlier imports of `source`."""
    moods: dict[str, int | None] = {}
    roles: dict[str, str] = {}
    for kind, label, value in con.execute(
        "SELECT kind, label, value FROM import_mappings WHERE profile_id = ? AND source = ?",
        [account.id, source],
    ).fetchall():
        if kind == "mood":
            moods[label] = int(value) if value else None
        else:
            roles[label] = value
    return moods, roles


def remember(
    con: duckdb.DuckDBPyConnection, account: Account, source: str, choices: ImportChoices,
    moods: list[str], labels: list[str],
) -> None:
    """Keep this import's choices for `source`, so the next import of it starts from them."""
    rows = [["mood", label, "" if choices.moods[label] is None else str(choices.moods[label])]
            for label in moods if label in choices.moods]
    rows += [["label", label, choices.roles[label]] for label in labels if label in choices.roles]
    if not rows:
        return
    now = utcnow()
    con.executemany(
        "INSERT INTO import_mappings (profile_id, source, kind, label, value, updated_utc) "
        "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (profile_id, source, kind, label) "
        "DO UPDATE SET value = excluded.value, updated_utc = excluded.updated_utc",
        [[account.id, source, kind, label, value, now] for kind, label, value in rows],
    )


def resolve_moods(
    parsed: ParsedImport, chosen: dict[str, int | None], kept: dict[str, int | None]
) -> list[MoodChoice]:
    """Each mood label: chosen now, else remembered, else Daylio's default, else unmapped."""
    counts = Counter(e.mood_label for e in parsed.entries if e.mood_label)
    out = []
    every = parsed.mood_labels or list(counts)
    # Daylio's five words map by themselves only where the file looks like Daylio's scale (at
    # most five moods, or fewer own words than Daylio's): in a longer custom scale that merely
    # has a "Good" and a "Bad" among ten moods, the same word means something else, so the
    # person decides. Either way the Data page lets every label be changed.
    known = sum(1 for label in every if label.strip().casefold() in DAYLIO_DEFAULT_MOODS)
    defaults = len(every) <= len(DAYLIO_DEFAULT_MOODS) or len(every) - known < known
    for label in every:
        if label in chosen:
            out.append(MoodChoice(label, counts[label], chosen[label], "chosen"))
        elif label in kept:
            out.append(MoodChoice(label, counts[label], kept[label], "remembered"))
        elif defaults and label.strip().casefold() in DAYLIO_DEFAULT_MOODS:
            default = DAYLIO_DEFAULT_MOODS[label.strip().casefold()]
            out.append(MoodChoice(label, counts[label], default, "default"))
        else:
            out.append(MoodChoice(label, counts[label], None, "unmapped"))
    return out


def resolve_labels(
    parsed: ParsedImport, chosen: dict[str, str], kept: dict[str, str]
) -> list[LabelChoice]:
    """Each activity and tag, most used first, with the role chosen now or remembered."""
    acts = Counter(a for e in parsed.entries for a in e.activities)
    tags = Counter(t for e in parsed.entries for t in e.tags)
    out = []
    for counter, kind in ((acts, "activity"), (tags, "tag")):
        for label, count in sorted(counter.items(), key=lambda kv: (-kv[1], kv[0].casefold())):
            role = chosen.get(label, kept.get(label, ROLE_TEXT))
            out.append(LabelChoice(label, count, kind, _check_role(role)))
    return out


def _check_role(role: str | None) -> str:
    role = role or ROLE_TEXT
    if role in (ROLE_TEXT, ROLE_TRIGGER):
        return role
    if role.startswith(WIN_PREFIX) and role[len(WIN_PREFIX):].strip():
        return role
    raise ValidationError(f"“{role}” isn't a role Steady knows (use trigger or win:<practice>).")
