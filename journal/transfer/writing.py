"""Writing a planned import: entries, their parts, milestones and weekly reviews, all or none.

Why one transaction around everything (`db.transaction`, which nests, so the milestone and
review helpers called here join it): an import that stops halfway must leave nothing behind.
"""

from __future__ import annotations

import duckdb

from journal import entries, milestones, reviews
from journal.account import Account
from journal.db import transaction, utcnow
from journal.errors import ImportFormatError, ValidationError
from journal.milestones import TargetChange
from journal.milestones.store import record_target_change
from journal.transfer.importers import ImportProblem, ParsedImport
from journal.transfer.importers.steady_records import MilestoneRecord
from journal.transfer.mapping import ImportChoices, remember
from journal.transfer.planning import Plan

RACED = ("Some of these entries were imported a moment ago (perhaps from another window), so "
         "nothing was added twice. Check History, then import again if anything is missing.")


def write(
    con: duckdb.DuckDBPyConnection, account: Account, parsed: ParsedImport, sha: str,
    plan: Plan, choices: ImportChoices,
) -> tuple[int | None, tuple[int, int]]:
    """Entries, milestones and weekly reviews in one transaction; (batch id, plans added)."""
    try:
        with transaction(con):
            batch_id = None
            if plan.planned or plan.milestones or plan.weekly_reviews:
                batch_id = _write_entries(con, account, parsed, sha, plan)
            added_plans = (_insert_milestones(con, account, plan, batch_id),
                           _insert_weekly_reviews(con, account, plan, batch_id))
            remember(con, account, parsed.format, choices, [m.label for m in plan.moods],
                     [lc.label for lc in plan.labels])
    except (duckdb.ConstraintException, duckdb.TransactionException) as err:
        raise ImportFormatError(RACED) from err
    return batch_id, added_plans


def _write_entries(
    con: duckdb.DuckDBPyConnection, account: Account, parsed: ParsedImport, sha: str,
    plan: Plan,
) -> int:
    """The planned entries and the batch that lists them (for undo); returns the batch id."""
    ids = entries.bulk_insert(con, account, plan.planned)
    row = con.execute(
        "INSERT INTO import_batches (profile_id, format, file_sha256, imported_utc, "
        "added, duplicates, skipped) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
        [account.id, parsed.format, sha, utcnow(), len(ids), plan.duplicates,
         len(plan.problems)],
    ).fetchone()
    assert row is not None
    batch_id = int(row[0])
    if ids:
        con.execute(
            "INSERT INTO import_batch_entries (batch_id, profile_id, entry_id) "
            "SELECT ?, ?, unnest(?::BIGINT[])", [batch_id, account.id, ids])
    return batch_id


def _remember_item(con: duckdb.DuckDBPyConnection, account: Account, batch_id: int | None,
                   kind: str, item_id: int) -> None:
    """Note a milestone or weekly review this import brought, so Undo takes it away too."""
    if batch_id is not None:
        con.execute("INSERT INTO import_batch_items (batch_id, profile_id, kind, item_id) "
                    "VALUES (?, ?, ?, ?)", [batch_id, account.id, kind, item_id])


def _insert_milestones(
    con: duckdb.DuckDBPyConnection, account: Account, plan: Plan, batch_id: int | None
) -> int:
    """The plan's new milestones, their reviews and target history (inside write's
    transaction; text sealed by the milestones helpers). Returns how many were added."""
    ids = dict(plan.known_milestones)     # exported id -> id here, for stepped plans
    added: list[tuple[MilestoneRecord, int]] = []
    for m in plan.milestones:
        try:
            new_id = milestones.create_milestone(
                con, account, title=m.title, practice=m.practice, measure=m.measure,
                target=m.target, start=m.start, target_date=m.target_date, cadence=m.cadence,
                baseline=m.baseline, template=m.template, plan_step=m.plan_step,
                plan_steps=m.plan_steps)
        except ValidationError as err:
            plan.problems.append(ImportProblem(f"milestone “{m.title[:40]}”", f"{err} Skipped."))
            continue
        if m.old_id is not None:
            ids.setdefault(m.old_id, new_id)
        _remember_item(con, account, batch_id, "milestone", new_id)
        added.append((m, new_id))
    heads: dict[int, int] = {}
    for m, new_id in added:
        plan_id = None
        if m.plan_id is not None:    # the plan's first step here (or its first one imported)
            plan_id = ids.get(m.plan_id) or heads.setdefault(m.plan_id, new_id)
        if m.paused:
            milestones.set_paused(con, account, new_id, True)
        con.execute(
            "UPDATE milestones SET plan_id = ?, reached_on = ?, "
            "created_utc = coalesce(?, created_utc) WHERE id = ? AND profile_id = ?",
            [plan_id, m.reached_on, m.created_utc, new_id, account.id])
        for r in m.reviews:
            try:
                review_id = milestones.record_review(con, account, new_id, r.worked, r.didnt,
                                                     r.adjust, r.review_date)
            except ValidationError as err:
                plan.problems.append(ImportProblem(
                    f"a review of milestone “{m.title[:40]}”", f"{err} Skipped."))
                continue
            if r.created_utc is not None:
                con.execute("UPDATE milestone_reviews SET created_utc = ? "
                            "WHERE id = ? AND profile_id = ?",
                            [r.created_utc, review_id, account.id])
        for c in m.changes:   # change_target would rewrite the target: history only here
            record_target_change(con, account, new_id, TargetChange(
                0, new_id, c.changed_on, c.old_target, c.new_target, c.old_target_date,
                c.new_target_date, c.reason))
    return len(added)


def _insert_weekly_reviews(
    con: duckdb.DuckDBPyConnection, account: Account, plan: Plan, batch_id: int | None
) -> int:
    """The plan's new weekly reviews (sealed by reviews.save_review); returns how many."""
    added = 0
    for r in plan.weekly_reviews:
        try:
            review_id = reviews.save_review(con, account, r.week_start, r.worked, r.didnt,
                                            r.adjust)
        except ValidationError as err:
            plan.problems.append(ImportProblem(f"the weekly review of {r.week_start}",
                                               f"{err} Skipped."))
            continue
        con.execute(
            "UPDATE weekly_reviews SET week_end = ?, created_utc = coalesce(?, created_utc), "
            "updated_utc = ? WHERE id = ? AND profile_id = ?",
            [r.week_end, r.created_utc, r.updated_utc, review_id, account.id])
        _remember_item(con, account, batch_id, "weekly_review", review_id)
        added += 1
    return added
