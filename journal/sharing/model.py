"""What sharing is made of: partners, insights, their parts, mirrors, and the words on them.

Why a module of its own: the share packet (a format) and the pages need these types without
pulling in the storage and crypto of the whole feature.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from journal.errors import SharingError

KINDS: dict[str, str] = {
    "entry": "From a journal entry",
    "review": "From a weekly review",
    "milestone": "From a milestone",
    "chart": "A chart from Trends",
    "repair": "A repair statement",
}
GOT_IT = "got_it"
NOT_QUITE = "not_quite"
VERDICTS: dict[str, str] = {GOT_IT: "You got it", NOT_QUITE: "Not quite"}

MAX_TITLE = 200
MAX_PARTS = 30
MAX_CHART_BYTES = 1_000_000

# Part labels: the words the partner reads above each chosen piece.
LABEL_NEED = "A need of mine that went unmet"
LABEL_HOPE = "What I hope for"
LABEL_MOOD = "How I felt"
LABEL_TRIGGER = "What set me off, and what I did"
LABEL_WIN = "A small win"
LABEL_EXCERPT = "In my own words"
LABEL_WORKED = "What worked"
LABEL_DIDNT = "What didn't work"
LABEL_ADJUST = "What I want to adjust"
LABEL_MILESTONE = "Where I am with it"
LABEL_READING = "What it shows"

@dataclass(frozen=True)
class Partner:
    """Someone this profile is linked with."""

    id: int
    name: str
    linked_utc: datetime


@dataclass(frozen=True)
class Invitation:
    """An open invitation code, shown again to the person who made it."""

    id: int
    code: str
    created_utc: datetime
    expires_utc: datetime


def pair(a: int, b: int) -> tuple[int, int]:
    """The two ids of a pair in the order the tables store them (lower first)."""
    return (a, b) if a < b else (b, a)


@dataclass(frozen=True)
class Part:
    """One chosen piece, with the label the partner reads above it."""

    label: str
    text: str


@dataclass(frozen=True)
class InsightContent:
    """Exactly what the partner will see: nothing else travels."""

    kind: str
    title: str
    parts: tuple[Part, ...] = ()
    note: str = ""
    chart: dict[str, Any] | None = None

    def to_json(self) -> str:
        """Serialise for sealing."""
        return json.dumps(
            {"v": 1, "kind": self.kind, "title": self.title,
             "parts": [[p.label, p.text] for p in self.parts], "note": self.note,
             "chart": self.chart},
            ensure_ascii=False, separators=(",", ":"),
        )

    @classmethod
    def from_json(cls, text: str) -> InsightContent:
        """Parse a sealed payload after opening it; damaged JSON becomes a friendly error."""
        try:
            data = json.loads(text)
            return cls(
                kind=str(data["kind"]), title=str(data["title"]),
                parts=tuple(Part(str(label), str(value)) for label, value in data["parts"]),
                note=str(data.get("note") or ""),
                chart=data.get("chart") if isinstance(data.get("chart"), dict) else None,
            )
        except (ValueError, KeyError, TypeError) as err:
            raise SharingError("A shared insight couldn't be read; it may be damaged.") from err

    def texts(self) -> list[str]:
        """Every person-written string, for checks and searching."""
        return [self.title, self.note, *(p.text for p in self.parts)]


@dataclass(frozen=True)
class EntryPick:
    """Which parts of an entry go. Indexes point into entry.triggers / entry.wins."""

    need: bool = False
    hope: bool = False
    mood: bool = False
    triggers: tuple[int, ...] = ()
    wins: tuple[int, ...] = ()
    excerpt: str | None = None  # the edited excerpt; None or blank = no excerpt


@dataclass(frozen=True)
class Mirror:
    """One "what I hear is…" and the sharer's answer; None texts are no longer readable here."""

    id: int
    created_utc: datetime
    hear: str | None
    sense: str
    verdict: str | None
    verdict_utc: datetime | None
    clarification: str | None

    @property
    def pending(self) -> bool:
        """Waiting for the sharer to say whether it landed."""
        return self.verdict is None


@dataclass(frozen=True)
class SharedInsight:
    """The sharer's own view of something they shared (or kept for the packet)."""

    id: int
    partner_id: int | None
    partner_name: str | None
    created_utc: datetime
    revoked_utc: datetime | None
    content: InsightContent
    mirrors: tuple[Mirror, ...] = ()

    @property
    def active(self) -> bool:
        """Still visible to the partner."""
        return self.partner_id is not None and self.revoked_utc is None


@dataclass(frozen=True)
class ReceivedInsight:
    """An insight a partner shared with this profile."""

    id: int
    sharer_id: int
    sharer_name: str
    shared_utc: datetime
    content: InsightContent
    mirrors: tuple[Mirror, ...] = field(default=())

    @property
    def can_mirror(self) -> bool:
        """A first mirror, or another try after "not quite"."""
        return not self.mirrors or self.mirrors[-1].verdict == NOT_QUITE

    @property
    def understood(self) -> bool:
        """The sharer said the last mirror landed."""
        return bool(self.mirrors) and self.mirrors[-1].verdict == GOT_IT


@dataclass(frozen=True)
class ListeningMonth:
    """One person's own listening in a month: mirrors they sent, and second tries among them.

    Only the listener's own actions, never a partner's verdict or a partner's numbers: the chart
    made from it is a record of practice, not a comparison between two people.
    """

    month: date
    sent: int
    tried_again: int

