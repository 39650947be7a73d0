"""Removal that removes: after each removal and after a passphrase change, the raw bytes of the
journal, its WAL and backups hold no sealed value that any current or former key opens for what
was removed; other profiles' data survives; other sessions' cursors carry on across the swap."""

from __future__ import annotations

import re
import stat
from datetime import date
from pathlib import Path

import pytest

from journal import crypto, entries, milestones, profiles
from journal.compaction import SharedConnection, compact_file
from journal.db import connect, transaction
from journal.errors import CryptoError
from journal.sharing import insights, mirrors, model, partners
from journal.transfer import profile_backup
from tests.conftest import PASS, make_entry

GONE = "GONEWORDS_z7q1"
KEPT = "KEPTWORDS_b3n8"
BEN_TEXT = "BENSOWN_k4w2"
NEW_PASS = "a completely new passphrase 42"

_PREFIX = re.compile(rb"(?=(s1|x1):)")
_RUN = re.compile(rb"[A-Za-z0-9_\-]{20,}={0,2}")


def raw_tokens(*paths: Path) -> set[str]:
    """Every sealed-looking token in the bytes of these files (database, WAL, backups).

    DuckDB stores strings back to back, so a run can end with the next token's "s1"/"x1":
    both readings are kept (only the right one opens).
    """
    found: set[str] = set()
    for path in paths:
        for target in (path, path.with_name(path.name + ".wal")):
            if not target.exists():
                continue
            raw = target.read_bytes()
            for prefix in _PREFIX.finditer(raw):
                run = _RUN.match(raw, prefix.start() + 3)
                if run is None:
                    continue
                token = (raw[prefix.start():prefix.start() + 3] + run.group()).decode("ascii")
                found.add(token)
                if raw[run.end():run.end() + 1] == b":" and token[-2:] in ("s1", "x1"):
                    found.add(token[:-2])
    return found


def _aads(max_id: int = 60) -> list[str]:
    """Every context a value may be sealed under in these small journals."""
    out = ["", "invite"]
    for i in range(1, max_id):
        out += [f"insight:{i}", f"mirror:{i}", f"clarify:{i}"]
    return out


AADS = _aads()


def opened(tokens: set[str], keyrings: list[crypto.Keyring]) -> list[str]:
    """What any of these keys opens among the tokens, trying every context."""
    out = []
    for token in tokens:
        for keys in keyrings:
            if token.startswith("x1:"):
                try:
                    out.append(keys.open_from_partner(token))
                except CryptoError:
                    pass
                continue
            for aad in AADS:
                try:
                    out.append(keys.open(token, aad=aad) or "")
                    break
                except CryptoError:
                    continue
    return out


def leaked(paths: list[Path], keyrings: list[crypto.Keyring], marker: str) -> list[str]:
    return [t for t in opened(raw_tokens(*paths), keyrings) if marker in t]


@pytest.fixture
def shared(db_file: Path):
    holder = SharedConnection(db_file, connect)
    yield holder
    holder.close()


@pytest.fixture
def pair(shared):
    con = shared.cursor()
    ana = profiles.create_profile(con, "Ana", PASS)
    ben = profiles.create_profile(con, "Ben", PASS + "!")
    code = partners.create_invitation(con, ana).code
    partners.accept_invitation(con, ben, code)
    entries.save_entry(con, ben, make_entry(body=BEN_TEXT))
    return con, ana, ben


def _share(con, ana, ben, text: str) -> int:
    content = model.InsightContent("entry", "A note", (model.Part("Words", text),))
    return insights.share(con, ana, content, ben.id)


def _checkpoint(con) -> None:
    con.execute("CHECKPOINT")


def _ben_still_reads(con, ben) -> None:
    assert entries.list_entries(con, ben, entries.EntryFilter(text=BEN_TEXT)).total == 1


def test_take_back_leaves_nothing_the_partner_can_open(shared, pair, db_file):
    con, ana, ben = pair
    gone = _share(con, ana, ben, GONE)
    _share(con, ana, ben, KEPT)
    _checkpoint(con)              # it was on disk before it was removed
    insights.revoke(con, ana, gone)
    _checkpoint(con)
    assert leaked([db_file], [ben.keys], GONE), "precondition: freed blocks still hold it"
    assert shared.compact() is not None
    assert not leaked([db_file], [ben.keys], GONE)    # Ana keeps her own copy until she deletes it
    assert leaked([db_file], [ben.keys], KEPT)          # what is still shared survives
    _ben_still_reads(con, ben)


def test_unlink_leaves_nothing_either_side_can_open(shared, pair, db_file):
    con, ana, ben = pair
    insight = _share(con, ana, ben, GONE)
    mirrors.send_mirror(con, ben, insight, "I heard MIRRORGONE_x2")
    _checkpoint(con)              # it was on disk before it was removed
    partners.unlink(con, ana, ben.id)
    _checkpoint(con)
    assert leaked([db_file], [ben.keys], GONE)
    shared.compact()
    for marker in (GONE, "MIRRORGONE_x2"):
        assert not leaked([db_file], [ben.keys], marker)
    assert not [t for t in opened(raw_tokens(db_file), [ben.keys]) if "MIRRORGONE" in t]
    _ben_still_reads(con, ben)


def test_deleted_entry_is_gone_from_the_bytes(shared, pair, db_file):
    con, ana, ben = pair
    entry_id = entries.save_entry(con, ana, make_entry(body=GONE))
    entries.save_entry(con, ana, make_entry(body=KEPT))
    _checkpoint(con)              # it was on disk before it was removed
    entries.delete_entry(con, ana, entry_id)
    _checkpoint(con)
    assert leaked([db_file], [ana.keys], GONE)
    shared.compact()
    assert not leaked([db_file], [ana.keys], GONE)
    assert leaked([db_file], [ana.keys], KEPT)
    _ben_still_reads(con, ben)


def test_deleted_milestone_and_its_reviews_are_gone(shared, pair, db_file):
    con, ana, ben = pair
    start = date(2026, 1, 5)
    mid = milestones.create_milestone(
        con, ana, title=f"Title {GONE}", practice="check_in", measure="check_ins_per_week",
        target=1, start=start, target_date=date(2026, 3, 2))
    milestones.record_review(con, ana, mid, f"review {GONE}", "", "", date(2026, 1, 12))
    _checkpoint(con)              # it was on disk before it was removed
    milestones.delete_milestone(con, ana, mid)
    _checkpoint(con)
    assert leaked([db_file], [ana.keys], GONE)
    shared.compact()
    assert not leaked([db_file], [ana.keys], GONE)
    _ben_still_reads(con, ben)


def test_passphrase_change_leaves_nothing_the_old_keys_open(shared, pair, db_file):
    con, ana, ben = pair
    entries.save_entry(con, ana, make_entry(body=KEPT))
    _share(con, ben, ana, "SHAREDTOANA_j5")          # sealed to Ana's public key
    folder = db_file.parent / "backups"
    old_backup = profile_backup.backup_profile(con, ana.id, folder).path
    old_keys = ana.keys
    fresh = profiles.change_passphrase(con, ana, PASS, NEW_PASS)
    entries.save_entry(con, fresh, make_entry(body=f"after the change {GONE}"))
    shared.compact()
    assert not opened(raw_tokens(db_file), [old_keys]), "old keys open nothing in the file"
    # old wrapped keys are gone: the old passphrase unwraps nothing stored in the file
    row = con.execute("SELECT kdf_salt, wrapped_data_key, public_key, wrapped_private_key "
                      "FROM profiles WHERE id = ?", [ana.id]).fetchone()
    with pytest.raises(CryptoError):
        crypto.unlock(PASS, crypto.KeyMaterial(*(bytes(v) for v in row)))
    assert KEPT in entries.get_entry(con, fresh, entries.list_entries(
        con, fresh, entries.EntryFilter(text=KEPT)).items[0].id).body
    assert not leaked([db_file, old_backup], [old_keys], GONE)
    assert leaked([old_backup], [old_keys], KEPT)    # as the Data page says: old backups open
    assert any("SHAREDTOANA_j5" in str(i) for i in insights.received(con, fresh))
    _ben_still_reads(con, ben)


def test_swap_keeps_other_sessions_working_and_waits_for_transactions(shared, pair, db_file):
    con, ana, ben = pair
    other = shared.cursor()                            # another session's cursor, in use
    assert other.execute("SELECT count(*) FROM entries").fetchone()[0] == 1
    with transaction(other):
        other.execute("SELECT 1")
        assert shared.compact(wait=0.2) is None        # never swaps under an open transaction
    done = shared.compact()
    assert done is not None and done.path == db_file
    assert not db_file.with_name(db_file.name + ".wal").exists()   # the old WAL went too
    assert other.execute("SELECT count(*) FROM entries").fetchone()[0] == 1
    entries.save_entry(other, ana, make_entry(body=KEPT))
    assert con.execute("SELECT count(*) FROM entries").fetchone()[0] == 2
    assert stat.S_IMODE(db_file.stat().st_mode) == 0o600
    assert not list(db_file.parent.glob("*.compacting"))


def test_compact_file_for_the_command_line(db_file):
    con = connect(db_file)
    ana = profiles.create_profile(con, "Ana", PASS)
    entry_id = entries.save_entry(con, ana, make_entry(body=GONE))
    entries.save_entry(con, ana, make_entry(body=KEPT))
    con.execute("CHECKPOINT")
    entries.delete_entry(con, ana, entry_id)
    con.close()
    assert leaked([db_file], [ana.keys], GONE)
    compact_file(db_file)
    assert not leaked([db_file], [ana.keys], GONE)
    assert stat.S_IMODE(db_file.stat().st_mode) == 0o600


def test_profile_backup_holds_only_that_profile(shared, pair, db_file):
    con, ana, ben = pair
    entry_id = entries.save_entry(con, ana, make_entry(body=KEPT))
    _share(con, ana, ben, "SHAREDTOBEN_p1")
    folder = db_file.parent / "backups"
    path = profile_backup.backup_profile(con, ana.id, folder).path
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert not opened(raw_tokens(path), [ben.keys]), "nothing of Ben's, nothing sealed to Ben"
    assert b"Ben" not in path.read_bytes()
    assert leaked([path], [ana.keys], KEPT)
    assert profile_backup.profile_backups(folder, ana.id) == [path]
    assert profile_backup.profile_backups(folder, ben.id) == []
    # restore it beside Ben (app stopped): Ana's deleted entry is back, Ben's later entry stays
    entries.delete_entry(con, ana, entry_id)
    entries.save_entry(con, ben, make_entry(body="BENLATER_r2"))
    shared.close()
    profile_backup.restore_any(path, db_file)
    again = connect(db_file)
    try:
        assert entries.get_entry(again, ana, entry_id).body == KEPT
        assert entries.list_entries(again, ben, entries.EntryFilter(text="BENLATER_r2")).total == 1
    finally:
        again.close()
    assert profile_backup.delete_backups(folder, ana.id) == 1
    assert not path.exists()
