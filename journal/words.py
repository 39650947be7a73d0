"""Words that help: notice blaming words before sharing and offer a kinder shape instead.

Why: the texts ask people to describe what happened and what they need, not to pass a verdict on
the other person. Absolutes ("always", "never") and labels ("you're so…") tend to start a defence
rather than a conversation. This only ever *suggests*; it never blocks anything.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

SCAFFOLD = "When [what happened], I felt [emotion], I need [need]."

# (pattern, what to show the person). Word boundaries keep "forever" or "evermore" out.
_PATTERNS: tuple[tuple[str, str], ...] = (
    (r"\balways\b", "always"),
    (r"\bnever\b", "never"),
    (r"\byou(?:'|’)?re so\b|\byou are so\b", "you're so"),
    (r"\byou made me\b", "you made me"),
    (r"\byou make me\b", "you make me"),
    (r"\byour fault\b", "your fault"),
    (r"\bwhat(?:'|’)?s wrong with you\b", "what's wrong with you"),
    (r"\byou don(?:'|’)?t care\b", "you don't care"),
    (r"\byou only ever\b", "you only ever"),
    (r"\beveryone knows you\b", "everyone knows you"),
)
_COMPILED = tuple((re.compile(p, re.IGNORECASE), label) for p, label in _PATTERNS)


@dataclass(frozen=True)
class WordsCheck:
    """What was noticed (in order of first appearance) and the shape to try instead."""

    flagged: tuple[str, ...]
    scaffold: str = SCAFFOLD

    @property
    def any(self) -> bool:
        """True if there is something worth a gentle second look."""
        return bool(self.flagged)

    def message(self) -> str:
        """One kind sentence for the preview; empty when nothing was noticed."""
        if not self.flagged:
            return ""
        words = ", ".join(f"“{w}”" for w in self.flagged)
        return (f"A gentle second look: {words} can land as a verdict on the person rather "
                f"than a description of a moment. You could try: {self.scaffold} "
                "You can share it as it is, too.")


def check_words(texts: str | Iterable[str]) -> WordsCheck:
    """Flag blaming words in one text or several; never raises, never blocks."""
    items = [texts] if isinstance(texts, str) else list(texts)
    found: list[tuple[int, int, str]] = []
    for n, text in enumerate(items):
        for pattern, label in _COMPILED:
            match = pattern.search(text or "")
            if match:
                found.append((n, match.start(), label))
    found.sort()
    seen: list[str] = []
    for _, _, label in found:
        if label not in seen:
            seen.append(label)
    return WordsCheck(tuple(seen))
