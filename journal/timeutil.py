"""Local time for the writer: entries keep the date as the person lived it, plus UTC.

Why: "Tuesday night" must stay Tuesday night in charts even if the person travels, while UTC
keeps a true order of events.
"""

from __future__ import annotations

from datetime import date, datetime
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from babel import Locale, UnknownLocaleError
from babel.dates import format_date

# Without a browser locale (CLI, tests, an unknown tag), dates read the way they always did here.
DEFAULT_LOCALE = "en-GB"


def _zone(tz_name: str | None) -> ZoneInfo | None:
    if not tz_name:
        return None
    try:
        return ZoneInfo(tz_name)
    except (ZoneInfoNotFoundError, ValueError):
        return None


def local_now(tz_name: str | None = None) -> datetime:
    """Naive local 'now' in the browser's zone (server's zone if unknown), to the minute."""
    zone = _zone(tz_name)
    now = datetime.now(zone) if zone else datetime.now().astimezone()
    return now.replace(tzinfo=None, second=0, microsecond=0)


def offset_minutes(local: datetime, tz_name: str | None = None) -> int:
    """UTC offset in minutes of a naive local time in that zone (handles backdating across DST)."""
    zone = _zone(tz_name)
    aware = local.replace(tzinfo=zone) if zone else local.astimezone()
    delta = aware.utcoffset()
    return int(delta.total_seconds() // 60) if delta else 0


def today(tz_name: str | None = None) -> date:
    """The writer's local date."""
    return local_now(tz_name).date()


@lru_cache(maxsize=64)
def _locale(tag: str | None) -> Locale:
    """The Babel locale for a browser tag ("en-US", "de", "pt_BR"); the default if unknown."""
    for candidate in (tag, DEFAULT_LOCALE):
        if not candidate:
            continue
        try:
            return Locale.parse(candidate.replace("_", "-"), sep="-")
        except (UnknownLocaleError, ValueError, TypeError):
            continue
    return Locale.parse(DEFAULT_LOCALE, sep="-")


def long_date(day: date, locale: str | None = None) -> str:
    """"3 March 2027" (en-GB), "March 3, 2027" (en-US): how dates read in sentences."""
    return format_date(day, format="long", locale=_locale(locale))


def short_date(day: date, locale: str | None = None) -> str:
    """"3 Mar 2027" (en-GB), "Mar 3, 2027" (en-US): how dates read in lists."""
    return format_date(day, format="medium", locale=_locale(locale))


# st.date_input accepts only these orders, each with "/", "." or "-" between the parts.
_ORDERS = {"ymd": "YYYY{0}MM{0}DD", "dmy": "DD{0}MM{0}YYYY", "mdy": "MM{0}DD{0}YYYY"}


@lru_cache(maxsize=64)
def input_format(locale: str | None = None) -> str:
    """The st.date_input `format` closest to the locale's numeric dates.

    "MM/DD/YYYY" for en-US, "DD/MM/YYYY" for en-GB, "DD.MM.YYYY" for de, "YYYY-MM-DD" for sv:
    the order and separator of the locale's short pattern (Babel), with the year in full.
    """
    pattern = _locale(locale).date_formats["short"].pattern
    order = "".join(ch for ch in dict.fromkeys(c.lower() for c in pattern if c in "yMd"))
    separator = next((c for c in pattern if c in "/.-"), "/")
    return _ORDERS.get(order, _ORDERS["dmy"]).format(separator)
