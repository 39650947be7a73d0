"""Pass-throughs for the Data page: format labels, detection, mood and practice choices, counts.

Why: the page shows these but must not reach into vocab, the registries, SQL or profiles itself.
"""

from __future__ import annotations

import duckdb

from journal import entries, profiles, vocab
from journal.account import Account
from journal.errors import ImportFormatError, ProfileError
from journal.transfer import exporters, importers
from journal.transfer.mapping import MoodChoice


def entry_count(con: duckdb.DuckDBPyConnection, account: Account) -> int:
    """How many entries the profile has (empty states on the Data page)."""
    return entries.count_entries(con, account)


def change_passphrase(
    con: duckdb.DuckDBPyConnection, account: Account, old: str, new: str, repeat: str
) -> Account:
    """New keys under a new passphrase, everything re-sealed; the account with its new keys."""
    if new != repeat:
        raise ProfileError("The two new passphrases don't match. Please type them again.")
    if new == old:
        raise ProfileError("The new passphrase is the same as the current one.")
    return profiles.change_passphrase(con, account, old, new)


def export_labels() -> dict[str, str]:
    """Export format name -> label."""
    return exporters.labels()


def import_labels() -> dict[str, str]:
    """Import format name -> label (the format picker on the Data page)."""
    return importers.labels()


def detect_format(data: bytes, filename: str = "") -> str | None:
    """The format the content looks like, or None if no importer recognises it."""
    try:
        return importers.detect(data, filename)
    except ImportFormatError:
        return None


def auto_mapped(moods: list[MoodChoice]) -> str:
    """"rad → 5, good → 4, …" for the moods Steady mapped by itself (Daylio's defaults)."""
    auto = sorted((m for m in moods if m.how == "default"), key=lambda m: -(m.mood or 0))
    return ", ".join(f"{m.label} → {m.mood}" for m in auto)


def practices() -> dict[str, str]:
    """Practice key -> label, for marking activities as wins."""
    return dict(vocab.PRACTICES)


def mood_options() -> dict[int | None, str]:
    """Choices for mapping a custom mood label."""
    return {**{m: f"{m} · {label}" for m, label in vocab.MOOD_LABELS.items()}, None: "No mood"}
