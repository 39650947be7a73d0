"""Encryption at rest: no entry text in the DuckDB file or its WAL; wrong keys open nothing."""

from __future__ import annotations

import secrets
import shutil
from pathlib import Path

import pytest

from journal import crypto, entries, profiles
from journal.db import connect
from journal.entries import TriggerItem, WinItem
from journal.entries import load_for_export as load_entries
from journal.errors import CryptoError, ProfileError, SignInFailed
from journal.transfer import backup, choices, exporting, importing
from tests.conftest import PASS, make_entry


def _bytes(path: Path) -> bytes:
    return path.read_bytes() if path.exists() else b""


def _wal(db: Path) -> Path:
    return db.with_name(db.name + ".wal")


@pytest.fixture
def marked(db_file):
    """Ana's text (typed, imported, drafted) all carries SECRET; a trigger name carries PLAIN."""
    secret = "SECRETMARK" + secrets.token_hex(6)
    plain = "PLAINMARK" + secrets.token_hex(6)   # control: trigger names are stored in the clear
    con = connect(db_file)
    ana = profiles.create_profile(con, "Ana", PASS)
    entries.save_entry(con, ana, make_entry(
        body=f"{secret} body", prompt_response=f"{secret} response", need=f"{secret} need",
        hope=f"{secret} hope", triggers=[TriggerItem(plain, "paused", f"{secret} note")],
        wins=[WinItem("repair", f"{secret} win")]))
    entries.save_draft(con, ana, {"body": f"{secret} draft"})
    csv_file = ("full_date,date,weekday,time,mood,activities,note_title,note\n"
                f"2024-06-22,June 22,Saturday,9:41 PM,rad,,{secret} title,{secret} daylio\n")
    importing.run_import(con, ana, csv_file.encode(), "d.csv")
    importing.run_import(con, ana, f"[2024-03-01 21:04] {secret} jrnl.\n".encode(), "j.txt")
    return con, ana, secret, plain


def test_wal_holds_no_entry_text_while_open(db_file, marked):
    con, _ana, secret, plain = marked
    wal = _bytes(_wal(db_file)) + _bytes(db_file)
    assert plain.encode() in wal, "control marker not found: the byte search proves nothing"
    assert secret.encode() not in wal
    con.close()


def test_checkpointed_file_holds_no_entry_text(db_file, marked, tmp_path):
    con, ana, secret, plain = marked
    con.execute("CHECKPOINT")
    copy = backup.backup_to(con, tmp_path / "backups").path
    con.close()
    assert not _wal(db_file).exists() or secret.encode() not in _bytes(_wal(db_file))
    raw = _bytes(db_file)
    assert plain.encode() in raw, "control marker not found in the checkpointed file"
    assert secret.encode() not in raw
    assert secret.encode() not in _bytes(copy)              # backups are as private
    again = connect(db_file)
    owner = profiles.sign_in(again, "Ana", PASS)
    texts = " ".join(e.body + e.prompt_response + e.need + e.hope
                     for e in load_entries(again, owner))
    assert texts.count(secret) == 7                          # the owner reads it all back
    assert secret in exporting.export_file(again, owner, "json").data.decode()
    assert entries.list_entries(again, owner, entries.EntryFilter(text=secret)).total == 3
    again.close()


def test_wrong_passphrase_and_other_keys_open_nothing(db_file, marked):
    con, ana, secret, _plain = marked
    with pytest.raises(SignInFailed):
        profiles.sign_in(con, "Ana", PASS + "x")
    row = con.execute(
        "SELECT kdf_salt, wrapped_data_key, public_key, wrapped_private_key FROM profiles "
        "WHERE id = ?", [ana.id]).fetchone()
    material = crypto.KeyMaterial(*(bytes(v) for v in row))
    with pytest.raises(CryptoError):
        crypto.unlock("not the passphrase", material)
    token = con.execute("SELECT body FROM entries WHERE profile_id = ? LIMIT 1",
                        [ana.id]).fetchone()[0]
    assert token.startswith("s1:") and secret not in token
    ben = profiles.create_profile(con, "Ben", PASS)
    with pytest.raises(CryptoError):
        ben.keys.open(token)
    assert entries.list_entries(con, ben, entries.EntryFilter(text=secret)).total == 0
    con.close()


def test_passphrase_change_reseals_with_new_keys(db_file, marked):
    con, ana, secret, _plain = marked
    before = con.execute("SELECT id, body FROM entries ORDER BY id").fetchall()
    with pytest.raises(ProfileError):
        choices.change_passphrase(con, ana, PASS, "new passphrase!", "new passphrase?")
    with pytest.raises(ProfileError):
        choices.change_passphrase(con, ana, "wrong one", "new passphrase!", "new passphrase!")
    choices.change_passphrase(con, ana, PASS, "new passphrase!", "new passphrase!")
    after = con.execute("SELECT id, body FROM entries ORDER BY id").fetchall()
    assert [r[0] for r in after] == [r[0] for r in before]
    assert all(a[1] != b[1] for a, b in zip(after, before, strict=True) if b[1])
    with pytest.raises(CryptoError):
        ana.keys.open(after[0][1])   # the old data key no longer opens anything
    with pytest.raises(SignInFailed):
        profiles.sign_in(con, "Ana", PASS)
    owner = profiles.sign_in(con, "Ana", "new passphrase!")
    assert secret in entries.get_entry(con, owner, before[0][0]).body
    con.close()


def test_plaintext_rows_from_an_older_file_are_sealed_at_sign_in(db_file, tmp_path):
    """An old file (text stored in the clear) gets sealed on the owner's next sign-in."""
    con = connect(db_file)
    ana = profiles.create_profile(con, "Ana", PASS)
    entry_id = entries.save_entry(con, ana, make_entry(body="x"))
    old_text = "OLDPLAINTEXT" + secrets.token_hex(4)
    con.execute("UPDATE entries SET body = ? WHERE id = ?", [old_text, entry_id])
    assert entries.seal_plaintext_rows(con, profiles.sign_in(con, "Ana", PASS)) == 1
    con.execute("CHECKPOINT")
    con.close()
    snapshot = tmp_path / "copy.duckdb"
    shutil.copyfile(db_file, snapshot)
    assert old_text.encode() not in snapshot.read_bytes()
