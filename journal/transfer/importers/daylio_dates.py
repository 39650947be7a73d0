"""Month names in the languages Daylio ships, from Babel's CLDR data, for `year,date` files.

Why: older Daylio exports write the day as display text in the phone's language ("7 września",
"22. Juni", "6月22日"). A hand-written table would miss languages and grammatical cases; CLDR has
the wide and abbreviated names in their format (genitive) and stand-alone forms.
"""

from __future__ import annotations

from functools import cache

from babel.dates import get_month_names

# The languages of Daylio's app listing; English first, so it wins a tie.
DAYLIO_LOCALES = (
    "en", "de", "fr", "es", "it", "pt", "nl", "pl", "cs", "sk", "ru", "uk", "be", "bg", "sr",
    "hr", "sl", "hu", "ro", "el", "tr", "sv", "da", "nb", "fi", "et", "lv", "lt", "ca", "id",
    "ms", "vi", "th", "ja", "ko", "zh", "he", "ar", "fa", "hi",
)
# Words around the month that carry no meaning of their own (English ordinals, "22 de junio",
# the CJK day/month/year counters once the numbers are split off).
FILLER = frozenset({"st", "nd", "rd", "th", "of", "de", "del", "do", "da", "di", "du", "d",
                    "月", "日", "年", "월", "일", "년"})


@cache
def month_names(locale: str) -> dict[str, int]:
    """Lower-case month name (wide, abbreviated; format and stand-alone) -> month number."""
    names: dict[str, int] = {}
    for width in ("wide", "abbreviated"):
        for context in ("format", "stand-alone"):
            for number, name in get_month_names(width, context, locale).items():
                key = name.casefold().strip(". ")
                if key and not key[0].isdecimal():
                    names.setdefault(key, number)
    if locale == "en":
        names.setdefault("sept", 9)
    return names


def best_locale(words: list[str]) -> str:
    """The Daylio language whose month names read the most of these words."""
    best, hits = "en", -1
    for locale in DAYLIO_LOCALES:
        table = month_names(locale)
        count = sum(1 for word in words if word in table)
        if count > hits:
            best, hits = locale, count
    return best
