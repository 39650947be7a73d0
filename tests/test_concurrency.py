"""Two sessions at once: each thread has its own cursor of one shared connection (as the app)."""

from __future__ import annotations

import threading
from datetime import datetime, timedelta

from journal import entries, profiles
from journal.entries import TriggerItem, WinItem
from journal.entries import load_for_export as load_entries
from journal.transfer import importing
from tests.conftest import PASS

PER_PROFILE = 500


def _writer(shared, account, label: str, ids: list[int], errors: list[BaseException],
            start: threading.Barrier) -> None:
    cur = shared.cursor()
    start.wait()
    try:
        for n in range(PER_PROFILE):
            ids.append(entries.save_entry(cur, account, entries.EntryInput(
                when_local=datetime(2026, 1, 1) + timedelta(minutes=n),
                body=f"{label} entry {n}", mood=n % 5 + 1,
                triggers=[TriggerItem(f"{label}-trigger")], wins=[WinItem("repair", label)],
            )))
    except BaseException as err:  # noqa: BLE001 - reported by the test
        errors.append(err)
    finally:
        cur.close()


def test_two_profiles_writing_at_once_lose_and_mix_nothing(con):
    ana = profiles.create_profile(con, "Ana", PASS)
    ben = profiles.create_profile(con, "Ben", PASS)
    ids: dict[str, list[int]] = {"ana": [], "ben": []}
    errors: list[BaseException] = []
    start = threading.Barrier(2)
    threads = [threading.Thread(target=_writer, args=(con, acc, label, ids[label], errors, start))
               for acc, label in ((ana, "ana"), (ben, "ben"))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not errors, errors
    assert con.execute("SELECT count(*) FROM entries").fetchone() == (2 * PER_PROFILE,)
    for acc, label in ((ana, "ana"), (ben, "ben")):
        mine = load_entries(con, acc)
        assert sorted(e.id for e in mine) == sorted(ids[label])
        assert sorted(e.body for e in mine) == sorted(f"{label} entry {n}"
                                                      for n in range(PER_PROFILE))
        assert {t.trigger for e in mine for t in e.triggers} == {f"{label}-trigger"}
        assert {w.text for e in mine for w in e.wins} == {label}
    assert con.execute("SELECT count(*) FROM entry_triggers").fetchone() == (2 * PER_PROFILE,)
    # every part row belongs to an entry of the same profile (nothing crossed over)
    assert con.execute(
        "SELECT count(*) FROM entry_triggers t JOIN entries e ON e.id = t.entry_id "
        "WHERE e.profile_id <> t.profile_id").fetchone() == (0,)


def test_same_file_imported_from_two_sessions_at_once_lands_once(con, account):
    from benchmarks import data as bench_data

    raw = bench_data.daylio_csv(300)
    choices = importing.ImportChoices(moods={"ruhig 😌": 4, "Очень хорошо": 5, "tense": 2})
    results: list[object] = []
    start = threading.Barrier(2)

    def go() -> None:
        cur = con.cursor()
        start.wait()
        try:
            results.append(importing.run_import(cur, account, raw, "d.csv", choices))
        except Exception as err:  # noqa: BLE001
            results.append(err)
        finally:
            cur.close()

    threads = [threading.Thread(target=go) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    added = sorted(getattr(r, "added", -1) for r in results)
    assert added == [0, 300], results
    assert entries.count_entries(con, account) == 300
