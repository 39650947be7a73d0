"""Importers wired to storage: fixture files end to end, mapping, dedupe, all-or-nothing, CLI."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import date, datetime, time
from pathlib import Path

import pytest

from journal import cli, entries, milestones, profiles, reviews
from journal.cli import transfer as cli_transfer
from journal.entries import load_for_export as load_entries
from journal.entries import store as entry_store
from journal.errors import ImportFormatError, JournalError, ValidationError
from journal.transfer import batches, choices, exporting, importing, mapping, planning
from journal.transfer.importing import ImportChoices
from tests.conftest import PASS, make_entry

FIX = Path(__file__).parent / "fixtures" / "imports"


def data(name: str) -> bytes:
    return (FIX / name).read_bytes()


def count(con, account) -> int:
    return entries.count_entries(con, account)


def by_time(con, account) -> dict[datetime, list[entries.Entry]]:
    out: dict[datetime, list[entries.Entry]] = {}
    for e in load_entries(con, account):
        out.setdefault(e.when_local, []).append(e)
    return out


def problems(preview: importing.ImportPreview) -> dict[str, str]:
    return {p.where: p.message for p in preview.problems}


# ---------------------------------------------------------------- Daylio


def test_daylio_title_header_times_quotes_rtl_and_identical_rows(con, account):
    raw = data("daylio_title.csv")
    preview = importing.preview_import(con, account, raw, "daylio_title.csv")
    assert preview.format == "daylio"
    assert preview.unmapped_moods == ["ruhig 😌"]
    assert not preview.ready
    # malformed rows are reported by line, and the preview writes nothing
    assert "line 9" in problems(preview) and "line 11" in problems(preview)
    assert "2024-02-30" in problems(preview)["line 11"]
    assert count(con, account) == 0

    result = importing.run_import(con, account, raw, "daylio_title.csv",
                                ImportChoices(moods={"ruhig 😌": 4}))
    assert result.added == 6 and result.duplicates == 0
    got = by_time(con, account)
    dinner = got[datetime(2024, 6, 22, 21, 41)]
    assert len(dinner) == 2                      # identical rows (same timestamp) both kept
    assert dinner[0].body.startswith("Dinner with Sam\n\nWe talked after dinner | no phones.")
    assert 'He said "thanks for listening" 😊' in dinner[0].body
    assert dinner[0].mood == 5 and dinner[0].kind == "check_in" and dinner[0].source == "daylio"
    assert "Activities: family, walk, cooking" in dinner[0].body
    assert got[datetime(2024, 6, 21, 14, 14)][0].mood == 4                 # 2:14 pm, custom mood
    assert "First line\nsecond line\n\nafter blank" in got[datetime(2024, 6, 21, 14, 14)][0].body
    hebrew = got[datetime(2024, 6, 20, 0, 5)][0]                           # 12:05 am
    assert "אני מרגיש חרדה כי אני מפחד להיות לבד" in hebrew.body and hebrew.mood == 1
    assert got[datetime(2024, 6, 17, 12, 30)][0].body == ""                # missing note: mood only


def test_daylio_plain_custom_mood_must_be_chosen_then_is_remembered(con, account):
    raw = data("daylio_plain.csv")
    with pytest.raises(ValidationError, match="Очень хорошо"):
        importing.run_import(con, account, raw, "daylio_plain.csv")
    assert count(con, account) == 0
    importing.run_import(con, account, raw, "daylio_plain.csv",
                       ImportChoices(moods={"Очень хорошо": 5}))
    got = by_time(con, account)
    assert got[datetime(2023, 11, 3, 23, 10)][0].mood == 5
    assert got[datetime(2023, 11, 5, 9, 3)][0].mood == 4                   # "9:03", default good
    assert got[datetime(2023, 11, 4, 8, 45)][0].mood == 3                  # "08:45", meh
    assert len(got[datetime(2023, 11, 5, 9, 3)]) == 2                      # same minute, kept
    moods, _roles = mapping.remembered(con, account, "daylio")
    assert moods == {"Очень хорошо": 5}
    again = importing.preview_import(con, account, raw, "daylio_plain.csv")
    assert [(m.label, m.how) for m in again.moods if m.label == "Очень хорошо"] == [
        ("Очень хорошо", "remembered")]
    assert again.new == 0 and again.duplicates == 4


def test_daylio_mood_mapping_is_per_profile(con, account, other):
    importing.run_import(con, account, data("daylio_plain.csv"), "",
                       ImportChoices(moods={"Очень хорошо": 5}))
    preview = importing.preview_import(con, other, data("daylio_plain.csv"))
    assert preview.unmapped_moods == ["Очень хорошо"]
    assert preview.new == 4          # Ana's copies don't count as Ben's duplicates


def test_daylio_time_variants_and_bad_time_reported(con, account):
    preview = importing.preview_import(con, account, data("daylio_plain.csv"))
    assert "7:5" in problems(preview)["line 6"]


def test_daylio_year_header_builds_dates(con, account):
    raw = data("daylio_year.csv")
    preview = importing.preview_import(con, account, raw, "daylio_year.csv")
    assert "Juni" in problems(preview)["line 6"]
    importing.run_import(con, account, raw, "daylio_year.csv")
    got = by_time(con, account)
    assert datetime(2022, 6, 22, 22, 15) in got                   # "June 22", 10:15 PM
    assert datetime(2022, 6, 3, 7, 0) in got                      # "Jun 3"
    assert datetime(2022, 6, 22, 9, 0) in got                     # "22/06": day first
    assert datetime(2022, 6, 5, 9, 0) in got                      # "05/06" settled by the file
    assert datetime(2022, 3, 1, 18, 30) in got and got[datetime(2022, 3, 1, 18, 30)][0].mood == 2


def test_daylio_without_header(con, account):
    result = importing.run_import(con, account, data("daylio_noheader.csv"), "export.csv")
    assert result.added == 2
    got = by_time(con, account)
    assert got[datetime(2021, 1, 1, 12, 0)][0].body.startswith("New year, new start | together")
    assert got[datetime(2021, 1, 2, 20, 15)][0].mood == 4


def test_daylio_activities_become_triggers_and_wins(con, account):
    choices = ImportChoices(roles={"work": mapping.ROLE_TRIGGER,
                                   "family": mapping.WIN_PREFIX + "check_in",
                                   "walk": mapping.WIN_PREFIX + "self_compassion"},
                            moods={"ruhig 😌": 3})
    importing.run_import(con, account, data("daylio_title.csv"), "", choices)
    got = by_time(con, account)
    calm = got[datetime(2024, 6, 21, 14, 14)][0]
    assert [t.trigger for t in calm.triggers] == ["work"]
    assert "Activities: reading" in calm.body and "work" not in calm.body.split("\n")[-1][12:]
    dinner = got[datetime(2024, 6, 22, 21, 41)][0]
    assert [(w.practice, w.text) for w in dinner.wins] == [("check_in", "family"),
                                                           ("self_compassion", "walk")]
    assert dinner.body.endswith("Activities: cooking")
    assert entries.used_words(con, account)[0] == ["work"]       # queryable for charts
    _moods, roles = mapping.remembered(con, account, "daylio")
    assert roles["work"] == "trigger" and roles["family"] == "win:check_in"


def test_row_with_nothing_to_import_is_a_problem(con, account):
    raw = (b"full_date,date,weekday,time,mood,activities,note\n"
           b"2024-01-02,2 Jan,Tue,10:00,blah,,\n"
           b"2024-01-03,3 Jan,Wed,10:00,good,,kept\n")
    preview = importing.preview_import(con, account, raw, "", ImportChoices(moods={"blah": None}))
    assert "nothing to import" in problems(preview)["line 2"]
    assert preview.new == 1 and preview.ready


# ---------------------------------------------------------------- Day One


def _check_dayone(con, account) -> None:
    got = by_time(con, account)
    titled = got[datetime(2023, 5, 1, 20, 22, 10)][0]             # 18:22Z in Berlin (CEST)
    assert titled.utc_offset_min == 120 and titled.mood is None
    assert titled.body.startswith("Talked it through\n\nWe had our weekly check-in (finally).")
    assert "Tags: check-in, repair" in titled.body and "★ Starred" in titled.body
    assert "Place: Volkspark Friedrichshain, Berlin, Germany" in titled.body
    assert "dayone-moment" not in titled.body
    ny = got[datetime(2023, 1, 15, 18, 30)][0]                     # 23:30Z in New York
    assert ny.utc_offset_min == -300 and "`C:\\Users\\me`" in ny.body
    photo_only = got[datetime(2024, 1, 1, 1, 0)][0]                # missing text: kept, no mood
    assert photo_only.body == "Tags: photo-only" and photo_only.mood is None
    assert all(e.mood is None for e in load_entries(con, account))


def test_dayone_json(con, account):
    preview = importing.preview_import(con, account, data("dayone_journal.json"), "Journal.json")
    assert preview.format == "dayone" and preview.moods == []
    assert any(where.startswith("entry 6") for where in problems(preview))
    result = importing.run_import(con, account, data("dayone_journal.json"), "Journal.json")
    assert result.added == 5
    _check_dayone(con, account)


def _zipped(raw: bytes, inner: str) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as archive:
        archive.writestr(inner, raw)
        archive.writestr("photos/9f8e7d.jpeg", b"\xff\xd8\xff not really a photo")
    return buf.getvalue()


def test_dayone_zip_whatever_the_json_is_called_and_dedupes_with_the_json(con, account):
    zipped = _zipped(data("dayone_journal.json"), "Mein Tagebuch 2023.json")
    assert choices.detect_format(zipped, "export.zip") == "dayone"
    assert importing.run_import(con, account, zipped, "export.zip").added == 5
    _check_dayone(con, account)
    again = importing.run_import(con, account, data("dayone_journal.json"), "Journal.json")
    assert again.added == 0 and again.duplicates == 5               # same uuids


# ---------------------------------------------------------------- jrnl


def test_jrnl_text_brackets(con, account):
    raw = data("jrnl_brackets.txt")
    preview = importing.preview_import(con, account, raw, "journal.txt")
    assert preview.format == "jrnl_text"
    assert "2024-02-30" in problems(preview)["line 14"]
    assert importing.run_import(con, account, raw, "journal.txt").added == 4
    got = by_time(con, account)
    first = got[datetime(2024, 3, 1, 21, 4)][0]
    assert first.body.startswith("Weekly check-in went well.\n\nWe each named one need @checkin")
    assert "[1] A footnote-like line is not a new entry." in first.body   # not a new entry
    starred = got[datetime(2024, 3, 2, 7, 30, 15)][0]
    assert starred.body.endswith("★ Starred") and "Tags:" not in starred.body  # tags in text
    assert got[datetime(2024, 3, 3, 15, 40)][0].body.count("a bare date line is body text") == 1
    assert got[datetime(2024, 3, 4, 22, 10)][0].body == "Celebrated a small win"


def test_jrnl_legacy_text_and_json(con, account):
    assert importing.run_import(con, account, data("jrnl_legacy.txt"), "old.txt").added == 2
    got = by_time(con, account)
    assert got[datetime(2013, 6, 10, 15, 40)][0].body == "Life is good.\n\nBut I'm better."
    result = importing.run_import(con, account, data("jrnl_export.json"), "jrnl.json")
    assert result.added == 4 and result.skipped == 1
    assert len(by_time(con, account)[datetime(2024, 3, 2, 7, 30)]) == 2   # identical, both kept


def test_jrnl_tags_can_be_marked_as_wins(con, account):
    importing.run_import(con, account, data("jrnl_export.json"), "jrnl.json",
                       ImportChoices(roles={"@ritual": mapping.WIN_PREFIX + "check_in"}))
    wins = [w for e in load_entries(con, account) for w in e.wins]
    assert [(w.practice, w.text) for w in wins] == [("check_in", "@ritual")] * 2


def test_very_long_text_is_split_not_cut(con, account):
    long_body = "\n".join(f"paragraph {i} " + "words " * 40 for i in range(200))
    raw = f"[2024-05-01 10:00] A long day.\n{long_body}\n".encode()
    assert importing.run_import(con, account, raw, "long.txt").added > 1
    parts = sorted(load_entries(con, account), key=lambda e: e.source_id or "")
    joined = "".join(p.body.split("\n", 1)[1] if p.body.startswith("(continued") else p.body
                     for p in sorted(parts, key=lambda e: (len(e.source_id or ""), e.source_id)))
    assert joined == "A long day.\n\n" + long_body


# ---------------------------------------------------------------- dedupe, atomicity, isolation


@pytest.mark.parametrize("name", sorted(p.name for p in FIX.iterdir()))
def test_importing_the_same_file_twice_adds_nothing(con, account, name):
    raw = data(name)
    moods = {m: 3 for m in importing.preview_import(con, account, raw, name).unmapped_moods}
    first = importing.run_import(con, account, raw, name, ImportChoices(moods=moods))
    assert first.added > 0
    before = count(con, account)
    second = importing.run_import(con, account, raw, name, ImportChoices(moods=moods))
    assert second.added == 0 and second.duplicates == first.added
    assert count(con, account) == before
    assert "Nothing new" in second.message()


def test_failure_mid_import_leaves_nothing(con, account, monkeypatch):
    def boom(*_args, **_kw):
        raise RuntimeError("disk full, say")

    monkeypatch.setattr(entry_store, "_bulk_parts", boom)
    with pytest.raises(RuntimeError):
        importing.run_import(con, account, data("daylio_title.csv"), "",
                           ImportChoices(moods={"ruhig 😌": 4}, roles={"work": "trigger"}))
    assert count(con, account) == 0
    assert con.execute("SELECT count(*) FROM import_batches").fetchone() == (0,)
    assert con.execute("SELECT count(*) FROM import_mappings").fetchone() == (0,)
    assert con.execute("SELECT count(*) FROM entry_triggers").fetchone() == (0,)
    monkeypatch.undo()
    assert importing.run_import(con, account, data("daylio_title.csv"), "",
                              ImportChoices(moods={"ruhig 😌": 4})).added == 6


def test_a_racing_duplicate_import_is_refused_whole(con, account, monkeypatch):
    raw = data("jrnl_export.json")
    importing.run_import(con, account, raw, "jrnl.json")
    before = count(con, account)
    # As if another process imported the same file between our dedupe check and our write:
    monkeypatch.setattr(planning, "_dedupe", lambda _c, _a, planned: (planned, 0))
    with pytest.raises(ImportFormatError, match="nothing was added twice"):
        importing.run_import(con, account, raw, "jrnl.json")
    assert count(con, account) == before


def test_imports_stay_in_their_profile(con, account, other):
    importing.run_import(con, account, data("jrnl_legacy.txt"), "a.txt")
    assert count(con, other) == 0
    assert importing.run_import(con, other, data("jrnl_legacy.txt"), "a.txt").added == 2
    assert count(con, account) == 2 and count(con, other) == 2
    assert batches.list_batches(con, other)[0].added == 2
    with pytest.raises(ValidationError):
        batches.undo_import(con, other, batches.list_batches(con, account)[0].id)


def test_imported_text_is_sealed_and_searchable(con, account):
    importing.run_import(con, account, data("jrnl_legacy.txt"), "a.txt")
    stored = [r[0] for r in con.execute("SELECT body FROM entries").fetchall()]
    assert all(b.startswith("s1:") for b in stored)
    page = entries.list_entries(con, account, entries.EntryFilter(text="better"))
    assert page.total == 1


def test_undo_removes_one_import_only(con, account):
    entries.save_entry(con, account, make_entry(body="written here"))
    importing.run_import(con, account, data("jrnl_legacy.txt"), "a.txt")
    importing.run_import(con, account, data("daylio_noheader.csv"), "b.csv",
                       ImportChoices(roles={"reading": "trigger"}))
    latest = batches.list_batches(con, account)[0]
    assert latest.format_label == "Daylio CSV" and latest.remaining == 2
    assert batches.undo_import(con, account, latest.id) == 2
    assert count(con, account) == 3
    assert con.execute("SELECT count(*) FROM entry_triggers").fetchone() == (0,)
    assert [b.format_label for b in batches.list_batches(con, account)] == ["jrnl text file"]


def test_unknown_format_override_and_unreadable_file(con, account):
    with pytest.raises(ImportFormatError, match="Unknown import format"):
        importing.preview_import(con, account, data("jrnl_legacy.txt"), "", ImportChoices(fmt="x"))
    with pytest.raises(ImportFormatError):
        importing.run_import(con, account, data("jrnl_legacy.txt"), "",
                           ImportChoices(fmt="dayone"))
    with pytest.raises(ImportFormatError, match="empty"):
        importing.run_import(con, account, b"   \n", "empty.csv")
    assert count(con, account) == 0


def test_bench_sized_daylio_file_imports_whole(con, account):
    """The bench's generated file imports completely (its speed is measured by benchmarks.data)."""
    from benchmarks import data as bench_data

    raw = bench_data.daylio_csv(2_000)
    moods = {"ruhig 😌": 4, "Очень хорошо": 5, "tense": 2}
    result = importing.run_import(con, account, raw, "d.csv", ImportChoices(moods=moods))
    assert result.added == 2_000
    assert count(con, account) == 2_000


# ---------------------------------------------------------------- command line


def test_cli_import_needs_mood_choice_then_imports(db_file, capsys, monkeypatch):
    con = profiles_db(db_file)
    con.close()
    path = str(FIX / "daylio_plain.csv")
    base = ["import", "--db", str(db_file), "--profile", "Ana", path]
    monkeypatch.setenv("STEADY_PASSPHRASE", PASS)
    assert cli.main(base) == 2
    err = capsys.readouterr().err
    assert '--mood "Очень хорошо=N"' in err
    assert cli.main([*base, "--mood", "Очень хорошо=5", "--dry-run"]) == 0
    assert "Dry run" in capsys.readouterr().out
    assert cli.main([*base, "--mood", "Очень хорошо=5", "--trigger", "sport"]) == 0
    out = capsys.readouterr().out
    assert "Imported 4 entries" in out and "line 6" in out
    assert cli.main(base) == 0                         # mapping remembered; nothing new
    assert "Nothing new" in capsys.readouterr().out


def test_cli_wrong_passphrase_and_missing_file_are_one_sentence(db_file, capsys):
    profiles_db(db_file).close()
    assert cli.main(["import", "--db", str(db_file), "--profile", "Ana", "--passphrase",
                     "wrong wrong", str(FIX / "jrnl_legacy.txt")]) == 2
    assert "don't match" in capsys.readouterr().err
    assert cli.main(["import", "--db", str(db_file), "--profile", "Ana", "--passphrase", PASS,
                     str(FIX / "nope.csv")]) == 2
    assert "can't read" in capsys.readouterr().err


def test_cli_export_each_format(db_file, tmp_path, capsys):
    con = profiles_db(db_file)
    ana = profiles.sign_in(con, "Ana", PASS)
    entries.save_entry(con, ana, make_entry(body="exported words 🌿"))
    con.close()
    for fmt in ("json", "csv", "markdown"):
        out = tmp_path / "out" / f"x.{fmt}"
        assert cli.main(["export", "--db", str(db_file), "--profile", "Ana", "--passphrase",
                         PASS, "--format", fmt, "--out", str(out)]) == 0
        assert out.stat().st_size > 0
    assert "exported words 🌿" in json.loads((tmp_path / "out" / "x.json").read_text())[
        "entries"][0]["body"]
    assert cli.main(["export", "--db", str(db_file), "--profile", "Ana", "--passphrase", PASS,
                     "--format", "json", "--out", str(tmp_path / "out" / "x.json")]) == 2
    assert "--force" in capsys.readouterr().err
    folder = tmp_path / "folder"
    folder.mkdir()
    assert cli.main(["export", "--db", str(db_file), "--profile", "Ana", "--passphrase", PASS,
                     "--format", "csv", "--out", str(folder)]) == 0
    assert len(list(folder.glob("steady-ana-*.csv"))) == 1


def test_mood_and_role_flags():
    assert cli_transfer.parse_mood_flags(["a=b=3", "x=none"]) == {"a=b": 3, "x": None}
    with pytest.raises(JournalError):
        cli_transfer.parse_mood_flags(["x=9"])
    assert cli_transfer.parse_role_flags(["t"], ["w=repair", "v"]) == {
        "t": "trigger", "w": "win:repair", "v": "win:v"}


def profiles_db(db_file: Path):
    from journal.db import connect

    con = connect(db_file)
    profiles.create_profile(con, "Ana", PASS)
    return con


def test_times_are_kept_to_the_second(con, account):
    importing.run_import(con, account, data("jrnl_brackets.txt"), "j.txt")
    assert any(e.when_local.time() == time(7, 30, 15) for e in load_entries(con, account))


# ---------------------------------------------------------------- Steady JSON


def _steady(entries_: list, version: object = 1) -> bytes:
    return json.dumps({"steady_export": {"version": version}, "entries": entries_}).encode()


def test_steady_json_is_detected_and_bad_records_are_reported(con, account):
    good = {"when_local": "2024-06-22T21:41:05", "body": "back again 🌿", "mood": 4,
            "triggers": [{"trigger": "late_reply", "response": "paused", "note": "n"}]}
    raw = _steady([good, {"when_local": "soon"}, {"when_local": "2024-01-01T10:00:00",
                                                   "kind": "poem", "body": "x"}, 7])
    assert choices.detect_format(raw, "export.json") == "steady_json"
    preview = importing.preview_import(con, account, raw, "export.json")
    found = problems(preview)
    assert "when_local" in found["entry 2"] and "kind of entry" in found["entry 3"]
    assert "not an entry object" in found["entry 4"]
    assert importing.run_import(con, account, raw, "export.json").added == 1
    (entry,) = load_entries(con, account)
    assert entry.when_local == datetime(2024, 6, 22, 21, 41, 5) and entry.mood == 4
    assert entry.triggers[0].note == "n" and entry.source == "steady"


@pytest.mark.parametrize("raw,message", [
    (_steady([], version=2), "newer version"),
    (_steady([], version="one"), "version"),
    (b'{"steady_export": {"version": 1}}', "no .entries. list"),
    (_steady([{"when_local": "1-01-01T00:00:00"}]), "No entries could be read"),
])
def test_steady_json_refusals_are_sentences(con, account, raw, message):
    with pytest.raises(ImportFormatError, match=message):
        importing.run_import(con, account, raw, "export.json", ImportChoices(fmt="steady_json"))
    assert count(con, account) == 0


def test_steady_export_keeps_original_sources_for_dedupe(con, account, other):
    importing.run_import(con, account, data("dayone_journal.json"), "Journal.json")
    exported = exporting.export_file(con, account, "json").data
    assert importing.run_import(con, other, exported, "steady.json").added == 5
    # Ben now has Ana's Day One entries under their Day One uuids: the original file adds nothing
    assert importing.run_import(con, other, data("dayone_journal.json"), "j.json").added == 0


# ---------------------------------------------------------------- Steady JSON: milestones, reviews


def _seed_plans(con, acc, tag: str) -> None:
    """Milestones (reviews, a target change, a pause, a stepped plan) and weekly reviews."""
    start = date(2026, 1, 5)
    one = milestones.create_milestone(
        con, acc, title=f"{tag} check-in ✨ weekly", practice="check_in",
        measure="check_ins_per_week", target=1, start=start, target_date=date(2026, 3, 2),
        cadence="weekly", baseline=0.5, template="weekly_check_in")
    milestones.record_review(con, acc, one, f"{tag} Sunday walks", "", "shorter", date(2026, 1, 12))
    milestones.record_review(con, acc, one, "", f"{tag} skipped twice", "", date(2026, 1, 19))
    milestones.change_target(con, acc, one, 2, f"{tag} it felt easy — שלום",
                             date(2026, 3, 16), today=date(2026, 1, 20))
    milestones.set_paused(con, acc, one, True)
    milestones.create_plan(
        con, acc, title=f"{tag} stay engaged", practice="stayed_engaged",
        measure="practice_wins_per_week", start=start, cadence="fortnightly",
        plan=[(date(2026, 2, 2), 1.0), (date(2026, 3, 2), 2.0)])
    reviews.save_review(con, acc, date(2026, 1, 5), f"{tag} we talked", "late replies", "")
    reviews.save_review(con, acc, date(2026, 1, 12), "", "", f"{tag} breathe first")


def _plans(con, acc) -> tuple[list[dict], list[tuple]]:
    """Everything a profile's milestones and weekly reviews hold, ids replaced by titles."""
    rows = {m.id: m for m in milestones.stored_milestones(con, acc)}
    out = []
    for m in sorted(rows.values(), key=lambda r: (r.start, r.title)):
        out.append({
            **{k: v for k, v in m.__dict__.items() if k not in ("id", "plan_id")},
            "plan": rows[m.plan_id].title if m.plan_id else None,
            "reviews": [(r.review_date, r.worked, r.didnt, r.adjust, r.created_utc)
                        for r in milestones.list_milestone_reviews(con, acc, m.id)],
            "changes": [(c.changed_on, c.old_target, c.new_target, c.old_target_date,
                         c.new_target_date, c.reason)
                        for c in milestones.target_history(con, acc, m.id)],
        })
    weekly = [(r.week_start, r.week_end, r.worked, r.didnt, r.adjust, r.created_utc,
               r.updated_utc) for r in reviews.list_reviews(con, acc, 100)]
    return out, weekly


def test_steady_json_round_trips_milestones_and_weekly_reviews(con, account, other):
    entries.save_entry(con, account, make_entry(body="an entry too"))
    _seed_plans(con, account, "Ana")
    original = _plans(con, account)
    assert len(original[0]) == 3 and len(original[1]) == 2
    assert original[0][0]["paused"] and original[0][0]["changes"]
    exported = exporting.export_file(con, account, "json").data
    fresh = profiles.create_profile(con, "Cleo", PASS)

    result = importing.run_import(con, fresh, exported, "steady.json")
    assert (result.added, result.milestones, result.weekly_reviews) == (1, 3, 2)
    assert not result.skipped and "3 milestones and 2 weekly reviews" in result.message()
    assert _plans(con, fresh) == original          # every field, review and target change
    # stepped plans stay linked to their own first step, in the new profile
    plan_ids = {r.plan_id for r in milestones.stored_milestones(con, fresh) if r.plan_id}
    assert len(plan_ids) == 1
    assert plan_ids <= {r.id for r in milestones.stored_milestones(con, fresh)}

    # text is sealed in storage, and nothing landed in the other profiles
    raw = con.execute(
        "SELECT m.title, r.worked, c.reason FROM milestones m "
        "JOIN milestone_reviews r ON r.milestone_id = m.id AND r.profile_id = m.profile_id "
        "JOIN milestone_changes c ON c.milestone_id = m.id AND c.profile_id = m.profile_id "
        "WHERE m.profile_id = ?", [fresh.id]).fetchall()
    weekly_raw = con.execute("SELECT worked, adjust FROM weekly_reviews WHERE profile_id = ?",
                             [fresh.id]).fetchall()
    for text in [*(t for row in raw for t in row), *(t for row in weekly_raw for t in row)]:
        assert text.startswith("s1:") and "Ana" not in text
    assert _plans(con, other) == ([], [])

    # the same file again (into either profile) adds nothing
    again = importing.run_import(con, fresh, exported, "steady.json")
    assert (again.added, again.milestones, again.weekly_reviews) == (0, 0, 0)
    assert _plans(con, fresh) == original
    home = importing.run_import(con, account, exported, "steady.json")
    assert (home.milestones, home.weekly_reviews) == (0, 0)
    assert _plans(con, account) == original


def test_steady_json_plans_import_without_duplicating_weeks(con, account, other):
    _seed_plans(con, account, "Ana")
    reviews.save_review(con, other, date(2026, 1, 5), "Ben's own week", "", "")
    exported = exporting.export_file(con, account, "json").data
    preview = importing.preview_import(con, other, exported, "steady.json")
    assert (preview.milestones, preview.weekly_reviews) == (3, 1)
    result = importing.run_import(con, other, exported, "steady.json")
    assert (result.milestones, result.weekly_reviews) == (3, 1)
    kept = reviews.review_for_week(con, other, date(2026, 1, 5))
    assert kept is not None and kept.worked == "Ben's own week"   # the week's review stays


def test_old_steady_json_without_plans_still_imports(con, account):
    entries.save_entry(con, account, make_entry(body="from an older export"))
    _seed_plans(con, account, "Ana")
    doc = json.loads(exporting.export_file(con, account, "json").data)
    del doc["milestones"], doc["weekly_reviews"]
    for key in ("milestones", "weekly_reviews"):
        del doc["steady_export"][key]
    fresh = profiles.create_profile(con, "Cleo", PASS)
    result = importing.run_import(con, fresh, json.dumps(doc).encode(), "old.json")
    assert (result.added, result.milestones, result.weekly_reviews, result.skipped) == (
        1, 0, 0, 0)
    assert _plans(con, fresh) == ([], [])


def test_damaged_plans_are_reported_and_the_rest_imported(con, account):
    doc = {"steady_export": {"version": 1},
           "entries": [{"when_local": "2024-06-22T21:41:05", "body": "hi"}],
           "milestones": [7, {"title": "x", "target": 1, "start": "soon"}],
           "weekly_reviews": [{"week_start": "2026-01-05", "worked": "good week"},
                              {"week_start": "2026-01-12"}]}
    preview = importing.preview_import(con, account, json.dumps(doc).encode(), "s.json")
    found = problems(preview)
    assert "not a milestone object" in found["milestone 1"] and "start" in found["milestone 2"]
    result = importing.run_import(con, account, json.dumps(doc).encode(), "s.json")
    assert (result.added, result.milestones, result.weekly_reviews) == (1, 0, 1)
    assert result.skipped == 3                     # two milestones, one empty weekly review
    assert [r.worked for r in reviews.list_reviews(con, account)] == ["good week"]
