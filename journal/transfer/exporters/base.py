"""What every exporter shares: the export file record, the format protocol and file-name slugs.

Exporters only render: the entries (decrypted) and any plans arrive as plain data from
`journal.transfer.exporting`; nothing here reads the journal.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime
from typing import Protocol, runtime_checkable

from journal.entries import Entry


@dataclass(frozen=True)
class Unreadable:
    """An entry whose stored text is damaged: exports list it by date and id instead."""

    id: int
    day: date

    def label(self) -> str:
        return f"{self.day.isoformat()} (#{self.id})"


@dataclass(frozen=True)
class ExportFile:
    """A finished export: what to call it, what it is, and its bytes."""

    file_name: str
    mime: str
    data: bytes
    entries: int
    unreadable: tuple[Unreadable, ...] = ()   # damaged entries left out, listed in the file


@runtime_checkable
class Exporter(Protocol):
    """One output format. `render` gets decrypted entries (oldest first) and returns bytes."""

    name: str
    label: str
    extension: str
    mime: str

    def render(self, entries: list[Entry], profile_name: str, exported_utc: datetime, *,
               unreadable: tuple[Unreadable, ...] = ()) -> bytes:
        ...


def slug(text: str, fallback: str = "journal") -> str:
    """A file-name-safe version of a profile name (letters, digits, dashes)."""
    ascii_ = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    clean = re.sub(r"[^A-Za-z0-9]+", "-", ascii_).strip("-").lower()
    return clean[:40] or fallback
