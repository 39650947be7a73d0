"""Migrations, database-file failure modes, and entry storage round trips."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from datetime import date, datetime
from pathlib import Path

import pytest

from journal import entries, migrations
from journal.db import connect
from journal.entries import EntryFilter, TriggerItem, WinItem
from journal.errors import DatabaseUnavailable, NotFound, SchemaTooNew, ValidationError
from tests.conftest import make_entry

RTL = "היום דיברנו סוף סוף. ما زلت أشعر بالقلق"
ODD = "Zalgo z̷̢̛a̶l̸g̵o, ZWJ 👩‍❤️‍👨, flags 🇩🇪🇧🇷, tabs\tand\nnew lines, NFD é, 𝔘𝔫𝔦𝔠𝔬𝔡𝔢"


# ---------------------------------------------------------------- migrations


def test_migrations_create_tables_and_record_names(con):
    names = [r[0] for r in con.execute("SELECT name FROM schema_migrations").fetchall()]
    assert names == [name for name, _ in migrations.MIGRATIONS]
    tables = {
        r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()
    }
    for table in (
        "profiles",
        "entries",
        "entry_emotions",
        "entry_triggers",
        "wins",
        "drafts",
        "prompts_shown",
    ):
        assert table in tables


def test_rerunning_migrations_is_a_noop(con):
    before = con.execute("SELECT count(*) FROM schema_migrations").fetchone()[0]
    assert migrations.migrate(con) == []
    assert con.execute("SELECT count(*) FROM schema_migrations").fetchone()[0] == before


def test_reopening_a_file_keeps_data(db_file, account, con):
    entries.save_entry(con, account, make_entry(body="still here"))
    con.close()
    again = connect(db_file)
    assert again.execute("SELECT count(*) FROM entries").fetchone()[0] == 1
    again.close()


def test_newer_schema_is_refused_clearly(db_file, con):
    con.execute("INSERT INTO schema_migrations VALUES ('9999_from_the_future', now())")
    con.close()
    with pytest.raises(SchemaTooNew, match="newer version of Steady"):
        connect(db_file)


def test_failed_migration_rolls_back(monkeypatch, tmp_path):
    def broken(c):
        c.execute("CREATE TABLE half_done (x INT)")
        raise RuntimeError("boom")

    monkeypatch.setattr(migrations, "MIGRATIONS", [*migrations.MIGRATIONS, ("9000_broken", broken)])
    with pytest.raises(RuntimeError):
        connect(tmp_path / "j.duckdb")
    monkeypatch.undo()
    con = connect(tmp_path / "j.duckdb")
    tables = {
        r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()
    }
    assert "half_done" not in tables
    con.close()


# ---------------------------------------------------------------- bad files


def test_foreign_file_is_refused_and_untouched(tmp_path):
    target = tmp_path / "notes.duckdb"
    target.write_bytes(b"Dear diary, this is a text file\n" * 10)
    before = target.read_bytes()
    with pytest.raises(DatabaseUnavailable, match="isn't a Steady journal"):
        connect(target)
    assert target.read_bytes() == before


def test_empty_file_is_refused_and_untouched(tmp_path):
    target = tmp_path / "empty.duckdb"
    target.write_bytes(b"")
    with pytest.raises(DatabaseUnavailable):
        connect(target)
    assert target.read_bytes() == b""


def test_folder_path_is_refused(tmp_path):
    with pytest.raises(DatabaseUnavailable, match="is a folder"):
        connect(tmp_path)


def test_unwritable_folder_is_explained(tmp_path, monkeypatch):
    # As root (CI) every folder is writable, so simulate the permission answer.
    monkeypatch.setattr(os, "access", lambda path, mode: False)
    with pytest.raises(DatabaseUnavailable, match="can't write"):
        connect(tmp_path / "j.duckdb")
    assert not (tmp_path / "j.duckdb").exists()


def test_uncreatable_folder_is_explained(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(DatabaseUnavailable, match="can't create the folder"):
        connect(blocker / "sub" / "j.duckdb")


HOLDER = textwrap.dedent(
    """
    import sys, time, duckdb
    con = duckdb.connect(sys.argv[1])
    print("locked", flush=True)
    time.sleep(60)
    """
)


@pytest.fixture
def locked_db(db_file: Path):
    """A journal file held open by another process."""
    connect(db_file).close()
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(db_file)], stdout=subprocess.PIPE, text=True
    )
    assert proc.stdout is not None and proc.stdout.readline().strip() == "locked"
    yield db_file
    proc.kill()
    proc.wait()


def test_locked_file_is_explained(locked_db):
    size = locked_db.stat().st_size
    with pytest.raises(DatabaseUnavailable, match="open in another Steady window"):
        connect(locked_db)
    assert locked_db.stat().st_size == size


def test_cli_reports_locked_file_without_traceback(locked_db):
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "journal",
            "demo",
            "--db",
            str(locked_db),
            "--profile",
            "x",
            "--passphrase",
            "long enough pass",
        ],
        capture_output=True,
        text=True,
        env={**os.environ, "STEADY_FAST_KDF": "1"},
    )
    assert out.returncode == 2
    assert "open in another Steady window" in out.stderr
    assert "Traceback" not in out.stderr


# ---------------------------------------------------------------- round trips


@pytest.mark.parametrize(
    "text",
    [
        "plain words",
        "emoji 🌿💛🫶🏽",
        RTL,
        ODD,
        "x" * 20_000,
        "<script>alert(1)</script> [a](b)",
    ],
)
def test_text_round_trips_exactly(con, account, text):
    entry_id = entries.save_entry(con, account, make_entry(body=text))
    assert entries.get_entry(con, account, entry_id).body == text


def test_all_fields_round_trip(con, account):
    inp = make_entry(
        kind="repair",
        body="body",
        prompt_id="repair-01",
        prompt_text="Prompt?",
        prompt_response="response ✨",
        need="to be asked",
        hope="we pause first",
        mood=2,
        energy=4,
        emotions=["anxious", "my own word"],
        triggers=[
            TriggerItem("late_reply", "withdrew"),
            TriggerItem("a custom one", "reached_out", "note"),
        ],
        wins=[WinItem("repair", "said sorry and meant it"), WinItem("check_in")],
        when_local=datetime(2025, 3, 30, 2, 30),
        utc_offset_min=120,
    )
    got = entries.get_entry(con, account, entries.save_entry(con, account, inp))
    assert (got.kind, got.body, got.prompt_id, got.prompt_response, got.need, got.hope) == (
        "repair",
        "body",
        "repair-01",
        "response ✨",
        "to be asked",
        "we pause first",
    )
    assert (got.mood, got.energy, got.quadrant) == (2, 4, "high_unpleasant")
    assert got.emotions == ["anxious", "my own word"]
    assert [(t.trigger, t.response, t.note) for t in got.triggers] == [
        ("late_reply", "withdrew", None),
        ("a custom one", "reached_out", "note"),
    ]
    assert [(w.practice, w.text) for w in got.wins] == [
        ("repair", "said sorry and meant it"),
        ("check_in", None),
    ]
    assert got.when_local == datetime(2025, 3, 30, 2, 30)
    assert got.created_utc == datetime(2025, 3, 30, 0, 30)


def test_text_is_encrypted_in_the_table(con, account):
    entries.save_entry(con, account, make_entry(body="MARKER-unique-7731"))
    raw = con.execute("SELECT body FROM entries").fetchone()[0]
    assert raw.startswith("s1:") and "MARKER" not in raw


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"body": "x" * 20_001}, "limit is 20,000"),
        ({"triggers": [TriggerItem(f"t{i}") for i in range(13)]}, "up to 12 triggers"),
        ({"body": "", "mood": None, "energy": None}, "nothing to save"),
        ({"mood": 9}, "between 1 and 5"),
        ({"body": "\ud800 lone surrogate"}, "can't be saved"),
        ({"kind": "rant"}, "what kind of entry"),
    ],
)
def test_bad_input_gets_one_kind_message_and_saves_nothing(con, account, change, message):
    with pytest.raises(ValidationError, match=message):
        entries.save_entry(con, account, make_entry(**change))
    assert entries.count_entries(con, account) == 0


def test_failed_save_keeps_the_draft(con, account):
    entries.save_draft(con, account, {"body": "x" * 20_001})
    with pytest.raises(ValidationError):
        entries.save_entry(con, account, make_entry(body="x" * 20_001))
    assert entries.load_draft(con, account) == {"body": "x" * 20_001}


def test_saving_clears_the_draft(con, account):
    entries.save_draft(con, account, {"body": "half a thought 🌙"})
    assert entries.load_draft(con, account) == {"body": "half a thought 🌙"}
    entries.save_entry(con, account, make_entry())
    assert entries.load_draft(con, account) is None


def test_update_and_delete(con, account):
    entry_id = entries.save_entry(
        con, account, make_entry(triggers=[TriggerItem("silence", "withdrew")])
    )
    entries.update_entry(
        con,
        account,
        entry_id,
        make_entry(body="edited", mood=5, triggers=[TriggerItem("conflict")]),
    )
    got = entries.get_entry(con, account, entry_id)
    assert (got.body, got.mood, [t.trigger for t in got.triggers]) == ("edited", 5, ["conflict"])
    assert got.updated_utc is not None
    entries.delete_entry(con, account, entry_id)
    with pytest.raises(NotFound):
        entries.get_entry(con, account, entry_id)
    assert con.execute("SELECT count(*) FROM entry_triggers").fetchone()[0] == 0


def test_draft_dict_round_trips_to_input():
    draft = {
        "kind": "check_in",
        "body": "b",
        "response": "r",
        "mood": 4,
        "energy": "2",
        "emotions": ["calm"],
        "custom_emotions": "held, seen",
        "triggers": ["silence"],
        "trigger_responses": {"silence": "paused"},
        "wins": ["check_in"],
        "win_texts": {"check_in": "kept it"},
        "date": "2026-01-05",
        "time": "07:45",
    }
    inp = entries.input_from_draft(draft, "Europe/Berlin")
    assert inp.when_local == datetime(2026, 1, 5, 7, 45) and inp.utc_offset_min == 60
    assert inp.emotions == ["calm", "held", "seen"] and inp.energy == 2
    assert [(t.trigger, t.response) for t in inp.triggers] == [("silence", "paused")]
    assert [(w.practice, w.text) for w in inp.wins] == [("check_in", "kept it")]


# ---------------------------------------------------------------- history queries


@pytest.fixture
def month(con, account):
    """Ten entries on consecutive days with varied moods, triggers and kinds."""
    ids = []
    for day in range(1, 11):
        ids.append(
            entries.save_entry(
                con,
                account,
                make_entry(
                    when_local=datetime(2026, 5, day, 20, 0),
                    body=f"day {day} note",
                    mood=1 + day % 5,
                    kind="check_in" if day % 3 == 0 else "reflection",
                    emotions=["calm"] if day % 2 else ["lonely"],
                    triggers=[TriggerItem("late_reply", "withdrew")] if day in (2, 7) else [],
                ),
            )
        )
    return ids


def test_history_is_newest_first_and_paginated(con, account, month):
    first = entries.list_entries(con, account, page=1, page_size=4)
    assert first.total == 10 and first.pages == 3
    assert [i.local_date.day for i in first.items] == [10, 9, 8, 7]
    last = entries.list_entries(con, account, page=3, page_size=4)
    assert [i.local_date.day for i in last.items] == [2, 1]
    beyond = entries.list_entries(con, account, page=99, page_size=4)
    assert beyond.page == 3


@pytest.mark.parametrize(
    ("filt", "days"),
    [
        (EntryFilter(text="DAY 1 NOTE"), [1]),
        (EntryFilter(text="note"), list(range(10, 0, -1))),
        (EntryFilter(date_from=date(2026, 5, 4), date_to=date(2026, 5, 6)), [6, 5, 4]),
        (EntryFilter(mood_min=4, mood_max=5), [9, 8, 4, 3]),
        (EntryFilter(trigger="late_reply"), [7, 2]),
        (EntryFilter(emotion="lonely"), [10, 8, 6, 4, 2]),
        (EntryFilter(kind="check_in"), [9, 6, 3]),
        (EntryFilter(kind="check_in", emotion="lonely"), [6]),
    ],
)
def test_history_filters(con, account, month, filt, days):
    page = entries.list_entries(con, account, filt, page_size=50)
    assert [i.local_date.day for i in page.items] == days
    assert page.total == len(days)


def test_history_snippet_and_tags(con, account, month):
    item = entries.list_entries(con, account, EntryFilter(trigger="late_reply")).items[0]
    assert item.snippet == "day 7 note" and item.triggers == ["late_reply"]
    assert item.emotions == ["calm"]
