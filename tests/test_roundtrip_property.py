"""Property tests: export → import loses nothing; random bytes never traceback or half-import."""

from __future__ import annotations

import itertools
import json
import unicodedata
from datetime import datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from journal import entries, profiles, vocab
from journal.entries import Entry, EntryInput, TriggerItem, WinItem
from journal.entries import load_for_export as load_entries
from journal.errors import ImportFormatError, JournalError
from journal.transfer import exporting, importers, importing
from journal.transfer.exporters.steady_json import MARKER, to_record
from journal.transfer.importing import ImportChoices
from tests.conftest import PASS

SETTINGS = settings(max_examples=25, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.function_scoped_fixture,
                                           HealthCheck.too_slow])
_names = itertools.count()

# Text as people write it: any character a UTF-8 file can hold (no lone surrogates; CR and NUL
# are normalised by Steady on every save, so they can't round-trip by design), plus emoji,
# right-to-left scripts, direction marks, joiners, quotes and separators importers care about.
SAFE = st.characters(blacklist_categories=("Cs",), blacklist_characters="\r\x00")
SPICE = st.sampled_from(["🌿", "😊", "👩‍❤️‍👨", "שלום", "مرحبا بك", "\u200f", "\u202e", "ñ",
                         "“quoted”", '"', "a | b", ",", "\n", "\t", "𝔘", "  ", "@tag", "[1]"])


def texts(max_size: int = 12) -> st.SearchStrategy[str]:
    return st.lists(st.one_of(st.text(SAFE, max_size=6), SPICE), max_size=max_size).map(
        "".join)


def words() -> st.SearchStrategy[str]:
    custom = st.text(SAFE, min_size=1, max_size=20).map(
        lambda w: unicodedata.normalize("NFC", w).strip()).filter(lambda w: 0 < len(w) <= 60)
    return st.one_of(st.sampled_from([*vocab.TRIGGERS, *vocab.EMOTION_QUADRANT, "عاطفة 🌊"]),
                     custom)


def maybe(strategy):
    return st.one_of(st.none(), strategy)


def _has_content(inp: EntryInput) -> bool:
    return bool(inp.body.strip() or inp.prompt_response.strip() or inp.need.strip()
                or inp.hope.strip() or inp.mood or inp.triggers or inp.wins or inp.emotions)


entry_inputs = st.builds(
    EntryInput,
    when_local=st.datetimes(datetime(1990, 1, 1), datetime(2025, 12, 31)).map(
        lambda d: d.replace(microsecond=0)),
    kind=st.sampled_from(list(vocab.KINDS)),
    body=texts(),
    prompt_id=maybe(st.sampled_from(["p-cycle-1", "p-repair-3", "x"])),
    prompt_text=maybe(texts(4)),
    prompt_response=texts(4),
    need=texts(3),
    hope=texts(3),
    mood=maybe(st.integers(1, 5)),
    energy=maybe(st.integers(1, 5)),
    emotions=st.lists(words(), max_size=4, unique=True),
    triggers=st.lists(st.builds(TriggerItem, words(), maybe(st.sampled_from(list(vocab.RESPONSES))),
                                maybe(texts(3).filter(bool))), max_size=3),
    wins=st.lists(st.builds(WinItem, st.one_of(st.sampled_from(list(vocab.PRACTICES)), words()),
                            maybe(texts(3).filter(bool))), max_size=3),
    utc_offset_min=st.integers(-720, 840),
    source=st.just("steady"),
    source_id=st.none(),
).filter(_has_content)

imported_inputs = st.tuples(entry_inputs, st.sampled_from(["daylio", "dayone", "jrnl_text"]),
                            st.uuids()).map(
    lambda t: EntryInput(**{**t[0].__dict__, "source": t[1], "source_id": t[2].hex}))


def _canonical(con, account) -> list[str]:
    """Every entry as its full export record, without the row id, sorted."""
    return sorted(json.dumps(to_record(e), sort_keys=True, ensure_ascii=False)
                  for e in load_entries(con, account))


@SETTINGS
@given(native=st.lists(entry_inputs, min_size=1, max_size=5),
       foreign=st.lists(imported_inputs, max_size=3), twice=st.booleans())
def test_json_export_then_import_loses_nothing(con, native, foreign, twice):
    n = next(_names)
    src = profiles.create_profile(con, f"source {n}", PASS)
    dst = profiles.create_profile(con, f"target {n}", PASS)
    for inp in [*native, *foreign] + ([native[0]] if twice else []):
        entries.save_entry(con, src, inp)       # `twice`: an identical entry written again
    original = _canonical(con, src)
    exported = exporting.export_file(con, src, "json").data
    assert importers.detect(exported, "steady.json") == "steady_json"

    result = importing.run_import(con, dst, exported, "steady.json")
    assert result.added == len(original) and not result.skipped
    assert _canonical(con, dst) == original     # every field, every part, every character

    again = importing.run_import(con, dst, exported, "steady.json")
    assert again.added == 0 and again.duplicates == len(original)
    home = importing.run_import(con, src, exported, "steady.json")
    assert home.added == 0 and _canonical(con, src) == original


def _count(con) -> int:
    return int(con.execute("SELECT count(*) FROM entries").fetchone()[0])


@SETTINGS
@given(blob=st.one_of(st.binary(max_size=3000), texts(40).map(str.encode)),
       fmt=st.sampled_from([None, *importers.IMPORTERS]))
def test_random_bytes_give_a_clear_error_and_import_nothing(con, account, blob, fmt):
    before = _count(con)
    with pytest.raises(ImportFormatError) as caught:
        importing.run_import(con, account, blob, "upload.bin", ImportChoices(fmt=fmt))
    message = str(caught.value)
    assert message and "Traceback" not in message and len(message) < 600
    assert _count(con) == before


JSON_VALUES = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(-10**6, 10**6), st.floats(allow_nan=False),
              st.text(max_size=10), st.sampled_from(["2024-06-22T21:41:00", "9999-12-31T23:59:59",
                                                     "0001-01-01T00:00:00", "\ud800", "repair"])),
    lambda inner: st.one_of(st.lists(inner, max_size=3),
                            st.dictionaries(st.text(max_size=5), inner, max_size=3)),
    max_leaves=8,
)
FIELDS = ["when_local", "utc_offset_min", "kind", "body", "mood", "energy", "emotions",
          "triggers", "wins", "source", "source_id", "saved_utc", "prompt_text", "need"]


def _damaged(pair: tuple[EntryInput, dict]) -> dict:
    """A valid export record with one or two fields replaced by arbitrary JSON."""
    inp, damage = pair
    return {**to_record(Entry(**inp.__dict__)), **damage}


@SETTINGS
@given(records=st.lists(st.one_of(
    JSON_VALUES,
    st.dictionaries(st.sampled_from(FIELDS), JSON_VALUES, max_size=8),
    st.tuples(entry_inputs, st.dictionaries(st.sampled_from(FIELDS), JSON_VALUES, max_size=2))
    .map(_damaged),
), max_size=6))
def test_damaged_steady_exports_never_traceback(con, account, records):
    """Whatever the records hold: readable ones are imported whole, the rest are reported."""
    doc = {MARKER: {"version": 1}, "entries": records}
    before = _count(con)
    try:
        result = importing.run_import(con, account, json.dumps(doc).encode(), "steady.json")
    except JournalError:
        assert _count(con) == before            # refused whole
        return
    assert _count(con) == before + result.added
    assert result.added + result.duplicates + result.skipped >= 1
