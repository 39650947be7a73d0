"""Export formats: one module per format behind a registry keyed by name. They only render.

    data = EXPORTERS["csv"].render(entries, "Ana", now)   # bytes

Gathering what is exported (decrypted entries, milestones, weekly reviews) is the use case in
`journal.transfer.exporting`, which hands plain data to the format chosen here.
"""

from __future__ import annotations

from datetime import UTC, datetime

from journal.errors import ValidationError

from .base import Exporter, ExportFile, Unreadable, slug
from .csv_export import CsvExporter
from .markdown import MarkdownExporter
from .steady_json import SteadyJsonExporter

__all__ = [
    "EXPORTERS", "ExportFile", "Exporter", "SteadyJsonExporter", "file_name", "get", "labels",
    "register", "Unreadable",
]

EXPORTERS: dict[str, Exporter] = {}


def register(exporter: Exporter) -> Exporter:
    """Add a format; registration order is the order shown to people."""
    EXPORTERS[exporter.name] = exporter
    return exporter


for _exporter in (SteadyJsonExporter(), CsvExporter(), MarkdownExporter()):
    register(_exporter)


def labels() -> dict[str, str]:
    """Format name -> label, for the Data page."""
    return {name: e.label for name, e in EXPORTERS.items()}


def get(fmt: str | None) -> Exporter:
    """The exporter for `fmt` (case and spaces ignored); ValidationError names the choices."""
    exporter = EXPORTERS.get((fmt or "").strip().lower())
    if exporter is None:
        raise ValidationError(
            f"Unknown export format “{fmt}”. Choose one of: {', '.join(EXPORTERS)}."
        )
    return exporter


def file_name(profile_name: str, fmt: str, now: datetime | None = None) -> str:
    """steady-<profile>-<YYYYmmdd-HHMM>.<ext>, safe on every file system."""
    exporter = EXPORTERS[fmt]
    now = now or datetime.now(UTC).replace(tzinfo=None)
    return f"steady-{slug(profile_name)}-{now:%Y%m%d-%H%M}.{exporter.extension}"
