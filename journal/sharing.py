"""Partners, invitations, chosen insights, mirrors: sharing a few words on purpose.

Why it looks like this: the practice is to journal privately and then share *selected*
insights. So an insight is composed from explicit picks (never "the whole entry"), stored only
sealed — one copy sealed to the partner's public key, which revoking deletes, and one copy sealed
with the sharer's own key for their list and the share packet — and every query is filtered by
the signed-in profile *and* the pair. The listener mirrors back before responding; the sharer
says whether the mirror landed; the verdicts (not the words) make the "how well do we hear each
other" chart.
"""

from __future__ import annotations

import copy
import hashlib
import importlib
import json
import secrets
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import altair as alt
import duckdb

from . import vocab
from .crypto import seal_for
from .db import transaction, utcnow
from .entries import Entry
from .entries import count_entries as entries_count
from .errors import CryptoError, NotFound, SharingError
from .profiles import Account, profile_names, public_key

INVITE_TTL = timedelta(days=7)
MAX_OPEN_INVITES = 5
CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford base32: no I, L, O, U
CODE_CHARS = 12  # 60 random bits
FAILED_CODES_ALLOWED = 5
FAILED_CODES_WINDOW = timedelta(minutes=15)

KINDS: dict[str, str] = {
    "entry": "From a journal entry",
    "review": "From a weekly review",
    "milestone": "From a milestone",
    "chart": "A chart from Trends",
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


# ---------------------------------------------------------------- partners and invitations


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


def _pair(a: int, b: int) -> tuple[int, int]:
    return (a, b) if a < b else (b, a)


def normalise_code(code: str) -> str:
    """Codes are read aloud and retyped: ignore case, spaces, dashes; O→0, I/L→1."""
    clean = unicodedata.normalize("NFKC", code or "").upper()
    clean = "".join(ch for ch in clean if ch.isalnum())
    return clean.translate(str.maketrans({"O": "0", "I": "1", "L": "1"}))


def _code_hash(code: str) -> str:
    return hashlib.sha256(("steady-invite:" + normalise_code(code)).encode()).hexdigest()


def _new_code() -> str:
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_CHARS))
    return "-".join(raw[i : i + 4] for i in range(0, CODE_CHARS, 4))


def create_invitation(
    con: duckdb.DuckDBPyConnection, account: Account, now: datetime | None = None
) -> Invitation:
    """A random single-use code, valid for 7 days; only its hash is searchable in the file."""
    now = now or utcnow()
    if len(open_invitations(con, account, now)) >= MAX_OPEN_INVITES:
        raise SharingError(
            f"You already have {MAX_OPEN_INVITES} open invitation codes. "
            "Cancel one you no longer need first."
        )
    code = _new_code()
    row = con.execute(
        "INSERT INTO partner_invites (profile_id, code_hash, code_sealed, created_utc, "
        "expires_utc) VALUES (?, ?, ?, ?, ?) RETURNING id",
        [account.id, _code_hash(code), account.keys.seal(code, aad="invite"), now,
         now + INVITE_TTL],
    ).fetchone()
    assert row is not None
    return Invitation(int(row[0]), code, now, now + INVITE_TTL)


def open_invitations(
    con: duckdb.DuckDBPyConnection, account: Account, now: datetime | None = None
) -> list[Invitation]:
    """This profile's unused, unexpired codes, newest first."""
    rows = con.execute(
        "SELECT id, code_sealed, created_utc, expires_utc FROM partner_invites "
        "WHERE profile_id = ? AND used_utc IS NULL AND expires_utc > ? ORDER BY id DESC",
        [account.id, now or utcnow()],
    ).fetchall()
    return [Invitation(int(r[0]), account.keys.open(r[1], aad="invite") or "", r[2], r[3])
            for r in rows]


def cancel_invitation(con: duckdb.DuckDBPyConnection, account: Account, invite_id: int) -> None:
    """Withdraw an unused code so nobody can use it any more."""
    con.execute(
        "DELETE FROM partner_invites WHERE id = ? AND profile_id = ? AND used_utc IS NULL",
        [invite_id, account.id],
    )


def _failed_tries(con: duckdb.DuckDBPyConnection, account: Account, now: datetime) -> int:
    row = con.execute(
        "SELECT count(*) FROM invite_failures WHERE profile_id = ? AND failed_utc > ?",
        [account.id, now - FAILED_CODES_WINDOW],
    ).fetchone()
    return int(row[0]) if row else 0


def accept_invitation(
    con: duckdb.DuckDBPyConnection, account: Account, code: str, now: datetime | None = None
) -> Partner:
    """Link with whoever made this code; the code is used up."""
    now = now or utcnow()
    if _failed_tries(con, account, now) >= FAILED_CODES_ALLOWED:
        raise SharingError(
            "That's several codes that didn't work. Please wait a quarter of an hour, "
            "then check the code with your partner and try again."
        )
    if not normalise_code(code):
        raise SharingError("Please type the code your partner gave you.")
    row = con.execute(
        "SELECT id, profile_id FROM partner_invites WHERE code_hash = ? AND used_utc IS NULL "
        "AND expires_utc > ?",
        [_code_hash(code), now],
    ).fetchone()
    if row is None:
        con.execute("INSERT INTO invite_failures (profile_id, failed_utc) VALUES (?, ?)",
                    [account.id, now])
        raise SharingError(
            "That code doesn't work. A code works once, for 7 days: check it with your "
            "partner, or ask them for a new one."
        )
    invite_id, inviter = int(row[0]), int(row[1])
    if inviter == account.id:
        raise SharingError("That's your own code. Give it to your partner to enter on their "
                           "Share page.")
    lo, hi = _pair(account.id, inviter)
    if _linked(con, account.id, inviter):
        name = profile_names(con, [inviter]).get(inviter, "them")
        raise SharingError(f"You're already linked with {name}.")
    con.execute("BEGIN TRANSACTION")
    try:
        claimed = con.execute(
            "UPDATE partner_invites SET used_utc = ?, used_by = ? "
            "WHERE id = ? AND used_utc IS NULL RETURNING id",
            [now, account.id, invite_id],
        ).fetchone()
        if claimed is None:  # someone else used the code a moment ago
            raise SharingError("That code has just been used. Please ask your partner for a "
                               "new one.")
        con.execute(
            "INSERT INTO partnerships (profile_lo, profile_hi, linked_utc) VALUES (?, ?, ?)",
            [lo, hi, now],
        )
        con.execute("COMMIT")
    except duckdb.TransactionException as err:
        con.execute("ROLLBACK")
        raise SharingError("That code was used at the same moment from somewhere else. "
                           "Please try again, or ask your partner for a new code.") from err
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return Partner(inviter, profile_names(con, [inviter]).get(inviter, ""), now)


def _linked(con: duckdb.DuckDBPyConnection, me: int, other: int) -> bool:
    lo, hi = _pair(me, other)
    return con.execute(
        "SELECT 1 FROM partnerships WHERE profile_lo = ? AND profile_hi = ?", [lo, hi]
    ).fetchone() is not None


def partners(con: duckdb.DuckDBPyConnection, account: Account) -> list[Partner]:
    """Everyone this profile is linked with, in the order they were linked."""
    rows = con.execute(
        "SELECT CASE WHEN profile_lo = ? THEN profile_hi ELSE profile_lo END, linked_utc "
        "FROM partnerships WHERE profile_lo = ? OR profile_hi = ? ORDER BY linked_utc",
        [account.id, account.id, account.id],
    ).fetchall()
    names = profile_names(con, [int(r[0]) for r in rows])
    return [Partner(int(r[0]), names.get(int(r[0]), ""), r[1]) for r in rows]


def require_partner(con: duckdb.DuckDBPyConnection, account: Account, partner_id: int) -> str:
    """The partner's name, or SharingError if the two aren't (or are no longer) linked."""
    if partner_id == account.id or not _linked(con, account.id, partner_id):
        raise SharingError("You're not linked with that person (any more).")
    return profile_names(con, [partner_id]).get(partner_id, "")


def unlink(con: duckdb.DuckDBPyConnection, account: Account, partner_id: int) -> None:
    """End a link: the partner loses every insight, mirror and ritual of this pair at once."""
    require_partner(con, account, partner_id)
    me, other = account.id, partner_id
    lo, hi = _pair(me, other)
    now = utcnow()
    with transaction(con):
        con.execute("DELETE FROM partnerships WHERE profile_lo = ? AND profile_hi = ?", [lo, hi])
        con.execute(
            "DELETE FROM insight_deliveries WHERE (sharer_id = ? AND recipient_id = ?) "
            "OR (sharer_id = ? AND recipient_id = ?)",
            [me, other, other, me],
        )
        con.execute(
            "DELETE FROM mirrors WHERE (sharer_id = ? AND listener_id = ?) "
            "OR (sharer_id = ? AND listener_id = ?)",
            [me, other, other, me],
        )
        con.execute(
            "UPDATE insights SET revoked_utc = ? WHERE revoked_utc IS NULL AND "
            "((profile_id = ? AND partner_id = ?) OR (profile_id = ? AND partner_id = ?))",
            [now, me, other, other, me],
        )
        con.execute("DELETE FROM rituals WHERE profile_lo = ? AND profile_hi = ?", [lo, hi])


# ---------------------------------------------------------------- what an insight holds


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


def _clean(text: str | None, what: str, limit: int) -> str:
    value = unicodedata.normalize("NFC", (text or "").replace("\r\n", "\n").replace("\x00", ""))
    if len(value) > limit:
        raise SharingError(f"The {what} is {len(value):,} characters; please keep it under "
                           f"{limit:,}.")
    return value.strip()


def _validated(content: InsightContent) -> InsightContent:
    if content.kind not in KINDS:
        raise SharingError("That kind of insight can't be shared.")
    parts = tuple(
        Part(_clean(p.label, "label", MAX_TITLE), _clean(p.text, "shared text",
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
        title=_clean(content.title, "title", MAX_TITLE) or KINDS[content.kind],
        parts=parts,
        note=_clean(content.note, "note", vocab.MAX_SHORT_CHARS),
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
    return _validated(InsightContent("entry", title, tuple(parts), note))


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
    return _validated(InsightContent("review", title, tuple(parts), note))


def from_milestone(title: str, *, chart: Any | None, summary: str = "",
                   note: str = "") -> InsightContent:
    """A milestone's name, optionally a line on progress and a snapshot of its chart."""
    parts = (Part(LABEL_MILESTONE, summary),) if summary.strip() else ()
    spec = snapshot(chart) if chart is not None else None
    return _validated(InsightContent("milestone", f"A milestone: {title}", parts, note, spec))


def from_chart(title: str, chart: Any, note: str = "") -> InsightContent:
    """A Trends chart frozen as it looks now: a spec with its aggregated numbers inline."""
    return _validated(InsightContent("chart", title, (), note, snapshot(chart)))


# ---------------------------------------------------------------- chart snapshots


_DATA_KEYS_FORBIDDEN = ("url",)
_CHANNELS_DROPPED = ("href", "url")
_MARKS_FORBIDDEN = ("image",)


def snapshot(chart: Any) -> dict[str, Any]:
    """Freeze a chart (altair.Chart or a Vega-Lite dict) into a self-contained, inert spec.

    Why: the partner must get a picture of the numbers, never live access to the sharer's data;
    so data is inline, columns the chart doesn't draw are dropped, links and images removed.
    """
    spec = chart.to_dict() if hasattr(chart, "to_dict") else copy.deepcopy(chart)
    if not isinstance(spec, dict):
        raise SharingError("That chart can't be shared.")
    return safe_spec(spec)


def safe_spec(spec: dict[str, Any]) -> dict[str, Any]:
    """Strip anything a spec could use to fetch, link or carry data it doesn't draw."""
    spec = copy.deepcopy(spec)
    spec.pop("usermeta", None)

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            data = node.get("data")
            if isinstance(data, dict) and any(k in data for k in _DATA_KEYS_FORBIDDEN):
                raise SharingError("That chart reads outside data, so it can't be shared.")
            enc = node.get("encoding")
            if isinstance(enc, dict):
                for channel in _CHANNELS_DROPPED:
                    enc.pop(channel, None)
            mark = node.get("mark")
            mark_type = mark.get("type") if isinstance(mark, dict) else mark
            if mark_type in _MARKS_FORBIDDEN:
                raise SharingError("That chart shows images, so it can't be shared.")
            if isinstance(mark, dict):
                mark.pop("href", None)
                mark.pop("url", None)
            for key, value in node.items():
                if key != "datasets":
                    walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(spec)
    used = _referenced_strings(spec)

    def prune(rows: Any) -> Any:
        if not isinstance(rows, list):
            return rows
        return [
            {k: v for k, v in row.items() if _is_used(k, used)} if isinstance(row, dict) else row
            for row in rows
        ]

    if isinstance(spec.get("datasets"), dict):
        spec["datasets"] = {name: prune(rows) for name, rows in spec["datasets"].items()
                            if name in used}

    def prune_inline(node: Any) -> None:
        if isinstance(node, dict):
            data = node.get("data")
            if isinstance(data, dict) and "values" in data:
                data["values"] = prune(data["values"])
            for key, value in node.items():
                if key not in ("datasets", "data"):
                    prune_inline(value)
        elif isinstance(node, list):
            for item in node:
                prune_inline(item)

    prune_inline(spec)
    return spec


def _referenced_strings(spec: dict[str, Any]) -> set[str]:
    found: set[str] = set()

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "datasets":
                    continue
                if key == "data" and isinstance(value, dict) and "values" in value:
                    continue
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)
        elif isinstance(node, str):
            found.add(node)

    walk(spec)
    return found


def _is_used(column: str, used: set[str]) -> bool:
    if column in used:
        return True
    # Expressions ("datum.mood > 3") and nested fields ("a.b") mention the column inside.
    return any(column in s for s in used if "datum" in s or "." in s)


# ---------------------------------------------------------------- sharing, revoking


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


def _next_id(con: duckdb.DuckDBPyConnection) -> int:
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
    content = _validated(content)
    now = now or utcnow()
    payload = content.to_json()
    recipient_copy = None
    if partner_id is not None:
        require_partner(con, account, partner_id)
        try:
            recipient_copy = seal_for(public_key(con, partner_id), payload)
        except CryptoError as err:
            raise SharingError(str(err)) from err
    insight_id = _next_id(con)
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


# ---------------------------------------------------------------- mirroring back


def send_mirror(
    con: duckdb.DuckDBPyConnection,
    account: Account,
    insight_id: int,
    hear: str,
    sense: str = "",
    now: datetime | None = None,
) -> int:
    """Reply to a shared insight with what you heard (and, optionally, what makes sense)."""
    row = con.execute(
        "SELECT sharer_id FROM insight_deliveries WHERE insight_id = ? AND recipient_id = ?",
        [insight_id, account.id],
    ).fetchone()
    if row is None:
        raise NotFound("That insight is no longer shared with you.")
    sharer = int(row[0])
    require_partner(con, account, sharer)
    hear = _clean(hear, "mirror", vocab.MAX_SHORT_CHARS)
    sense = _clean(sense, "note on what makes sense", vocab.MAX_SHORT_CHARS)
    if not hear:
        raise SharingError("Please write what you hear before sending it.")
    last = con.execute(
        "SELECT verdict FROM mirrors WHERE insight_id = ? AND listener_id = ? "
        "ORDER BY created_utc DESC, id DESC LIMIT 1",
        [insight_id, account.id],
    ).fetchone()
    if last is not None and last[0] != NOT_QUITE:
        raise SharingError("Your last mirror is still with them, or they said you got it.")
    words = json.dumps({"hear": hear, "sense": sense}, ensure_ascii=False)
    mirror_id = _next_id(con)
    con.execute(
        "INSERT INTO mirrors (id, insight_id, sharer_id, listener_id, created_utc, for_sharer, "
        "for_listener) VALUES (?, ?, ?, ?, ?, ?, ?)",
        [mirror_id, insight_id, sharer, account.id, now or utcnow(),
         seal_for(public_key(con, sharer), words),
         account.keys.seal(words, aad=f"mirror:{mirror_id}")],
    )
    return mirror_id


def mark_mirror(
    con: duckdb.DuckDBPyConnection,
    account: Account,
    mirror_id: int,
    verdict: str,
    clarification: str = "",
    now: datetime | None = None,
) -> None:
    """The sharer says whether the mirror landed, and may clarify."""
    if verdict not in VERDICTS:
        raise SharingError("Please choose \"You got it\" or \"Not quite\".")
    row = con.execute(
        "SELECT m.listener_id, m.verdict FROM mirrors m JOIN insight_deliveries d "
        "ON d.insight_id = m.insight_id AND d.sharer_id = m.sharer_id "
        "WHERE m.id = ? AND m.sharer_id = ?",
        [mirror_id, account.id],
    ).fetchone()
    if row is None:
        raise NotFound("That mirror isn't waiting for you (the insight may be revoked).")
    if row[1] is not None:
        raise SharingError("You've already answered that mirror.")
    listener = int(row[0])
    require_partner(con, account, listener)
    text = _clean(clarification, "clarification", vocab.MAX_SHORT_CHARS)
    con.execute(
        "UPDATE mirrors SET verdict = ?, verdict_utc = ?, clarify_for_listener = ?, "
        "clarify_for_sharer = ? WHERE id = ? AND sharer_id = ?",
        [verdict, now or utcnow(),
         seal_for(public_key(con, listener), text) if text else None,
         account.keys.seal(text, aad=f"clarify:{mirror_id}") if text else None,
         mirror_id, account.id],
    )


# ---------------------------------------------------------------- understanding over time


@dataclass(frozen=True)
class UnderstandingMonth:
    """Mirrors answered in one month, in one direction of the pair."""

    month: date
    listener: str
    got_it: int
    answered: int

    @property
    def share(self) -> float:
        """Fraction of answered mirrors marked "you got it"."""
        return self.got_it / self.answered if self.answered else 0.0


def understanding(
    con: duckdb.DuckDBPyConnection, account: Account, partner_id: int
) -> list[UnderstandingMonth]:
    """Per month and direction: how many answered mirrors were "you got it"."""
    partner_name = require_partner(con, account, partner_id)
    rows = con.execute(
        "SELECT CAST(date_trunc('month', verdict_utc) AS DATE) AS month, listener_id, "
        "count(*) FILTER (WHERE verdict = ?), count(*) FROM mirrors "
        "WHERE verdict IS NOT NULL AND ((sharer_id = ? AND listener_id = ?) "
        "OR (sharer_id = ? AND listener_id = ?)) GROUP BY 1, 2 ORDER BY 1, 2",
        [GOT_IT, account.id, partner_id, partner_id, account.id],
    ).fetchall()
    who = {account.id: f"{account.name} hearing {partner_name}",
           partner_id: f"{partner_name} hearing {account.name}"}
    return [UnderstandingMonth(r[0], who[int(r[1])], int(r[2]), int(r[3])) for r in rows]


def understanding_chart(months: Iterable[UnderstandingMonth]) -> alt.Chart:
    """A small line chart of the "got it" share per month, one line per direction."""
    import pandas as pd

    frame = pd.DataFrame(
        [{"Month": m.month.isoformat(), "Who": m.listener, "Got it": m.share,
          "Answered": m.answered} for m in months]
    )
    return (
        alt.Chart(frame, height=220)
        .mark_line(point=alt.OverlayMarkDef(size=70))
        .encode(
            x=alt.X("yearmonth(Month):T", title=None,
                    axis=alt.Axis(format="%b %Y", tickCount="month", labelAngle=0)),
            y=alt.Y("Got it:Q", title="Got it", axis=alt.Axis(format="%", values=[0, 0.5, 1]),
                    scale=alt.Scale(domain=[0, 1])),
            color=alt.Color("Who:N", title=None, legend=alt.Legend(orient="top")),
            tooltip=[alt.Tooltip("yearmonth(Month):T", title="Month"), "Who:N",
                     alt.Tooltip("Got it:Q", format=".0%"), "Answered:Q"],
        )
    )


# ---------------------------------------------------------------- small display helpers


def local_time(utc: datetime, tz_name: str | None) -> datetime:
    """A stored naive-UTC time in the viewer's zone, for display."""
    try:
        zone = ZoneInfo(tz_name) if tz_name else None
    except (ZoneInfoNotFoundError, ValueError):
        zone = None
    aware = utc.replace(tzinfo=UTC)
    return (aware.astimezone(zone) if zone else aware.astimezone()).replace(tzinfo=None)


def trigger_choices(entry: Entry) -> list[tuple[int, str]]:
    """(index, label) for each trigger of an entry, for the picker."""
    return [
        (i, f"{vocab.label(vocab.TRIGGERS, t.trigger)} → "
            f"{vocab.RESPONSES.get(t.response or '', 'no response noted')}")
        for i, t in enumerate(entry.triggers)
    ]


def win_choices(entry: Entry) -> list[tuple[int, str]]:
    """(index, label) for each win of an entry, for the picker."""
    return [
        (i, vocab.label(vocab.PRACTICES, w.practice) + (f": {w.text}" if w.text else ""))
        for i, w in enumerate(entry.wins)
    ]


# ---------------------------------------------------------------- other sources (optional)
# Weekly reviews, milestones and Trends charts live in their own modules. They are imported
# only when asked for, so sharing from entries works even where those modules are missing.


def _optional(module: str) -> Any | None:
    try:
        return importlib.import_module(module)
    except Exception:  # noqa: BLE001 - a missing or broken optional module just hides a source
        return None


def review_choices(con: duckdb.DuckDBPyConnection, account: Account) -> list[tuple[int, str]]:
    """(id, label) of the profile's weekly reviews, newest first; [] if there are none."""
    reviews = _optional("journal.reviews")
    if reviews is None:
        return []
    items = reviews.list_reviews(con, account)
    items = sorted(items, key=lambda r: r.week_start, reverse=True)
    return [(int(r.id), f"Week of {r.week_start.day} {r.week_start:%b} to "
                        f"{r.week_end.day} {r.week_end:%b %Y}") for r in items]


def review_insight(
    con: duckdb.DuckDBPyConnection, account: Account, review_id: int, *,
    worked: bool, didnt: bool, adjust: bool, note: str = "",
) -> InsightContent:
    """Compose from one of the profile's weekly reviews."""
    reviews = _optional("journal.reviews")
    if reviews is None:
        raise SharingError("Weekly reviews aren't available here.")
    return from_review(reviews.get_review(con, account, review_id), worked=worked,
                       didnt=didnt, adjust=adjust, note=note)


def milestone_choices(con: duckdb.DuckDBPyConnection, account: Account) -> list[tuple[int, str]]:
    """(id, title) of the profile's milestones; [] if there are none."""
    milestones = _optional("journal.milestones")
    if milestones is None:
        return []
    return [(int(m.id), str(m.title)) for m in milestones.list_milestones(con, account)]


def milestone_insight(
    con: duckdb.DuckDBPyConnection, account: Account, milestone_id: int, *,
    summary: bool, chart: bool, note: str = "", today: date | None = None,
) -> InsightContent:
    """Compose from a milestone: its name, optionally where it stands and its progress chart."""
    milestones = _optional("journal.milestones")
    if milestones is None:
        raise SharingError("Milestones aren't available here.")
    m = milestones.get_milestone(con, account, milestone_id, today=today)
    line = ""
    if summary:
        line = (f"{m.status_label}. Aiming for {m.target_text} by "
                f"{m.target_date.day} {m.target_date:%B %Y}.")
    picture = milestones.progress_chart(con, account, milestone_id, today=today) if chart else None
    return from_milestone(m.title, chart=picture, summary=line, note=note)


def chart_ranges() -> dict[str, str]:
    """Trends' fixed ranges (a custom range isn't offered for sharing, to keep it simple)."""
    analytics = _optional("journal.analytics")
    ranges = getattr(analytics, "RANGES", None) or {}
    return {k: str(v) for k, v in ranges.items() if k != "custom"}


def _trends_view(con: duckdb.DuckDBPyConnection, account: Account, range_key: str,
                 today: date) -> Any:
    analytics = _optional("journal.analytics")
    charts = _optional("journal.charts.trends")
    if analytics is None or charts is None or range_key not in chart_ranges():
        raise SharingError("Trends charts aren't available to share.")
    state = analytics.journal_state(con, account)
    rng = analytics.resolve_range(range_key, today, state.bounds)
    return charts, charts.trends_view(con, account, rng, rng.end.year, state)


def chart_choices(
    con: duckdb.DuckDBPyConnection, account: Account, range_key: str, today: date
) -> list[tuple[str, str]]:
    """(key, title) of the Trends charts drawn for this range; [] if none or no Trends."""
    try:
        _, view = _trends_view(con, account, range_key, today)
    except SharingError:
        return []
    return [(f.key, f.title) for s in view.sections for f in s.figures if f.drawn]


def chart_insight(
    con: duckdb.DuckDBPyConnection, account: Account, range_key: str, figure_key: str, *,
    note: str = "", today: date,
) -> InsightContent:
    """A Trends chart frozen as it looks today, with its reading in words (for the packet)."""
    charts, view = _trends_view(con, account, range_key, today)
    for section in view.sections:
        for figure in section.figures:
            if figure.key == figure_key and figure.drawn:
                parts = (Part(LABEL_READING, figure.reading),) if figure.reading else ()
                span = charts.describe_range(view.range, view.unit).split(" · ")[0]
                title = figure.title if section.key == "year" else f"{figure.title} ({span})"
                return _validated(InsightContent("chart", title, parts, note,
                                                 snapshot(figure.chart)))
    raise SharingError("That chart has nothing to show for this range.")


def available_sources(con: duckdb.DuckDBPyConnection, account: Account) -> list[str]:
    """The kinds of insight this profile has something to compose from (entries always)."""
    kinds = ["entry"]
    if review_choices(con, account):
        kinds.append("review")
    if milestone_choices(con, account):
        kinds.append("milestone")
    analytics = _optional("journal.analytics")
    if chart_ranges() and analytics is not None and entries_count(con, account):
        kinds.append("chart")
    return kinds
