"""Export a profile's journal: one module per format behind a registry keyed by name.

    file = export(con, account, "json")   # ExportFile(file_name, mime, data, entries)

Text is decrypted here, in the app (or CLI) process that holds the signed-in profile's keys;
the bytes returned are plaintext by design, because the person asked to take their words out.
"""

from __future__ import annotations

from datetime import UTC, datetime

import duckdb

from journal.errors import ValidationError
from journal.profiles import Account

from .base import Exporter, ExportFile, load_entries, slug
from .csv_export import CsvExporter
from .markdown import MarkdownExporter
from .steady_json import SteadyJsonExporter, load_plans

__all__ = [
    "EXPORTERS", "ExportFile", "Exporter", "export", "file_name", "labels", "load_entries",
    "register",
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


def export(
    con: duckdb.DuckDBPyConnection, account: Account, fmt: str, now: datetime | None = None
) -> ExportFile:
    """Render every entry of the signed-in profile in format `fmt` (JSON: plans as well)."""
    exporter = EXPORTERS.get((fmt or "").strip().lower())
    if exporter is None:
        raise ValidationError(
            f"Unknown export format “{fmt}”. Choose one of: {', '.join(EXPORTERS)}."
        )
    now = now or datetime.now(UTC).replace(tzinfo=None)
    items = load_entries(con, account)
    if isinstance(exporter, SteadyJsonExporter):   # the lossless format: plans travel too
        data = exporter.render(items, account.name, now, load_plans(con, account))
    else:
        data = exporter.render(items, account.name, now)
    return ExportFile(file_name=file_name(account.name, exporter.name, now), mime=exporter.mime,
                      data=data, entries=len(items))


def file_name(profile_name: str, fmt: str, now: datetime | None = None) -> str:
    """steady-<profile>-<YYYYmmdd-HHMM>.<ext>, safe on every file system."""
    exporter = EXPORTERS[fmt]
    now = now or datetime.now(UTC).replace(tzinfo=None)
    return f"steady-{slug(profile_name)}-{now:%Y%m%d-%H%M}.{exporter.extension}"
