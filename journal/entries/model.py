"""What an entry is (its parts, history filters and summaries) and how one is validated.

Why apart from storage: the Write form, imports and the store must agree on one meaning of a
valid entry, without any of them needing the database to check it.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from journal import clock, vocab
from journal.errors import ValidationError

SEALED_ENTRY_COLUMNS = ("prompt_response", "body", "need", "hope")


@dataclass
class TriggerItem:
    """One trigger and what the person did when it happened."""

    trigger: str
    response: str | None = None
    note: str | None = None


@dataclass
class WinItem:
    """A celebrated win, tied to a practice."""

    practice: str
    text: str | None = None


@dataclass
class EntryInput:
    """Everything a person can write in one entry; local date-time as they lived it."""

    when_local: datetime
    kind: str = "reflection"
    body: str = ""
    prompt_id: str | None = None
    prompt_text: str | None = None
    prompt_response: str = ""
    need: str = ""
    hope: str = ""
    mood: int | None = None
    energy: int | None = None
    emotions: list[str] = field(default_factory=list)
    triggers: list[TriggerItem] = field(default_factory=list)
    wins: list[WinItem] = field(default_factory=list)
    utc_offset_min: int = 0
    source: str = "steady"
    source_id: str | None = None


@dataclass
class Entry(EntryInput):
    """A saved entry, decrypted for its owner."""

    id: int = 0
    created_utc: datetime | None = None
    saved_utc: datetime | None = None
    updated_utc: datetime | None = None
    unreadable: bool = False   # its sealed text is damaged: only date, kind and numbers are known

    @property
    def quadrant(self) -> str | None:
        return vocab.quadrant(self.mood, self.energy)


@dataclass(frozen=True)
class EntryFilter:
    """History filters; None means "any"."""

    text: str | None = None
    date_from: date | None = None
    date_to: date | None = None
    mood_min: int | None = None
    mood_max: int | None = None
    trigger: str | None = None
    emotion: str | None = None
    kind: str | None = None


@dataclass(frozen=True)
class EntrySummary:
    """One History row: enough to scan, never the whole entry."""

    id: int
    local_date: date
    local_time: time
    kind: str
    mood: int | None
    energy: int | None
    snippet: str
    triggers: list[str]
    emotions: list[str]
    wins: int
    unreadable: bool = False   # its sealed text is damaged (the snippet says so)


@dataclass(frozen=True)
class Page:
    """One page of History results."""

    items: list[EntrySummary]
    total: int
    page: int
    page_size: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.page_size))


# ---------------------------------------------------------------- validation


def _clean_text(text: str | None, what: str, limit: int) -> str:
    """Normalise newlines, keep every other character exactly; refuse what can't be stored."""
    value = (text or "").replace("\r\n", "\n").replace("\x00", "")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as err:
        raise ValidationError(
            f"The {what} has a character that can't be saved. Please retype that part."
        ) from err
    if len(value) > limit:
        raise ValidationError(
            f"The {what} is {len(value):,} characters; the limit is {limit:,}. "
            "Your text is still here: trim it or split it into two entries."
        )
    return value


def _clean_word(word: str, what: str) -> str:
    clean = unicodedata.normalize("NFC", (word or "").strip())
    if len(clean) > vocab.MAX_WORD_CHARS:
        raise ValidationError(
            f"Please keep each {what} under {vocab.MAX_WORD_CHARS} characters."
        )
    return clean


def _check_choices(inp: EntryInput) -> None:
    """Kind, mood and energy must be values the app offers."""
    if inp.kind not in vocab.KINDS:
        raise ValidationError("Please choose what kind of entry this is.")
    for label_, value in (("mood", inp.mood), ("energy", inp.energy)):
        if value is not None and not 1 <= int(value) <= 5:
            raise ValidationError(f"The {label_} should be between 1 and 5.")


def _clean_texts(inp: EntryInput) -> tuple[str, str, str, str]:
    """Body, prompt response, need and hope, cleaned and within their limits."""
    body = _clean_text(inp.body, "entry", vocab.MAX_TEXT_CHARS)
    response = _clean_text(inp.prompt_response, "prompt response", vocab.MAX_TEXT_CHARS)
    if len(body) + len(response) > vocab.MAX_TEXT_CHARS:
        raise ValidationError(
            f"Together, the prompt response and the entry are {len(body) + len(response):,} "
            f"characters; the limit is {vocab.MAX_TEXT_CHARS:,}. Your text is still here."
        )
    need = _clean_text(inp.need, "unmet need", vocab.MAX_SHORT_CHARS)
    hope = _clean_text(inp.hope, "hope", vocab.MAX_SHORT_CHARS)
    return body, response, need, hope


def _clean_emotions(words: list[str]) -> list[str]:
    emotions: list[str] = []
    for word in words:
        clean = _clean_word(word, "emotion word")
        if clean and clean not in emotions:
            emotions.append(clean)
    if len(emotions) > vocab.MAX_EMOTIONS:
        raise ValidationError(f"Please pick up to {vocab.MAX_EMOTIONS} emotion words.")
    return emotions


def _clean_triggers(items: list[TriggerItem]) -> list[TriggerItem]:
    triggers = []
    for item in items:
        name = _clean_word(item.trigger, "trigger")
        if not name:
            continue
        if item.response is not None and item.response not in vocab.RESPONSES:
            raise ValidationError("Please choose how you responded from the list.")
        triggers.append(
            TriggerItem(name, item.response, _clean_text(item.note, "trigger note",
                                                         vocab.MAX_SHORT_CHARS) or None)
        )
    return triggers


def _clean_wins(items: list[WinItem]) -> list[WinItem]:
    wins = []
    for win in items:
        practice = _clean_word(win.practice, "practice")
        if not practice:
            raise ValidationError("Please say which practice each win belongs to.")
        wins.append(WinItem(practice, _clean_text(win.text, "win", vocab.MAX_SHORT_CHARS) or None))
    return wins


FIRST_DAY = date(1900, 1, 1)   # the earliest day an entry can be dated


def check_day(day: date, utc_offset_min: int = 0, now_utc: datetime | None = None) -> None:
    """An entry's day must lie between 1900-01-01 and tomorrow where the person is.

    Why tomorrow: a person a few time zones ahead may already live in "tomorrow"; anything
    later (or before 1900) is a typo or a damaged file, and would break every page that counts
    days.
    """
    if now_utc is None:  # the fake clock (STEADY_NOW) moves "today" for tests and demos too
        now_utc = clock.utc_now() if clock.is_fake() else datetime.now(UTC).replace(tzinfo=None)
    now = now_utc + timedelta(minutes=utc_offset_min)
    last = now.date() + timedelta(days=1)
    if not FIRST_DAY <= day <= last:
        raise ValidationError(
            f"The date {day.isoformat()} can't be right for an entry: please choose a day "
            f"between {FIRST_DAY.isoformat()} and {last.isoformat()}."
        )


def validate(inp: EntryInput) -> EntryInput:
    """Return a cleaned copy or raise ValidationError with one friendly message."""
    _check_choices(inp)
    check_day(inp.when_local.date(), inp.utc_offset_min)
    body, response, need, hope = _clean_texts(inp)
    if len(inp.triggers) > vocab.MAX_TRIGGERS:
        raise ValidationError(
            f"An entry can hold up to {vocab.MAX_TRIGGERS} triggers. If more happened, "
            "that sounds like a lot: consider splitting this into two entries."
        )
    if len(inp.wins) > vocab.MAX_WINS:
        raise ValidationError(f"An entry can hold up to {vocab.MAX_WINS} wins.")
    emotions = _clean_emotions(inp.emotions)
    triggers = _clean_triggers(inp.triggers)
    wins = _clean_wins(inp.wins)
    if not (body.strip() or response.strip() or need.strip() or hope.strip() or inp.mood
            or triggers or wins or emotions):
        raise ValidationError(
            "There's nothing to save yet. Write a few words or pick a mood first."
        )
    return EntryInput(
        when_local=inp.when_local.replace(tzinfo=None, microsecond=0),
        kind=inp.kind, body=body, prompt_id=inp.prompt_id, prompt_text=inp.prompt_text,
        prompt_response=response, need=need, hope=hope,
        mood=int(inp.mood) if inp.mood is not None else None,
        energy=int(inp.energy) if inp.energy is not None else None,
        emotions=emotions, triggers=triggers, wins=wins, utc_offset_min=inp.utc_offset_min,
        source=inp.source, source_id=inp.source_id,
    )
