"""Issue 9 imports: zip bombs, cut-off files, far dates, UTF-16 JSON, jrnl date formats and
encryption, Day One Classic, Daylio in other languages; each says why, writes nothing partial,
and leaves every page drawing. Every fixture is built here."""

from __future__ import annotations

import io
import json
import plistlib
import zipfile
from datetime import UTC, datetime, timedelta

import pytest

from journal import cli, entries, milestones, reviews
from journal.db import connect
from journal.errors import ImportFormatError, ValidationError
from journal.transfer import batches, importers, importing, mapping
from journal.transfer.importers import archive
from journal.transfer.importing import ImportChoices
from pages._navigation import PAGES
from tests.conftest import PASS, page_texts, run_page

MEASURE = "practice_wins_per_week"
PRACTICE = "stayed_engaged"


@pytest.fixture(autouse=True)
def _fresh():
    importing.forget_parsed()
    yield
    importing.forget_parsed()


def _zip(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, raw in members.items():
            zf.writestr(name, raw)
    return out.getvalue()


def _pages_draw(account) -> None:
    for spec in PAGES:
        at = run_page(spec.path, account)
        assert not at.exception, (spec.path, at.exception)


def _count(db, account) -> int:
    con = connect(db)
    try:
        return entries.count_entries(con, account)
    finally:
        con.close()


def _refused(db, account, data: bytes, name: str, match: str) -> None:
    con = connect(db)
    try:
        with pytest.raises((ImportFormatError, ValidationError), match=match):
            importing.run_import(con, account, data, name)
    finally:
        con.close()
    assert _count(db, account) == 0


# --- bounded memory: zip bombs, junk ----------------------------------------------------------

def test_zip_bomb_of_empty_objects_is_refused_before_unpacking(app_db, ana):
    bomb = _zip({"Journal.json": b'{"entries": [' + b"{}," * 7_000_000 + b"{}]}"})
    assert len(bomb) < 100_000
    _refused(app_db, ana, bomb, "export.zip", "times.*ZIP bomb")
    _pages_draw(ana)


def test_big_zip_bomb_is_refused_by_its_inflated_size():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf, \
            zf.open("Journal.json", "w", force_zip64=True) as member:
        member.write(b'{"entries": [')
        for _ in range(210):
            member.write(b" " * (1024 * 1024))
    data = out.getvalue()
    assert len(data) < 400_000
    with pytest.raises(ImportFormatError, match="would unpack to 220.2 MB"):
        importers.parse(data, "export.zip")


def test_zip_with_too_many_members_is_refused(monkeypatch):
    monkeypatch.setattr(archive, "MAX_MEMBERS", 50)
    data = _zip({f"photos/{i}.jpg": b"x" for i in range(60)} | {"Journal.json": b"{}"})
    with pytest.raises(ImportFormatError, match="holds 61 files"):
        importers.parse(data, "export.zip")


def test_member_that_lies_about_its_size_is_cut_off(monkeypatch):
    """The directory says 10 bytes; reading stops as soon as it inflates past that."""
    data = bytearray(_zip({"Journal.json": b'{"entries": []}' + b" " * 5000}))
    central = data.rfind(b"PK\x01\x02")
    data[central + 24:central + 28] = (10).to_bytes(4, "little")  # uncompressed size
    with pytest.raises(ImportFormatError, match="more than its archive says|damaged"):
        importers.parse(bytes(data), "export.zip")


def test_deeply_nested_json_is_refused_without_parsing():
    with pytest.raises(ImportFormatError, match="nested too deeply"):
        importers.parse(b'{"entries": [' + b"[" * 1_000_000, "x.json", "jrnl_json")


def test_junk_entries_are_counted_not_listed_one_by_one():
    data = b'{"metadata": {}, "entries": [' + b"1," * 5000 + b"1]}"
    parsed = importers.parse(data, "j.json", "dayone")
    assert len(parsed.problems) == importers.base.PROBLEMS_KEPT
    assert parsed.problems_more == 5001 - importers.base.PROBLEMS_KEPT


# --- cut-off files ----------------------------------------------------------------------------

DAYLIO = ("full_date,date,weekday,time,mood,activities,note\n"
          "2024-06-22,June 22,Saturday,21:41,good,walk,\"Newest, a long note\"\n"
          "2024-06-21,June 21,Friday,20:00,meh,,Middle\n"
          "2024-06-20,June 20,Thursday,08:00,bad,work,\"Oldest one with a longer note\"\n")


@pytest.mark.parametrize("cut", [len("Oldest one with a longer note\"\n"), 12])
def test_cut_off_daylio_needs_a_second_yes(app_db, ana, cut, capsys):
    data = DAYLIO.encode()[:-cut]
    con = connect(app_db)
    preview = importing.preview_import(con, ana, data, "daylio.csv")
    assert preview.truncated and "cut off" in preview.truncated and "line 4" in preview.truncated
    assert "cut off" in preview.summary()
    with pytest.raises(ValidationError, match="Nothing was imported: confirm"):
        importing.run_import(con, ana, data, "daylio.csv")
    con.close()
    assert _count(app_db, ana) == 0
    path = app_db.parent / "cut.csv"
    path.write_bytes(data)
    args = ["import", "--db", str(app_db), "--profile", "Ana", str(path)]
    import os
    os.environ["STEADY_PASSPHRASE"] = PASS
    try:
        assert cli.main(args) == 3
        assert "looks cut off" in capsys.readouterr().err
        assert _count(app_db, ana) == 0
        assert cli.main([*args, "--accept-truncated"]) == 0
    finally:
        os.environ.pop("STEADY_PASSPHRASE", None)
    assert _count(app_db, ana) == 2
    _pages_draw(ana)


def test_cut_off_json_is_said_and_needs_a_yes(app_db, ana):
    doc = {"metadata": {"version": "1.0"}, "entries": [
        {"uuid": f"U{i}", "creationDate": f"2024-01-0{i}T10:00:00Z", "timeZone": "UTC",
         "text": f"Entry {i}"} for i in range(1, 4)]}
    data = json.dumps(doc).encode()[:-40]
    con = connect(app_db)
    preview = importing.preview_import(con, ana, data, "Journal.json")
    assert preview.truncated and "after 2 complete entries" in preview.truncated
    with pytest.raises(ValidationError, match="cut off"):
        importing.run_import(con, ana, data, "Journal.json")
    assert entries.count_entries(con, ana) == 0
    result = importing.run_import(con, ana, data, "Journal.json",
                                  ImportChoices(accept_truncated=True))
    assert result.added == 2
    con.close()


def test_data_page_asks_twice_for_a_cut_off_file(app_db, ana):
    at = run_page("pages/data.py", ana)
    at.file_uploader[0].upload("daylio.csv", DAYLIO.encode()[:-12], "text/csv").run()
    assert "looks cut off" in page_texts(at)
    button = next(b for b in at.button if b.key == "data_import_btn")
    assert button.disabled
    next(c for c in at.checkbox if c.label.startswith("Yes, import the 2")).check().run()
    button = next(b for b in at.button if b.key == "data_import_btn")
    assert not button.disabled
    button.click().run()
    assert not at.exception
    assert _count(app_db, ana) == 2


# --- dates ------------------------------------------------------------------------------------

def test_far_dates_are_refused_with_where_and_value(con, account):
    doc = {"metadata": {}, "entries": [
        {"uuid": "FAR", "creationDate": "9999-12-31T10:00:00Z", "timeZone": "UTC", "text": "x"},
        {"uuid": "OLD", "creationDate": "1850-01-01T10:00:00Z", "timeZone": "UTC", "text": "y"},
        {"uuid": "OK", "creationDate": "2024-01-01T10:00:00Z", "timeZone": "UTC", "text": "z"}]}
    preview = importing.preview_import(con, account, json.dumps(doc).encode(), "j.json")
    said = [str(p) for p in preview.problems]
    assert any("9999-12-31 is outside 1900 to tomorrow" in p for p in said), said
    assert any("1850-01-01 is outside" in p for p in said)
    assert preview.new == 1


def _steady_export(con, account) -> bytes:
    from journal.transfer import exporting
    return exporting.export_file(con, account, "json").data


def test_steady_json_far_milestone_is_refused_and_undo_takes_plans_too(con, account, other):
    entries.save_entry(con, account, entries.EntryInput(datetime(2024, 1, 1, 9), body="hi"))
    today = datetime.now(UTC).date()
    milestones.create_milestone(con, account, title="Pause", practice=PRACTICE,
                                measure=MEASURE, target=2, start=today,
                                target_date=today + timedelta(days=28))
    reviews.save_review(con, account, today - timedelta(days=today.weekday()), "a", "b", "c")
    doc = json.loads(_steady_export(con, account))
    far = json.loads(json.dumps(doc["milestones"][0]))
    far["title"], far["start"] = "Far", "0001-01-01"
    doc["milestones"].append(far)
    data = json.dumps(doc).encode()
    preview = importing.preview_import(con, other, data, "steady.json")
    assert any("milestone “Far”" in str(p) and "0001-01-01" in str(p) for p in preview.problems)
    result = importing.run_import(con, other, data, "steady.json")
    assert result.milestones == 1 and result.weekly_reviews == 1 and result.batch_id
    assert len(milestones.stored_milestones(con, other)) == 1
    (batch,) = batches.list_batches(con, other)
    assert batch.extras == 2
    batches.undo_import(con, other, batch.id)
    assert milestones.stored_milestones(con, other) == []
    assert reviews.count_reviews(con, other) == 0
    assert entries.count_entries(con, other) == 0
    assert reviews.count_reviews(con, account) == 1   # the owner's own untouched


# --- formats ----------------------------------------------------------------------------------

def test_utf16_json_is_detected():
    doc = {"tags": {"@a": 1}, "entries": [{"date": "2024-03-01", "time": "21:04",
                                           "title": "Zürich.", "body": "ok", "tags": ["@a"]}]}
    for encoding in ("utf-16", "utf-16-be"):
        raw = json.dumps(doc, ensure_ascii=False).encode(encoding)
        if encoding == "utf-16-be":
            raw = b"\xfe\xff" + raw
        assert importers.detect(raw, "x.json") == "jrnl_json"
        assert importers.parse(raw, "x.json").entries[0].title == "Zürich."


@pytest.mark.parametrize(("text", "first"), [
    ("[09.06.2013 15:39] Hello. Body\n\n[10.06.2013 08:00] Next.\n", datetime(2013, 6, 9, 15, 39)),
    ("[2013-06-09 3:39 PM] Hello.\n[2013-06-10 4:00 AM] Two.\n", datetime(2013, 6, 9, 15, 39)),
    ("[25/06/2013 15:39] Hello.\n[26/06/2013 08:00] Two.\n", datetime(2013, 6, 25, 15, 39)),
    ("06/25/2013 3:39 PM Hello.\n06/26/2013 8:00 AM Two.\n", datetime(2013, 6, 25, 15, 39)),
])
def test_jrnl_date_formats_are_found(text, first):
    parsed = importers.parse(text.encode(), "journal.txt")
    assert parsed.format == "jrnl_text"
    assert parsed.entries[0].local_dt == first and parsed.entries[0].title == "Hello."
    assert len(parsed.entries) == 2


def test_jrnl_date_format_given_and_partly_readable_date_reported(con, account):
    text = ("[03/04/2013 15:39] One.\nbody one\n[03/04/2013] Broken header.\nits body\n"
            "[05/04/2013 10:00] Three.\n")
    preview = importing.preview_import(con, account, text.encode(), "j.txt",
                                       ImportChoices(date_format="%m/%d/%Y %H:%M"))
    assert [s.when for s in preview.sample] == [datetime(2013, 3, 4, 15, 39),
                                                datetime(2013, 5, 4, 10, 0)]
    assert any(str(p).startswith("line 3: “[03/04/2013] Broken header.”")
               for p in preview.problems)
    assert all("its body" not in s.text for s in preview.sample)   # nothing folded
    guessed = importing.preview_import(con, account, text.encode(), "j.txt")
    assert any("could be read as %d/%m/%Y" in str(p) for p in guessed.problems)
    with pytest.raises(ImportFormatError, match="%Q"):
        importers.parse(text.encode(), "j.txt", date_format="%Q")


def test_encrypted_jrnl_journals_get_a_specific_message(app_db, ana):
    fernet = b"gAAAAAB" + b"k3JxV0Ns_Q-" * 40 + b"=="
    _refused(app_db, ana, fernet, "journal.txt", "(?i)decrypt it with jrnl first")
    _refused(app_db, ana, bytes(range(256)) * 4, "journal.jrnl",
             "encrypted jrnl journal.*Decrypt it with jrnl first")
    _pages_draw(ana)


def _doentry(uuid: str, text: str, when: datetime) -> bytes:
    return plistlib.dumps({"Creation Date": when, "Entry Text": text, "UUID": uuid,
                           "Time Zone": "Europe/Berlin", "Starred": True, "Tags": ["repair"]})


def test_day_one_classic_doentry_files_import(con, account):
    one = _doentry("C1", "# Rough\nWe argued, then talked.", datetime(2015, 3, 1, 19, 0))
    assert importers.detect(one, "C1.doentry") == "dayone_classic"
    entry = importers.parse(one, "C1.doentry").entries[0]
    assert (entry.title, entry.body, entry.local_dt) == (
        "Rough", "We argued, then talked.", datetime(2015, 3, 1, 20, 0))
    zipped = _zip({"entries/C1.doentry": one,
                   "entries/C2.doentry": _doentry("C2", "Calm day", datetime(2015, 3, 2, 8)),
                   "entries/bad.doentry": b"<?xml version='1.0'?><plist><dict><key>x"})
    result = importing.run_import(con, account, zipped, "Journal.zip")
    assert result.added == 2 and result.skipped == 1
    bodies = sorted(e.body for e in entries.load_for_export(con, account))
    assert bodies[1].startswith("Rough\n\nWe argued, then talked.")


def test_titles_stay_titles_and_activities_are_not_wins_by_default(con, account):
    doc = {"metadata": {}, "entries": [{"uuid": "T", "creationDate": "2024-01-01T10:00:00Z",
                                        "timeZone": "UTC", "text": "# Rough\nWe argued.",
                                        "tags": ["walk"]}]}
    importing.run_import(con, account, json.dumps(doc).encode(), "j.json")
    (entry,) = entries.load_for_export(con, account)
    assert entry.body.startswith("Rough\n\nWe argued.") and entry.wins == []


# --- Daylio variants --------------------------------------------------------------------------

POLISH = ("year,date,weekday,time,mood,activities,note\n"
          "2023,7 września,czwartek,21:04,dobrze,praca | sen,Było ok\n"
          "2023,6 wrz,środa,08:15,źle,praca\n"
          "2023,5 września,wtorek,7:00,dobrze,,\"cytat \"\"x\"\"\"\n")


def test_daylio_polish_year_date_and_missing_trailing_note(con, account):
    parsed = importers.parse(POLISH.encode(), "daylio_export.csv")
    assert parsed.problems == []
    assert [e.local_dt for e in parsed.entries] == [
        datetime(2023, 9, 7, 21, 4), datetime(2023, 9, 6, 8, 15), datetime(2023, 9, 5, 7, 0)]
    assert parsed.entries[1].body == "" and parsed.entries[2].body == 'cytat "x"'
    for text, month in (("2023,22. Juni", 6), ("2023,22 juin", 6), ("2023,6月22日", 6),
                        ("2023,22 июня", 6), ("2023,22 de junio", 6)):
        raw = ("year,date,weekday,time,mood,activities,note\n"
               f"{text},x,10:00,good,,n\n").encode()
        assert importers.parse(raw, "d.csv").entries[0].local_dt.month == month, text


TEN = ["Superb", "Great", "Good", "Fine", "Okay", "Meh", "Low", "Bad", "Awful", "Worst"]


def test_daylio_custom_scale_defaults_are_asked_and_every_label_can_be_changed(app_db, ana):
    rows = "".join(f"2024-01-{i + 1:02d},x,y,10:00,{m},,n{i}\n" for i, m in enumerate(TEN))
    raw = ("full_date,date,weekday,time,mood,activities,note\n" + rows).encode()
    con = connect(app_db)
    preview = importing.preview_import(con, ana, raw, "d.csv")
    assert set(preview.unmapped_moods) == set(TEN)     # "Good" and "Bad" too
    con.close()
    plain = (b"full_date,date,weekday,time,mood,activities,note\n"
             b"2024-01-01,x,y,10:00,good,walk,n\n2024-01-02,x,y,10:00,rad,,m\n")
    at = run_page("pages/data.py", ana)
    at.file_uploader[0].upload("d.csv", plain, "text/csv").run()
    labels = [s.label for s in at.selectbox]
    assert any("“good”" in label for label in labels) and any("“rad”" in label for label in labels)
    assert not at.exception


def test_data_page_win_needs_a_chosen_practice(app_db, ana):
    plain = (b"full_date,date,weekday,time,mood,activities,note\n"
             b"2024-01-01,x,y,10:00,good,walk,n\n")
    at = run_page("pages/data.py", ana)
    at.file_uploader[0].upload("d.csv", plain, "text/csv").run()
    next(m for m in at.multiselect if m.label == "Wins").select("walk").run()
    practice = next(s for s in at.selectbox if s.label.startswith("Practice for"))
    assert practice.value is None
    assert "stays as words" in page_texts(at)
    next(b for b in at.button if b.key == "data_import_btn").click().run()
    con = connect(app_db)
    (entry,) = entries.load_for_export(con, ana)
    con.close()
    assert entry.wins == [] and "Activities: walk" in entry.body
    assert mapping.ROLE_TEXT == ""
    _pages_draw(ana)
