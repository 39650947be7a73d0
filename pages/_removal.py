"""After a removal: rewrite the journal file, and say what older backups still hold.

Why: deleting a row leaves its sealed bytes in DuckDB's freed blocks, so every removal (delete
an entry or milestone, take back, unlink, undo an import, a passphrase change) is followed by a
rewrite of the file through the app's one connection (journal.compaction). Backups made before
are separate files that still hold what was removed: the page says so and offers to delete them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import streamlit as st

from journal.db import db_path
from journal.profiles import Account
from journal.transfer import backup, profile_backup
from pages import _keys as K
from pages._shared import act, flash, outcome, plain, say, shared_connection

T = TypeVar("T")

OLD_KEYS = "passphrase"   # what the notice says after a passphrase change


def rewrite_file() -> None:
    """Rewrite the journal so removed rows leave its bytes; a failure is said, not raised."""
    _, problem = outcome(lambda: shared_connection().compact())
    if problem is not None:
        flash("warning", "What you removed is gone from Steady, but the journal file could not be "
                       f"rewritten just now ({problem}). It will be at the next removal.")


def remove(action: Callable[[], T], success: str | Callable[[T], str] | None = None,
           *, kind: str = "removed") -> T | None:
    """act() for a removal: on success, rewrite the file and offer to delete older backups."""
    result = act(action, success)
    if result is not None:
        rewrite_file()
        st.session_state[K.REMOVED] = kind
    return result


def _delete_mine(account: Account) -> None:
    folder = backup.default_folder(db_path())
    act(lambda: profile_backup.delete_backups(folder, account.id),
        success=lambda n: f"Deleted {n} backup(s).")
    st.session_state.pop(K.REMOVED, None)


def removal_notice(account: Account) -> None:
    """Below the page's message: older backups still hold what was removed; offer to delete."""
    kind = st.session_state.get(K.REMOVED)
    if not kind:
        return
    folder = backup.default_folder(db_path())
    mine = profile_backup.profile_backups(folder, account.id)
    whole = [p for p in backup.list_backups(folder) if p not in mine]
    if kind == OLD_KEYS:
        text = ("Backups made before now still open with your old passphrase and hold your "
                "journal as it was then.")
    else:
        text = "Backups made before now still hold what you removed."
    if whole:
        text += (f" {len(whole)} older copy(ies) of the whole journal file in {folder} hold it "
                 "too; they hold every profile, so delete them only together.")
    if not mine:
        say("info", text + " You have no backups of your own here.")
        st.session_state.pop(K.REMOVED, None)
        return
    say("info", text + f" You have {len(mine)} backup(s) in {folder}: "
        + ", ".join(p.name for p in mine[:5]) + (" …" if len(mine) > 5 else ""))
    left, right = st.columns(2)
    left.button("Delete my older backups", key="removal_delete_backups", type="primary",
                on_click=_delete_mine, args=(account,))
    right.button("Keep them", key="removal_keep_backups",
                 on_click=lambda: st.session_state.pop(K.REMOVED, None))
    st.caption(plain("A partner's own backups are theirs: Steady can't delete them."))
