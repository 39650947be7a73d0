"""Read journals exported from other apps into neutral `ImportedEntry` records.

One module per format behind a registry keyed by name (the shape of jrnl's plugins), so a new
format is one new module plus one `register()` line. This layer only parses: no database, no
Streamlit. Every failure is an `ImportFormatError` whose message can be shown to a person;
rows or entries that cannot be read are reported as `ImportProblem`s next to the ones that can.

    parsed = parse(uploaded_bytes, "daylio_export.csv")      # detects the format
    parsed = parse(uploaded_bytes, fmt="jrnl_text")          # or the person chose it
"""

from __future__ import annotations

import re

from journal.errors import ImportFormatError

from .archive import is_zip
from .base import (
    EMPTY_MESSAGE,
    Failure,
    ImportedEntry,
    Importer,
    ImportProblem,
    ParsedImport,
    forget,
    is_blank,
    looks_like_json,
    try_decode,
)
from .daylio import DAYLIO_DEFAULT_MOODS, DaylioImporter
from .dayone import DayOneImporter
from .dayone_classic import DayOneClassicImporter
from .jrnl_json import JrnlJsonImporter
from .jrnl_text import JrnlTextImporter
from .jsonstream import head
from .steady_json import SteadyJsonImporter

__all__ = [
    "DAYLIO_DEFAULT_MOODS",
    "IMPORTERS",
    "ImportFormatError",
    "ImportProblem",
    "ImportedEntry",
    "Importer",
    "ParsedImport",
    "detect",
    "labels",
    "parse",
    "register",
]

IMPORTERS: dict[str, Importer] = {}

# Which file endings each format usually has; only used to break a tie between sniffers.
_EXTENSIONS: dict[str, tuple[str, ...]] = {
    "steady_json": (".json",),
    "dayone": (".zip", ".json"),
    "jrnl_json": (".json",),
    "daylio": (".csv",),
    "dayone_classic": (".doentry", ".zip"),
    "jrnl_text": (".txt", ".jrnl", ".md"),
}


def register(importer: Importer) -> Importer:
    """Add a format to the registry; registration order is the detection order."""
    IMPORTERS[importer.name] = importer
    return importer


# Most specific first: JSON shapes (Steady's own export has a unique header), then CSV, then
# the loosest (plain text with date headers).
for _importer in (SteadyJsonImporter(), DayOneImporter(), JrnlJsonImporter(), DaylioImporter(),
                  DayOneClassicImporter(), JrnlTextImporter()):
    register(_importer)


def labels() -> dict[str, str]:
    """Format name -> label, for a "which app made this file?" picker."""
    return {name: importer.label for name, importer in IMPORTERS.items()}


def _sniffs(importer: Importer, data: bytes, filename: str) -> bool:
    """A sniffer that breaks must not stop the others from recognising the file."""
    try:
        return bool(importer.sniff(data, filename))
    except Exception:
        return False


_FERNET = re.compile(rb"\s*gAAAAA[A-Za-z0-9_\-=]{40,}\s*")


def encrypted_jrnl(data: bytes, filename: str) -> bool:
    """jrnl 2+ encrypts a journal as one Fernet token (base64 text starting `gAAAAA`); jrnl 1
    as raw AES bytes, which is only recognisable by being neither text nor a known file."""
    if _FERNET.fullmatch(data[:4096]) or (len(data) <= 4096 and _FERNET.fullmatch(data)):
        return True
    return filename.lower().endswith((".jrnl", ".txt", ".journal")) and isinstance(
        try_decode(data[:4096]), Failure) and not is_zip(data)


ENCRYPTED_JRNL = (
    "This looks like an encrypted jrnl journal, which Steady cannot open. Decrypt it with jrnl "
    "first (`jrnl --decrypt journal.txt`, or `jrnl --export json > journal.json`), then import "
    "the decrypted file."
)


def _why_unrecognised(data: bytes, filename: str) -> str:
    """The most useful explanation for a file no importer claimed (nothing is parsed again)."""
    known = ", ".join(importer.label for importer in IMPORTERS.values())
    if encrypted_jrnl(data, filename):
        return ENCRYPTED_JRNL
    if is_zip(data):
        try:
            IMPORTERS["dayone"].parse(data, "")
        except ImportFormatError as exc:
            return f"{exc} Steady can import: {known}."
    text = try_decode(data[:65536])
    if isinstance(text, Failure) and not data.startswith(b"bplist"):
        return (
            f"This file is neither UTF-8 text nor a ZIP archive ({text.reason}), so it is not "
            f"an export Steady knows. Steady can import: {known}."
        )
    if looks_like_json(data):
        found = head(data)
        if found.failure:
            return f"This JSON file could not be read: {found.failure}. Steady can import: {known}."
        if found.truncated:
            return ("This file is not valid JSON as it stands: it ends early, as if it was cut "
                    "off before Steady could tell which app made it. Export it again. Steady can "
                    f"import: {known}.")
        if not found.has_entries:
            return (
                "This JSON file is not a journal export Steady knows: it has no “entries” "
                f"list. Steady can import: {known}."
            )
    return (
        "Steady could not tell which app made this file. It can import: "
        f"{known}. Check the file is the app's own export, or choose the format by hand."
    )


def detect(data: bytes, filename: str = "") -> str:
    """Name of the format that fits the CONTENT; the filename only breaks ties.

    Why content first: people rename files, and "export.json" says nothing about which app.
    """
    data = bytes(data)
    if is_blank(data):
        raise ImportFormatError(EMPTY_MESSAGE)
    matches = [name for name, importer in IMPORTERS.items() if _sniffs(importer, data, filename)]
    if not matches:
        raise ImportFormatError(_why_unrecognised(data, filename))
    if len(matches) > 1:
        ending = filename.lower()
        by_name = [name for name in matches if ending.endswith(_EXTENSIONS.get(name, ()))]
        if by_name:
            return by_name[0]
    return matches[0]


def parse(
    data: bytes, filename: str = "", fmt: str | None = None, date_format: str | None = None,
) -> ParsedImport:
    """Parse a file in format `fmt`, or in the detected format when `fmt` is None.

    Raises only ImportFormatError: an unexpected error inside a parser is reported as "could
    not read" rather than escaping, because a half-understood file must never import quietly.
    """
    data = bytes(data)
    try:
        if is_blank(data):
            raise ImportFormatError(EMPTY_MESSAGE)
        if fmt is None and date_format and not looks_like_json(data):
            fmt = "jrnl_text"       # a date format is only asked of jrnl text files
        name = detect(data, filename) if fmt is None else fmt.strip().lower()
        importer = IMPORTERS.get(name)
        if importer is None:
            choices = ", ".join(f"{n} ({i.label})" for n, i in IMPORTERS.items())
            raise ImportFormatError(f"Unknown import format “{fmt}”. Choose one of: {choices}.")
        try:
            if name == "jrnl_text" and date_format:
                return IMPORTERS["jrnl_text"].parse(  # type: ignore[call-arg]
                    data, filename, date_format=date_format)
            return importer.parse(data, filename)
        except ImportFormatError:
            raise
        except Exception as exc:
            raise ImportFormatError(
                f"{importer.label}: Steady could not read this file ({type(exc).__name__}). "
                "Nothing was imported."
            ) from exc
    finally:
        forget(data)
