"""Unlinking two partners: everything between them goes, in one transaction.

Why a module of its own: the link lives in journal.sharing.partners, while agreements, pauses,
promise summaries and check-ins each have their own writer that builds on the link; only a use
case above them all can end the link and remove what hung from it without an import loop.
"""

from __future__ import annotations

import duckdb

from journal import agreements, checkin, pauses, promises
from journal.account import Account
from journal.db import transaction
from journal.sharing import partners


def unlink(con: duckdb.DuckDBPyConnection, account: Account, partner_id: int) -> None:
    """End the link and remove every insight, mirror, ritual and together item of the pair."""
    with transaction(con):
        partners.unlink(con, account, partner_id)
        for forget in (agreements.forget_pair, pauses.forget_pair, promises.forget_pair,
                       checkin.forget_pair):
            forget(con, account.id, partner_id)
