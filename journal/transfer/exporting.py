"""Exporting: gather a profile's journal (entries decrypted, milestones, weekly reviews) and
hand it, as plain data, to the chosen format in `exporters` (which only renders).

Text is decrypted here, in the app (or CLI) process that holds the signed-in profile's keys;
the bytes returned are plaintext by design, because the person asked to take their words out.

    file = export_file(con, account, "json")   # ExportFile(file_name, mime, data, entries)
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import duckdb

from journal import milestones, reviews
from journal.account import Account
from journal.entries import load_for_export
from journal.transfer import exporters
from journal.transfer.exporters import ExportFile, SteadyJsonExporter, Unreadable


def export_file(
    con: duckdb.DuckDBPyConnection, account: Account, fmt: str, now: datetime | None = None
) -> ExportFile:
    """The signed-in profile's journal in `fmt` (json, csv, markdown); JSON carries plans too."""
    exporter = exporters.get(fmt)
    now = now or datetime.now(UTC).replace(tzinfo=None)
    loaded = load_for_export(con, account)
    # A damaged entry can't be exported; it is listed by date and id, and the rest goes out.
    items = [e for e in loaded if not e.unreadable]
    lost = tuple(Unreadable(e.id, e.when_local.date()) for e in loaded if e.unreadable)
    if isinstance(exporter, SteadyJsonExporter):   # the lossless format: plans travel too
        data = exporter.render(items, account.name, now, load_plans(con, account),
                               unreadable=lost)
    else:
        data = exporter.render(items, account.name, now, unreadable=lost)
    return ExportFile(file_name=exporters.file_name(account.name, exporter.name, now),
                      mime=exporter.mime, data=data, entries=len(items), unreadable=lost)


def unreadable_note(done: ExportFile) -> str | None:
    """One sentence listing the entries an export left out because they are damaged."""
    if not done.unreadable:
        return None
    days = ", ".join(u.label() for u in done.unreadable)
    return (f"{len(done.unreadable)} damaged entr{'y' if len(done.unreadable) == 1 else 'ies'} "
            f"could not be read and {'is' if len(done.unreadable) == 1 else 'are'} listed in "
            f"the file instead: {days}. Restore a backup to get "
            f"{'it' if len(done.unreadable) == 1 else 'them'} back.")


def export_name(account: Account, fmt: str) -> str:
    """The file name an export gets (known before the export is made, for download buttons)."""
    return exporters.file_name(account.name, fmt)


def _iso(value: datetime | None) -> str | None:
    return value.isoformat(timespec="microseconds") if value else None


def _day(value: date | None) -> str | None:
    return value.isoformat() if value else None


def load_plans(
    con: duckdb.DuckDBPyConnection, account: Account
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The profile's milestones (with reviews and target history) and weekly reviews, decrypted."""
    out_milestones = []
    for m in sorted(milestones.stored_milestones(con, account), key=lambda r: r.id):
        out_milestones.append({
            "id": m.id, "title": m.title, "practice": m.practice, "measure": m.measure,
            "target": m.target, "baseline": m.baseline, "start": _day(m.start),
            "target_date": _day(m.target_date), "cadence": m.cadence, "paused": m.paused,
            "reached_on": _day(m.reached_on), "plan_id": m.plan_id, "plan_step": m.plan_step,
            "plan_steps": m.plan_steps, "template": m.template,
            "created_utc": _iso(m.created_utc),
            "reviews": [
                {"review_date": _day(r.review_date), "worked": r.worked, "didnt": r.didnt,
                 "adjust": r.adjust, "created_utc": _iso(r.created_utc)}
                for r in reversed(milestones.list_milestone_reviews(con, account, m.id))
            ],
            "target_changes": [
                {"changed_on": _day(c.changed_on), "old_target": c.old_target,
                 "new_target": c.new_target, "old_target_date": _day(c.old_target_date),
                 "new_target_date": _day(c.new_target_date), "reason": c.reason}
                for c in milestones.target_history(con, account, m.id)
            ],
        })
    weekly = [
        {"week_start": _day(r.week_start), "week_end": _day(r.week_end), "worked": r.worked,
         "didnt": r.didnt, "adjust": r.adjust, "created_utc": _iso(r.created_utc),
         "updated_utc": _iso(r.updated_utc)}
        for r in reversed(reviews.list_reviews(con, account,
                                               limit=reviews.count_reviews(con, account)))
    ]
    return out_milestones, weekly
