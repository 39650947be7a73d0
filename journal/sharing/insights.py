"""Insights: composing only the picked parts, validating them, sharing, revoking, reading.

Why: an insight is stored only sealed — one copy sealed to the partner's public key, which
revoking deletes, and one copy sealed with the sharer's own key for their list and the share
packet — and every query is filtered by the signed-in profile *and* the pair.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Sequence
from datetime import datetime
from typing import Any

import duckdb

from journal import vocab
from journal.account import Account
from journal.charts.shared import safe_spec, snapshot
from journal.crypto import seal_for
from journal.db import transaction, utcnow
from journal.entries.model import Entry
from journal.errors import CryptoError, NotFound, SharingError
from journal.profiles import profile_names, public_key
from journal.sharing.model import (
    KINDS,
    LABEL_ADJUST,
    LABEL_DIDNT,
    LABEL_EXCERPT,
    LABEL_HOPE,
    LABEL_MILESTONE,
    LABEL_MOOD,
    LABEL_NEED,
    LABEL_TRIGGER,
    LABEL_WIN,
    LABEL_WORKED,
    MAX_CHART_BYTES,
    MAX_PARTS,
    MAX_TITLE,
    EntryPick,
    InsightContent,
    Mirror,
    Part,
    ReceivedInsight,
    SharedInsight,
)
from journal.sharing.partners import require_partner


def clean_text(text: str | None, what: str, limit: int) -> str:
    """Person-written text, normalised and stripped; SharingError if it is too long."""
    value = unicodedata.normalize("NFC", (text or "").replace("\r\n", "\n").replace("\x00", ""))
    if len(value) > limit:
        raise SharingError(f"The {what} is {len(value):,} characters; please keep it under "
                           f"{limit:,}.")
    return value.strip()


def validated(content: InsightContent) -> InsightContent:
    """The content as it will be stored: cleaned parts, a safe chart, within every limit."""
    if content.kind not in KINDS:
        raise SharingError("That kind of insight can't be shared.")
    parts = tuple(
        Part(clean_text(p.label, "label", MAX_TITLE), clean_text(p.text, "shared text",
                                                        vocab.MAX_TEXT_CHARS))
        for p in content.parts
    )
    parts = tuple(p for p in parts if p.text)
    if len(parts) > MAX_PARTS:
        raise SharingError(f"Please share at most {MAX_PARTS} pieces at once.")
    chart = safe_spec(content.chart) if content.chart is not None else None
    if chart is not None and len(json.dumps(chart)) > MAX_CHART_BYTES:
        raise SharingError("That chart holds too much data to share; pick a shorter period.")
    if not parts and chart is None:
        raise SharingError("Pick at least one part to share, so there is something to read.")
    return InsightContent(
        kind=content.kind,
        title=clean_text(content.title, "title", MAX_TITLE) or KINDS[content.kind],
        parts=parts,
        note=clean_text(content.note, "note", vocab.MAX_SHORT_CHARS),
        chart=chart,
    )


def from_entry(entry: Entry, pick: EntryPick, note: str = "") -> InsightContent:
    """Only the picked parts of an entry; the rest of it never leaves the journal."""
    parts: list[Part] = []
    if pick.need and entry.need.strip():
        parts.append(Part(LABEL_NEED, entry.need))
    if pick.hope and entry.hope.strip():
        parts.append(Part(LABEL_HOPE, entry.hope))
    if pick.mood and entry.mood:
        text = f"Mood {entry.mood} of 5 ({vocab.MOOD_LABELS[entry.mood]})"
        if entry.emotions:
            text += ". In words: " + ", ".join(entry.emotions)
        parts.append(Part(LABEL_MOOD, text))
    for i in pick.triggers:
        if 0 <= i < len(entry.triggers):
            t = entry.triggers[i]
            did = vocab.RESPONSES.get(t.response or "", "I didn't note what I did")
            parts.append(Part(LABEL_TRIGGER, f"{vocab.label(vocab.TRIGGERS, t.trigger)} → {did}"))
    for i in pick.wins:
        if 0 <= i < len(entry.wins):
            w = entry.wins[i]
            text = vocab.label(vocab.PRACTICES, w.practice) + (f": {w.text}" if w.text else "")
            parts.append(Part(LABEL_WIN, text))
    if pick.excerpt and pick.excerpt.strip():
        parts.append(Part(LABEL_EXCERPT, pick.excerpt))
    when = entry.when_local
    title = f"From my journal, {when:%A} {when.day} {when:%B %Y}"
    return validated(InsightContent("entry", title, tuple(parts), note))


def from_review(review: Any, *, worked: bool, didnt: bool, adjust: bool,
                note: str = "") -> InsightContent:
    """Chosen answers of a weekly review (journal.reviews.Review)."""
    parts = []
    for chosen, label, value in ((worked, LABEL_WORKED, review.worked),
                                 (didnt, LABEL_DIDNT, review.didnt),
                                 (adjust, LABEL_ADJUST, review.adjust)):
        if chosen and (value or "").strip():
            parts.append(Part(label, value))
    title = (f"My weekly review, {review.week_start.day} {review.week_start:%b} to "
             f"{review.week_end.day} {review.week_end:%b %Y}")
    return validated(InsightContent("review", title, tuple(parts), note))


def from_milestone(title: str, *, chart: Any | None, summary: str = "",
                   note: str = "") -> InsightContent:
    """A milestone's name, optionally a line on progress and a snapshot of its chart."""
    parts = (Part(LABEL_MILESTONE, summary),) if summary.strip() else ()
    spec = snapshot(chart) if chart is not None else None
    return validated(InsightContent("milestone", f"A milestone: {title}", parts, note, spec))


def from_chart(title: str, chart: Any, note: str = "") -> InsightContent:
    """A Trends chart frozen as it looks now: a spec with its aggregated numbers inline."""
    return validated(InsightContent("chart", title, (), note, snapshot(chart)))


def next_share_id(con: duckdb.DuckDBPyConnection) -> int:
    """Insights and mirrors draw ids from one sequence (ids appear in their sealing labels)."""
    row = con.execute("SELECT nextval('share_seq')").fetchone()
    assert row is not None
    return int(row[0])


def share(
    con: duckdb.DuckDBPyConnection,
    account: Account,
    content: InsightContent,
    partner_id: int | None,
    now: datetime | None = None,
) -> int:
    """Store a confirmed insight: sealed to the partner, and sealed for the sharer's own list.

    ``partner_id=None`` keeps it only for the share packet (someone outside Steady).
    """
    content = validated(content)
    now = now or utcnow()
    payload = content.to_json()
    recipient_copy = None
    if partner_id is not None:
        require_partner(con, account, partner_id)
        try:
            recipient_copy = seal_for(public_key(con, partner_id), payload)
        except CryptoError as err:
            raise SharingError(str(err)) from err
    insight_id = next_share_id(con)
    with transaction(con):
        con.execute(
            "INSERT INTO insights (id, profile_id, partner_id, created_utc, payload) "
            "VALUES (?, ?, ?, ?, ?)",
            [insight_id, account.id, partner_id, now,
             account.keys.seal(payload, aad=f"insight:{insight_id}")],
        )
        if partner_id is not None:
            con.execute(
                "INSERT INTO insight_deliveries (insight_id, sharer_id, recipient_id, "
                "shared_utc, payload) VALUES (?, ?, ?, ?, ?)",
                [insight_id, account.id, partner_id, now, recipient_copy],
            )
    return insight_id


def revoke(con: duckdb.DuckDBPyConnection, account: Account, insight_id: int) -> None:
    """Take an insight back: the partner's copy and their readable mirrors go at once."""
    row = con.execute(
        "SELECT partner_id, revoked_utc FROM insights WHERE id = ? AND profile_id = ?",
        [insight_id, account.id],
    ).fetchone()
    if row is None:
        raise NotFound("That insight isn't one of yours (it may have been removed).")
    with transaction(con):
        con.execute("DELETE FROM insight_deliveries WHERE insight_id = ? AND sharer_id = ?",
                    [insight_id, account.id])
        # The listener's own words about it only make sense next to it: they go too.
        con.execute(
            "UPDATE mirrors SET for_listener = NULL, clarify_for_listener = NULL "
            "WHERE insight_id = ? AND sharer_id = ?",
            [insight_id, account.id],
        )
        if row[1] is None:
            con.execute("UPDATE insights SET revoked_utc = ? WHERE id = ? AND profile_id = ?",
                        [utcnow(), insight_id, account.id])


def forget(con: duckdb.DuckDBPyConnection, account: Account, insight_id: int) -> None:
    """Delete the sharer's own copy too (revoking first if it is still shared)."""
    revoke(con, account, insight_id)
    with transaction(con):
        con.execute("DELETE FROM mirrors WHERE insight_id = ? AND sharer_id = ?",
                    [insight_id, account.id])
        con.execute("DELETE FROM insights WHERE id = ? AND profile_id = ?",
                    [insight_id, account.id])


def _open_json(text: str | None) -> dict[str, Any]:
    try:
        value = json.loads(text or "{}")
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def _mirrors_for_sharer(
    con: duckdb.DuckDBPyConnection, account: Account, insight_ids: Sequence[int]
) -> dict[int, list[Mirror]]:
    if not insight_ids:
        return {}
    rows = con.execute(
        "SELECT id, insight_id, created_utc, for_sharer, verdict, verdict_utc, "
        "clarify_for_sharer FROM mirrors WHERE sharer_id = ? AND list_contains(?, insight_id) "
        "ORDER BY created_utc, id",
        [account.id, list(insight_ids)],
    ).fetchall()
    out: dict[int, list[Mirror]] = {}
    for r in rows:
        words = _open_json(account.keys.open_from_partner(r[3])) if r[3] else {}
        out.setdefault(int(r[1]), []).append(Mirror(
            id=int(r[0]), created_utc=r[2], hear=words.get("hear"),
            sense=str(words.get("sense") or ""), verdict=r[4], verdict_utc=r[5],
            clarification=account.keys.open(r[6], aad=f"clarify:{r[0]}") if r[6] else None,
        ))
    return out


def my_insights(con: duckdb.DuckDBPyConnection, account: Account) -> list[SharedInsight]:
    """Everything this profile composed, newest first, with the mirrors it received."""
    rows = con.execute(
        "SELECT id, partner_id, created_utc, revoked_utc, payload FROM insights "
        "WHERE profile_id = ? ORDER BY created_utc DESC, id DESC",
        [account.id],
    ).fetchall()
    names = profile_names(con, sorted({int(r[1]) for r in rows if r[1] is not None}))
    mirrors = _mirrors_for_sharer(con, account, [int(r[0]) for r in rows])
    return [
        SharedInsight(
            id=int(r[0]), partner_id=r[1], partner_name=names.get(r[1]) if r[1] else None,
            created_utc=r[2], revoked_utc=r[3],
            content=InsightContent.from_json(account.keys.open(r[4], aad=f"insight:{r[0]}")
                                             or ""),
            mirrors=tuple(mirrors.get(int(r[0]), [])),
        )
        for r in rows
    ]


def received(
    con: duckdb.DuckDBPyConnection, account: Account, partner_id: int | None = None
) -> list[ReceivedInsight]:
    """Insights partners shared with this profile (optionally from one partner), newest first."""
    sql = ("SELECT d.insight_id, d.sharer_id, d.shared_utc, d.payload FROM insight_deliveries d "
           "JOIN partnerships p ON p.profile_lo = least(d.sharer_id, d.recipient_id) "
           "AND p.profile_hi = greatest(d.sharer_id, d.recipient_id) "
           "WHERE d.recipient_id = ?")
    params: list[object] = [account.id]
    if partner_id is not None:
        sql += " AND d.sharer_id = ?"
        params.append(partner_id)
    rows = con.execute(sql + " ORDER BY d.shared_utc DESC, d.insight_id DESC", params).fetchall()
    names = profile_names(con, sorted({int(r[1]) for r in rows}))
    ids = [int(r[0]) for r in rows]
    mirror_rows = con.execute(
        "SELECT id, insight_id, created_utc, for_listener, verdict, verdict_utc, "
        "clarify_for_listener FROM mirrors WHERE listener_id = ? AND list_contains(?, insight_id) "
        "ORDER BY created_utc, id",
        [account.id, ids],
    ).fetchall() if ids else []
    by_insight: dict[int, list[Mirror]] = {}
    for m in mirror_rows:
        words = _open_json(account.keys.open(m[3], aad=f"mirror:{m[0]}")) if m[3] else {}
        by_insight.setdefault(int(m[1]), []).append(Mirror(
            id=int(m[0]), created_utc=m[2], hear=words.get("hear"),
            sense=str(words.get("sense") or ""), verdict=m[4], verdict_utc=m[5],
            clarification=account.keys.open_from_partner(m[6]) if m[6] else None,
        ))
    return [
        ReceivedInsight(
            id=int(r[0]), sharer_id=int(r[1]), sharer_name=names.get(int(r[1]), ""),
            shared_utc=r[2],
            content=InsightContent.from_json(account.keys.open_from_partner(r[3])),
            mirrors=tuple(by_insight.get(int(r[0]), [])),
        )
        for r in rows
    ]
