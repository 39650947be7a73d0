"""What the Share page offers to pick from, and the helpers that show it.

Why here: the pickers read other features (entries, weekly reviews, milestones, Trends) through
plain imports; those features never import sharing, so there is no loop.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import duckdb

from journal import analytics, reviews, vocab
from journal.account import Account
from journal.charts import trends
from journal.charts.milestones import milestone_chart
from journal.charts.shared import snapshot
from journal.entries.model import Entry
from journal.entries.read import count_entries as entries_count
from journal.errors import SharingError
from journal.milestones.progress import get_milestone, list_milestones
from journal.sharing.insights import from_milestone, from_review, validated
from journal.sharing.model import LABEL_READING, InsightContent, Part


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


def review_choices(con: duckdb.DuckDBPyConnection, account: Account) -> list[tuple[int, str]]:
    """(id, label) of the profile's weekly reviews, newest first; [] if there are none."""
    items = sorted(reviews.list_reviews(con, account), key=lambda r: r.week_start, reverse=True)
    return [(int(r.id), f"Week of {r.week_start.day} {r.week_start:%b} to "
                        f"{r.week_end.day} {r.week_end:%b %Y}") for r in items]


def review_insight(
    con: duckdb.DuckDBPyConnection, account: Account, review_id: int, *,
    worked: bool, didnt: bool, adjust: bool, note: str = "",
) -> InsightContent:
    """Compose from one of the profile's weekly reviews."""
    return from_review(reviews.get_review(con, account, review_id), worked=worked,
                       didnt=didnt, adjust=adjust, note=note)


def milestone_choices(con: duckdb.DuckDBPyConnection, account: Account) -> list[tuple[int, str]]:
    """(id, title) of the profile's milestones; [] if there are none."""
    return [(int(m.id), str(m.title)) for m in list_milestones(con, account)]


def milestone_insight(
    con: duckdb.DuckDBPyConnection, account: Account, milestone_id: int, *,
    summary: bool, chart: bool, note: str = "", today: date | None = None,
) -> InsightContent:
    """Compose from a milestone: its name, optionally where it stands and its progress chart."""
    m = get_milestone(con, account, milestone_id, today=today)
    line = ""
    if summary:
        line = (f"{m.status_label}. Aiming for {m.target_text} by "
                f"{m.target_date.day} {m.target_date:%B %Y}.")
    picture = milestone_chart(m) if chart else None
    return from_milestone(m.title, chart=picture, summary=line, note=note)


def chart_ranges() -> dict[str, str]:
    """Trends' fixed ranges (a custom range isn't offered for sharing, to keep it simple)."""
    return {k: str(v) for k, v in analytics.RANGES.items() if k != "custom"}


def _trends_view(con: duckdb.DuckDBPyConnection, account: Account, range_key: str,
                 today: date) -> Any:
    if range_key not in chart_ranges():
        raise SharingError("Trends charts aren't available to share.")
    state = analytics.journal_state(con, account)
    rng = analytics.resolve_range(range_key, today, state.bounds)
    return trends.trends_view(con, account, rng, rng.end.year, state)


# Charts of what set things off (and how mood went with it) read like a list of grievances when
# shared: they are one extra step away ("more charts"), and the preview suggests a need and a hope.
PAUSE_FIRST_CHARTS = frozenset({"triggers", "impact"})
PAUSE_NOTE = (
    "Before you share this one: a chart of what set things off can land as a list of what went "
    "wrong, even when you mean it to help. A need and a hope often say more, for example "
    "\u201cWhen plans change without a word, I feel unsure. I need a short message. I hope we "
    "can try that this month.\u201d You can still share the chart; it's your choice."
)
_PAUSE_READINGS = {
    "triggers": "What set hard moments off in this period, shared to understand them together, "
                "not to keep count.",
    "impact": "How mood went on days when something set it off, shared to understand it "
              "together, not to keep count.",
}


def chart_choices(
    con: duckdb.DuckDBPyConnection, account: Account, range_key: str, today: date,
    *, more: bool = False,
) -> list[tuple[str, str]]:
    """(key, title) of the Trends charts drawn for this range; [] if none or no Trends.

    Trigger and impact charts are offered only with ``more`` (the extra step), after the rest.
    """
    try:
        view = _trends_view(con, account, range_key, today)
    except SharingError:
        return []
    drawn = [(f.key, f.title) for s in view.sections for f in s.figures if f.drawn]
    first = [c for c in drawn if c[0] not in PAUSE_FIRST_CHARTS]
    return first + ([c for c in drawn if c[0] in PAUSE_FIRST_CHARTS] if more else [])


def chart_note(figure_key: str | None) -> str | None:
    """The gentle note the preview shows for a chart that takes a pause first (never a block)."""
    return PAUSE_NOTE if figure_key in PAUSE_FIRST_CHARTS else None


def chart_insight(
    con: duckdb.DuckDBPyConnection, account: Account, range_key: str, figure_key: str, *,
    note: str = "", today: date,
) -> InsightContent:
    """A Trends chart frozen as it looks today, with its reading in words (for the packet)."""
    view = _trends_view(con, account, range_key, today)
    for section in view.sections:
        for figure in section.figures:
            if figure.key == figure_key and figure.drawn:
                reading = _PAUSE_READINGS.get(figure.key, figure.reading)  # no counts
                parts = (Part(LABEL_READING, reading),) if reading else ()
                span = trends.describe_range(view.range, view.unit).split(" · ")[0]
                title = figure.title if section.key == "year" else f"{figure.title} ({span})"
                return validated(InsightContent("chart", title, parts, note,
                                                snapshot(figure.chart)))
    raise SharingError("That chart has nothing to show for this range.")


def available_sources(con: duckdb.DuckDBPyConnection, account: Account) -> list[str]:
    """The kinds of insight this profile has something to compose from (entries always)."""
    kinds = ["entry"]
    if review_choices(con, account):
        kinds.append("review")
    if milestone_choices(con, account):
        kinds.append("milestone")
    if chart_ranges() and entries_count(con, account):
        kinds.append("chart")
    return kinds
