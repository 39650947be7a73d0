"""Read journals exported from other apps into neutral `ImportedEntry` records.

One module per format behind a registry keyed by name (the shape of jrnl's plugins), so a new
format is one new module plus one `register()` line. This layer only parses: no database, no
Streamlit. Every failure is an `ImportFormatError` whose message can be shown to a person;
rows or entries that cannot be read are reported as `ImportProblem`s next to the ones that can.

    parsed = parse(uploaded_bytes, "daylio_export.csv")      # detects the format
    parsed = parse(uploaded_bytes, fmt="jrnl_text")          # or the person chose it
"""

from __future__ import annotations

from journal.errors import ImportFormatError

from .base import (
    EMPTY_MESSAGE,
    Failure,
    ImportedEntry,
    Importer,
    ImportProblem,
    ParsedImport,
    entries_list,
    forget,
    is_blank,
    load_json_bytes,
    looks_like_json,
    try_decode,
)
from .daylio import DAYLIO_DEFAULT_MOODS, DaylioImporter
from .dayone import DayOneImporter, is_zip
from .jrnl_json import JrnlJsonImporter
from .jrnl_text import JrnlTextImporter
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
    "jrnl_text": (".txt", ".jrnl", ".md"),
}


def register(importer: Importer) -> Importer:
    """Add a format to the registry; registration order is the detection order."""
    IMPORTERS[importer.name] = importer
    return importer


# Most specific first: JSON shapes (Steady's own export has a unique header), then CSV, then
# the loosest (plain text with date headers).
for _importer in (SteadyJsonImporter(), DayOneImporter(), JrnlJsonImporter(), DaylioImporter(),
                  JrnlTextImporter()):
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


def _why_unrecognised(data: bytes) -> str:
    """The most useful explanation for a file no importer claimed."""
    known = ", ".join(importer.label for importer in IMPORTERS.values())
    if is_zip(data):
        try:
            IMPORTERS["dayone"].parse(data, "")
        except ImportFormatError as exc:
            return f"{exc} Steady can import: {known}."
    text = try_decode(data)
    if isinstance(text, Failure):
        return (
            f"This file is neither UTF-8 text nor a ZIP archive ({text.reason}), so it is not "
            f"an export Steady knows. Steady can import: {known}."
        )
    if looks_like_json(data):
        try:
            doc = load_json_bytes(data, "JSON file")
        except ImportFormatError as exc:
            return f"{exc} Steady can import: {known}."
        if entries_list(doc) is None:
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
        raise ImportFormatError(_why_unrecognised(data))
    if len(matches) > 1:
        ending = filename.lower()
        by_name = [name for name in matches if ending.endswith(_EXTENSIONS.get(name, ()))]
        if by_name:
            return by_name[0]
    return matches[0]


def parse(data: bytes, filename: str = "", fmt: str | None = None) -> ParsedImport:
    """Parse a file in format `fmt`, or in the detected format when `fmt` is None.

    Raises only ImportFormatError: an unexpected error inside a parser is reported as "could
    not read" rather than escaping, because a half-understood file must never import quietly.
    """
    data = bytes(data)
    try:
        if is_blank(data):
            raise ImportFormatError(EMPTY_MESSAGE)
        name = detect(data, filename) if fmt is None else fmt.strip().lower()
        importer = IMPORTERS.get(name)
        if importer is None:
            choices = ", ".join(f"{n} ({i.label})" for n, i in IMPORTERS.items())
            raise ImportFormatError(f"Unknown import format “{fmt}”. Choose one of: {choices}.")
        try:
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
