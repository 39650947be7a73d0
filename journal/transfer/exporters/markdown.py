"""Markdown export: one readable file per month, delivered together as a zip.

Why per month: a person rereading a year wants chapters, and a single ten-year file is too big
for most editors. The person's own words are written as they typed them (they are the point of
the file); only the headings and facts around them come from Steady.
"""

from __future__ import annotations

import io
import zipfile
from collections import defaultdict
from datetime import datetime

from journal import vocab
from journal.entries import Entry

from .base import Unreadable, slug

NAME = "markdown"
LABEL = "Markdown (one file per month, zipped)"


def month_name(key: tuple[int, int]) -> str:
    """File name of a month inside the zip, e.g. 2024/2024-06.md."""
    year, month = key
    return f"{year:04d}/{year:04d}-{month:02d}.md"


def _entry_md(entry: Entry) -> str:
    head = f"## {entry.when_local:%A %d %B %Y, %H:%M} · {vocab.KINDS.get(entry.kind, entry.kind)}"
    lines = [head, ""]
    facts = []
    if entry.mood:
        facts.append(f"Mood {entry.mood}/5 ({vocab.MOOD_LABELS[entry.mood]})")
    if entry.energy:
        facts.append(f"Energy {entry.energy}/5 ({vocab.ENERGY_LABELS[entry.energy]})")
    if facts:
        lines += [" · ".join(facts), ""]
    if entry.emotions:
        lines += [f"Feelings: {', '.join(entry.emotions)}", ""]
    if entry.triggers:
        lines.append("Triggers:")
        for t in entry.triggers:
            item = f"- {vocab.label(vocab.TRIGGERS, t.trigger)}"
            if t.response:
                item += f" → {vocab.label(vocab.RESPONSES, t.response)}"
            if t.note:
                item += f": {t.note}"
            lines.append(item)
        lines.append("")
    if entry.wins:
        lines.append("Wins:")
        for w in entry.wins:
            lines.append(f"- ★ {vocab.label(vocab.PRACTICES, w.practice)}"
                         + (f": {w.text}" if w.text else ""))
        lines.append("")
    if entry.prompt_text:
        lines += [f"**Prompt:** {entry.prompt_text}", ""]
    if entry.prompt_response:
        lines += [entry.prompt_response, ""]
    if entry.body:
        lines += [entry.body, ""]
    if entry.need:
        lines += [f"**One need that went unmet:** {entry.need}", ""]
    if entry.hope:
        lines += [f"**One hope:** {entry.hope}", ""]
    return "\n".join(lines)


def render_months(entries: list[Entry]) -> dict[str, str]:
    """Month file name -> Markdown text, entries oldest first within each month."""
    months: dict[tuple[int, int], list[Entry]] = defaultdict(list)
    for entry in entries:
        months[(entry.when_local.year, entry.when_local.month)].append(entry)
    files = {}
    for key in sorted(months):
        first = months[key][0].when_local
        parts = [f"# {first:%B %Y}", ""]
        parts += [_entry_md(e) for e in sorted(months[key], key=lambda e: (e.when_local, e.id))]
        files[month_name(key)] = "\n".join(parts).rstrip() + "\n"
    return files


class MarkdownExporter:
    """A zip of monthly Markdown files, plus a short README."""

    name = NAME
    label = LABEL
    extension = "zip"
    mime = "application/zip"

    def render(self, entries: list[Entry], profile_name: str, exported_utc: datetime, *,
               unreadable: tuple[Unreadable, ...] = ()) -> bytes:
        folder = slug(profile_name)
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            readme = (
                f"# Steady journal of {profile_name}\n\nExported {exported_utc:%Y-%m-%d %H:%M} UTC"
                f" · {len(entries)} entries · one file per month.\n"
            )
            if unreadable:
                readme += ("\n## Entries that could not be read\n\nTheir stored text is "
                           "damaged, so they are not in this export:\n\n"
                           + "".join(f"- {lost.label()}\n" for lost in unreadable))
            archive.writestr(f"{folder}/README.md", readme)
            for name, text in render_months(entries).items():
                archive.writestr(f"{folder}/{name}", text)
        return buf.getvalue()
