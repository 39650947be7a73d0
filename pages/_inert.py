"""User words never become links: break the patterns Markdown turns into links on its own.

Why: Streamlit renders labels, captions, expander titles, messages and Markdown with GitHub's
"autolink literal" extension, which links bare `https://…`, `www.…` and `name@host` text even
after Markdown escaping (it runs on the parsed text). A partner's name or an insight title
reading "see https://evil.example" must show as words, never as a link someone taps. A word
joiner (U+2060, invisible, no width, no line break) placed inside each pattern stops the match
while the text looks exactly as typed.
"""

from __future__ import annotations

import re

WORD_JOINER = "\u2060"
# scheme followed by ':' (http:, https:, mailto:, xmpp:, javascript:…), "www." and "@".
_SCHEME = re.compile(r"(?i)(?<![a-z0-9+.-])([a-z][a-z0-9+.-]{1,30}):(?=\S)")
_WWW = re.compile(r"(?i)\b(www)\.")
_AT = re.compile(r"@")


def no_autolink(text: str) -> str:
    """The same words with every would-be autolink broken by an invisible word joiner."""
    text = _SCHEME.sub(lambda m: m.group(1) + ":" + WORD_JOINER, text)
    text = _WWW.sub(lambda m: m.group(1) + WORD_JOINER + ".", text)
    return _AT.sub("@" + WORD_JOINER, text)
