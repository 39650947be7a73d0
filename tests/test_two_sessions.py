"""One profile open on a laptop and a phone at once: nothing lost, no error shown.

Each session is a cursor of the app's one connection (as Streamlit runs them), writing drafts,
saving entries and the week's review at the same moments.
"""

from __future__ import annotations

import threading
from datetime import date, datetime

import duckdb

from journal import entries, reviews
from journal.db import connect
from tests.conftest import make_entry


def _run_two(con, work) -> list[BaseException]:
    errors: list[BaseException] = []
    start = threading.Barrier(2)

    def session(n: int) -> None:
        cur = con.cursor()
        start.wait()
        try:
            work(cur, n)
        except BaseException as err:  # noqa: BLE001 - collected and asserted below
            errors.append(err)

    threads = [threading.Thread(target=session, args=(n,)) for n in (0, 1)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return errors


def test_two_sessions_with_drafts_save_100_entries_without_error_or_loss(con, account):
    def work(cur, n: int) -> None:
        for i in range(50):
            body = f"session {n} entry {i}"
            entries.save_draft(cur, account, {"body": body, "mood": 3})
            entries.save_entry(cur, account, make_entry(
                when_local=datetime(2026, 11, 1 + i % 28, 8 + n), body=body))

    assert _run_two(con, work) == []
    bodies = sorted(e.body for e in entries.load_for_export(con, account))
    assert bodies == sorted(f"session {n} entry {i}" for n in (0, 1) for i in range(50))


def test_two_sessions_saving_one_week_keep_one_review(con, account):
    week = date(2026, 11, 16)

    def work(cur, n: int) -> None:
        for i in range(20):
            reviews.save_review(cur, account, week, f"worked {n}.{i}", "", "")

    assert _run_two(con, work) == []
    assert reviews.count_reviews(con, account) == 1
    assert reviews.review_for_week(con, account, week).worked.startswith("worked ")


def test_the_migration_sets_duplicate_reviews_aside(db_file, con, account):
    week = date(2026, 11, 16)
    reviews.save_review(con, account, week, "older", "", "")
    con.execute("DROP INDEX weekly_reviews_week_uq")
    con.execute("INSERT INTO weekly_reviews (profile_id, week_start, week_end, worked, created_utc)"
                " VALUES (?, ?, ?, ?, now())", [account.id, week, date(2026, 11, 22),
                                                account.keys.seal("newer")])
    con.execute("DELETE FROM schema_migrations WHERE name IN "
                "('0007_review_duplicates', '0008_one_review_per_week')")
    con.close()
    again = connect(db_file)
    try:
        assert reviews.count_reviews(again, account) == 1
        assert reviews.review_for_week(again, account, week).worked == "newer"
        kept = again.execute("SELECT worked FROM weekly_review_duplicates").fetchall()
        assert [account.keys.open(r[0]) for r in kept] == ["older"]
        try:
            again.execute("INSERT INTO weekly_reviews (profile_id, week_start, week_end, "
                          "created_utc) VALUES (?, ?, ?, now())", [account.id, week, week])
            raise AssertionError("a second review of the week was stored")
        except duckdb.ConstraintException:
            pass
    finally:
        again.close()
