"""Parsing layer of the importers: files from Daylio, Day One and jrnl become neutral records.

Fixtures in tests/fixtures/imports/ are hand-written to look like real exports; edge cases are
built inline so each test shows the bytes it is about.
"""

from __future__ import annotations

import csv
import io
import json
import random
import zipfile
from collections.abc import Callable
from datetime import date, datetime, time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from journal.errors import ImportFormatError, JournalError
from journal.transfer import importers
from journal.transfer.importers import (
    DAYLIO_DEFAULT_MOODS,
    IMPORTERS,
    ImportedEntry,
    ImportProblem,
    ParsedImport,
    detect,
    parse,
)
from journal.transfer.importers.dayone import split_title, unescape_markdown

FIXTURES = Path(__file__).parent / "fixtures" / "imports"
FUZZ = settings(
    max_examples=150,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
HEADER_TITLE = ["full_date", "date", "weekday", "time", "mood", "activities", "note_title", "note"]
HEADER_PLAIN = ["full_date", "date", "weekday", "time", "mood", "activities", "note"]


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def daylio_csv(rows: list[list[str]], header: list[str] | None = HEADER_PLAIN) -> bytes:
    """A Daylio-style CSV written by the csv module, so quoting is always correct."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    if header is not None:
        writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def row(
    when: str = "2024-06-22",
    at: str = "9:41 PM",
    mood: str = "good",
    activities: str = "",
    note: str = "",
) -> list[str]:
    return [when, "June 22", "Saturday", at, mood, activities, note]


def lines_of(problems: list[ImportProblem]) -> list[str]:
    return [p.where for p in problems]


# --- Daylio -----------------------------------------------------------------------------------


def test_daylio_with_note_title_bom_and_crlf() -> None:
    parsed = parse(fixture("daylio_title.csv"), "daylio_export_2024_06_22.csv")
    assert parsed.format == "daylio"
    assert [e.line for e in parsed.entries] == [2, 3, 4, 8, 10, 12]
    first = parsed.entries[0]
    assert first.local_dt == datetime(2024, 6, 22, 21, 41)
    assert first.title == "Dinner with Sam"
    assert first.body == 'We talked after dinner | no phones. He said "thanks for listening" 😊'
    assert first.activities == ["family", "walk", "cooking"]
    assert first.mood_label == "rad"
    assert (first.utc_dt, first.tz_name, first.tags, first.starred) == (None, None, [], False)
    # A note spanning lines (CR LF inside the quotes) keeps its blank line; line endings -> \n.
    assert parsed.entries[2].body == "First line\nsecond line\n\nafter blank"
    assert parsed.entries[2].title is None
    assert parsed.entries[2].activities == ["work", "reading"]
    assert parsed.entries[3].body == "אני מרגיש חרדה כי אני מפחד להיות לבד — and that's okay"
    assert parsed.entries[3].local_dt == datetime(2024, 6, 20, 0, 5)
    assert lines_of(parsed.problems) == ["line 9", "line 11"]
    assert "4 fields" in parsed.problems[0].message
    assert "2024-02-30" in parsed.problems[1].message
    assert parsed.mood_labels == ["rad", "ruhig 😌", "awful", "good", "meh"]
    assert parsed.date_range == (date(2024, 6, 17), date(2024, 6, 22))


def test_daylio_without_note_title_and_24h_times() -> None:
    parsed = parse(fixture("daylio_plain.csv"))
    assert [e.local_dt for e in parsed.entries] == [
        datetime(2023, 11, 5, 9, 3),
        datetime(2023, 11, 5, 9, 3),
        datetime(2023, 11, 4, 8, 45),
        datetime(2023, 11, 3, 23, 10),
    ]
    assert parsed.entries[0].body == "Ran 5k, felt proud"
    assert all(e.title is None for e in parsed.entries)
    assert parsed.entries[3].mood_label == "Очень хорошо"
    assert parsed.entries[3].activities == ["чтение", "прогулка"]
    assert parsed.mood_labels == ["good", "meh", "Очень хорошо"]
    assert lines_of(parsed.problems) == ["line 6"]
    assert "7:5" in parsed.problems[0].message


def test_daylio_year_column_builds_dates_from_display_text() -> None:
    parsed = parse(fixture("daylio_year.csv"))
    assert [(e.line, e.local_dt) for e in parsed.entries] == [
        (2, datetime(2022, 6, 22, 22, 15)),
        (3, datetime(2022, 6, 3, 7, 0)),
        (4, datetime(2022, 6, 22, 9, 0)),  # 22/06: 22 can only be the day
        (5, datetime(2022, 6, 5, 9, 0)),  # 05/06: day-first, as the rest of the file shows
        (7, datetime(2022, 3, 1, 18, 30)),
    ]
    assert lines_of(parsed.problems) == ["line 6"]
    assert "22. Juni" in parsed.problems[0].message


@pytest.mark.parametrize(
    ("shown", "expected"),
    [
        ("June 22", date(2022, 6, 22)),
        ("22 June", date(2022, 6, 22)),
        ("Sept 3", date(2022, 9, 3)),
        ("Dec. 31st", date(2022, 12, 31)),
        ("6/22", date(2022, 6, 22)),
        ("22.06.", date(2022, 6, 22)),
        ("07/07", date(2022, 7, 7)),
        ("June 22, 2022", date(2022, 6, 22)),
    ],
)
def test_daylio_year_variant_date_forms(shown: str, expected: date) -> None:
    data = daylio_csv(
        [["2022", shown, "Wed", "10:00", "good", "", "x"]],
        header=["year", "date", "weekday", "time", "mood", "activities", "note"],
    )
    parsed = parse(data)
    assert parsed.problems == []
    assert parsed.entries[0].local_dt.date() == expected


def test_daylio_year_variant_ambiguous_numbers_are_a_problem_not_a_guess() -> None:
    header = ["year", "date", "weekday", "time", "mood", "activities", "note"]
    data = daylio_csv([["2022", "03/04", "Sun", "10:00", "good", "", "which?"]], header=header)
    parsed = parse(data)
    assert parsed.entries == []
    assert lines_of(parsed.problems) == ["line 2"]
    assert "day/month or month/day" in parsed.problems[0].message


def test_daylio_without_header() -> None:
    parsed = parse(fixture("daylio_noheader.csv"))
    assert parsed.format == "daylio"
    assert [(e.line, e.local_dt) for e in parsed.entries] == [
        (1, datetime(2021, 1, 2, 20, 15)),
        (2, datetime(2021, 1, 1, 12, 0)),
    ]
    assert parsed.entries[1].body == "New year, new start | together"
    assert parsed.entries[1].activities == ["family", "party"]


@pytest.mark.parametrize(
    ("shown", "expected"),
    [
        ("3:26 AM", time(3, 26)),
        ("2:14 pm", time(14, 14)),
        ("9:03", time(9, 3)),
        ("08:45", time(8, 45)),
        ("12:05 am", time(0, 5)),
        ("12:30 PM", time(12, 30)),
        ("11:59 p.m.", time(23, 59)),
        ("23:10", time(23, 10)),
        (" 7:00 AM ", time(7, 0)),
    ],
)
def test_daylio_time_formats(shown: str, expected: time) -> None:
    parsed = parse(daylio_csv([row(at=shown)]))
    assert parsed.problems == []
    assert parsed.entries[0].local_dt == datetime.combine(date(2024, 6, 22), expected)


@pytest.mark.parametrize("shown", ["25:00", "13:15 PM", "noon", "", "9"])
def test_daylio_unreadable_time_is_a_problem_on_that_line(shown: str) -> None:
    parsed = parse(daylio_csv([row(note="kept"), row(at=shown), row(note="also kept")]))
    assert [e.body for e in parsed.entries] == ["kept", "also kept"]
    assert lines_of(parsed.problems) == ["line 3"]


def test_daylio_custom_moods_are_kept_raw_in_file_order() -> None:
    moods = ["  super 😎 ", "Müde", "rad", "متعب", "super 😎", "meh"]
    parsed = parse(daylio_csv([row(mood=m) for m in moods]))
    assert [e.mood_label for e in parsed.entries] == [
        "super 😎",
        "Müde",
        "rad",
        "متعب",
        "super 😎",
        "meh",
    ]
    assert parsed.mood_labels == ["super 😎", "Müde", "rad", "متعب", "meh"]
    assert DAYLIO_DEFAULT_MOODS == {"rad": 5, "good": 4, "meh": 3, "bad": 2, "awful": 1}


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("family | walk", ["family", "walk"]),
        ("family|walk", ["family", "walk"]),
        ("  date night  |   movie | ", ["date night", "movie"]),
        ("", []),
        (" | ", []),
        ("walk | walk", ["walk"]),
    ],
)
def test_daylio_activities(raw: str, expected: list[str]) -> None:
    assert parse(daylio_csv([row(activities=raw)])).entries[0].activities == expected


def test_daylio_activities_quoted_or_not_in_raw_csv() -> None:
    data = (
        b"full_date,date,weekday,time,mood,activities,note\n"
        b'2024-06-22,June 22,Sat,9:00,good,"walk | friends",a\n'
        b"2024-06-21,June 21,Fri,9:00,good,walk | friends,b\n"
    )
    assert [e.activities for e in parse(data).entries] == [["walk", "friends"]] * 2


NOTES = [
    "We talked | then we paused | then we laughed",
    'He said ""really"" and "then" left',
    "Emoji 😊👩‍❤️‍👨 and flags 🇩🇪",
    "שלום, זה טקסט מימין לשמאל",
    "مرحبا بالعالم — mixed with English",
    "  leading and trailing spaces  ",
    "Line one\nLine two\n\nParagraph after a blank line",
    "commas, commas, commas",
    "e\u0301 combining accent and zero\u200bwidth space",
]


@pytest.mark.parametrize("note", NOTES)
def test_daylio_notes_are_preserved_exactly(note: str) -> None:
    parsed = parse(daylio_csv([row(note=note)], header=HEADER_TITLE[:6] + ["note"]))
    assert parsed.entries[0].body == note


@FUZZ
@given(
    note=st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\r")),
    title=st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\r\n")),
)
def test_daylio_any_note_round_trips(note: str, title: str) -> None:
    parsed = parse(daylio_csv([row()[:6] + [title, note]], header=HEADER_TITLE))
    assert parsed.problems == []
    assert parsed.entries[0].body == note
    assert parsed.entries[0].title == (title.strip() or None)


def test_daylio_identical_rows_are_both_kept_with_distinct_ids() -> None:
    same = row(note="Same minute, same words")
    parsed = parse(daylio_csv([same, same, same]))
    ids = [e.source_id for e in parsed.entries]
    assert len(ids) == 3 and len(set(ids)) == 3


def test_same_file_twice_gives_the_same_ids() -> None:
    data = fixture("daylio_title.csv")
    first = [e.source_id for e in parse(data).entries]
    again = [e.source_id for e in parse(bytes(bytearray(data))).entries]
    assert first == again
    assert len(set(first)) == len(first)


def test_ids_do_not_depend_on_line_endings_or_quoting() -> None:
    lf = b'full_date,date,weekday,time,mood,activities,note\n2024-06-22,x,y,9:00,good,a,"hi"\n'
    crlf = lf.replace(b"\n", b"\r\n").replace(b'"hi"', b"hi")
    assert parse(lf).entries[0].source_id == parse(crlf).entries[0].source_id


def test_daylio_malformed_rows_are_reported_by_starting_line_and_others_parse() -> None:
    data = (
        b"full_date,date,weekday,time,mood,activities,note\n"  # 1
        b'2024-06-22,June 22,Sat,9:00,good,,"two\nlines"\n'  # 2-3
        b"2024-06-21,June 21,Fri\n"  # 4: too short
        b"2024-06-20,June 20,Thu,9:00,good,,note,extra\n"  # 5: too long
        b'2024-06-19,June 19,Wed,9:00,good,,"bad "quote" here"\n'  # 6: broken quoting
        b"\n"  # 7: blank lines are ignored
        b"2024-06-18,June 18,Tue,9:00,good,,fine\n"  # 8
        b"2024-06-17,June 17,Mon,9:00,good,,trailing empty cell,\n"  # 9: tolerated
        b'not-a-date,June 16,Sun,9:00,good,,""\n'  # 10
        b'2024-06-15,June 15,Sat,9:00,good,,"never closed\n'  # 11-12
        b"2024-06-14,June 14,Fri,9:00,good,,swallowed by the open quote\n"
    )
    parsed = parse(data)
    assert [(e.line, e.body) for e in parsed.entries] == [
        (2, "two\nlines"),
        (8, "fine"),
        (9, "trailing empty cell"),
    ]
    assert lines_of(parsed.problems) == ["line 4", "line 5", "line 6", "line 10", "line 11"]
    assert "never closed" in parsed.problems[-1].message
    assert "lines 11–12" in parsed.problems[-1].message
    assert str(parsed.problems[0]).startswith("line 4: has 3 fields")


def test_daylio_resaved_by_a_spreadsheet_with_semicolons() -> None:
    data = (
        "full_date;date;weekday;time;mood;activities;note\r\n"
        '2024-06-22;22. Juni;Samstag;21:41;super;Familie | Spaziergang;"Abend; schön"\r\n'
    ).encode()
    parsed = parse(data, "export.csv")
    assert parsed.entries[0].body == "Abend; schön"
    assert parsed.entries[0].activities == ["Familie", "Spaziergang"]


def test_daylio_not_utf8_names_the_line() -> None:
    data = daylio_csv([row(note="ok")]) + "2024-06-21,x,y,9:00,good,,caf\xe9\n".encode("latin-1")
    with pytest.raises(ImportFormatError, match="line 3"):
        parse(data, fmt="daylio")


def test_daylio_forced_on_something_else_is_a_clear_error() -> None:
    with pytest.raises(ImportFormatError, match="does not look like a Daylio export"):
        parse(fixture("jrnl_brackets.txt"), fmt="daylio")


def _big_daylio(rows: int) -> bytes:
    rng = random.Random(7)
    moods = list(DAYLIO_DEFAULT_MOODS) + ["ruhig 😌"]
    start = datetime(2015, 1, 1)
    out = []
    for i in range(rows):
        day = (start.toordinal() + i // 2) if i else start.toordinal()
        when = date.fromordinal(day)
        note = rng.choice(["", "Short.", 'A "quoted" | piped note\nover two lines 😊'])
        out.append(
            [
                when.isoformat(),
                when.strftime("%B %d"),
                when.strftime("%A"),
                f"{rng.randint(1, 12)}:{rng.randint(0, 59):02d} {rng.choice(['AM', 'PM'])}",
                rng.choice(moods),
                " | ".join(rng.sample(["work", "walk", "family", "reading", "sport"], 2)),
                "Title" if i % 3 else "",
                note,
            ]
        )
    return daylio_csv(out, header=HEADER_TITLE)


def test_daylio_10000_rows_parse_whole() -> None:
    # Speed is measured by `python -m benchmarks.data`, never asserted in a test.
    data = _big_daylio(10_000)
    parsed = parse(data, "big.csv")
    assert len(parsed.entries) == 10_000 and parsed.problems == []
    assert len({e.source_id for e in parsed.entries}) == 10_000


# --- Day One ----------------------------------------------------------------------------------


def test_dayone_json() -> None:
    parsed = parse(fixture("dayone_journal.json"), "Journal.json")
    assert parsed.format == "dayone"
    by_id = {e.source_id: e for e in parsed.entries}
    assert list(by_id) == [
        "A1B2C3D4E5F60718293A4B5C6D7E8F90",
        "B2C3D4E5F60718293A4B5C6D7E8F90A1",
        "C3D4E5F60718293A4B5C6D7E8F90A1B2",
        "D4E5F60718293A4B5C6D7E8F90A1B2C3",
        "E5F60718293A4B5C6D7E8F90A1B2C3D4",
    ]
    berlin = by_id["A1B2C3D4E5F60718293A4B5C6D7E8F90"]
    assert berlin.utc_dt == datetime(2023, 5, 1, 18, 22, 10)
    assert berlin.local_dt == datetime(2023, 5, 1, 20, 22, 10)  # CEST, UTC+2
    assert berlin.tz_name == "Europe/Berlin"
    assert berlin.title == "Talked it through"
    assert berlin.body == (
        "We had our weekly check-in (finally). I said what I needed!\n\n"
        "Next: 15-minute pause after hard days."
    )
    assert berlin.tags == ["check-in", "repair"]
    assert berlin.starred is True
    assert berlin.location == "Volkspark Friedrichshain, Berlin, Germany"
    assert (berlin.mood_label, berlin.activities, berlin.line) == (None, [], None)

    new_york = by_id["B2C3D4E5F60718293A4B5C6D7E8F90A1"]
    assert new_york.local_dt == datetime(2023, 1, 15, 18, 30)  # EST, UTC-5
    assert new_york.title is None
    assert new_york.body == "Short note without a title. Path `C:\\Users\\me` stays as typed."

    tokyo = by_id["C3D4E5F60718293A4B5C6D7E8F90A1B2"]
    assert tokyo.body == "" and tokyo.title is None  # no text at all
    assert tokyo.local_dt == datetime(2024, 1, 1, 1, 0)  # crosses the new year locally

    for uuid in ("D4E5F60718293A4B5C6D7E8F90A1B2C3", "E5F60718293A4B5C6D7E8F90A1B2C3D4"):
        assert by_id[uuid].local_dt == by_id[uuid].utc_dt
        assert by_id[uuid].tz_name is None
    assert lines_of(parsed.problems) == [
        "entry 4 (uuid D4E5F607…)",
        "entry 5 (uuid E5F60718…)",
        "entry 6 (uuid F6071829…)",
    ]
    assert "UTC" in parsed.problems[0].message
    assert "Mars/Olympus_Mons" in parsed.problems[1].message
    assert "yesterday evening" in parsed.problems[2].message
    assert parsed.mood_labels == []


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def test_dayone_zip_finds_the_json_whatever_it_is_called() -> None:
    journal = fixture("dayone_journal.json")
    data = _zip(
        {
            "photos/9f8e7d6c5b4a39281706f5e4d3c2b1a0.jpeg": b"\xff\xd8\xff\xe0 not really a jpeg",
            "__MACOSX/._Tagebuch (Kopie) ✨.json": b"\x00\x05\x16\x07 resource fork",
            "Export 2024-05-01/Tagebuch (Kopie) ✨.json": journal,
            "notes.json": b'{"something": "else"}',
        }
    )
    assert detect(data, "Day One export.zip") == "dayone"
    from_zip = parse(data, "Day One export.zip")
    from_json = parse(journal, "Journal.json")
    assert from_zip.entries == from_json.entries
    assert from_zip.problems == from_json.problems


def test_dayone_zip_with_two_journals_keeps_both_and_names_the_file() -> None:
    def journal(uuid: str, zone: str) -> bytes:
        entry = {"uuid": uuid, "creationDate": "2024-01-01T10:00:00Z", "timeZone": zone}
        return json.dumps({"metadata": {"version": "1.0"}, "entries": [entry]}).encode()

    data = _zip(
        {"Personal.json": journal("AAA1", "UTC"), "Shared.json": journal("BBB2", "Nowhere/Land")}
    )
    parsed = parse(data)
    assert [e.source_id for e in parsed.entries] == ["AAA1", "BBB2"]
    assert lines_of(parsed.problems) == ["entry 1 (uuid BBB2) in Shared.json"]


@pytest.mark.parametrize(
    ("members", "message"),
    [
        ({"photos/a.jpeg": b"\xff\xd8"}, "no Day One journal"),
        ({"Journal.json": b'{"entries": [1, }'}, "not valid JSON"),
    ],
)
def test_dayone_zip_without_a_journal_is_a_clear_error(
    members: dict[str, bytes], message: str
) -> None:
    with pytest.raises(ImportFormatError, match=message):
        parse(_zip(members), "export.zip")
    with pytest.raises(ImportFormatError, match=message):
        detect(_zip(members), "export.zip")


def test_dayone_truncated_zip_is_an_import_error() -> None:
    data = _zip({"Journal.json": fixture("dayone_journal.json")})
    for cut in (len(data) // 2, len(data) - 10, 30):
        with pytest.raises(ImportFormatError):
            parse(data[:cut], "export.zip")
        with pytest.raises(ImportFormatError):
            parse(data[:cut], fmt="dayone")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("check\\-in \\(finally\\)\\. Yes\\!", "check-in (finally). Yes!"),
        ("a \\\\ b", "a \\ b"),
        ("\\# not a heading, \\*not bold\\*", "# not a heading, *not bold*"),
        ("keep \\n and \\d as typed", "keep \\n and \\d as typed"),
        ("code `a\\.b` stays, text\\. changes", "code `a\\.b` stays, text. changes"),
        ("```\nx = 1\\.0\n```\nafter\\!", "```\nx = 1\\.0\n```\nafter!"),
    ],
)
def test_dayone_markdown_escapes(raw: str, expected: str) -> None:
    assert unescape_markdown(raw) == expected


def test_dayone_title_only_from_a_real_heading() -> None:
    assert split_title("# Title\\!\n\nBody\\.") == ("Title!", "Body.")
    assert split_title("\\# Not a title") == (None, "# Not a title")
    assert split_title("#hashtag first") == (None, "#hashtag first")
    assert split_title("") == (None, "")


def test_dayone_duplicate_uuid_and_non_object_entries() -> None:
    entry = {"uuid": "SAME", "creationDate": "2024-01-01T10:00:00Z", "timeZone": "UTC"}
    doc = {"metadata": {"version": "1.0"}, "entries": [entry, "oops", entry]}
    parsed = parse(json.dumps(doc).encode())
    assert [e.source_id for e in parsed.entries] == ["SAME"]
    assert lines_of(parsed.problems) == ["entry 2", "entry 3 (uuid SAME)"]


def test_dayone_rich_text_weather_and_odd_values_do_not_crash() -> None:
    entry = {
        "uuid": "X1",
        "creationDate": "2024-01-01T10:00:00.123Z",
        "timeZone": "Europe/Berlin",
        "richText": "{not json at all",
        "weather": "sunny",
        "tags": ["a", 3, None, " a ", "b"],
        "starred": "yes",
        "location": {"placeName": "Café", "localityName": None, "country": "France"},
        "text": "lone surrogate \ud800 here",
    }
    doc = {"metadata": {"version": "1.0"}, "entries": [entry]}
    parsed = parse(json.dumps(doc).encode())
    only = parsed.entries[0]
    assert only.local_dt == datetime(2024, 1, 1, 11, 0, 0, 123000)
    assert only.tags == ["a", "b"]
    assert only.starred is False  # only a real true counts
    assert only.location == "Café, France"
    # ijson's C parser writes "?" for a lone surrogate, Python's json U+FFFD: either is storable
    assert only.body in ("lone surrogate \ufffd here", "lone surrogate ? here")


# --- jrnl -------------------------------------------------------------------------------------


def test_jrnl_json() -> None:
    parsed = parse(fixture("jrnl_export.json"), "journal.json")
    assert parsed.format == "jrnl_json"
    assert [(e.local_dt, e.title, e.starred) for e in parsed.entries] == [
        (datetime(2024, 3, 1, 21, 4), "Weekly check-in went well.", False),
        (datetime(2024, 3, 2, 7, 30), "Morning pause", True),
        (datetime(2024, 3, 2, 7, 30), "Morning pause", True),
        (datetime(2024, 3, 4, 15, 40), "Repair.", False),
    ]
    assert parsed.entries[0].body == "One need, one hope. @checkin\n"
    assert parsed.entries[0].tags == ["@checkin"]
    assert parsed.entries[3].tags == ["@checkin"]  # no "tags" key: taken from the text
    assert parsed.entries[1].source_id != parsed.entries[2].source_id
    assert lines_of(parsed.problems) == ["entry 4"]
    assert "2024-13-01" in parsed.problems[0].message
    assert [e.source_id for e in parse(fixture("jrnl_export.json")).entries] == [
        e.source_id for e in parsed.entries
    ]


def test_jrnl_text_with_brackets() -> None:
    parsed = parse(fixture("jrnl_brackets.txt"), "journal.txt")
    assert parsed.format == "jrnl_text"
    first, pause, afternoon, win = parsed.entries
    assert (first.line, first.local_dt) == (1, datetime(2024, 3, 1, 21, 4))
    assert first.title == "Weekly check-in went well."
    assert first.body == (
        "We each named one need @checkin\n"
        "and one hope. I mirrored back before answering.\n"
        "\n"
        "The second paragraph stays in the body.\n"
        "[1] A footnote-like line is not a new entry."
    )
    assert first.tags == ["@checkin"]
    assert (pause.line, pause.local_dt) == (7, datetime(2024, 3, 2, 7, 30, 15))
    assert pause.title == "Morning pause" and pause.starred is True
    assert pause.tags == ["@ritual"]  # the same tag in another case counts once
    assert afternoon.local_dt == datetime(2024, 3, 3, 15, 40)  # 03:40 PM
    assert afternoon.title == "Hard afternoon!"
    assert "2024-03-03 16:00 a bare date line" in afternoon.body
    assert afternoon.tags == ["@withdrawal"]  # me@example.org is not a tag
    assert (win.title, win.body, win.starred) == ("Celebrated a small win", "", False)
    assert lines_of(parsed.problems) == ["line 14"]


def test_jrnl_text_without_brackets() -> None:
    parsed = parse(fixture("jrnl_legacy.txt"))
    assert parsed.format == "jrnl_text"
    assert [(e.local_dt, e.title, e.body, e.starred, e.tags) for e in parsed.entries] == [
        (datetime(2013, 6, 10, 15, 40), "Life is good.", "But I'm better.", False, []),
        (datetime(2013, 6, 11, 9, 0), "Another day?", "Yes, @work again.", True, ["@work"]),
    ]
    assert parsed.problems == []


@pytest.mark.parametrize(
    ("header", "title", "body"),
    [
        ("[2024-03-01 21:04] Title. body", "Title.", "body"),
        ("[2024-03-01 21:04] No sentence end", "No sentence end", ""),
        ("[2024-03-01 21:04] Version 3.5 works? Yes.", "Version 3.5 works?", "Yes."),
        ('[2024-03-01 21:04] She said "stop." Then left.', 'She said "stop."', "Then left."),
        ("[2024-03-01 21:04] Ends here!", "Ends here!", ""),
    ],
)
def test_jrnl_text_title_rule(header: str, title: str, body: str) -> None:
    entry = parse(header.encode()).entries[0]
    assert (entry.title, entry.body) == (title, body)


def test_jrnl_text_identical_entries_and_text_before_first_entry() -> None:
    data = (
        b"stray words before any entry\n\n"
        b"[2024-03-01 21:04] Same.\n\n"
        b"[2024-03-01 21:04] Same.\n"
    )
    parsed = parse(data, fmt="jrnl_text")
    assert len(parsed.entries) == 2
    assert parsed.entries[0].source_id != parsed.entries[1].source_id
    assert lines_of(parsed.problems) == ["line 1"]


# --- detection and overrides ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "fmt"),
    [
        ("daylio_title.csv", "daylio"),
        ("daylio_plain.csv", "daylio"),
        ("daylio_year.csv", "daylio"),
        ("daylio_noheader.csv", "daylio"),
        ("dayone_journal.json", "dayone"),
        ("jrnl_export.json", "jrnl_json"),
        ("jrnl_brackets.txt", "jrnl_text"),
        ("jrnl_legacy.txt", "jrnl_text"),
    ],
)
def test_detection_uses_content_not_the_filename(name: str, fmt: str) -> None:
    data = fixture(name)
    assert detect(data) == fmt
    assert detect(data, "misleading.csv") == fmt
    assert detect(data, "misleading.json") == fmt
    assert parse(data, "whatever.txt").format == fmt


def test_filename_only_breaks_a_tie(monkeypatch: pytest.MonkeyPatch) -> None:
    class Greedy:
        name = "greedy"
        label = "Claims everything"

        def sniff(self, data: bytes, filename: str) -> bool:
            return True

        def parse(self, data: bytes, filename: str) -> ParsedImport:
            return ParsedImport("greedy", [], [], [])

    # Put a sniffer that claims everything FIRST: without a filename it wins the tie...
    monkeypatch.setattr(importers, "IMPORTERS", {"greedy": Greedy(), **IMPORTERS})
    data = fixture("daylio_plain.csv")
    assert detect(data) == "greedy"
    # ...and a matching file ending picks the format whose sniffer also said yes.
    assert detect(data, "export.csv") == "daylio"
    assert detect(fixture("jrnl_legacy.txt"), "journal.txt") == "jrnl_text"
    # A file ending never selects a format whose sniffer said no.
    assert detect(data, "journal.zip") == "greedy"


def test_fmt_overrides_detection() -> None:
    assert parse(fixture("daylio_plain.csv"), fmt="daylio").format == "daylio"
    with pytest.raises(ImportFormatError, match="jrnl"):
        parse(fixture("dayone_journal.json"), fmt="jrnl_json")
    with pytest.raises(ImportFormatError, match="Day One"):
        parse(fixture("jrnl_export.json"), fmt="dayone")
    with pytest.raises(ImportFormatError, match="no entries found"):
        parse(fixture("daylio_plain.csv"), fmt="jrnl_text")
    with pytest.raises(ImportFormatError, match="Unknown import format"):
        parse(fixture("daylio_plain.csv"), fmt="evernote")


def test_registry_entries_follow_the_protocol() -> None:
    assert list(IMPORTERS) == ["steady_json", "dayone", "jrnl_json", "daylio",
                              "dayone_classic", "jrnl_text"]
    for name, importer in IMPORTERS.items():
        assert importer.name == name and importer.label
    assert {IMPORTERS[n].label for n in IMPORTERS} >= {"Daylio CSV", "Day One JSON"}


# --- robustness -------------------------------------------------------------------------------


@pytest.mark.parametrize("data", [b"", b"   \n\r\n\t", b"\xef\xbb\xbf", b"\xef\xbb\xbf\n"])
def test_empty_file(data: bytes) -> None:
    for call in (lambda: parse(data), lambda: detect(data), lambda: parse(data, fmt="daylio")):
        with pytest.raises(ImportFormatError, match="That file is empty"):
            call()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"[]", "no .entries. list"),
        (b'"just a string"', "Steady could not tell"),
        (b'{"entries": 5}', "no .entries. list"),
        (b'{"entries": [1, 2, 3]}', "Steady could not tell"),
        (b'{"entries": [', "not valid JSON"),
        (b"[" * 100_000, "nested too deeply"),
        (b"\x00\x01\x02\xff\xfe\xfa", "neither UTF-8 text nor a ZIP"),
        ("full_date,date,weekday\ncaf\xe9\n".encode("cp1252"), "line 2 is not valid UTF-8"),
        (b"Dear diary, today was fine.", "Steady could not tell"),
        (b"PK\x03\x04 truncated zip", "ZIP file is damaged"),
    ],
)
def test_unrecognised_files_get_a_clear_message(data: bytes, message: str) -> None:
    with pytest.raises(ImportFormatError, match=message) as caught:
        parse(data, "upload.bin")
    assert isinstance(caught.value, JournalError)


@pytest.mark.parametrize("fmt", ["dayone", "jrnl_json"])
@pytest.mark.parametrize("data", [b"[1]", b'{"entries": {}}', b"not json", b"\xff\xfe\x00"])
def test_forced_json_formats_on_wrong_shapes(fmt: str, data: bytes) -> None:
    with pytest.raises(ImportFormatError):
        parse(data, fmt=fmt)


def _check_outcome(call: Callable[[], ParsedImport]) -> None:
    """The contract: a ParsedImport of real entries, or ImportFormatError with a message."""
    try:
        result = call()
    except ImportFormatError as exc:
        assert str(exc)
    else:
        assert isinstance(result, ParsedImport)
        assert all(isinstance(e, ImportedEntry) for e in result.entries)


@FUZZ
@given(data=st.binary(max_size=2048))
def test_random_bytes_never_raise_anything_else(data: bytes) -> None:
    _check_outcome(lambda: parse(data))
    for name, importer in IMPORTERS.items():
        assert isinstance(importer.sniff(data, ""), bool)
        _check_outcome(lambda imp=importer: imp.parse(data, ""))
        _check_outcome(lambda n=name: parse(data, fmt=n))


PREFIXES = [
    b"PK\x03\x04",
    b'{"metadata":{},"entries":[',
    b'{"tags":{},"entries":[{"date":"2024-01-01","time":',
    b"full_date,date,weekday,time,mood,activities,note\n2024-06-22,",
    b"year,date,weekday,time,mood,activities,note\n2022,",
    b"[2024-03-01 21:04] ",
    b"2013-06-10 15:40 ",
    b"\xef\xbb\xbf",
]


@FUZZ
@given(prefix=st.sampled_from(PREFIXES), tail=st.binary(max_size=512))
def test_plausible_starts_with_garbage_tails(prefix: bytes, tail: bytes) -> None:
    data = prefix + tail
    _check_outcome(lambda: parse(data))
    for importer in IMPORTERS.values():
        _check_outcome(lambda imp=importer: imp.parse(data, ""))


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda children: st.lists(children, max_size=4)
    | st.dictionaries(
        st.sampled_from(
            ["uuid", "creationDate", "timeZone", "text", "tags", "starred", "location",
             "date", "time", "title", "body", "placeName", "entries", "x"]
        ),
        children,
        max_size=6,
    ),
    max_leaves=25,
)


@FUZZ
@given(entries=st.lists(JSON_VALUES, max_size=5), meta=st.booleans())
def test_json_shaped_noise(entries: list[object], meta: bool) -> None:
    doc: dict[str, object] = {"entries": entries}
    doc["metadata" if meta else "tags"] = {}
    data = json.dumps(doc).encode()
    _check_outcome(lambda: parse(data))
    _check_outcome(lambda: parse(data, fmt="dayone"))
    _check_outcome(lambda: parse(data, fmt="jrnl_json"))
    for importer in IMPORTERS.values():
        _check_outcome(lambda imp=importer: imp.parse(data, ""))


CELL = st.text(
    st.characters(blacklist_categories=("Cs",), blacklist_characters="\r"), max_size=12
) | st.sampled_from(
    ["2024-06-22", "9:41 PM", "12:05 am", "June 22", "22/06", "rad", "a | b", ""]
)


@FUZZ
@given(rows=st.lists(st.lists(CELL, min_size=0, max_size=9), max_size=8))
def test_daylio_shaped_noise(rows: list[list[str]]) -> None:
    for header in (HEADER_TITLE, HEADER_PLAIN, ["year", *HEADER_PLAIN[1:]]):
        data = daylio_csv(rows, header=header)
        parsed = parse(data, fmt="daylio")
        width = len(header)
        good = sum(
            len(r) == width or (len(r) > width and not "".join(r[width:]).strip()) for r in rows
        )
        assert len(parsed.entries) <= good
        assert all(p.where.startswith("line ") for p in parsed.problems)


def test_date_range_is_none_without_entries() -> None:
    parsed = parse(daylio_csv([row(at="nonsense")]))
    assert parsed.entries == [] and parsed.date_range is None
    assert lines_of(parsed.problems) == ["line 2"]
