"""Passphrase rules: one Unicode form, and a kind, specific strength check.

Why: the same passphrase typed on a Mac (often decomposed, NFD) and on a phone (composed, NFC)
must open the same journal, so every use goes through `normalize`. And a journal about one's
partner must not be guarded by "password": someone with a copy of the file can guess offline,
so new passphrases must be hard to guess, and the refusal says why and what would work.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

from zxcvbn import zxcvbn

from .errors import ProfileError

MIN_LENGTH = 8
# zxcvbn scores 0-4; 3 means roughly 10^8-10^10 guesses, which argon2id turns into years
# offline. A few uncommon words ("correct horse battery") reach 4 easily.
MIN_SCORE = 3
_CHECK_CHARS = 100  # zxcvbn's cost grows with length; the first 100 characters decide
_GENERIC_WORDS = ("steady", "journal")

_TIP = "Three or four words that don't usually go together, with spaces, work well."


def normalize(passphrase: str | None) -> str:
    """NFC form of what was typed; used wherever a passphrase is hashed, derived or compared."""
    return unicodedata.normalize("NFC", passphrase or "")


def problem(passphrase: str, hints: Sequence[str] = ()) -> str | None:
    """A kind sentence saying why this new passphrase is too easy to guess, or None if fine."""
    text = normalize(passphrase)
    if not text.strip():
        return "A passphrase made only of spaces would be easy to guess. " + _TIP
    if len(text) < MIN_LENGTH:
        return (f"Please use a passphrase of at least {MIN_LENGTH} characters. "
                "A few words you'll remember work well.")
    inputs = [h for h in hints if h] + list(_GENERIC_WORDS)
    result = zxcvbn(text[:_CHECK_CHARS], user_inputs=inputs)
    if result["score"] >= MIN_SCORE:
        return None
    feedback = result.get("feedback") or {}
    warning = str(feedback.get("warning") or "").strip().rstrip(".")
    because = f" ({warning[:1].lower()}{warning[1:]})" if warning else ""
    return f"That passphrase would be quick for someone to guess{because}. {_TIP}"


def require_strong(passphrase: str | None, hints: Sequence[str] = ()) -> str:
    """The normalized passphrase, or ProfileError with the kind reason it was refused."""
    text = normalize(passphrase)
    reason = problem(text, hints)
    if reason:
        raise ProfileError(reason)
    return text
