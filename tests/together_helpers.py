"""Helpers for the together tests (issue 11): link two profiles, make a hard moment."""

from __future__ import annotations

from datetime import datetime

from journal import entries
from journal.entries import TriggerItem
from journal.sharing import partners as sharing


def link(con, a, b) -> None:
    """Link two profiles the way people do: a code from one, entered by the other."""
    code = sharing.create_invitation(con, a).code
    sharing.accept_invitation(con, b, code)


def hard_moment(con, account, when: datetime) -> int:
    """An entry with a trigger at `when`."""
    return entries.save_entry(con, account, entries.EntryInput(
        when_local=when, body="We didn't talk after dinner.", mood=2,
        triggers=[TriggerItem("silence", "withdrew")]))
