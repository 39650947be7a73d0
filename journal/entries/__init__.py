"""Journal entries and their parts (emotions, triggers with responses, wins), drafts, history.

Why: this package is the one place that reads or writes a person's entries, so privacy (every
query is filtered by the signed-in profile) and encryption of free text (journal.crypto) are
enforced here and nowhere else has to remember them.

    model   what an entry is, and validate()
    store   the one writer: save/update/delete, bulk_insert (imports, demo), sealing upkeep
    read    the one decrypting reader: get_entry, History pages, load_for_export
    drafts  the entry being written

The names below are re-exported so callers can keep writing `entries.save_entry(...)`.
"""

from __future__ import annotations

from journal.entries.drafts import (
    clear_draft,
    draft_has_content,
    input_from_draft,
    load_draft,
    save_draft,
    typed_length,
)
from journal.entries.model import (
    SEALED_ENTRY_COLUMNS,
    Entry,
    EntryFilter,
    EntryInput,
    EntrySummary,
    Page,
    TriggerItem,
    WinItem,
    validate,
)
from journal.entries.read import (
    count_entries,
    get_entry,
    list_entries,
    load_for_export,
    used_words,
)
from journal.entries.store import (
    BulkEntry,
    Saved,
    bulk_insert,
    delete_entry,
    save_draft_entry,
    save_entry,
    seal_plaintext_rows,
    update_entry,
)

__all__ = [
    "SEALED_ENTRY_COLUMNS", "BulkEntry", "Entry", "EntryFilter", "EntryInput", "EntrySummary",
    "Page", "Saved", "TriggerItem", "WinItem", "bulk_insert", "clear_draft", "count_entries",
    "delete_entry", "draft_has_content", "get_entry", "input_from_draft", "list_entries",
    "load_draft", "load_for_export", "save_draft", "save_draft_entry", "save_entry",
    "seal_plaintext_rows", "typed_length", "update_entry", "used_words", "validate",
]
