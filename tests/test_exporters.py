"""Exporters: registry, JSON/CSV/Markdown content, profile isolation, decryption for the owner."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from datetime import date, datetime

import pytest

from journal import entries, milestones, reviews
from journal.entries import TriggerItem, WinItem
from journal.errors import ValidationError
from journal.transfer import exporters, exporting
from journal.transfer.exporters import csv_export, steady_json
from journal.transfer.importers import steady_records
from tests.conftest import make_entry

NOW = datetime(2026, 11, 21, 9, 30)


@pytest.fixture
def seeded(con, account, other):
    entries.save_entry(con, account, make_entry(
        when_local=datetime(2026, 10, 31, 22, 5, 9), body="Halloween 🎃 — שלום, we talked",
        prompt_id="p1", prompt_text="What did you need?", prompt_response="To be heard.",
        need="listening", hope="a walk", mood=4, energy=3, emotions=["calm", "my own word"],
        triggers=[TriggerItem("late_reply", "paused", "it was 3 hours"), TriggerItem("custom")],
        wins=[WinItem("repair", "said sorry, meant it")], kind="repair"))
    entries.save_entry(con, account, make_entry(
        when_local=datetime(2026, 11, 2, 8, 0), body="=SUM(A1:A3) looks like a formula"))
    entries.save_entry(con, other, make_entry(body="BEN'S PRIVATE WORDS"))
    return account


def test_registry_lists_every_format():
    assert list(exporters.EXPORTERS) == ["json", "csv", "markdown"]
    for exporter in exporters.EXPORTERS.values():
        assert isinstance(exporter, exporters.Exporter)
    with pytest.raises(ValidationError, match="Unknown export format"):
        exporting.export_file(None, None, "pdf")  # type: ignore[arg-type]


def test_json_has_every_field_decrypted(con, seeded):
    done = exporting.export_file(con, seeded, "json", NOW)
    assert done.file_name == "steady-ana-20261121-0930.json" and done.entries == 2
    doc = json.loads(done.data)
    assert doc[steady_json.MARKER]["profile"] == "Ana"
    first = doc["entries"][0]
    assert first["when_local"] == "2026-10-31T22:05:09"
    assert first["body"] == "Halloween 🎃 — שלום, we talked"
    assert first["prompt_response"] == "To be heard." and first["need"] == "listening"
    assert first["triggers"][0] == {"trigger": "late_reply", "response": "paused",
                                    "note": "it was 3 hours"}
    assert first["wins"] == [{"practice": "repair", "text": "said sorry, meant it"}]
    assert first["emotions"] == ["calm", "my own word"] and first["kind"] == "repair"
    assert "BEN" not in done.data.decode()
    assert "uuid" not in done.data.decode() and '"date"' not in done.data.decode()


def test_json_record_round_trips_through_from_record(con, seeded):
    original = entries.load_for_export(con, seeded)[0]
    back, saved, updated = steady_records.from_record(steady_json.to_record(original))
    assert back.body == original.body and back.triggers == original.triggers
    assert back.when_local == original.when_local and saved == original.saved_utc
    assert updated is None


@pytest.mark.parametrize("record,field", [
    ({"when_local": "yesterday"}, "when_local"),
    ({"when_local": "2024-01-01T10:00:00", "mood": 9}, "mood"),
    ({"when_local": "2024-01-01T10:00:00", "emotions": "calm"}, "emotions"),
    ({"when_local": "2024-01-01T10:00:00", "body": 5}, "body"),
    ({"when_local": "2024-01-01T10:00:00", "utc_offset_min": "x"}, "utc_offset_min"),
    ("not a record", "entry"),
])
def test_from_record_names_the_bad_field(record, field):
    with pytest.raises(steady_records.RecordError, match=field):
        steady_records.from_record(record)


def test_csv_rows_unicode_and_formula_safety(con, seeded):
    done = exporting.export_file(con, seeded, "csv", NOW)
    assert done.data.startswith(b"\xef\xbb\xbf")                  # BOM for spreadsheets
    rows = list(csv.reader(io.StringIO(done.data.decode("utf-8-sig"))))
    assert rows[0] == csv_export.COLUMNS and len(rows) == 3
    first = dict(zip(rows[0], rows[1], strict=True))
    assert first["body"] == "Halloween 🎃 — שלום, we talked"
    assert first["time"] == "22:05:09" and first["weekday"] == "Saturday"
    assert first["triggers"] == "Late reply → Paused: it was 3 hours | custom"
    assert first["wins"] == "Apologised and repaired: said sorry, meant it"
    assert first["mood_label"] == "Good" and first["kind"] == "Repair"
    second = dict(zip(rows[0], rows[2], strict=True))
    assert second["body"] == "'=SUM(A1:A3) looks like a formula"    # never runs as a formula


def test_markdown_zip_one_file_per_month(con, seeded):
    done = exporting.export_file(con, seeded, "markdown", NOW)
    with zipfile.ZipFile(io.BytesIO(done.data)) as archive:
        names = sorted(archive.namelist())
        assert names == ["ana/2026/2026-10.md", "ana/2026/2026-11.md", "ana/README.md"]
        october = archive.read("ana/2026/2026-10.md").decode()
    assert october.startswith("# October 2026")
    assert "## Saturday 31 October 2026, 22:05 · Repair" in october
    assert "Halloween 🎃 — שלום, we talked" in october
    assert "- Late reply → Paused: it was 3 hours" in october
    assert "- ★ Apologised and repaired: said sorry, meant it" in october
    assert "**One need that went unmet:** listening" in october


def test_empty_profile_exports_cleanly(con, account):
    for fmt in exporters.EXPORTERS:
        done = exporting.export_file(con, account, fmt, NOW)
        assert done.entries == 0 and done.data


def test_exports_survive_a_passphrase_change(con, seeded):
    from journal import profiles
    from tests.conftest import PASS

    profiles.change_passphrase(con, seeded, PASS, "a brand new passphrase")
    again = profiles.sign_in(con, "Ana", "a brand new passphrase")
    assert "Halloween" in exporting.export_file(con, again, "json", NOW).data.decode()


def test_json_carries_own_milestones_and_weekly_reviews_only(con, seeded, other):
    start = date(2026, 1, 5)
    mine = milestones.create_milestone(
        con, seeded, title="Check in 🌿", practice="check_in", measure="check_ins_per_week",
        target=1, start=start, target_date=date(2026, 3, 2))
    milestones.record_review(con, seeded, mine, "walks helped", "", "", date(2026, 1, 12))
    milestones.change_target(con, seeded, mine, 2, "felt easy", today=date(2026, 1, 13))
    reviews.save_review(con, seeded, start, "we talked", "", "")
    theirs = milestones.create_milestone(
        con, other, title="BEN SECRET GOAL", practice="repair", measure="repairs_per_week",
        target=1, start=start, target_date=date(2026, 3, 2))
    milestones.record_review(con, other, theirs, "BEN REVIEW", "", "", date(2026, 1, 12))
    milestones.change_target(con, other, theirs, 2, "BEN REASON", today=date(2026, 1, 13))
    reviews.save_review(con, other, start, "BEN WEEK", "", "")

    done = exporting.export_file(con, seeded, "json", NOW)
    doc = json.loads(done.data)
    assert doc[steady_json.MARKER]["milestones"] == 1
    assert doc[steady_json.MARKER]["weekly_reviews"] == 1
    (m,) = doc["milestones"]
    assert m["title"] == "Check in 🌿" and m["target"] == 2.0 and m["start"] == "2026-01-05"
    assert m["reviews"][0]["worked"] == "walks helped"
    assert m["target_changes"][0]["reason"] == "felt easy"
    assert m["target_changes"][0]["old_target"] == 1.0
    assert doc["weekly_reviews"][0]["worked"] == "we talked"
    assert doc["weekly_reviews"][0]["week_end"] == "2026-01-11"
    assert "BEN" not in done.data.decode()
    # the other formats are unchanged: entries only
    assert "walks helped" not in exporting.export_file(con, seeded, "csv", NOW).data.decode()
