"""Parsed records -> Steady entries: text composed, labels given their roles, long text split.

Why here and not in the importers: the importers only read files; what a record becomes in
Steady depends on the person's choices (see `mapping`), and dedupe needs the same content key.
"""

from __future__ import annotations

import hashlib
import json

from journal import vocab
from journal.entries import BulkEntry, EntryInput, TriggerItem, WinItem
from journal.timeutil import offset_minutes
from journal.transfer.importers import ImportedEntry
from journal.transfer.mapping import ROLE_TEXT, ROLE_TRIGGER, WIN_PREFIX

KIND_BY_SOURCE = {"daylio": "check_in"}   # a Daylio row is a mood check-in; the rest reflect


def _compose(item: ImportedEntry, other_activities: list[str], other_tags: list[str]) -> str:
    """The entry text: title, body, then whatever the file said that Steady has no field for.

    The title stays a title: a line of its own with a blank line under it, so it reads as a
    heading in History and never runs into the first sentence.
    """
    title = item.title.strip() if item.title and item.title.strip() else ""
    body = item.body if item.body and item.body.strip() else ""
    text = f"{title}\n\n{body}" if title and body else title or body
    footer = []
    if other_activities:
        footer.append("Activities: " + ", ".join(other_activities))
    folded = text.casefold()  # jrnl's @tags are already written in the text; others are not
    loose_tags = [t for t in other_tags if not (t.startswith("@") and t.casefold() in folded)]
    if loose_tags:
        footer.append("Tags: " + ", ".join(loose_tags))
    if item.location:
        footer.append(f"Place: {item.location}")
    if item.starred:
        footer.append("★ Starred")
    if footer:
        text = (text + "\n\n" if text else "") + "\n".join(footer)
    return text


def _split_text(text: str, limit: int) -> list[str]:
    """Cut text longer than Steady's entry limit at line or word breaks (nothing is dropped)."""
    parts = []
    while len(text) > limit:
        cut = text.rfind("\n", limit // 2, limit)
        if cut < 0:
            cut = text.rfind(" ", limit // 2, limit)
        if cut < 0:
            cut = limit
        parts.append(text[:cut])
        text = text[cut:]
    parts.append(text)
    return parts


def to_inputs(
    item: ImportedEntry, moods: dict[str, int | None], roles: dict[str, str], tz_name: str | None
) -> list[BulkEntry]:
    """One imported record as one (or, for very long text, several) Steady entries."""
    steady = getattr(item, "steady", None)
    if isinstance(steady, EntryInput):  # Steady's own export: every field is already there
        return [BulkEntry(steady, getattr(item, "saved_utc", None),
                         getattr(item, "updated_utc", None))]
    triggers: list[TriggerItem] = []
    wins: list[WinItem] = []
    other_acts: list[str] = []
    other_tags: list[str] = []
    for labels, rest in ((item.activities, other_acts), (item.tags, other_tags)):
        for label in labels:
            role = roles.get(label, ROLE_TEXT)
            if role == ROLE_TRIGGER:  # a curated label (or an earlier one) means its key
                triggers.append(TriggerItem(vocab.trigger_key(label)))
            elif role.startswith(WIN_PREFIX):
                wins.append(WinItem(role[len(WIN_PREFIX):], label))
            else:
                rest.append(label)
    text = _compose(item, other_acts, other_tags)
    if item.utc_dt is not None:
        offset = round((item.local_dt - item.utc_dt).total_seconds() / 60)
    else:
        offset = offset_minutes(item.local_dt, item.tz_name or tz_name)
    mood = moods.get(item.mood_label) if item.mood_label else None
    kind = KIND_BY_SOURCE.get(item.source, "reflection")
    chunks = _split_text(text, vocab.MAX_TEXT_CHARS - 40)
    planned = [BulkEntry(EntryInput(
        when_local=item.local_dt, kind=kind, body=chunks[0], mood=mood, triggers=triggers,
        wins=wins, utc_offset_min=offset, source=item.source, source_id=item.source_id))]
    for n, chunk in enumerate(chunks[1:], start=2):
        planned.append(BulkEntry(EntryInput(
            when_local=item.local_dt, kind="reflection",
            body=f"(continued, part {n} of {len(chunks)})\n{chunk}", utc_offset_min=offset,
            source=item.source, source_id=f"{item.source_id}#part{n}")))
    return planned


def content_key(inp: EntryInput) -> str:
    """A hash of everything an entry says; dedupes entries that carry no source id."""
    canonical = json.dumps(
        [inp.when_local.isoformat(), inp.kind, inp.prompt_id, inp.prompt_text,
         inp.prompt_response, inp.body, inp.need, inp.hope, inp.mood, inp.energy,
         list(inp.emotions), [[t.trigger, t.response, t.note] for t in inp.triggers],
         [[w.practice, w.text] for w in inp.wins], inp.source],
        ensure_ascii=False,
    )
    return hashlib.sha256(canonical.encode("utf-8", "surrogatepass")).hexdigest()



def where(item: ImportedEntry) -> str:
    """Where a record was in the file, in the words the file's own problems use."""
    if item.line:
        return f"line {item.line}"
    number = getattr(item, "index", None)  # position in the file (Steady JSON)
    if isinstance(number, int):
        return f"entry {number}"
    return f"the entry of {item.local_dt:%Y-%m-%d %H:%M}"
