"""The signed-in account: who is writing, and the keys that open their text (memory only).

Why its own module: profiles (which signs people in) and entries (which seals and opens their
text) both need it, and `profiles.open_session()` uses entries, so it can live in neither
without an import loop.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from journal import crypto


@dataclass(frozen=True)
class Account:
    """A signed-in profile: its id, display name and unlocked keys (memory only)."""

    id: int
    name: str
    keys: crypto.Keyring = field(repr=False, compare=False)
