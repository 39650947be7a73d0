"""Noticing crisis language so the app can offer help calmly; it never blocks saving.

Why: people write about painful evenings here. If someone mentions wanting to die or hurt
themselves, the kind thing is to show where help is, right away, without judgement.
"""

from __future__ import annotations

import re
import unicodedata

_PATTERNS = [
    r"\bsuicid\w*",
    r"\bkill(?:ing)?\s+my\s?self\b",
    r"\bend(?:ing)?\s+(?:my|it)\s+(?:life|all)\b",
    r"\bend\s+it\s+all\b",
    r"\btake\s+my\s+(?:own\s+)?life\b",
    r"\b(?:don'?t|do\s+not)\s+want\s+to\s+(?:be\s+alive|live|exist|wake\s+up)\b",
    r"\bbetter\s+off\s+(?:dead|without\s+me)\b",
    r"\bwant(?:ed)?\s+to\s+die\b",
    r"\bself[\s-]?harm\w*",
    r"\bhurt(?:ing)?\s+my\s?self\b",
    r"\bcut(?:ting)?\s+my\s?self\b",
    r"\boverdos\w*",
    r"\bno\s+reason\s+to\s+live\b",
]
_RE = re.compile("|".join(_PATTERNS), re.IGNORECASE)

HELP_TEXT = (
    "Some of what you wrote sounds really heavy. If you might act on thoughts of hurting "
    "yourself, please reach someone now: call your local emergency number (112 in Europe, "
    "911 in North America, 999 in the UK), or a crisis line such as 988 in the US and Canada "
    "or Samaritans on 116 123 in the UK and Ireland. You can also find a line in your country "
    "at findahelpline.com. Your entry is still here and will be saved whenever you're ready."
)


def mentions_crisis(*texts: str | None) -> bool:
    """True if any text contains language about suicide or self-harm."""
    for text in texts:
        if text and _RE.search(unicodedata.normalize("NFKC", text).replace("’", "'")):
            return True
    return False
